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
_WORDS = {"ein": "ain", "ayn": "ain", "aain": "ain", "jeb": "jub", "jib": "jub", "jabb": "jub",
          "jubb": "jub", "airport": "airbase", "airfield": "airbase"}
_PHRASES = ((re.compile(r"\bmilitary (?=air)"), ""), (re.compile(r"\bair (?=base|port|field)"), "air"))

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_VOWELS = re.compile(r"[aeiouy]+")
_DOUBLE = re.compile(r"(.)\1+")
_DIPHTHONG = re.compile(r"([aeiou])[wy]")


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
    if len(w) > 3:
        if w.endswith(("eh", "ah")):
            w = w[:-2] + "a"
        elif w.endswith("e") and not w.endswith(("ee", "ie")):
            w = w[:-1] + "a"
    return w


# Direction and size words, English and Arabic (as _harmonize leaves them), in any position:
# "Eastern Tall Ward" = "Tall al Ward ash Sharqi", "Kafr Nabl al-Kabir" = "Big Kafr Nabl" is not
# claimed (English size words are names: "Great Falls"), only the Arabic ones.
_MARKS = {
    **dict.fromkeys(("east", "eastern", "sharki", "sharkiya", "shurki", "shark"), "~E"),
    **dict.fromkeys(("west", "western", "gharbi", "gharbiya", "garbi", "garbiya"), "~W"),
    **dict.fromkeys(("north", "northern", "shamali", "shamaliya", "shimali", "shmali"), "~N"),
    **dict.fromkeys(("south", "southern", "janubi", "janubiya", "jnubi", "kibli", "kibliya"), "~S"),
    **dict.fromkeys(("northeast", "northeastern"), "~N~E"), **dict.fromkeys(("northwest", "northwestern"), "~N~W"),
    **dict.fromkeys(("southeast", "southeastern"), "~S~E"), **dict.fromkeys(("southwest", "southwestern"), "~S~W"),
    **dict.fromkeys(("kabir", "kabira", "kbir", "kebir", "kubra", "kabera"), "~B"),
    **dict.fromkeys(("saghir", "saghira", "sghir", "sughra", "zghir", "saghera", "sagir"), "~L"),
    **dict.fromkeys(("fawkani", "fukani", "fokani", "fawkaniya", "fukaniya"), "~U"),
    **dict.fromkeys(("tahtani", "tahtaniya"), "~D"),
}
_GLUED_ARTICLE = re.compile(r"^(?:al|el)(?=[a-z]{4})")


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


def key2(s: str) -> str:
    """A consonant skeleton of `key1`: vowels after the first letter dropped, the construct
    ending -at of a first word of several ("Tayyibat al-Imam" = "Tiba Elemam"), gh/kh/q = k,
    ch = sh and dj = j (French romanizations), diphthongs as their vowel."""
    ws = list(words1(s))
    if not ws:
        return ""
    ws = [(_CONSTRUCT.sub("a", w) if i < len(ws) - 1 and not ws[i + 1].startswith("~") else w)
          for i, w in enumerate(ws)]
    k = "".join(ws).replace("gh", "k").replace("dj", "j").replace("ch", "sh")
    k = _DIPHTHONG.sub(r"\1", k)
    head = "a" if k[0] in "aeiou" else k[0]     # "Ehsim" = "Ihsim", "Ein Issa" = "Ain Issa"
    return head + _VOWELS.sub("", k[1:])


def skeleton_usable(k1: str, k2: str) -> bool:
    """A skeleton long enough to be looked up: four consonants, or three of a long vowel-rich name
    ("Hseiniyeh" = "Al Husayniyah": hsn)."""
    return len(k2) >= 4 or (len(k2) == 3 and len(k1) >= 7)


def keys(s: str) -> tuple[str, str, str]:
    return key0(s), key1(s), key2(s)


def same_place_name(a: str, b: str) -> bool:
    """True when two spellings are taken for the same name (key1 or skeleton)."""
    if key1(a) == key1(b):
        return True
    k2a, k2b = key2(a), key2(b)
    return k2a == k2b and skeleton_usable(key1(a), k2a) and skeleton_usable(key1(b), k2b)
