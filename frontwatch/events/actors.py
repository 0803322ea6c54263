"""Actor recognition: surface forms -> canonical actors with ACLED categories.

The dictionary is data (data/actors.yaml): specific actors first, then
generic patterns ("police", "{adj} troops") that name the text's country.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..model import Actor
from . import lexicon

# Demonyms and country names for {adj} / {Country}; the geo stage knows more
# places, but actor names need only the adjective.
DEMONYMS = {
    "syrian": "SY", "iraqi": "IQ", "afghan": "AF", "kenyan": "KE", "somali": "SO", "turkish": "TR",
    "russian": "RU", "iranian": "IR", "israeli": "IL", "lebanese": "LB", "yemeni": "YE", "libyan": "LY",
    "nigerian": "NG", "malian": "ML", "ukrainian": "UA", "american": "US", "british": "GB", "french": "FR",
    "sudanese": "SD", "ethiopian": "ET", "egyptian": "EG", "jordanian": "JO", "saudi": "SA", "pakistani": "PK",
    "indian": "IN", "ugandan": "UG", "tanzanian": "TZ", "congolese": "CD", "burkinabe": "BF", "nigerien": "NE",
    "cameroonian": "CM", "chadian": "TD", "mozambican": "MZ", "myanmar": "MM", "burmese": "MM", "palestinian": "PS",
    "kurdish": None, "ethiopian federal": "ET", "south sudanese": "SS", "colombian": "CO", "mexican": "MX",
}
COUNTRIES = {
    "SY": "Syria", "IQ": "Iraq", "AF": "Afghanistan", "KE": "Kenya", "SO": "Somalia", "TR": "Turkey",
    "RU": "Russia", "IR": "Iran", "IL": "Israel", "LB": "Lebanon", "YE": "Yemen", "LY": "Libya", "NG": "Nigeria",
    "ML": "Mali", "UA": "Ukraine", "US": "United States", "GB": "United Kingdom", "FR": "France", "SD": "Sudan",
    "ET": "Ethiopia", "EG": "Egypt", "JO": "Jordan", "SA": "Saudi Arabia", "PK": "Pakistan", "IN": "India",
    "UG": "Uganda", "TZ": "Tanzania", "CD": "Democratic Republic of Congo", "BF": "Burkina Faso", "NE": "Niger",
    "CM": "Cameroon", "TD": "Chad", "MZ": "Mozambique", "MM": "Myanmar", "PS": "Palestine", "SS": "South Sudan",
    "CO": "Colombia", "MX": "Mexico",
    "GE": "Georgia", "AM": "Armenia", "AZ": "Azerbaijan", "KR": "South Korea", "KP": "North Korea", "CN": "China",
    "TH": "Thailand", "PH": "Philippines", "ID": "Indonesia", "BD": "Bangladesh", "LK": "Sri Lanka", "NP": "Nepal",
    "DZ": "Algeria", "TN": "Tunisia", "MA": "Morocco", "MR": "Mauritania", "SN": "Senegal", "GN": "Guinea",
    "CI": "Ivory Coast", "GH": "Ghana", "TG": "Togo", "BJ": "Benin", "CF": "Central African Republic",
    "CG": "Republic of Congo", "BI": "Burundi", "RW": "Rwanda", "ZW": "Zimbabwe", "ZA": "South Africa",
    "ZM": "Zambia", "MW": "Malawi", "AO": "Angola", "ER": "Eritrea", "DJ": "Djibouti", "MG": "Madagascar",
    "BR": "Brazil", "VE": "Venezuela", "PE": "Peru", "EC": "Ecuador", "BO": "Bolivia", "AR": "Argentina",
    "CL": "Chile", "HT": "Haiti", "HN": "Honduras", "GT": "Guatemala", "SV": "El Salvador", "NI": "Nicaragua",
    "BY": "Belarus", "MD": "Moldova", "RS": "Serbia", "XK": "Kosovo", "BA": "Bosnia and Herzegovina",
    "DE": "Germany", "IT": "Italy", "ES": "Spain", "GR": "Greece", "CY": "Cyprus", "KW": "Kuwait", "BH": "Bahrain",
    "QA": "Qatar", "AE": "United Arab Emirates", "OM": "Oman", "TJ": "Tajikistan", "KG": "Kyrgyzstan",
    "UZ": "Uzbekistan", "KZ": "Kazakhstan", "TM": "Turkmenistan", "CA": "Canada", "AU": "Australia",
}
NOT_NAMES = {"the", "ethnic", "armed", "local", "rival", "unknown", "unidentified", "suspected", "some", "a", "an",
             "clan", "communal", "tribal", "as", "other", "pro", "anti", "heavily", "several", "many", "these", "those",
             "their", "his", "her", "its", "our", "clashes", "leaving", "government", "state", "security", "militia",
             # common words that open a sentence with a capital ("Cattle raiders attacked ...")
             "cattle", "livestock", "camel", "goat", "stock", "border", "bandit", "political", "opposition", "party",
             "police", "youth", "village", "criminal", "gang", "two", "three", "angry", "irate"}
ALLIES_OF_STATE = {"Hezbollah", "Military Forces of Russia", "Military Forces of Iran"}


@dataclass(frozen=True)
class ActorMention:
    start: int          # char offsets in the searched text
    end: int
    actor: Actor


@dataclass(frozen=True)
class _Entry:
    name: str
    inter: str
    country: str | None
    generic: bool
    regex: tuple[tuple[re.Pattern, bool], ...]     # (pattern, matched on the original case): always apply
    local: tuple[tuple[re.Pattern, bool], ...]     # apply when the text is about `country`
    anchors: tuple[tuple[str, bool], ...] = ()     # one word of each `regex` pattern: none in the text, no match
    local_anchors: tuple[tuple[str, bool], ...] = ()


def _compile(pattern: str) -> str:
    """A pattern's regex, without the word boundaries its union puts around all alternatives at once."""
    p = re.escape(pattern.lower()).replace(r"\{adj\}", r"([a-z]+(?: [a-z]+)?)")
    return p.replace(r"\ ", r"[\s-]+").replace(r"\-", r"[\s-]+")


def _bounded(alternatives: list[str]) -> re.Pattern:
    """One regex for alternatives that must start and end at word edges: the edge tests come first, so the
    alternatives are tried only where a word begins (a few times faster than an edge test per alternative)."""
    return re.compile(r"(?<![\w-])(?:" + "|".join(alternatives) + r")(?![\w-])")


@lru_cache(maxsize=1)
def _entries() -> tuple[_Entry, ...]:
    data = lexicon.load("actors.yaml")
    out = []
    for generic, key in ((False, "actors"), (True, "generic")):
        for item in data.get(key, []):
            pats = [str(p) for p in item.get("patterns") or []]
            if not generic:
                pats.append(re.sub(r"\s*\(.*?\)", "", item["name"]).replace(":", "").lower())
            pats = [p if _acronym(p) else p.lower() for p in pats]
            local = [str(p) for p in item.get("local_patterns") or []]
            out.append(_Entry(item["name"], item["inter"], item.get("country"), generic,
                              _union(pats), _union(local), _anchors(pats), _anchors(local)))
    return tuple(out)


def _anchors(patterns: list[str]) -> tuple[tuple[str, bool], ...]:
    """For each pattern the longest of its literal words, and whether it is sought in the original case (an
    acronym): a pattern matches only where its words occur, so a text holding none of an entry's anchors is
    skipped without running the entry's regexes (about half the dictionary for an ACLED note)."""
    out = set()
    for p in patterns:
        if "{adj}" not in p and _acronym(p):
            out.add((p.upper(), True))
            continue
        words = [w for w in re.split(r"[\s-]+", p.lower().replace("{adj}", " ")) if w]
        if not words:
            return (("", False),)       # nothing literal to look for: always run the regexes
        out.add((max(words, key=len), False))
    return tuple(sorted(out))


def _present(anchors: tuple[tuple[str, bool], ...], text: str, low: str) -> bool:
    return any(a in (text if exact else low) for a, exact in anchors)


def _acronym(pattern: str) -> bool:
    """Patterns written in capitals (IS, HTS, SDF) are acronyms, matched in capitals only,
    so the verb "is" is not the Islamic State."""
    return pattern.isupper()


def _union(patterns: list[str]) -> tuple[tuple[re.Pattern, bool], ...]:
    """One regex for plain words, one for {adj} patterns (a regex's matches never overlap,
    so "the army" must not hide "army" behind a failed "{adj} army"), one for acronyms."""
    out = []
    plain = [p for p in patterns if "{adj}" not in p and not _acronym(p)]
    for group in (plain, [p for p in patterns if "{adj}" in p]):
        pats = sorted(set(group), key=len, reverse=True)
        if pats:
            out.append((_bounded([_compile(p) for p in pats]), False))
    acronyms = sorted({p.upper() for p in patterns if "{adj}" not in p and _acronym(p)}, key=len, reverse=True)
    if acronyms:
        out.append((_bounded([re.escape(a) for a in acronyms]), True))
    return tuple(out)


def _fill(name: str, country: str | None, adj: str | None) -> str:
    cname = COUNTRIES.get(country or "", country or "Unknown")
    return (name.replace("{Country}", cname)
            .replace("{Adj}", (adj or "").title()).strip())


def find_actors(text: str, country: str | None = None) -> list[ActorMention]:
    """Actor mentions in `text`, longest and most specific first, without overlaps.
    `country` (alpha-2) names generic actors and prefers country-specific entries."""
    low = text.lower()
    found: list[tuple[int, int, int, ActorMention]] = []
    for rank, e in enumerate(_entries()):
        local = e.country == country and e.local and _present(e.local_anchors, text, low)
        if not local and not _present(e.anchors, text, low):
            continue
        regexes = e.regex + (e.local if local else ())
        for m in (m for rx, exact in regexes for m in rx.finditer(text if exact else low)):
            adj = next((g for g in m.groups() if g), None)
            ctry = country
            start = m.start()
            if adj is not None:
                first = m.start(m.lastindex or 1) if m.lastindex else m.start()
                if " " in adj and adj not in DEMONYMS:
                    # "with pokot raiders": the two-word slot took a word too many
                    adj = adj.split()[-1]
                    first = start = m.end(m.lastindex or 1) - len(adj)
                proper = text[first:first + 1].isupper() and " " not in adj and adj not in NOT_NAMES
                if adj not in DEMONYMS and not proper:
                    continue
                if adj not in DEMONYMS:
                    if "{Adj}" not in e.name:
                        continue
                else:
                    ctry = DEMONYMS[adj] or country
            if "{Adj}" in e.name and not adj:
                continue
            name = _fill(e.name, ctry if "{Country}" in e.name else e.country, adj)
            if e.country is None and not e.generic and "{" not in e.name:
                name = e.name
            actor = Actor(name=name, inter=e.inter, surface=text[start:m.end()])
            found.append((e.generic, -(m.end() - start), rank, ActorMention(start, m.end(), actor)))
    # named actors beat generic words; then the longest span; then the earlier dictionary entry
    chosen: list[ActorMention] = []
    for _, _, _, am in sorted(found, key=lambda t: (t[0], t[1], t[2], t[3].start)):
        if all(am.end <= c.start or am.start >= c.end for c in chosen):
            chosen.append(am)
    return sorted(chosen, key=lambda a: a.start)


def allied_with_state(actor: Actor | None) -> bool:
    return actor is not None and (actor.inter == "State forces" or actor.name in ALLIES_OF_STATE)


# Bare nouns that name one country's fighters in its local patterns ("militants" in a Syrian note
# are the opposition) but are written about every war: no evidence of the country.
_FIGHTER_NOUNS = frozenset({"militants", "rebels", "insurgents", "jihadists", "factions", "fighters",
                            "militias", "the opposition", "the government", "government"})


@lru_cache(maxsize=1)
def _country_cues() -> tuple[tuple[str, float, tuple[tuple[re.Pattern, bool], ...], tuple[tuple[str, bool], ...]], ...]:
    """Per country-bound actor: its own names (weight 1) and those local names that are not also
    words any country uses ("regime forces" tells Syria, "police" tells nothing)."""
    data = lexicon.load("actors.yaml")
    generic = {str(p).lower() for g in data.get("generic", []) for p in g["patterns"]} | _FIGHTER_NOUNS
    out = []
    for e, item in zip((e for e in _entries() if not e.generic), data.get("actors", []), strict=True):
        if not e.country:
            continue
        local = [str(p) for p in item.get("local_patterns") or [] if str(p).lower() not in generic]
        out.append((e.country, 1.0, e.regex, e.anchors))
        out.append((e.country, 0.5, _union(local), _anchors(local)))
    return tuple(out)


def countries_of_actors(text: str) -> dict[str, float]:
    """Country evidence from the actors a text names."""
    low = text.lower()
    votes: dict[str, float] = {}
    for country, weight, regexes, anchors in _country_cues():
        if _present(anchors, text, low) and any(rx.search(text if exact else low) for rx, exact in regexes):
            votes[country] = votes.get(country, 0.0) + weight
    return votes
