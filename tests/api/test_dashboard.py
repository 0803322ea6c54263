"""The map dashboard in Debian's chromium, driven by Playwright, against a real server."""
from __future__ import annotations

import pytest
from browser_support import browser  # noqa: F401 - a fixture

pytestmark = [pytest.mark.browser]


@pytest.fixture
def page(browser, server):  # noqa: F811 - the fixture imported above
    ctx = browser.new_context(viewport={"width": 1280, "height": 800})
    pg = ctx.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    # offline: no tile server, nothing but our own server
    pg.route("**/*", lambda route: route.continue_() if route.request.url.startswith(server.url)
             else route.abort())
    pg.goto(server.url + "/")
    pg.wait_for_selector("body[data-ready='1']", timeout=15000)
    yield pg
    assert errors == []
    ctx.close()


def marker_count(pg) -> int:
    return pg.locator("#map path.ev-marker").count()


def set_slider(pg, index: int) -> None:
    pg.eval_on_selector("#slider", "(el, v) => { el.value = String(v); "
                        "el.dispatchEvent(new Event('input', {bubbles: true})); }", index)


def test_page_shows_markers_legend_histogram_and_ledger(page):
    # 7 events, 6 with coordinates
    assert marker_count(page) == 6
    assert "Battles" in page.locator("#legend").inner_text()
    assert page.locator("#histogram .bar").count() == 11     # 2020-01-20 .. 2020-01-30
    assert page.locator("#slider-date").inner_text() == "2020-01-30"
    page.wait_for_function("() => document.querySelectorAll('#ledger .ledger-bar, #ledger .empty').length > 0")


def test_slider_changes_markers_and_control_shading(page):
    page.wait_for_function("() => document.querySelector('#map').dataset.controlAt === '2020-01-30'")
    shading_end = page.locator("#map path.control-area").count()
    set_slider(page, 5)   # 2020-01-25
    assert page.locator("#slider-date").inner_text() == "2020-01-25"
    assert marker_count(page) == 2            # the battle of the 20th and the strike of the 24th
    page.wait_for_function("() => document.querySelector('#map').dataset.controlAt === '2020-01-25'")
    shading_mid = page.locator("#map path.control-area").count()
    assert (shading_mid, shading_end) == (1, 2)
    assert page.locator("#map path.control-area").first.get_attribute("data-inter") == "State forces"
    set_slider(page, 0)
    assert marker_count(page) == 1


def test_histogram_click_filters_to_that_day(page):
    page.locator("#histogram .bar[data-day='2020-01-24']").click()
    assert marker_count(page) == 1
    assert page.locator("#histogram .bar.selected").get_attribute("data-day") == "2020-01-24"
    page.locator("#histogram .bar[data-day='2020-01-24']").click()
    assert marker_count(page) == 6


def test_marker_click_shows_evidence_with_highlights(page):
    page.fill("#filter-q", "market")
    page.press("#filter-q", "Enter")
    page.wait_for_selector("body[data-ready='1']")
    assert marker_count(page) == 1
    page.locator("#map path.ev-marker").first.click()
    panel = page.locator("#event-panel")
    panel.locator("#evidence").wait_for()
    assert "An airstrike hit a market in Idlib city on 24 January" in panel.inner_text()
    marks = panel.locator("mark").all_inner_texts()
    assert "Idlib" in marks and "8" in marks and "24" in marks
    assert "Airstrike on Idlib market" in panel.inner_text()


def test_untrusted_evidence_is_shown_as_text(page):
    page.select_option("#filter-type", "Violence against civilians")
    page.wait_for_selector("body[data-ready='1']")
    assert marker_count(page) == 1
    page.locator("#map path.ev-marker").first.click()
    page.locator("#event-panel #evidence").wait_for()
    text = page.locator("#event-panel #evidence").inner_text()
    assert "<script>window.pwned=1</script>" in text
    assert '<img src=x onerror="window.pwned=2">' in text
    assert page.locator("#event-panel script, #event-panel img").count() == 0
    assert "<b>Untrusted</b> title" in page.locator("#event-panel").inner_text()
    page.wait_for_timeout(200)
    assert page.evaluate("typeof window.pwned") == "undefined"



XSS_PLACE = '<img src=x onerror="window.pwned=3">Kafr<b>Nabl</b>'
XSS_ACTOR = '<script>window.pwned=4</script>Forces'


@pytest.fixture(scope="module")
def xss_server(tmp_path_factory):
    """A store whose place and actor names are markup: tooltips must show them as text."""
    from datetime import date, datetime

    from api_support import LiveServer

    from frontwatch.api.app import create_app
    from frontwatch.model import Actor, Article, Event, Evidence, Place
    from frontwatch.store import open_store

    path = str(tmp_path_factory.mktemp("xss") / "store.duckdb")
    text = f"Syrian government forces captured {XSS_PLACE} on 20 January after clashes with HTS."
    art = Article("x1", text, datetime(2020, 1, 20, 18), "t", "Test Wire", "https://example.org/x1")
    place = Place(XSS_PLACE, 35.5, 36.6, "SY", "Idlib")
    actor = Actor(XSS_ACTOR, "State forces", XSS_ACTOR)
    ev = Event("x1", "Battles", "Government regains territory", Evidence(text, 0, len(text)),
               event_date=date(2020, 1, 20), actor1=actor, place=place)
    with open_store(path) as store:
        assert store.add_article(art, [ev])
    with LiveServer(create_app(path)) as srv:
        yield srv


def test_marker_and_control_tooltips_show_markup_as_text(browser, xss_server):  # noqa: F811
    ctx = browser.new_context(viewport={"width": 1280, "height": 800})
    pg = ctx.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.route("**/*", lambda route: route.continue_() if route.request.url.startswith(xss_server.url)
             else route.abort())
    pg.goto(xss_server.url + "/")
    pg.wait_for_selector("body[data-ready='1']", timeout=15000)
    pg.wait_for_function("() => document.querySelector('#map').dataset.controlAt === '2020-01-20'")
    shown = {}
    # the control area's rim, away from the marker drawn at its centre
    for selector, where in (("#map path.ev-marker", None), ("#map path.control-area", {"x": 22, "y": 5})):
        pg.locator(selector).first.hover(force=True, position=where)
        tip = pg.locator(".leaflet-tooltip").last
        tip.wait_for()
        shown[selector] = tip.inner_text()
        assert XSS_PLACE in shown[selector], (selector, shown)
        assert pg.locator(".leaflet-tooltip img, .leaflet-tooltip script, .leaflet-tooltip b").count() == 0
        pg.mouse.move(5, 5)
    assert "since 2020-01-20" in shown["#map path.control-area"], shown
    pg.wait_for_timeout(200)
    assert pg.evaluate("typeof window.pwned") == "undefined"
    assert errors == []
    ctx.close()
