"""Event-location behaviour of `Geoparser.find`: areas, quarters, stray namesakes, spellings."""
from frontwatch.geo.normalize import key1, same_place_name
from frontwatch.geo.resolve import km

ALEPPO = (36.20124, 37.16117)


def _by_text(found):
    return {m.text: m.place for m in found}


def test_countryside_of_a_named_village_moves_the_point_out_of_town(gp):
    text = ("Tiger Forces took control of Jub Al-Khafi village in the eastern countryside of Aleppo "
            "from the Islamic State.")
    moved = _by_text(gp.find(text, country="SY", areas=True))["Aleppo"]
    plain = _by_text(gp.find(text, country="SY"))["Aleppo"]
    assert km(plain.latitude, plain.longitude, *ALEPPO) < 5          # the toponym keeps its own point
    d = km(moved.latitude, moved.longitude, *ALEPPO)
    assert 15 < d < 25 and moved.longitude > ALEPPO[1] + 0.15          # ~20 km east
    assert moved.precision == 2


def test_bare_countryside_stays_at_the_town_as_acled_codes_it(gp):
    text = "Rebels clashed with regime forces in the northern countryside of Aleppo."
    p = _by_text(gp.find(text, country="SY", areas=True))["Aleppo"]
    assert km(p.latitude, p.longitude, *ALEPPO) < 5


def test_a_village_the_gazetteer_cannot_place_before_the_countryside_moves_the_point(gp):
    # Al 'Arimah lies in Aleppo province, so "Al Uraymah in ... Hama" is a village the gazetteer lacks; the report
    # still says the act is north of Hama
    hama = (35.13179, 36.75783)
    p = _by_text(gp.find("Rebels clashed with regime forces in Al Uraymah in the northern countryside of Hama.",
                         country="SY", areas=True))["Hama"]
    assert 15 < km(p.latitude, p.longitude, *hama) < 25 and p.latitude > hama[0]
    # an armed group's name before the area is no place: ACLED's point stays the town
    p = _by_text(gp.find("Rebels clashed with the Syria Democratic Forces in the northern countryside of Hama.",
                         country="SY", areas=True))["Hama"]
    assert km(p.latitude, p.longitude, *hama) < 5


def test_a_place_the_tagger_finds_and_no_gazetteer_knows_also_moves_the_point(gp):
    def point(text):
        return _by_text(gp.find(text, country="SY", areas=True))["Idleb"]
    bare = point("Clashes took place between regime forces and opposition factions in southern Idleb countryside.")
    # "Kafr Zumurrud" is no name of any gazetteer: the tagger's place label says it is a place
    named = point("Regime forces shelled Kafr Zumurrud in southern Idleb countryside.")
    assert named.latitude < bare.latitude - 0.1          # the south of the province, not its seat


def test_a_force_named_after_its_town_places_a_report_that_names_no_other(gp):
    found = _by_text(gp.find("Manbij Military Council fighters caught and exposed a cell planning attacks.",
                             country="SY", areas=True))
    assert found["Manbij"].name == "Manbij" and found["Manbij"].precision == 2
    # a place the report names is where it happened
    found = _by_text(gp.find("Manbij Military Council fighters clashed with the Islamic State in the countryside "
                             "of Raqqa.", country="SY", areas=True))
    assert "Manbij" not in found and found["Raqqa"].country == "SY"


def test_quarter_of_a_city_takes_the_city(gp):
    text = ("Clashes are ongoing between the Islamic State and regime forces in the Hamidiya "
            "neighborhood of Deir-ez-Zor city.")
    found = _by_text(gp.find(text, country="SY"))
    assert found["Hamidiya"] == found["Deir-ez-Zor"]
    assert found["Deir-ez-Zor"].admin1 == "Deir ez-Zor"


def test_village_of_the_focus_country_beats_namesake_abroad(gp):
    text = "Syrian government forces clashed with a rebel group near Arbin."
    p = _by_text(gp.find(text, country="SY"))["Arbin"]
    assert p.country == "SY"


def test_pro_foreign_factions_do_not_move_the_report_abroad(gp):
    votes = gp._votes("Clashes between pro-Turkish factions and QSD in Manbij.")
    assert "TR" not in votes


def test_transliteration_variants_of_words():
    assert same_place_name("Ein Terma", "Ain Tarma")
    assert key1("Jeb Ej-Jarrah") == key1("Jubb al Jarrah")
    assert key1("Tiyas Military Airbase") == key1("Tiyas airport") == key1("Tiyas air base")
    assert same_place_name("Eastern Ghota", "Eastern Ghouta")
    assert key1("Ein Issa") != key1("Ein Terma")


def test_gazetteer_finds_variant_spellings_in_text(gp):
    found = _by_text(gp.find("Regime forces clashed with IS in Jeb Ej-Jarrah and in Ein Terma.",
                             country="SY"))
    assert found["Jeb Ej-Jarrah"].admin1 == "Homs"
    assert found["Ein Terma"].admin1 == "Rif Dimashq"
