"""The model's attribute rules applied without spaCy's Matcher (nlp/attributes.py) set the same part of
speech, morphology and lemma as the model's own attribute_ruler, token for token."""
from __future__ import annotations

import json

import spacy

from frontwatch import nlp
from frontwatch.demo import path as demo_path

SENTENCES = [
    "I'd have gone, but y'all said it's nothin' and they've got more to do.",      # the ruler's odd exceptions
    "He gets what he got; we're sure that whether or not they'll come, she'd left.",
    "Gunmen killed 12 people in Maiduguri on Sunday, the U.S. embassy said; police arrested 3 suspects.",
    "  Two  spaces,\n\na line break and -- dashes -- around 'quotes'.",
]


def test_same_attributes_as_the_models_attribute_ruler():
    ours = nlp.load()
    assert "attribute_ruler" not in ours.pipe_names and "frontwatch_attribute_rules" in ours.pipe_names
    theirs = spacy.load(nlp.MODEL)     # the same pipeline with the model's own ruler
    theirs.add_pipe("frontwatch_line_breaks", before="parser")
    theirs.add_pipe("frontwatch_long_sentences", after="frontwatch_line_breaks")
    texts = SENTENCES + [json.loads(line)["text"] for line in demo_path().read_text(encoding="utf-8").splitlines()
                         if line.strip()]
    tokens = 0
    for a, b in zip(ours.pipe(texts), theirs.pipe(texts), strict=True):
        assert [(t.text, t.tag_) for t in a] == [(t.text, t.tag_) for t in b]
        for x, y in zip(a, b, strict=True):
            assert (x.pos_, str(x.morph), x.lemma_) == (y.pos_, str(y.morph), y.lemma_), (x.text, a.text[:60])
        tokens += len(a)
    assert tokens > 1000
