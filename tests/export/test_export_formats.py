"""Export formats: each parses back, columns in order, [lon, lat], special characters round-trip."""
from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest

from frontwatch.export import (
    ACLED_COLUMNS,
    CIVILIAN_TARGETING,
    CSV_COLUMNS,
    FORMATS,
    HXL_HEADERS,
    HXL_TAGS,
    write,
)
from frontwatch.export.acled import interaction, region
from frontwatch.model import Actor, Event, Evidence, Place

SYRIA = Actor("Military Forces of Syria", "State forces")
REBELS = Actor("Hayat Tahrir al-Sham", "Rebel group")
CIVILIANS = Actor("Civilians (Syria)", "Civilians")
TURKEY = Actor("Military Forces of Turkey", "External/Other forces")

TRICKY = 'Troops took Ma‘arrat al-Nu‘man, "the prize", after a week;\nrebels, per SOHR, withdrew.'


def make_events() -> list[Event]:
    maarat = Place("Ma‘arrat al-Nu‘man", 35.6476, 36.6724, "SY", "Idlib", precision=1)
    saraqib = Place("Saraqib", 35.8622, 36.8006, "SY", "Idlib")
    jubas = Place("Jubas", 35.8297, 36.7642, "SY", "Idlib", precision=2)
    return [
        Event("demo-015", "Battles", "Government regains territory", Evidence(TRICKY, 10, 10 + len(TRICKY)),
              event_date=date(2020, 1, 28), actor1=SYRIA, actor2=REBELS, place=maarat, fatalities=0,
              source="SOHR; SANA", confidence=0.9),
        Event("demo-005", "Explosions/Remote violence", "Air/drone strike",
              Evidence("An air strike hit a school in Jubas, killing eight.", 0, 52),
              event_date=date(2019, 12, 24), actor1=Actor("Military Forces of Russia", "External/Other forces"),
              actor2=CIVILIANS, place=jubas, fatalities=8, fatalities_high=10, source="SOHR"),
        Event("demo-017", "Battles", "Armed clash", Evidence("Shelling killed seven Turkish soldiers.", 0, 39),
              event_date=date(2020, 2, 3), actor1=SYRIA, actor2=TURKEY, place=saraqib, fatalities=7,
              extra={"assoc_actor_1": ["Hezbollah"], "admin2": "Idlib", "tags": ["a", "b"]}),
        Event("demo-024", "Displacement", "Displacement",
              Evidence("Some 900,000 people have fled since 1 December.", 0, 48),
              event_date=date(2020, 2, 17), time_precision=3, displaced=900000, source="UN OCHA",
              place=Place("Idlib", 35.9306, 36.6339, "SY", "Idlib", precision=3)),
        Event("demo-009", "Strategic developments", "Agreement",
              Evidence("Russia announced a truce.", 0, 25), event_date=date(2020, 1, 9),
              actor1=Actor("Government of Russia", "External/Other forces"), status="background"),
    ]


def export(fmt: str, events=None) -> str:
    buf = io.StringIO()
    write(make_events() if events is None else events, fmt, buf)
    return buf.getvalue()


def test_formats_listed():
    assert set(FORMATS) == {"csv", "geojson", "acled", "hxl"}


def test_unknown_format_raises():
    with pytest.raises(ValueError):
        write(make_events(), "xlsx", io.StringIO())


@pytest.mark.parametrize("fmt", ["csv", "acled", "hxl"])
def test_empty_input_writes_header_only(fmt):
    rows = list(csv.reader(io.StringIO(export(fmt, []))))
    assert len(rows) == (2 if fmt == "hxl" else 1)


def test_csv_parses_back_with_contract_columns():
    rows = list(csv.DictReader(io.StringIO(export("csv"))))
    header = next(csv.reader(io.StringIO(export("csv"))))
    assert tuple(header) == CSV_COLUMNS
    assert len(rows) == 5
    first = rows[0]
    events = make_events()
    assert first["id"] == events[0].id
    assert first["event_date"] == "2020-01-28"
    assert first["actor1"] == "Military Forces of Syria"
    assert first["inter2"] == "Rebel group"
    assert float(first["latitude"]) == pytest.approx(35.6476)
    assert first["fatalities_high"] == ""
    assert rows[1]["fatalities_high"] == "10"
    assert rows[3]["displaced"] == "900000"
    assert rows[4]["location"] == "" and rows[4]["status"] == "background"


def test_csv_special_characters_round_trip():
    rows = list(csv.DictReader(io.StringIO(export("csv"))))
    assert rows[0]["evidence_text"] == TRICKY
    assert rows[0]["location"] == "Ma‘arrat al-Nu‘man"
    assert rows[0]["source"] == "SOHR; SANA"


def test_csv_accepts_contract_dicts():
    events = make_events()
    as_dicts = [e.to_json() for e in events]
    assert export("csv", as_dicts) == export("csv", events)


def test_geojson_feature_collection():
    fc = json.loads(export("geojson"))
    assert fc["type"] == "FeatureCollection"
    # the Agreement has no place: omitted
    assert len(fc["features"]) == 4
    for f in fc["features"]:
        assert f["type"] == "Feature"
        assert f["geometry"]["type"] == "Point"
        assert list(f["properties"]) == list(CSV_COLUMNS)


def test_geojson_coordinates_are_lon_lat():
    fc = json.loads(export("geojson"))
    f = fc["features"][0]
    lon, lat = f["geometry"]["coordinates"]
    assert (lon, lat) == (36.6724, 35.6476)
    assert f["properties"]["latitude"] == lat and f["properties"]["longitude"] == lon


def test_geojson_special_characters_round_trip():
    text = export("geojson")
    assert "Ma‘arrat" in text  # written as UTF-8, not \\u escapes
    fc = json.loads(text)
    assert fc["features"][0]["properties"]["evidence_text"] == TRICKY


def test_geojson_include_unlocated_gives_null_geometry():
    from frontwatch.export import write_geojson

    buf = io.StringIO()
    n = write_geojson(make_events(), buf, include_unlocated=True)
    fc = json.loads(buf.getvalue())
    assert n == 5
    assert fc["features"][-1]["geometry"] is None


def test_acled_columns_and_order():
    header = next(csv.reader(io.StringIO(export("acled"))))
    assert header == (
        "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,"
        "assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,"
        "country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,"
        "notes,fatalities,tags,timestamp"
    ).split(",")
    assert tuple(header) == ACLED_COLUMNS


def test_acled_rows():
    rows = list(csv.DictReader(io.StringIO(export("acled"))))
    # Displacement is left out
    assert len(rows) == 4
    assert all(r["event_type"] != "Displacement" for r in rows)
    capture, strike, clash, agreement = rows
    assert capture["event_id_cnty"].startswith("SYR") and capture["event_id_cnty"][3:].isdigit()
    assert capture["event_date"] == "2020-01-28" and capture["year"] == "2020"
    assert capture["disorder_type"] == "Political violence"
    assert capture["interaction"] == "State forces-Rebel group"
    assert capture["civilian_targeting"] == ""
    assert capture["iso"] == "760"
    assert capture["region"] == "Middle East"
    assert capture["country"] == "Syria"
    assert capture["latitude"] == "35.6476" and capture["longitude"] == "36.6724"
    assert capture["notes"] == TRICKY
    assert capture["location"] == "Ma‘arrat al-Nu‘man"
    assert strike["civilian_targeting"] == CIVILIAN_TARGETING
    assert strike["interaction"] == "Civilians-External/Other forces"
    assert strike["fatalities"] == "8"
    assert clash["assoc_actor_1"] == "Hezbollah" and clash["admin2"] == "Idlib" and clash["tags"] == "a; b"
    assert clash["interaction"] == "State forces-External/Other forces"
    assert agreement["disorder_type"] == "Strategic developments"
    assert agreement["interaction"] == "External/Other forces only"
    assert agreement["country"] == "" and agreement["event_id_cnty"].startswith("XXX")


def test_acled_ids_stable_and_unique():
    a = [r["event_id_cnty"] for r in csv.DictReader(io.StringIO(export("acled")))]
    b = [r["event_id_cnty"] for r in csv.DictReader(io.StringIO(export("acled")))]
    assert a == b and len(set(a)) == len(a)


def test_interaction_and_region_helpers():
    assert interaction("Rebel group", "State forces") == "State forces-Rebel group"
    assert interaction("Rebel group", None) == "Rebel group only"
    assert interaction(None, None) == ""
    assert region("SY") == "Middle East"
    assert region("ET") == "Eastern Africa"
    assert region("NG") == "Western Africa"
    assert region("LY") == "Northern Africa"
    assert region("PK") == "South Asia"
    assert region("FR") == "Europe" and region("UA") == "Europe"
    assert region("BR") == "South America"


def test_hxl_header_and_hashtag_rows():
    rows = list(csv.reader(io.StringIO(export("hxl"))))
    assert tuple(rows[0]) == HXL_HEADERS
    assert rows[1] == ["#event+id", "#date", "#event+type", "#event+subtype", "#actor+name", "#actor+category",
                       "#actor+name+target", "#country+code", "#adm1+name", "#loc+name", "#geo+lat",
                       "#geo+lon", "#affected+killed", "#affected+idps", "#meta+source", "#status"]
    assert tuple(rows[1]) == HXL_TAGS
    assert len(rows) == 2 + 5


def test_hxl_values_and_special_characters():
    rows = list(csv.reader(io.StringIO(export("hxl"))))
    tags = rows[1]
    data = [dict(zip(tags, r, strict=True)) for r in rows[2:]]
    assert data[0]["#loc+name"] == "Ma‘arrat al-Nu‘man"
    assert data[0]["#actor+name"] == "Military Forces of Syria"
    assert data[0]["#actor+name+target"] == "Hayat Tahrir al-Sham"
    assert data[0]["#country+code"] == "SY"
    assert data[0]["#meta+source"] == "SOHR; SANA"
    assert data[3]["#affected+idps"] == "900000"
    assert data[1]["#affected+killed"] == "8"


@pytest.mark.parametrize("fmt", ["csv", "geojson", "acled", "hxl"])
def test_writes_through_a_real_file(tmp_path, fmt):
    path = tmp_path / f"out.{fmt}"
    with path.open("w", encoding="utf-8", newline="") as f:
        write(make_events(), fmt, f)
    text = path.read_text(encoding="utf-8")
    assert "Ma‘arrat" in text
    if fmt == "geojson":
        json.loads(text)
    else:
        with path.open(encoding="utf-8", newline="") as f:
            assert len(list(csv.reader(f))) >= 2
