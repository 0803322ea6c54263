"""The dashboard in chromium (network blocked but for our server): the offline basemap is drawn,
and while `frontwatch watch` runs, a feed's new item becomes an event on the map and its capture an
alert in the list, without a reload (server-sent events)."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import time

import pytest
from api_support import LiveServer
from browser_support import browser  # noqa: F401 - a fixture
from feed_server import item
from watch_support import frontwatch_bin

from frontwatch.api.app import create_app

pytestmark = [pytest.mark.browser]


def open_page(browser, url):  # noqa: F811
    ctx = browser.new_context(viewport={"width": 1280, "height": 800})
    page = ctx.new_page()
    errors: list[str] = []
    outside: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    def route(r):
        if r.request.url.startswith(url):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.goto(url + "/")
    page.wait_for_selector("body[data-ready='1']", timeout=30000)
    return ctx, page, errors, outside


def test_basemap_is_drawn_with_the_network_blocked(browser, store_copy):  # noqa: F811
    with LiveServer(create_app(store_copy)) as srv:
        ctx, page, errors, outside = open_page(browser, srv.url)
        page.wait_for_selector("#map[data-basemap='1']", timeout=30000)
        for layer in ("coast", "borders", "admin1"):
            d = page.locator(f"#map path.bm-{layer}").first.get_attribute("d") or ""
            assert len(d) > 50, layer                # lines in view, not an empty path
        assert page.locator(".bm-city").count() > 0
        cities = page.locator(".bm-city").all_inner_texts()
        assert "Aleppo" in cities or "Idlib" in cities
        assert page.locator("#map .leaflet-tile").count() == 0     # no tile URL configured: no tiles
        assert outside == [] and errors == []
        ctx.close()


def test_tiles_only_when_configured(store_copy):
    import httpx

    url = "https://tiles.example.org/{z}/{x}/{y}.png"
    with LiveServer(create_app(store_copy, tiles=url)) as srv:
        cfg = httpx.get(srv.url + "/api/config", timeout=30)
    assert cfg.json()["tiles"] == url
    assert "img-src 'self' data: https://tiles.example.org;" in cfg.headers["content-security-policy"]
    with LiveServer(create_app(store_copy)) as srv:
        cfg = httpx.get(srv.url + "/api/config", timeout=30)
    assert cfg.json()["tiles"] is None
    assert "img-src 'self' data:;" in cfg.headers["content-security-policy"]


CAPTURE = item("cap", "Rebels retake Saraqeb",
               "BEIRUT, March 12 - Rebel fighters of Hayat Tahrir al-Sham recaptured the town of Saraqeb from "
               "government forces on Thursday after a night of fierce clashes, the Syrian Observatory for Human "
               "Rights said.", "Thu, 12 Mar 2020 09:00:00 GMT")


LATER = item("later", "Shelling in Ariha",
             "Government artillery shelled the town of Ariha in Idlib province on Friday, killing 4 civilians, "
             "the Syrian Observatory for Human Rights said.", "Fri, 13 Mar 2020 09:00:00 GMT")


def test_a_new_feed_item_and_its_alert_appear_without_a_reload(browser, store_copy, srv, tmp_path, _home):  # noqa: F811
    rules = tmp_path / "rules.yaml"
    rules.write_text("rules:\n  - name: saraqeb\n    kind: control_change\n    places: [Saraqeb]\n")
    feed = srv.add_feed("/wire.xml", [])
    env = dict(os.environ, FRONTWATCH_HOME=str(_home))
    with LiveServer(create_app(store_copy)) as api:
        ctx, page, errors, outside = open_page(browser, api.url)
        page.evaluate("window.__sameDocument = true")
        total0 = int(page.locator("#count").inner_text().split(" of ")[1].split()[0])
        shown0 = int(page.locator("#count").inner_text().split(" of ")[0])
        watch = subprocess.Popen([frontwatch_bin(), "watch", srv.feed_url(feed), "--interval", "0.5", "--db", store_copy,
                                  "--alerts", str(rules), "--allow-private"],
                                 env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            # the watch raises the store's own alerts first; the list shows them as they come
            page.wait_for_selector("#alerts li.alert", timeout=300_000)
            n_alerts = page.locator("#alerts li.alert").count()
            srv.add_item(feed, CAPTURE)
            page.wait_for_function(f"() => Number(document.querySelector('#count').textContent"
                                   f".split(' of ')[1].split(' ')[0]) > {total0}", timeout=300_000)
            page.wait_for_function("() => [...document.querySelectorAll('#alerts li.alert .alert-title')]"
                                   ".some(e => e.textContent.includes('Tahrir'))", timeout=300_000)
            shown_hts = page.locator("#alerts li.alert", has_text="Tahrir").count()
            assert shown_hts >= 1 and page.locator("#alerts li.alert").count() > n_alerts
            assert page.evaluate("window.__sameDocument") is True          # no reload
            slider = page.locator("#slider")
            assert slider.input_value() == slider.get_attribute("max")     # still showing up to the last day
            shown = int(page.locator("#count").inner_text().split(" of ")[0])
            assert shown > shown0                                           # the new event is on the map
            page.locator("#alerts li.alert", has_text="Tahrir").click()
            assert "recaptured the town of Saraqeb" in page.locator("#alerts li.alert", has_text="Tahrir").inner_text()
            # one more item, now that the watcher has its models loaded: measured, not asserted (see README)
            total1 = int(page.locator("#count").inner_text().split(" of ")[1].split()[0])
            t0 = time.monotonic()
            srv.add_item(feed, LATER)
            page.wait_for_function(f"() => Number(document.querySelector('#count').textContent"
                                   f".split(' of ')[1].split(' ')[0]) > {total1}", timeout=300_000)
            print(f"\nfeed item to dashboard event: {time.monotonic() - t0:.1f} s (poll interval 0.5 s)")
        finally:
            watch.send_signal(signal.SIGTERM)
            out, err = watch.communicate(timeout=120)
        assert watch.returncode == 0, err
        # each alert once: on stdout as in the list
        assert sum("Tahrir" in json.loads(line)["title"] for line in out.splitlines()) == shown_hts
        assert len({json.loads(line)["id"] for line in out.splitlines()}) == len(out.splitlines())
        assert outside == [] and errors == []
        ctx.close()
