"""Step 4 of the coder, fill the arguments (actors): who did the act and who suffered it, from the parse where
it tells; allies, tellers and reactions are no parties; crowds become ACLED's Rioters or Protesters.
"""
from __future__ import annotations

import re

from ..model import Actor
from . import taxonomy
from .actors import COUNTRIES, ActorMention, allied_with_state
from .cues import Cue, _word_sets, _words
from .decide import _subject_suffers
from .parse import _governors, _sent_ents, _sent_text
from .words import ALLY_VERBS, BODY_FINDING, CROWD_NOUNS, GROUP_MEMBERS, SIDE_NOUNS, SYMMETRIC


def assign(sent, cue: Cue, amentions: list[ActorMention], sub: str | None) -> tuple[Actor | None, Actor | None]:
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
    # "the body of a fighter was found": the finder is no party, the dead's side is the patient
    bodies = [k for k in verb.children if k.dep_ in ("dobj", "nsubjpass") and k.lemma_.lower() in ("body", "corpse")
              ] if cue.kind == "kill" and verb.lemma_.lower() in BODY_FINDING else []
    finder = bool(bodies)
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
        if finder and any(root in b.subtree for b in bodies):
            roles["patient"].append(am.actor)       # "the body of a QSD fighter was found": the dead's side
            continue
        if _teller(chain, telling, verb) and not said_it:
            tellers.add(am.actor)   # "according to the army", "the governor condemned": a source, no party
            continue
        for tok in chain[:-1]:
            if finder and tok.head in doers and tok.dep_ in ("nsubj", "agent"):
                tellers.add(am.actor)   # "police recovered the body of a man": who found the dead did not kill
                break
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


def ordered_actors(sent, cues: list[Cue], amentions: list[ActorMention]) -> list[Actor]:
    if not amentions:
        return []
    a1, a2 = assign(sent, cues[0], amentions, None)
    order = [a for a in (a1, a2) if a]
    return order + [m.actor for m in amentions if m.actor not in order]


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


NOT_ACTORS = re.compile(r"observatory|agency|news|media|reuters|afp|associated press|\bun\b|united nations|ocha|unicef|"
                        r"ministry|council|committee|red cross|red crescent|hospital|university|coordination|"
                        r"group for|human rights|watch|amnesty|liveuamap|sana|television|tv|radio|press", re.I)


# Words that open the names of armed groups in Arabic ("Jaysh al-Mujahideen", "Liwa al-Quds") and English
# ("Army of Free Tribes", "Brigade of ..."): the tagger often takes such names for people.
GROUP_NAME = re.compile(r"(?:jay[sc]h|jaish|liwa'?a?|harakat|faylaq|failaq|kata'?ib|katibat|saraya|jund|jabhat|"
                        r"firqat|alwiya|quwat|tajammu|fawj|army of|brigades? of|division of)\b|"
                        r"\b(?:Corps|Legion|Council|Division|Brigades?|Battalion|Regiment|Front|Movement|Army)$")


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
    before = _sent_text(sent)[:m.start]
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


def _who_took_it(actor1: Actor | None, sent) -> str:
    """ACLED's territory split by the capturer; with no capturer named, the sentence's words decide."""
    if actor1 is not None:
        return "Government regains territory" if allied_with_state(actor1) else "Non-state actor overtakes territory"
    if re.search(r"\b(government|regime|army|troops|soldiers)\b", _sent_text(sent), re.I):
        return "Government regains territory"
    return "Non-state actor overtakes territory"


def actors_for(sent, cue: Cue, amentions: list[ActorMention], sub: str,
               country: str | None) -> tuple[Actor | None, Actor | None, str]:
    """Actor 1 and actor 2 of the act `cue` tells, as ACLED names them for its type `sub` (arrests are the
    state's, crowds are named by role, a clash lists the state first), and the territory type by the capturer."""
    actor1, actor2 = assign(sent, cue, amentions, sub)
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
    return actor1, actor2, sub
