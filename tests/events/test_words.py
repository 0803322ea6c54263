"""The word sets of the chain (events/words.py) are data/words.yaml's entries, as Python sets of strings."""
from frontwatch.events import lexicon, words


def test_every_entry_of_words_yaml_is_a_set_of_strings_under_its_python_name():
    data = lexicon.load("words.yaml")
    assert data
    for key, values in data.items():
        assert all(isinstance(v, str) for v in values), key     # a bare on/off in YAML would be a bool
        assert getattr(words, key.upper()) == set(values)


def test_the_sets_read_the_same_as_before():
    assert "soldier" in words.ARMED_VICTIMS and "civilian" in words.CIVILIAN_VICTIMS
    assert "on" in words.GRIEVANCE_PREPS and "on" in words.FACTUAL_PREPS
    assert "ORG" in words.NAME_ENTS and "police" in words.UNIT_NOUNS
