"""Alert rules evaluated over the store, each alert with its evidence (events, sentences, sources).

    alerts = evaluate(rules, events, articles)          # pure: list[Alert]
    Alerter(ruleset, db, out=sys.stdout).check()        # evaluate, store the new ones, emit them

An alert's id is derived from its rule and the condition instance (the place and its new holder and
date; the area and the day; the area and the figure; the area and the type), so re-evaluating a store
raises nothing twice, across restarts too (the store keeps every alert raised).

Counting is over *fused* events: one occurrence reported by three outlets counts once."""
from __future__ import annotations

import hashlib
import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import TextIO

from frontwatch.model import Alert, Article, Event
from frontwatch.views.areas import in_area, names_area

from .rules import Rule, RuleSet

__all__ = ["Alerter", "alert_id", "evaluate", "in_area"]


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def alert_id(rule: Rule, *parts) -> str:
    key = "|".join([rule.name, rule.kind, *(str(p) for p in parts)])
    return "al-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


class _Sources:
    """Evidence records for event ids: sentence, article, outlet, url, attributed source."""

    def __init__(self, events: Iterable[Event], articles: Iterable[Article]):
        self.events = {e.id: e for e in events}
        self.articles = {a.id: a for a in articles}

    def evidence(self, event_ids: Iterable[str], extra_sentences: Iterable[str] = ()) -> tuple[dict, ...]:
        out, seen = [], set()
        for eid in event_ids:
            ev = self.events.get(eid)
            if ev is None or (ev.evidence.text, ev.article_id) in seen:
                continue
            seen.add((ev.evidence.text, ev.article_id))
            art = self.articles.get(ev.article_id)
            out.append({"event_id": eid, "sentence": ev.evidence.text, "article_id": ev.article_id,
                        "outlet": art.outlet if art else None, "url": art.url if art else None,
                        "source": ev.source, "event_date": ev.event_date.isoformat() if ev.event_date else None})
        for sentence in extra_sentences:
            if sentence and all(sentence != e["sentence"] for e in out):
                out.append({"event_id": None, "sentence": sentence, "article_id": None, "outlet": None,
                            "url": None, "source": None, "event_date": None})
        return tuple(out)


# -- the four kinds ----------------------------------------------------------

def _control_changes(rule: Rule, events: list[Event], articles: list[Article], src: _Sources, now) -> list[Alert]:
    from frontwatch.geo.normalize import same_place_name
    from frontwatch.views.control import ControlIndex

    out = []
    for key, spans in ControlIndex.build((events, articles)).timeline().items():
        if rule.places and not any(same_place_name(spans[0].place.name, p) for p in rule.places):
            continue
        for prev, cur in zip(spans, spans[1:], strict=False):
            if prev.controller == cur.controller and prev.inter == cur.inter:
                continue
            when = cur.since.isoformat() if cur.since else "an unknown date"
            name = cur.place.name
            out.append(Alert(
                id=alert_id(rule, key, cur.controller, cur.since), rule=rule.name, kind=rule.kind,
                title=f"{name} changed hands: {prev.controller} -> {cur.controller}",
                summary=f"{name} was held by {prev.controller} ({prev.inter}); {cur.controller} ({cur.inter}) "
                        f"holds it from {when}.",
                raised_at=now, area=name, event_ids=tuple(cur.event_ids),
                evidence=src.evidence(cur.event_ids, cur.evidence)))
    return out


def _fatalities(rule: Rule, events: list[Event], articles: list[Article], src: _Sources, now) -> list[Alert]:
    from frontwatch.views.fusion import fuse

    days = max(1, math.ceil(rule.hours / 24))
    groups: dict[str, dict[date, list]] = defaultdict(lambda: defaultdict(list))
    for f in fuse([e for e in events if e.status == "current" and e.event_date], articles):
        if not f.fatalities_best or f.event_date is None:
            continue
        names = [a for a in rule.areas if in_area(f.place, a)] if rule.areas else \
            [f.place.admin1] if f.place and f.place.admin1 else []
        for area in names:
            groups[area][f.event_date].append(f)
    out = []
    for area, by_day in groups.items():
        for day in sorted(by_day):
            window = [f for d in (day - timedelta(days=i) for i in range(days)) for f in by_day.get(d, [])]
            total = sum(f.fatalities_best for f in window)
            if total <= rule.above:
                continue
            ids = [i for f in window for i in f.member_ids]
            span = day.isoformat() if days == 1 else f"{(day - timedelta(days=days - 1)).isoformat()} to {day}"
            out.append(Alert(
                id=alert_id(rule, area, day, days), rule=rule.name, kind=rule.kind,
                title=f"{total} killed in {area} ({span})",
                summary=f"{total} fatalities reported in {area} within {rule.hours:g} h ({span}), above "
                        f"{rule.above}; {len(window)} occurrence(s), each counted once across outlets.",
                raised_at=now, area=area, event_ids=tuple(ids), evidence=src.evidence(ids)))
    return out


def _displacement(rule: Rule, events: list[Event], articles: list[Article], src: _Sources, now) -> list[Alert]:
    from frontwatch.geo.normalize import key1
    from frontwatch.views.displacement import ledger

    arts = {a.id: a for a in articles}
    by_area: dict[str, list] = defaultdict(list)
    for fig in ledger((events, articles)):
        if not fig.area:
            continue
        if rule.areas and not any(names_area(fig.area, a) for a in rule.areas):
            continue
        by_area[key1(fig.area)].append(fig)
    out = []

    def raise_(fig, jump: int, before) -> None:
        art = arts.get(fig.article_id)
        ev = {"event_id": None, "sentence": fig.sentence, "article_id": fig.article_id,
              "outlet": art.outlet if art else None, "url": art.url if art else None, "source": fig.source,
              "event_date": fig.period_end.isoformat() if fig.period_end else None}
        ids = tuple(e.id for e in events if e.article_id == fig.article_id and e.displaced == fig.figure)
        since = f" (from {before.figure:,} per {before.source or 'an earlier report'})" if before else ""
        out.append(Alert(
            id=alert_id(rule, key1(fig.area), fig.figure, fig.article_id), rule=rule.name, kind=rule.kind,
            title=f"Displacement in {fig.area} up by {jump:,}",
            summary=f"{fig.figure:,} displaced in {fig.area} ({fig.kind}){since}; a jump of {jump:,}, above "
                    f"{rule.more_than:,}.",
            raised_at=now, area=fig.area, event_ids=ids,
            evidence=(ev,) + tuple(x for x in src.evidence(ids) if x["sentence"] != fig.sentence)))

    for figs in by_area.values():
        figs.sort(key=lambda f: (f.period_end or f.published or date.min, f.figure))
        last = None
        for fig in figs:
            if fig.kind == "increment":
                if fig.figure > rule.more_than:
                    raise_(fig, fig.figure, None)
                continue
            if last is not None and fig.figure - last.figure > rule.more_than:
                raise_(fig, fig.figure - last.figure, last)
            last = fig
    return out


def _new_types(rule: Rule, events: list[Event], articles: list[Article], src: _Sources, now) -> list[Alert]:
    out = []
    for area in rule.areas:
        evs = sorted((e for e in events if e.status == "current" and e.event_date and in_area(e.place, area)),
                     key=lambda e: (e.event_date, e.article_id, e.evidence.start))
        if not evs:
            continue
        first_day = evs[0].event_date
        known = {getattr(e, rule.level) for e in evs if e.event_date == first_day}     # the area's baseline
        for e in evs:
            kind = getattr(e, rule.level)
            if kind in known:
                continue
            known.add(kind)
            out.append(Alert(
                id=alert_id(rule, area, kind), rule=rule.name, kind=rule.kind,
                title=f"New in {area}: {kind}",
                summary=f"The first {kind} event reported in {area}, on {e.event_date.isoformat()} "
                        f"({e.sub_event_type} at {e.place.name if e.place else area}).",
                raised_at=now, area=area, event_ids=(e.id,), evidence=src.evidence([e.id])))
    return out


_KINDS: dict[str, Callable] = {"control_change": _control_changes, "fatalities": _fatalities,
                               "displacement_jump": _displacement, "new_event_type": _new_types}


def evaluate(rules: Sequence[Rule], events: Iterable[Event], articles: Iterable[Article],
             now: datetime | None = None) -> list[Alert]:
    """Every alert the rules find in these events and articles (stored or not)."""
    events, articles = list(events), list(articles)
    src = _Sources(events, articles)
    now = now or _now()
    out: list[Alert] = []
    for rule in rules:
        out += _KINDS[rule.kind](rule, events, articles, src, now)
    return out


class Alerter:
    """Evaluate the rules over the store, keep the new alerts, and send them out (stdout JSONL,
    the webhook). Called by the watch loop after new articles were stored."""

    def __init__(self, ruleset: RuleSet, db: str | None, *, out: TextIO | None = None,
                 note: Callable[[str], None] = lambda line: None, post=None):
        from .outputs import JsonlOut, WebhookOut

        self.ruleset, self.db, self.note = ruleset, db, note
        self.sinks = [JsonlOut(out)] if out is not None else []
        self.webhook = WebhookOut(ruleset.webhook, note=note, post=post) if ruleset.webhook else None

    def check(self) -> int:
        """Evaluate, store and emit; returns how many alerts were new."""
        from frontwatch.store import open_store

        with open_store(self.db, read_only=True) as store:
            events, articles = store.events(), store.articles()
        found = evaluate(self.ruleset.rules, events, articles)
        with open_store(self.db, writer=True) as store:
            new = store.add_alerts(found)
            pending = store.alerts(undelivered=True, limit=None) if self.webhook else []
        for alert in new:
            for sink in self.sinks:
                sink.send(alert)
        if self.webhook and pending:
            done = self.webhook.deliver(pending)
            if done:
                with open_store(self.db, writer=True) as store:
                    store.mark_delivered(done)
        return len(new)
