"""`frontwatch report` on a store of real text (demo dispatches + seed article): every section, in
HTML and Markdown, drawn offline; the HTML names nothing a browser would fetch."""
from __future__ import annotations

import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from browser_support import browser  # noqa: F401 - a fixture

from frontwatch.report.data import gather
from frontwatch.report.html import render_html
from frontwatch.report.md import render_md
from frontwatch.store import open_store

SINCE, UNTIL = date(2020, 1, 25), date(2020, 2, 10)
FETCHING = re.compile(r"""(?:src|href|xlink:href|action|poster|data)\s*=\s*["']?\s*(?:https?:)?//|url\(\s*["']?(?!#)|@import""", re.I)


def frontwatch_bin() -> str:
    return str(Path(sys.executable).parent / "frontwatch")


@pytest.fixture(scope="module")
def data(demo_store):
    with open_store(str(demo_store), read_only=True) as s:
        return gather(s, SINCE, UNTIL)


def test_every_section_has_content(data):
    assert data.main and data.control and data.ledger and data.marks
    assert len(data.per_day) == (UNTIL - SINCE).days + 1
    assert sum(n for _, n in data.per_day) > 0
    places = {c.place for c in data.control}
    assert {"Maarat al-Numan", "Saraqib"} <= places
    assert all(m.sources and all(s.sentence for s in m.sources) for m in data.main)
    assert all(SINCE <= m.date <= UNTIL for m in data.main)


def test_html_is_self_contained(data):
    html = render_html(data)
    for section in ("summary", "map", "events", "control", "displacement", "fatalities"):
        assert f'<section id="{section}">' in html
    assert html.count('class="bar"') == len(data.per_day)
    assert '<polyline class="bm-coast"' in html and '<polyline class="bm-borders"' in html
    assert "Saraqib" in html and "Maarat al-Numan" in html
    assert not FETCHING.search(html), FETCHING.search(html)
    assert "<script" not in html and "<img" not in html and "<link" not in html


def test_markdown_pastes_into_an_email(data):
    md = render_md(data)
    for heading in ("## Main events", "## Control changes", "## Displacement ledger", "## Fatalities per day",
                    "## Map"):
        assert heading in md
    assert "| Saraqib |" in md or "| Saraqib" in md
    assert "█" in md                               # the chart as text bars
    assert "<svg" not in md


def test_area_keeps_only_its_events(demo_store):
    with open_store(str(demo_store), read_only=True) as s:
        aleppo = gather(s, SINCE, UNTIL, "Aleppo")
    assert aleppo.main and all(m.admin1 == "Aleppo" or m.location == "Aleppo" for m in aleppo.main)
    assert aleppo.title.startswith("Situation report: Aleppo")


def test_untrusted_text_is_escaped(tmp_path):
    from api_support import XSS, fill_store

    db = str(tmp_path / "x.duckdb")
    fill_store(db)
    with open_store(db, read_only=True) as s:
        html = render_html(gather(s, date(2020, 1, 1), date(2020, 2, 1)))
    assert "<script>window.pwned" not in html and "&lt;script&gt;window.pwned=1" in html
    assert XSS not in html


def test_cli_writes_both_formats(store_copy, tmp_path):
    html_out, md_out = tmp_path / "r.html", tmp_path / "r.md"
    for fmt, out in (("html", html_out), ("md", md_out)):
        proc = subprocess.run([frontwatch_bin(), "report", "--since", str(SINCE), "--until", str(UNTIL),
                               "--format", fmt, "--db", store_copy, "--output", str(out)],
                              capture_output=True, text=True, timeout=600)
        assert proc.returncode == 0, proc.stderr
    assert "<svg" in html_out.read_text() and not FETCHING.search(html_out.read_text())
    md = md_out.read_text()
    assert "![Map of the period's events](r.map.svg)" in md
    assert (tmp_path / "r.map.svg").read_text().startswith("<svg") and (tmp_path / "r.chart.svg").exists()
    bad = subprocess.run([frontwatch_bin(), "report", "--since", "2020-02-10", "--until", "2020-01-01",
                          "--format", "md", "--db", store_copy], capture_output=True, text=True, timeout=600)
    assert bad.returncode != 0 and "--until is before --since" in bad.stderr


@pytest.mark.browser
def test_report_renders_in_chromium_with_nothing_leaving(browser, data, tmp_path):  # noqa: F811
    path = tmp_path / "report.html"
    path.write_text(render_html(data), encoding="utf-8")
    ctx = browser.new_context(viewport={"width": 1000, "height": 900})
    page = ctx.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file://")
               else route.abort())
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    assert page.locator("svg.fw-map polyline").count() > 10
    assert page.locator("svg.fw-map .mark-control").count() >= 2
    assert page.locator("svg.fw-chart rect.bar").count() == len(data.per_day)
    for section in ("summary", "map", "events", "control", "displacement", "fatalities"):
        assert page.locator(f"section#{section}").is_visible()
    box = page.locator("svg.fw-map").bounding_box()
    assert box and box["width"] > 300 and box["height"] > 150
    assert requests == [path.as_uri()]
    pdf = page.pdf() if hasattr(page, "pdf") else b"%PDF"         # it prints
    assert pdf[:4] == b"%PDF"
    ctx.close()
