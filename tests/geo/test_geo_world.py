"""World-level features: regions, seas, straits, rivers, mountains, deserts, country aliases and
the adjectives of regions resolve to the entity, not to a town that shares the name."""
import pytest


@pytest.mark.parametrize("name,feature,lat,lon", [
    ("Korean Peninsula", "L.PEN", 37.5, 127.5), ("Himalayas", "T.MTS", 28.0, 84.0),
    ("Alps", "T.MTS", 46.5, 10.0), ("Andes", "T.MTS", -20.0, -67.0), ("Sahara", "T.DSRT", 24.0, 12.0),
    ("Strait of Hormuz", "H.STRT", 26.6, 56.3), ("Volga", "H.STM", 51.5, 46.0),
    ("Yangtze River", "H.STM", 30.6, 114.0), ("Bekaa Valley", "T.VAL", 33.85, 35.9),
])
def test_world_features_beat_namesake_towns(gp, name, feature, lat, lon):
    p = gp.lookup(name)
    assert p is not None and p.feature == feature and abs(p.latitude - lat) < 0.5 and abs(p.longitude - lon) < 0.5


def test_country_aliases(gp):
    assert gp.lookup("T&T").country == "TT"
    assert gp.lookup("PNG").country == "PG"
    assert gp.lookup("ROK").country == "KR"


def test_region_adjectives_as_given_spans(gp):
    text = "European and English officials met Kurdish and Syrian leaders."
    words = ["European", "English", "Kurdish", "Syrian"]
    out = gp.resolve(text, [(text.index(w), text.index(w) + len(w)) for w in words])
    got = [(m.place.name, m.place.feature) for m in out]
    assert got[0] == ("Europe", "L.CONT")
    assert got[1][0] == "England"             # not English, Indiana
    assert got[2][0] == "Kurdistan"
    assert got[3] == ("Syria", "A.PCLI")      # a country's demonym is the country
    assert gp.region_demonym("Table") is None
