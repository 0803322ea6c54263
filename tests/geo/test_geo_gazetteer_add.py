"""`frontwatch gazetteer add`: GeoNames dumps and ACLED exports, all-or-nothing."""
import sqlite3
from pathlib import Path

from click.testing import CliRunner

from frontwatch.geo.additions import additions_path
from frontwatch.geo.cli import gazetteer

FIX = Path(__file__).parent / "fixtures"


def _count(home: Path) -> int:
    p = additions_path(home)
    if not p.exists():
        return 0
    with sqlite3.connect(p) as con:
        return con.execute("SELECT count(*) FROM places").fetchone()[0]


def test_add_geonames_txt(fresh_home):
    r = CliRunner().invoke(gazetteer, ["add", str(FIX / "geonames_sample.txt")])
    assert r.exit_code == 0, r.output
    assert "added 4" in r.output
    from frontwatch.geo import get_geoparser

    gp = get_geoparser()
    p = gp.lookup("Qaryat al Ikhtibar")
    assert p is not None and p.geonameid == 9900001 and p.country == "SY" and p.admin1 == "Idlib"
    assert gp.lookup("Tell ez-Zeitoun").feature == "T.HLL"
    # a GeoNames row for a packaged place replaces it (real feature code)
    assert gp.lookup("Aleppo", country="SY").feature == "P.PPLA"
    # additions live apart from the index, so an index rebuild keeps them
    assert additions_path(fresh_home).exists()
    assert not any("additions" in q.name for q in (fresh_home / "gazetteer").glob("index-*"))


def test_add_geonames_zip_and_rows_replace(fresh_home):
    runner = CliRunner()
    assert runner.invoke(gazetteer, ["add", str(FIX / "XX.zip")]).exit_code == 0
    n = _count(fresh_home)
    assert runner.invoke(gazetteer, ["add", str(FIX / "geonames_sample.txt")]).exit_code == 0
    assert _count(fresh_home) == n     # same geonameids: replaced, not duplicated


def test_add_acled(fresh_home):
    r = CliRunner().invoke(gazetteer, ["add", "--acled", str(FIX / "acled_sample.csv")])
    assert r.exit_code == 0, r.output
    assert "added 2" in r.output       # two rows are one place (name + rounded coordinates)
    from frontwatch.geo import get_geoparser

    p = get_geoparser().lookup("Kafr Testa")
    assert p is not None and p.country == "SY" and p.admin1 == "Idlib"


def test_bad_inputs_fail_cleanly(fresh_home):
    runner = CliRunner()
    r = runner.invoke(gazetteer, ["add", str(FIX / "nope.txt")])
    assert r.exit_code != 0 and "nope.txt" in r.output and "no such file" in r.output
    before = _count(fresh_home)
    r = runner.invoke(gazetteer, ["add", str(FIX / "geonames_bad.txt")])
    assert r.exit_code != 0
    assert "geonames_bad.txt:2:" in r.output and "malformed" in r.output
    assert len(r.output.strip().splitlines()) == 1
    assert _count(fresh_home) == before          # first (good) row rolled back too
    r = runner.invoke(gazetteer, ["add", "--acled", str(FIX / "acled_bad.csv")])
    assert r.exit_code != 0 and "acled_bad.csv:3:" in r.output
    assert _count(fresh_home) == before
    r = runner.invoke(gazetteer, ["add", str(FIX / "acled_sample.csv")])   # CSV given as GeoNames
    assert r.exit_code != 0 and "acled_sample.csv" in r.output
    r = runner.invoke(gazetteer, ["add", "--acled", str(FIX / "geonames_sample.txt")])
    assert r.exit_code != 0 and "not an ACLED export" in r.output
    assert _count(fresh_home) == before


def test_base_index_is_shared_through_the_cache(geo_home, tmp_path, monkeypatch):
    import time

    from frontwatch.geo.gazetteer import Gazetteer, cache_dir, index_path

    path = index_path(geo_home)
    assert path.exists()
    # a second, empty FRONTWATCH_HOME finds the same index: no build
    other = tmp_path / "other_home"
    t0 = time.time()
    g = Gazetteer(other)
    assert time.time() - t0 < 5
    assert index_path(other) == path
    assert not list((other / "gazetteer").glob("index-*.sqlite"))
    g.close()
    monkeypatch.setenv("FRONTWATCH_CACHE", str(tmp_path / "c"))
    assert cache_dir() == tmp_path / "c" / "gazetteer"
    monkeypatch.delenv("FRONTWATCH_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "x"))
    assert cache_dir() == tmp_path / "x" / "frontwatch" / "gazetteer"
