"""Step 2 of the coder, drop non-events: of a sentence's cues, keep those that tell an act that happened, not
one planned, feared, denied or negated, a running toll, an act long before the story, or the setting or
grievance of another act.
"""
from __future__ import annotations

import re

from .cues import Cue, _cues_of, _word_sets
from .parse import _governors, _per_doc, _sent_text
from .words import (
    BATTLE_SETTING_PREPS,
    BATTLE_SUPPORT,
    ENDED,
    FACTUAL_PREPS,
    GOING_ON,
    GRIEVANCE_PREPS,
    LONG_UNITS,
    OWN_CLAUSE,
    PRETEXT_WORDS,
    REMOTE_KINDS,
    SCHEDULED,
    SETTING_PREPS,
    TALLY_VERBS,
    UNTOLD,
)


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


def is_running_total(sent, cue: Cue) -> bool:
    """'The war has left 400,000 dead since 2011' is a tally, not an event."""
    if cue.kind not in ("kill", "displacement"):
        return False
    for g in _governors(cue.head):
        if (g == cue.head or g.lemma_.lower() in TALLY_VERBS) and any(
                c.dep_ in ("nsubj", "nsubjpass") and c.lemma_.lower() in
                ("conflict", "war", "crisis", "violence", "uprising", "insurgency") for c in g.children):
            return True     # the war as the killer; "violence continued, and three were killed" is news
    txt = _sent_text(sent).lower()
    return bool(re.search(r"since (?:19|20)\d\d|since the (?:start|beginning|outbreak) of the (?:war|conflict|crisis|"
                          r"uprising)|(?:civil )?war began|over the course of the war", txt))


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


def _without_pretexts(cues: list[Cue]) -> list[Cue]:
    """'Police detained activists ahead of planned protests', '... detained people who organise the
    demonstrations': the protest is when or why people were arrested (ACLED: arrests), not a protest the
    police broke up."""
    arrests = {c.head.i for c in cues if c.kind == "arrest"}
    if not arrests:
        return cues

    def pretext(c: Cue) -> bool:
        for g in list(_governors(c.head, 5))[1:]:
            if g.lower_ in PRETEXT_WORDS:
                return True
            if g.dep_ == "relcl" and any(h.i in arrests for h in _governors(g.head, 2)):
                return True     # a clause that says who the detained are
            if g.i in arrests:
                return False
        return False
    return [c for c in cues if not (c.kind == "protest" and pretext(c))]


def _act_cues(sent, found: list[Cue]) -> list[Cue]:
    """The cues of a sentence that tell an act that happened: not forecasts, tolls, settings, grievances or
    pretexts."""
    return _without_pretexts(_without_battle_settings(_without_settings(_without_grievances(
        [c for c in found if is_realis(c) and not is_running_total(sent, c) and not _long_before(c)]))))


def _acts_of(doc) -> list[list[Cue]]:
    """The act cues of each sentence (`_act_cues`), found once per document: `wants` and `code` both read them."""
    return _per_doc(doc, "acts", lambda: [_act_cues(s, f) for s, f in zip(doc.sents, _cues_of(doc), strict=True)])
