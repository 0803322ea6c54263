"""A map image as inline SVG, drawn from the packaged basemap: no tiles, no network.

    svg = map_svg([MapMark(36.8, 35.86, "Saraqeb", r=6, kind="control")], title="Idlib")

Equirectangular, with longitude scaled by the cosine of the middle latitude (true shape at
the scale of a province). Lines outside the frame are clipped by the SVG itself."""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from . import cities_within, load, within

COLORS = {"event": "#c0392b", "control": "#1f4e9c", "displacement": "#8e44ad"}
STYLE = {"coast": 'stroke="#4a7a9c" stroke-width="1.1"', "lakes": 'stroke="#6fa3c7" stroke-width="0.8"',
         "borders": 'stroke="#555" stroke-width="1.2" stroke-dasharray="5 3"',
         "admin1": 'stroke="#999" stroke-width="0.6" stroke-dasharray="2 2"'}


@dataclass(frozen=True)
class MapMark:
    lon: float
    lat: float
    label: str = ""
    r: float = 4.0
    kind: str = "event"          # event | control | displacement
    title: str = ""              # tooltip


def frame(marks: Sequence[MapMark], pad: float = 0.35, min_span: float = 1.0) -> tuple[float, float, float, float]:
    """A bbox around the marks, padded, at least `min_span` degrees wide and high."""
    if not marks:
        return (35.0, 34.0, 39.0, 37.5)     # an empty report still gets a frame (the Levant)
    xs, ys = [m.lon for m in marks], [m.lat for m in marks]
    cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    k = math.cos(math.radians(cy))
    w = max(max(xs) - min(xs) + 2 * pad, min_span)          # degrees of longitude
    h = max(max(ys) - min(ys) + 2 * pad, min_span)
    # a landscape frame: from 3:2 to 4:3, widened or heightened around the centre as needed
    if h > w * k * 0.75:
        w = h / (k * 0.75)
    elif h < w * k / 1.5:
        h = w * k / 1.5
    return cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2


def map_svg(marks: Sequence[MapMark], *, bbox=None, width: int = 760, title: str = "Map",
            cities: int = 14) -> str:
    doc = load()
    x0, y0, x1, y1 = bbox or frame(marks)
    k = math.cos(math.radians((y0 + y1) / 2))
    height = max(200, round(width * (y1 - y0) / ((x1 - x0) * k)))

    def px(lon: float, lat: float) -> tuple[float, float]:
        return (lon - x0) / (x1 - x0) * width, (y1 - lat) / (y1 - y0) * height

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
           f'height="{height}" role="img" aria-label="{escape(title)}" class="fw-map">',
           f"<title>{escape(title)}</title>",
           f'<defs><clipPath id="fw-frame"><rect width="{width}" height="{height}"/></clipPath></defs>',
           f'<rect width="{width}" height="{height}" fill="#f4f1e8"/>', '<g clip-path="url(#fw-frame)" fill="none">']
    for name, lines in within(doc, (x0, y0, x1, y1)).items():
        for line in lines:
            pts = " ".join(f"{a:.1f},{b:.1f}" for a, b in (px(line[i], line[i + 1]) for i in range(0, len(line), 2)))
            out.append(f'<polyline class="bm-{name}" points="{pts}" {STYLE.get(name, "")}/>')
    out.append("</g>")
    for c in doc["countries"]:
        lon, lat = c["label"]
        if x0 < lon < x1 and y0 < lat < y1:
            x, y = px(lon, lat)
            out.append(f'<text x="{x:.1f}" y="{y:.1f}" font-size="15" fill="#888" text-anchor="middle" '
                       f'letter-spacing="2">{escape(c["name"].upper())}</text>')
    taken: list[tuple[float, float]] = [px(m.lon, m.lat) for m in marks if m.label]
    for name, lon, lat, _ in cities_within(doc, (x0, y0, x1, y1), cities):
        x, y = px(lon, lat)
        if any(abs(x - a) < 70 and abs(y - b) < 14 for a, b in taken):
            continue
        taken.append((x, y))
        out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2" fill="#333"/><text x="{x + 4:.1f}" y="{y - 3:.1f}" '
                   f'font-size="11" fill="#333">{escape(name)}</text>')
    for m in sorted(marks, key=lambda m: -m.r):
        x, y = px(m.lon, m.lat)
        color = COLORS.get(m.kind, COLORS["event"])
        shape = (f'<rect x="{x - m.r:.1f}" y="{y - m.r:.1f}" width="{2 * m.r:.1f}" height="{2 * m.r:.1f}" '
                 f'fill="{color}" fill-opacity="0.75" stroke="#fff"/>' if m.kind == "control" else
                 f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{m.r:.1f}" fill="{color}" fill-opacity="0.6" stroke="#fff"/>')
        out.append(f'<g class="mark mark-{m.kind}"><title>{escape(m.title or m.label)}</title>{shape}</g>')
    for m in marks:
        if m.label:
            x, y = px(m.lon, m.lat)
            out.append(f'<text x="{x + m.r + 2:.1f}" y="{y + 4:.1f}" font-size="12" font-weight="bold" '
                       f'fill="#222" stroke="#f4f1e8" stroke-width="3" paint-order="stroke">{escape(m.label)}</text>')
    out.append(f'<text x="6" y="{height - 6}" font-size="9" fill="#777">Natural Earth (public domain); '
               f'places: GeoNames (CC BY 4.0)</text>')
    out.append("</svg>")
    return "\n".join(out)
