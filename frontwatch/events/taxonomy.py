"""ACLED's event types and sub-event types, their hierarchy and merge families."""
from __future__ import annotations

import math

from ..model import Place

# Highest tactic first, as ACLED's codebook orders them.
TAXONOMY: dict[str, tuple[str, ...]] = {
    "Battles": ("Government regains territory", "Non-state actor overtakes territory", "Armed clash"),
    "Protests": ("Excessive force against protesters", "Protest with intervention", "Peaceful protest"),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Explosions/Remote violence": ("Chemical weapon", "Air/drone strike", "Suicide bomb",
                                   "Shelling/artillery/missile attack", "Remote explosive/landmine/IED", "Grenade"),
    "Violence against civilians": ("Sexual violence", "Attack", "Abduction/forced disappearance"),
    "Strategic developments": ("Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
                               "Headquarters or base established", "Looting/property destruction",
                               "Non-violent transfer of territory", "Other"),
    "Displacement": ("Displacement",),
}
TYPE_ORDER = ("Battles", "Protests", "Riots", "Explosions/Remote violence", "Violence against civilians",
              "Strategic developments", "Displacement")
SUB_EVENT_TYPES = tuple(s for t in TYPE_ORDER for s in TAXONOMY[t])
_TYPE_OF = {s: t for t, subs in TAXONOMY.items() for s in subs}
_RANK = {s: i for i, s in enumerate(SUB_EVENT_TYPES)}

# Which cue kinds (data/cues.yaml) evidence which sub-event type, the type's own kind first.
_CUE_KINDS = {
    "Government regains territory": ("territory",), "Non-state actor overtakes territory": ("territory",),
    "Armed clash": ("clash", "kill"), "Excessive force against protesters": ("protest", "kill", "force"),
    "Protest with intervention": ("protest",), "Peaceful protest": ("protest",),
    "Violent demonstration": ("riot", "protest", "pelting", "unrest"), "Mob violence": ("mob", "lynch", "pelting"),
    "Chemical weapon": ("chemical",),
    "Air/drone strike": ("air",), "Suicide bomb": ("suicide",), "Shelling/artillery/missile attack": ("shelling",),
    "Remote explosive/landmine/IED": ("ied", "blast"), "Grenade": ("grenade",), "Sexual violence": ("sexual",),
    "Attack": ("kill",), "Abduction/forced disappearance": ("abduction",), "Agreement": ("agreement",),
    "Arrests": ("arrest",), "Change to group/activity": ("change_group",), "Disrupted weapons use": ("disrupted",),
    "Headquarters or base established": ("hq",), "Looting/property destruction": ("looting",),
    "Non-violent transfer of territory": ("transfer", "territory", "handover"), "Other": (), "Displacement": ("displacement",),
}


def event_type_of(sub_event_type: str) -> str:
    return _TYPE_OF[sub_event_type]


def rank(sub_event_type: str) -> int:
    """Lower is higher in ACLED's hierarchy."""
    return _RANK[sub_event_type]


def cue_kind_of(sub_event_type: str) -> tuple[str, ...]:
    """The cue kinds that evidence a sub-event type, its own kind first."""
    return _CUE_KINDS.get(sub_event_type, ())


def family(sub_event_type: str) -> str:
    """Events of one family at one place and day are one ACLED event."""
    t = _TYPE_OF[sub_event_type]
    if t in ("Battles", "Explosions/Remote violence", "Violence against civilians"):
        return "violence"
    if t in ("Protests", "Riots"):
        return "demonstration"
    return sub_event_type


# Changes of control: an offensive that takes ground is told apart from the flight it causes.
TERRITORY = {"Government regains territory", "Non-state actor overtakes territory"}
# Acts that ACLED records inside a larger event at the same place and day, not on their own: the arrests,
# releases and burnt houses around a fight or a riot.
INCIDENTAL = {"Arrests", "Agreement", "Change to group/activity", "Looting/property destruction"}


# Weapons found or seized where a fight or a raid just took place are part of it (ACLED codes the fight); found
# on their own they are an event. Only the merge of one article's acts reads this.
FOUND_IN_A_FIGHT = {"Disrupted weapons use"}


def absorbs_told(big: str, small: str) -> bool:
    """`absorbs`, and the weapons a battle or an attack left behind, for acts told in one article."""
    return absorbs(big, small) or small in FOUND_IN_A_FIGHT and _TYPE_OF[big] in ("Battles",
                                                                                 "Violence against civilians")


def absorbs(big: str, small: str) -> bool:
    """Across families, whether event `big` swallows `small` at one place and day: incidental acts go into
    any violence or demonstration, as does the flight of those a raid, clash or riot drove from their homes
    (a consequence told within the event, its `displaced` count; an offensive that takes territory empties
    whole areas, a movement of its own); and the shootings and beatings of a riot are the riot."""
    if small in INCIDENTAL:
        return family(big) in ("violence", "demonstration")
    if small == "Displacement":
        return family(big) in ("violence", "demonstration") and big not in TERRITORY
    return _TYPE_OF[big] == "Riots" and small == "Attack"


_WIDE_WATERS = frozenset({"H.SEA", "H.OCN", "H.GULF", "H.BAY", "H.BGHT", "H.STRT", "H.LK", "H.LKS", "H.CHN"})


def place_rank(place: Place | None) -> int:
    """3 a settlement or site, 2 a district, 1 a province, region or river, 0 a country."""
    if place is None:
        return -1
    f = place.feature or ""
    if f.startswith("A.PCL") or f.startswith("L.CONT") or f == "A.PCLI":
        return 0
    if f.startswith(("A.ADM1", "L.", "H.STM")) or f in _WIDE_WATERS:
        return 1    # a river runs through a whole region, a sea along it: "along the Euphrates" says no more
    if f.startswith("A."):
        return 2
    return 3


def distance_km(a: Place, b: Place) -> float:
    p1, p2 = math.radians(a.latitude), math.radians(b.latitude)
    dp, dl = p2 - p1, math.radians(b.longitude - a.longitude)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))
