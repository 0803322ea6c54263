"""The rule-based event coder: sentences -> ACLED-style events.

Each sentence is read by a short chain of small steps (cue matching, modality
filter, sub-event decision, actors, place, date, figures, attribution), then
the events of one article are merged where ACLED would code one event (same
place and day: the higher tactic absorbs the lower). The data these steps use
lives in YAML (data/cues.yaml, data/actors.yaml) so an analyst can extend it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache

from ..model import Actor, Article, Event, Evidence, Place, PlaceMention
from . import lexicon, taxonomy
from .actors import ActorMention, allied_with_state, countries_of_actors, find_actors
from .attribution import find_source
from .figures import coded_fatalities, count_displaced, count_fatalities, share_of
from .time import When, find_dates

SETTLEMENT_NOUNS = {"town", "village", "city", "suburb", "neighbourhood", "neighborhood", "district",
                    "hamlet", "hill", "area", "areas", "towns", "villages", "suburbs", "base", "airport", "position"}
BACKGROUND_DAYS = 7
# Cue words that name an act only as verbs ("signed" a deal, not "signs" of torture).
VERB_ONLY = {"control", "sign", "agree", "release", "swap", "train", "merge", "patrol", "recruit", "march", "target",
             "surrender", "clear", "enter", "push", "deploy", "detain", "arrest", "stone", "torch", "advance", "exchange",
             "progress", "respond", "snipe", "retaliate"}
ALLY_VERBS = {"back", "support", "accompany", "aid", "assist", "join", "loyal", "include", "alongside", "ally"}
SYMMETRIC = {"clash", "battle", "fight", "exchange", "engage", "skirmish"}
FACTUAL_PREPS = {"during", "amid", "amidst", "in", "after", "following", "despite", "since", "at", "on", "through"}
REMOTE_KINDS = {"air", "shelling", "ied", "suicide", "grenade", "chemical"}
ARMED_VICTIMS = {"fighter", "militant", "soldier", "member", "commander", "rebel", "officer", "policeman", "troop",
                 "guard", "jihadist", "gunman", "combatant", "recruit", "insurgent", "militiaman", "conscript",
                 "personnel", "sniper", "leader", "police", "army", "policemen", "soldiers", "fighters", "suspect",
                 "rustler", "bandit", "raider", "gangster", "reservist", "detective", "bodyguard", "constable"}
CIVILIAN_VICTIMS = {"civilian", "villager", "resident", "farmer", "herdsman", "herder", "child", "woman", "man",
                    "people", "person", "passenger", "trader", "student", "worker", "family", "cleric", "teacher",
                    "owner", "motorist", "girl", "boy", "pupil", "journalist", "reporter", "worshipper", "elder",
                    "mourner", "driver", "shopkeeper", "businessman", "villagers", "civilians", "herdboy"}


@dataclass
class Cue:
    kind: str
    start: int          # token index of the cue's head
    end: int
    head: object        # spaCy Token


@lru_cache(maxsize=1)
def _cue_index() -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """first lemma -> [(lemma sequence, kind)], longest first."""
    index: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for kind, phrases in lexicon.load("cues.yaml")["kinds"].items():
        for phrase in phrases:
            words = tuple(str(phrase).lower().split())
            index.setdefault(words[0], []).append((words, kind))
    for entries in index.values():
        entries.sort(key=lambda e: -len(e[0]))
    return index


@lru_cache(maxsize=1)
def _word_sets() -> tuple[frozenset, frozenset]:
    cues = lexicon.load("cues.yaml")
    return frozenset(cues["irrealis"]), frozenset(cues["speech"])


def _keys(tok) -> tuple[str, str]:
    return tok.lemma_.lower(), tok.lower_


def find_cues(sent) -> list[Cue]:
    """Trigger cues in a sentence, matched on lemmas or surface words."""
    index = _cue_index()
    toks = list(sent)
    out: list[Cue] = []
    i = 0
    while i < len(toks):
        hit = None
        for key in _keys(toks[i]):
            for words, kind in index.get(key, []):
                n = len(words)
                window = toks[i:i + n]
                if len(window) == n and all(w in _keys(t) for w, t in zip(words, window, strict=False)):
                    hit = (n, kind)
                    break
            if hit:
                break
        if hit:
            n, kind = hit
            span = toks[i:i + n]
            head = next((t for t in span if t.head not in span or t.head == t), span[0])
            out.append(Cue(kind, toks[i].i, toks[i].i + n, head))
            i += n
        else:
            i += 1
    return [_demote(c) for c in out if _plausible(c)]


def _demote(cue: Cue) -> Cue:
    """A capture that was only attempted, or of a mere position, is a fight, not a change of control."""
    if cue.kind != "territory":
        return cue
    cues = lexicon.load("cues.yaml")
    attempt, minor = set(cues["attempt"]), set(cues["minor_objects"])
    if any(g.lemma_.lower() in attempt for g in list(_governors(cue.head, 3))[1:]):
        return Cue("clash", cue.start, cue.end, cue.head)
    objs = [c for c in cue.head.children if c.dep_ in ("dobj", "pobj", "prep")]
    words = {t.lemma_.lower() for o in objs for t in o.subtree if t.dep_ in ("dobj", "pobj", "amod", "nummod")
             or t == o}
    if any(c.lower_ == "partial" for c in cue.head.subtree) or (words & minor and not any(
            t.pos_ == "PROPN" or t.lower_ in SETTLEMENT_NOUNS for o in objs for t in o.subtree)):
        return Cue("clash", cue.start, cue.end, cue.head)
    return cue


def _plausible(cue: Cue) -> bool:
    """Drop readings of a cue word that do not name an act."""
    t = cue.head
    lemma = t.lemma_.lower()
    if cue.kind == "territory" and lemma in ("take", "clear", "storm", "expel") and cue.end - cue.start == 1:
        objs = [c for c in t.children if c.dep_ in ("dobj", "attr")]
        return any(o.lower_ in SETTLEMENT_NOUNS or o.ent_type_ in ("GPE", "LOC", "FAC") or o.pos_ == "PROPN"
                   for o in objs) and not any(o.lemma_ == "place" for o in objs)
    if cue.end - cue.start == 1 and lemma in VERB_ONLY and t.pos_ != "VERB" and not (
            lemma == "march" and t.text == "march"):        # "an anti-corruption march", not "5 March"
        return False
    if cue.kind == "territory" and any(o.lemma_.lower() in ("country", "nation", "territory") for o in t.subtree
                                       if o.dep_ in ("dobj", "pobj")) and not any(
            o.ent_type_ in ("GPE", "LOC") for o in t.subtree):
        return False        # "retaken control of most of the country": a summary, not an event
    if cue.kind == "kill" and cue.end - cue.start == 1 and t.pos_ == "NOUN" and lemma not in ("attack", "assault", "massacre", "murder",
                                                                  "killing", "execution", "death", "raid"):
        return False
    if cue.kind == "kill" and lemma in ("target", "beat", "abuse", "shoot") and t.pos_ != "VERB":
        return False
    if cue.kind == "clash" and lemma in ("offensive", "push", "raid") and t.pos_ != "VERB":
        gov = t.head
        return gov.lemma_.lower() in ("launch", "begin", "start", "mount", "continue", "repel", "resume")
    if cue.kind == "shelling" and lemma in ("bomb", "bombing") and t.pos_ == "NOUN":
        return not any(c.lower_ in ("car", "roadside", "suicide", "barrel") for c in t.children)
    if cue.kind == "displacement" and (t.dep_ in ("amod", "acl", "relcl", "acomp") and t.pos_ != "NOUN"
                                       or any(c.lower_ == "internally" for c in t.children)):
        return False
    if cue.kind in ("protest", "riot", "agreement", "change_group", "arrest", "displacement") and t.tag_ == "VBN" \
            and t.dep_ == "amod":
        return False
    return True


def _governors(tok, limit: int = 8):
    """The token and its heads up to the sentence root."""
    seen = 0
    while seen < limit:
        yield tok
        if tok.head == tok:
            return
        tok = tok.head
        seen += 1


def is_realis(cue: Cue) -> bool:
    """False for cues that are planned, feared, denied, negated or merely described."""
    irrealis, _ = _word_sets()
    t = cue.head
    headline = t.dep_ == "acl" and t.head.dep_ == "ROOT" and t.head.pos_ in ("NOUN", "PROPN", "NUM")
    if t.tag_ in ("VBN", "VBG") and t.dep_ in ("acl", "relcl", "amod", "pcomp") and \
            cue.kind not in ("kill", "protest", "riot") \
            and not headline:     # "8 fishermen abducted by pirates": a headline's predicate
        if not any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children):
            return False
    for g in _governors(t):
        kids = list(g.children)
        if any(k.dep_ == "neg" or (k.dep_ == "det" and k.lower_ in ("no", "neither")) for k in kids):
            return False
        if g.lemma_.lower() in irrealis and g is not t:
            return False
        if g.dep_ == "prep" and g.lower_ in FACTUAL_PREPS:
            break       # "attempted to advance during clashes": the clashes happened
        if any(k.dep_ == "aux" and k.lower_ in ("will", "would", "could", "may", "might", "should", "shall", "must",
                                                "'ll") for k in kids):
            return False
        if any(k.lemma_.lower() in ("likely", "expect", "plan", "set") and k.dep_ in ("acomp", "xcomp", "advmod")
               for k in kids):
            return False
        if g.dep_ == "ROOT":
            break
    return True


def is_running_total(sent, cue: Cue) -> bool:
    """'The war has left 400,000 dead since 2011' is a tally, not an event."""
    if cue.kind not in ("kill", "displacement"):
        return False
    for g in _governors(cue.head):
        if any(c.dep_ in ("nsubj", "nsubjpass") and c.lemma_.lower() in
               ("conflict", "war", "crisis", "violence", "uprising", "insurgency") for c in g.children):
            return True
    txt = sent.text.lower()
    return bool(re.search(r"since (?:19|20)\d\d|since the (?:start|beginning|outbreak) of the (?:war|conflict|crisis|"
                          r"uprising)|(?:civil )?war began|over the course of the war", txt))


# ---------------------------------------------------------------- decision
def decide(kinds: set[str], actors: list[Actor], victims_civilian: bool) -> str | None:
    """ACLED's hierarchy over the cue kinds found for one occurrence."""
    armed_first = actors[0] if actors else None
    if "territory" in kinds and "transfer" in kinds:
        return "Non-violent transfer of territory"
    if "territory" in kinds:
        return "Government regains territory" if allied_with_state(armed_first) else "Non-state actor overtakes territory"
    crowd = any(a.inter == "Rioters" for a in actors)
    organised = any(a.inter in ("State forces", "Rebel group", "Political militia", "Identity militia",
                                "External/Other forces") for a in actors)
    if crowd and not organised and "clash" in kinds and not {"protest"} & kinds and not kinds & REMOTE_KINDS:
        return "Mob violence"       # crowds fighting crowds: disorder, not a battle
    if "mob" in kinds:
        return "Mob violence"
    if crowd and not {"protest", "riot"} & kinds and {"kill", "looting", "disorder"} & kinds:
        return "Mob violence"       # a crowd's violence outside any demonstration
    if "disorder" in kinds and not {"protest", "riot", "kill"} & kinds and not kinds & REMOTE_KINDS:
        if not organised and any(a.inter in ("Civilians", "Protesters") for a in actors):
            return "Mob violence"   # "angered residents set ablaze the house of ..."
    if {"protest", "riot"} & kinds:
        if {"riot", "disorder"} & kinds:
            return "Violent demonstration"
        if "kill" in kinds and any(a.inter == "State forces" for a in actors):
            return "Excessive force against protesters"
        if {"arrest", "clash", "intervention"} & kinds:
            return "Protest with intervention"
        return "Peaceful protest"
    if "intervention" in kinds and not {"clash", "air", "shelling", "ied", "suicide"} & kinds:
        return "Protest with intervention"
    if "clash" in kinds:
        return "Armed clash"
    if "chemical" in kinds:
        return "Chemical weapon"
    if "air" in kinds and ({"shelling", "kill", "ied"} & kinds or len(kinds) == 1):
        return "Air/drone strike"
    if "suicide" in kinds:
        return "Suicide bomb"
    if "shelling" in kinds:
        return "Shelling/artillery/missile attack"
    if "ied" in kinds:
        return "Remote explosive/landmine/IED"
    if "grenade" in kinds:
        return "Grenade"
    if "sexual" in kinds:
        return "Sexual violence"
    if "kill" in kinds:
        armed = [a for a in actors if a.inter not in ("Civilians", "Protesters")]
        if victims_civilian or len(armed) < 2:
            return "Attack"
        return "Armed clash"
    if "air" in kinds:
        return "Air/drone strike"
    if "abduction" in kinds:
        return "Abduction/forced disappearance"
    if "disrupted" in kinds:
        return "Disrupted weapons use"
    if "arrest" in kinds:
        return "Arrests"
    if "looting" in kinds:
        return "Looting/property destruction"
    if "agreement" in kinds:
        return "Agreement"
    if "hq" in kinds:
        return "Headquarters or base established"
    if "change_group" in kinds:
        return "Change to group/activity"
    if "displacement" in kinds:
        return "Displacement"
    return None


# ---------------------------------------------------------------- the coder
@dataclass(frozen=True)
class Figure:
    """A death count as one sentence states it, with who states it."""

    value: int
    source: str | None
    total: bool          # a toll ("the death toll rose to 7") restates, it does not add
    coded: bool = False  # the note's own coding decision


def fatalities_of(figures: list[Figure]) -> tuple[int, int | None]:
    """ACLED: victims told apart are added up; differing reports give the lowest, and the highest as high.
    A coder's own figure ("fatalities coded as 10") settles it."""
    if not figures:
        return 0, None
    coded = [f.value for f in figures if f.coded]
    if coded:
        return coded[-1], None
    per_source = {}
    for src in {f.source for f in figures}:
        mine = [f for f in figures if f.source == src]
        totals = [f.value for f in mine if f.total]
        per_source[src] = max(totals) if totals else sum(f.value for f in mine)
    values = sorted(set(per_source.values()))
    return values[0], (values[-1] if len(values) > 1 else None)


@dataclass
class _Draft:
    event: Event
    sent_index: int
    dated: bool = True          # False: the sentence gave no date, the day is the publication's
    kinds: set[str] = field(default_factory=set)
    actors: list[Actor] = field(default_factory=list)
    mentions: int = 1
    figures: list[Figure] = field(default_factory=list)


class EventCoder:
    """Codes the events of one article. `geoparser` must offer find(text, doc)."""

    def __init__(self, geoparser=None, classifier=None, country: str | None = None):
        self.geoparser = geoparser
        self.classifier = classifier
        self.country = country          # used when the text's places do not tell

    # -- helpers ---------------------------------------------------------
    def _places(self, article: Article, doc, hint: str | None) -> list[PlaceMention]:
        if self.geoparser is None:
            return []
        return [m for m in self.geoparser.find(article.text, doc=doc, country=hint)
                if m.place and m.place.latitude is not None]

    @staticmethod
    def _country(mentions: list[PlaceMention]) -> str | None:
        counts: dict[str, int] = {}
        for m in mentions:
            if m.place.country:
                counts[m.place.country] = counts.get(m.place.country, 0) + 1
        return max(counts, key=lambda c: (counts[c], c)) if counts else None

    @staticmethod
    def _focus(mentions: list[PlaceMention]) -> Place | None:
        """The settlement the article keeps coming back to (else its region)."""
        score: dict[tuple, tuple[int, int, Place]] = {}
        for i, m in enumerate(mentions):
            key = (m.place.geonameid, m.place.name, m.place.feature)
            n, first, _ = score.get(key, (0, i, m.place))
            score[key] = (n + 1, first, m.place)
        if not score:
            return None
        best = max(score.values(), key=lambda v: (taxonomy.place_rank(v[2]) >= 3, v[0], -v[1]))
        return best[2]

    def _choose_place(self, sent, cue: Cue, here: list[PlaceMention], later: list[PlaceMention],
                      focus: Place | None, previous: Place | None, country: str | None = None) -> Place | None:
        here = [m for m in here if not _metonym(sent.doc, m)]
        if country:
            # a foreign capital in a sentence about the war is diplomacy, unless the act itself is there
            own = _object_tokens(cue, ("dobj", "prep", "pobj", "advmod"))
            here = [m for m in here if m.place.country in (country, None) or _span_in(sent.doc, m, own)]
        specific = [m for m in here if taxonomy.place_rank(m.place) >= 2]
        regions = [m.place for m in here if taxonomy.place_rank(m.place) >= 1]
        if specific:
            obj_tokens = _object_tokens(cue, ("dobj", "prep", "pobj", "nsubjpass", "npadvmod", "advmod", "attr",
                                              "appos"))
            doc = sent.doc

            def dist(m: PlaceMention) -> tuple:
                span = doc.char_span(m.start, m.end, alignment_mode="expand")
                ti = span.start if span is not None else cue.start
                in_obj = bool(span is not None and any(t.i in obj_tokens for t in span))
                return (-min(taxonomy.place_rank(m.place), 3), not in_obj, abs(ti - cue.start))
            best = min(specific, key=dist)
            return best.place
        generic_obj = any(t.lower_ in SETTLEMENT_NOUNS for c in cue.head.children if c.dep_ in ("dobj", "nsubjpass",
                                                                                                "pobj", "nsubj")
                          for t in c.subtree)
        if generic_obj:
            if focus is not None and taxonomy.place_rank(focus) >= 3 and (
                    not regions or any(focus.admin1 and focus.admin1 in (r.admin1, r.name) for r in regions)):
                return focus
            for m in later:
                if taxonomy.place_rank(m.place) >= 3:
                    return m.place
        if regions:
            return regions[0]
        return previous or focus

    @staticmethod
    def _date(sent, cue: Cue, published: date | None) -> When | None:
        _, speech = _word_sets()
        doc = sent.doc
        found = find_dates(sent.text, published)
        best, best_d = None, None
        for w in found:
            if sent.text[max(0, w.start - 6):w.start].strip().lower() == "since":
                continue        # the start of a period, not the day it happened
            span = doc.char_span(sent.start_char + w.start, sent.start_char + w.end, alignment_mode="expand")
            if span is not None:
                root = span.root
                if any(g.lemma_.lower() in speech for g in list(_governors(root, 3))[1:2]):
                    continue
                d = abs(span.start - cue.start)
            else:
                d = 99
            if best_d is None or d < best_d:
                best, best_d = w, d
        return best

    # -- main --------------------------------------------------------------
    def code(self, article: Article, doc=None) -> list[Event]:
        from .. import nlp

        doc = doc if doc is not None else nlp.parse(article.text)
        dateline = _DATELINE.match(article.text)
        by_actors = _top(countries_of_actors(article.text))
        mentions = [m for m in self._places(article, doc, by_actors or self.country)
                    if not dateline or m.start >= dateline.end()]
        country = self._country(mentions) or _country_named(article.text) or by_actors or self.country
        focus = self._focus(mentions)
        published = article.published_date
        drafts: list[_Draft] = []
        previous: Place | None = None
        sents = list(doc.sents)
        for si, sent in enumerate(sents):
            cues = [c for c in find_cues(sent) if is_realis(c) and not is_running_total(sent, c)]
            if not cues:
                if drafts and si - drafts[-1].sent_index <= 2:
                    # "1 fatality was reported.": a figure about the event just told
                    drafts[-1].figures.extend(Figure(v, find_source(sent), _is_toll(sent), coded)
                                              for v, coded in count_fatalities(sent))
                continue
            here = [m for m in mentions if sent.start_char <= m.start < sent.end_char]
            later = [m for m in mentions if sents[min(si + 1, len(sents) - 1)].start_char <= m.start
                     < sents[min(si + 2, len(sents) - 1)].end_char and m.start >= sent.end_char]
            amentions = _with_named_groups(sent, find_actors(sent.text, country), cues)
            kinds = {c.kind for c in cues}
            victims = _victim_lemmas(cues)
            victims_civ = any(a.actor.inter == "Civilians" for a in amentions) and not (victims & ARMED_VICTIMS)
            if "kill" in kinds and victims & ARMED_VICTIMS and not kinds & REMOTE_KINDS:
                kinds = kinds | {"clash"}        # violence against fighters on duty is a battle
            elif "kill" in kinds and victims & CIVILIAN_VICTIMS and "clash" in kinds and not any(
                    c.kind == "clash" and c.head.pos_ == "VERB" for c in cues):
                kinds = kinds - {"clash"}        # "ethnic clashes as militia attack civilians": an attack
            sub = decide(kinds, self._ordered_actors(sent, cues, amentions), victims_civ)
            if sub is None:
                continue
            kind_for_sub = taxonomy.cue_kind_of(sub)
            cue = next((c for c in cues if c.kind in kind_for_sub), cues[0])
            actor1, actor2 = self._assign(sent, cue, amentions, sub)
            if cue.kind == "territory" and cue.head.lemma_.lower() == "lose":
                actor1, actor2 = actor2, actor1     # "regime forces lost control of X after an IS assault"
            if taxonomy.event_type_of(sub) in ("Protests", "Riots"):
                actor1, actor2 = _crowd(sub, country, actor1, actor2)
            elif sub == "Armed clash" and actor1 and actor2 and _inter_code(actor2) < _inter_code(actor1) and (
                    cue.head.lemma_.lower() in SYMMETRIC or cue.head.pos_ != "VERB"):
                # a clash has no agent; ACLED writes its interaction lower category first (12, not 21)
                actor1, actor2 = actor2, actor1
            if sub in ("Government regains territory", "Non-state actor overtakes territory"):
                sub = _who_took_it(actor1, sent)
            place = self._choose_place(sent, cue, here, later, focus, previous, country)
            if place is not None:
                previous = place
            when = self._date(sent, cue, published)
            day = when.day if when else published
            precision = when.precision if when else 1
            status = "current"
            if day and published and (published - day).days > BACKGROUND_DAYS:
                status = "background"
            source = find_source(sent)
            fat = [Figure(v, source, _is_toll(sent), coded) for v, coded in count_fatalities(sent)]
            displaced = count_displaced(sent) if sub == "Displacement" else None
            evidence = Evidence(sent.text.strip(), sent.start_char, sent.start_char + len(sent.text.rstrip()))
            conf = 0.4 + 0.2 * (actor1 is not None) + 0.2 * (place is not None and place.precision == 1) + \
                0.1 * (when is not None) + 0.1 * (len(cues) > 1)
            event = Event(
                article_id=article.id, event_type=taxonomy.event_type_of(sub), sub_event_type=sub, evidence=evidence,
                event_date=day, time_precision=precision, actor1=actor1, actor2=actor2, place=place,
                fatalities=fat[0].value if fat else 0, fatalities_high=None, displaced=displaced,
                source=source, status=status, confidence=min(conf, 1.0),
            )
            drafts.append(_Draft(event, si, dated=when is not None, figures=fat, kinds=kinds,
                                 actors=[m.actor for m in amentions]))
        events = _merge(drafts)
        for e in events:
            if e.sub_event_type in ("Peaceful protest", "Protest with intervention"):
                e.fatalities, e.fatalities_high = 0, None   # by definition no one was killed there
        coded = coded_fatalities(article.text)
        if coded is not None and events:
            events[0].fatalities, events[0].fatalities_high = coded[0], None
        if events and events[0].fatalities and not (coded and coded[1]):
            main = events[0]
            main.fatalities = share_of(article.text, main.fatalities, main.place.name if main.place else None)
        if self.classifier is not None:
            events = [self.classifier.refine(e, article) for e in events]
        return events

    @staticmethod
    def _ordered_actors(sent, cues: list[Cue], amentions: list[ActorMention]) -> list[Actor]:
        if not amentions:
            return []
        a1, a2 = EventCoder._assign(sent, cues[0], amentions, None)
        order = [a for a in (a1, a2) if a]
        return order + [m.actor for m in amentions if m.actor not in order]

    @staticmethod
    def _assign(sent, cue: Cue, amentions: list[ActorMention], sub: str | None) -> tuple[Actor | None, Actor | None]:
        """actor1 did it, actor2 suffered it; from the parse where it tells, else by order."""
        if not amentions:
            return None, None
        doc = sent.doc
        roles: dict[str, list[Actor]] = {"agent": [], "patient": [], "between": [], "by": []}
        head = cue.head
        verb = head if head.pos_ in ("VERB", "AUX") else head.head if head.dep_ in ("nsubj", "dobj") else head
        for am in amentions:
            span = doc.char_span(sent.start_char + am.start, sent.start_char + am.end, alignment_mode="expand")
            if span is None:
                continue
            root = span.root
            chain = list(_governors(root, 4))
            if any(t.lemma_.lower() in ALLY_VERBS for t in chain[1:3]):
                continue        # "regime forces backed by Hezbollah": an associated actor
            for tok in chain[:-1]:
                if tok.head == verb and tok.dep_ in ("nsubj", "agent") or (tok.dep_ == "pobj" and tok.head.dep_ == "agent"
                                                                          and tok.head.head == verb):
                    roles["agent"].append(am.actor)
                    break
                if tok.head == verb and tok.dep_ in ("dobj", "nsubjpass"):
                    roles["patient"].append(am.actor)
                    break
                if tok.dep_ == "pobj" and tok.head.lower_ in ("to", "into") and verb.lemma_.lower() == "fall":
                    roles["agent"].append(am.actor)       # "the town fell to government forces"
                    break
                if tok.dep_ == "pobj" and tok.head.lower_ == "by":
                    roles["by"].append(am.actor)
                    break
                if tok.dep_ == "pobj" and tok.head.lower_ in ("against", "with", "from", "on", "between") and \
                        tok.head.head in (verb, head):
                    if tok.head.lower_ == "between":
                        roles["between"].append(am.actor)
                    else:
                        roles["patient"].append(am.actor)
                    break
        allies = {m.actor for m in amentions if any(
            t.lemma_.lower() in ALLY_VERBS for t in list(_governors(
                (doc.char_span(sent.start_char + m.start, sent.start_char + m.end, alignment_mode="expand")
                 or doc[sent.start:sent.start + 1]).root, 3))[1:3])}
        ordered = [m.actor for m in amentions if m.actor not in allies] or [m.actor for m in amentions]
        if not roles["agent"] and roles["by"]:
            roles["agent"] = roles["by"]
        if head.lemma_.lower() in SYMMETRIC and roles["agent"] and roles["patient"] and len(roles["agent"]) == 1:
            roles["between"] = roles["agent"] + roles["patient"]
            roles["agent"], roles["patient"] = [], []
        if not roles["agent"] and roles["between"]:
            # "clashes between X and Y": no agent; ACLED lists the state's forces first
            between = sorted(roles["between"], key=lambda a: a.inter != "State forces")
            roles["agent"], roles["patient"] = between[:1], between[1:] + roles["patient"]
        a1 = roles["agent"][0] if roles["agent"] else None
        a2 = next((a for a in roles["patient"] if a != a1), None)
        if a1 is None:
            everyone = [m.actor for m in amentions]
            cand = [a for a in ordered if a != a2 and a.inter != "Civilians"] or [a for a in ordered if a != a2] \
                or [a for a in everyone if a != a2 and a.inter != "Civilians"]
            a1 = cand[0] if cand else None
        if a2 is None:
            a2 = next((a for a in ordered if a != a1 and a.name != (a1.name if a1 else None)), None)
        if a1 is not None and a1.inter == "Civilians" and a2 is not None and a2.inter != "Civilians":
            a1, a2 = a2, a1
        return a1, a2


# "BEIRUT, Dec 17 (Agency) -": where the story was filed, not where anything happened
_DATELINE = re.compile(r"^\s*[A-Z][A-Z .'/-]+(?:, [A-Z][A-Za-z .]+)?, [A-Z][a-z]+\.? \d{1,2}(?:, \d{4})?"
                       r"(?: \([^)]{0,60}\))? ?[-\u2013\u2014]+ ?")


NOT_ACTORS = re.compile(r"observatory|agency|news|media|reuters|afp|associated press|\bun\b|united nations|ocha|unicef|"
                        r"ministry|council|committee|red cross|red crescent|hospital|university|coordination|"
                        r"group for|human rights|watch|amnesty|liveuamap|sana|television|tv|radio|press", re.I)


def _with_named_groups(sent, mentions: list[ActorMention], cues: list[Cue]) -> list[ActorMention]:
    """Armed groups the dictionary does not know ("Army of Free Tribes", "Malhama Tactical") are named
    organisations that act: an ORG entity that swallows a generic word or is the subject of an act is
    taken as a rebel group under its own name."""
    from .actors import COUNTRIES, DEMONYMS

    out = list(mentions)
    heads = {c.head for c in cues}
    for ent in sent.ents:
        if ent.label_ not in ("ORG", "PERSON", "NORP") or len(ent) < 2 or NOT_ACTORS.search(ent.text):
            continue
        if any(w.lower() in DEMONYMS or w in COUNTRIES.values() for w in ent.text.split()):
            continue
        s, e = ent.start_char - sent.start_char, ent.end_char - sent.start_char
        inside = [m for m in out if m.start >= s and m.end <= e]
        overlapping = [m for m in out if m.start < e and m.end > s]
        generic = inside and all(m.actor.name.startswith(("Military Forces of", "Unidentified", "Police Forces of"))
                                 and m.end - m.start < e - s for m in inside) and len(inside) == len(overlapping)
        governs = {ent.root.head} | {c for c in ent.root.head.children if c.dep_ == "xcomp"}
        acts = ent.root.dep_ in ("nsubj", "agent") and bool(governs & heads) or \
            ent.root.dep_ == "pobj" and ent.root.head.head in heads and ent.root.head.lower_ in ("with", "against")
        if generic or (acts and ent.label_ == "ORG" and not overlapping):
            out = [m for m in out if m not in inside]
            out.append(ActorMention(s, e, Actor(ent.text, "Rebel group", ent.text)))
    return sorted(out, key=lambda m: m.start)


def _inter_code(actor: Actor) -> int:
    from ..model import INTER_CATEGORIES

    return INTER_CATEGORIES.index(actor.inter) + 1 if actor.inter in INTER_CATEGORIES else 9


def _top(votes: dict[str, float]) -> str | None:
    return max(votes, key=lambda c: (votes[c], c)) if votes else None


def _object_tokens(cue: Cue, deps: tuple[str, ...]) -> set[int]:
    """Token indices of what the act was done to or where ("captured [the town of X]", "[in X]")."""
    return {t.i for c in cue.head.children if c.dep_ in deps for t in c.subtree}


def _span_in(doc, m: PlaceMention, token_ids: set[int]) -> bool:
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    return span is not None and any(t.i in token_ids for t in span)


def _metonym(doc, m: PlaceMention) -> bool:
    """"Ankara said", "Damascus blamed": a place as the subject of a verb is its government."""
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    return span is not None and span.root.dep_ in ("nsubj", "nsubjpass") and span.root.head.pos_ == "VERB" and \
        span.root.head.lemma_.lower() not in ("fall", "come", "be", "remain", "lie", "sit")


def _country_named(text: str) -> str | None:
    """The country a text names most by demonym or name ("Syrian regime forces"), when its places do not tell."""
    from .actors import COUNTRIES, DEMONYMS

    counts: dict[str, int] = {}
    low = text.lower()
    for word, code in list(DEMONYMS.items()) + [(n.lower(), c) for c, n in COUNTRIES.items()]:
        if code and word in low:
            n = len(re.findall(rf"\b{re.escape(word)}s?\b", low))
            if n:
                counts[code] = counts.get(code, 0) + n
    return max(counts, key=lambda c: (counts[c], c)) if counts else None


def _crowd(sub: str, country: str | None, a1: Actor | None, a2: Actor | None) -> tuple[Actor, Actor | None]:
    """ACLED names crowds by role: Protesters (Country) or Rioters (Country) are actor 1;
    the force that met them, if any, actor 2."""
    from .actors import COUNTRIES

    role = "Protesters" if taxonomy.event_type_of(sub) == "Protests" else "Rioters"
    where = COUNTRIES.get(country or "", country or "")
    crowd = Actor(f"{role} ({where})" if where else role, role, "")
    other = next((a for a in (a1, a2) if a is not None and a.inter not in ("Protesters", "Rioters", "Civilians")),
                 None)
    if sub == "Excessive force against protesters" and other is not None:
        return other, crowd         # the force is the actor, the protesters its target
    return crowd, other


def _victim_lemmas(cues: list[Cue]) -> set[str]:
    """Lemmas of the nouns that suffered the acts (objects and passive subjects of kill cues)."""
    out = set()
    for c in cues:
        if c.kind != "kill":
            continue
        if c.head.dep_ in ("acl", "amod") and c.head.head.pos_ in ("NOUN", "PROPN"):
            out.add(c.head.head.lemma_.lower())       # "four security officers killed"
        for k in c.head.children:
            if k.dep_ in ("dobj", "nsubjpass"):
                out.add(k.lemma_.lower())
                out.update(t.lemma_.lower() for t in k.children if t.dep_ == "prep" for t in t.children)
                out.update(t.lemma_.lower() for t in k.children if t.dep_ == "conj")
    return out


def _is_toll(sent) -> bool:
    return bool(re.search(r"\b(?:death toll|toll|in total|total of|overall)\b", sent.text, re.I))


def _who_took_it(actor1: Actor | None, sent) -> str:
    """ACLED's territory split by the capturer; with no capturer named, the sentence's words decide."""
    if actor1 is not None:
        return "Government regains territory" if allied_with_state(actor1) else "Non-state actor overtakes territory"
    if re.search(r"\b(government|regime|army|troops|soldiers)\b", sent.text, re.I):
        return "Government regains territory"
    return "Non-state actor overtakes territory"


def _close(a: Place | None, b: Place | None, km: float = 5.0) -> bool:
    if a is None or b is None:
        return True
    if a.latitude is None or b.latitude is None:
        return a.name == b.name
    return taxonomy.distance_km(a, b) <= km


def _merge(drafts: list[_Draft]) -> list[Event]:
    """One event per place and day: higher tactics absorb lower ones (ACLED's merge rules)."""
    kept: list[_Draft] = []
    for d in drafts:
        e = d.event
        for k in kept:
            f = k.event
            same_day = e.event_date == f.event_date or not (d.dated and k.dated)
            if not same_day or e.status != f.status or not _close(e.place, f.place):
                continue
            if not k.dated and d.dated:
                f.event_date, f.time_precision, k.dated = e.event_date, e.time_precision, True
            fam_e, fam_f = taxonomy.family(e.sub_event_type), taxonomy.family(f.sub_event_type)
            if fam_e != fam_f:
                continue
            if taxonomy.rank(e.sub_event_type) < taxonomy.rank(f.sub_event_type):
                f.sub_event_type, f.event_type = e.sub_event_type, e.event_type
                f.actor1, f.actor2 = e.actor1 or f.actor1, e.actor2 or f.actor2
            else:
                f.actor1, f.actor2 = f.actor1 or e.actor1, f.actor2 or e.actor2
            if f.place is None or (e.place is not None and e.place.precision < f.place.precision
                                   and taxonomy.place_rank(e.place) >= taxonomy.place_rank(f.place)):
                f.place = e.place
            k.figures.extend(d.figures)
            k.kinds = k.kinds | d.kinds
            k.actors = k.actors + [a for a in d.actors if a not in k.actors]
            if fam_f == "demonstration":
                # a protest that turns violent, or is broken up, the same day is one event of the higher kind
                sub = decide(k.kinds, k.actors, False) or f.sub_event_type
                f.sub_event_type, f.event_type = sub, taxonomy.event_type_of(sub)
                f.actor1, f.actor2 = _crowd(sub, None, f.actor1, f.actor2 or e.actor2)
            if e.displaced is not None:
                f.displaced = e.displaced if f.displaced is None else max(f.displaced, e.displaced)
            if e.source and (not f.source or e.source not in f.source):
                f.source = f"{f.source}; {e.source}" if f.source else e.source
            f.confidence = min(1.0, max(f.confidence, e.confidence) + 0.05)
            k.mentions += 1
            break
        else:
            kept.append(d)
    for k in kept:
        k.event.fatalities, k.event.fatalities_high = fatalities_of(k.figures)
    # the article's main event first, the rest in order of appearance
    if kept:
        main = max(kept, key=lambda k: (k.event.status == "current", k.mentions,
                                        taxonomy.family(k.event.sub_event_type) == "violence", -k.sent_index))
        kept.remove(main)
        kept.insert(0, main)
    return [replace(k.event) for k in kept]


def code_article(article: Article, doc=None, *, geoparser=None, classifier=None) -> list[Event]:
    return EventCoder(geoparser, classifier).code(article, doc)


__all__ = ["EventCoder", "code_article", "find_cues", "is_realis", "decide"]
