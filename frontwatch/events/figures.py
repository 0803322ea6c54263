"""Fatality and displacement figures read off the dependency parse."""
from __future__ import annotations

import re

from .numbers import VAGUE, parse_number
from .parse import _sent_text

KILL_VERBS = {"kill", "execute", "murder", "slay", "behead", "massacre", "slaughter", "assassinate", "lynch"}
DIE_VERBS = {"die", "perish", "succumb"}
HURT_VERBS = {"shoot", "stab", "wound", "injure", "beat", "hit", "strike", "burn", "hack", "gun", "run"}
DEATH_NOUNS = {"fatality", "death", "body", "corpse", "dead", "toll"}
FLEE_VERBS = {"flee", "displace", "leave", "uproot", "evacuate", "escape"}
# Coders' own notes ("Unknown fatalities coded as 10", "fatalities assumed to be 10") state the figure outright.
_OVERRIDE = re.compile(r"(?:fatalit\w*|deaths?|number|unknown)[^.;]{0,60}?\b(?:coded|assumed)"
                       r"\s+(?:as|to be|at|to)\s+(\d+)", re.I)
_ASSUMED = re.compile(r"fatalities\s+(?:are\s+|were\s+)?assumed", re.I)


def _count_noun(tok) -> int | None:
    """The count a noun phrase states: '216,000 people', 'a soldier', 'dozens of civilians', 'three'."""
    if tok.like_num or tok.pos_ == "NUM":
        return _phrase_number(tok)
    # "Four IS fighters": the count may hang on the compound ("IS") rather than the head noun
    kids = list(tok.children) + [g for c in tok.children if c.dep_ == "compound" for g in c.children]
    if tok.lemma_.lower() in ("family", "group"):
        n = next((_phrase_number(o) for c in kids if c.dep_ == "prep" and c.lower_ == "of" for o in c.children
                  if o.like_num), None)
        if n:
            return n        # "a family of three"
    for c in kids:
        if c.dep_ == "nummod" or (c.dep_ in ("amod", "quantmod") and c.lower_ in VAGUE):
            return _phrase_number(c)
        if c.dep_ == "det" and c.lower_ in ("a", "an", "one") and tok.tag_ in ("NN", "NNP"):
            return 1
        if c.dep_ == "det" and c.lower_ in ("several", "many", "some", "few"):
            return VAGUE.get(c.lower_)
    # "dozens of civilians", "hundreds of people": the quantity is the head
    if tok.lower_ in VAGUE:
        return VAGUE[tok.lower_]
    if tok.head.lower_ == "of" and tok.head.head.lower_ in VAGUE:
        return VAGUE[tok.head.head.lower_]
    if tok.tag_ in ("NN", "NNP") and tok.pos_ in ("NOUN", "PROPN") and tok.lower_ not in ("people", "number"):
        return 1 if any(c.dep_ == "det" for c in tok.children) or tok.pos_ == "PROPN" else None
    return None


def _phrase_number(tok) -> int | None:
    words = [t.text for t in tok.subtree if t.dep_ in ("quantmod", "nummod", "compound", "advmod") or t == tok
             or t.like_num or t.lower_ in ("more", "than", "least", "at", "about", "some", "over", "nearly")]
    value = parse_number(" ".join(words))
    return value if value is not None else parse_number(tok.text)


def _with_conjuncts(tok):
    yield tok
    for c in tok.children:
        if c.dep_ == "conj":
            yield from _with_conjuncts(c)


def _victims(tok):
    lemma = tok.lemma_.lower()
    if lemma in KILL_VERBS:
        passive = [c for c in tok.children if c.dep_ in ("nsubjpass",)]
        if passive:
            return passive
        objs = [c for c in tok.children if c.dep_ == "dobj"]
        if objs:
            return objs
        if tok.dep_ in ("acl", "amod") and tok.head.pos_ in ("NOUN", "PROPN", "NUM"):
            return [tok.head]
        if tok.dep_ == "conj":
            return [c for c in tok.head.children if c.dep_ == "nsubjpass"]
        return []
    if lemma in HURT_VERBS and any(c.dep_ == "advmod" and c.lower_ == "fatally" for c in tok.children):
        # "police fatally shot four men", "a man was fatally stabbed": the wound killed
        passive = [c for c in tok.children if c.dep_ == "nsubjpass"]
        return passive or [c for c in tok.children if c.dep_ == "dobj"]
    if lemma in DIE_VERBS:
        return [c for c in tok.children if c.dep_ == "nsubj"]
    if lemma == "dead" and tok.pos_ == "ADJ":
        if tok.dep_ == "amod":
            return [tok.head]
        if tok.dep_ in ("acomp", "oprd", "ccomp", "xcomp"):
            return [c for c in tok.head.children if c.dep_ in ("nsubj", "dobj", "nsubjpass")]
        return [c for c in tok.children if c.like_num or c.dep_ == "nummod"] or ([tok.head] if tok.head.like_num else [])
    if lemma == "life" and tok.head.lemma_ == "claim":
        return [c for p in tok.children if p.dep_ == "prep" for c in p.children if c.dep_ == "pobj"]
    if lemma in ("fatality", "death", "killing") and tok.pos_ == "NOUN":
        if any(c.dep_ == "nummod" for c in tok.children):
            return [tok]
        return [c for p in tok.children if p.dep_ == "prep" and p.lower_ == "of" for c in p.children
                if c.dep_ == "pobj"]
    return []


UNSURE = {"try", "attempt", "unclear", "whether", "if", "fear", "feared", "unconfirmed", "possible", "may", "might"}


def _unsure(tok) -> bool:
    """'tried to assassinate', 'unclear if the soldier died', 'feared dead': no death is stated."""
    node, hops = tok, 0
    while hops < 3 and node.head != node:
        if any(c.lemma_.lower() in UNSURE for c in node.children if c.dep_ in ("mark", "aux", "advmod", "neg")):
            return True
        node = node.head
        hops += 1
        if node.lemma_.lower() in UNSURE:
            return True
    return False


def count_fatalities(sent) -> list[tuple[int, bool]]:
    """Death figures stated in the sentence, as (value, stated as the coder's decision);
    victims joined by 'and' are added up."""
    m = _OVERRIDE.search(_sent_text(sent))
    if m:
        return [(int(m.group(1)), True)]
    if _ASSUMED.search(_sent_text(sent)):
        return [(VAGUE["many"], True)]
    total, seen = 0, False
    for tok in sent:
        victims = _victims(tok)
        if not victims or _unsure(tok):
            continue
        for v in victims:
            for noun in _with_conjuncts(v):
                n = _count_noun(noun)
                if n is not None:
                    total += n
                    seen = True
    return [(total, False)] if seen else []


def count_displaced(sent) -> int | None:
    """People displaced: a stated total wins, else the largest figure tied to fleeing."""
    best = None
    for tok in sent:
        if tok.lower_ == "total":
            for t in tok.head.subtree if tok.head.lemma_ == "bring" else tok.subtree:
                if t.like_num and t.i > tok.i:
                    v = _phrase_number(t)
                    if v:
                        return v
    for tok in sent:
        if tok.lemma_.lower() not in FLEE_VERBS and tok.lemma_.lower() not in ("displacement", "displaced"):
            continue
        for c in list(tok.children) + ([tok.head] if tok.dep_ in ("amod", "acl") else []):
            if c.dep_ in ("nsubj", "nsubjpass", "dobj") or c == tok.head:
                n = _count_noun(c)
                if n is not None and n >= 3 and (best is None or n > best):
                    best = n
    return best


_SPLIT = re.compile(r"split (?:across|between|over|among) \d+ events? \((\d+)\)", re.I)
_SHARED = re.compile(r"(?:split|distributed|divided|spread)\s+(?:evenly\s+)?(?:across|between|over|among|into)\s+"
                     r"(?:the\s+)?(\w+)\s+(?:events?|locations?|areas?|days?|places?|villages?|towns?)", re.I)
# "distributed fatalities over Deir-ez-Zor, the airport and Al-Thade Mountain": one share per place named
_SHARED_LIST = re.compile(r"(?:split|distributed|divided|spread)\s+(?:the\s+)?(?:fatalities\s+)?(?:evenly\s+)?"
                          r"(?:across|between|over|among|on)\s+((?:the\s+)?[A-Z][^.;,]*(?:,\s*(?:the\s+)?[A-Z][^.;,]*)*"
                          r"(?:,?\s+and\s+(?:the\s+)?[A-Z][^.;,]*))")
_ALLOCATED = re.compile(r"(\d+)\s+(?:fatalit\w+\s+)?(?:was\s+|were\s+)?(?:allocated|assigned|attributed)\s+to\s+"
                        r"(?:the\s+)?([A-Z][\w'-]*(?:[\s-][A-Z][\w'-]*)*)")


def share_of(text: str, total: int, place: str | None) -> int:
    """A note's total split over several events ("Fatalities split between 3 events", "with 8 allocated
    to Khneifis"): this event's share, the allocation to its place if stated, else an even split
    (ACLED: divide evenly, the remainder to the first)."""
    if place:
        for m in _ALLOCATED.finditer(text):
            if m.group(2).lower() in place.lower() or place.lower() in m.group(2).lower():
                return int(m.group(1))
    m = _SHARED.search(text)
    listed = _SHARED_LIST.search(text)
    if not m and not listed:
        return total
    n = parse_number(m.group(1)) if m else len(re.split(r",\s*(?:and\s+)?|\s+and\s+", listed.group(1)))
    if not n or n < 2:
        return total
    return int(total / n + 0.5)


def coded_fatalities(text: str) -> tuple[int, bool] | None:
    """The figure a coder's note settles on ("Fatalities coded as 0 (VoJ reported 2)", "Fatalities are
    split across 4 events (1)"), and whether it is already this event's share; None if the note says none."""
    m = _SPLIT.search(text)
    if m:
        return int(m.group(1)), True
    m = _OVERRIDE.search(text)
    return (int(m.group(1)), False) if m else None
