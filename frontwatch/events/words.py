"""The word sets the coder's steps read, built once from data/words.yaml (one commented entry per set).

Each name below is a plain Python set, as the steps use it; the words themselves are data an analyst
can read and extend. The sets of cue kinds and actor categories at the end are not English words but
the coder's own vocabulary (cue kinds of data/cues.yaml, ACLED's categories), so they stay here.
"""
from __future__ import annotations

from . import lexicon


def _set(name: str) -> set[str]:
    return set(lexicon.load("words.yaml")[name])


SETTLEMENT_NOUNS = _set("settlement_nouns")
PARTS = _set("parts")
VERB_ONLY = _set("verb_only")
ALLY_VERBS = _set("ally_verbs")
SYMMETRIC = _set("symmetric")
FACTUAL_PREPS = _set("factual_preps")
ARMED_VICTIMS = _set("armed_victims")
ARMED_OWNERS = _set("armed_owners")
ARMED_GROUPS = _set("armed_groups")
CIVILIAN_VICTIMS = _set("civilian_victims")
NONDESCRIPT = _set("nondescript")
UNTOLD = _set("untold")
TALLY_VERBS = _set("tally_verbs")
LIVESTOCK = _set("livestock")
LETHAL = _set("lethal")
DIE = _set("die")
ADDED = _set("added")
DEMANDED = _set("demanded")
ACCUSED = _set("accused")
ONE_SIDED = _set("one_sided")
CIVILIAN_TARGETS = _set("civilian_targets")
CAPTIVES = _set("captives")
SIDE_NOUNS = _set("side_nouns")
JUSTICE_TARGETS = _set("justice_targets")
SUSPECTS = _set("suspects")
CROWD_NOUNS = _set("crowd_nouns")
ENDED = _set("ended")
LONG_UNITS = _set("long_units")
SCHEDULED = _set("scheduled")
OWN_CLAUSE = _set("own_clause")
LONE_DOERS = _set("lone_doers")
NAME_ENTS = _set("name_ents")
UNIT_NOUNS = _set("unit_nouns")
BATTLE_SETTING_PREPS = _set("battle_setting_preps")
GOING_ON = _set("going_on")
SETTING_PREPS = _set("setting_preps")
GRIEVANCE_PREPS = _set("grievance_preps")
PRETEXT_WORDS = _set("pretext_words")
GROUP_MEMBERS = _set("group_members")
PROTESTERS = _set("protesters")
FIRE_WORDS = _set("fire_words")
ARMED_TARGETS = _set("armed_targets")
POSTS = _set("posts")
POLICE_WORDS = _set("police_words")
OFFICE_HOLDERS = _set("office_holders")
BELONGINGS = _set("belongings")
BODY_FINDING = _set("body_finding")


# Cue kinds of acts done from afar (bombs, shells, aircraft): no fight needs to be told with them.
REMOTE_KINDS = {"air", "shelling", "ied", "suicide", "grenade", "chemical", "blast"}
# Remote kinds that back a fight told with them (ACLED: shelling and air strikes during clashes are the battle).
BATTLE_SUPPORT = {"air", "shelling"}
# ACLED's categories of armed, organised actors.
ARMED_INTERS = {"State forces", "Rebel group", "Political militia", "Identity militia", "External/Other forces"}
# Acts that make a demonstration told just before them a riot (a road blocked is no violence: ACLED codes it
# either way), and the demonstrations they can make one of.
RIOTING = {"riot", "disorder", "pelting"}
# A crowd's fight, stones or looting: violence that a calm word told of other marchers, or in another sentence,
# does not undo (a road blocked may be a peaceful protest's).
FIGHTING = {"clash", "pelting", "looting"}
CALM = {"Peaceful protest", "Protest with intervention"}
# Cue kinds that tell of a crowd demonstrating or rioting.
CROWD_KINDS = {"protest", "riot", "pelting", "unrest"}
