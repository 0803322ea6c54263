"""The seed wire story (Maaret al-Numan, 2020-01-29): the places it names, and only those."""
from frontwatch.geo.resolve import km


def test_seed_article_places(gp, seed_text):
    found = gp.find(seed_text)
    by_text = {}
    for m in found:
        by_text.setdefault(m.text, m.place)
        assert seed_text[m.start:m.end] == m.text
    for name in ["Maaret al-Numan", "Saraqeb", "Khan Sheikhoun", "Jabal al-Zawiya", "Mastouma",
                 "Aleppo", "Idlib"]:
        assert name in by_text, f"{name} not found; found {sorted(by_text)}"
    mn = by_text["Maaret al-Numan"]
    assert km(mn.latitude, mn.longitude, 35.6483, 36.67693) <= 10
    assert mn.country == "SY" and mn.admin1 == "Idlib"
    ks = by_text["Khan Sheikhoun"]
    assert km(ks.latitude, ks.longitude, 35.44208, 36.65095) <= 10
    assert km(by_text["Mastouma"].latitude, by_text["Mastouma"].longitude, 35.77, 36.59) <= 20
    al = by_text["Aleppo"]
    assert km(al.latitude, al.longitude, 36.20124, 37.16117) <= 25
    idl = by_text["Idlib"]
    assert km(idl.latitude, idl.longitude, 35.93062, 36.63393) <= 60
    for bad in ("Syrian", "Syrians", "Assad", "Bashar Assad", "Russia Today", "Erdogan", "SANA"):
        assert bad not in by_text, bad
    # "Russia Today" is a broadcaster: its "Russia" is not a place mention
    i = seed_text.index("Russia Today")
    assert not any(m.start == i for m in found)


def test_find_accepts_parsed_doc(gp, seed_text):
    from frontwatch import nlp

    doc = nlp.load()(seed_text)
    assert [(m.start, m.end) for m in gp.find(seed_text, doc=doc)] == \
        [(m.start, m.end) for m in gp.find(seed_text)]


def test_common_words_are_not_places(gp):
    text = ("Police said the Mobile unit will update the Date of the hearing. "
            "Of the 12 people hurt, most were treated at home.")
    assert gp.find(text) == []
