"""JSON records of the views' values, as the store keeps them in its view tables (store/views.py):
a ControlClaim, a ControlRow and a FusedEvent each go to a dict and come back equal."""
from __future__ import annotations

from dataclasses import asdict
from datetime import date

from frontwatch.model import Actor, Place

from .control import ControlClaim, ControlRow
from .fusion import Claim, FusedEvent


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def place_json(p: Place | None) -> dict | None:
    return None if p is None else asdict(p)


def place_from(d: dict | None) -> Place | None:
    return None if d is None else Place(**d)


def claim_json(c: ControlClaim) -> dict:
    return {"place": place_json(c.place), "inter": c.inter, "controller": c.controller, "since": _iso(c.since),
            "until_hint": _iso(c.until_hint), "evidence": c.evidence, "article_id": c.article_id,
            "published": _iso(c.published), "kind": c.kind, "event_id": c.event_id, "near": place_json(c.near)}


def claim_from(d: dict) -> ControlClaim:
    return ControlClaim(place=place_from(d["place"]), inter=d["inter"], controller=d["controller"],
                        since=_day(d["since"]), until_hint=_day(d["until_hint"]), evidence=d["evidence"],
                        article_id=d["article_id"], published=_day(d["published"]), kind=d["kind"],
                        event_id=d["event_id"], near=place_from(d["near"]))


def row_from(place: str, latitude: float | None, longitude: float | None, controller: str, inter: str,
             since: date | None, event_ids: list[str], evidence: list[str], country: str | None,
             geonameid: int | None, admin1: str | None, located: bool) -> ControlRow:
    return ControlRow(place=place, latitude=latitude, longitude=longitude, controller=controller, inter=inter,
                      since=since, event_ids=tuple(event_ids), evidence=tuple(evidence), country=country,
                      geonameid=geonameid, admin1=admin1, located=bool(located))


def fused_json(f: FusedEvent) -> dict:
    d = f.to_json(claims=True)
    d["place"] = place_json(f.place)
    d["actor1"] = None if f.actor1 is None else asdict(f.actor1)
    d["actor2"] = None if f.actor2 is None else asdict(f.actor2)
    return d


def fused_from(d: dict) -> FusedEvent:
    claims = [Claim(**{**c, "event_date": _day(c["event_date"])}) for c in d["claims"]]
    return FusedEvent(
        id=d["id"], sub_event_type=d["sub_event_type"], event_type=d["event_type"],
        event_date=_day(d["event_date"]), time_precision=d["time_precision"], place=place_from(d["place"]),
        actor1=Actor(**d["actor1"]) if d["actor1"] else None, actor2=Actor(**d["actor2"]) if d["actor2"] else None,
        fatalities_best=d["fatalities_best"], fatalities_low=d["fatalities_low"],
        fatalities_high=d["fatalities_high"], displaced=d["displaced"], claims=claims, why=list(d["why"]),
        status=d["status"], best_sources=list(d["best_sources"]), low_sources=list(d["low_sources"]),
        high_sources=list(d["high_sources"]))
