"""A given span is never lost: clamped, snapped, filled from the document; a bad record is one line."""
import json

from click.testing import CliRunner

from frontwatch.geo import geoparse_record
from frontwatch.geo.spans import clamp, fill_unresolved, snap
from frontwatch.model import Place, PlaceMention

TEXT = "Officials in Nairobi said the march along Moi Avenue reached Uhuru Park by noon."


def test_clamp_keeps_offsets_inside_the_text():
    assert clamp("abcdef", 2, 4) == (2, 4)
    assert clamp("abcdef", 4, 9) == (1, 6)       # past the end: moved back, length kept
    assert clamp("abcdef", -3, 2) == (0, 2)
    assert clamp("abcdef", 5, 3) == (3, 5)
    assert clamp("", 3, 8) == (0, 0)


def test_snap_finds_the_capitalised_word_a_drifted_span_meant():
    s = TEXT.index("Nairobi")
    for drift in (-10, -7, -3, 0, 3, 6, 10):
        a, b = snap(TEXT, s + drift, s + drift + len("Nairobi"))
        assert TEXT[a:b] == "Nairobi", drift
    s = TEXT.index("Uhuru Park")
    assert TEXT[slice(*snap(TEXT, s + 8, s + 8 + len("Uhuru Park")))] == "Uhuru Park"


def test_snap_with_drifted_length_and_out_of_range_offsets():
    s = TEXT.index("Moi Avenue")
    a, b = snap(TEXT, s + 2, s + 9)                 # start inside the word, length short
    assert TEXT[a:b].startswith("Moi")
    a, b = snap(TEXT, len(TEXT) + 5, len(TEXT) + 20)   # wholly past the end
    assert 0 <= a < b <= len(TEXT)
    assert snap("", 0, 4) == (0, 0)


def test_fill_unresolved_takes_the_nearest_local_place():
    city = Place("Nairobi", -1.28, 36.82, "KE", feature="P.PPLC", precision=1)
    country = Place("Kenya", 1.0, 38.0, "KE", feature="A.PCLI", precision=3)
    ms = [PlaceMention(0, 5, "Kenya", country), PlaceMention(13, 20, "Nairobi", city),
          PlaceMention(42, 52, "Moi Avenue", None)]
    out = fill_unresolved(ms)
    assert out[2].place.name == "Nairobi" and out[2].place.precision == 2
    assert (out[2].start, out[2].end, out[2].text) == (42, 52, "Moi Avenue")
    assert out[0].place is country and out[1].place is city
    assert fill_unresolved([PlaceMention(0, 3, "Zzz", None)])[0].place is None


def test_resolve_never_loses_a_span(gp):
    spans = [(TEXT.index("Nairobi"), TEXT.index("Nairobi") + 7),
             (TEXT.index("Moi Avenue"), TEXT.index("Moi Avenue") + 10),
             (len(TEXT) - 3, len(TEXT) + 9)]             # the TR-News crash: a span past the end
    out = gp.resolve(TEXT, spans)
    assert [(m.start, m.end) for m in out] == spans      # the given offsets echoed back
    assert out[0].place.name == "Nairobi" and out[0].place.precision == 1
    for m in out[1:]:
        assert m.place is not None and m.place.country == "KE" and m.place.precision >= 2


def test_resolve_snaps_a_drifted_gold_span(gp):
    text = "Shelling hit Saraqeb and Kafranbel on Monday."
    s = text.index("Saraqeb")
    out = gp.resolve(text, [(s + 6, s + 13)])
    assert out[0].place is not None and out[0].place.name == "Saraqib"


def test_geoparse_record_with_spans_past_the_text(geo_home):
    rec = {"id": "tr", "text": "Ankara and Istanbul.", "toponyms": [{"start": 0, "end": 6},
                                                                    {"start": 11, "end": 40}]}
    out = geoparse_record(rec)
    assert [p["country"] for p in out["places"]] == ["TR", "TR"]
    assert out["places"][1]["end"] == 40


def test_geoparse_cli_names_a_bad_record_and_goes_on(monkeypatch):
    import frontwatch.geo as geo
    from frontwatch.cli import main

    def boom(rec, doc=None):
        if rec["id"] == "bad":
            raise IndexError("string index out of range")
        return {"id": rec["id"], "places": []}

    monkeypatch.setattr(geo, "geoparse_record", boom)
    lines = [json.dumps({"id": i, "text": "x"}) for i in ("a", "bad", "c")]
    res = CliRunner().invoke(main, ["geoparse", "-"], input="\n".join(lines) + "\n")
    assert res.exit_code != 0
    assert [json.loads(x)["id"] for x in res.stdout.splitlines()] == ["a", "c"]
    errs = [x for x in res.stderr.splitlines() if x.startswith("frontwatch: <stdin>:2:")]
    assert len(errs) == 1 and "'bad'" in errs[0] and "IndexError" in errs[0]


def test_extract_cli_names_a_failing_article_and_goes_on(monkeypatch):
    import frontwatch.pipeline as pipeline
    from frontwatch.cli import main

    class Coder:
        typer = None        # the rules alone: no type model to load

        def code(self, art, doc, probs=None):
            if art.id == "bad":
                raise IndexError("list index out of range")
            return []

    monkeypatch.setattr(pipeline, "coder", lambda: Coder())
    monkeypatch.setattr(pipeline.nlp, "parse_many", lambda texts, batch_size=32: [None for _ in texts])
    text = ("Syrian government forces captured the town of Saraqib in Idlib province on Saturday after "
            "days of heavy fighting with rebel fighters, state media said.")
    lines = [json.dumps({"id": i, "published": "2020-01-01", "text": text}) for i in ("a", "bad", "c")]
    res = CliRunner().invoke(main, ["extract", "-"], input="\n".join(lines) + "\n")
    assert res.exit_code != 0
    errs = [x for x in res.stderr.splitlines() if "'bad'" in x]
    assert len(errs) == 1 and "IndexError" in errs[0], res.stderr
