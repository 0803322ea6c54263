"""The rule-based event coder: sentences -> ACLED-style events.

Each sentence is read by a short chain of small steps (cue matching, modality
filter, sub-event decision, actors, place, date, figures, attribution), then
the events of one article are merged where ACLED would code one event (same
place and day: the higher tactic absorbs the lower). The data these steps use
lives in YAML (data/cues.yaml, data/actors.yaml) so an analyst can extend it.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache, lru_cache

from ..model import Actor, Article, Event, Evidence, Place, PlaceMention
from . import lexicon, taxonomy
from .actors import COUNTRIES, ActorMention, allied_with_state, countries_of_actors, find_actors
from .attribution import find_source
from .choose import choose, item_event
from .figures import coded_fatalities, count_displaced, count_fatalities, share_of
from .numbers import UNITS
from .time import When, find_dates
from .typed import WHOLE_CHARS, TypeBatch

SETTLEMENT_NOUNS = {"town", "village", "city", "suburb", "neighbourhood", "neighborhood", "district",
                    "hamlet", "hill", "area", "areas", "towns", "villages", "suburbs", "base", "airport", "position"}
BACKGROUND_DAYS = 7
SENTENCE_FLOOR = 0.75   # a sentence of a longer article changes the rules' type or adds an event only this sure
# Sentences this close tell of one occurrence: a consequence told within them belongs to the act.
NEARBY = 2
# Cue words that name an act only as verbs ("signed" a deal, not "signs" of torture).
VERB_ONLY = {"control", "sign", "agree", "release", "swap", "train", "merge", "patrol", "recruit", "march", "target",
             "surrender", "clear", "enter", "push", "deploy", "detain", "stone", "torch", "advance", "exchange",
             "progress", "respond", "snipe", "retaliate", "spear", "whip"}
ALLY_VERBS = {"back", "support", "accompany", "aid", "assist", "join", "loyal", "include", "alongside", "ally"}
SYMMETRIC = {"clash", "battle", "fight", "exchange", "engage", "skirmish"}
FACTUAL_PREPS = {"during", "amid", "amidst", "in", "after", "following", "despite", "since", "at", "on", "through"}
REMOTE_KINDS = {"air", "shelling", "ied", "suicide", "grenade", "chemical", "blast"}
ARMED_VICTIMS = {"fighter", "militant", "soldier", "commander", "rebel", "officer", "policeman", "troop", "robber",
                 "guard", "jihadist", "gunman", "combatant", "recruit", "insurgent", "militiaman", "conscript",
                 "personnel", "sniper", "police", "army", "policemen", "soldiers", "fighters", "suspect",
                 "rustler", "bandit", "raider", "gangster", "reservist", "detective", "bodyguard", "constable",
                 "assailant", "attacker", "criminal", "pirate", "poacher", "thug", "kidnapper", "abductor",
                 "arbaki", "warrior", "carjacker", "hijacker", "military", "ranger", "warder", "askari"}
# Words that make what they modify armed: "police vehicle", "military camp", "gang members".
ARMED_OWNERS = {"police", "military", "army", "security", "armed", "gang", "militia", "kdf", "gsu"}
# Nouns for armed bodies as a whole.
ARMED_GROUPS = {"force", "militia", "gang", "army", "troop", "attacker", "raider"}
CIVILIAN_VICTIMS = {"civilian", "villager", "resident", "farmer", "herdsman", "herder", "child", "woman", "man",
                    "people", "person", "passenger", "trader", "student", "worker", "family", "cleric", "teacher",
                    "owner", "motorist", "girl", "boy", "pupil", "journalist", "reporter", "worshipper", "elder",
                    "mourner", "driver", "shopkeeper", "businessman", "villagers", "civilians", "herdboy",
                    "schoolboy", "schoolgirl", "priest", "pastor", "imam", "chief", "official", "politician",
                    "aspirant", "candidate", "activist", "bystander", "voter", "tourist", "fisherman", "patient"}

ARMED_INTERS = {"State forces", "Rebel group", "Political militia", "Identity militia", "External/Other forces"}
# Victim words that say nothing of who the victims were.
NONDESCRIPT = {"other", "others", "they", "them", "who", "he", "she", "him", "her", "one", "ones", "number", "some",
               "many", "several", "few", "dozen", "dozens", "hundred", "hundreds", "attempt", "time", "target",
               "life", "lives", "body", "bodies", "casualty", "victim", "injury", "each", "all", "both", "those",
               "which", "that", "we", "us", "you", "i", "it", "unit", "side", "group", "team", "convoy", "position",
               "checkpoint", "post", "camp", "base", "fire", "area", "region", "outskirt", "part", "site", "point",
               "front", "line", "road", "highway", "headquarters", "direction", "vicinity", "surrounding", "fatality"}
# Verbs of telling that a note negates about its details ("details not specified"), not about the act.
UNTOLD = {"specify", "know", "identify", "disclose", "establish"}
# Verbs by which a war "leaves" or "claims" its dead.
TALLY_VERBS = {"leave", "claim", "cause", "kill", "displace", "force", "bring", "take", "result"}
# Stealing these is a raid on the herders (ACLED: an attack), not a theft.
LIVESTOCK = {"cattle", "livestock", "cow", "goat", "camel", "sheep", "animal", "head", "herd", "donkey"}
# Kill cues that tell of a death, or of lethal force.
LETHAL = {"kill", "murder", "execute", "die", "dead", "death", "massacre", "behead", "slaughter", "lynch", "killing",
          "shoot"}
# Kill cues whose subject is the victim.
DIE = {"die", "dead", "perish", "succumb"}
# Words that add victims to a victim ("a council member in addition to 3 of his guards").
ADDED = {"addition", "along", "including", "plus", "besides", "alongside"}
# Words that make an act something asked for, not done ("demanding the arrest of").
DEMANDED = {"demand", "call", "seek", "urge", "want", "push", "petition"}
# Words that make a violent noun an accusation ("suspected of murder", "for rape").
ACCUSED = {"suspect", "suspected", "accuse", "accused", "charge", "convict", "allege", "alleged", "case", "over", "for"}
# Clash cues that name one side's act: on civilian targets they are attacks, not fights.
ONE_SIDED = {"assault", "ambush", "raid", "storm", "infiltrate", "open"}
CIVILIAN_TARGETS = {"vehicle", "bus", "matatu", "car", "truck", "home", "house", "homestead", "village", "hotel",
                    "school", "church", "mosque", "market", "shop", "caravan", "motorcade", "community", "them",
                    "him", "her", "journalists", "residents", "traders", "supporters", "patient", "wife", "youth"}
# What is captured when people or craft, not places, are taken.
CAPTIVES = {"vessel", "ship", "boat", "vehicle", "hostage", "he", "she", "they", "him", "them"}
# People who, fighting one another or the police, ACLED codes as a mob: they are no armed organisation.
SIDE_NOUNS = {"supporter", "rival", "party", "student", "youth", "trader", "hawker", "operator",
              "fisherman", "squatter", "churchgoer", "learner", "fan", "delegate", "worker", "villager"}
# Victims whose killing or beating is mob justice: thieves and witches, and suspected criminals.
JUSTICE_TARGETS = {"thief", "witch", "wizard", "sorcerer", "witchcraft", "sorcery"}
SUSPECTS = {"robber", "criminal", "murderer", "rapist", "killer", "burglar", "kidnapper"}
# Plural civilian groups that, when they turn violent, ACLED codes as a mob.
CROWD_NOUNS = {"resident", "villager", "local", "people", "farmer", "trader", "passenger", "worshipper", "family",
               "student", "worker", "community", "public", "youth", "member", "relative", "neighbour", "neighbor",
               "operator", "rider", "voter", "parent", "colleague"}


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
            # the tokenizer splits most hyphens off ("post - election"), so both spellings are indexed
            for form in {str(phrase).lower(), str(phrase).lower().replace("-", " - ")}:
                words = tuple(form.split())
                index.setdefault(words[0], []).append((words, kind))
    for entries in index.values():
        entries.sort(key=lambda e: -len(e[0]))
    return index


@cache
def _words(name: str) -> frozenset:
    """A word list of cues.yaml ("irrealis", "found", "weapons", ...), as a set built once."""
    return frozenset(lexicon.load("cues.yaml")[name])


def _word_sets() -> tuple[frozenset, frozenset]:
    return _words("irrealis"), _words("speech")


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
    """A capture that was only attempted, or of a mere position, is a fight, not a change of control;
    an assault or ambush on people, homes or vehicles is an attack on civilians, not a fight."""
    if cue.kind == "clash" and cue.head.lemma_.lower() in ONE_SIDED:
        objs = [k for k in cue.head.children if k.dep_ in ("dobj", "nsubjpass") and k.lemma_ != "fire"]
        objs = objs or [p for k in cue.head.children if k.dep_ == "prep" and k.lower_ == "on" for p in k.children
                        if p.ent_type_ not in ("DATE", "TIME")]
        if not objs and cue.head.dep_ in ("conj", "xcomp"):
            # "residents were beaten and assaulted", "journalists were reported assaulted": the governing verb's
            # passive subject is what was assaulted
            passive = any(k.dep_ == "auxpass" for k in cue.head.children)
            objs = [k for k in cue.head.head.children if k.dep_ == "nsubjpass" or passive and k.dep_ == "nsubj"]
        # "a group of students": the group is what its members are
        objs = [next((o for p in g.children if p.lower_ == "of" for o in p.children), g)
                if g.lemma_.lower() in ("group", "crowd", "number") else g for g in objs]
        owned = any(c.dep_ in ("compound", "amod") and c.lemma_.lower() in ARMED_VICTIMS | {"military", "security"}
                    for o in objs for c in o.children)      # "an Arbaki vehicle", "a police car"
        named = [o for o in objs if not o.like_num] or objs     # "four injured after a bus was ambushed"
        if objs and not owned and all(o.lemma_.lower() in CIVILIAN_VICTIMS | CIVILIAN_TARGETS for o in named):
            return Cue("kill", cue.start, cue.end, cue.head)
    if cue.kind == "protest" and any(c.lower_ in ("violent", "violently") for c in cue.head.children):
        return Cue("riot", cue.start, cue.end, cue.head)      # "violent electoral protests"
    if cue.kind in ("shelling", "ied", "grenade", "blast", "territory") and cue.end - cue.start == 1:
        t = cue.head
        found = _words("found")
        if t.pos_ == "NOUN" and (t.head.lemma_.lower() in found and t.dep_ in ("dobj", "nsubjpass")
                                 or any(c.lower_ == "unexploded" for c in t.children)):
            return Cue("disrupted", cue.start, cue.end, t)     # "police found a bomb"
        objs = [c for c in t.children if c.dep_ in ("dobj", "nsubjpass")]
        if cue.kind == "territory" and t.lemma_.lower() in found and objs and all(
                o.lemma_.lower() in _words("weapons") for o in objs):
            return Cue("disrupted", cue.start, cue.end, t)     # "police seized firearms"
    if cue.kind != "territory":
        return cue
    attempt, minor = _words("attempt"), _words("minor_objects")
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
    if _in_a_name(cue) or t.lower_ == "according" or (
            t.dep_ == "compound" and t.head.lemma_.lower() in UNIT_NOUNS and t.head.i >= cue.end and not any(
                k.i < t.i and k.pos_ in ("PROPN", "NOUN") for k in t.children)):      # not "MRC attack police officers"
        return False    # "Air Force Intelligence", "according to", "riot police", "bomb disposal experts"
    # a headline's verb tagged as a noun ("Attackers shoot KDF soldier") still has a subject and an object
    verb = t.pos_ == "VERB" or {"nsubj", "dobj"} <= {c.dep_ for c in t.children}
    if cue.kind == "territory" and lemma in ("seize", "capture", "overrun") and cue.end - cue.start == 1:
        objs = [c for c in t.children if c.dep_ in ("dobj", "nsubjpass")]
        return not any(o.lemma_.lower() in CIVILIAN_VICTIMS | ARMED_VICTIMS | CAPTIVES or o.like_num
                       for o in objs)    # "seized by a mob", "captured 15 soldiers": people, not places
    if cue.kind == "territory" and lemma in ("take", "clear", "storm", "expel") and cue.end - cue.start == 1:
        objs = [c for c in t.children if c.dep_ in ("dobj", "attr")]
        return any(o.lower_ in SETTLEMENT_NOUNS or o.ent_type_ in ("GPE", "LOC", "FAC") or o.pos_ == "PROPN"
                   for o in objs) and not any(o.lemma_ == "place" for o in objs)
    if cue.end - cue.start == 1 and lemma in VERB_ONLY and not verb and not (
            lemma == "march" and t.text == "march"):        # "an anti-corruption march", not "5 March"
        return False
    if cue.kind == "territory" and any(o.lemma_.lower() in ("country", "nation", "territory") for o in t.subtree
                                       if o.dep_ in ("dobj", "pobj")) and not any(
            o.ent_type_ in ("GPE", "LOC") for o in t.subtree):
        return False        # "retaken control of most of the country": a summary, not an event
    if cue.kind == "kill" and cue.end - cue.start == 1 and t.pos_ == "NOUN" and not verb and lemma not in (
            "attack", "assault", "massacre", "murder", "killing", "execution", "death", "raid", "assassination"):
        return False
    if cue.kind == "kill" and lemma == "steal":
        return any(o.lemma_.lower() in LIVESTOCK for c in t.children if c.dep_ == "dobj" for o in c.subtree)
    if cue.kind == "arrest" and t.pos_ == "NOUN" and any(
            g.lemma_.lower() in DEMANDED | GRIEVANCE_PREPS for g in list(_governors(t, 3))[1:]):
        return False        # "protesters demanded the arrest of", "protests following the arrest of"
    if cue.kind in ("kill", "sexual") and t.pos_ == "NOUN" and any(
            g.lemma_.lower() in ACCUSED for g in list(_governors(t, 3))[1:]):
        return False        # "a man suspected of rape", "lynched over sexual assault": the charge, not an act
    if cue.kind == "kill" and lemma in ("target", "beat", "abuse", "shoot") and not verb:
        return False
    if cue.kind == "clash" and lemma in ("fight", "fighting") and any(
            p.lower_ == "for" and any(o.lemma_.lower() == "life" for o in p.children) for p in t.children):
        return False        # "fighting for his life" in hospital
    if cue.kind == "clash" and lemma in ("offensive", "push", "raid") and t.pos_ != "VERB":
        gov = t.head
        return gov.lemma_.lower() in ("launch", "begin", "start", "mount", "continue", "repel", "resume")
    if cue.kind == "blast" and lemma in ("bomb", "bombing") and t.pos_ == "NOUN":
        return not any(c.lower_ in ("car", "roadside", "suicide", "barrel") for c in t.children)
    if cue.kind == "displacement" and (t.dep_ in ("amod", "acl", "relcl", "acomp") and t.pos_ != "NOUN"
                                       or any(c.lower_ == "internally" for c in t.children)):
        return False
    if cue.kind == "displacement" and any(c.dep_ == "nsubj" and c.lemma_.lower() in ARMED_VICTIMS | ARMED_GROUPS
                                          for c in t.children):
        return False        # "the attackers fled into Somalia": an escape, not a displacement
    if cue.kind in ("protest", "riot", "pelting", "agreement", "change_group", "arrest", "displacement") and \
            t.tag_ == "VBN" and t.dep_ == "amod":
        return False
    return True


def _in_a_name(cue: Cue) -> bool:
    """A cue word inside a longer name (a unit, an institution, an outlet, a road) names no act."""
    doc = cue.head.doc
    for t in doc[cue.start:cue.end]:
        if t.ent_type_ in NAME_ENTS and (t.is_title or t.is_upper):     # a lowercase verb in a name is misread
            ent = next((e for e in doc.ents if e.start <= t.i < e.end), None)
            if ent is not None and (ent.start < cue.start or ent.end > cue.end) and any(
                    w.pos_ == "PROPN" for w in ent if not cue.start <= w.i < cue.end):
                return True
    return False


def _governors(tok, limit: int = 8):
    """The token and its heads up to the sentence root."""
    seen = 0
    while seen < limit:
        yield tok
        if tok.head == tok:
            return
        tok = tok.head
        seen += 1


ENDED = {"end", "stop", "halt"}     # what ends or stops as a subject took place


def is_realis(cue: Cue) -> bool:
    """False for cues that are planned, feared, denied, negated or merely described."""
    t = cue.head
    # "8 fishermen abducted by pirates", "Regime forces backed by militias clashed with IS": with no finite verb
    # in the sentence, the participle is its predicate (a headline, or a parser's misreading)
    headline = t.dep_ == "acl" and (t.head.dep_ == "ROOT" and t.head.pos_ in ("NOUN", "PROPN", "NUM") or
                                    not _finite_sentence(t))
    if t.tag_ in ("VBN", "VBG") and t.dep_ in ("acl", "relcl", "amod", "pcomp") and \
            cue.kind not in ("kill", "protest", "riot", "pelting", "intervention") \
            and not headline:
        if not any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children):
            return False
    irrealis, speech = _word_sets()
    prev = t
    for g in _governors(t):
        if g is not t and prev.dep_ in OWN_CLAUSE:
            break       # "aid worker shot dead - motives unknown": a clause of its own
        subject = g is not t and prev.dep_ in ("nsubj", "nsubjpass")
        prev = g
        kids = [k for k in g.children if not (subject and k.dep_ == "neg")]    # "the attack was not linked to"
        if g is not t and any(w.text == ";" for w in t.doc[min(t.i, g.i):max(t.i, g.i)]):
            break           # "clashes ...; eight killed; may include civilians": a new clause, a new statement
        if g is not t and g.lemma_.lower() in speech | UNTOLD:
            break           # "riots continue - details not specified": what is not told is the detail, not the act
        if any(k.dep_ == "neg" or (k.dep_ == "det" and k.lower_ in ("no", "neither")) for k in kids):
            return False
        if g.lemma_.lower() in irrealis and g is not t and not (subject and g.lemma_.lower() in ENDED):
            return False        # "vowed to end the fighting"; but "the battle ended in 18 deaths" was fought
        if g is not t and g.lemma_.lower() in SCHEDULED and any(
                k.dep_ == "aux" and k.lower_ == "to" for k in t.children):
            return False        # "rebels are set to attack", "troops are due to withdraw": not yet
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


def _per_doc(doc, key: str, make):
    """A value computed once per parsed document (kept in doc.user_data): what would otherwise be
    recomputed for every cue or sentence, making the coder's time grow with the square of the text."""
    cache = doc.user_data.setdefault("frontwatch", {})
    if key not in cache:
        cache[key] = make()
    return cache[key]


def _told(cue: Cue) -> bool:
    """A capture, or a two-sided fight named in so many words ("clashes", "a gun battle"), not one side's act."""
    if cue.kind == "territory":
        return True
    if cue.kind != "clash":
        return False
    words = _words("fight_words")
    span = " ".join(t.lemma_.lower() for t in cue.head.doc[cue.start:cue.end])
    return span in words or cue.head.lemma_.lower() in words or cue.head.lower_ in words


def _cues_of(doc) -> list[list[Cue]]:
    """The cue words of each sentence, found once per document."""
    return _per_doc(doc, "cues", lambda: [find_cues(s) for s in doc.sents])


def _acts_of(doc) -> list[list[Cue]]:
    """The act cues of each sentence (`_act_cues`), found once per document: `wants` and `code` both read them."""
    return _per_doc(doc, "acts", lambda: [_act_cues(s, f) for s, f in zip(doc.sents, _cues_of(doc), strict=True)])


def _act_cues(sent, found: list[Cue]) -> list[Cue]:
    """The cues of a sentence that tell an act that happened: not forecasts, tolls, settings or grievances."""
    return _without_battle_settings(_without_settings(_without_grievances(
        [c for c in found if is_realis(c) and not is_running_total(sent, c) and not _long_before(c)])))


LONG_UNITS = {"week", "month", "year", "decade"}


def _long_before(cue: Cue) -> bool:
    """An act told as the earlier one in "... happened just weeks after a man killed 10 people": the clause
    "(weeks) after ..." dates it long before the story's own event; it is background, not news."""
    for g in _governors(cue.head, 3):
        if g.dep_ == "advcl" and any(k.dep_ == "mark" and k.lower_ == "after" for k in g.children) and any(
                k.dep_ == "npadvmod" and k.lemma_.lower() in LONG_UNITS for k in g.children):
            return True
        if g.dep_ in ("ROOT", "ccomp"):
            return False
    return False


def _without_battle_settings(cues: list[Cue]) -> list[Cue]:
    """'A grenade exploded during clashes', 'missiles hit the batteries as border clashes entered their seventh
    day': the fighting is the setting of the weapon's act told in the main clause, not the act. Shelling and air
    strikes during clashes back the fighting (ACLED: a battle)."""
    weapons = [c for c in cues if c.kind in REMOTE_KINDS - BATTLE_SUPPORT]
    if not weapons:
        return cues

    def setting(c: Cue) -> bool:
        t = c.head
        if t.dep_ == "pobj" and t.head.lower_ in BATTLE_SETTING_PREPS:
            return True
        return t.dep_ == "nsubj" and t.head.dep_ == "advcl" and t.head.lemma_.lower() in GOING_ON and any(
            m.dep_ == "mark" and m.lower_ in ("as", "while") for m in t.head.children)     # "as clashes raged"

    out = []
    for c in cues:
        if c.kind == "clash" and setting(c):
            inside = {t.i for t in (c.head.head.subtree if c.head.dep_ == "nsubj" else c.head.subtree)}
            if any(w.head.i not in inside for w in weapons):
                continue
        out.append(c)
    return out


def _finite_sentence(tok) -> bool:
    """Whether the token's sentence has a finite verb, computed once per sentence."""
    def make():
        out: dict[int, bool] = {}
        for sent in tok.doc.sents:
            out[sent.start] = any(w.tag_ in ("VBD", "VBZ", "VBP", "MD") for w in sent)
        return out
    finite = _per_doc(tok.doc, "finite", make)
    return finite[tok.sent.start] if tok.sent.start in finite else any(
        w.tag_ in ("VBD", "VBZ", "VBP", "MD") for w in tok.sent)


def _sent_ents(sent) -> list:
    """`sent.ents` without spaCy's scan of every entity in the document for each sentence."""
    ents = _per_doc(sent.doc, "ents", lambda: list(sent.doc.ents))
    starts = _per_doc(sent.doc, "ent_starts", lambda: [e.start for e in ents])
    out = []
    for ent in ents[bisect_left(starts, sent.start):]:
        if ent.end > sent.end:
            break
        out.append(ent)
    return out


def _doc_text(doc) -> str:
    """doc.text joins every token on each call: once per document."""
    return _per_doc(doc, "text", lambda: doc.text)


def _mentions_from(mentions: list[PlaceMention], starts: list[int], lo: int, hi: int) -> list[PlaceMention]:
    """The mentions (sorted by start) that start in [lo, hi)."""
    return mentions[bisect_left(starts, lo):bisect_left(starts, hi)]


# Predicates that put an infinitive act in the future ("set to attack", "poised to take", "due to sign").
SCHEDULED = {"set", "poise", "poised", "due", "about", "slate", "scheduled", "schedule", "gear"}
# Dependencies by which an act's clause joins another: what governs it there does not negate or plan it.
OWN_CLAUSE = {"parataxis", "dep", "advcl", "conj"}
# Acts that make a demonstration told just before them a riot (a road blocked is no violence: ACLED codes it
# either way), and the demonstrations they can make one of.
RIOTING = {"riot", "disorder", "pelting"}
CALM = {"Peaceful protest", "Protest with intervention"}
# Cue kinds that tell of a crowd demonstrating or rioting.
CROWD_KINDS = {"protest", "riot", "pelting", "unrest"}
# One person who kills on a rampage attacks; it takes a crowd to make a mob.
LONE_DOERS = {"man", "woman", "gunman", "shooter", "attacker", "assailant", "suspect", "teenager", "student",
              "soldier", "officer", "policeman", "guard", "boy", "youth"}
# Entities whose words are names, not acts ("the Rapid Intervention Battalion", "Air Force Intelligence").
NAME_ENTS = {"ORG", "FAC", "WORK_OF_ART", "LAW", "PRODUCT", "PERSON"}
# Nouns a cue word only describes ("riot police", "a bomb disposal unit", "protest leaders").
UNIT_NOUNS = {"police", "policeman", "squad", "unit", "gear", "officer", "team", "brigade", "battalion", "force",
              "leader", "organiser", "organizer", "expert", "technician", "disposal", "clearance", "shelter",
              "survivor", "victim", "season", "suspect", "charge", "case", "trial", "law", "ban",
              # weapons and gear named for their use: "assault rifle", "attack helicopter", "combat boots"
              "rifle", "weapon", "gun", "helicopter", "aircraft", "boat", "vehicle", "craft", "ship", "dog",
              "training", "exercise", "drill", "uniform", "boot", "fatigue"}
# Prepositions that make a fight the setting of a weapon's act ("during clashes", "amid fighting").
BATTLE_SETTING_PREPS = {"during", "amid", "amidst", "throughout"}
BATTLE_SUPPORT = {"air", "shelling"}
GOING_ON = {"enter", "continue", "rage", "intensify", "escalate", "drag", "persist", "go", "grind", "spread"}
# Prepositions that make a gathering the place of an act ("at a rally"), not its actor.
SETTING_PREPS = {"at", "during", "after", "to", "near", "outside", "before"}
GRIEVANCE_PREPS = {"over", "against", "about", "after", "following", "on", "for"}


def _without_grievances(cues: list[Cue]) -> list[Cue]:
    """'Residents protested over the killing of a boy': the killing is what the protest is about, an earlier
    act told as its cause, not violence at the protest."""
    topic = set()
    for c in cues:
        if c.kind == "protest":
            # "a protest was staged against the attacks": the grievance may hang on the verb that holds the protest
            holders = [c.head] + ([c.head.head] if c.head.dep_ in ("nsubj", "nsubjpass", "dobj") else [])
            for k in (k for h in holders for k in h.children if k is not c.head):
                if k.dep_ == "dobj" or k.dep_ == "prep" and k.lower_ in GRIEVANCE_PREPS or k.dep_ == "advcl" and any(
                        m.dep_ == "mark" and m.lower_ in GRIEVANCE_PREPS | {"because"} for m in k.children):
                    topic.update(t.i for t in k.subtree)
    return [c for c in cues if c.head.i not in topic or c.kind in ("protest", "riot", "pelting", "intervention", "calm")]


def _without_settings(cues: list[Cue]) -> list[Cue]:
    """'Youths threw stones at an ODM rally': a political rally where a crowd turned on others is the setting
    of the violence, not the crowd's own demonstration (ACLED: mob violence)."""
    violent = {c.head.i for c in cues if c.kind in ("pelting", "kill", "disorder", "clash", "mob", "lynch")}
    if not violent:
        return cues
    return [c for c in cues if not (c.kind == "protest" and c.head.lemma_.lower() == "rally" and (
        c.head.dep_ == "pobj" and c.head.head.lower_ in SETTING_PREPS or
        c.head.dep_ in ("dobj", "pobj", "compound") and any(g.i in violent for g in _governors(c.head, 3))))]


def _rioters_by_name(actors: list[Actor]) -> bool:
    """A text that calls a crowd "rioters" tells of a riot (a violent demonstration), not a mob's attack."""
    return any(a.inter == "Rioters" and a.surface.lower().startswith("rioter") for a in actors)


def is_running_total(sent, cue: Cue) -> bool:
    """'The war has left 400,000 dead since 2011' is a tally, not an event."""
    if cue.kind not in ("kill", "displacement"):
        return False
    for g in _governors(cue.head):
        if (g == cue.head or g.lemma_.lower() in TALLY_VERBS) and any(
                c.dep_ in ("nsubj", "nsubjpass") and c.lemma_.lower() in
                ("conflict", "war", "crisis", "violence", "uprising", "insurgency") for c in g.children):
            return True     # the war as the killer; "violence continued, and three were killed" is news
    txt = sent.text.lower()
    return bool(re.search(r"since (?:19|20)\d\d|since the (?:start|beginning|outbreak) of the (?:war|conflict|crisis|"
                          r"uprising)|(?:civil )?war began|over the course of the war", txt))


# ---------------------------------------------------------------- decision
def decide(kinds: set[str], actors: list[Actor], victims_civilian: bool) -> str | None:
    """ACLED's hierarchy over the cue kinds found for one occurrence."""
    armed_first = actors[0] if actors else None
    if "sexual" in kinds:
        return "Sexual violence"    # never part of a fight or a riot
    if "territory" in kinds and "transfer" in kinds:
        return "Non-violent transfer of territory"
    if "territory" in kinds:
        return "Government regains territory" if allied_with_state(armed_first) else "Non-state actor overtakes territory"
    crowd = any(a.inter == "Rioters" for a in actors)
    organised = any(a.inter in ARMED_INTERS for a in actors)
    state = any(a.inter == "State forces" for a in actors)
    groups = any(a.inter in ARMED_INTERS - {"State forces"} for a in actors)
    if crowd and not groups and "clash" in kinds and not {"protest", "riot"} & kinds and not kinds & REMOTE_KINDS:
        # crowds fighting crowds or the police: disorder, not a battle; "rioters" riot
        if _rioters_by_name(actors):
            return "Violent demonstration"
        return "Mob violence"
    if "lynch" in kinds or {"mob", "pelting"} & kinds and not {"protest", "riot"} & kinds:
        return "Mob violence"       # a lynching is a mob's at any time; a "mob" of protesters riots
    if "riot" in kinds and "protest" not in kinds and "kill" in kinds and victims_civilian and crowd and not state:
        return "Mob violence"       # rioters who beat or kill people: no demonstration, a mob's violence
    if armed_first is not None and armed_first.inter == "Rioters" and not {"protest", "riot"} & kinds and \
            {"kill", "looting", "disorder"} & kinds:
        return "Mob violence"       # a crowd's violence outside any demonstration
    if "disorder" in kinds and not {"protest", "riot", "kill"} & kinds and not kinds & REMOTE_KINDS:
        if not organised and any(a.inter in ("Civilians", "Protesters") for a in actors):
            return "Mob violence"   # "angered residents set ablaze the house of ..."
    if {"protest", "riot"} & kinds:
        # demonstrators who clash with the police riot (ACLED's violent demonstration)
        rioting = {"riot", "disorder", "pelting", "unrest", "looting", "clash"} & kinds
        if rioting and ("calm" not in kinds or rioting & {"pelting", "looting"}) or _rioters_by_name(actors):
            return "Violent demonstration"
        if "kill" in kinds and state or "force" in kinds:
            return "Excessive force against protesters"
        if {"arrest", "intervention"} & kinds:
            return "Protest with intervention"
        return "Peaceful protest"
    if "intervention" in kinds and not {"clash", "air", "shelling", "ied", "blast", "suicide", "kill"} & kinds:
        # police dispersing rioters or a mob put down a riot; a crowd otherwise is a protest they broke up
        return "Violent demonstration" if crowd else "Protest with intervention"
    if "clash" in kinds:
        return "Armed clash"
    if "chemical" in kinds:
        return "Chemical weapon"
    if "air" in kinds and ({"shelling", "kill", "ied", "blast"} & kinds or len(kinds) == 1):
        return "Air/drone strike"
    if "suicide" in kinds:
        return "Suicide bomb"
    if "shelling" in kinds:
        return "Shelling/artillery/missile attack"
    if "ied" in kinds:
        return "Remote explosive/landmine/IED"
    if "grenade" in kinds:
        return "Grenade"
    if "blast" in kinds:
        return "Remote explosive/landmine/IED"
    if "kill" in kinds:
        armed = [a for a in actors if a.inter not in ("Civilians", "Protesters")]
        if victims_civilian or len(armed) < 2:
            return "Attack"
        return "Armed clash"
    if "air" in kinds:
        return "Air/drone strike"
    if "unrest" in kinds:
        return "Violent demonstration"      # unrest with no act told
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


RESTATED = 5       # a figure this large, stated twice, is one toll told again


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
        # a figure told again ("18 fatalities ... two soldiers and 16 gunmen were killed in the battle") is the same
        # dead: a larger figure counts once (small ones, "1 soldier ... also a militant was killed", add up)
        values = [f.value for f in mine]
        values = [v for i, v in enumerate(values) if v < RESTATED or v not in values[:i]]
        per_source[src] = max(totals) if totals else sum(values)
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
    headline: bool = False      # told in the article's headline


_IN_AFTER_PLACE = re.compile(r"^(?:\s+(?:area|village|town|city|district|region|countryside))?,?\s+(?:in|of)\s+"
                             r"(?:the\s+)?$", re.I)


def _container(text: str, m: PlaceMention, others: list[PlaceMention]) -> bool:
    """Y in "X in Y" / "X area of Y": the wider place that locates X, not the event's place."""
    return any(o.end <= m.start and m.start - o.end <= 30 and _IN_AFTER_PLACE.match(text[o.end:m.start])
               for o in others)


class EventCoder:
    """Codes the events of one article. `geoparser` must offer find(text, doc)."""

    def __init__(self, geoparser=None, typer=None, country: str | None = None):
        self.geoparser = geoparser
        self.typer = typer              # the learned type model (events/learned.py), or None: rules alone
        self.country = country          # used when the text's places do not tell

    # -- helpers ---------------------------------------------------------
    def _places(self, article: Article, doc, hint: str | None) -> list[PlaceMention]:
        if self.geoparser is None:
            return []
        return [m for m in self.geoparser.find(article.text, doc=doc, country=hint, areas=True)
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
                return (-min(taxonomy.place_rank(m.place), 3), _container(_doc_text(doc), m, specific), not in_obj,
                        abs(ti - cue.start))
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
    def wants(self, article: Article, doc) -> set[int]:
        """The sentences whose type the model may still decide, to embed them in one batch: those with no cue word
        (the model may see an event there) and those whose acts the rules do not tell in so many words. A guess
        from the cues alone: a sentence asked for later is embedded then."""
        if self.typer is None or labelled_as(article.text):
            return set()
        found_in, acts_in = _cues_of(doc), _acts_of(doc)
        item = len(article.text) <= WHOLE_CHARS
        out = set()
        for si, (found, acts) in enumerate(zip(found_in, acts_in, strict=True)):
            if not found:
                if not (item and any(found_in)):
                    out.add(si)
                continue
            if acts and not (any(_told(c) for c in acts) and not {c.kind for c in acts} & CROWD_KINDS):
                out.add(si)
        return out

    def code(self, article: Article, doc=None, probs: dict | None = None) -> list[Event]:
        """The events of one article. `probs`: the type model's per-sentence probabilities when the caller
        embedded a batch of articles at once (type_probs_many); else they are computed here."""
        from .. import nlp

        doc = doc if doc is not None else nlp.parse(article.text)
        dateline = _DATELINE.match(article.text)
        votes = countries_of_actors(article.text)
        by_actors = _top(votes)
        mentions = [m for m in self._places(article, doc, by_actors or self.country)
                    if not dateline or m.start >= dateline.end()]
        placed = self._country(mentions)
        if placed and by_actors and placed not in votes and votes[by_actors] >= 1:
            placed = None       # a place of the same name abroad ("Bari"), against actors only one country has
        country = placed or by_actors or _country_named(article.text) or self.country
        focus = self._focus(mentions)
        if any(a.start > b.start for a, b in zip(mentions, mentions[1:], strict=False)):
            mentions = sorted(mentions, key=lambda m: m.start)
        starts = [m.start for m in mentions]
        published = article.published_date
        drafts: list[_Draft] = []
        previous: Place | None = None
        sents = list(doc.sents)
        label = labelled_as(article.text)
        if probs is None:
            batch = TypeBatch(self.typer, [article.text], [doc])
            batch.prefetch([self.wants(article, doc)])
            probs = batch.article(0)
        item = len(article.text) <= WHOLE_CHARS     # read whole: one set of probabilities for all its sentences
        floor = 0.0 if item else SENTENCE_FLOOR
        found_in, acts_in = _cues_of(doc), _acts_of(doc)
        def passes():
            yield from ((si, sent, None) for si, sent in enumerate(sents))
            if item and not drafts and not label:
                # a short item is given to be coded: when no sentence of it made an event, the model's reading of the
                # whole item, if it names an event above `none`, is the event (told in the item's first sentence)
                si = next((i for i in range(len(sents)) if i in probs), None)
                fallback = item_event(self.typer, probs.get(si)) if si is not None else None
                if fallback is not None:
                    yield si, sents[si], fallback

        for si, sent, forced in passes():
            found = found_in[si]
            cues = list(acts_in[si])
            proposed = None
            if forced is not None:
                proposed = forced
                cues = [Cue((taxonomy.cue_kind_of(forced.sub) or ("other",))[0], sent.root.i, sent.root.i + 1,
                            sent.root)]
            elif label and not cues:
                # the label names the act: its sentences need no cue word; the stand-in cue has the type's own kind
                cues = [Cue((taxonomy.cue_kind_of(label) or ("other",))[0], sent.root.i, sent.root.i + 1, sent.root)]
            elif not found and si in probs and not (item and any(found_in)):
                # no cue word at all: the model may see an event the rules have no words for (in a short item,
                # only when no sentence of it has one)
                proposed = choose(self.typer, None, probs[si], floor=floor)
                if proposed.sub is not None:
                    cues = [Cue((taxonomy.cue_kind_of(proposed.sub) or ("other",))[0], sent.root.i,
                                sent.root.i + 1, sent.root)]
            if not cues:
                if drafts and si - drafts[-1].sent_index <= 2 and not any(is_running_total(sent, c) for c in found):
                    # "1 fatality was reported.": a figure about the event just told (not the war's toll)
                    drafts[-1].figures.extend(Figure(v, find_source(sent), _is_toll(sent), coded)
                                              for v, coded in count_fatalities(sent))
                continue
            here = _mentions_from(mentions, starts, sent.start_char, sent.end_char)
            later = _mentions_from(mentions, starts, max(sents[min(si + 1, len(sents) - 1)].start_char, sent.end_char),
                                   sents[min(si + 2, len(sents) - 1)].end_char)
            amentions = _as_mob(sent, cues, _with_named_groups(sent, find_actors(sent.text, country), cues), country)
            kinds = {c.kind for c in cues}
            if "clash" in kinds and _fire_on_unarmed(cues):
                # "gunmen opened fire on a teahouse": shooting at people or things that do not fight back is an
                # attack on them, not a battle (ACLED: a battle needs two armed, organised sides)
                kinds = kinds - {"clash"} | {"kill"}
            if "pelting" in kinds and "kill" in kinds and _lone_doer(cues):
                kinds = kinds - {"pelting"}     # "a gunman went on a rampage, killing eight": one man's attack
            victims = _victim_lemmas(cues)
            victims_civ = (any(a.actor.inter == "Civilians" for a in amentions) or bool(
                victims & (CIVILIAN_VICTIMS | CIVILIAN_TARGETS)) or _unarmed_victims(
                sent, cues, amentions)) and not (victims & ARMED_VICTIMS)
            if "kill" in kinds and victims & ARMED_VICTIMS and not kinds & REMOTE_KINDS:
                kinds = kinds | {"clash"}        # violence against fighters on duty is a battle
            elif "kill" in kinds and victims & CIVILIAN_VICTIMS and "clash" in kinds and not any(
                    c.kind == "clash" and c.head.pos_ == "VERB" for c in cues) and any(
                    c.kind == "kill" and c.head.lemma_.lower() not in DIE and any(
                        k.dep_ in ("nsubj", "agent") for k in c.head.children) for c in cues):
                # "ethnic clashes as militia attack civilians": an attack; "clashes left three people dead"
                # has no attacker, the dead are the clash's
                kinds = kinds - {"clash"}
            state_acts = any(m.actor.inter == "State forces" for m in amentions)
            if "kill" in kinds and _mob_justice(cues) and not state_acts:
                kinds = kinds | {"lynch"}
            if "intervention" in kinds and not kinds & CROWD_KINDS and state_acts:
                # police who step into a fight or an attack, not a demonstration: shooting, they join the fight;
                # otherwise their coming is part of the event just told
                if "kill" in kinds and (len([c for c in cues if c.kind == "kill"]) > 1 or drafts and taxonomy.family(
                        drafts[-1].event.sub_event_type) == "violence"):
                    kinds = kinds - {"intervention"} | {"clash"}
                elif drafts and taxonomy.family(drafts[-1].event.sub_event_type) == "violence" and \
                        not kinds - {"intervention", "arrest"}:
                    continue
            if {"protest", "kill"} <= kinds and state_acts and not any(_serious(c) for c in cues if c.kind == "kill"):
                kinds = kinds - {"kill"} | {"intervention"}     # protesters beaten, no one shot, killed or badly hurt
            if "protest" in kinds and _fire_on_protesters(cues, victims):
                # "forces opened fire on protesters", "four protesters died from gunfire": lethal force against
                # the crowd, not a fight it joined (ACLED: excessive force, whoever fired)
                kinds = kinds - {"clash", "unrest"} | {"force"}
            sub = label or decide(kinds, self._ordered_actors(sent, cues, amentions), victims_civ)
            if sub is None and any(c.kind in RIOTING and c.head.lemma_.lower() != "block" for c in cues) and drafts and \
                    si - drafts[-1].sent_index <= NEARBY and drafts[-1].event.sub_event_type in CALM:
                # "Students protested over fees. They set fire to a dormitory.": the protest turned violent
                drafts[-1].event.sub_event_type = "Violent demonstration"
                drafts[-1].event.event_type = "Riots"
                drafts[-1].event.actor1, drafts[-1].event.actor2 = _crowd(
                    "Violent demonstration", country, drafts[-1].event.actor1, drafts[-1].event.actor2)
                drafts[-1].kinds |= kinds
                continue
            if proposed is not None and proposed.sub is not None:
                choice = proposed
            else:
                told = bool(label) or sub is not None and taxonomy.event_type_of(sub) == "Battles" and any(
                    _told(c) for c in cues)        # a fight or a capture in so many words
                loose = sub == "Remote explosive/landmine/IED" and not kinds & (REMOTE_KINDS - {"blast"})
                choice = choose(self.typer, sub, None if told else probs.get(si), specific=told, floor=floor,
                                loose=loose)
            sub = choice.sub
            if sub is None:
                continue
            kind_for_sub = taxonomy.cue_kind_of(sub)
            cue = next((c for c in cues if c.kind in kind_for_sub), cues[0])
            actor1, actor2 = self._assign(sent, cue, amentions, sub)
            if cue.kind == "territory" and cue.head.lemma_.lower() == "lose":
                actor1, actor2 = actor2, actor1     # "regime forces lost control of X after an IS assault"
            if sub == "Arrests" and (actor1 is None or actor1.inter != "State forces"):
                # "ten were arrested": arrests are the state's (ACLED: its police unless told otherwise)
                actor1, actor2 = Actor(f"Police Forces of {COUNTRIES.get(country or '', country or 'Unknown')}",
                                       "State forces", ""), actor2 or actor1
            if actor1 is not None and actor1.inter == "Civilians" and sub == "Attack":
                actor1, actor2 = None, actor2 or actor1     # "three people killed": the victims, no attacker
            if taxonomy.event_type_of(sub) in ("Protests", "Riots"):
                actor1, actor2 = _crowd(sub, country, actor1, actor2)
            elif sub == "Armed clash" and actor1 and actor2 and _clash_rank(actor2) < _clash_rank(actor1) and (
                    cue.head.lemma_.lower() in SYMMETRIC or cue.head.pos_ != "VERB" and cue.head.dep_ != "nsubj"):
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
            if choice.confidence is not None:
                conf = 0.5 * conf + 0.5 * choice.confidence     # how sure the model is of the type
            event = Event(
                article_id=article.id, event_type=taxonomy.event_type_of(sub), sub_event_type=sub, evidence=evidence,
                event_date=day, time_precision=precision, actor1=actor1, actor2=actor2, place=place,
                fatalities=fat[0].value if fat else 0, fatalities_high=None, displaced=displaced,
                source=source, status=status, confidence=min(conf, 1.0),
                extra={"type_by": choice.by} | ({} if choice.confidence is None else
                                                {"type_confidence": round(choice.confidence, 3)}),
            )
            also = _conjoined_places(sent.doc, place, here) if place is not None else []
            shares = _split_figures(fat, 1 + len(also))
            drafts.append(_Draft(event, si, dated=when is not None, figures=shares[0], kinds=kinds,
                                 headline=si == 0 and _is_headline(sent, article.text),
                                 actors=[m.actor for m in amentions]))
            for other, figures in zip(also, shares[1:], strict=True):
                # "activists were arrested in Batumi and Tbilisi": one event per place (ACLED), the dead shared out
                drafts.append(_Draft(replace(event, place=other, extra=dict(event.extra)), si,
                                     dated=when is not None, figures=figures, kinds=kinds,
                                     actors=[m.actor for m in amentions]))
        events = _merge(drafts)
        if label:
            events = events[:1]     # a labelled item is one act, and whoever it names acted
            for e in events:
                if e.actor1 is None:
                    e.actor1, e.actor2 = e.actor2, None
        for e in events:
            if e.actor1 is None and (e.event_type in ("Battles", "Violence against civilians") or e.sub_event_type in (
                    "Remote explosive/landmine/IED", "Grenade", "Suicide bomb")):
                # nobody named: ACLED's "Unidentified Armed Group (Country)", a political militia
                e.actor1 = _national("Unidentified Armed Group", "Political militia", country)
        for e in events:
            if e.sub_event_type in ("Peaceful protest", "Protest with intervention"):
                e.fatalities, e.fatalities_high = 0, None   # by definition no one was killed there
        coded = coded_fatalities(article.text)
        if coded is not None and events:
            events[0].fatalities, events[0].fatalities_high = coded[0], None
        if events and events[0].fatalities and not (coded and coded[1]):
            main = events[0]
            main.fatalities = share_of(article.text, main.fatalities, main.place.name if main.place else None)
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
        tellers: set[Actor] = set()
        head = cue.head
        _, speech = _word_sets()
        telling = speech | _words("reaction")
        verb = head if head.pos_ in ("VERB", "AUX") else head.head if head.dep_ in ("nsubj", "dobj") and \
            head.head.lemma_.lower() not in telling else head      # "the UN condemned the attack": no verb of it
        said_it = any(k.dep_ in ("nsubj", "nsubjpass") and k.lower_ in ("it", "they", "we") for k in verb.children)
        doers = {verb}      # "IS was able to advance", "regime forces managed to capture": the subject above
        lift = verb
        while lift.dep_ in ("xcomp", "acomp") and not any(k.dep_ in ("nsubj", "nsubjpass") for k in lift.children):
            lift = lift.head
            doers.add(lift)
        for am in amentions:
            span = doc.char_span(sent.start_char + am.start, sent.start_char + am.end, alignment_mode="expand")
            if span is None:
                continue
            root = span.root
            chain = list(_governors(root, 4))
            if _ally(sent, am, span, head):
                continue        # "regime forces backed by Hezbollah": an associated actor
            if _teller(chain, telling, verb) and not said_it:
                tellers.add(am.actor)   # "according to the army", "the governor condemned": a source, no party
                continue
            for tok in chain[:-1]:
                if tok.head in doers and tok.dep_ in ("nsubj", "agent") or (
                        tok.dep_ == "pobj" and tok.head.dep_ == "agent" and tok.head.head == verb):
                    roles["agent"].append(am.actor)
                    break
                if tok.head == verb and tok.dep_ in ("dobj", "nsubjpass"):
                    roles["patient"].append(am.actor)
                    break
                if tok.dep_ == "pobj" and tok.head.lower_ in ("to", "into") and verb.lemma_.lower() == "fall":
                    roles["agent"].append(am.actor)       # "the town fell to government forces"
                    break
                if tok.dep_ == "pobj" and tok.head.lower_ == "by":
                    if tok.head.head.lemma_.lower() not in ALLY_VERBS:    # not "backed by"
                        roles["by"].append(am.actor)
                    break
                if tok.dep_ == "pobj" and tok.head.lower_ in ("against", "with", "from", "on", "between") and \
                        tok.head.head in (verb, head):
                    if tok.head.lower_ == "between":
                        roles["between"].append(am.actor)
                    else:
                        roles["patient"].append(am.actor)
                    break
        allies = {m.actor for m in amentions if _ally(sent, m, doc.char_span(
            sent.start_char + m.start, sent.start_char + m.end, alignment_mode="expand"), head)}
        ordered = [m.actor for m in amentions if m.actor not in allies | tellers] or [
            m.actor for m in amentions if m.actor not in tellers]
        amentions = [m for m in amentions if m.actor not in tellers]
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


def _teller(chain, telling: frozenset, verb) -> bool:
    """Whether a mention (the chain of its heads) says, reports or reacts to the act rather than doing it: the
    object of "according to", or the subject of a verb of saying or reacting that is not the act's own verb."""
    for tok in chain[:-1]:
        if tok.dep_ == "pobj" and tok.head.lower_ == "to" and tok.head.head.lower_ == "according":
            return True
        if tok.dep_ in ("nsubj", "agent", "pobj") and tok.head is not verb and tok.head.lemma_.lower() in telling:
            return tok.dep_ == "nsubj" or tok.head.lower_ == "by"
        if tok.dep_ == "agent" and tok.head is not verb and tok.head.lemma_.lower() in telling:
            return True
    return False


_LABEL = re.compile(r"^\s*([A-Z][A-Za-z /-]{2,40}):\s")


def labelled_as(text: str) -> str | None:
    """The sub-event type an item's opening label names ("Movement of forces: ..."), from cues.yaml's labels
    and ACLED's own sub-event names; None for an unlabelled text or a label that is no category."""
    m = _LABEL.match(text)
    if not m:
        return None
    return _labels().get(m.group(1).strip().lower())


@cache
def _labels() -> dict[str, str]:
    """Lower-case label -> sub-event type: ACLED's own names, then cues.yaml's labels."""
    return {s.lower(): s for s in taxonomy.SUB_EVENT_TYPES} | lexicon.load("cues.yaml").get("labels", {})


# "BEIRUT, Dec 17 (Agency) -": where the story was filed, not where anything happened
_DATELINE = re.compile(r"^\s*[A-Z][A-Z .'/-]+(?:, [A-Z][A-Za-z .]+)?, [A-Z][a-z]+\.? \d{1,2}(?:, \d{4})?"
                       r"(?: \([^)]{0,60}\))? ?[-\u2013\u2014]+ ?")


NOT_ACTORS = re.compile(r"observatory|agency|news|media|reuters|afp|associated press|\bun\b|united nations|ocha|unicef|"
                        r"ministry|council|committee|red cross|red crescent|hospital|university|coordination|"
                        r"group for|human rights|watch|amnesty|liveuamap|sana|television|tv|radio|press", re.I)


# Words that open the names of armed groups in Arabic ("Jaysh al-Mujahideen", "Liwa al-Quds") and English
# ("Army of Free Tribes", "Brigade of ..."): the tagger often takes such names for people.
GROUP_NAME = re.compile(r"(?:jay[sc]h|jaish|liwa'?a?|harakat|faylaq|failaq|kata'?ib|katibat|saraya|jund|jabhat|"
                        r"firqat|alwiya|quwat|tajammu|fawj|army of|brigades? of|division of)\b|"
                        r"\b(?:Corps|Legion|Council|Division|Brigades?|Battalion|Regiment|Front|Movement|Army)$")
# Words after a name that make it a fighting group's ("Nour al-Din al-Zinki fighters").
GROUP_MEMBERS = {"fighters", "forces", "militants", "members", "rebels", "militiamen", "gunmen", "troops"}


# "between regime forces backed by allied militias and the Islamic State": the second side of the fight
_BACKING = r"\b(?:backed|supported|aided|assisted|accompanied|joined|reinforced) by "
_OTHER_SIDE = re.compile(r"\bbetween\b(?:(?!\band\b)[^.;])*?" + _BACKING + r"[^,.;]{0,80}? and (?:the )?$", re.I)
_BACKED_BY = re.compile(_BACKING + r"(?:[^,.;]{0,80}?"
                        r"(?: and| as well as) )?(?:the )?$|\b(?:loyal to|allied with|alongside|with support from|"
                        r"with the support of|backed by) (?:the )?$", re.I)


def _ally(sent, m: ActorMention, span, cue_head) -> bool:
    """An actor named as backing another ("regime forces backed by Hezbollah and Russian jets") is an
    associated actor. The words before the mention tell; the parse tells too, unless the mention
    directly follows the act's own verb (a misparse of "X backed by Y battled Z backed by W")."""
    before = sent.text[:m.start]
    if _BACKED_BY.search(before) and not _OTHER_SIDE.search(before):
        return True
    if span is None:
        return False
    chain = list(_governors(span.root, 4))
    # the backer hangs below "backed" as its agent or object of a preposition; the subject of "backed" is the one
    # backed (a misparse of "SDF backed by warplanes were able to ..."), and what a conjoined verb acts on is not
    # a backer ("regime forces backed by Hezbollah battled IS")
    parse_says = any(t.lemma_.lower() in ALLY_VERBS and chain[i].dep_ in ("agent", "prep", "pobj") and
                     not any(c.lower_ == "against" for c in chain[1:i + 1])    # "loyal to them against IS"
                     for i, t in enumerate(chain[1:3]))
    return parse_says and not (span.start > 0 and sent.doc[span.start - 1] == cue_head)


def _with_named_groups(sent, mentions: list[ActorMention], cues: list[Cue]) -> list[ActorMention]:
    """Armed groups the dictionary does not know ("Army of Free Tribes", "Malhama Tactical") are named
    organisations that act: an ORG entity that swallows a generic word or is the subject of an act, or any
    entity named like an armed group, is taken as a rebel group under its own name."""
    from .actors import DEMONYMS

    out = list(mentions)
    heads = {c.head for c in cues}
    for ent in _sent_ents(sent):
        if ent.label_ not in ("ORG", "PERSON", "NORP") or len(ent) < 2 or NOT_ACTORS.search(ent.text):
            continue
        if any(w.lower() in DEMONYMS or w in COUNTRIES.values() for w in ent.text.split()):
            continue
        lead = ent[1:] if ent[0].lower_ == "the" else ent       # "The National Defense Forces" is no new name
        s, e = lead.start_char - sent.start_char, ent.end_char - sent.start_char
        inside = [m for m in out if m.start >= s and m.end <= e]
        overlapping = [m for m in out if m.start < e and m.end > s]
        generic = inside and all(m.actor.name.startswith(("Military Forces of", "Unidentified", "Police Forces of"))
                                 and m.end - m.start < e - s for m in inside) and len(inside) == len(overlapping)
        governs = {ent.root.head} | {c for c in ent.root.head.children if c.dep_ == "xcomp"}
        acts = ent.root.dep_ in ("nsubj", "agent") and bool(governs & heads) or \
            ent.root.dep_ == "pobj" and ent.root.head.head in heads and ent.root.head.lower_ in ("with", "against")
        fights = ent.root.dep_ == "nsubj" and any(c.head in governs and c.kind in ("clash", "territory") for c in cues)
        after = sent.doc[ent.end] if ent.end < len(sent.doc) else None
        named = bool(GROUP_NAME.search(ent.text)) or fights or (after is not None and after.lower_ in GROUP_MEMBERS)
        if generic or (named or acts and ent.label_ == "ORG") and not overlapping:
            out = [m for m in out if m not in inside]
            out.append(ActorMention(s, e, Actor(ent.text, "Rebel group", ent.text)))
    return sorted(out, key=lambda m: m.start)


def _as_mob(sent, cues: list[Cue], mentions: list[ActorMention], country: str | None) -> list[ActorMention]:
    """Residents, students or villagers who beat or kill someone are a mob (ACLED: Rioters), not civilians:
    a plural civilian group that is the agent of a violent act, or a side of a fight ("students of two
    schools clashed", "police and hawkers clash"), becomes Rioters (Country). Party supporters
    or youths who set upon someone, short of a lynching, are an armed group attacking (ACLED codes them as
    a political militia, the act as an attack on civilians)."""
    doc = sent.doc
    lynching = any(c.kind in ("mob", "lynch", "pelting") for c in cues)
    verbs = {c.head for c in cues if c.kind in ("kill", "mob", "lynch", "disorder", "looting", "pelting", "clash")
             and not (c.kind == "kill" and _subject_suffers(c.head))}
    verbs |= {v.head for v in verbs if v.dep_ == "conj" and not any(
        k.dep_ == "auxpass" for k in v.children)}       # "residents cornered and killed him", not "were assaulted"
    if not verbs:
        return mentions
    fights = {c.head for c in cues if c.kind == "clash"}
    out = []
    for m in mentions:
        span = doc.char_span(sent.start_char + m.start, sent.start_char + m.end, alignment_mode="expand")
        root = span.root if span is not None else None
        role = root
        if role is not None and role.dep_ == "pobj" and role.head.lower_ == "of" and \
                role.head.head.lemma_.lower() in ("group", "member"):
            role = role.head.head       # "two groups of students clash"
        if role is not None and role.dep_ == "conj" and role.head.dep_ in ("nsubj", "pobj"):
            role = role.head            # "Kenyan police and Somali refugees clashed": the second of two subjects
        agent = role is not None and (role.dep_ == "nsubj" and role.head in verbs or role.dep_ == "pobj" and
                                      role.head.dep_ == "agent" and role.head.head in verbs)
        side = role is not None and root.tag_ == "NNS" and (
            role.dep_ == "nsubj" and role.head in fights or
            role.dep_ == "pobj" and role.head.lower_ in ("between", "among", "with") and role.head.head in fights)
        if m.actor.inter in ("Civilians", "Protesters") and (agent and root.lemma_.lower() in CROWD_NOUNS or side):
            m = ActorMention(m.start, m.end, _national("Rioters", "Rioters", country, m.actor.surface))
        elif agent and m.actor.inter == "Rioters" and root.lemma_.lower() in ("supporter", "youth") and \
                not lynching and role.head not in fights:
            m = ActorMention(m.start, m.end, _national("Unidentified Armed Group", "Political militia", country,
                                                       m.actor.surface))
        out.append(m)
    # sides of a fight named only by what they are ("political rivals clash", "fishermen clash with police")
    for tok in (t for f in fights for t in _sides(f)):
        if tok.lemma_.lower() in SIDE_NOUNS and not any(c.lower_ == "armed" for c in tok.children):
            s, e = tok.idx - sent.start_char, tok.idx + len(tok) - sent.start_char
            if not any(m.start < e and m.end > s for m in out):
                out.append(ActorMention(s, e, _national("Rioters", "Rioters", country, tok.text)))
    return sorted(out, key=lambda m: m.start)


def _sides(fight):
    """The nouns that fought in a clash: its subjects, and what it was "between" or "with"."""
    heads = [k for k in fight.children if k.dep_ == "nsubj"]
    heads += [p for k in fight.children if k.dep_ == "prep" and k.lower_ in ("between", "among", "with")
              for p in k.children if p.dep_ == "pobj"]
    heads += [c for h in heads for c in h.conjuncts]
    return [next((o for p in h.children if p.lower_ == "of" for o in p.children), h)
            if h.lemma_.lower() in ("group", "faction") and any(c.like_num for c in h.children) else h
            for h in heads]


def _clash_rank(actor: Actor) -> int:
    """A clash has no agent: ACLED lists state forces first, then foreign forces, then the others by
    category code (12, 82, 23)."""
    from ..model import INTER_CATEGORIES

    if actor.inter == "External/Other forces":
        return 1
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
    from .actors import DEMONYMS

    counts: dict[str, int] = {}
    low = text.lower()
    for word, code in list(DEMONYMS.items()) + [(n.lower(), c) for c, n in COUNTRIES.items()]:
        if code and word in low:
            n = len(re.findall(rf"\b{re.escape(word)}s?\b", low))
            if n:
                counts[code] = counts.get(code, 0) + n
    return max(counts, key=lambda c: (counts[c], c)) if counts else None


def _national(name: str, inter: str, country: str | None, surface: str = "") -> Actor:
    """ACLED's name for an unnamed actor of a country: "Rioters (Kenya)", "Unidentified Armed Group (Syria)"."""
    where = COUNTRIES.get(country or "", country or "")
    return Actor(f"{name} ({where})" if where else name, inter, surface)


def _crowd(sub: str, country: str | None, a1: Actor | None, a2: Actor | None) -> tuple[Actor, Actor | None]:
    """ACLED names crowds by role: Protesters (Country) or Rioters (Country) are actor 1;
    the force that met them, if any, actor 2."""
    role = "Protesters" if taxonomy.event_type_of(sub) == "Protests" else "Rioters"
    crowd = _national(role, role, country)
    other = next((a for a in (a1, a2) if a is not None and a.inter not in ("Protesters", "Rioters", "Civilians")),
                 None)
    if sub == "Excessive force against protesters" and other is not None:
        return other, crowd         # the force is the actor, the protesters its target
    return crowd, other


def _subject_suffers(verb) -> bool:
    """Whether a kill cue's subject is its victim: "three people died", and "four police and one reservist
    killed", a participle with no auxiliary that tells of its subject's fate."""
    return verb.lemma_.lower() in DIE or verb.tag_ == "VBN" and not any(
        k.dep_ in ("aux", "auxpass", "dobj") for k in verb.children)


def _lone_doer(cues: list[Cue]) -> bool:
    """Whether the rampage is one person's: the subject of the verb that tells it is a single person or man
    ("Robert Stewart went on a rampage", "a gunman rampaged"), not a crowd, a mob or several people."""
    lone = False
    for c in cues:
        if c.kind not in ("pelting", "kill"):
            continue
        for g in _governors(c.head, 3):
            subj = next((k for k in g.children if k.dep_ == "nsubj"), None)
            if subj is None:
                continue
            if subj.ent_type_ == "PERSON" or subj.tag_ == "NN" and subj.lemma_.lower() in LONE_DOERS:
                if any(k.dep_ == "conj" for k in subj.children):
                    return False
                lone = True
            elif subj.lemma_.lower() not in ("rampage", "it", "attack", "shooting", "violence"):
                return False        # a crowd, a mob, several people
            break
    return lone


def _mob_justice(cues: list[Cue]) -> bool:
    """Whether the victims of a killing or beating are suspected thieves or witches: outside the police's
    hands, ACLED codes their punishment as mob violence."""
    heads = {c.head for c in cues if c.kind == "kill"}
    doers = {t.i for c in cues if c.kind == "kill" for k in c.head.children if k.dep_ == "agent" or
             k.dep_ == "nsubj" and not _subject_suffers(c.head) for t in k.subtree}    # "shot by cattle thieves"
    for t in (t for c in cues if c.kind == "kill" for t in c.head.sent if t.i not in doers):
        lemma = t.lemma_.lower()
        suspected = any(k.lower_ in ("suspected", "alleged") for k in t.children)
        if (lemma in JUSTICE_TARGETS or suspected and lemma in SUSPECTS) and heads & set(_governors(t, 3)):
            return True
    return False


def _victim_lemmas(cues: list[Cue]) -> set[str]:
    """Lemmas of the nouns that suffered the acts (objects and passive subjects of kill cues)."""
    out = set()
    for c in cues:
        if c.kind != "kill":
            continue
        if c.head.dep_ in ("acl", "amod") and c.head.head.pos_ in ("NOUN", "PROPN"):
            out.add(c.head.head.lemma_.lower())       # "four security officers killed"
        if c.head.dep_ == "compound" and c.head.tag_ in ("VBP", "VBZ", "NN"):
            out.add(c.head.head.lemma_.lower())       # a headline verb read as a noun: "MRC attack police officers"
        for k in _sufferers(c.head):
            off_duty = any(t.lower_ in ("off", "retired", "former") for t in k.subtree if t.i < k.i)
            out.add("civilian" if off_duty else k.lemma_.lower())    # ACLED: off duty, a soldier is a civilian
            if not off_duty and any(o.dep_ in ("compound", "amod") and o.lemma_.lower() in ARMED_OWNERS
                                    for o in k.children):
                out.add("fighter")      # "a police station", "gang members", "armed men"
            if not off_duty and k.lemma_.lower() == "member" and any(
                    o.pos_ == "PROPN" and o.lower_ not in ("parliament", "assembly") for o in
                    [c for c in k.children if c.dep_ == "compound"] +
                    [o for p in k.children if p.lower_ == "of" for o in p.children]):
                out.add("fighter")      # "members of Rahman Corps", "an NDS member": not a council's
            out.update(t.lemma_.lower() for t in k.children if t.dep_ == "prep" for t in t.children)
            out.update(t.lemma_.lower() for t in k.children if t.dep_ == "conj")
        for k in c.head.children:
            if k.dep_ == "prep" and any(t.lower_ in ADDED for t in k.subtree):
                out.update(t.lemma_.lower() for t in k.subtree if t.pos_ == "NOUN")
    return out


def _sufferers(head) -> list:
    """What a kill cue's act befell: its object or passive subject, the subject of "died" or "four police
    killed", and the target of an attack noun ("attacks on Ahrar al-Sham")."""
    dying = _subject_suffers(head)
    out = [k for k in head.children if k.dep_ in ("dobj", "nsubjpass") or dying and k.dep_ == "nsubj"]
    if head.pos_ == "NOUN":
        out += [p for k in head.children if k.dep_ == "prep" and k.lower_ in ("on", "against")
                for p in k.children if p.dep_ == "pobj"]
    return out


def _victim_heads(cue: Cue) -> list:
    """The nouns that suffered a kill cue: its sufferers and the noun a participle modifies ("3 SLDF militia
    killed by police")."""
    head = cue.head
    modified = [head.head] if head.dep_ in ("acl", "amod") and head.head.pos_ in ("NOUN", "PROPN") else []
    return modified + _sufferers(head)


def _unarmed_victims(sent, cues: list[Cue], amentions: list[ActorMention]) -> bool:
    """Whether the dead or hurt are named by what they are and nothing names them armed: "four pastoralists",
    "a Red Cross worker" are civilians to ACLED; "five members of Mungiki sect", "attacks on Ahrar al-Sham" name
    an armed group (herders and youths that an actor pattern reads as a militia do not)."""
    spans = [(m.start, m.end) for m in amentions if m.actor.inter in ARMED_INTERS and not
             m.actor.name.startswith(("Unidentified", "Civilians"))]
    heads = [h for c in cues if c.kind == "kill" for h in _victim_heads(c)]
    for h in heads:
        lo, hi = h.left_edge.idx - sent.start_char, h.right_edge.idx + len(h.right_edge) - sent.start_char
        if any(a < hi and lo < b for a, b in spans):
            return False
    return any(h.pos_ == "NOUN" and h.lemma_.isalpha() and h.lemma_.lower() not in NONDESCRIPT | UNITS.keys()
               for h in heads)


PROTESTERS = {"protester", "demonstrator", "marcher", "protestor", "mourner", "student", "worker"}
FIRE_WORDS = {"gunfire", "bullet", "fire", "ammunition", "gunshot", "shot", "round"}


def _fire_on_protesters(cues: list[Cue], victims: set[str]) -> bool:
    """Whether the crowd was fired on or killed: protesters as the victims of a lethal act, or a fire cue ("opened
    fire on", "shot at") aimed at protesters."""
    if victims & PROTESTERS and any(_serious(c) for c in cues if c.kind == "kill"):
        return True
    for c in cues:
        if c.kind not in ("clash", "kill") or not ({t.lemma_.lower() for t in c.head.subtree} & FIRE_WORDS or
                                                    c.head.lemma_.lower() == "shoot"):
            continue
        aimed = [o for p in c.head.children if p.dep_ == "prep" and p.lower_ in ("on", "at", "into")
                 for o in p.children if o.dep_ == "pobj"]
        if any(o.lemma_.lower() in PROTESTERS or o.lemma_.lower() in ("crowd", "protest", "demonstration")
               for o in aimed):
            return True
    return False


# What armed men fire on when they fight: posts, positions and patrols of the other side.
ARMED_TARGETS = {"checkpoint", "base", "position", "post", "outpost", "convoy", "patrol", "barrack", "barracks",
                 "camp", "station", "headquarters", "unit", "force", "troop", "army", "military", "garrison",
                 "stronghold", "hideout", "trench", "frontline", "line", "tank", "helicopter", "aircraft", "jet",
                 "drone", "fighter", "each", "other", "one"}


def _fire_on_unarmed(cues: list[Cue]) -> bool:
    """Whether every clash cue is a shooting ("opened fire on", "fired at", "shot at") aimed at people or things
    that are not armed: civilians, a teahouse, a plane, a clinic."""
    clashes = [c for c in cues if c.kind == "clash"]
    if not clashes:
        return False
    for c in clashes:
        if c.head.lemma_.lower() not in ("open", "fire", "shoot"):
            return False
        aimed = [o for p in c.head.children if p.dep_ == "prep" and p.lower_ in ("on", "at", "into", "upon")
                 for o in p.children if o.dep_ == "pobj"]
        if not aimed:
            return False
        for o in aimed:
            words = {o.lemma_.lower()} | {k.lemma_.lower() for k in o.children if k.dep_ in ("compound", "amod")}
            if o.ent_type_ in ("ORG", "NORP") or words & (ARMED_VICTIMS | ARMED_TARGETS | PROTESTERS | {
                    "crowd", "protest", "demonstration", "rally", "march"}):
                return False
    return True


def _serious(cue: Cue) -> bool:
    """Whether a violent cue tells of a death or a serious injury: ACLED's line between force against
    protesters that is excessive and an intervention."""
    words = {t.lower_ for t in cue.head.doc[cue.start:cue.end]} | {c.lower_ for c in cue.head.children}
    return cue.head.lemma_.lower() in LETHAL or bool(words & {"dead", "death", "seriously", "critically", "fatally"})


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


_DATELINE_START = re.compile(r"^\s*[A-Z][A-Z .,/'’-]{2,40}(?:\s*\([^)]{1,30}\))?\s*(?:--|—|–|:|-)\s")


def _is_headline(sent, text: str) -> bool:
    """An article's first line as a headline: title case ("Blast Injures Three in Abkhazia"), or followed by the
    story's dateline ("... camp . MIEH MIEH/BEIRUT: Rival families clashed")."""
    words = [t.text for t in sent if t.is_alpha and len(t) > 3]
    titled = len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.75 * len(words)
    return titled or bool(_DATELINE_START.match(text[sent.end_char:sent.end_char + 60]))


def _conjoined_places(doc, place: Place, here: list[PlaceMention]) -> list[Place]:
    """The other places of a coordination with the event's place, as specific as it is: "in Batumi and Tbilisi",
    "in Kafr Nabl, Hass and Maarat al-Numan". A container ("Idlib and its countryside") is not another place."""
    spans = {}
    for m in here:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is not None:
            spans.setdefault(m.place, span.root)
    root = spans.get(place)
    if root is None:
        return []
    top = root
    while top.dep_ == "conj" and top.head != top:
        top = top.head                     # the first of the coordination
    members = {top} | {t for t in top.subtree if t.dep_ == "conj" and _conj_chain(t, top)}
    rank = taxonomy.place_rank(place)
    out = []
    for other, r in spans.items():
        if other == place or r not in members or taxonomy.place_rank(other) != rank or other in out:
            continue
        if _close(other, place, 1.0):
            continue
        out.append(other)
    return out


def _conj_chain(tok, top) -> bool:
    while tok.dep_ == "conj" and tok != top:
        tok = tok.head
    return tok == top


def _split_figures(figures: list[Figure], n: int) -> list[list[Figure]]:
    """A figure told for several places, shared out evenly, the remainder to the first (ACLED)."""
    if n == 1:
        return [figures]
    out = [[] for _ in range(n)]
    for f in figures:
        for i in range(n):
            out[i].append(replace(f, value=f.value // n + (f.value % n if i == 0 else 0)))
    return out


def _merge(drafts: list[_Draft]) -> list[Event]:
    """One event per place and day: higher tactics absorb lower ones (ACLED's merge rules)."""
    kept: list[_Draft] = []
    for d in drafts:
        e = d.event
        for k in kept:
            f = k.event
            same_day = e.event_date == f.event_date or not (d.dated and k.dated)
            # a headline tells, in brief, the occurrence of its kind that the story tells where it happened
            told_again = k.headline and d.sent_index != k.sent_index and (taxonomy.family(e.sub_event_type) == taxonomy.family(f.sub_event_type)
                                         or _close(e.place, f.place))
            if not same_day or e.status != f.status or not (_close(e.place, f.place) or told_again):
                continue
            if told_again:      # the story's telling is the fuller one: its type, actors and place
                f.sub_event_type, f.event_type = e.sub_event_type, e.event_type
                f.actor1, f.actor2, f.place = e.actor1 or f.actor1, e.actor2 or f.actor2, e.place or f.place
            if not k.dated and d.dated:
                f.event_date, f.time_precision, k.dated = e.event_date, e.time_precision, True
            if told_again:
                e_wins = False
            elif taxonomy.family(e.sub_event_type) == taxonomy.family(f.sub_event_type):
                e_wins = taxonomy.rank(e.sub_event_type) < taxonomy.rank(f.sub_event_type)
            elif abs(d.sent_index - k.sent_index) > NEARBY and "Displacement" in (e.sub_event_type, f.sub_event_type):
                continue        # a flight told apart from the violence is not told as its consequence
            elif taxonomy.absorbs(e.sub_event_type, f.sub_event_type):
                e_wins = True
            elif taxonomy.absorbs(f.sub_event_type, e.sub_event_type):
                e_wins = False
            else:
                continue
            if e_wins:
                f.sub_event_type, f.event_type = e.sub_event_type, e.event_type
                f.actor1, f.actor2 = e.actor1 or f.actor1, e.actor2 or f.actor2
            else:
                f.actor1, f.actor2 = f.actor1 or e.actor1, f.actor2 or e.actor2
            if f.place is None or (e.place is not None and e.place.precision < f.place.precision
                                   and taxonomy.place_rank(e.place) >= taxonomy.place_rank(f.place)):
                f.place = e.place
            k.headline = False
            k.figures.extend(d.figures)
            k.kinds = k.kinds | d.kinds
            k.actors = k.actors + [a for a in d.actors if a not in k.actors]
            fam_f = taxonomy.family(f.sub_event_type)
            if fam_f == "demonstration":
                # a protest that turns violent, or is broken up, the same day is one event of the higher kind
                sub = decide(k.kinds, k.actors, False) or f.sub_event_type
                if taxonomy.family(sub) != "demonstration":
                    sub = f.sub_event_type      # the acts a riot absorbed do not turn it into a fight
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


def code_article(article: Article, doc=None, *, geoparser=None, typer=None) -> list[Event]:
    return EventCoder(geoparser, typer).code(article, doc)


__all__ = ["EventCoder", "code_article", "find_cues", "is_realis", "decide"]
