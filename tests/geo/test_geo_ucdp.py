"""`frontwatch gazetteer add --ucdp`: the places of a UCDP GED export."""
import csv
import os

import pytest
from click.testing import CliRunner
from conftest import SHARED

from frontwatch.geo.cli import gazetteer
from frontwatch.geo.ucdp import ucdp_names

UCDP = SHARED / "data" / "geo" / "ucdp_ged_syria_places.csv"
COLS = ["where_coordinates", "where_prec", "adm_1", "adm_2", "latitude", "longitude", "country"]


def test_ucdp_names_kinds_and_alternates():
    assert ucdp_names("Kafr Testa town") == (["Kafr Testa"], "P.PPL")
    assert ucdp_names("Jabal az Zawiyah area") == (["Jabal az Zawiyah"], "L.AREA")
    assert ucdp_names("Kobane/Ayn al Arab town") == (["Kobane", "Ayn al Arab"], "P.PPL")
    assert ucdp_names("Alamdar / Elendara village") == (["Alamdar", "Elendara"], "P.PPL")
    assert ucdp_names("Aaliyah (Qurujah) village") == (["Aaliyah", "Qurujah"], "P.PPL")
    assert ucdp_names("Al Furat/Euphrates river near Kobane") == (["Al Furat", "Euphrates"], "H.STM")
    assert ucdp_names("Tishrin Dam") == (["Tishrin Dam"], "S.DAM")      # a facility keeps its word
    assert ucdp_names("Jabal Antar") == (["Jabal Antar"], "T.MT")
    assert ucdp_names("Tall Tawil (Tall Tamr area) village")[0] == ["Tall Tawil", "Tawil"]     # not Tall Tamr


def _write(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(COLS)
        w.writerows(rows)
    return path


def test_add_ucdp_places_with_kinds(fresh_home, tmp_path):
    f = _write(tmp_path / "ged.csv", [
        ["Kafr Zorblat town", "1", "Idlib Governorate", "Ariha district", "35.70", "36.60", "Syria"],
        ["Kafr Zorblat town", "2", "Idlib Governorate", "Ariha district", "35.70", "36.60", "Syria"],
        ["Jabal Quxtar area", "2", "Idlib Governorate", "Ariha district", "35.71", "36.51", "Syria"],
        ["Zorbek/Tall Quxtar village", "1", "Aleppo Governorate", "Afrin district", "36.5", "36.9", "Syria"],
        ["Military Quxtar Center (Aleppo)", "1", "Aleppo Governorate", "", "36.12", "37.05", "Syria"],
        ["Northern Idlib Governorate", "3", "Idlib Governorate", "", "36.0", "36.6", "Syria"],
        ["Syria", "7", "", "", "35.0", "38.0", "Syria"],
    ])
    r = CliRunner().invoke(gazetteer, ["add", "--ucdp", str(f)])
    assert r.exit_code == 0, r.output
    assert "added 4" in r.output         # one duplicate, a governorate and a country row left out
    assert "UCDP" in r.stderr and "CC BY 4.0" in r.stderr
    from frontwatch.geo import get_geoparser

    gp = get_geoparser()
    p = gp.lookup("Kafr Zorblat", country="SY")
    assert p is not None and p.admin1 == "Idlib" and p.feature == "P.PPL" and abs(p.latitude - 35.70) < 1e-6
    assert gp.lookup("Jabal Quxtar").feature == "L.AREA"
    assert gp.lookup("Tall Quxtar").name == "Zorbek"       # an alternate behind the slash
    # "(Aleppo)" qualifies the place: it is no other name of it, Aleppo stays the city
    assert gp.lookup("Aleppo").name == "Aleppo" and gp.lookup("Aleppo").population > 1_000_000
    assert gp.lookup("Military Quxtar Center").latitude == 36.12


def _added(tmp_path, rows):
    """The geoparser after `gazetteer add --ucdp` of a GED file of `rows`."""
    from frontwatch.geo import get_geoparser

    assert CliRunner().invoke(gazetteer, ["add", "--ucdp", str(_write(tmp_path / "ged.csv", rows))]).exit_code == 0
    return get_geoparser()


def _found(gp, text):
    return {m.text: m.place for m in gp.find(text, country="SY")}


def test_a_village_added_beats_a_hamlet_abroad_of_the_same_name(fresh_home, tmp_path):
    from frontwatch.geo import get_geoparser

    text = "On 14 May 2019, regime forces shelled the town of Kirkat."
    assert [m.place.country for m in get_geoparser().find(text, country="SY")] == ["TR"]     # Kirkat, pop. 540
    _added(tmp_path, [["Kirkat village", "1", "Hama Governorate", "As Suqaylabiyah district", "35.43", "36.35",
                       "Syria"]])
    p = get_geoparser().find(text, country="SY")[0].place
    assert (p.country, p.admin1) == ("SY", "Hama")
    # "Hersh Kirkat", the woods of Kirkat: a feature the gazetteer lacks, read as the village it is named after
    p = get_geoparser().find("Clashes took place in Hersh Kirkat in northern Hama countryside.", country="SY")[0].place
    assert (p.name, p.precision) == ("Kirkat", 2)
    # a report the caller does not place keeps the place of that name that has people
    assert get_geoparser().find("The town of Kirkat was calm.")[0].place.country == "TR"


def test_of_two_loose_readings_the_closer_spelling_wins(fresh_home, tmp_path):
    gp = _added(tmp_path, [
        ["Kobane/Ayn al Arab town", "1", "Aleppo Governorate", "Ayn al Arab district", "36.89", "38.35", "Syria"],
        ["Kabanah village", "1", "Latakia Governorate", "Al Haffah district", "35.72", "36.23", "Syria"],
        ["Tuwayni village", "1", "Hama Governorate", "As Suqaylabiyah district", "35.40", "36.55", "Syria"],
        ["Azraq oil field", "1", "Deir ez Zor Governorate", "Al Mayadin district", "34.90", "40.60", "Syria"],
    ])
    # "Kabani" meets both Kobane and Kabanah by the vowel-slot key; its spelling is Kabanah's
    assert _found(gp, "Regime forces clashed with HTS fighters in the Kabani area.")["Kabani"].admin1 == "Latakia"
    assert _found(gp, "Clashes in Kobane today.")["Kobane"].admin1 == "Aleppo"
    # "took control of X" places X as "in X" does, a name read only by the loose key included
    assert _found(gp, "HTS took control of Tweini following clashes with JTW.")["Tweini"].name == "Tuwayni"
    # a facility word in lower case after its name: "the Azraq oil field"
    assert _found(gp, "IS fighters attacked the Azraq oil field at dawn.")["Azraq oil field"].feature == "S.OILF"


def test_x_in_y_takes_the_reading_of_x_that_lies_in_y(fresh_home, tmp_path):
    gp = _added(tmp_path, [
        ["Madaya town", "1", "Rif Dimashq Governorate", "Az Zabadani district", "33.69", "36.10", "Syria"],
        ["Madayah village", "1", "Idlib Governorate", "Ma'arrat an Nu'man district", "35.61", "36.70", "Syria"],
    ])
    # the exact name is the town near Damascus; written in Idlib, it is the village a looser spelling meets
    assert _found(gp, "Regime forces shelled Madaya in southern Idleb countryside.")["Madaya"].admin1 == "Idlib"
    assert _found(gp, "Regime forces shelled Madaya in Rural Damascus.")["Madaya"].admin1 == "Rif Dimashq"


def test_add_ucdp_rejects_a_bad_file_whole(fresh_home, tmp_path):
    bad = _write(tmp_path / "bad.csv", [
        ["Kafr Zorblat town", "1", "Idlib Governorate", "", "35.70", "36.60", "Syria"],
        ["Broken town", "1", "Idlib Governorate", "", "north", "36.60", "Syria"]])
    r = CliRunner().invoke(gazetteer, ["add", "--ucdp", str(bad)])
    assert r.exit_code != 0 and "bad.csv:3" in r.output
    from frontwatch.geo import get_geoparser

    assert get_geoparser().lookup("Kafr Zorblat", country="SY") is None
    acled_like = tmp_path / "acled.csv"
    acled_like.write_text("location,admin1,country,latitude,longitude\nX,Y,Syria,1,2\n", encoding="utf-8")
    r = CliRunner().invoke(gazetteer, ["add", "--ucdp", str(acled_like)])
    assert r.exit_code != 0 and "not a UCDP GED export" in r.output


def _shared_ucdp():
    if not UCDP.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{UCDP} is missing (CI must provide ../shared)")
        pytest.skip(f"{UCDP} not present")
    return UCDP


def test_add_the_shared_ucdp_export(fresh_home):
    r = CliRunner().invoke(gazetteer, ["add", "--ucdp", str(_shared_ucdp())])
    assert r.exit_code == 0, r.output
    from frontwatch.geo import get_geoparser

    gp = get_geoparser()
    # villages cities500 lacks, by UCDP's spelling and by another
    for name, lat, lon in (("Jabal az Zawiyah", 35.7, 36.5), ("Kobane", 36.89, 38.35)):
        p = gp.lookup(name, country="SY")
        assert p is not None and abs(p.latitude - lat) < 0.2 and abs(p.longitude - lon) < 0.2, name
