"""Toponym recognition: spaCy NER spans checked against the gazetteer, plus context cues.

The small English model often labels Arabic place names PERSON or ORG
("Maaret al-Numan" PERSON, "Saraqeb" ORG) and town names NORP ("Aleppo").
A span is taken as a place when

- NER says GPE/LOC (or FAC/NORP) and the gazetteer knows the name, or
- NER says PERSON/ORG (or nothing) and the gazetteer knows the name *and* a
  context cue says a place is meant ("the town of X", "near X", "X province",
  "X countryside", "villages of X", "in X" when X is in the document's
  country), or the same name was already taken as a place elsewhere in the
  document.

Demonyms ("Syrian") are never places here (see ``Geoparser.demonym``); a
single-word PERSON that ends a longer PERSON name elsewhere ("Assad" after
"Bashar Assad") is a surname; a GPE glued to a capitalized word that is not a
place ("Russia Today") is part of a name.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.lang.en.stop_words import STOP_WORDS

from .normalize import SLOTS, key1, key3, slots_trusted
from .resolve import ADMIN_WORDS, clean_surface, context_cues, km

# Capitalized English words that are also gazetteer names.
COMMON = frozenset("""
of police date mobile will mayor university church hospital center centre north south east west
central home street road city town village state county province district region republic
government army president minister general news today monday tuesday wednesday thursday friday
saturday sunday january february march april may june july august september october november
december christmas easter god allah islam muslim christian jewish arab arabs kurd kurds union
national international federal northern southern eastern western reading bath nice split orange
victory liberty unity independence freedom hope mission justice paradise ocean lake river mount
valley bay park beach island islands sea airport port station bridge square market university
college school court office house hall tower camp media post times journal herald tribune
observer guardian telegraph mail star sun globe world global council committee agency front
forces force group coalition alliance brigade battalion division regiment party movement
northwest northeast southwest southeast
""".split())

_PLACE_LABELS = {"GPE", "LOC", "FAC"}
_WEAK_LABELS = {"PERSON", "ORG", "NORP", "PRODUCT", "WORK_OF_ART", "EVENT"}
_CUE_IN = re.compile(r"\b(?:in|at|from|to|into|toward|towards|across|near|outside|around|control\s+of|control\s+over|"
                     r"entered|captured|seized|took|retook|recaptured|shelled|stormed|besieged)\s+(?:the\s+)?$", re.I)
_TITLE_BEFORE = re.compile(r"\b(?:President|Gen\.|General|Mr\.|Mrs\.|Ms\.|Dr\.|Sheikh|Minister|"
                           r"Prime Minister|King|Prince|Col\.|Brig\.|Lt\.|Sgt\.|Capt\.|Maj\.|"
                           r"spokesman|leader|commander|said)\s+$")
_WEEKDAYS_MONTHS = re.compile(r"^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|"
                              r"February|March|April|May|June|July|August|September|October|November|"
                              r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\b")
_LOCAL_FORCE = re.compile(r"^(\S.*?)\s+(?:Military\s+Council|Local\s+Council|Internal\s+Security(?:\s+Forces)?|"
                          r"Military\s+Police|Traffic\s+Police|Police|Revolutionaries|Revolutionary\s+Council)$")
_GLUED = re.compile(r"^ ([A-Z][a-z]+)")


_GEO_WORD = re.compile(r"^(?:Jabal|Jebel|Jabel|Mount|Mt\.?|Lake|Wadi|Tal|Tall|Tell|Kafr|Kfar|Deir|Dayr|Ras|"
                       r"Bab|Ain|Ayn|Bir|Khirbet|Khirbat|Qaryat|Hayy|Tel|Sheikh|Mazraat|Jisr|Ma'arat|"
                       r"Maarat|Maaret|Beit|Bayt|Umm|Tall)\b[ -]", re.I)


_FACILITY = re.compile(r"^\s+(?:military\s+)?(?:air\s?base|airport|airfield|air\s+field|dam|mountains?|"
                       r"valley|camp|crossing|border\s+crossing|oil\s?fields?|gas\s?fields?|refinery|checkpoint|"
                       r"prison|silos|bridge|roundabout|plain|desert)\b", re.I)
_DIGITS = re.compile(r"\d")
_OF = re.compile(r" of (?:the )?")
# the words for woods, plain, hills, farms and ruins that name a feature after its village
_ENGLISH_GENERIC = re.compile(r"^([A-Z][\w'’-]*(?: [A-Z][\w'’-]*)?) (Castle|Citadel|Bridge|Hill|Valley|Plain|Spring)$")
_ARABIC_GENERIC = {"castle": "Qalaat al {}", "citadel": "Qalaat al {}", "bridge": "Jisr al {}", "hill": "Tall {}",
                   "valley": "Wadi {}", "plain": "Sahl al {}", "spring": "Ain al {}"}
_BELONGS_TO = re.compile(r"^(?:Hersh|Hirsh|Horsh|Harsh|Sahl|Tallat|Talat|Mazraat|Mazra'at|Khirbet|Kherbet|Khirbat)"
                         r"(?:[ -](?:al|el|as|ash|ar|ad|at|az)[ -]|\s+)(?=[A-Z])")
_IN_JOIN = re.compile(r" in (?:the )?[A-Z]")
_IN_SPLIT = re.compile(r" in (?:the )?")
# a facility named after its place: "Damascus International Airport" lies at Damascus
_FACILITY_TAIL = re.compile(r"^(\S.*?)\s+(?:(?:International|Military|Civil)\s+)?(?:Airport|Air\s?base|Airfield|"
                            r"Oil\s+Field|Gas\s+Field|Oilfield|Prison|Central\s+Prison|Refinery|Power\s+Plant|"
                            r"Border\s+Crossing|Crossing|Farms?|Hospital|National\s+Hospital|University|City\s+Hall|Town\s+Hall|"
                            r"Stadium|Cathedral)$", re.I)
# "of" only after a word for a place or its people ("the outskirts of X", "residents of X"; not "a collection of
# Kalashnikov rifles")
_NEAR_BEFORE = re.compile(r"\b(?:(?:towns?|villages?|city|cities|outskirts|provinces?|regions?|districts?|countryside|"
                          r"areas?|suburbs?|north|south|east|west|northeast|northwest|southeast|southwest|cent(?:re|er)|"
                          r"heart|capital|governorate|county|state|residents|people|inhabitants|mayor|governor|"
                          r"streets|port|municipality|parts|vicinity|environs|edge|entrance|road|camps?|neighbou?rhoods?)"
                          r"\s+of|near|outside|around)\s+(?:the\s+)?$", re.I)
_AREA_AFTER = re.compile(r"^\s+(?:areas?|villages?|towns?|front|axis|countryside|outskirts)\b", re.I)
_STREET = re.compile(r"^\s+(?:[A-Z0-9][\w-]*\s+)?(?:street|st\.|avenue|ave\.|boulevard|roundabout|square)\b", re.I)


@dataclass
class Span:
    start: int
    end: int
    lookup: str
    hint: str | None
    precision: int
    label: str


_THE = re.compile(r"(?i)the\s+")
_POSSESSIVE_END = re.compile(r"(?:'s|’s|'|’)$")


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop a leading 'the', a trailing possessive and a trailing admin word from a span."""
    s = text[start:end]
    m = _THE.match(s)
    if m:
        start += m.end()
        s = text[start:end]
    m = _POSSESSIVE_END.search(s)
    if m:
        end = start + m.start()
        s = text[start:end]
    words = s.split()
    if len(words) > 1 and words[-1].lower() in ADMIN_WORDS and words[-1].lower() not in (
            "county", "parish", "borough"):
        end = start + s.rstrip().rfind(" ")
    if len(words) > 1 and words[0].lower() in ("northern", "southern", "eastern", "western", "central",
                                               "northwestern", "northeastern", "southwestern",
                                               "southeastern", "north", "south", "east", "west",
                                               "rural", "greater"):
        # "northern Syria" -> "Syria" (kept when the full name is a place: "South Sudan")
        pass
    return start, end


def find_spans(text: str, doc, gaz, demonyms: dict[str, str],
               votes: dict[str, float] | None = None) -> list[Span]:
    """Place-name spans of `text`. `votes`: country evidence from outside the spans
    (demonyms, country names, armed groups tied to one country)."""
    ents = list(doc.ents)
    person_tails = set()
    people: list[tuple[int, int]] = []      # multi-word PERSON entities: "Chris McKenzie", "Robert Stewart"
    for e in ents:
        if e.label_ == "PERSON" and len(e) > 1:
            person_tails.add(e[-1].text)
            person_tails.add(e[0].text)
            if all(t.is_title or t.is_punct for t in e):      # "Chris McKenzie"; not "Dawlat Yar district"
                people.append((e.start_char, e.end_char))

    proposals: list[tuple[int, int, str]] = []
    covered: list[int | None] = [None] * (len(text) + 1)    # index of the place entity over each char
    for n, e in enumerate(ents):
        if e.label_ not in _PLACE_LABELS | _WEAK_LABELS:
            continue
        s, t = _trim(text, e.start_char, e.end_char)
        if t <= s:
            continue
        if _IN_JOIN.search(text[s:t]):     # NER's "Sur in Dar'a": two places, proposed as parts below
            pos = s
            for part in _IN_SPLIT.split(text[s:t]):
                pos = text.index(part, pos)
                if part.strip():
                    proposals.append((pos, pos + len(part), e.label_ + "/part"))
                pos += len(part)
            continue
        proposals.append((s, t, e.label_))
        if text[t - 1] == "." and t - s > 2:     # "in Hama." tokenized as one word: the name without the stop too
            proposals.append((s, t - 1, e.label_))
        if e.label_ in _PLACE_LABELS:   # a place inside an ORG ("the University Housing in
            for i in range(e.start_char, e.end_char):      # Deir ez-Zour") is proposed too
                covered[i] = n
        # directional prefix inside the entity: "northern Syria", "South Idlib"
        words = text[s:t].split(" ", 1)
        if len(words) == 2 and words[0].lower() in ("northern", "southern", "eastern", "western",
                                                    "central", "northwestern", "northeastern",
                                                    "southwestern", "southeastern", "rural", "greater"):
            proposals.append((s + len(words[0]) + 1, t, e.label_ + "/dir"))

    # capitalized sequences NER missed ("Khan Sheikhoun" tagged nothing)
    for m in re.finditer(r"\b[A-Z][\w'’`-]+(?:[ -](?:(?:al|el|an|ar|as|ash|at|ad|az|ed|en|es|et|ez|"
                         r"de|du|la|le|bin|ibn|abu|um|umm|of)[ -])?[A-Z][\w'’`-]+){0,3}", text):
        owners = {covered[i] for i in range(m.start(), m.end()) if not text[i].isspace()}
        if len(owners) == 1 and None not in owners:
            continue   # NER has it; a run that extends an entity ("Deir" + "ez-Zor") or joins two
            # ("Jadid" + "Bakkara village") is proposed
        s, t = _trim(text, m.start(), m.end())
        if t > s:
            proposals.append((s, t, "NONE"))

    # the parts of a longer name: "Shannan of Jabal Al-Zawiya", "Eastern Qalamoun of Rural Damascus"
    for s, t, label in list(proposals):
        for part in _OF.split(text[s:t]):
            if part and len(part) < t - s:
                ps = text.index(part, s)
                proposals.append((ps, ps + len(part), label + "/part"))

    # the place a facility is named after, should the facility itself be unknown (precision 2)
    for s, t, label in list(proposals):
        if fm := _FACILITY_TAIL.match(text[s:t]):
            proposals.append((s, s + len(fm.group(1)), label.split("/")[0] + "/head"))

    # a span read under another name, should its own be unknown: a feature named after the place it belongs to,
    # read as that place (precision 2: "Hersh Kirkat", the woods of Kirkat), and a feature's generic word in
    # English with the name in Arabic ("Madiq Castle" is Qal'at al-Madiq)
    read_as: dict[tuple[int, int, str], str] = {}
    for s, t, label in list(proposals):
        base = label.split("/")[0]
        if gm := _BELONGS_TO.match(text[s:t]):
            read_as.setdefault((s, t, base + "/belongs"), text[s + gm.end():t])
        if tm := _ENGLISH_GENERIC.match(text[s:t]):
            read_as.setdefault((s, t, base + "/arabic"), _ARABIC_GENERIC[tm.group(2).lower()].format(tm.group(1)))
    proposals += list(read_as)

    # a force named after its town: "Menbij Military Council", "Al Tabqa Traffic Police"
    for s, t, label in list(proposals):
        if fm := _LOCAL_FORCE.match(text[s:t]):
            proposals.append((s, s + len(fm.group(1)), label.split("/")[0] + "/home"))

    # a facility word written after a name: "T4 airbase", "Tabqa dam", "Deir ez-Zor military airport"
    for s, t, label in list(proposals):
        fm = _FACILITY.match(text[t:t + 40])
        if fm:
            proposals.append((s, t + fm.end(), label + "/fac"))

    # decide
    names = []
    for s, t, label in proposals:
        look, _h = clean_surface(read_as.get((s, t, label), text[s:t]))
        names.append(look)
    cands = gaz.candidates_many(names)
    focus: dict[str, int] = {}
    decided: list[tuple[Span, bool, bool]] = []   # (span, accepted, needs_support)
    for (s, t, label), look in zip(proposals, names, strict=True):
        surface = text[s:t]
        cs = cands.get(look) or []
        strict = [c for c in cs if c.quality >= 0.85]
        hint, prec = context_cues(text, s, t)
        h2 = clean_surface(surface)[1]
        hint = hint or h2
        low = surface.lower()
        if _is_demonym(surface, demonyms) or not cs:
            continue
        if (s, t, label) in read_as and cands.get(clean_surface(surface)[0]):
            continue    # "Kherbet Ghazala" is a village of that name: the feature is read as itself
        if len(surface.split()) == 1 and (low in COMMON or low in STOP_WORDS or surface.isupper() and len(surface) <= 3
                                          and not (label.endswith("/fac") or _DIGITS.search(surface))):
            continue
        if _WEEKDAYS_MONTHS.match(surface) or _STREET.match(text[t:t + 20]):
            continue   # "Port Said street in Deir-ez-Zor": a street, not the city
        if label.endswith("/home"):
            # "Menbij Military Council", "Al Tabqa Traffic Police": a force named after its town, which is where
            # it acts when a report names no other place (precision 2)
            if any(c.lvl <= 1 for c in cs) and any(c.feature.startswith("P.") for c in cs):
                decided.append((Span(s, t, look, "city", max(prec, 2), label), True, False))
            continue
        glued = _GLUED.match(text[t:t + 30])
        if glued and not label.endswith("/head") and glued.group(1).lower() not in ADMIN_WORDS and not _WEEKDAYS_MONTHS.match(glued.group(1)) \
                and not gaz.candidates(glued.group(1), loose=False):
            continue   # "Russia Today", "Damascus Airport"-like names
        cue = label.endswith("/fac") and bool(strict) or hint is not None or prec > 1 or bool(
            _AREA_AFTER.match(text[t:t + 15])) or _NEAR_BEFORE.search(
            text[max(0, s - 40):s]) is not None
        span = Span(s, t, look, hint, max(prec, 2) if label.endswith(("/head", "/belongs")) else prec, label)
        base = label.split("/")[0]
        if base in _PLACE_LABELS:
            if strict or cue or any(c.lvl <= 1 for c in cs):
                decided.append((span, True, False))
            elif _CUE_IN.search(text[max(0, s - 15):s]):    # "in Eastern Ghota": skeleton only
                decided.append((span, False, True))
            elif _from_to(text, s, t):      # "between Sokhneh and Deir-ez-Zor": settlements only
                decided.append((span, False, False))
        elif base == "NORP":
            if strict:
                decided.append((span, True, False))
        else:   # PERSON / ORG / NONE
            if " " not in surface and surface in person_tails:
                continue        # "Stewart" after "Robert Stewart": the man again, not Fairview's alias
            if any(a <= s and t <= b and (a, b) != (s, t) for a, b in people):
                continue        # a word of a person's name: "McKenzie" of "Chris McKenzie"
            if _TITLE_BEFORE.search(text[max(0, s - 25):s]):
                continue
            if cue and (strict or cs):
                decided.append((span, True, False))
            elif strict or cs:
                decided.append((span, False, bool(_CUE_IN.search(text[max(0, s - 15):s]))))
        if decided and decided[-1][0] is span and decided[-1][1]:
            best = max(strict or cs, key=lambda c: c.pop)
            if best.cc:
                focus[best.cc] = focus.get(best.cc, 0) + 1
    # second pass: weak spans are taken when the name is already a place in this document,
    # or when "in X"-like and X is in the document's main country
    accepted_keys = {key1(sp.lookup) for sp, ok, _ in decided if ok}
    for cc, n in (votes or {}).items():
        focus[cc] = focus.get(cc, 0) + n
    if not focus or max(focus.values()) < 1:
        # nothing sure yet: names whose exact readings all lie in one country vote for it
        for sp, _, _ in decided:
            ccs = {c.cc for c in cands.get(sp.lookup, ()) if c.quality >= 0.85 and c.lvl == 0}
            if len(ccs) == 1 and None not in ccs:
                cc = ccs.pop()
                focus[cc] = focus.get(cc, 0) + 1
        if len(focus) > 1 and sorted(focus.values())[-1] == sorted(focus.values())[-2]:
            focus = {}
    top = max(focus, key=focus.get) if focus else None
    anchors = [c for sp, ok, _ in decided if ok for c in cands.get(sp.lookup, ())
               if c.quality >= 0.85 and not c.feature.startswith(("A.PCL", "L.CONT", "A.ADM1", "L.RGN"))]
    out = []
    for sp, ok, in_cue in decided:
        if not ok:
            k = key1(sp.lookup)
            strict = [c for c in cands.get(sp.lookup, ()) if c.quality >= 0.85]
            ok = k in accepted_keys or (in_cue and top is not None and any(
                c.cc == top and (c.lvl <= 1 or c.lvl == SLOTS and slots_trusted(top) or _long_skeleton(sp))
                for c in cands.get(sp.lookup, ())))
            # a name that begins with a geographic word ("Jabal", "Wadi", "Tal", "Kafr") or
            # that names a place close to the document's other places
            ok = ok or bool(_GEO_WORD.match(sp.lookup))
            ok = ok or any(km(c.lat, c.lon, a.lat, a.lon) < 60 for c in strict for a in anchors
                           if c.lat is not None and a.pid != c.pid)
            # a settlement of the document's country: "from Saraqeb to Maaret al-Numan" (any
            # key level), or any capitalized run matching one by an exact/transliteration key
            fromto = _from_to(text, sp.start, sp.end)
            ok = ok or (top is not None and any(
                c.cc == top and c.feature.startswith("P.") and (c.lvl <= 1 or fromto)
                for c in cands.get(sp.lookup, ())))
            # no country evidence at all: "battled IS in Khanaser", "killed near Tadmor"
            ok = ok or (top is None and in_cue and any(
                c.lvl == 0 and c.feature.startswith("P.") for c in strict))
            # "in Ar-Raqqa" tagged ORG: a settlement or province of the document's country, or of the country the
            # caller or the text names ("in the Mansura desert in Ar-Raqqa" in a report about Syria)
            ok = ok or (sp.label == "ORG" and " " not in sp.lookup and in_cue and any(
                (c.cc == top or (votes or {}).get(c.cc, 0) >= 1) and c.feature.startswith(("P.", "A.ADM1"))
                and (c.quality >= 0.85 or c.lvl == 0) for c in cands.get(sp.lookup, ())))
        if ok:
            out.append(sp)
    # overlapping proposals: keep the longest
    out.sort(key=lambda x: (x.start, -(x.end - x.start)))
    res: list[Span] = []
    for sp in out:
        if res and sp.start < res[-1].end:
            continue
        res.append(sp)
    return res


def _long_skeleton(sp: Span) -> bool:
    """A consonant skeleton long enough to meet a place by chance rarely ("Eastern Ghota" =
    "Eastern Ghouta"); NER's own place label lowers the bar."""
    return len(key3(sp.lookup)) >= (4 if sp.label.split("/")[0] in _PLACE_LABELS else 6)


_FROM = re.compile(r"\b(?:from|between)\s+$", re.I)
_TO_NEXT = re.compile(r"^\s+(?:to|and)\s+[A-Z]")
_FROM_X_TO = re.compile(r"\b(?:from\s+[A-Z][\w'’`-]*(?:[ -][\w'’`-]+){0,3}\s+to|"
                        r"between\s+[A-Z][\w'’`-]*(?:[ -][\w'’`-]+){0,3}\s+and)\s+$")


def _from_to(text: str, start: int, end: int) -> bool:
    """X or Y in "from X to Y" or "between X and Y"."""
    return bool(_FROM.search(text[max(0, start - 9):start]) and _TO_NEXT.match(text[end:end + 7])) or \
        bool(_FROM_X_TO.search(text[max(0, start - 60):start]))


def _is_demonym(surface: str, demonyms: dict[str, str]) -> bool:
    w = surface.strip()
    if w in demonyms:
        return True
    if w.endswith("s") and w[:-1] in demonyms:
        return True
    return False
