"""Who the text attributes a report to: 'said the Syrian Observatory', 'according to state media'."""
from __future__ import annotations

SPEECH = {"say", "report", "claim", "announce", "state", "confirm", "tell", "add", "quote", "cite", "publish"}
DROP = {"appos", "relcl", "acl", "punct", "advcl", "cc", "conj", "det", "poss"}


def _name(tok) -> str | None:
    if tok.pos_ == "PRON" or tok.lower_ in ("who", "which", "that", "it", "they", "he", "she"):
        return None
    keep = [t for t in tok.subtree if not any(a.dep_ in DROP and a != tok and tok in a.ancestors for a in [t])]
    keep = [t for t in keep if all(not (a.dep_ in DROP and tok in a.ancestors) for a in [t, *t.ancestors]
                                   if a != tok and tok in a.ancestors or a == t)]
    text = " ".join(t.text for t in keep if t.dep_ not in ("det", "punct") or t == tok).strip()
    text = text.replace(" 's", "'s").replace("- ", "-").replace(" -", "-")
    return text or None


def find_source(sent) -> str | None:
    """The attributed source of a sentence, or None."""
    names: list[str] = []
    for tok in sent:
        if tok.lower_ == "according" and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "to":
            for c in tok.doc[tok.i + 1].children:
                if c.dep_ == "pobj":
                    n = _name(c)
                    if n:
                        names.append(n)
        elif tok.lemma_.lower() in SPEECH and tok.pos_ in ("VERB", "AUX"):
            for c in tok.children:
                if c.dep_ == "nsubj":
                    n = _name(c)
                    if n:
                        names.append(n)
    out: list[str] = []
    for n in names:
        if n not in out:
            out.append(n)
    return "; ".join(out) or None
