from frontwatch.geo import geoparse_record
from frontwatch.geo.resolve import km


def test_resolve_one_per_span_and_unresolvable(gp):
    text = "Fighting near Saraqib and in Blorptown Xq continued."
    spans = [(text.index("Saraqib"), text.index("Saraqib") + 7), (text.index("Blorptown Xq"), text.index("Blorptown Xq") + 12)]
    out = gp.resolve(text, spans)
    assert [(m.start, m.end) for m in out] == spans
    assert out[0].place is not None and out[0].place.country == "SY"
    # an unknown name is not lost: it lies near the document's nearest resolved place
    assert out[1].place.name == out[0].place.name and out[1].place.precision == 2
    alone = gp.resolve("Blorptown Xq.", [(0, 12)])
    assert alone[0].place is None


def test_relative_expressions(gp):
    text = ("Troops captured a suburb west of Aleppo. Shelling hit southern Idlib and the "
            "countryside of Hama, and a village near Saraqeb.")
    def span(w, nth=0):
        i = -1
        for _ in range(nth + 1):
            i = text.index(w, i + 1)
        return (i, i + len(w))
    out = gp.resolve(text, [span("Aleppo"), span("Idlib"), span("Hama"), span("Saraqeb")])
    prec = {m.text: m.place.precision for m in out}
    assert prec["Aleppo"] == 2
    assert prec["Idlib"] == 3
    assert prec["Hama"] == 2
    assert prec["Saraqeb"] == 2
    al = out[0].place
    assert km(al.latitude, al.longitude, 36.20124, 37.16117) < 25


def test_context_picks_the_local_namesake(gp):
    text = "Alexandria police and Pineville officers met in Rapides Parish, Louisiana."
    spans = [(0, 10)]
    p = gp.resolve(text, spans + [(text.index("Pineville"), text.index("Pineville") + 9),
                                  (text.index("Rapides Parish"), text.index("Rapides Parish") + 14),
                                  (text.index("Louisiana"), text.index("Louisiana") + 9)])[0].place
    assert p.country == "US" and p.admin1 == "Louisiana"
    bare = gp.resolve("Alexandria is Egypt's second city.", [(0, 10), (14, 19)])[0].place
    assert bare.country == "EG"


def test_qualifier_after_comma(gp):
    t = "He lives in Paris, Tenn., now."
    p = gp.resolve(t, [(12, 17)])[0].place
    assert p.country == "US" and p.admin1 == "Tennessee"


def test_province_cue_and_feature_ranking(gp):
    t = "Clashes in Idlib province and in Homs."
    out = gp.resolve(t, [(11, 16), (33, 37)])
    assert out[0].place.feature == "A.ADM1" and out[0].place.precision == 3
    assert out[1].place.country == "SY"
    assert gp.lookup("Syria").feature == "A.PCLI"
    assert gp.lookup("Georgia", country="US").admin1 == "Georgia"


def test_lookup_and_demonym(gp):
    p = gp.lookup("Saraqeb", country="SY")
    assert p is not None and p.name == "Saraqib"
    assert gp.lookup("Saraqeb", country="FR") is None
    near = gp.lookup("Alexandria", near=(31.3, -92.4))
    assert near.country == "US"
    assert gp.demonym("Syrian").country == "SY"
    assert gp.demonym("Syrians").country == "SY"
    assert gp.demonym("Table") is None


def test_geoparse_record_contract(geo_home):
    rec = {"id": "x1", "text": "Shelling hit Saraqeb and Kafranbel.",
           "toponyms": [{"start": 13, "end": 20}, {"start": 25, "end": 34}]}
    out = geoparse_record(rec)
    assert out["id"] == "x1"
    assert [(p["start"], p["end"]) for p in out["places"]] == [(13, 20), (25, 34)]
    for p in out["places"]:
        assert set(p) == {"start", "end", "text", "name", "latitude", "longitude", "country",
                          "feature", "geonameid"}
        assert p["country"] == "SY"
    found = geoparse_record({"id": "x2", "text": "Government forces shelled the town of Saraqeb in Idlib province."})
    assert {p["text"] for p in found["places"]} >= {"Saraqeb", "Idlib"}


def test_find_from_to_accepts_focus_country_settlement(gp):
    # spaCy tags Saraqeb ORG; "from X to Y" with a Syrian Y makes it a Syrian town
    found = gp.find("Fighting spread from Saraqeb to Maaret al-Numan.")
    got = {m.text: m.place for m in found}
    assert "Saraqeb" in got and got["Saraqeb"].country == "SY"
    assert got["Maaret al-Numan"].country == "SY"


def test_loose_key_stays_in_focus_country(gp):
    # "Hazrama" is not in the packaged gazetteer: no jump to a look-alike abroad
    found = gp.find("Syrian regime forces artillery shelled the town of Hazrama in Rural Damascus "
                    "province while clashes took place on Hazrama front.")
    assert all(m.place.country == "SY" for m in found)
    rd = [m.place for m in found if m.text == "Rural Damascus"]
    assert rd and rd[0].feature == "A.ADM1" and rd[0].admin1 == "Rif Dimashq"


def test_city_word_and_countryside(gp):
    found = gp.find("Clashes in the northern countryside of Al-Raqqah, towards Al-Raqqah city, "
                    "and in Deir-ez-Zor city near the Deir ez-Zor military airport and the T4 airbase.")
    by = {}
    for m in found:
        by.setdefault(m.text, []).append(m.place)
    assert all(p.feature.startswith("P.") for p in by["Al-Raqqah"])
    assert min(p.precision for p in by["Al-Raqqah"]) == 1
    assert max(p.precision for p in by["Al-Raqqah"]) == 2
    assert by["Deir-ez-Zor"][0].feature.startswith("P.")
    assert any(m.place.feature == "S.AIRB" and m.place.admin1 == "Homs" for m in found)


def test_country_by_own_name_and_world_divisions(gp):
    text = ("Health officials in Mexico and in Guadalajara reported cases. Cases also rose in "
            "KwaZulu-Natal and Bavaria, and in Suffolk and Norfolk in England.")
    names = ["Mexico", "KwaZulu-Natal", "Bavaria", "Suffolk", "England"]
    out = gp.resolve(text, [(text.index(w), text.index(w) + len(w)) for w in names])
    got = {m.text: m.place for m in out}
    assert got["Mexico"].feature.startswith("A.PCL")          # not Mexico City
    assert got["KwaZulu-Natal"].country == "ZA" and got["KwaZulu-Natal"].feature == "A.ADM1"
    assert got["Bavaria"].country == "DE"
    assert got["Suffolk"].country == "GB"


def test_concentrated_a1_needs_majority_and_two_votes():
    from frontwatch.geo.resolve import concentrated_a1

    ga, tn, tx = ("US", "GA"), ("US", "TN"), ("US", "TX")
    assert concentrated_a1([("a", ga, 1), ("b", ga, 1), ("c", tn, 1)]) == {ga}
    assert concentrated_a1([("a", ga, 1), ("b", tn, 1)]) == set()
    assert concentrated_a1([("a", ga, 2)]) == {ga}                 # a state named
    assert concentrated_a1([("a", ga, 2)], exclude="a") == set()   # leave-one-out
    assert concentrated_a1([("a", ga, 1), ("b", ga, 1), ("c", tn, 1), ("d", tx, 1)]) == set()


def test_state_concentration_pulls_ambiguous_town():
    from frontwatch.geo.gazetteer import Cand
    from frontwatch.geo.resolve import Mention, a1_evidence

    def cand(pid, a1, feature="P.PPL", q=1.0):
        return Cand(pid, None, "x", 0.0, 0.0, "US", a1, feature, 1000, 0, q)

    paris, knox, tenn = Mention(0, 1, "Paris", "Paris"), Mention(0, 1, "Knox", "Knox"), \
        Mention(0, 1, "Tennessee", "Tennessee")
    paris.cands = [cand(1, "TX"), cand(2, "TN")]          # ambiguous: no evidence
    knox.cands = [cand(3, "TN")]                           # one state: 1 vote
    tenn.cands = [cand(4, "TN", "A.ADM1")]                 # the state named: 2 votes
    ev = a1_evidence([paris, knox, tenn])
    assert sorted((a1, w) for _, a1, w in ev) == [(("US", "TN"), 1), (("US", "TN"), 2)]


def test_focus_counts_each_name_once():
    from frontwatch.geo.gazetteer import Cand
    from frontwatch.geo.resolve import Mention, document_focus

    dublin = Cand(1, None, "Dublin", 53.3, -6.3, "IE", "L", "P.PPLC", 1_000_000, 0, 1.0)
    ohio = Cand(2, None, "Ohio", 40.3, -83.0, "US", "OH", "A.ADM1", 11_000_000, 0, 1.0)
    ms = [Mention(0, 6, "Dublin", "Dublin", choice=dublin) for _ in range(12)]
    ms.append(Mention(0, 4, "Ohio", "Ohio", choice=ohio))
    assert document_focus(ms) == ("US", False)      # 1.5 votes against 1: a weak focus
    assert document_focus(ms, {"US": 1.0}) == ("US", True)


def test_division_by_own_name(gp):
    text = "Flights from New York and Ontario resumed, officials in Georgia and Alabama said."
    names = ["New York", "Ontario", "Georgia", "Alabama"]
    got = {m.text: m.place for m in gp.resolve(text, [(text.index(w), text.index(w) + len(w)) for w in names])}
    assert got["New York"].feature == "A.ADM1"                      # not New York City by alias
    assert got["Ontario"].country == "CA" and got["Ontario"].feature == "A.ADM1"
    assert got["Georgia"].country == "US"                           # a US report: the state


def test_list_items_are_the_same_kind(gp):
    text = "Cases were reported in California, Alaska, Washington and Oregon."
    names = ["California", "Alaska", "Washington", "Oregon"]
    out = gp.resolve(text, [(text.index(w), text.index(w) + len(w)) for w in names])
    assert out[2].place.feature == "A.ADM1" and out[2].place.admin1 == "Washington"


def test_coherent_state_of_ambiguous_towns(gp):
    text = ("Columbus police and deputies from Platte County searched the river; the man was later "
            "found near Norfolk.")
    names = ["Columbus", "Platte County", "Norfolk"]
    out = gp.resolve(text, [(text.index(w), text.index(w) + len(w)) for w in names])
    assert {m.place.admin1 for m in out} == {"Nebraska"}


def test_fallback_names_for_parts_and_inhabitants(gp):
    from frontwatch.geo.resolve import fallback_names

    assert fallback_names("North Dallas") == [("Dallas", 2, False)]
    assert fallback_names("Loudon Co.")[0] == ("Loudon County", 1, False)
    assert ("Ohio", 1, True) in fallback_names("Ohioans")
    text = "Ohioans in North Dallas and Greater Mumbai, and the Town of Groton in Connecticut."
    names = ["Ohioans", "North Dallas", "Greater Mumbai", "Town of Groton"]
    got = {m.text: m.place for m in gp.resolve(text, [(text.index(w), text.index(w) + len(w)) for w in names])}
    assert got["Ohioans"].feature == "A.ADM1" and got["Ohioans"].admin1 == "Ohio"
    assert got["North Dallas"].name == "Dallas" and got["North Dallas"].precision == 2
    assert got["Greater Mumbai"].country == "IN"
    assert got["Town of Groton"].admin1 == "Connecticut"


def test_ocean_against_small_namesake_and_more_divisions(gp):
    text = "Storms over the Pacific reached California and Oregon; Hainan and Tocantins too."
    names = ["Pacific", "California", "Oregon", "Hainan", "Tocantins"]
    got = {m.text: m.place for m in gp.resolve(text, [(text.index(w), text.index(w) + len(w)) for w in names])}
    assert got["Pacific"].feature == "H.OCN"
    assert got["Hainan"].feature == "A.ADM1" and got["Tocantins"].feature == "A.ADM1"
