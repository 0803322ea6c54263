"""The rule-based event coder: sentences -> ACLED-style events, as a short chain of named steps.

Each sentence of an article goes through the chain, one module per step (see events/README.md):

1. cues.py       find cues: the trigger words of the sentence (data/cues.yaml);
2. nonevents.py  drop non-events: cues of acts planned, denied, tallied, long past or only a setting;
3. decide.py     decide the type: the kinds adjusted for who suffered the acts, ACLED's hierarchy over them
                 (then choose.py, the seam where the learned type model may take over);
4. arguments.py  fill the arguments: actors; place.py: place and date;
5. merge.py      merge the drafts of one article where ACLED would code one event.

`EventCoder` below is the driver that runs the chain. The word sets the steps read are data
(data/words.yaml, built by words.py), as are the cue phrases (data/cues.yaml) and actors (data/actors.yaml).
"""
from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

from ..model import Article, Event, Evidence, Place, PlaceMention
from . import lexicon, taxonomy
from .actors import countries_of_actors, find_actors
from .arguments import (
    _as_mob,
    _crowd,
    _with_named_groups,
    actors_for,
    ordered_actors,
)
from .attribution import find_source
from .choose import choose, item_event
from .cues import Cue, _cues_of, _told, find_cues
from .decide import adjust_kinds, decide
from .figures import count_displaced, count_fatalities
from .merge import (
    NEARBY,
    Figure,
    _conjoined_places,
    _Draft,
    _is_headline,
    _is_toll,
    _merge,
    _split_figures,
    fatalities_of,
    finish,
)
from .nonevents import _acts_of, is_realis, is_running_total
from .parse import _mentions_from, _sent_text
from .place import (
    _country_named,
    _metonym,
    _top,
    choose_place,
    country_of,
    date_of,
    focus_of,
    unknown_settlement,
)
from .typed import WHOLE_CHARS, TypeBatch
from .words import BATTLE_SUPPORT, CALM, CROWD_KINDS, REMOTE_KINDS, RIOTING

BACKGROUND_DAYS = 7
SENTENCE_FLOOR = 0.75   # a sentence of a longer article changes the rules' type or adds an event only this sure


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
        placed = country_of(mentions)
        if placed and by_actors and placed not in votes and votes[by_actors] >= 1:
            placed = None       # a place of the same name abroad ("Bari"), against actors only one country has
        country = placed or by_actors or _country_named(article.text) or self.country
        # "Tbilisi says": no place of the story, while the text has another
        focus = focus_of([m for m in mentions if not _metonym(doc, m)]) or focus_of(mentions)
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
            amentions = _as_mob(sent, cues, _with_named_groups(sent, find_actors(_sent_text(sent), country), cues), country)
            adjusted = adjust_kinds(sent, cues, amentions, drafts[-1].event.sub_event_type if drafts else None)
            if adjusted is None:
                continue
            kinds, victims_civ = adjusted
            sub = label or decide(kinds, ordered_actors(sent, cues, amentions), victims_civ)
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
                told = bool(label) or sub is not None and (taxonomy.event_type_of(sub) == "Battles" or
                                                           sub == "Non-violent transfer of territory") and any(
                    _told(c) for c in cues)        # a fight, a capture or a handover in so many words
                # strikes or shelling told with a fight are the battle's (ACLED): the model reads only the weapon
                told = told or sub == "Armed clash" and "clash" in kinds and bool(kinds & BATTLE_SUPPORT)
                loose = sub == "Remote explosive/landmine/IED" and not kinds & (REMOTE_KINDS - {"blast"})
                choice = choose(self.typer, sub, None if told else probs.get(si), specific=told, floor=floor,
                                loose=loose)
            sub = choice.sub
            if sub is None:
                continue
            kind_for_sub = taxonomy.cue_kind_of(sub)
            cue = next((c for c in cues if c.kind in kind_for_sub), cues[0])
            actor1, actor2, sub = actors_for(sent, cue, amentions, sub, country)
            place = choose_place(sent, cue, here, later, focus, previous, country)
            if place is not None:
                # "the village of Prisi", "Tamarasheni, a town a stone's throw from Tskhinvali": a settlement the
                # gazetteer does not know, placed at the place chosen, which is near it
                place = unknown_settlement(sent, here, place) or place
                previous = place
            when = date_of(sent, cue, published)
            day = when.day if when else published
            precision = when.precision if when else 1
            status = "current"
            if day and published and (published - day).days > BACKGROUND_DAYS:
                status = "background"
            source = find_source(sent)
            fat = [Figure(v, source, _is_toll(sent), coded) for v, coded in count_fatalities(sent)]
            displaced = count_displaced(sent) if sub == "Displacement" else None
            evidence = Evidence(_sent_text(sent).strip(), sent.start_char, sent.start_char + len(_sent_text(sent).rstrip()))
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
        return finish(_merge(drafts), article.text, label, country)


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


def code_article(article: Article, doc=None, *, geoparser=None, typer=None) -> list[Event]:
    return EventCoder(geoparser, typer).code(article, doc)


__all__ = ["EventCoder", "code_article", "find_cues", "is_realis", "decide", "fatalities_of", "Figure", "Cue",
           "labelled_as", "is_running_total"]
