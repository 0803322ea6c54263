""""X in Y": a village read far outside the division or city written after it is no reading."""


def _found(gp, text):
    return {m.text: m.place for m in gp.find(text, country="SY", areas=True)}


def test_a_namesake_far_outside_the_division_named_after_it_is_dropped(gp):
    got = _found(gp, "Clashes took place between regime forces and rebel factions in Malah in Aleppo.")
    assert "Malah" not in got                       # Malah of As-Suwayda is 420 km away
    assert got["Aleppo"].name == "Aleppo"


def test_a_place_inside_the_division_named_after_it_stays(gp):
    got = _found(gp, "Regime forces shelled Malah in As-Sweida on Monday.")
    assert got["Malah"] is not None and got["Malah"].country == "SY"
    got = _found(gp, "Regime forces shelled Saraqib in Idlib on Monday.")
    assert got["Saraqib"].name == "Saraqib"


def test_ner_span_joined_over_in_is_two_places(gp):
    got = _found(gp, "Fighters attacked a checkpoint in the town of Sur in Dar'a province manned by "
                     "regime State Security fighters.")
    assert got["Dar'a"].feature == "A.ADM1"
    assert "Sur" not in got             # Sur of Oman is no reading of a town in Dar'a: left to the coder


def test_an_unknown_facility_stands_at_its_place(gp):
    got = _found(gp, "Israeli warplanes conducted airstrikes near Damascus International Airport, "
                     "targeting warehouses.")
    assert got["Damascus"].name == "Damascus" and got["Damascus"].precision == 2
    got = _found(gp, "Airstrikes hit Kafr Nabl Hospital in Idlib on Monday.")
    assert got["Kafr Nabl"].name == "Kafranbel" and got["Kafr Nabl"].precision == 2
