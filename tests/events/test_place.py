"""Step 4, fill the arguments: place and date (events/place.py), with places given by hand (no geoparser)."""
from datetime import date

from frontwatch import nlp
from frontwatch.events.cues import find_cues
from frontwatch.events.place import _container, _metonym, choose_place, country_of, date_of, focus_of
from frontwatch.model import Place, PlaceMention

TOWN = Place("Saraqeb", 35.86, 36.8, "SY", "Idlib", "P.PPL", 1, 30000)
CITY = Place("Idlib", 35.93, 36.63, "SY", "Idlib", "P.PPLA", 2, 160000)
REGION = Place("Idlib Governorate", 35.8, 36.6, "SY", "Idlib", "A.ADM1", 3, 0, precision=3)
ABROAD = Place("Ankara", 39.92, 32.85, "TR", "Ankara", "P.PPLC", 4, 5000000)


def mention(text, word, place):
    i = text.index(word)
    return PlaceMention(i, i + len(word), word, place)


def test_the_country_and_focus_are_the_ones_named_most():
    ms = [PlaceMention(0, 1, "x", p) for p in (TOWN, ABROAD, TOWN, REGION)]
    assert country_of(ms) == "SY"
    assert focus_of(ms) == TOWN


def test_a_country_named_twice_abroad_does_not_outweigh_the_town_where_it_happens():
    # "... beef imports from the United States ... in Seoul ... U.S. beef": the story is South Korea's
    seoul = Place("Seoul", 37.57, 126.98, "KR", "Seoul", "P.PPLC", 5, 10000000)
    usa = Place("United States", 39.76, -98.5, "US", None, "A.PCLI", 6, 300000000)
    assert country_of([PlaceMention(0, 1, "x", p) for p in (usa, seoul, usa)]) == "KR"
    assert country_of([PlaceMention(0, 1, "x", p) for p in (usa, seoul, usa, usa)]) == "US"   # named throughout


def test_the_act_is_placed_at_the_town_not_the_region_that_contains_it():
    text = "Rebels shelled Saraqeb in Idlib Governorate."
    s = next(nlp.parse(text).sents)
    cue = find_cues(s)[0]
    here = [mention(text, "Saraqeb", TOWN), mention(text, "Idlib Governorate", REGION)]
    assert choose_place(s, cue, here, [], None, None, "SY") == TOWN
    assert _container(text, here[1], here)


def test_a_sea_is_no_settlement_of_the_act():
    # missiles fired from the sea strike a province: the act is in the province, the sea is where they came from
    text = "Warplanes struck positions in Homs Governorate with missiles launched from the Mediterranean Sea."
    sea = Place("Mediterranean Sea", 35.0, 18.0, None, None, "H.SEA", 7, 0, precision=3)
    homs = Place("Homs Governorate", 34.72, 36.73, "SY", "Homs", "A.ADM1", 8, 0, precision=3)
    s = next(nlp.parse(text).sents)
    cue = find_cues(s)[0]
    here = [mention(text, "Homs Governorate", homs), mention(text, "Mediterranean Sea", sea)]
    assert choose_place(s, cue, here, [], None, None, "SY") == homs


def test_a_city_named_for_its_countryside_locates_the_town_it_follows():
    # "X in eastern Idlib countryside": the city stands for its province, the act is at X
    text = "Regime forces arrested twelve men in Saraqeb in eastern Idlib countryside on Monday."
    s = next(nlp.parse(text).sents)
    cue = find_cues(s)[0]
    here = [mention(text, "Saraqeb", TOWN), mention(text, "Idlib", CITY)]
    assert _container(text, here[1], here)
    assert choose_place(s, cue, here, [], None, None, "SY") == TOWN
    assert not _container("Saraqeb and eastern Idlib", mention("Saraqeb and eastern Idlib", "Idlib", CITY),
                          [mention("Saraqeb and eastern Idlib", "Saraqeb", TOWN)])


def test_a_capital_that_speaks_is_its_government_not_a_place():
    text = "Ankara condemned the shelling of Saraqeb."
    doc = nlp.parse(text)
    assert _metonym(doc, mention(text, "Ankara", ABROAD))
    assert not _metonym(doc, mention(text, "Saraqeb", TOWN))


def test_the_date_is_the_day_named_nearest_the_act():
    text = "Rebels shelled the village on Monday."
    s = next(nlp.parse(text).sents)
    when = date_of(s, find_cues(s)[0], date(2020, 1, 29))
    assert when.day == date(2020, 1, 27) and when.precision == 1
