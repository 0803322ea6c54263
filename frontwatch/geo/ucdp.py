"""`gazetteer add --ucdp FILE`: the places of a UCDP GED export.

UCDP Georeferenced Event Dataset (GED), Uppsala Conflict Data Program, CC BY 4.0
(Sundberg & Melander 2013; Högbladh 2019): https://ucdp.uu.se/downloads/. The file is the
user's; frontwatch ships none of it. Columns read: `where_coordinates` (the place as UCDP writes
it: "Kafr Nabl town", "Jabal az Zawiyah area", "Kobane/Ayn al Arab", "Aaliyah (Qurujah)
village"), `where_prec` (1 exact .. 7 country), `adm_1`, `adm_2`, `latitude`, `longitude`,
`country`. Rows with where_prec above 3 locate a whole division or country and are skipped.
"""
from __future__ import annotations

import re
from pathlib import Path

from .additions import (
    ALT,
    PRIMARY,
    AdditionError,
    _adding,
    _country_codes,
    _finish,
    _insert_place,
    export_reader,
)
from .gazetteer import Gazetteer
from .normalize import key1, without_marks
from .resolve import km

UCDP_REQUIRED = ("where_coordinates", "latitude", "longitude", "country")
CREDIT = "UCDP Georeferenced Event Dataset (GED), Uppsala Conflict Data Program, CC BY 4.0"

# the last word of where_coordinates -> (GeoNames-style feature, the word is part of the name?)
KINDS: dict[str, tuple[str, bool]] = {
    **dict.fromkeys(("village", "villae", "villge", "villages", "town", "city", "locality", "hamlet", "settlement"),
                    ("P.PPL", False)),
    **dict.fromkeys(("suburb", "neighbourhood", "neighborhood", "quarter"), ("P.PPLX", False)),
    **dict.fromkeys(("district", "subdistrict", "sub-district", "nahiya"), ("A.ADM2", False)),
    **dict.fromkeys(("governorate", "province"), ("A.ADM1", False)),
    "area": ("L.AREA", False), "region": ("L.RGN", False), "sector": ("L.AREA", True),
    **dict.fromkeys(("mountain", "mountains", "mount"), ("T.MT", False)),
    **dict.fromkeys(("hill", "hills"), ("T.HLL", False)),
    "plain": ("T.PLN", True), "desert": ("T.DSRT", True), "valley": ("T.VAL", True),
    "island": ("T.ISL", True), "river": ("H.STM", False), "lake": ("H.LK", True),
    "reservoir": ("H.RSV", True), "dam": ("S.DAM", True),
    **dict.fromkeys(("field", "fields", "oilfield", "gasfield"), ("S.OILF", True)),
    "camp": ("S.CMP", True), "airbase": ("S.AIRB", True), "airport": ("S.AIRP", True),
    **dict.fromkeys(("base", "brigade", "battalion", "regiment", "division"), ("S.MILB", True)),
    **dict.fromkeys(("checkpoint", "crossing"), ("S.PSTB", True)),
    **dict.fromkeys(("farm", "farms"), ("S.FRM", True)),
    **dict.fromkeys(("road", "highway"), ("R.RD", True)),
    "bridge": ("S.BDG", True), "castle": ("S.CSTL", True), "citadel": ("S.CSTL", True),
    **dict.fromkeys(("plant", "complex", "prison", "hospital", "factory", "station", "school",
                     "mosque", "building", "academy", "college", "hotel"), ("S.BLDG", True)),
}
# a place of these kinds is also named without its word: "the al-Mallah front" (Al Mallah farms)
BARE_TOO = {"farm", "farms", "plain", "desert", "valley", "island", "castle", "citadel", "sector"}
# generic first words of village names that reports often leave out: hill, ruin, mark, farm, yard, well
_GENERIC_HEAD = re.compile(r"^(?:Tall|Tal|Tell|Khirbat|Khirbet|Kherbet|Rasm|Mazraat|Mazraet|Hawsh|Hosh|Bir)"
                           r"\s+(?:(?:al|el|an|ar|as|ash|at|ad|az)[\s-]+)?(\S.*)$", re.I)
_QUALIFIED = re.compile(r"\s+(?:in|near|outside)\s+\S.*$", re.I)
_PARENS = re.compile(r"\s*\(([^()]*)\)\s*")
_DIVISION_WORD = re.compile(r"\s+(?:governorate|province|district|subdistrict|sub-district|nahiya)$", re.I)


def _kind(part: str) -> tuple[str, str | None, bool]:
    """"Kafr Nabl town" -> ("Kafr Nabl", "P.PPL", False)."""
    words = part.split()
    if len(words) > 1 and words[-1].lower() in KINDS:
        feature, keep = KINDS[words[-1].lower()]
        return (part if keep else " ".join(words[:-1])), feature, keep
    return part, None, False


def ucdp_names(where: str) -> tuple[list[str], str]:
    """The names a UCDP `where_coordinates` holds, the first the primary one, and the feature.

    >>> ucdp_names("Abu Hayj/Khalidiyah village")
    (['Abu Hayj', 'Khalidiyah'], 'P.PPL')
    """
    names: list[str] = []
    feature = None
    for part in re.split(r"\s*/\s*", where.strip()):
        inner = _PARENS.findall(part)
        part = _QUALIFIED.sub("", _PARENS.sub(" ", part)).strip()
        if not part:
            continue
        name, f, kept = _kind(part)
        feature = feature or f
        names.append(name)
        if f is None or not f.startswith("A."):      # "Qastun al Gharbi" is also where reports say "Qastun"
            names += [x for x in [without_marks(name)] if x and len(x) > 3]
            if h := _GENERIC_HEAD.match(name):         # "Tall al Sayyad" where reports say "Sayad"
                names += [h.group(1)] if len(h.group(1)) > 4 else []
        if kept and part.split()[-1].lower() in BARE_TOO and len(part.split()) > 2:
            names.append(" ".join(part.split()[:-1]))     # "Al Mallah farms" is "al-Mallah" in reports
        # "Aaliyah (Qurujah) village": another name; "(Tall Tamr area)", "(Brigade 47)": not one
        names += [n.strip() for i in inner for n in i.split(",")
                  if n.strip() and not n.strip()[0].isdigit() and _kind(n.strip())[1] is None]
    if feature is None:
        first = names[0].split()[0].lower() if names else ""
        feature = "T.MT" if first in ("jabal", "jebel", "jbel") else "P.PPL"
    seen, out = set(), []
    for n in names:
        if n and n.lower() not in seen:
            seen.add(n.lower())
            out.append(n)
    return out, feature


def add_ucdp(file: str | Path, home: Path | None = None) -> int:
    """Add the places of a UCDP GED export CSV (one place per name and point rounded to 0.01°).
    Returns the number of places added."""
    path = Path(file)
    if not path.exists():
        raise AdditionError(f"{path}: no such file")
    gaz = Gazetteer(home)
    try:
        return _add(path, home, gaz)
    finally:
        gaz.close()


def _add(path: Path, home: Path | None, gaz: Gazetteer) -> int:
    codes = _country_codes()
    big = ("A.PCL", "A.ADM1", "P.PPLC", "P.PPLA")

    def known_elsewhere(name: str, lat: float, lon: float, cc: str | None) -> bool:
        """"Military Research Center (Aleppo)": an alternate that names a well-known place
        elsewhere in the country (a division, a city) qualifies the place rather than naming it."""
        return any(c.lat is not None and c.quality > 0.8 and c.cc == cc
                   and (c.feature.startswith(big) or c.pop >= 20000)
                   and km(c.lat, c.lon, lat, lon) > 10 for c in gaz.candidates(name, loose=False))
    n = 0
    with _adding(path, home) as con:
        with open(path, newline="", encoding="utf-8-sig") as f:
            reader = export_reader(f, path, UCDP_REQUIRED, "a UCDP GED export")
            con.execute("BEGIN")
            for r in reader:
                lineno = reader.line_num
                where = (r.get("where_coordinates") or "").strip()
                if not where:
                    raise AdditionError(f"{path}:{lineno}: empty where_coordinates")
                try:
                    lat, lon = float(r["latitude"]), float(r["longitude"])
                    prec = int(float(r.get("where_prec") or 1))
                except (TypeError, ValueError):
                    raise AdditionError(f"{path}:{lineno}: malformed latitude/longitude/where_prec "
                                        f"({r.get('latitude')!r}, {r.get('longitude')!r}, "
                                        f"{r.get('where_prec')!r})") from None
                if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                    raise AdditionError(f"{path}:{lineno}: coordinates out of range ({lat}, {lon})")
                if prec > 3:
                    continue
                names, feature = ucdp_names(where)
                if not names or feature == "A.ADM1":     # divisions: the packaged index has them
                    continue
                country = (r.get("country") or "").strip()
                cc = codes.get(key1(country)) if country else None
                names = names[:1] + [x for x in names[1:] if not known_elsewhere(x, lat, lon, cc)]
                a1 = _DIVISION_WORD.sub("", (r.get("adm_1") or "").strip()) or None
                dedupe = f"ucdp|{key1(names[0])}|{round(lat, 2):.2f}|{round(lon, 2):.2f}"
                n += _insert_place(con, geonameid=None, name=names[0], lat=lat, lon=lon,
                                   cc=cc, a1code=None,
                                   feature=feature, pop=0, a1name=a1,
                                   names=[(names[0], PRIMARY)] + [(x, ALT) for x in names[1:]], dedupe=dedupe)
        _finish(con, path, "ucdp", n)
    return n
