"""Step 1 of the coder, find cues, on the dependency parse: the patterns of `data/patterns.yaml` (a trigger word
and its dependents by relation, whatever modifiers stand between: "set up a [new military] base", "found a
[large] cache of [ammunition]", "shops have been looted"), compiled to spaCy `DependencyMatcher` patterns.
An analyst edits the YAML only; `compile_entry` is the small translator from its readable form.

The patterns use two relations only (a child, the head), so `matches` walks the parse from each trigger word
itself: the same matches in the same order as spaCy's DependencyMatcher (checked on 4,000 notes and
snippets), about thirteen times faster, since that one runs a token matcher for every node of every pattern.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from . import lexicon
from .words import NAME_ENTS

# Readable relations of a dependent to the word it hangs on -> spaCy dependency labels.
RELATIONS = {
    "object": ("dobj", "nsubjpass"),        # what is acted on, active or passive: "found a cache", "a cache was found"
    "subject": ("nsubj",),
    "passive subject": ("nsubjpass",),
    "modifier": ("amod", "compound"),
    "particle": ("prt",),
}
# Prepositions a dependent may hang from ("with": "sprayed with bullets"): the key is the word, the dependent its
# object.
PREPOSITIONS = frozenset({"with", "of", "from", "to", "into", "without", "on", "at", "in", "by", "over", "after",
                          "following"})
# Where the trigger itself may stand ("as: [subject, object]": the nominal "the shelling of X" as either).
ROLES = {"subject": ("nsubj", "nsubjpass"), "object": ("dobj",), "root": ("ROOT",)}
# Kinds a pattern may yield beyond those of cues.yaml (each mapped to a type in decide.py).
EXTRA_KINDS = frozenset({"handover"})
# Keys of an entry, of a pattern and of a dependent that are not relations.
ENTRY_KEYS = {"id", "kind", "signals", "pattern", "example"}
TRIGGER_KEYS = {"trigger", "pos", "as", "passive", "participle of"}
DEPENDENT_KEYS = {"lemma", "entity"}
POS = frozenset({"VERB", "NOUN", "ADJ", "PROPN", "AUX"})


class PatternError(ValueError):
    """An entry of patterns.yaml that cannot be compiled; the message names the entry."""


@dataclass(frozen=True)
class Compiled:
    id: str
    kind: str
    agentless: bool
    specs: tuple            # DependencyMatcher patterns (lists of node dicts), node 0 the trigger


def _words(value, where: str) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value or not all(isinstance(w, str) for w in value):
        raise PatternError(f"{where}: expected a word or a list of words, got {value!r}")
    return [w.lower() for w in value]


def _dependent(value, name: str, where: str) -> tuple[dict, list[tuple[str, object]]]:
    """A dependent's own attributes and its further dependents (relation, value)."""
    if isinstance(value, dict):
        unknown = set(value) - DEPENDENT_KEYS - set(RELATIONS) - PREPOSITIONS
        if unknown:
            raise PatternError(f"{where}: unknown relation or key {sorted(unknown)} under {name!r}")
        attrs: dict = {}
        if "lemma" in value:
            attrs["LEMMA"] = {"IN": _words(value["lemma"], where)}
        if "entity" in value:
            attrs["ENT_TYPE"] = {"IN": [e.upper() for e in _words(value["entity"], where)]}
        return attrs, [(k, v) for k, v in value.items() if k not in DEPENDENT_KEYS]
    if value == "any":
        return {}, []
    return {"LEMMA": {"IN": _words(value, where)}}, []


def _attach(nodes: list[dict], parent: str, rel: str, value, where: str) -> None:
    """Add the nodes of one dependent (and its own dependents) below `parent`."""
    node = f"n{len(nodes)}"
    attrs, below = _dependent(value, rel, where)
    if rel in RELATIONS:
        nodes.append({"LEFT_ID": parent, "REL_OP": ">", "RIGHT_ID": node,
                      "RIGHT_ATTRS": {"DEP": {"IN": list(RELATIONS[rel])}, **attrs}})
    elif rel in PREPOSITIONS:
        nodes.append({"LEFT_ID": parent, "REL_OP": ">", "RIGHT_ID": node + "p",
                      "RIGHT_ATTRS": {"DEP": "prep", "LOWER": rel}})
        nodes.append({"LEFT_ID": node + "p", "REL_OP": ">", "RIGHT_ID": node,
                      "RIGHT_ATTRS": {"DEP": "pobj", **attrs}})
    else:
        raise PatternError(f"{where}: unknown relation {rel!r} (known: {sorted(RELATIONS)} and the prepositions "
                           f"{sorted(PREPOSITIONS)})")
    for r, v in below:
        _attach(nodes, node, r, v, where)


def compile_entry(entry: dict, kinds: set[str]) -> Compiled:
    """One entry of patterns.yaml as DependencyMatcher patterns, or a PatternError naming it."""
    where = f"patterns.yaml entry {entry.get('id', '?')!r}" if isinstance(entry, dict) else "patterns.yaml"
    if not isinstance(entry, dict):
        raise PatternError(f"{where}: an entry is a mapping, got {entry!r}")
    missing = ENTRY_KEYS - set(entry)
    if missing:
        raise PatternError(f"{where}: missing {sorted(missing)}")
    unknown = set(entry) - ENTRY_KEYS
    if unknown:
        raise PatternError(f"{where}: unknown key {sorted(unknown)}")
    if entry["kind"] not in kinds:
        raise PatternError(f"{where}: unknown kind {entry['kind']!r} (a kind of cues.yaml or {sorted(EXTRA_KINDS)})")
    pat = entry["pattern"]
    if not isinstance(pat, dict) or "trigger" not in pat:
        raise PatternError(f"{where}: the pattern needs a trigger")
    trigger: dict = {}
    if "pos" in pat:
        pos = [p.upper() for p in _words(pat["pos"], where)]
        if set(pos) - POS:
            raise PatternError(f"{where}: unknown part of speech {sorted(set(pos) - POS)}")
        trigger["POS"] = {"IN": pos}
    if "as" in pat:
        roles = _words(pat["as"], where)
        if set(roles) - set(ROLES):
            raise PatternError(f"{where}: unknown role {sorted(set(roles) - set(ROLES))} (known: {sorted(ROLES)})")
        trigger["DEP"] = {"IN": [d for r in roles for d in ROLES[r]]}
    passive = pat.get("passive")
    if passive not in (None, True, "agentless"):
        raise PatternError(f"{where}: passive is true or agentless, got {passive!r}")
    # a multiword trigger is a verb and its particle ("set up", "hand over"): one spaCy pattern per particle
    by_particle: dict[str | None, list[str]] = {}
    for phrase in _words(pat["trigger"], where):
        head, _, particle = phrase.partition(" ")
        by_particle.setdefault(particle or None, []).append(head)
    specs = []
    for particle, lemmas in by_particle.items():
        nodes = [{"RIGHT_ID": "trigger", "RIGHT_ATTRS": {"LEMMA": {"IN": lemmas}, **trigger}}]
        if particle:
            nodes.append({"LEFT_ID": "trigger", "REL_OP": ">", "RIGHT_ID": "prt",
                          "RIGHT_ATTRS": {"DEP": "prt", "LOWER": particle}})
        if passive:
            nodes.append({"LEFT_ID": "trigger", "REL_OP": ">", "RIGHT_ID": "auxpass",
                          "RIGHT_ATTRS": {"DEP": "auxpass"}})
        if "participle of" in pat:
            nodes[0]["RIGHT_ATTRS"]["DEP"] = {"IN": ["acl", "amod"]}
            attrs, below = _dependent(pat["participle of"], "participle of", where)
            nodes.append({"LEFT_ID": "trigger", "REL_OP": "<", "RIGHT_ID": "noun", "RIGHT_ATTRS": attrs})
            for r, v in below:
                _attach(nodes, "noun", r, v, where)
        for rel, value in pat.items():
            if rel not in TRIGGER_KEYS:
                _attach(nodes, "trigger", rel, value, where)
        specs.append(nodes)
    return Compiled(str(entry["id"]), entry["kind"], passive == "agentless", tuple(specs))


def known_kinds() -> set[str]:
    return set(lexicon.load("cues.yaml")["kinds"]) | EXTRA_KINDS


def compile_all(entries) -> list[Compiled]:
    if not isinstance(entries, list):
        raise PatternError("patterns.yaml: 'patterns' is a list of entries")
    kinds = known_kinds()
    out = [compile_entry(e, kinds) for e in entries]
    ids = [c.id for c in out]
    dup = sorted({i for i in ids if ids.count(i) > 1})
    if dup:
        raise PatternError(f"patterns.yaml: duplicate ids {dup}")
    return out


# What a node's attribute names read of a token (spaCy's token-pattern attributes, those compile_entry writes).
_ATTRS = {"LEMMA": lambda t: t.lemma_, "POS": lambda t: t.pos_, "DEP": lambda t: t.dep_,
          "LOWER": lambda t: t.lower_, "ENT_TYPE": lambda t: t.ent_type_}


@dataclass(frozen=True)
class _Spec:
    """One compiled pattern as a plan: the trigger's tests, then per further node its parent node, relation
    (">": a child of the parent, "<": the parent's head) and tests."""
    trigger: tuple
    nodes: tuple


def _tests(attrs: dict) -> tuple:
    return tuple((_ATTRS[k], frozenset(v["IN"]) if isinstance(v, dict) else frozenset([v])) for k, v in attrs.items())


def _plan(spec: list[dict]) -> _Spec:
    index = {node["RIGHT_ID"]: i for i, node in enumerate(spec)}
    return _Spec(_tests(spec[0]["RIGHT_ATTRS"]),
                 tuple((index[n["LEFT_ID"]], n["REL_OP"], _tests(n["RIGHT_ATTRS"])) for n in spec[1:]))


@lru_cache(maxsize=1)
def _compiled() -> tuple[tuple[tuple[Compiled, tuple[_Spec, ...]], ...], frozenset]:
    """Every pattern with its plans, and the trigger lemmas of all (a document holding none is skipped)."""
    compiled = compile_all(lexicon.load("patterns.yaml")["patterns"])
    triggers = frozenset(w for c in compiled for spec in c.specs for w in spec[0]["RIGHT_ATTRS"]["LEMMA"]["IN"])
    return tuple((c, tuple(_plan(list(spec)) for spec in c.specs)) for c in compiled), triggers


def _passes(token, tests: tuple) -> bool:
    return all(get(token) in values for get, values in tests)


def _assignments(spec: _Spec, chosen: list):
    """Every way to give the nodes after those chosen a token, in the order of spaCy's DependencyMatcher
    (node by node, each node's tokens in text order)."""
    k = len(chosen)
    if k > len(spec.nodes):
        yield tuple(chosen)
        return
    parent, op, tests = spec.nodes[k - 1]
    at = chosen[parent]
    candidates = at.children if op == ">" else (() if at.head.i == at.i else (at.head,))
    for t in candidates:
        if _passes(t, tests):
            chosen.append(t)
            yield from _assignments(spec, chosen)
            chosen.pop()


def _tree_matches(doc):
    """(pattern, tokens) for every match of every pattern, pattern by pattern as they are written."""
    plans, triggers = _compiled()
    heads = [t for t in doc if t.lemma_.lower() in triggers]
    for c, specs in plans:
        for spec in specs:
            for t in heads:
                if _passes(t, spec.trigger):
                    for toks in _assignments(spec, [t]):
                        yield c, toks


@dataclass(frozen=True)
class Match:
    id: str
    kind: str
    trigger: object         # spaCy Token
    tokens: tuple           # every matched token


def matches(doc) -> list[Match]:
    """The pattern matches of a document, one per pattern and trigger token, none touching a name."""
    out, seen = [], set()
    for c, toks in _tree_matches(doc):
        trigger = toks[0]
        if (c.id, trigger.i) in seen:
            continue
        if any(t.ent_type_ in NAME_ENTS for t in toks):
            continue        # "the Bombing Unit", "Operation Set Up Camp": words inside names fire nothing
        if c.agentless and any(k.dep_ == "agent" for k in trigger.children):
            continue
        seen.add((c.id, trigger.i))
        out.append(Match(c.id, c.kind, trigger, toks))
    return sorted(out, key=lambda m: m.trigger.i)
