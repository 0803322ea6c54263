"""Step 3 of the coder, decide the type: the kinds of a sentence's acts, adjusted for who suffered them (fire on
the unarmed is an attack, on protesters excessive force; one man's rampage is no mob's), and ACLED's
hierarchy over them (`decide`). The seam for a learned type model is `choose` (events/choose.py), after it.
"""
from __future__ import annotations

from ..model import Actor
from . import taxonomy
from .actors import ActorMention, allied_with_state
from .cues import Cue
from .numbers import UNITS
from .parse import _governors
from .words import (
    ADDED,
    ARMED_INTERS,
    ARMED_OWNERS,
    ARMED_TARGETS,
    ARMED_VICTIMS,
    BELONGINGS,
    CIVILIAN_TARGETS,
    CIVILIAN_VICTIMS,
    CROWD_KINDS,
    DIE,
    FIGHTING,
    FIRE_WORDS,
    JUSTICE_TARGETS,
    LETHAL,
    LONE_DOERS,
    NONDESCRIPT,
    POLICE_WORDS,
    POSTS,
    PROTESTERS,
    REMOTE_KINDS,
    SUSPECTS,
)


def decide(kinds: set[str], actors: list[Actor], victims_civilian: bool) -> str | None:
    """ACLED's hierarchy over the cue kinds found for one occurrence."""
    armed_first = actors[0] if actors else None
    if "sexual" in kinds:
        return "Sexual violence"    # never part of a fight or a riot
    if "territory" in kinds and "transfer" in kinds or "handover" in kinds:
        return "Non-violent transfer of territory"
    if "territory" in kinds:
        return "Government regains territory" if allied_with_state(armed_first) else "Non-state actor overtakes territory"
    crowd = any(a.inter == "Rioters" for a in actors)
    organised = any(a.inter in ARMED_INTERS for a in actors)
    state = any(a.inter == "State forces" for a in actors)
    groups = any(a.inter in ARMED_INTERS - {"State forces", "External/Other forces"} for a in actors)
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
        if "kill" in kinds and (state or {"intervention", "crackdown"} & kinds) or "force" in kinds:
            return "Excessive force against protesters"
        if {"arrest", "intervention", "crackdown"} & kinds:
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


def _rioters_by_name(actors: list[Actor]) -> bool:
    """A text that calls a crowd "rioters" tells of a riot (a violent demonstration), not a mob's attack."""
    return any(a.inter == "Rioters" and a.surface.lower().startswith("rioter") for a in actors)


def _subject_suffers(verb) -> bool:
    """Whether a kill cue's subject is its victim: "three people died", and "four police and one reservist
    killed", a participle with no auxiliary that tells of its subject's fate."""
    return verb.lemma_.lower() in DIE or verb.tag_ == "VBN" and not any(
        k.dep_ in ("aux", "auxpass", "dobj") for k in verb.children)


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
                                    for o in k.subtree if o.i < k.i):
                out.add("fighter")      # "a police station", "gang members", "armed men", "security force members"
            if not off_duty and k.lemma_.lower() in POSTS:
                out.add("fighter")      # "attacked a checkpoint": a post is held by armed men (ACLED: a battle)
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


def _owned_by_armed(sent, noun, amentions: list[ActorMention]) -> bool:
    """Whether a member, a unit, a vehicle or a post belongs, as written, to an organised armed group: "a QSD
    vehicle", "members of the regime's Republican Guard", "the army's checkpoint" (its compounds, modifiers,
    possessor or "of" phrase name such a group's mention). Not a community's members ("members of the Garre
    clan": ACLED's identity militias are also the communities attacked), nor a former or off-duty member."""
    if noun.lemma_.lower() not in BELONGINGS or any(
            t.lower_ in ("former", "ex", "retired", "off", "off-duty") for t in noun.subtree if t.i < noun.i):
        return False
    owners = [t for k in noun.children if k.dep_ in ("compound", "amod", "poss", "nmod", "nummod") for t in k.subtree]
    owners += [t for k in noun.children if k.dep_ == "prep" and k.lower_ == "of" for t in k.subtree]
    spans = [(m.start, m.end) for m in amentions if m.actor.inter in ARMED_INTERS - {"Identity militia"} and not
             m.actor.name.startswith(("Unidentified", "Civilians"))]
    return any(a <= t.idx - sent.start_char < b for t in owners for a, b in spans)


def _fire_on_unarmed(cues: list[Cue], sent, amentions: list[ActorMention]) -> bool:
    """Whether every clash cue is a shooting ("opened fire on", "fired at", "shot at") aimed at people or things
    that are not armed: civilians, a teahouse, a plane, a clinic (not "members of the Republican Guard")."""
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
                    "crowd", "protest", "demonstration", "rally", "march"}) or _owned_by_armed(sent, o, amentions):
                return False
    return True


def _serious(cue: Cue) -> bool:
    """Whether a violent cue tells of a death or a serious injury: ACLED's line between force against
    protesters that is excessive and an intervention."""
    words = {t.lower_ for t in cue.head.doc[cue.start:cue.end]} | {c.lower_ for c in cue.head.children}
    return cue.head.lemma_.lower() in LETHAL or bool(words & {"dead", "death", "seriously", "critically", "fatally"})


def _others_fought(cues: list[Cue]) -> bool:
    """Whether a fight or a crowd's damage is told as a verb of its own subject, not the one told as peaceful
    ("some demonstrators rallied peacefully, others clashed with police"; not "they marched peacefully,
    blocking the road")."""
    calm_verbs = {i for c in cues if c.kind == "calm" for i in (c.head.i, c.head.head.i)}
    return any(c.kind in FIGHTING | {"disorder"} and c.head.pos_ == "VERB" and c.head.i not in calm_verbs
               and c.head.lemma_.lower() != "block" and any(k.dep_ == "nsubj" for k in c.head.children)
               for c in cues)


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


def _police_block(cues: list[Cue]) -> bool:
    """Whether every disorder cue is done by the police or the army: its subject names them ("police buses
    blocked", "soldiers barricaded the square")."""
    found = [c for c in cues if c.kind == "disorder"]
    return bool(found) and all(any(k.dep_ == "nsubj" and {t.lemma_.lower() for t in k.subtree} & POLICE_WORDS
                                   for k in c.head.children) for c in found)


def adjust_kinds(sent, cues: list[Cue], amentions: list[ActorMention],
                 last_sub: str | None) -> tuple[set[str], bool] | None:
    """The kinds of a sentence's acts as ACLED reads them, given who did them and who suffered them, and
    whether the victims were civilians. `last_sub`: the type of the event told just before in the article, if
    any. None: the sentence adds nothing to that event (police who came to it)."""
    kinds = {c.kind for c in cues}
    if "clash" in kinds and _fire_on_unarmed(cues, sent, amentions):
        # "gunmen opened fire on a teahouse": shooting at people or things that do not fight back is an
        # attack on them, not a battle (ACLED: a battle needs two armed, organised sides)
        kinds = kinds - {"clash"} | {"kill"}
    if "clash" in kinds and "intervention" in kinds and all(
            c.head.lemma_.lower() == "respond" for c in cues if c.kind == "clash"):
        # "security forces responded with tear gas and water cannons": the response is the crowd control
        kinds = kinds - {"clash"}
    if "disorder" in kinds and _police_block(cues):
        # "300 police buses blocked protesters from entering the plaza": the police's act, not the crowd's
        kinds = kinds - {"disorder"} | {"intervention"}
    if "pelting" in kinds and "kill" in kinds and _lone_doer(cues):
        kinds = kinds - {"pelting"}     # "a gunman went on a rampage, killing eight": one man's attack
    if "calm" in kinds and _others_fought(cues):
        kinds = kinds - {"calm"}    # "some rallied peacefully, others clashed with police": the others rioted
    victims = _victim_lemmas(cues)
    if any(_owned_by_armed(sent, h, amentions) for c in cues if c.kind == "kill" for h in _victim_heads(c)):
        victims = victims | {"fighter"}     # "1 QSD member", "a regime vehicle": the armed group's own
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
        if "kill" in kinds and (len([c for c in cues if c.kind == "kill"]) > 1 or
                                last_sub is not None and taxonomy.family(last_sub) == "violence"):
            kinds = kinds - {"intervention"} | {"clash"}
        elif last_sub is not None and taxonomy.family(last_sub) == "violence" and \
                not kinds - {"intervention", "arrest"}:
            return None     # nothing the event just told lacks
    if {"protest", "kill"} <= kinds and state_acts and not any(_serious(c) for c in cues if c.kind == "kill"):
        kinds = kinds - {"kill"} | {"intervention"}     # protesters beaten, no one shot, killed or badly hurt
    if "protest" in kinds and _fire_on_protesters(cues, victims):
        # "forces opened fire on protesters", "four protesters died from gunfire": lethal force against
        # the crowd, not a fight it joined (ACLED: excessive force, whoever fired)
        kinds = kinds - {"clash", "unrest"} | {"force"}
    return kinds, victims_civ
