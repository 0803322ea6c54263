"""Just enough of the ESRI shapefile format to read Natural Earth's lines and polygons (.shp) and
their attributes (.dbf): the basemap build reads them once; frontwatch never does at run time."""
from __future__ import annotations

import struct
from collections.abc import Iterator

LINES = {3, 13, 23}          # PolyLine, PolyLineZ, PolyLineM
POLYGONS = {5, 15, 25}       # Polygon, PolygonZ, PolygonM


def shapes(data: bytes) -> Iterator[tuple[int, list[list[tuple[float, float]]]]]:
    """(shape type, parts as lists of (lon, lat)) of each record of a .shp file; null shapes give no parts."""
    code, length = struct.unpack(">i20xi", data[:28])
    if code != 9994:
        raise ValueError("not a shapefile (bad file code)")
    end, pos = min(len(data), length * 2), 100
    while pos + 8 <= end:
        _, words = struct.unpack(">ii", data[pos:pos + 8])
        rec = data[pos + 8:pos + 8 + words * 2]
        pos += 8 + words * 2
        (kind,) = struct.unpack("<i", rec[:4])
        if kind not in LINES | POLYGONS:
            yield kind, []
            continue
        nparts, npoints = struct.unpack("<ii", rec[36:44])
        starts = list(struct.unpack(f"<{nparts}i", rec[44:44 + 4 * nparts]))
        at = 44 + 4 * nparts
        flat = struct.unpack(f"<{2 * npoints}d", rec[at:at + 16 * npoints])
        points = list(zip(flat[0::2], flat[1::2], strict=True))
        bounds = starts + [npoints]
        yield kind, [points[bounds[i]:bounds[i + 1]] for i in range(nparts)]


def records(data: bytes, encoding: str = "utf-8") -> Iterator[dict[str, str]]:
    """The rows of a .dbf file as {field: text} (numbers left as their text)."""
    nrec, header, reclen = struct.unpack("<4xIHH", data[:12])
    fields, pos = [], 32
    while data[pos] != 0x0D:
        name = data[pos:pos + 11].split(b"\0", 1)[0].decode("ascii")
        fields.append((name, data[pos + 16]))
        pos += 32
    for i in range(nrec):
        row = data[header + i * reclen:header + (i + 1) * reclen]
        if row[:1] == b"*":
            continue
        out, at = {}, 1
        for name, width in fields:
            out[name] = row[at:at + width].decode(encoding, "replace").strip("\x00 \t")
            at += width
        yield out
