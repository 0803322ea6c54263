"""The HTTP API against a real uvicorn server (see conftest.py)."""
from __future__ import annotations

import httpx
import pytest
from api_support import TOKEN, XSS, sample_articles

N_EVENTS = sum(len(evs) for _, evs in sample_articles())


def ids(resp: httpx.Response) -> list[str]:
    assert resp.status_code == 200, resp.text
    return [e["article_id"] for e in resp.json()["items"]]


def test_events_lists_all_with_paging_fields(client):
    body = client.get("/api/events").json()
    assert body["total"] == N_EVENTS == len(body["items"])
    assert body["limit"] == 100 and body["offset"] == 0
    first = body["items"][0]
    assert first["event_type"] == "Battles" and first["actor1"] == "Military Forces of Syria"
    assert first["evidence"]["text"].startswith("Syrian government forces")
    dates = [e["event_date"] for e in body["items"] if e["event_date"]]
    assert dates == sorted(dates)


def test_events_filters(client):
    assert ids(client.get("/api/events", params={"event_type": "Protests"})) == ["a3"]
    assert ids(client.get("/api/events", params={"sub_event_type": "Air/drone strike"})) == ["a2"]
    assert set(ids(client.get("/api/events", params={"actor": "tahrir"}))) == {"a1", "a4"}
    assert ids(client.get("/api/events", params={"admin1": "aleppo"})) == ["a3"]
    assert ids(client.get("/api/events", params={"q": "market"})) == ["a2"]
    assert ids(client.get("/api/events", params={"status": "background"})) == ["a6"]
    assert ids(client.get("/api/events", params={"start": "2020-01-25", "end": "2020-01-28"})) == ["a3", "a5"]
    # bbox around Aleppo only
    assert ids(client.get("/api/events", params={"bbox": "37.0,36.1,37.3,36.3"})) == ["a3"]
    assert client.get("/api/events", params={"q": "no such words"}).json() == \
        {"total": 0, "items": [], "limit": 100, "offset": 0}


def test_events_bad_filters_are_422(client):
    for params in ({"bbox": "1,2,3"}, {"bbox": "a,b,c,d"}, {"start": "yesterday"}, {"limit": "-1"},
                   {"offset": "-5"}):
        r = client.get("/api/events", params=params)
        assert r.status_code == 422, params


def test_paging(client):
    page1 = client.get("/api/events", params={"limit": 2}).json()
    page2 = client.get("/api/events", params={"limit": 2, "offset": 2}).json()
    assert page1["total"] == page2["total"] == N_EVENTS
    assert len(page1["items"]) == len(page2["items"]) == 2
    assert not {e["id"] for e in page1["items"]} & {e["id"] for e in page2["items"]}
    past = client.get("/api/events", params={"offset": 100}).json()
    assert past["items"] == [] and past["total"] == N_EVENTS
    assert client.get("/api/events", params={"limit": 1000}).status_code == 200
    assert client.get("/api/events", params={"limit": 1001}).status_code == 422


def test_event_detail_and_404(client):
    ev_id = client.get("/api/events", params={"event_type": "Protests"}).json()["items"][0]["id"]
    ev = client.get(f"/api/events/{ev_id}").json()
    assert ev["id"] == ev_id and ev["location"] == "Aleppo"
    assert ev["evidence"]["text"] == "Hundreds protested in Aleppo on 26 January against rising prices."
    assert ev["article"] == {"id": "a3", "title": "Protest in Aleppo", "outlet": "Test Wire",
                             "url": "https://example.org/a3", "published": "2020-01-26T09:00:00"}
    r = client.get("/api/events/ev-doesnotexist")
    assert r.status_code == 404 and "ev-doesnotexist" in r.json()["detail"]


def test_event_detail_carries_every_outlets_claim(tmp_path):
    """Two outlets report one capture: the detail of either report shows the fused event and both claims."""
    from datetime import date, datetime

    from api_support import HTS, MAARAT, SAA, _event

    from frontwatch.api.app import _event_detail
    from frontwatch.model import Article
    from frontwatch.store import open_store

    texts = {"w1": ("Test Wire", "Government forces captured Maarat al-Numan on 20 January; 12 fighters died.", 12),
             "w2": ("Other Wire", "Troops took Maarat al-Numan on Monday, the monitor said; 15 fighters died.", 15)}
    with open_store(str(tmp_path / "f.duckdb")) as store:
        for aid, (outlet, text, dead) in texts.items():
            art = Article(aid, text, datetime(2020, 1, 21), None, outlet)
            store.add_article(art, [_event(art, "Battles", "Government regains territory", text, date(2020, 1, 20),
                                           MAARAT, SAA, HTS, fatalities=dead)])
        [first, second] = store.events()
        fused = _event_detail(store, first)["fused"]
    assert sorted(fused["event_ids"]) == sorted([first.id, second.id])
    assert {c["outlet"] for c in fused["claims"]} == {"Test Wire", "Other Wire"}
    assert (fused["fatalities_low"], fused["fatalities_high"]) == (12, 15)


def test_untrusted_text_comes_back_verbatim_as_json(client):
    ev = client.get("/api/events", params={"q": "pwned"}).json()["items"][0]
    assert ev["evidence"]["text"] == XSS


def test_geojson(client):
    r = client.get("/api/events.geojson", params={"event_type": "Battles"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/geo+json")
    fc = r.json()
    assert fc["type"] == "FeatureCollection"
    # the undated, unplaced battle has no coordinates and is left out
    assert len(fc["features"]) == 2
    assert fc["features"][0]["geometry"] == {"type": "Point", "coordinates": [36.67693, 35.6483]}
    assert client.get("/api/events.geojson", params={"bbox": "0,0"}).status_code == 422


def test_stats(client):
    s = client.get("/api/stats").json()
    assert s["counts"]["events"] == N_EVENTS and s["counts"]["articles"] == 6
    assert s["first_date"] == "2020-01-20" and s["last_date"] == "2020-01-30"
    assert s["undated"] == 1
    assert {"date": "2020-01-30", "count": 2} in s["per_day"]
    assert sum(d["count"] for d in s["per_day"]) == N_EVENTS - 1
    assert s["event_types"]["Battles"] == 3


def test_control_and_displacement_answer_lists(client):
    r = client.get("/api/control", params={"at": "2020-01-25"})
    assert r.status_code == 200 and r.json()["at"] == "2020-01-25"
    assert isinstance(r.json()["items"], list)
    for item in r.json()["items"]:
        assert {"place", "controller", "inter", "latitude", "longitude", "since"} <= set(item)
    # the army took Maarat al-Numan on the 20th; HTS Saraqeb on the 30th
    before = {c["place"]: c["inter"] for c in r.json()["items"]}
    after = {c["place"]: c["inter"] for c in client.get("/api/control?at=2020-01-31").json()["items"]}
    assert before == {"Maarat al-Numan": "State forces"}
    assert after == {"Maarat al-Numan": "State forces", "Saraqeb": "Rebel group"}
    assert client.get("/api/control", params={"at": "soon"}).status_code == 422
    assert client.get("/api/control").status_code == 422
    r = client.get("/api/displacement")
    assert r.status_code == 200 and isinstance(r.json()["items"], list)
    # the store holds one displacement figure: an answer of [] must fail
    assert [f.get("figure") for f in r.json()["items"]] == [40000]


def test_docs_and_dashboard_are_served(client):
    assert client.get("/openapi.json").json()["paths"].keys() >= {"/api/events", "/api/articles"}
    docs = client.get("/docs")
    assert docs.status_code == 200 and "swagger-ui-bundle.js" in docs.text
    assert "cdn" not in docs.text.lower() and "https://" not in docs.text    # served from the package
    assert client.get("/static/swagger/swagger-ui-bundle.js").status_code == 200
    assert client.get("/static/web/docs.js").status_code == 200
    page = client.get("/")
    assert page.status_code == 200 and 'id="map"' in page.text
    assert client.get("/static/leaflet/leaflet.js").status_code == 200
    assert client.get("/static/web/app.js").status_code == 200


ARTICLE = {"id": "post-1", "published": "2020-02-03",
           "text": "Syrian government forces captured the town of Saraqeb on Monday after heavy clashes "
                   "with rebels, the SOHR said. At least 12 fighters were killed.",
           "title": "Saraqeb falls", "source": "Test Wire"}


def test_post_needs_the_token(server):
    with httpx.Client(base_url=server.url, timeout=30) as c:
        assert c.post("/api/articles", json=ARTICLE).status_code == 401
        r = c.post("/api/articles", json=ARTICLE, headers={"Authorization": "Bearer wrong"})
        assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
        assert c.post("/api/articles", json=ARTICLE, headers={"Authorization": TOKEN}).status_code == 401


def test_post_without_configured_token_is_503(make_server, monkeypatch):
    monkeypatch.delenv("FRONTWATCH_TOKEN", raising=False)
    srv = make_server("notoken", fill=False)
    with httpx.Client(base_url=srv.url, timeout=30) as c:
        r = c.post("/api/articles", json=ARTICLE, headers={"Authorization": "Bearer anything"})
        assert r.status_code == 503 and "token" in r.json()["detail"]
        assert c.get("/api/events").json()["items"] == []   # an empty store is fine to read


def test_closed_reads_need_the_token(make_server):
    srv = make_server("closed", token=TOKEN, open_reads=False)
    with httpx.Client(base_url=srv.url, timeout=30) as c:
        assert c.get("/api/events").status_code == 401
        assert c.get("/api/stats", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200


def test_post_bad_bodies_are_422(server):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    with httpx.Client(base_url=server.url, timeout=30, headers=auth) as c:
        for body, words in ((b"{not json", "bad JSON"), (b'{"id": "x"}', "missing 'text'"),
                            (b'{"text": "   "}', "empty 'text'"), (b"[1, 2]", "expected a JSON object"),
                            (b"\xff\xfe\x00", "UTF-8"), (b"", "empty")):
            r = c.post("/api/articles", content=body, headers={"Content-Type": "application/json"})
            assert r.status_code == 422, body
            detail = r.json()["detail"]
            assert words in detail and "\n" not in detail, (body, detail)


@pytest.fixture(scope="module")
def writable(make_server):
    return make_server("writes", token=TOKEN)


def test_post_article_runs_the_pipeline_and_stores(writable):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    with httpx.Client(base_url=writable.url, timeout=60, headers=auth) as c:
        before = c.get("/api/stats").json()["counts"]
        r = c.post("/api/articles", json=ARTICLE)
        assert r.status_code == 200, r.text
        body = r.json()
        assert body["article_id"] == "post-1" and body["added"] is True and body["events"] >= 1
        stored = c.get("/api/events", params={"q": "Saraqeb falls"}).json()  # title is not searched
        assert stored["total"] == 0
        battles = c.get("/api/events", params={"start": "2020-01-31", "event_type": "Battles"}).json()
        assert [e["article_id"] for e in battles["items"]] == ["post-1"]
        assert battles["items"][0]["location"] in ("Saraqeb", "Saraqib")
        detail = c.get(f"/api/events/{battles['items'][0]['id']}").json()
        assert detail["article"]["title"] == "Saraqeb falls"
        after = c.get("/api/stats").json()["counts"]
        assert after["articles"] == before["articles"] + 1
        again = c.post("/api/articles", json=ARTICLE).json()
        assert again == {"article_id": "post-1", "added": False, "events": 0}


def test_security_headers_on_every_response(client):
    for path in ("/", "/docs", "/api/events", "/api/events/nope", "/static/web/app.js"):
        h = client.get(path).headers
        assert "frame-ancestors 'none'" in h["content-security-policy"], path
        assert "script-src 'self'" in h["content-security-policy"] and "unsafe-eval" not in h["content-security-policy"]
        assert h["x-content-type-options"] == "nosniff" and h["x-frame-options"] == "DENY", path


@pytest.mark.parametrize("params", [{"limit": 2**63}, {"offset": 2**63}, {"offset": 2**64 + 5}, {"limit": -1},
                                    {"offset": "1e99"}, {"bbox": "nan,nan,nan,nan"}, {"start": "2020-13-45"}])
def test_out_of_range_parameters_are_422_not_500(client, params):
    assert client.get("/api/events", params=params).status_code == 422, params
    assert client.get("/api/events.geojson", params=params).status_code == 422, params


def test_huge_body_is_refused_before_it_is_read(server):
    auth = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
    with httpx.Client(base_url=server.url, timeout=30, headers=auth) as c:
        r = c.post("/api/articles", content=b'{"id": "big", "text": "' + b"a" * 3_000_000 + b'"}')
        assert r.status_code == 413 and "too large" in r.json()["detail"]

        def chunks():       # no Content-Length: refused while streaming
            yield b'{"id": "big2", "text": "'
            for _ in range(40):
                yield b"b" * 100_000
            yield b'"}'
        r = c.post("/api/articles", content=chunks())
        assert r.status_code == 413
        assert c.get("/api/events", params={"q": "bbbb"}).json()["total"] == 0
