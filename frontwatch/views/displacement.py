"""A ledger of displacement figures: who counted how many people displaced, where, over which period.

    from frontwatch.views.displacement import ledger
    figures = ledger(store)                 # or ledger((events, articles))

Each figure is either a cumulative total ("bringing the total to more than 383,000")
or an increment over a period ("as of the end of December more than 216,000 had
fled", "167,000 had fled since the beginning of January"). `reconcile` marks a
cumulative figure whose increments from the same source and area add up to it
(`consistent_with = "216000 + 167000"`).
"""
from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace
from datetime import date, datetime
from itertools import combinations

from frontwatch.events.numbers import QUALIFIERS, parse_number
from frontwatch.events.time import MONTHS, find_dates
from frontwatch.model import Article, Event

from .control import sentences

_QUAL = "|".join(sorted((re.escape(q) for q in QUALIFIERS), key=len, reverse=True))
_NUM = (r"(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s+(?:million|thousand))?|"
        r"(?:one|two|three|four|five|six|seven|eight|nine|ten|half a)\s+million")
_FIGURE = re.compile(rf"(?<![\w,.])(?:(?P<qual>{_QUAL})\s+)?(?P<num>{_NUM})(?![\w,])", re.I)
_NOUN = r"(?:\s+more)?(?:\s+(?:people|civilians|residents|syrians|individuals|persons|children))?"
_AFTER_VERB = re.compile(rf"^{_NOUN}(?:\s+(?:more|others|in\s+total))?\s+(?:(?:have|had|has|were|was|are)\s+)?"
                         r"(?:(?:been|now|already|reportedly)\s+)*(?:fled|displaced|uprooted|forced|left|driven|"
                         r"fleeing|on the move)\b", re.I)
_DISPLACED_AFTER = re.compile(rf"^{_NOUN}\s+(?:newly\s+|internally\s+)?displaced\b(?!\s+(?:people|persons))", re.I)
_BEFORE_VERB = re.compile(r"\b(?:displaced|uprooted|displacing|forced\s+out|driven\s+out)\s+(?:some\s+|about\s+)?$",
                          re.I)
_TOTAL = re.compile(r"\b(?:bringing|brings|brought|raising|raises|raised|pushing|taking)\s+the\s+(?:overall\s+)?"
                    r"(?:total|number|tally|toll)(?:\s+[a-z-]+){0,8}?\s+to\s+$|\b(?:a\s+)?total\s+of\s+$|"
                    r"\bin\s+total[, ]+$", re.I)
_INCREMENT_WORDS = re.compile(r"^\W*(?:more|additional|new|another|others)\b|^\W*(?:people\s+)?more\b", re.I)
_MONTH_RX = (r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
             r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_BETWEEN = re.compile(rf"\b(?:between|from)\s+(\d{{1,2}})(?:\s+{_MONTH_RX})?\s+(?:and|to|-)\s+(\d{{1,2}})\s+"
                      rf"{_MONTH_RX}(?:\s+(\d{{4}}))?", re.I)
_IN_MONTH = re.compile(rf"\b(?:in|during|throughout|(?:as\s+of|by)\s+the\s+end\s+of|(?:at|by)\s+the\s+end\s+of)\s+"
                       rf"{_MONTH_RX}(?:\s+(\d{{4}}))?\b", re.I)
_SINCE = re.compile(r"\bsince\s+(?:the\s+(?:beginning|start)\s+of\s+)?", re.I)
_SOURCE = re.compile(
    r"\b(?:the\s+)?((?:[A-Z][\w'’.&-]*\s+)*?(?:(?:[A-Z][\w'’.&-]*|for|of|on|the|and)\s+)*?"
    r"(?:Group|Office|Organi[sz]ation|Observatory|Agency|Committee|Council|Commission|Coordinators|Network|"
    r"Programme|Program|Fund|Crescent|Cross|Ministry|Team|Coalition|Affairs|Unit|Centre|Center)\b"
    r"(?:\s+for\s+(?:the\s+)?(?:[A-Z]\w+\s*|of\s+|and\s+|on\s+)+)?)(?:\s*\((\w+)\))?|\b(OCHA|UNHCR|IOM|UNICEF|WFP|SOHR|UN|U\.N\.|"
    r"SANA|WHO|United Nations)\b")
_ANAPHOR = re.compile(r"\b(?:the|this)\s+(?:group|agency|organi[sz]ation|office|monitor|body|ministry|charity|"
                      r"relief group|observatory|UN agency)\b|\b(?:it|they)\s+(?:said|says|reported|added)\b", re.I)
_AREA = re.compile(r"\b(?i:in|from|across|within|of)\s+((?:(?:north|south|east|west)(?:ern|east|west|eastern|western)?"
                   r"|central|rural|greater)\s+)?((?:[A-Z][\w'’-]+)(?:\s+(?:al-)?[A-Z][\w'’-]+)*)")
_NOT_AREAS = {"December", "January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "The", "A", "In", "UN", "OCHA"}


@dataclass(frozen=True)
class Figure:
    area: str | None
    figure: int
    kind: str                       # "cumulative" | "increment"
    period_start: date | None
    period_end: date | None
    qualifier: str | None
    source: str | None
    sentence: str
    article_id: str
    published: date | None
    consistent_with: str | None = None

    def to_json(self) -> dict:
        d = asdict(self)
        for k in ("period_start", "period_end", "published"):
            d[k] = d[k].isoformat() if d[k] else None
        return d


def _month_bounds(month: str, year: str | None, published: date | None) -> tuple[date, date] | None:
    m = MONTHS.get(month.lower().rstrip(".")[:3])
    if m is None:
        return None
    if year:
        y = int(year)
    elif published is not None:
        y = published.year if m <= published.month else published.year - 1
    else:
        return None
    return date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1])


def _period(sent: str, published: date | None) -> tuple[date | None, date | None, str | None]:
    """(start, end, how) of the period a sentence's figures cover: 'between', 'month', 'since'
    (the first such expression in `sent`)."""
    firsts = [(m.start(), i) for i, rx in enumerate((_BETWEEN, _SINCE, _IN_MONTH)) if (m := rx.search(sent))]
    first = min(firsts)[1] if firsts else -1
    m = _BETWEEN.search(sent) if first == 0 else None
    if m:
        d1, mon1, d2, mon2, year = m.groups()
        b2 = _month_bounds(mon2, year, published)
        b1 = _month_bounds(mon1 or mon2, year, published)
        if b1 and b2:
            try:
                start = b1[0].replace(day=int(d1))
                end = b2[0].replace(day=int(d2))
                if start > end:
                    start = start.replace(year=start.year - 1)
                return start, end, "between"
            except ValueError:
                pass
    m = _SINCE.search(sent) if first in (0, 1) else None
    if m:
        rest = sent[m.start():m.start() + 60]
        found = find_dates(rest, published)
        if found:
            w = found[0]
            start = w.day
            if w.precision == 3:        # "since December": from its first day
                start = start.replace(day=1)
            elif start.day == 15 and "mid" not in w.text.lower():
                start = start.replace(day=1)
            return start, published, "since"
        y = re.match(r"since\s+(\d{4})\b", rest, re.I)
        if y:
            return date(int(y.group(1)), 1, 1), published, "since"
    m = _IN_MONTH.search(sent)
    if m:
        bounds = _month_bounds(m.group(1), m.group(2), published)
        if bounds:
            return bounds[0], bounds[1], "month"
    return None, None, None


def _source(sent: str, previous: str | None) -> str | None:
    m = _SOURCE.search(sent)
    if m:
        name = (m.group(1) or m.group(3) or "").strip()
        if m.group(1) and m.group(2):
            name = f"{name} ({m.group(2)})"
        name = re.sub(r"^(?:The|A|In|On)\s+", "", name)
        if name:
            return name
    if previous and _ANAPHOR.search(sent):
        return previous
    return None


def _area(sent: str, fig_end: int) -> str | None:
    best = None
    for m in _AREA.finditer(sent):
        name = m.group(2)
        if name in _NOT_AREAS or re.fullmatch(r"[A-Z]{2,}", name) or _SOURCE.fullmatch(name or ""):
            continue
        if any(w in name for w in ("Group", "Office", "Observatory", "Coordination", "Agency")):
            continue
        area = ((m.group(1) or "") + name).strip()
        if m.start() >= fig_end:
            return area
        best = best or area
    return best


def figures_in(text: str, *, article_id: str = "", published: date | datetime | None = None) -> list[Figure]:
    """The displacement figures stated in one article's text."""
    if isinstance(published, datetime):
        published = published.date()
    out: list[Figure] = []
    source = area = None
    for s0, s1 in sentences(text):
        sent = text[s0:s1]
        source = _source(sent, source)
        found = []
        for m in _FIGURE.finditer(sent):
            num = m.group("num")
            if re.fullmatch(r"(?:19|20)\d\d", num) or "%" in sent[m.end():m.end() + 2] or \
                    re.match(r"\s*(?:percent|per cent|km|kilomet|days?|weeks?|months?|years?)\b",
                             sent[m.end():], re.I):
                continue
            after, before = sent[m.end():], sent[:m.start()]
            total = bool(_TOTAL.search(before))
            if not (total or _AFTER_VERB.match(after) or _DISPLACED_AFTER.match(after) or
                    _BEFORE_VERB.search(before)):
                continue
            value = parse_number(m.group(0))
            if value is None or value < 10:
                continue
            found.append((m, value, total))
        if not found:
            continue
        area = _area(sent, found[0][0].end()) or area
        has_total = any(t for _, _, t in found)
        for j, (m, value, total) in enumerate(found):
            stop = found[j + 1][0].start() if j + 1 < len(found) else len(sent)
            start, end, how = _period(sent[m.end():stop], published)
            if how is None:
                start, end, how = _period(sent, published)
            if total:
                kind = "cumulative"
            elif has_total or how in ("month", "between") or _INCREMENT_WORDS.match(sent[m.end():]):
                kind = "increment"
            else:
                kind = "cumulative"
            p_start, p_end = (start, end) if not total else (None, published)
            if not total and how is None:
                p_end = published
            out.append(Figure(area=area, figure=value, kind=kind, period_start=p_start, period_end=p_end,
                              qualifier=(m.group("qual") or "").lower() or None, source=source, sentence=sent,
                              article_id=article_id, published=published))
    return _fill_totals(out)


def _fill_totals(figs: list[Figure]) -> list[Figure]:
    """A 'bringing the total to' figure starts where the earliest increment it sums starts."""
    out = list(figs)
    for i, f in enumerate(out):
        if f.kind == "cumulative" and f.period_start is None:
            starts = [g.period_start for g in out if g is not f and g.kind == "increment" and
                      g.source == f.source and g.period_start is not None]
            if starts:
                out[i] = replace(f, period_start=min(starts))
    return out


def _key(s: str | None) -> str:
    s = re.sub(r"^(?:syrian|the)\s+", "", (s or "").lower())
    s = re.sub(r"\bidleb\b", "idlib", s)
    return " ".join(s.split())


def reconcile(figs: Iterable[Figure], tolerance: float = 0.01) -> list[Figure]:
    """Mark each cumulative figure that increments of the same area and source add up to
    (within `tolerance`, relative), with `consistent_with = "a + b"`."""
    figs = list(figs)
    out = list(figs)
    for i, c in enumerate(figs):
        if c.kind != "cumulative":
            continue
        pool = [f for f in figs if f.kind == "increment" and f is not c and _key(f.area) == _key(c.area)
                and _same_source(f.source, c.source) and (c.published is None or f.published is None
                                                          or f.published <= c.published)]
        done = False
        for n in (2, 3):
            for combo in combinations(pool, n):
                total = sum(f.figure for f in combo)
                values = [f.figure for f in combo]
                if len(set(values)) < n:
                    continue
                if abs(total - c.figure) <= tolerance * c.figure:
                    combo = sorted(combo, key=lambda f: (f.period_start or date.min, f.figure))
                    starts = [f.period_start for f in combo if f.period_start is not None]
                    start = min([*starts, c.period_start] if c.period_start else starts, default=None)
                    out[i] = replace(c, consistent_with=" + ".join(str(f.figure) for f in combo),
                                     period_start=start)
                    done = True
                    break
            if done:
                break
    return out


def _same_source(a: str | None, b: str | None) -> bool:
    ka, kb = _key(a), _key(b)
    return ka == kb or (bool(ka) and bool(kb) and (ka in kb or kb in ka))


def ledger(source) -> list[Figure]:
    """All displacement figures of a Store or an (events, articles) pair, reconciled,
    plus the Displacement events' figures no sentence gave."""
    if isinstance(source, tuple | list) and len(source) == 2:
        events, articles = list(source[0]), list(source[1])
    else:
        events, articles = source.events(sub_event_type="Displacement"), source.articles()
    figs: list[Figure] = []
    for art in articles:
        figs += figures_in(art.text, article_id=art.id, published=art.published_date)
    have = {(f.article_id, f.figure) for f in figs}
    pub = {a.id: a.published_date for a in articles}
    for ev in events:
        ev: Event
        if ev.sub_event_type == "Displacement" and ev.displaced and (ev.article_id, ev.displaced) not in have:
            figs.append(Figure(area=ev.place.name if ev.place else None, figure=ev.displaced, kind="increment",
                               period_start=ev.event_date, period_end=ev.event_date, qualifier=None,
                               source=ev.source, sentence=ev.evidence.text, article_id=ev.article_id,
                               published=pub.get(ev.article_id)))
    figs = reconcile(figs)
    figs.sort(key=lambda f: (f.published or date.min, f.article_id, f.period_start or date.min))
    return figs


__all__ = ["Figure", "figures_in", "reconcile", "ledger", "Article"]
