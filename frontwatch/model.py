"""Typed values that cross stage borders.

Every stage takes and returns these small dataclasses, never dicts, so the
data flow ingest -> nlp -> geo -> events -> store -> views reads in the types.
"""
from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from datetime import date, datetime

INTER_CATEGORIES = (
    "State forces", "Rebel group", "Political militia", "Identity militia",
    "Rioters", "Protesters", "Civilians", "External/Other forces",
)


@dataclass(frozen=True)
class Article:
    """One news article; `id` is a hash of its normalized text unless given."""

    id: str
    text: str
    published: datetime | None = None
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    # where it was read ("feed.xml#3", "a.jsonl:7"), for messages; not part of its identity
    origin: str | None = field(default=None, compare=False, repr=False)

    @staticmethod
    def content_id(text: str) -> str:
        """Stable id: same words in the same order give the same id,
        whatever the whitespace, case or typographic quotes."""
        norm = " ".join(text.replace("\u2019", "'").replace("\u2018", "'")
                        .replace("\u201c", '"').replace("\u201d", '"').lower().split())
        return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:16]

    @property
    def published_date(self) -> date | None:
        return self.published.date() if self.published else None


@dataclass(frozen=True)
class InputError:
    """A bad input, reported as one line and skipped: errors are values at the edges."""

    source: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line is not None else self.source
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class Place:
    """A resolved place. `precision` is ACLED's geo_precision (1 the place,
    2 near it or part of it, 3 a wider region)."""

    name: str
    latitude: float | None
    longitude: float | None
    country: str | None = None          # ISO 3166-1 alpha-2
    admin1: str | None = None
    feature: str | None = None          # GeoNames "class.code", e.g. "P.PPL", "A.ADM1"
    geonameid: int | None = None
    population: int = 0
    precision: int = 1


@dataclass(frozen=True)
class PlaceMention:
    """A span of text that names a place, with its resolution (None if unresolved)."""

    start: int
    end: int
    text: str
    place: Place | None = None


@dataclass(frozen=True)
class Actor:
    name: str                 # canonical, e.g. "Military Forces of Syria"
    inter: str                # one of INTER_CATEGORIES
    surface: str = ""         # as written in the text


@dataclass(frozen=True)
class Evidence:
    text: str
    start: int
    end: int


@dataclass
class Event:
    """One ACLED-style event as found in one article (a claim, before fusion)."""

    article_id: str
    event_type: str
    sub_event_type: str
    evidence: Evidence
    event_date: date | None = None
    time_precision: int = 1
    actor1: Actor | None = None
    actor2: Actor | None = None
    place: Place | None = None
    fatalities: int = 0
    fatalities_high: int | None = None
    displaced: int | None = None
    source: str | None = None
    status: str = "current"          # or "background"
    confidence: float = 0.5
    extra: dict = field(default_factory=dict)

    @property
    def id(self) -> str:
        """Deterministic: the same article and evidence give the same id."""
        key = f"{self.article_id}|{self.sub_event_type}|{self.evidence.start}|{self.evidence.end}|" \
              f"{self.place.name if self.place else ''}"
        return "ev-" + hashlib.sha256(key.encode()).hexdigest()[:16]

    def to_json(self) -> dict:
        """The record of CONTRACT.md's `extract` output."""
        p = self.place
        return {
            "id": self.id,
            "article_id": self.article_id,
            "event_date": self.event_date.isoformat() if self.event_date else None,
            "time_precision": self.time_precision,
            "event_type": self.event_type,
            "sub_event_type": self.sub_event_type,
            "actor1": self.actor1.name if self.actor1 else None,
            "actor2": self.actor2.name if self.actor2 else None,
            "inter1": self.actor1.inter if self.actor1 else None,
            "inter2": self.actor2.inter if self.actor2 else None,
            "location": p.name if p else None,
            "admin1": p.admin1 if p else None,
            "country": p.country if p else None,
            "latitude": p.latitude if p else None,
            "longitude": p.longitude if p else None,
            "geo_precision": p.precision if p else None,
            "fatalities": self.fatalities,
            "fatalities_high": self.fatalities_high,
            "displaced": self.displaced,
            "source": self.source,
            "status": self.status,
            "evidence": asdict(self.evidence),
            "confidence": round(self.confidence, 3),
        }


@dataclass
class FeedState:
    """What `watch` remembers of one feed between polls and across restarts (stored)."""

    feed: str                          # the feed's URL
    etag: str | None = None
    last_modified: str | None = None
    failures: int = 0                  # consecutive failed polls (the backoff's exponent)
    last_error: str | None = None
    last_ok: datetime | None = None    # naive UTC


@dataclass(frozen=True)
class Alert:
    """One alert a rule raised, with its evidence: `id` is derived from the rule and the condition
    instance (place and new holder, area and day, ...), so the same condition is never raised twice."""

    id: str
    rule: str
    kind: str                          # control_change | fatalities | displacement_jump | new_event_type
    title: str
    summary: str
    raised_at: datetime                # naive UTC
    area: str | None = None
    event_ids: tuple[str, ...] = ()
    evidence: tuple[dict, ...] = ()    # {"sentence", "article_id", "source", "outlet", "url"}

    def to_json(self) -> dict:
        return {"id": self.id, "rule": self.rule, "kind": self.kind, "title": self.title,
                "summary": self.summary, "raised_at": self.raised_at.isoformat(timespec="seconds") + "Z",
                "area": self.area, "event_ids": list(self.event_ids), "evidence": list(self.evidence)}
