"""Step 1 of the coder, find cues: the trigger words of a sentence (cues.yaml's phrases, matched on lemmas
or surface words), keeping only the readings that name an act and turning some into their proper kind.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

from . import lexicon, patterns
from .parse import _governors, _per_doc
from .words import (
    ACCUSED,
    ARMED_GROUPS,
    ARMED_VICTIMS,
    CAPTIVES,
    CIVILIAN_TARGETS,
    CIVILIAN_VICTIMS,
    DEMANDED,
    GRIEVANCE_PREPS,
    LIVESTOCK,
    NAME_ENTS,
    OFFICE_HOLDERS,
    ONE_SIDED,
    PARTS,
    SETTLEMENT_NOUNS,
    UNIT_NOUNS,
    VERB_ONLY,
)


@dataclass
class Cue:
    kind: str
    start: int          # token index of the cue's head
    end: int
    head: object        # spaCy Token


@lru_cache(maxsize=1)
def _cue_index() -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """first lemma -> [(lemma sequence, kind)], longest first."""
    index: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for kind, phrases in lexicon.load("cues.yaml")["kinds"].items():
        for phrase in phrases:
            # the tokenizer splits most hyphens off ("post - election"), so both spellings are indexed
            for form in {str(phrase).lower(), str(phrase).lower().replace("-", " - ")}:
                words = tuple(form.split())
                index.setdefault(words[0], []).append((words, kind))
    for entries in index.values():
        entries.sort(key=lambda e: -len(e[0]))
    return index


@cache
def _words(name: str) -> frozenset:
    """A word list of cues.yaml ("irrealis", "found", "weapons", ...), as a set built once."""
    return frozenset(lexicon.load("cues.yaml")[name])


def _word_sets() -> tuple[frozenset, frozenset]:
    return _words("irrealis"), _words("speech")


def _keys(tok) -> tuple[str, ...]:
    if tok.pos_ == "PROPN" and tok.lower_.endswith("s") and not tok.is_upper:
        # a plural capitalised in a headline or after a date ("On 18 January, Clashes took place") is tagged a
        # proper noun and keeps its plural as its lemma: its singular is a key too
        low = tok.lower_
        return tok.lemma_.lower(), low, low[:-1], low[:-2]
    return tok.lemma_.lower(), tok.lower_


def find_cues(sent) -> list[Cue]:
    """Trigger cues in a sentence, matched on lemmas or surface words."""
    index = _cue_index()
    toks = list(sent)
    out: list[Cue] = []
    i = 0
    while i < len(toks):
        hit = None
        for key in _keys(toks[i]):
            for words, kind in index.get(key, []):
                n = len(words)
                window = toks[i:i + n]
                if len(window) == n and all(w in _keys(t) for w, t in zip(words, window, strict=False)):
                    hit = (n, kind)
                    break
            if hit:
                break
        if hit:
            n, kind = hit
            span = toks[i:i + n]
            head = next((t for t in span if t.head not in span or t.head == t), span[0])
            out.append(Cue(kind, toks[i].i, toks[i].i + n, head))
            i += n
        else:
            i += 1
    cues = [_demote(c) for c in out if _plausible(c)]
    return _with_patterns(sent, cues)


def _with_patterns(sent, cues: list[Cue]) -> list[Cue]:
    """The cues of patterns.yaml's matches on the parse, merged in: a pattern reads the trigger with its
    dependents, so on a head token both found it is the pattern's kind that stands; one cue per head."""
    found = [m for m in _pattern_matches(sent.doc) if sent.start <= m.trigger.i < sent.end]
    if not found:
        return cues
    # a match whose words already hold a cue of its kind adds nothing ("police found a bomb": disrupted on "bomb")
    held = {(c.kind, c.head.i) for c in cues}
    by_head = {m.trigger.i: m for m in found if not any((m.kind, t.i) in held for t in m.tokens)}
    out = [c for c in cues if c.head.i not in by_head]
    out += [Cue(m.kind, m.trigger.i, m.trigger.i + 1, m.trigger) for m in by_head.values()]
    return sorted(out, key=lambda c: c.start)


def _pattern_matches(doc):
    return _per_doc(doc, "patterns", lambda: patterns.matches(doc))


def _demote(cue: Cue) -> Cue:
    """A capture that was only attempted, or of a mere position, is a fight, not a change of control;
    an assault or ambush on people, homes or vehicles is an attack on civilians, not a fight."""
    if cue.kind == "clash" and cue.head.lemma_.lower() in ONE_SIDED:
        objs = [k for k in cue.head.children if k.dep_ in ("dobj", "nsubjpass") and k.lemma_ != "fire"]
        objs = objs or [p for k in cue.head.children if k.dep_ == "prep" and k.lower_ == "on" for p in k.children
                        if p.ent_type_ not in ("DATE", "TIME")]
        if not objs and cue.head.dep_ in ("conj", "xcomp"):
            # "residents were beaten and assaulted", "journalists were reported assaulted": the governing verb's
            # passive subject is what was assaulted
            passive = any(k.dep_ == "auxpass" for k in cue.head.children)
            objs = [k for k in cue.head.head.children if k.dep_ == "nsubjpass" or passive and k.dep_ == "nsubj"]
        # "a group of students": the group is what its members are
        objs = [next((o for p in g.children if p.lower_ == "of" for o in p.children), g)
                if g.lemma_.lower() in ("group", "crowd", "number") else g for g in objs]
        owned = any(c.dep_ in ("compound", "amod") and c.lemma_.lower() in ARMED_VICTIMS | {"military", "security"}
                    for o in objs for c in o.children)      # "an Arbaki vehicle", "a police car"
        named = [o for o in objs if not o.like_num] or objs     # "four injured after a bus was ambushed"
        if objs and not owned and all(o.lemma_.lower() in CIVILIAN_VICTIMS | CIVILIAN_TARGETS for o in named):
            return Cue("kill", cue.start, cue.end, cue.head)
    if cue.kind == "protest" and any(c.lower_ in ("violent", "violently") for c in cue.head.children):
        return Cue("riot", cue.start, cue.end, cue.head)      # "violent electoral protests"
    if cue.kind in ("shelling", "ied", "grenade", "blast", "territory") and cue.end - cue.start == 1:
        t = cue.head
        found = _words("found")
        if t.pos_ == "NOUN" and (_found_object(t, found) or any(c.lower_ == "unexploded" for c in t.children)):
            return Cue("disrupted", cue.start, cue.end, t)     # "police found a bomb"
        objs = [c for c in t.children if c.dep_ in ("dobj", "nsubjpass")]
        if cue.kind == "territory" and t.lemma_.lower() in found and objs and any(
                w.lemma_.lower() in _words("weapons") for o in objs for w in [o, *o.conjuncts]):
            return Cue("disrupted", cue.start, cue.end, t)     # "police seized firearms"
    if cue.kind != "territory":
        return cue
    attempt, minor = _words("attempt"), _words("minor_objects")
    if any(g.lemma_.lower() in attempt for g in list(_governors(cue.head, 3))[1:]):
        return Cue("clash", cue.start, cue.end, cue.head)
    if any(k.lower_ in _words("undone") for k in cue.head.children if k.dep_ == "advmod"):
        # "briefly captured the area before the latter retook it": no monopoly of force was held
        return Cue("clash", cue.start, cue.end, cue.head)
    objs = [c for c in cue.head.children if c.dep_ in ("dobj", "pobj", "prep")]
    words = {t.lemma_.lower() for o in objs for t in o.subtree if t.dep_ in ("dobj", "pobj", "amod", "nummod")
             or t == o}
    if any(c.lower_ == "partial" for c in cue.head.subtree) or (words & minor and not any(
            t.pos_ == "PROPN" or t.lower_ in SETTLEMENT_NOUNS for o in objs for t in o.subtree)):
        return Cue("clash", cue.start, cue.end, cue.head)
    return cue


def _found_object(tok, found: set[str]) -> bool:
    """Whether a weapon word is (part of) what was found or seized: "police found a bomb", "seized an arsenal of
    rifles and grenade launchers" (up through compounds, lists and "of")."""
    node = tok
    for _ in range(6):
        if node.dep_ in ("dobj", "nsubjpass") and node.head.lemma_.lower() in found:
            return True
        if node.dep_ in ("compound", "conj", "pobj", "appos") or node.dep_ == "prep" and node.lower_ == "of":
            node = node.head
            continue
        return False
    return False


def _plausible(cue: Cue) -> bool:
    """Drop readings of a cue word that do not name an act."""
    t = cue.head
    lemma = t.lemma_.lower()
    if _negated_word(cue):
        return False    # "a non-violent demonstration" is no violent one
    if _in_a_name(cue) or t.lower_ == "according" or (
            t.dep_ == "compound" and t.head.lemma_.lower() in UNIT_NOUNS and t.head.i >= cue.end and not any(
                k.i < cue.start and k.pos_ in ("PROPN", "NOUN") for k in t.children)):      # not "MRC attack police officers"
        return False    # "Air Force Intelligence", "according to", "riot police", "bomb disposal experts"
    # a headline's verb tagged as a noun ("Attackers shoot KDF soldier") still has a subject and an object
    verb = t.pos_ == "VERB" or {"nsubj", "dobj"} <= {c.dep_ for c in t.children}
    if cue.kind == "territory" and lemma in ("seize", "capture", "overrun") and cue.end - cue.start == 1:
        objs = [c for c in t.children if c.dep_ in ("dobj", "nsubjpass")]
        return not any(o.lemma_.lower() in CIVILIAN_VICTIMS | ARMED_VICTIMS | CAPTIVES or o.like_num
                       for o in objs)    # "seized by a mob", "captured 15 soldiers": people, not places
    if cue.kind == "territory" and lemma in ("oust", "expel", "drive") and cue.end - cue.start <= 2:
        objs = [c for c in t.children if c.dep_ in ("dobj", "nsubjpass")] + (
            [t.head] if t.dep_ in ("acl", "amod") else [])
        if any(o.ent_type_ == "PERSON" or o.lemma_.lower() in OFFICE_HOLDERS for o in objs):
            return False    # "the chief justice ousted by Musharraf": a man out of office, not a place taken
    if cue.kind == "territory" and lemma in ("take", "clear", "storm", "expel") and cue.end - cue.start == 1:
        objs = [c for c in t.children if c.dep_ in ("dobj", "attr")]
        # "took parts of Jways village", "took most of the town": the place is the part's "of" object
        objs += [p for o in objs if o.lemma_.lower() in PARTS for k in o.children if k.dep_ == "prep"
                 and k.lower_ == "of" for p in k.children if p.dep_ == "pobj"]
        return any(o.lower_ in SETTLEMENT_NOUNS or o.ent_type_ in ("GPE", "LOC", "FAC") or o.pos_ == "PROPN"
                   for o in objs) and not any(o.lemma_ == "place" for o in objs)
    if cue.end - cue.start == 1 and lemma in VERB_ONLY and not verb and not (
            lemma == "march" and t.text == "march"):        # "an anti-corruption march", not "5 March"
        return False
    if cue.kind == "territory" and any(o.lemma_.lower() in ("country", "nation", "territory") for o in t.subtree
                                       if o.dep_ in ("dobj", "pobj")) and not any(
            o.ent_type_ in ("GPE", "LOC") for o in t.subtree):
        return False        # "retaken control of most of the country": a summary, not an event
    if cue.kind == "kill" and cue.end - cue.start == 1 and t.pos_ == "NOUN" and not verb and lemma not in (
            "attack", "assault", "massacre", "murder", "killing", "execution", "death", "raid", "assassination"):
        return False
    if cue.kind == "kill" and lemma == "steal":
        return any(o.lemma_.lower() in LIVESTOCK for c in t.children if c.dep_ == "dobj" for o in c.subtree)
    if cue.kind == "arrest" and t.pos_ == "NOUN" and any(
            g.lemma_.lower() in DEMANDED | GRIEVANCE_PREPS for g in list(_governors(t, 3))[1:]):
        return False        # "protesters demanded the arrest of", "protests following the arrest of"
    if cue.kind in ("kill", "sexual") and t.pos_ == "NOUN" and any(
            g.lemma_.lower() in ACCUSED for g in list(_governors(t, 3))[1:]):
        return False        # "a man suspected of rape", "lynched over sexual assault": the charge, not an act
    if cue.kind == "kill" and lemma in ("target", "beat", "abuse", "shoot") and not verb:
        return False
    if cue.kind == "clash" and lemma in ("fight", "fighting") and any(
            p.lower_ == "for" and any(o.lemma_.lower() == "life" for o in p.children) for p in t.children):
        return False        # "fighting for his life" in hospital
    if cue.kind == "clash" and lemma in ("offensive", "push", "raid") and t.pos_ != "VERB":
        gov = t.head
        return gov.lemma_.lower() in ("launch", "begin", "start", "mount", "continue", "repel", "resume")
    if cue.kind == "blast" and lemma in ("bomb", "bombing") and t.pos_ == "NOUN":
        return not any(c.lower_ in ("car", "roadside", "suicide", "barrel") for c in t.children)
    if cue.kind == "displacement" and (t.dep_ in ("amod", "acl", "relcl", "acomp") and t.pos_ != "NOUN"
                                       or any(c.lower_ == "internally" for c in t.children)):
        return False
    if cue.kind == "displacement" and any(c.dep_ == "nsubj" and c.lemma_.lower() in ARMED_VICTIMS | ARMED_GROUPS
                                          for c in t.children):
        return False        # "the attackers fled into Somalia": an escape, not a displacement
    if cue.kind in ("protest", "riot", "pelting", "agreement", "change_group", "arrest", "displacement") and \
            t.tag_ == "VBN" and t.dep_ == "amod":
        return False
    return True


def _negated_word(cue: Cue) -> bool:
    """The cue's first word carries the prefix "non-" ("non-violent", "non violent")."""
    doc, i = cue.head.doc, cue.start
    return i >= 1 and (doc[i - 1].lower_ == "non" or i >= 2 and doc[i - 1].text == "-" and doc[i - 2].lower_ == "non")


def _in_a_name(cue: Cue) -> bool:
    """A cue word inside a longer name (a unit, an institution, an outlet, a road) names no act."""
    doc = cue.head.doc
    for t in doc[cue.start:cue.end]:
        if t.ent_type_ in NAME_ENTS and (t.is_title or t.is_upper):     # a lowercase verb in a name is misread
            ent = next((e for e in doc.ents if e.start <= t.i < e.end), None)
            if ent is not None and (ent.start < cue.start or ent.end > cue.end) and any(
                    w.pos_ == "PROPN" for w in ent if not cue.start <= w.i < cue.end):
                return True
    return False


def _told(cue: Cue) -> bool:
    """A capture, a place handed over, or a two-sided fight named in so many words ("clashes", "a gun battle"),
    not one side's act."""
    if cue.kind in ("territory", "handover"):
        return True
    if cue.kind != "clash":
        return False
    words = _words("fight_words")
    toks = cue.head.doc[cue.start:cue.end]
    lemmas, surface = " ".join(t.lemma_.lower() for t in toks), " ".join(t.lower_ for t in toks)
    return lemmas in words or surface in words or cue.head.lemma_.lower() in words or cue.head.lower_ in words


def _cues_of(doc) -> list[list[Cue]]:
    """The cue words of each sentence, found once per document."""
    return _per_doc(doc, "cues", lambda: [find_cues(s) for s in doc.sents])
