""""The capital of X" is X's seat, not X's centre (geo/capital.py)."""
from frontwatch.geo.capital import division_seats, written_as_capital
from frontwatch.model import PlaceMention


def _one(gp, text, surface):
    ms = [m for m in gp.find(text) if m.text == surface]
    assert ms, f"{surface} not found in {text!r}"
    return ms[0].place


def test_capital_of_a_division_is_its_seat(gp):
    p = _one(gp, "A three-hour shootout Thursday north of the capital of Kabardino-Balkaria left four gunmen "
                 "killed.", "Kabardino-Balkaria")
    assert p.name == "Nalchik" and p.country == "RU" and p.feature.startswith("P.")


def test_capital_of_a_country_is_its_national_capital(gp):
    assert _one(gp, "Gunmen stormed a hotel in the capital of Somalia on Monday.", "Somalia").name == "Mogadishu"
    assert _one(gp, "Thousands marched through Kenya's capital on Friday.", "Kenya").name == "Nairobi"


def test_the_area_itself_keeps_its_own_point(gp):
    p = _one(gp, "Fighting went on in Kabardino-Balkaria and the army sent reinforcements.", "Kabardino-Balkaria")
    assert p.feature == "A.ADM1" and p.name == "Kabardino-Balkaria"
    # a capital named outright is the area's neighbour, not its seat
    p = _one(gp, "Police in the capital, Nairobi, and in Mombasa arrested twelve men.", "Mombasa")
    assert p.name == "Mombasa"


def test_wording_and_seat_table():
    text = "north of the capital of Dagestan"
    m = PlaceMention(text.index("Dagestan"), len(text), "Dagestan", None)
    assert written_as_capital(text, m)
    assert not written_as_capital("north of Dagestan", PlaceMention(9, 17, "Dagestan", None))
    seats = division_seats()
    assert seats[("RU", "dagestan")] == "Makhachkala"
    assert seats[("RU", "kabardino-balkariya")] == "Nalchik"     # aliases name the same seat
