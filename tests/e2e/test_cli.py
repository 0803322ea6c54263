"""The CLI through the installed entry point, per ../shared/CONTRACT.md."""
import csv
import io
import json

ARTICLE = {"id": "t1", "published": "2020-02-08",
           "text": "Syrian government forces captured the town of Saraqib in Idlib province on Saturday after "
                   "days of heavy fighting with rebel fighters, state media said.\n"
                   "Troops are expected to push toward Jisr al-Shughur next."}


def test_every_command_has_help(run):
    for cmd in ("extract", "geoparse", "ingest", "export", "train", "gazetteer"):
        proc = run(cmd, "--help")
        assert proc.returncode == 0, proc.stderr
        assert "Usage:" in proc.stdout


def test_extract_codes_an_article(run):
    proc = run("extract", "-", input=json.dumps(ARTICLE) + "\n", check=True)
    events = [json.loads(x) for x in proc.stdout.splitlines()]
    assert len(events) == 1
    e = events[0]
    assert (e["event_type"], e["sub_event_type"]) == ("Battles", "Government regains territory")
    assert e["event_date"] == "2020-02-08" and e["inter1"] == "State forces"
    assert e["country"] == "SY" and abs(e["latitude"] - 35.86) < 0.1 and abs(e["longitude"] - 36.80) < 0.1
    assert ARTICLE["text"][e["evidence"]["start"]:e["evidence"]["end"]] == e["evidence"]["text"]


def test_extract_reports_bad_lines_and_keeps_going(run):
    lines = ["{not json", json.dumps({"id": "x", "text": ""}), json.dumps(ARTICLE)]
    proc = run("extract", "-", input="\n".join(lines) + "\n")
    assert proc.returncode != 0
    errors = [x for x in proc.stderr.splitlines() if x.startswith("frontwatch: <stdin>:")]
    assert [e.split(":")[2] for e in errors] == ["1", "2"], proc.stderr
    assert len(proc.stdout.splitlines()) == 1          # the good article still came out


def test_extract_names_an_unreadable_file(run, tmp_path):
    proc = run("extract", tmp_path / "missing.jsonl")
    assert proc.returncode != 0 and "missing.jsonl" in proc.stderr
    binary = tmp_path / "blob.jsonl"
    binary.write_bytes(b"\x00\xff\xfe" * 100)
    proc = run("extract", binary)
    assert proc.returncode != 0 and "blob.jsonl" in proc.stderr


def test_reading_a_store_that_does_not_exist_is_an_error(run, tmp_path):
    missing = tmp_path / "typo.duckdb"
    for args in (["export", "--db", missing], ["control", "--at", "2020-01-01", "--db", missing]):
        proc = run(*args)
        assert proc.returncode != 0 and "typo.duckdb: no such store" in proc.stderr
    assert not missing.exists()


def test_extract_says_when_the_input_is_empty(run, tmp_path):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    proc = run("extract", empty)
    assert proc.returncode != 0 and "empty.jsonl: no articles" in proc.stderr


def test_geoparse_both_modes(run):
    text = "Fighting spread from Saraqeb to Maaret al-Numan."
    proc = run("geoparse", "-", input=json.dumps({"id": "g", "text": text}) + "\n", check=True)
    places = json.loads(proc.stdout)["places"]
    names = {text[p["start"]:p["end"]] for p in places}
    assert {"Saraqeb", "Maaret al-Numan"} <= names
    spans = [{"start": 21, "end": 28}]
    proc = run("geoparse", "-", input=json.dumps({"id": "g", "text": text, "toponyms": spans}) + "\n", check=True)
    [p] = json.loads(proc.stdout)["places"]
    assert (p["start"], p["end"], p["country"]) == (21, 28, "SY")


def test_ingest_is_idempotent_and_exports(run, tmp_path):
    src = tmp_path / "a.jsonl"
    src.write_text(json.dumps(ARTICLE) + "\n")
    db = tmp_path / "s.duckdb"
    first = run("ingest", src, "--db", db, check=True)
    assert "ingested 1 article(s) with 1 event(s)" in first.stderr
    again = run("ingest", src, "--db", db, check=True)
    assert "ingested 0 article(s)" in again.stderr and "1 already stored" in again.stderr
    out = run("export", "--format", "csv", "--db", db, check=True).stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 1 and rows[0]["sub_event_type"] == "Government regains territory"
    gj = json.loads(run("export", "--format", "geojson", "--db", db, check=True).stdout)
    assert gj["type"] == "FeatureCollection" and len(gj["features"]) == 1
    lon, lat = gj["features"][0]["geometry"]["coordinates"]
    assert abs(lat - 35.86) < 0.1 and abs(lon - 36.80) < 0.1
    target = tmp_path / "acled.csv"
    run("export", "--format", "acled", "--db", db, "--output", target, check=True)
    assert target.read_text().startswith("event_id_cnty,event_date,year")


def test_ingest_bad_input_stores_nothing_and_says_why(run, tmp_path):
    db = tmp_path / "s.duckdb"
    bad = tmp_path / "bad.html"
    bad.write_bytes(b"\x00\x01binary\x00" * 50)
    proc = run("ingest", bad, "--db", db)
    assert proc.returncode != 0 and "bad.html" in proc.stderr
    out = run("export", "--format", "csv", "--db", db, check=True).stdout
    assert out.strip().count("\n") == 0                 # header only


def test_train_learns_from_an_export_and_extract_still_codes(run, tmp_path):
    towns = ["Kisumu", "Garissa", "Nakuru", "Eldoret", "Nyeri", "Kitui", "Lamu", "Wajir", "Embu", "Thika"]
    rows = [(f"Traders in {t} held a peaceful march over market fees.", "Peaceful protest") for t in towns] + \
        [(f"Gunmen shot dead a shopkeeper in {t} at night.", "Attack") for t in towns]
    export = tmp_path / "export.csv"
    with open(export, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["event_date", "sub_event_type", "notes"])
        w.writerows((f"2019-01-{i + 1:02d}", label, note) for i, (note, label) in enumerate(rows))
    home = tmp_path / "home"
    proc = run("train", "--acled", export, home=home, check=True)
    assert "held-out notes: rules alone" in proc.stderr
    assert (home / "models" / "type-model.npz").exists() and (home / "models" / "type-model.json").exists()
    article = {"id": "k1", "published": "2019-02-01", "text": "Gunmen shot dead a shopkeeper in Moyale at night."}
    out = run("extract", "-", input=json.dumps(article) + "\n", home=home, check=True)
    assert json.loads(out.stdout.splitlines()[0])["sub_event_type"] == "Attack"


def test_train_names_an_export_without_notes(run, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("event_date,fatalities\n2019-01-01,3\n", encoding="utf-8")
    proc = run("train", "--acled", bad, home=tmp_path / "home")
    assert proc.returncode != 0 and "bad.csv" in proc.stderr and "notes" in proc.stderr
