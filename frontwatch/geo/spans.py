"""Given spans (gold toponyms, a caller's offsets) made safe: clamped to the text, snapped to
the word they were meant to cover, and never lost (an unresolvable span takes the nearest
resolved place of the document, at a lower precision)."""
from __future__ import annotations

from dataclasses import replace

from frontwatch.model import PlaceMention

SNAP_NEAR = 2      # a shift this small is taken even onto a lower-case word
SNAP_FAR = 12      # gold offsets drift by up to ~10 characters (counted with a header, a BOM, CRLF)
FALLBACK_PRECISION = 2


def clamp(text: str, start, end) -> tuple[int, int]:
    """Offsets as ints inside the text, start <= end (a span past the end keeps its length,
    moved back inside, so that snapping can still find its word)."""
    n = len(text)
    s, e = int(start), int(end)
    if e < s:
        s, e = e, s
    if e > n:
        s, e = max(0, s - (e - n)), n
    s = max(0, min(s, n))
    return s, max(s, min(e, n))


def _bounded(text: str, s: int, e: int) -> bool:
    """text[s:e] starts and ends on a word boundary with a letter/digit (or a final '.')."""
    if s < 0 or e > len(text) or e <= s:
        return False
    if not (text[s].isalnum() and (text[e - 1].isalnum() or text[e - 1] == ".")):
        return False
    return (s == 0 or not text[s - 1].isalnum()) and (e == len(text) or not text[e].isalnum())


def _capital(text: str, s: int) -> bool:
    return text[s].isupper() or text[s].isdigit()


def snap(text: str, start, end) -> tuple[int, int]:
    """The span the offsets were meant to mark: the same-length shift of at most SNAP_FAR
    characters that lands on whole words and a capitalised first word (the nearest; a shift of
    SNAP_NEAR or less may land on a lower-case word when no capitalised one is found), else the
    nearest capitalised word start and word end, else the offsets stripped of spaces."""
    s0, e0 = clamp(text, start, end)
    if not text:
        return 0, 0
    if e0 == s0:            # an empty span: the word at (or before) it
        e0 = min(len(text), s0 + 1)
    shifts = sorted(range(-SNAP_FAR, SNAP_FAR + 1), key=lambda d: (abs(d), d > 0))
    ok = [d for d in shifts if _bounded(text, s0 + d, e0 + d)]
    cap = [d for d in ok if _capital(text, s0 + d)]
    if cap:
        return s0 + cap[0], e0 + cap[0]
    if ok and abs(ok[0]) <= SNAP_NEAR:
        return s0 + ok[0], e0 + ok[0]
    # the length drifted too: nearest capitalised word start, then the nearest word end
    starts = [i for i in range(max(0, s0 - SNAP_FAR), min(len(text), s0 + SNAP_FAR + 1))
              if text[i].isalnum() and _capital(text, i) and (i == 0 or not text[i - 1].isalnum())]
    if starts:
        s = min(starts, key=lambda i: (abs(i - s0), i > s0))
        want = max(e0 + (s - s0), s + 1)
        ends = [j for j in range(s + 1, min(len(text), want + SNAP_FAR) + 1)
                if text[j - 1].isalnum() and (j == len(text) or not text[j].isalnum())]
        if ends:
            return s, min(ends, key=lambda j: (abs(j - want), j > want))
    seg = text[s0:e0]
    s2 = s0 + (len(seg) - len(seg.lstrip()))
    e2 = e0 - (len(seg) - len(seg.rstrip()))
    return (s2, e2) if e2 > s2 else (s0, e0)


def fill_unresolved(mentions: list[PlaceMention]) -> list[PlaceMention]:
    """A given span the gazetteer cannot place (a street, a building, a neighbourhood) lies,
    most likely, at or near the document's nearest resolved place: it takes that place, with
    precision FALLBACK_PRECISION ("near / part of it") or lower. Local places (towns, districts)
    are preferred to countries and regions when the document has any."""
    placed = [m for m in mentions if m.place is not None and m.place.latitude is not None]
    if not placed or len(placed) == len(mentions):
        return mentions
    local = [m for m in placed if (m.place.feature or "").startswith(("P.", "A.ADM2", "A.ADM3", "S.", "L.PRK"))]
    pool = local or placed
    out = []
    for m in mentions:
        if m.place is None or m.place.latitude is None:
            near = min(pool, key=lambda o: (abs(o.start - m.start), o.start > m.start))
            m = PlaceMention(m.start, m.end, m.text,
                             replace(near.place, precision=max(near.place.precision, FALLBACK_PRECISION)))
        out.append(m)
    return out
