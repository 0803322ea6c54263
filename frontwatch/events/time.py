"""Relative dates resolved against the publication date, with ACLED time_precision.

ACLED: 1 exact day; 2 a week (midpoint); 3 a month (mid-month, or the first or last
day when the beginning or end of the month is stated).
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
MONTHS["sept"] = 9
WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}

_MONTH = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_PATTERNS = [
    ("iso", re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")),
    ("dmy", re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:,?\s+(\d{{4}}))?\b", re.I)),
    ("mdy", re.compile(rf"\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}}))?", re.I)),
    ("edge", re.compile(rf"\b(?:the\s+)?(beginning|start|end|early|late|mid|middle)(?:\s+of|-)?\s+{_MONTH}(?:\s+(\d{{4}}))?", re.I)),
    ("month", re.compile(rf"\b(?:in|since|during|of|last|this)\s+{_MONTH}(?:\s+(\d{{4}}))?\b", re.I)),
    ("weekday", re.compile(r"\b(?:(late|early|on|last|overnight)\s+)?(monday|tuesday|wednesday|thursday|friday|saturday|"
                           r"sunday)\b", re.I)),
    ("yesterday", re.compile(r"\b(yesterday|last night|overnight)\b", re.I)),
    ("today", re.compile(r"\b(today|this morning|this afternoon|tonight|this evening)\b", re.I)),
    ("lastweek", re.compile(r"\b(last|past|previous) week(end)?\b", re.I)),
    ("thismonth", re.compile(r"\b(earlier|later) this month\b", re.I)),
    ("lastmonth", re.compile(r"\blast month\b", re.I)),
    ("daysago", re.compile(r"\b(\w+) days ago\b", re.I)),
]


@dataclass(frozen=True)
class When:
    day: date
    precision: int
    start: int          # char offsets of the expression in the searched text
    end: int
    text: str


def _month_year(month: int, year: str | None, published: date) -> int:
    """A bare month is the most recent one not after publication."""
    if year:
        return int(year)
    return published.year if month <= published.month else published.year - 1


def _mid(year: int, month: int) -> date:
    return date(year, month, 15)


def find_dates(text: str, published: date | None) -> list[When]:
    """Every date expression in `text`, resolved against `published` (None: only absolute dates)."""
    found: list[When] = []
    taken: list[tuple[int, int]] = []
    for kind, rx in _PATTERNS:
        for m in rx.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            when = _resolve(kind, m, published)
            if when:
                found.append(When(when[0], when[1], m.start(), m.end(), m.group(0)))
                taken.append((m.start(), m.end()))
    return sorted(found, key=lambda w: w.start)


def _resolve(kind: str, m: re.Match, pub: date | None) -> tuple[date, int] | None:
    g = m.groups()
    try:
        if kind == "iso":
            return date(int(g[0]), int(g[1]), int(g[2])), 1
        if kind in ("dmy", "mdy"):
            day, mon, year = (g[0], g[1], g[2]) if kind == "dmy" else (g[1], g[0], g[2])
            month = MONTHS[mon.lower().rstrip(".")[:4] if mon.lower().startswith("sept") else mon.lower().rstrip(".")[:3]]
            if not year and pub is None:
                return None
            y = int(year) if year else (pub.year if (month, int(day)) <= (pub.month, pub.day) else pub.year - 1)
            return date(y, month, int(day)), 1
        if kind == "edge":
            if pub is None and not g[2]:
                return None
            month = MONTHS[g[1].lower().rstrip(".")[:3]]
            y = _month_year(month, g[2], pub) if pub else int(g[2])
            edge = g[0].lower()
            if edge in ("beginning", "start", "early"):
                return date(y, month, 1), 3
            if edge in ("end", "late"):
                return date(y, month, calendar.monthrange(y, month)[1]), 3
            return _mid(y, month), 3
        if kind == "month":
            if pub is None and not g[1]:
                return None
            month = MONTHS[g[0].lower().rstrip(".")[:3]]
            y = _month_year(month, g[1], pub) if pub else int(g[1])
            if "last" in m.group(0).lower()[:5] and not g[1] and month == pub.month:
                y -= 1
            return _mid(y, month), 3
        if pub is None:
            return None
        if kind == "weekday":
            wd = WEEKDAYS[g[1].lower()]
            delta = (pub.weekday() - wd) % 7
            return pub - timedelta(days=delta), 1
        if kind == "yesterday":
            return pub - timedelta(days=1), 1
        if kind == "today":
            return pub, 1
        if kind == "lastweek":
            monday = pub - timedelta(days=pub.weekday() + 7)
            return monday + timedelta(days=3), 2
        if kind == "thismonth":
            return _mid(pub.year, pub.month) if pub.day > 15 or g[0].lower() == "later" else date(pub.year, pub.month, 1), 3
        if kind == "lastmonth":
            first = pub.replace(day=1) - timedelta(days=1)
            return _mid(first.year, first.month), 3
        if kind == "daysago":
            from .numbers import parse_number
            n = parse_number(g[0])
            return (pub - timedelta(days=n), 1) if n is not None and n < 60 else None
    except (ValueError, KeyError):
        return None
    return None
