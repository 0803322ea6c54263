"""Step 4 of the coder, fill the arguments (place and date): the article's country and focus, the place of
each act among the sentence's place mentions, and its date.
"""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from ..geo.normalize import key1
from ..model import Place, PlaceMention
from . import taxonomy
from .actors import COUNTRIES
from .cues import Cue, _word_sets
from .parse import _doc_text, _governors, _sent_text
from .time import When, find_dates
from .words import SETTLEMENT_NOUNS

# A country named as a whole ("beef imports from the United States") is as often a party or a partner abroad as
# the scene; a town or a province named is where something happens: it counts for more.
COUNTRY_MENTION = 0.4


def country_of(mentions: list[PlaceMention]) -> str | None:
    counts: dict[str, float] = {}
    for m in mentions:
        if m.place.country:
            w = COUNTRY_MENTION if taxonomy.place_rank(m.place) == 0 else 1.0
            counts[m.place.country] = counts.get(m.place.country, 0.0) + w
    return max(counts, key=lambda c: (counts[c], c)) if counts else None


def focus_of(mentions: list[PlaceMention]) -> Place | None:
    """The settlement the article keeps coming back to (else its region)."""
    score: dict[tuple, tuple[int, int, Place]] = {}
    for i, m in enumerate(mentions):
        key = (m.place.geonameid, m.place.name, m.place.feature)
        n, first, _ = score.get(key, (0, i, m.place))
        score[key] = (n + 1, first, m.place)
    if not score:
        return None
    best = max(score.values(), key=lambda v: (taxonomy.place_rank(v[2]) >= 3, v[0], -v[1]))
    return best[2]


def choose_place(sent, cue: Cue, here: list[PlaceMention], later: list[PlaceMention],
                  focus: Place | None, previous: Place | None, country: str | None = None) -> Place | None:
    here = [m for m in here if not _metonym(sent.doc, m)]
    if country:
        # a foreign capital in a sentence about the war is diplomacy, unless the act itself is there
        own = _object_tokens(cue, ("dobj", "prep", "pobj", "advmod"))
        here = [m for m in here if m.place.country in (country, None) or _span_in(sent.doc, m, own)]
    specific = [m for m in here if taxonomy.place_rank(m.place) >= 2]
    regions = [m.place for m in here if taxonomy.place_rank(m.place) >= 1]
    if specific:
        obj_tokens = _object_tokens(cue, ("dobj", "prep", "pobj", "nsubjpass", "npadvmod", "advmod", "attr",
                                          "appos"))
        doc = sent.doc

        def dist(m: PlaceMention) -> tuple:
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            ti = span.start if span is not None else cue.start
            in_obj = bool(span is not None and any(t.i in obj_tokens for t in span))
            return (-min(taxonomy.place_rank(m.place), 3), _container(_doc_text(doc), m, specific), not in_obj,
                    abs(ti - cue.start))
        best = min(specific, key=dist)
        return best.place
    generic_obj = any(t.lower_ in SETTLEMENT_NOUNS for c in cue.head.children if c.dep_ in ("dobj", "nsubjpass",
                                                                                            "pobj", "nsubj")
                      for t in c.subtree)
    if generic_obj:
        if focus is not None and taxonomy.place_rank(focus) >= 3 and (
                not regions or any(focus.admin1 and focus.admin1 in (r.admin1, r.name) for r in regions)):
            return focus
        for m in later:
            if taxonomy.place_rank(m.place) >= 3:
                return m.place
    if regions:
        return regions[0]
    return previous or focus


def date_of(sent, cue: Cue, published: date | None) -> When | None:
    _, speech = _word_sets()
    doc = sent.doc
    found = find_dates(_sent_text(sent), published)
    best, best_d = None, None
    for w in found:
        if _sent_text(sent)[max(0, w.start - 6):w.start].strip().lower() == "since":
            continue        # the start of a period, not the day it happened
        span = doc.char_span(sent.start_char + w.start, sent.start_char + w.end, alignment_mode="expand")
        if span is not None:
            root = span.root
            if any(g.lemma_.lower() in speech for g in list(_governors(root, 3))[1:2]):
                continue
            d = abs(span.start - cue.start)
        else:
            d = 99
        if best_d is None or d < best_d:
            best, best_d = w, d
    return best


_IN_AFTER_PLACE = re.compile(r"^(?:\s+(?:area|village|town|city|district|region|countryside))?,?\s+(?:in|of)\s+"
                             r"(?:the\s+)?(?:(?:north|south|east|west|central|rural|(?:north|south)-?(?:east|west))"
                             r"(?:ern)?\s+)?$", re.I)


def _container(text: str, m: PlaceMention, others: list[PlaceMention]) -> bool:
    """Y in "X in Y" / "X area of Y" / "X in eastern Y countryside": the wider place that locates X, not the
    event's place."""
    return any(o.end <= m.start and m.start - o.end <= 30 and _IN_AFTER_PLACE.match(text[o.end:m.start])
               for o in others)


def _metonym(doc, m: PlaceMention) -> bool:
    """"Ankara said", "Damascus blamed": a place as the subject of a verb is its government."""
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    return span is not None and span.root.dep_ in ("nsubj", "nsubjpass") and span.root.head.pos_ == "VERB" and \
        span.root.head.lemma_.lower() not in ("fall", "come", "be", "remain", "lie", "sit", "situate", "locate",
                                              "border", "stand", "host", "see", "witness", "experience", "suffer")


def _object_tokens(cue: Cue, deps: tuple[str, ...]) -> set[int]:
    """Token indices of what the act was done to or where ("captured [the town of X]", "[in X]")."""
    return {t.i for c in cue.head.children if c.dep_ in deps for t in c.subtree}


def _span_in(doc, m: PlaceMention, token_ids: set[int]) -> bool:
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    return span is not None and any(t.i in token_ids for t in span)


def _country_named(text: str) -> str | None:
    """The country a text names most by demonym or name ("Syrian regime forces"), when its places do not tell."""
    from .actors import DEMONYMS

    counts: dict[str, int] = {}
    low = text.lower()
    for word, code in list(DEMONYMS.items()) + [(n.lower(), c) for c, n in COUNTRIES.items()]:
        if code and word in low:
            n = len(re.findall(rf"\b{re.escape(word)}s?\b", low))
            if n:
                counts[code] = counts.get(code, 0) + n
    return max(counts, key=lambda c: (counts[c], c)) if counts else None


def _top(votes: dict[str, float]) -> str | None:
    return max(votes, key=lambda c: (votes[c], c)) if votes else None


# "the (Georgian-controlled) village of Prisi", "Tamarasheni, a Georgian town": a settlement the text names
_NAMED_SETTLEMENT = re.compile(
    r"\b(?:village|town|hamlet|settlement|locality)\s+of\s+([A-Z][\w'’-]+(?:[ -][A-Z][\w'’-]+){0,2})"
    r"|\b([A-Z][\w'’-]+(?:[ -][A-Z][\w'’-]+){0,2}),\s+(?:an?|the)\s+(?:[\w-]+\s+){0,3}(?:village|town|hamlet)\b")


def unknown_settlement(sent, here: list[PlaceMention], near: Place | None) -> Place | None:
    """A settlement the sentence names that the gazetteer does not know ("the village of Prisi"), placed at the
    story's place it lies near, at ACLED's precision 2 (near or part of): the event keeps its own place, and is not
    merged into what happened at the nearby town."""
    if near is None or near.latitude is None:
        return None
    for m in _NAMED_SETTLEMENT.finditer(_sent_text(sent)):
        name = m.group(1) or m.group(2)
        start = sent.start_char + m.start(1 if m.group(1) else 2)
        end = start + len(name)
        if any(pm.start < end and start < pm.end for pm in here) or key1(name) == key1(near.name):
            continue        # the gazetteer knows it
        return replace(near, name=name, feature="P.PPL", geonameid=None, population=0, precision=2)
    return None
