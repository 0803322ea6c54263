"""Words that are also place names somewhere are not places in running text."""


def names(gp, text, country=None):
    return [(text[m.start:m.end], m.place.name) for m in gp.find(text, country=country) if m.place]


def test_a_capitalised_function_word_is_no_place(gp):
    # "In" is an old name of a Russian village; at the head of a sentence it is a preposition
    got = names(gp, "In the Dagestani capital, Makhachkala, police shot four men who failed to stop at a checkpoint.")
    assert [s for s, _ in got] == ["Makhachkala"]


def test_of_after_a_common_noun_is_no_place_cue(gp):
    text = ("Officials in Dagestan said a collection of Kalashnikov rifles and machine guns was found where "
            "the militants were hiding.")
    assert [s for s, _ in names(gp, text, "RU")] == ["Dagestan"]


def test_a_facility_named_after_its_city_lies_in_it(gp):
    got = names(gp, "Around 300 police buses blocked protesters from the plaza in front of Seoul City Hall on Sunday.")
    assert ("Seoul", "Seoul") in got


def test_a_compass_word_that_opens_a_street_name_is_no_place(gp):
    got = names(gp, "About 55 Gainesville residents marched near the corner of Northwest Eighth Avenue and 34th Street.")
    assert [s for s, _ in got] == ["Gainesville"]


def test_a_persons_name_is_no_place(gp):
    text = ("Police Chief Chris McKenzie said the woman worked at the home in Carthage, North Carolina. An ex-wife of "
            "Robert Stewart said she had not had contact with him. Griffin added she did not know why Stewart would "
            "shoot people there.")
    spans = [s for s, _ in names(gp, text, "US")]
    assert "Carthage" in spans
    assert not {"McKenzie", "Stewart"} & set(spans)


def test_a_place_tagged_as_a_person_stays_a_place(gp):
    # the small English model reads "Dawlat Yar district" as a person; the words "village" and "district" say no
    text = "Two civilians were killed when a roadside bomb hit their vehicle in the Sare-Sang village of Dawlat Yar district, Ghor."
    assert any(s.startswith("Dawlat Yar") for s, _ in names(gp, text, "AF"))
