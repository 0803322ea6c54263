"""Step 5 of the coder, merge: the drafts of one article become its events where ACLED would code one (same
place and day: the higher tactic absorbs the lower; a headline tells again what the story tells); a figure
told for several places is shared out, and the dead are counted by ACLED's rules.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ..model import Actor, Event, Place, PlaceMention
from . import taxonomy
from .arguments import _crowd, _national
from .decide import decide
from .figures import coded_fatalities, share_of
from .parse import _sent_text
from .words import FIGHTING

# Sentences this close tell of one occurrence: a consequence told within them belongs to the act.
NEARBY = 2


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


def _is_toll(sent) -> bool:
    return bool(re.search(r"\b(?:death toll|toll|in total|total of|overall)\b", _sent_text(sent), re.I))


def _close(a: Place | None, b: Place | None, km: float = 5.0, stand_ins_apart: bool = True) -> bool:
    """Within `km` of each other. A village known only by name, placed at the town it lies near, is another place
    than that town, unless `stand_ins_apart` is False (an undated retelling of the act told there)."""
    if a is None or b is None:
        return True
    if a.latitude is None or b.latitude is None:
        return a.name == b.name
    if stand_ins_apart and a.name != b.name and any(
            p.precision == 2 and p.geonameid is None and p.feature == "P.PPL" for p in (a, b)):
        return False
    return taxonomy.distance_km(a, b) <= km


def _joined_kinds(a: set[str], b: set[str]) -> set[str]:
    """The kinds of two drafts merged; a fight told in one is not undone by a calm word in the other ("French
    police clashed with hundreds of protesters ... amid nationwide peaceful protests")."""
    if ("calm" in a) != ("calm" in b) and FIGHTING & (b if "calm" in a else a):
        return (a | b) - {"calm"}
    return a | b


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
        # a sentence with no date of its own goes on the story just told: the nearest event before it first
        order = kept if d.dated else sorted(kept, key=lambda k: (k.sent_index > d.sent_index, -k.sent_index))
        for k in order:
            f = k.event
            same_day = e.event_date == f.event_date or not (d.dated and k.dated)
            close = _close(e.place, f.place)
            # a headline tells, in brief, the occurrence of its kind that the story tells where it happened
            told_again = k.headline and d.sent_index != k.sent_index and (taxonomy.family(e.sub_event_type) == taxonomy.family(f.sub_event_type)
                                         or close)
            # an undated sentence telling an act of the same type at the place of the one just told is that act
            # retold ("the explosive went off in a village of the district" after the blast in the village of
            # Achguara, which is placed at the district's town)
            retold = not close and not d.dated and e.sub_event_type == f.sub_event_type and _close(
                e.place, f.place, stand_ins_apart=False)
            if not same_day or e.status != f.status or not (close or told_again or retold):
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
            elif taxonomy.absorbs_told(e.sub_event_type, f.sub_event_type):
                e_wins = True
            elif taxonomy.absorbs_told(f.sub_event_type, e.sub_event_type):
                e_wins = False
            else:
                continue
            if e_wins:
                f.sub_event_type, f.event_type = e.sub_event_type, e.event_type
                f.actor1, f.actor2 = e.actor1 or f.actor1, e.actor2 or f.actor2
            else:
                f.actor1, f.actor2 = f.actor1 or e.actor1, f.actor2 or e.actor2
            if f.place is None or not retold and (
                    e.place is not None and e.place.precision < f.place.precision
                                   and taxonomy.place_rank(e.place) >= taxonomy.place_rank(f.place)):
                f.place = e.place
            k.headline = False
            k.figures.extend(d.figures)
            k.kinds = _joined_kinds(k.kinds, d.kinds)
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


def finish(events: list[Event], text: str, label: str | None, country: str | None) -> list[Event]:
    """The merged events of one article as ACLED codes them: a labelled item is one act; an act of violence
    with no actor named is an unidentified armed group's; no one dies at a peaceful protest; the note's own
    fatality figure, or the article's share of a figure told for several places, settles the main event's."""
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
    coded = coded_fatalities(text)
    if coded is not None and events:
        events[0].fatalities, events[0].fatalities_high = coded[0], None
    if events and events[0].fatalities and not (coded and coded[1]):
        main = events[0]
        main.fatalities = share_of(text, main.fatalities, main.place.name if main.place else None)
    return events
