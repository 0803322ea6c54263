import pytest

from frontwatch.events.actors import countries_of_actors, find_actors


@pytest.mark.parametrize("text", ["Syrian troops", "government forces", "regime forces", "Assad's forces",
                                  "the Syrian army"])
def test_syrian_state_forces(text):
    [m] = find_actors(f"Yesterday {text} advanced.", "SY")
    assert (m.actor.name, m.actor.inter) == ("Military Forces of Syria", "State forces")


@pytest.mark.parametrize("text", ["rebels", "insurgents", "opposition fighters"])
def test_syrian_rebels(text):
    [m] = find_actors(f"The {text} withdrew.", "SY")
    assert (m.actor.name, m.actor.inter) == ("Opposition Rebels (Syria)", "Rebel group")


@pytest.mark.parametrize("text,name,inter", [
    ("HTS fighters", "HTS: Hayat Tahrir al Sham", "Rebel group"),
    ("Al Qaeda-linked militants", "HTS: Hayat Tahrir al Sham", "Rebel group"),
    ("Turkish forces", "Military Forces of Turkey", "External/Other forces"),
    ("Russian aircraft", "Military Forces of Russia", "External/Other forces"),
    ("the SDF", "QSD: Syrian Democratic Forces", "Rebel group"),
    ("ISIS", "Islamic State (Syria)", "Rebel group"),
])
def test_named_actors(text, name, inter):
    found = find_actors(f"On Monday {text} attacked.", "SY")
    assert (found[0].actor.name, found[0].actor.inter) == (name, inter)


@pytest.mark.parametrize("text,country,name,inter", [
    ("police fired tear gas", "KE", "Police Forces of Kenya", "State forces"),
    ("Kenyan police arrested", None, "Police Forces of Kenya", "State forces"),
    ("protesters marched", "KE", "Protesters (Kenya)", "Protesters"),
    ("unidentified gunmen shot", "NG", "Unidentified Armed Group (Nigeria)", "Political militia"),
    ("civilians were hurt", "AF", "Civilians (Afghanistan)", "Civilians"),
    ("the army shelled", "ML", "Military Forces of Mali", "State forces"),
])
def test_generic_patterns_name_the_country(text, country, name, inter):
    found = find_actors(text, country)
    assert (found[0].actor.name, found[0].actor.inter) == (name, inter)


def test_local_patterns_stay_in_their_country():
    # "government forces" is Syria's army only in a Syrian story
    [m] = find_actors("government forces attacked", "AF")
    assert m.actor.name == "Military Forces of Afghanistan"


def test_bare_fighter_nouns_tell_no_country():
    assert "SY" not in countries_of_actors("Taliban militants attacked a police checkpoint in Farah city.")
    assert "SY" not in countries_of_actors("Rebels and the government signed a deal.")
    assert countries_of_actors("Regime forces shelled rebel positions.").get("SY", 0) > 0
