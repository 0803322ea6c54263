"""Which text the type model reads for an article, and its probabilities, embedded only where asked for.

A short item (a snippet, a bulletin) is read whole, as the model's examples are; a longer
article sentence by sentence, only the sentences that can carry an event. Embedding is
the costliest step of coding, so a batch embeds, in one call, only the sentences whose
type the model can still change (the coder says which: `EventCoder.wants`); a sentence
asked for later is embedded then.
"""
from __future__ import annotations

import sys

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


class TypeBatch:
    """The type model's probabilities for the articles of one batch, computed when first needed and kept."""

    def __init__(self, typer, texts: list[str], docs: list):
        self.typer = typer
        self.plans = [typed_texts(t, list(d.sents)) for t, d in zip(texts, docs, strict=True)] if typer else []
        self.rows: dict[tuple[int, int], object] = {}      # (article, text index) -> probabilities
        self.failed = False

    def article(self, i: int) -> SentenceProbs:
        return SentenceProbs(self, i)

    def _key(self, i: int, si: int) -> tuple[int, int] | None:
        keep, texts = self.plans[i]
        if si not in keep:
            return None
        return (i, 0) if len(texts) < len(keep) else (i, keep.index(si))

    def prefetch(self, wanted: list[set[int]]) -> None:
        """Embed in one call the texts of the sentences wanted, per article."""
        if not self.typer:
            return
        keys = sorted({k for i, sis in enumerate(wanted) for si in sis if (k := self._key(i, si)) is not None}
                      - set(self.rows))
        self._embed(keys)

    def get(self, i: int, si: int):
        key = self._key(i, si) if self.typer else None
        if key is None or self.failed:
            return None
        if key not in self.rows:
            self._embed([key])
        return self.rows.get(key)

    def _embed(self, keys: list[tuple[int, int]]) -> None:
        if not keys:
            return
        from .embed import embedder

        flat = [self.plans[i][1][j] for i, j in keys]
        try:
            probs = self.typer.proba(embedder().encode(flat), flat)
        except Exception as exc:  # noqa: BLE001 - the model failing leaves the rules to decide
            self.failed = True
            print(f"type model: {exc}; the rules alone decide", file=sys.stderr)
            return
        self.rows.update(zip(keys, probs, strict=True))


class SentenceProbs:
    """One article's view of a TypeBatch: `si in probs` (the model reads that sentence), `probs.get(si)`."""

    def __init__(self, batch: TypeBatch, i: int):
        self.batch, self.i = batch, i

    def __contains__(self, si: int) -> bool:
        return bool(self.batch.typer) and self.batch._key(self.i, si) is not None

    def get(self, si: int):
        return self.batch.get(self.i, si)

    __getitem__ = get


def _can_carry(sent) -> bool:
    """A sentence with a verb and a few words; headlines and captions have no verb and tell no act."""
    return len(sent) >= 4 and any(t.pos_ in ("VERB", "AUX") for t in sent)
