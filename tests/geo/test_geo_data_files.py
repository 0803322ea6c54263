"""The curated gazetteer CSVs (geo/data/*.csv) are well formed: an unquoted comma in a note shifts every
field after it, and a row with a bad point would put a place in the sea silently."""
import csv
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[2] / "frontwatch" / "geo" / "data"


@pytest.mark.parametrize("path", sorted(DATA.glob("*.csv")), ids=lambda p: p.name)
def test_every_row_has_its_header_fields(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    header = rows[0]
    bad = [(i + 2, r) for i, r in enumerate(rows[1:]) if r and len(r) != len(header)]
    assert not bad, f"{path.name}: rows with {len(header)} fields expected: {bad[:3]}"


@pytest.mark.parametrize("name", ["countries.csv", "admin1.csv", "regions.csv"])
def test_points_are_on_the_globe(name):
    with open(DATA / name, newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["latitude"].strip():
                assert -90 <= float(r["latitude"]) <= 90 and -180 <= float(r["longitude"]) <= 180, r
