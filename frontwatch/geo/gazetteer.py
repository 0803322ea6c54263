"""Open the gazetteer index (building it on first use) and look names up."""
from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from . import build as _build
from .normalize import key1, key_rows

ADD_OFFSET = 1_000_000_000   # ids of places from user additions


@dataclass(frozen=True, slots=True)
class Cand:
    """One gazetteer entry a name may refer to."""

    pid: int
    geonameid: int | None
    name: str
    lat: float
    lon: float
    cc: str | None
    a1code: str | None
    feature: str
    pop: int
    approx: int
    quality: float
    a1name: str | None = None
    lvl: int = 0        # best key level that matched (0 strict, 1 transliteration, 2 vowel slots, 3 skeleton)


_LVL_Q = {0: 1.0, 1: 0.92, 2: 0.8, 3: 0.7}
_KIND_Q = {0: 1.0, 1: 0.9, 2: 0.75}


def gazetteer_dir(home: Path | None = None) -> Path:
    """Per-user gazetteer directory (FRONTWATCH_HOME/gazetteer): user additions."""
    if home is None:
        from frontwatch.config import home as _home

        home = _home()
    d = Path(home) / "gazetteer"
    d.mkdir(parents=True, exist_ok=True)
    return d


def cache_dir() -> Path:
    """Shared cache for the packaged index: FRONTWATCH_CACHE, else
    $XDG_CACHE_HOME/frontwatch, else ~/.cache/frontwatch."""
    env = os.environ.get("FRONTWATCH_CACHE")
    if env:
        base = Path(env).expanduser()
    else:
        xdg = os.environ.get("XDG_CACHE_HOME")
        base = (Path(xdg) if xdg else Path.home() / ".cache") / "frontwatch"
    d = base / "gazetteer"
    d.mkdir(parents=True, exist_ok=True)
    return d


def index_path(home: Path | None = None) -> Path:
    """The packaged index. It is built only from packaged data and named by its content
    hash, so every FRONTWATCH_HOME shares one copy in the cache directory. (`home` is
    accepted for compatibility: an index file already present in home()/gazetteer, e.g.
    a symlink made by a test fixture, is used as is.)"""
    name = f"index-{_build.version()}.sqlite"
    if home is not None:
        local = Path(home) / "gazetteer" / name
        if local.exists():
            return local
    return cache_dir() / name


_KEEP_VERSIONS = 3     # other checkouts may share the cache: keep a few recent versions


def ensure_index(home: Path | None = None) -> Path:
    """The current index file, built if missing (atomically, one builder at a time)."""
    path = index_path(home)
    if path.exists():
        return path
    lock = path.with_suffix(".lock")
    try:
        import fcntl

        with open(lock, "w") as lf:
            fcntl.flock(lf, fcntl.LOCK_EX)
            if not path.exists():
                _build.build(path)        # writes a temp file, then renames it
    except ImportError:  # pragma: no cover - non-POSIX
        if not path.exists():
            _build.build(path)
    olds = sorted((p for p in path.parent.glob("index-*.sqlite") if p != path),
                  key=lambda p: p.stat().st_mtime, reverse=True)
    for old in olds[_KEEP_VERSIONS - 1:]:
        for f in (old, old.with_suffix(".lock")):
            try:
                f.unlink()
            except OSError:
                pass
    return path


class Gazetteer:
    def __init__(self, home: Path | None = None):
        from .additions import additions_path, ensure_keys

        self.home = Path(home) if home else None
        path = ensure_index(self.home)
        self.con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self.con.execute("PRAGMA cache_size=-32000")
        add = additions_path(self.home)
        self.has_additions = add.exists()
        if self.has_additions:
            ensure_keys(add)
            self.con.execute("ATTACH DATABASE ? AS addn", (f"file:{add}?mode=ro",))
        self.admin1: dict[tuple[str, str], tuple[str, float, float, int]] = {
            (cc, code): (name, lat, lon, pid)
            for cc, code, name, lat, lon, pid in self.con.execute("SELECT * FROM admin1")
        }
        if self.has_additions:
            for cc, code, name, lat, lon, pid in self.con.execute("SELECT * FROM addn.admin1"):
                self.admin1.setdefault((cc, code), (name, lat, lon, pid))
        self._cache: dict[str, list[Cand]] = {}
        # first-level division code by (country, name key): ACLED additions carry a name only
        self._a1_by_name: dict[tuple[str, str], str] = {}
        for k, cc, code in self.con.execute(
                "SELECT n.key, p.cc, p.a1code FROM names n JOIN places p ON p.id = n.pid "
                "WHERE p.feature = 'A.ADM1' AND n.lvl = 1 AND p.a1code IS NOT NULL"):
            self._a1_by_name.setdefault((cc, k), code)

    # ------------------------------------------------------------------ lookup
    def _query(self, pairs: list[tuple[str, int]]) -> dict[tuple[str, int], list[tuple]]:
        out: dict[tuple[str, int], list[tuple]] = {}
        if not pairs:
            return out
        sources = [("names", "places", 0)]
        if self.has_additions:
            sources.append(("addn.names", "addn.places", ADD_OFFSET))
        for i in range(0, len(pairs), 300):
            chunk = pairs[i:i + 300]
            cond = " OR ".join(["(n.key=? AND n.lvl=?)"] * len(chunk))
            args = [x for p in chunk for x in p]
            for names, places, off in sources:
                sql = (f"SELECT n.key, n.lvl, n.kind, p.id + {off}, p.geonameid, p.name, p.lat, p.lon, "
                       f"p.cc, p.a1code, p.feature, p.pop, p.approx, p.a1name FROM {names} n "
                       f"JOIN {places} p ON p.id = n.pid WHERE {cond}")
                for row in self.con.execute(sql, args):
                    out.setdefault((row[0], row[1]), []).append(row[2:])
        return out

    def candidates_many(self, names: list[str], loose: bool = True,
                        all_levels: bool = False) -> dict[str, list[Cand]]:
        """Candidates for each surface name (cached), best match quality per place: those of
        the strictest key level that matched, or (`all_levels`) every level, `lvl` telling."""
        todo = [n for n in dict.fromkeys(names) if n not in self._cache]
        if todo:
            pairs = []
            keys_of = {}
            for n in todo:
                keys_of[n] = key_rows(n)
                pairs += [(k, lvl) for lvl, k in keys_of[n]]
            rows = self._query(list(dict.fromkeys(pairs)))
            for n in todo:
                best: dict[int, Cand] = {}
                # its own keys only: a loose key when it is usable for this name, not because another
                # name of the batch asked for the same key (that made a name's candidates depend on
                # the batch it came in)
                for lvl, k in keys_of[n]:
                    # in place order: SQLite returns a batch's rows in an order that depends on the other
                    # names of the batch, and the order breaks ties, so a name must not see it
                    for kind, pid, gid, nm, lat, lon, cc, a1, feat, pop, approx, a1n in sorted(
                            rows.get((k, lvl), ()), key=lambda r: (r[1], r[0])):
                        if not a1 and a1n and cc:
                            a1 = self._a1_by_name.get((cc, key1(a1n)))
                        q = _LVL_Q[lvl] * _KIND_Q.get(kind, 0.7)
                        old = best.get(pid)
                        if old is None or q > old.quality:
                            best[pid] = Cand(pid, gid, nm, lat, lon, cc, a1, feat, pop, approx, q, a1n,
                                             min(lvl, old.lvl) if old else lvl)
                self._cache[n] = _dedupe(list(best.values()))
        if all_levels:      # copies: a caller that edits its list must not edit the cache
            return {n: list(self._cache[n]) for n in names}
        # a looser key only competes when no stricter key matched at all
        out = {n: _top_level(self._cache[n]) for n in names}
        if not loose:
            out = {n: [c for c in cs if c.quality > 0.8] for n, cs in out.items()}
        return out

    def candidates(self, name: str, loose: bool = True) -> list[Cand]:
        return self.candidates_many([name], loose)[name]

    def admin1_of(self, c: Cand) -> str | None:
        return c.a1name or self.admin1_name(c.cc, c.a1code)

    def admin1_name(self, cc: str | None, code: str | None) -> str | None:
        if not cc or not code:
            return None
        a = self.admin1.get((cc, code))
        return a[0] if a else None

    def close(self):
        self.con.close()


def _top_level(cs: list[Cand]) -> list[Cand]:
    if not cs:
        return cs
    top = min(c.lvl for c in cs)
    return [c for c in cs if c.lvl == top]


def _dedupe(cands: list[Cand]) -> list[Cand]:
    """A place from user additions (same geonameid) replaces the packaged one."""
    from dataclasses import replace

    by_gid: dict[int, Cand] = {}
    rest = []
    for c in sorted(cands, key=lambda c: -c.pid):   # additions (big ids) first
        if c.geonameid:
            old = by_gid.get(c.geonameid)
            if old is None:
                by_gid[c.geonameid] = c
            elif c.quality > old.quality:
                by_gid[c.geonameid] = replace(old, quality=c.quality)
        else:
            rest.append(c)
    return list(by_gid.values()) + rest


def default_home() -> Path:
    from frontwatch.config import home

    return home()


if os.environ.get("FRONTWATCH_GEO_DEBUG"):  # pragma: no cover
    import logging

    logging.basicConfig(level=logging.DEBUG)
