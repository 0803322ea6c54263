"""What a situation report says, gathered from the store: typed, and free of any formatting."""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from frontwatch.basemap.svg import MapMark
from frontwatch.model import Article, Event
from frontwatch.views.areas import in_area, names_area

MAIN_EVENTS = 15
TERRITORY = ("Government regains territory", "Non-state actor overtakes territory", "Non-violent transfer of territory")


@dataclass(frozen=True)
class SourceRef:
    outlet: str | None
    source: str | None          # whom the text attributes it to
    url: str | None
    sentence: str
    published: date | None


@dataclass(frozen=True)
class MainEvent:
    id: str
    date: date | None
    event_type: str
    sub_event_type: str
    location: str | None
    admin1: str | None
    actors: str
    fatalities: int
    fatalities_range: str | None     # "12-15" where reports differ
    displaced: int | None
    sources: tuple[SourceRef, ...]


@dataclass(frozen=True)
class ControlChange:
    place: str
    date: date | None
    before: str
    after: str
    evidence: tuple[str, ...]
    event_ids: tuple[str, ...]


@dataclass(frozen=True)
class LedgerRow:
    area: str | None
    figure: int
    kind: str
    period: str
    source: str | None
    sentence: str
    consistent_with: str | None


@dataclass
class ReportData:
    since: date
    until: date
    area: str | None
    generated: datetime
    n_articles: int = 0
    n_events: int = 0
    n_outlets: int = 0
    main: list[MainEvent] = field(default_factory=list)
    control: list[ControlChange] = field(default_factory=list)
    ledger: list[LedgerRow] = field(default_factory=list)
    per_day: list[tuple[date, int]] = field(default_factory=list)     # every day of the period
    by_type: list[tuple[str, int]] = field(default_factory=list)
    marks: list[MapMark] = field(default_factory=list)

    @property
    def title(self) -> str:
        where = f": {self.area}" if self.area else ""
        return f"Situation report{where}, {self.since.isoformat()} to {self.until.isoformat()}"

    @property
    def total_fatalities(self) -> int:
        return sum(n for _, n in self.per_day)


def _importance(f) -> tuple:
    return (f.sub_event_type in TERRITORY, f.fatalities_best, len(f.claims), f.displaced or 0)


def _sources(f, articles: dict[str, Article]) -> tuple[SourceRef, ...]:
    out, seen = [], set()
    for c in f.claims:
        art = articles.get(c.article_id)
        key = (c.outlet, c.sentence)
        if key in seen:
            continue
        seen.add(key)
        out.append(SourceRef(c.outlet, c.source, art.url if art else None, c.sentence,
                             art.published_date if art else None))
    return tuple(out)


def gather(store, since: date, until: date | None = None, area: str | None = None) -> ReportData:
    """The report's content for events dated `since`..`until` (inclusive; until defaults to today)
    in `area` (a country code, an admin1 or a place name; None: everywhere)."""
    from frontwatch.views.control import ControlIndex
    from frontwatch.views.displacement import ledger
    from frontwatch.views.fusion import fuse

    until = until or datetime.now(UTC).date()
    data = ReportData(since, until, area, datetime.now(UTC).replace(tzinfo=None, microsecond=0))
    articles = store.articles()
    arts = {a.id: a for a in articles}
    all_events: list[Event] = store.events()
    events = [e for e in all_events if e.event_date and since <= e.event_date <= until and e.status == "current"
              and in_area(e.place, area)]
    fused = fuse(events, arts)
    data.n_events = len(fused)
    used = {e.article_id for e in events}
    data.n_articles = len(used)
    data.n_outlets = len({arts[a].outlet for a in used if a in arts and arts[a].outlet})
    for f in sorted(fused, key=_importance, reverse=True)[:MAIN_EVENTS]:
        actors = " vs ".join(a.name for a in (f.actor1, f.actor2) if a) or "unnamed actors"
        rng = f"{f.fatalities_low}-{f.fatalities_high}" if f.fatalities_high and f.fatalities_high != f.fatalities_low \
            else None
        data.main.append(MainEvent(f.id, f.event_date, f.event_type, f.sub_event_type,
                                   f.place.name if f.place else None, f.place.admin1 if f.place else None, actors,
                                   f.fatalities_best, rng, f.displaced, _sources(f, arts)))
    data.main.sort(key=lambda m: (m.date or date.min, m.id))
    # control changes dated in the period
    for spans in ControlIndex.build((all_events, articles)).timeline().values():
        for prev, cur in zip(spans, spans[1:], strict=False):
            if cur.since is None or not since <= cur.since <= until or not in_area(cur.place, area):
                continue
            if (prev.controller, prev.inter) == (cur.controller, cur.inter):
                continue
            data.control.append(ControlChange(cur.place.name, cur.since, prev.controller, cur.controller,
                                              tuple(cur.evidence[:3]), tuple(cur.event_ids)))
    data.control.sort(key=lambda c: (c.date or date.min, c.place))
    # the displacement ledger, figures whose period meets the report's
    for fig in ledger((all_events, articles)):
        start = fig.period_start or fig.period_end or fig.published
        end = fig.period_end or fig.published or start
        if start is None or end < since or start > until or not names_area(fig.area, area):
            continue
        period = start.isoformat() if start == end else f"{start.isoformat()} to {end.isoformat()}"
        data.ledger.append(LedgerRow(fig.area, fig.figure, fig.kind, period, fig.source, fig.sentence,
                                     fig.consistent_with))
    data.ledger.sort(key=lambda r: (r.period, r.area or "", r.figure))
    # fatalities per day (each occurrence once) and events per type
    per_day = Counter()
    for f in fused:
        per_day[f.event_date] += f.fatalities_best
    days = (until - since).days + 1
    if days <= 366:
        data.per_day = [(since + timedelta(days=i), per_day.get(since + timedelta(days=i), 0)) for i in range(days)]
    else:
        data.per_day = sorted((d, n) for d, n in per_day.items() if d is not None)
    data.by_type = Counter(f.event_type for f in fused).most_common()
    # the map: events sized by their toll, and the places that changed hands
    for f in fused:
        if f.place and f.place.latitude is not None and f.place.longitude is not None:
            data.marks.append(MapMark(f.place.longitude, f.place.latitude, "", 3 + 2 * math.sqrt(min(f.fatalities_best, 400)),
                                      "event", f"{f.event_date}: {f.sub_event_type} at {f.place.name}"))
    located = {}
    for e in all_events:
        if e.place and e.place.latitude is not None:
            located.setdefault(e.place.name, e.place)
    from frontwatch.geo.normalize import same_place_name

    for c in data.control:
        p = located.get(c.place) or next((q for n, q in located.items() if same_place_name(n, c.place)), None)
        if p is not None:
            data.marks.append(MapMark(p.longitude, p.latitude, c.place, 6, "control", f"{c.place}: {c.before} -> {c.after}"))
    labelled = {c.place for c in data.control}
    for m in data.main[:6]:
        if m.location and m.location not in labelled:
            p = located.get(m.location)
            if p is not None:
                labelled.add(m.location)
                data.marks.append(MapMark(p.longitude, p.latitude, m.location, 0.01, "event", m.location))
    return data
