"""Step 1, find cues, on the parse (events/patterns.py, data/patterns.yaml): every pattern's own example yields its
kind; names and forecasts yield nothing; a broken entry is named in the error."""
import pytest

from frontwatch import nlp
from frontwatch.events import lexicon
from frontwatch.events.nonevents import _acts_of
from frontwatch.events.patterns import PatternError, compile_all, known_kinds, matches

ENTRIES = lexicon.load("patterns.yaml")["patterns"]


def acts(text):
    return [c.kind for s in _acts_of(nlp.parse(text)) for c in s]


def test_the_yaml_compiles():
    assert len(compile_all(ENTRIES)) == len(ENTRIES)


@pytest.mark.parametrize("entry", ENTRIES, ids=[e["id"] for e in ENTRIES])
def test_every_pattern_matches_its_own_example(entry):
    doc = nlp.parse(entry["example"])
    assert entry["id"] in [m.id for m in matches(doc)]
    assert entry["kind"] in acts(entry["example"])


@pytest.mark.parametrize("text", [
    "Air Force Intelligence arrested two men in the capital.",      # a unit's name
    "Riot police stood outside the ministry.",                      # "riot police" describes the police
    "The army will set up a base near the border next month.",      # a forecast
    "The rebels did not set up a base in the town.",                # negated
    "The Bombing Of Harlan Street is a novel by Ana Keller.",       # a title
])
def test_names_forecasts_and_denials_yield_nothing(text):
    doc = nlp.parse(text)
    kinds = {c.kind for s in _acts_of(doc) for c in s}
    assert not kinds & {"hq", "air", "riot", "blast"}


def test_a_parse_pattern_reads_past_modifiers():
    assert "hq" in acts("Troops set up a large new forward operating base outside Pelko.")
    assert "disrupted" in acts("A cache of weapons and explosives was uncovered in a cave near Tarsi.")


def test_an_agentless_passive_is_looting_but_one_with_an_agent_is_not_the_pattern():
    doc = nlp.parse("Shops were looted by soldiers in the market.")
    assert "looted-agentless" not in [m.id for m in matches(doc)]


def _entry(**over):
    base = {"id": "test-entry", "kind": "hq", "signals": "Headquarters or base established",
            "pattern": {"trigger": ["establish"], "object": ["base"]}, "example": "They established a base."}
    base.update(over)
    return base


@pytest.mark.parametrize("entry, words", [
    (_entry(kind="parade"), ["test-entry", "unknown kind", "parade"]),
    (_entry(pattern={"trigger": ["establish"], "objekt": ["base"]}), ["test-entry", "unknown relation", "objekt"]),
    (_entry(pattern={"trigger": ["set"], "object": {"lemma": ["base"], "nearby": ["camp"]}}),
     ["test-entry", "nearby"]),
    (_entry(pattern={"object": ["base"]}), ["test-entry", "trigger"]),
    (_entry(pattern={"trigger": ["set"], "as": ["adverb"]}), ["test-entry", "adverb"]),
])
def test_a_broken_entry_is_named_in_the_error(entry, words):
    with pytest.raises(PatternError) as err:
        compile_all([entry])
    for w in words:
        assert w in str(err.value)


def test_duplicate_ids_are_refused():
    with pytest.raises(PatternError, match="duplicate"):
        compile_all([_entry(), _entry()])


def test_kinds_are_those_of_cues_yaml_and_handover():
    assert {"hq", "disrupted", "looting", "handover"} <= known_kinds()
