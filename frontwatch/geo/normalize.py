"""Name keys that survive transliteration.

Three keys, from strict to loose, are computed the same way for gazetteer
names and for text, so that spelling variants meet:

- ``key0``: accents folded, case folded, punctuation and ayn/hamza marks gone,
  ``St.``/``Mt.``/``Ft.`` expanded (``Ma`arrat an Nu`man`` -> ``maarrat an numan``).
- ``key1``: ``key0`` without Arabic articles (al-/el-/an-/ash-/ad-/...) and
  with common transliteration variants merged: ``ou``->``u``, ``ee``->``i``,
  ``q``->``k``, doubled letters, ``-eh``/``-ah`` endings, spaces dropped
  (``Maaret al-Numan`` and ``Ma'arrat an-Nu'man`` -> ``maratnuman``).
- ``key2``: a consonant skeleton of ``key1`` (vowels dropped after the first
  letter, a first vowel written ``a``), a fallback for vowel variation (``Kafranbel`` = ``Kafr Nabl`` ->
  ``kfrnbl``). Only used where context says a place is meant.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Letters NFKD does not decompose, and marks that stand for ayn/hamza.
_FOLD = str.maketrans({
    "ı": "i", "İ": "I", "ø": "o", "Ø": "O", "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe",
    "Œ": "OE", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th",
    "Þ": "Th", "ħ": "h", "Ħ": "H", "ə": "e", "Ə": "E",
    "ʿ": "", "ʾ": "", "‘": "", "’": "", "'": "", "`": "", "ʼ": "", "´": "", "ʻ": "",
    "′": "", "ʹ": "", "\u02bd": "",
    "‐": "-", "‑": "-", "–": "-", "—": "-",
})

_EXPAND = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort", "pt": "point"}

# Arabic definite article and its assimilated forms (sun letters), as written
# in common romanizations. Dropped in key1 when another word follows.
ARTICLES = frozenset({
    "al", "el", "ul", "il", "an", "ar", "as", "ash", "at", "ath", "ad", "adh", "az", "en", "er", "es", "esh", "et", "ed", "ez",
    "ej", "ech",    # French-style romanizations: "Jeb Ej-Jarrah", "Jisr ech-Choughour"
})

# Whole words spelled many ways that mean one thing: "Ein"/"Ayn" = "Ain" (spring), "Jeb" = "Jubb"
# (well), and the facility words of "Tiyas Military Airbase" = "Tiyas airport".
# "Abul" = "Abu al" (the article glued to "father of"), "Albu" = "Al Bu" (family of) and "Abu" are
# both "Bu" ("Albu Kamal" = "Al-Bukamal" = "Abu Kamal"), "Tel"/"Tell" = "Tall" (hill), "Om" = "Umm".
_WORDS = {"ein": "ain", "ayn": "ain", "aain": "ain", "jeb": "jub", "jib": "jub", "jabb": "jub",
          "jubb": "jub", "airport": "airbase", "airfield": "airbase",
          **dict.fromkeys(("abu", "abul", "abol", "aboul", "abou", "abo", "albu", "abi"), "bu"),
          "tel": "tal", "tell": "tal", "til": "tal", "om": "um", "oum": "um"}
_PHRASES = ((re.compile(r"\bmilitary (?=air)"), ""), (re.compile(r"\bair (?=base|port|field)"), "air"))

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_VOWELS = re.compile(r"[aeiouy]+")
_DOUBLE = re.compile(r"(.)\1+")
_DIPHTHONG = re.compile(r"([aeiou])[wy](?![aeiou])")     # "Suwayda": the w stays


def fold(s: str) -> str:
    """Accents and special letters to plain ASCII where possible."""
    if s.isascii():
        return s.replace("'", "").replace("`", "")
    s = s.translate(_FOLD)
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c))


@lru_cache(maxsize=200_000)
def tokens0(s: str) -> tuple[str, ...]:
    t = _NON_ALNUM.sub(" ", fold(s).lower()).split()
    return tuple(_EXPAND.get(w, w) for w in t)


def key0(s: str) -> str:
    return " ".join(tokens0(s))


def _harmonize(w: str) -> str:
    w = w.replace("ou", "u").replace("oo", "u").replace("ee", "i").replace("ck", "k")
    w = w.replace("q", "k").replace("ph", "f").replace("dh", "d").replace("kh", "k")
    w = _DOUBLE.sub(r"\1", w)
    w = _AY.sub("ay", w.replace("ey", "ay"))     # "Beit"/"Bait"/"Beyt" = "Bayt", "Sheikh" = "Shaykh"
    if len(w) > 3:
        if w.endswith(("eh", "ah")):
            w = w[:-2] + "a"
        elif w.endswith("e") and not w.endswith(("ee", "ie")):
            w = w[:-1] + "a"
        if len(w) > 4:     # the nisba ending: "Hamdieh" -> "hamdiya" as "Hamdiyah"
            w = _NISBA.sub("iya", w)
    return w


_AY = re.compile(r"[ae]i(?![aeiouy])")
_NISBA = re.compile(r"(?<=[^aeiouy])i[ae]$")


# Direction and size words, English and Arabic (as _harmonize leaves them), in any position:
# "Eastern Tall Ward" = "Tall al Ward ash Sharqi", "Upper Baguz" = "Baghuz Fawqani", "Big Hajjara" =
# "Hajjara Kabira". Both sides of a comparison get the same marks, so "Big Spring" still meets itself.
_MARKS = {
    **dict.fromkeys(("east", "eastern", "sharki", "sharkiya", "shurki", "shark"), "~E"),
    **dict.fromkeys(("west", "western", "gharbi", "gharbiya", "garbi", "garbiya"), "~W"),
    **dict.fromkeys(("north", "northern", "shamali", "shamaliya", "shimali", "shmali"), "~N"),
    **dict.fromkeys(("south", "southern", "janubi", "janubiya", "jnubi", "kibli", "kibliya"), "~S"),
    **dict.fromkeys(("northeast", "northeastern"), "~N~E"), **dict.fromkeys(("northwest", "northwestern"), "~N~W"),
    **dict.fromkeys(("southeast", "southeastern"), "~S~E"), **dict.fromkeys(("southwest", "southwestern"), "~S~W"),
    **dict.fromkeys(("big", "kabir", "kabira", "kbir", "kebir", "kubra", "kabera", "kbira"), "~B"),
    **dict.fromkeys(("small", "little", "saghir", "saghira", "sghir", "sughra", "zghir", "saghera", "sagir",
                     "sghira", "zghira"), "~L"),
    **dict.fromkeys(("upper", "fawkani", "fukani", "fokani", "fawkaniya", "fukaniya"), "~U"),
    **dict.fromkeys(("lower", "tahtani", "tahtaniya"), "~D"),
    **dict.fromkeys(("middle", "wusta", "wustani", "awsat"), "~M"),
}
_GLUED_ARTICLE = re.compile(r"^(?:al(?=[a-z]{4})|el(?=[a-z]{3}))")     # "Elbab", "Elharir"


def without_marks(s: str) -> str | None:
    """The name without its direction and size words and their articles ("Qastun al Gharbi" ->
    "Qastun", "Eastern Tall Ward" -> "Tall Ward"), or None when it has none or is only such words."""
    ws = re.split(r"[\s-]+", s.strip())
    low = [_WORDS.get(w, w) for w in (_NON_ALNUM.sub("", fold(w).lower()) for w in ws)]
    mark = [bool(w) and (w in _MARKS or _harmonize(w) in _MARKS) for w in low]
    if not any(mark) or all(mark):
        return None
    keep = [w for i, w in enumerate(ws) if not mark[i] and not (
        low[i] in ARTICLES and i + 1 < len(ws) and mark[i + 1])]
    return " ".join(keep) if keep and len(keep) < len(ws) else None


@lru_cache(maxsize=200_000)
def words1(s: str) -> tuple[str, ...]:
    """The words of `key1`: articles dropped (also one glued to a later word: "Bisr Elharir" =
    "Busra al-Hariri"), spellings harmonized, direction and size words moved to the end as marks
    ("~E", "~B") so that their place and language do not matter."""
    t0 = " ".join(tokens0(s))
    for rx, rep in _PHRASES:
        t0 = rx.sub(rep, t0)
    t = [_WORDS.get(w, w) for w in t0.split()]
    out = []
    for i, w in enumerate(t):
        if w in ARTICLES and len(t) > 1 and i < len(t) - 1:
            continue
        if i > 0 and len(t) > 1 and _GLUED_ARTICLE.match(w):
            w = w[2:]
        h = _harmonize(w)
        out.append(_MARKS.get(w) or _MARKS.get(h) or h)
    marks = [w for w in out if w.startswith("~")]
    if marks and len(marks) < len(out):
        out = [w for w in out if not w.startswith("~")] + sorted({"~" + m for w in marks for m in w.split("~") if m})
    elif marks:     # a name that is only such words ("West", "Sharqi") keeps them as words
        out = [_harmonize(w) for w in t if not (w in ARTICLES and len(t) > 1)]
    return tuple(out)


@lru_cache(maxsize=200_000)
def key1(s: str) -> str:
    return "".join(words1(s))


_CONSTRUCT = re.compile(r"(?<=[a-z]{3})[aei]t$")     # "Tayyibat al Imam", "Maaret al-Numan"
# Letters the loose keys merge, one word at a time: gh/g/q/k one velar ("Shughur" = "Shugur",
# "Baghuz" = "Baguz"), th/dh/d ("Thiban" = "Dhiban" = "Diban", "Abul Thohur" = "Abu al-Duhur"),
# c = k ("Conico" = "Koniko"), French ch = sh and dj = j ("Jisr ech-Choughour").
_LOOSE_LETTERS = (("gh", "k"), ("g", "k"), ("dj", "j"), ("ch", "sh"), ("c", "k"), ("th", "d"))


def _construct_words(s: str) -> list[str]:
    """`words1` with the construct ending -at of a word before another word as -a."""
    ws = list(words1(s))
    return [_CONSTRUCT.sub("a", w) if i < len(ws) - 1 and not w.startswith("~") and not ws[i + 1].startswith("~")
            else w for i, w in enumerate(ws)]


def _loose_words(s: str) -> list[str]:
    out = []
    for w in _construct_words(s):
        if not w.startswith("~"):
            for a, b in _LOOSE_LETTERS:
                w = w.replace(a, b)
            w = _DOUBLE.sub(r"\1", w)
        out.append(w)
    return out


_V = "aeiou"


def _slots(w: str) -> tuple[str, int, int]:
    """One word as consonants and vowel slots ("a"): y and w between vowels or starting a word are
    consonants, after a vowel they end it ("ay", "aw"), and y after a consonant is a vowel.
    In a word of three consonants or more the slot after the first consonant goes: colloquial
    romanizations drop that short vowel ("Hweisis" = "Huwaysis", "Jlein" = "Jallayn", "Sokhneh" =
    "Sukhnah"). Returns the key, its consonants (sh as one) and its slots."""
    segs: list[str] = []
    n = len(w)
    for i, ch in enumerate(w):
        prev = w[i - 1] if i else ""
        nxt = w[i + 1] if i + 1 < n else ""
        if ch in _V:
            vowel = True
        elif ch == "y":     # "Sosyan" = "Sousian", "Kelly" = "Killi"; "Tayyana": a consonant
            vowel = bool(prev) and (prev not in _V or not (nxt and nxt in _V))
        elif ch == "w":
            vowel = bool(prev) and prev in _V and not (nxt and nxt in _V)
        else:
            vowel = False
        if vowel:
            if not segs or segs[-1] != "a":
                segs.append("a")
        elif ch == "h" and prev == "s" and segs and segs[-1] == "s":
            segs[-1] = "sh"
        else:
            segs.append(ch)
    cons = [j for j, x in enumerate(segs) if x != "a"]
    if len(cons) >= 3 and cons[1] - cons[0] == 2:
        del segs[cons[0] + 1]
    return "".join(segs), len(cons), segs.count("a")


def key2(s: str) -> str:
    """The vowel-slot key: `key1`'s words with the loose letters merged, each vowel run one slot
    ("Sokhneh" = "As Sukhnah": skna, "As-Sweida" = "As Suwayda": swada, "Tayyana" = "Tayyani").
    Stricter than the skeleton (`key3`): where vowels fall still counts. "" when too short to look up
    (under three consonants, or two with one vowel: "Zir", "Deir")."""
    ws = _loose_words(s)
    if len(ws) > 1 and not ws[-1].startswith("~"):     # "Aniq Bajrat" = "Aniq Bajra": ta marbuta read
        ws[-1] = _CONSTRUCT.sub("a", ws[-1])
    parts = [(w, 0, 0) if w.startswith("~") else _slots(w) for w in ws]
    cons = sum(c for _, c, _ in parts)
    if cons < 2 or (cons == 2 and sum(v for _, _, v in parts) < 2):
        return ""
    return "".join(k for k, _, _ in parts)


def key3(s: str) -> str:
    """A consonant skeleton of `key1`: vowels after the first letter dropped, the construct
    ending -at of a first word of several ("Tayyibat al-Imam" = "Tiba Elemam"), gh/kh/q = k,
    ch = sh and dj = j (French romanizations), diphthongs as their vowel. (The other loose letters
    are left to `key2`, trusted only where names are romanized from Arabic: a skeleton with
    g = k, c = k met "Callisburg" with Glassboro.)"""
    k = "".join(_construct_words(s))
    if not k:
        return ""
    k = k.replace("gh", "k").replace("dj", "j").replace("ch", "sh")
    k = _DIPHTHONG.sub(r"\1", k)
    head = "a" if k[0] in "aeiou" else k[0]     # "Ehsim" = "Ihsim", "Ein Issa" = "Ain Issa"
    return head + _VOWELS.sub("", k[1:])


def skeleton_usable(k1: str, k3: str) -> bool:
    """A skeleton long enough to be looked up: four consonants, or three of a long vowel-rich name
    ("Hseiniyeh" = "Al Husayniyah": hsn)."""
    return len(k3) >= 4 or (len(k3) == 3 and len(k1) >= 7)


SLOTS, SKELETON = 2, 3      # key levels: 0 key0, 1 key1, 2 vowel slots, 3 skeleton


@lru_cache(maxsize=1)
def _arabic_script() -> frozenset[str]:
    import csv
    from pathlib import Path

    with open(Path(__file__).parent / "data" / "arabic_script.csv", newline="", encoding="utf-8") as f:
        return frozenset(r["iso2"] for r in csv.DictReader(f))


def slots_trusted(cc: str | None) -> bool:
    """The vowel-slot key spells out rules of Arabic romanization: a document about a country whose
    place names are romanized from Arabic script (`data/arabic_script.csv`) may use it; elsewhere
    it meets too many unrelated short names ("Sligo" ~ Siluko, "Toco" ~ Teague)."""
    return cc in _arabic_script()


def level_trusted(lvl: int, cc: str | None) -> bool:
    """A reading by key level `lvl` of a place in country `cc` may stand: any level but the vowel slots,
    and those only in a country whose names are romanized from Arabic script."""
    return lvl != SLOTS or slots_trusted(cc)


def key_rows(s: str) -> list[tuple[int, str]]:
    """The (level, key) pairs a name is indexed and looked up by."""
    k0 = key0(s)
    if not k0:
        return []
    k1, k2, k3 = key1(s), key2(s), key3(s)
    out = [(0, k0), (1, k1)]
    if k2:
        out.append((SLOTS, k2))
    if k3 and skeleton_usable(k1, k3):
        out.append((SKELETON, k3))
    return out


def keys(s: str) -> tuple[str, str, str, str]:
    return key0(s), key1(s), key2(s), key3(s)


def same_place_name(a: str, b: str) -> bool:
    """True when two spellings are taken for the same name (key1, vowel slots or skeleton)."""
    if key1(a) == key1(b):
        return True
    ra, rb = dict(key_rows(a)), dict(key_rows(b))
    return any(lvl in ra and ra[lvl] == rb.get(lvl) for lvl in (SLOTS, SKELETON))
