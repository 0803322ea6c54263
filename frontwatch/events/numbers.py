"""Numbers as news writes them, and ACLED's fixed values for vague counts."""
from __future__ import annotations

import re

UNITS = {
    "zero": 0, "no": 0, "none": 0, "a": 1, "an": 1, "one": 1, "single": 1, "two": 2, "three": 3, "four": 4,
    "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "couple": 2, "pair": 2,
}
SCALES = {"dozen": 12, "hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000, "k": 1_000, "m": 1_000_000}
# ACLED codebook conventions for vague counts (fatality methodology FAQ).
VAGUE = {
    "several": 3, "few": 3, "a few": 3, "some": 3, "a number of": 3, "number of": 3, "many": 10, "scores": 20,
    "tens": 10, "dozens": 12, "hundreds": 100, "thousands": 1_000, "tens of thousands": 10_000,
    "hundreds of thousands": 100_000, "millions": 1_000_000,
}
QUALIFIERS = ("more than", "over", "at least", "nearly", "almost", "about", "around", "some", "up to",
              "roughly", "approximately", "an estimated", "as many as", "less than", "fewer than")

_NUMERIC = re.compile(r"^\d{1,3}(,\d{3})+$|^\d+(\.\d+)?$")


def parse_number(text: str) -> int | None:
    """'216,000' -> 216000; 'some 3 million' -> 3000000; 'a dozen' -> 12; 'two hundred' -> 200;
    'dozens' -> 12 (ACLED); None if the words are not a count."""
    words = text.lower().replace("-", " ").split()
    while words and " ".join(words[:2]) in QUALIFIERS:
        words = words[2:]
    while words and words[0] in QUALIFIERS:
        words = words[1:]
    phrase = " ".join(words)
    if phrase in VAGUE:
        return VAGUE[phrase]
    if not words:
        return None
    total, current, seen = 0, 0, False
    for w in words:
        w = w.strip(".,;:()")
        if w in ("and", "of"):
            continue
        if _NUMERIC.match(w):
            current += float(w.replace(",", ""))
            seen = True
        elif w in UNITS and not (w in ("a", "an", "no") and len(words) == 1):
            current += UNITS[w] if w not in ("a", "an") else 1
            seen = True
        elif w in SCALES and seen:
            current = (current or 1) * SCALES[w]
            if SCALES[w] >= 1_000:
                total, current = total + current, 0
        elif w in VAGUE and not seen:
            return VAGUE[w]
        else:
            return None
    value = int(round(total + current))
    return value if seen else None
