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


def test_the_tree_walk_finds_what_spacys_dependency_matcher_finds():
    """matches() walks the parse itself; on the patterns' examples and the demo corpus it finds every (pattern,
    tokens) spaCy's DependencyMatcher finds for the same compiled patterns, in the same order."""
    import json

    from spacy.matcher import DependencyMatcher

    from frontwatch.demo import path as demo_path
    from frontwatch.events.patterns import _tree_matches

    compiled = compile_all(ENTRIES)
    texts = [e["example"] for e in ENTRIES]
    texts += [json.loads(line)["text"] for line in demo_path().read_text(encoding="utf-8").splitlines() if line]
    texts += ["Police found a cache of weapons and arrested two men; looters ransacked shops that had been abandoned."]
    docs = list(nlp.parse_many(texts))
    matcher = DependencyMatcher(docs[0].vocab)
    for c in compiled:
        matcher.add(c.id, list(c.specs))
    found = 0
    for doc in docs:
        theirs = [(doc.vocab.strings[k], tuple(ids)) for k, ids in matcher(doc)]
        ours = [(c.id, tuple(t.i for t in toks)) for c, toks in _tree_matches(doc)]
        assert sorted(ours) == sorted(theirs), doc.text[:80]
        assert _firsts(ours) == _firsts(theirs)     # matches() keeps the first per pattern and trigger
        found += len(ours)
    assert found >= len(ENTRIES)


def _firsts(found: list) -> dict:
    out: dict = {}
    for key, ids in found:
        out.setdefault((key, ids[0]), ids)
    return out
