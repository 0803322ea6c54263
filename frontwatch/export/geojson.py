"""GeoJSON (RFC 7946): a FeatureCollection of Point features, opened as a layer by QGIS.

Geometry is ``[longitude, latitude]`` in WGS84. Properties are the flat record of the csv
export. Events without coordinates are omitted by default, so that every feature has a
geometry (some GIS tools reject null geometries); ``include_unlocated=True`` keeps them with
``"geometry": null``, which is valid GeoJSON.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TextIO

from .records import EventLike, flat_record


def feature(event: EventLike) -> dict[str, Any]:
    """One GeoJSON Feature; geometry null when the event has no coordinates."""
    props = flat_record(event)
    lat, lon = props.get("latitude"), props.get("longitude")
    geometry = None
    if lat is not None and lon is not None:
        geometry = {"type": "Point", "coordinates": [float(lon), float(lat)]}
    return {"type": "Feature", "id": props["id"], "geometry": geometry, "properties": props}


def feature_collection(events: Iterable[EventLike], *, include_unlocated: bool = False) -> dict[str, Any]:
    feats = [feature(ev) for ev in events]
    if not include_unlocated:
        feats = [f for f in feats if f["geometry"] is not None]
    return {"type": "FeatureCollection", "name": "frontwatch_events", "features": feats}


def write_geojson(events: Iterable[EventLike], out: TextIO, *, include_unlocated: bool = False) -> int:
    """Write the FeatureCollection as UTF-8 JSON (non-ASCII kept as is); returns the feature count."""
    fc = feature_collection(events, include_unlocated=include_unlocated)
    json.dump(fc, out, ensure_ascii=False, allow_nan=False)
    out.write("\n")
    return len(fc["features"])
