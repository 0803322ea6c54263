"""Which text the type model reads for an article, and its probabilities, in one batch for many articles.

A short item (a snippet, a bulletin) is read whole, as the model's examples are; a longer
article sentence by sentence, only the sentences that can carry an event.
"""
from __future__ import annotations

MAX_TYPED = 80          # sentences per article the type model reads
WHOLE_CHARS = 600       # an item this short is typed as a whole


def typed_texts(text: str, sents) -> tuple[list[int], list[str]]:
    """The sentences that can carry an event (their indexes) and the text the type model reads for them: a short
    item (a snippet, a bulletin) is read whole, as the model's examples are; a longer one sentence by sentence."""
    keep = [i for i, s in enumerate(sents) if _can_carry(s)][:MAX_TYPED]
    if not keep:
        return [], []
    if len(text) <= WHOLE_CHARS:
        return keep, [text.strip()]
    return keep, [sents[i].text.strip() for i in keep]


def type_probs_many(typer, texts: list[str], docs: list) -> list[dict]:
    """For each article, the type model's probabilities per sentence index; all embedded in one batch."""
    if typer is None:
        return [{} for _ in texts]
    from .embed import embedder

    plans = [typed_texts(t, list(d.sents)) for t, d in zip(texts, docs, strict=True)]
    flat = [x for _, xs in plans for x in xs]
    rows = typer.proba(embedder().encode(flat), flat) if flat else []
    out, at = [], 0
    for keep, xs in plans:
        mine = rows[at:at + len(xs)]
        at += len(xs)
        out.append(dict.fromkeys(keep, mine[0]) if len(xs) < len(keep) else     # read whole: one row for all
                   dict(zip(keep, mine, strict=True)))
    return out


def _can_carry(sent) -> bool:
    """A sentence with a verb and a few words; headlines and captions have no verb and tell no act."""
    return len(sent) >= 4 and any(t.pos_ in ("VERB", "AUX") for t in sent)
