"""Helpers on the spaCy parse that every step of the coder reads: a token's governors, values kept once per
document, a sentence's entities and place mentions.
"""
from __future__ import annotations

from bisect import bisect_left

from ..model import PlaceMention


def _per_doc(doc, key: str, make):
    """A value computed once per parsed document (kept in doc.user_data): what would otherwise be
    recomputed for every cue or sentence, making the coder's time grow with the square of the text."""
    cache = doc.user_data.setdefault("frontwatch", {})
    if key not in cache:
        cache[key] = make()
    return cache[key]


def _governors(tok, limit: int = 8):
    """The token and its heads up to the sentence root."""
    seen = 0
    while seen < limit:
        yield tok
        if tok.head == tok:
            return
        tok = tok.head
        seen += 1


def _sent_ents(sent) -> list:
    """`sent.ents` without spaCy's scan of every entity in the document for each sentence."""
    ents = _per_doc(sent.doc, "ents", lambda: list(sent.doc.ents))
    starts = _per_doc(sent.doc, "ent_starts", lambda: [e.start for e in ents])
    out = []
    for ent in ents[bisect_left(starts, sent.start):]:
        if ent.end > sent.end:
            break
        out.append(ent)
    return out


def _doc_text(doc) -> str:
    """doc.text joins every token on each call: once per document."""
    return _per_doc(doc, "text", lambda: doc.text)


def _sent_text(sent) -> str:
    """`sent.text` (which joins the sentence's tokens on each call), cut from the document's text kept once."""
    return _doc_text(sent.doc)[sent.start_char:sent.end_char]


def _mentions_from(mentions: list[PlaceMention], starts: list[int], lo: int, hi: int) -> list[PlaceMention]:
    """The mentions (sorted by start) that start in [lo, hi)."""
    return mentions[bisect_left(starts, lo):bisect_left(starts, hi)]
