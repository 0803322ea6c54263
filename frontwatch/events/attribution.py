"""Who the text attributes a report to: 'said the Syrian Observatory', 'according to state media'."""
from __future__ import annotations

SPEECH = {"say", "report", "claim", "announce", "state", "confirm", "tell", "add", "quote", "cite", "publish"}
DROP = {"appos", "relcl", "acl", "punct", "advcl", "cc", "conj", "det", "poss"}


def _names(tok) -> list[str]:
    """The name a subject phrase gives, one per conjunct ('the military and activists' -> two)."""
    if tok.pos_ == "PRON" or tok.lower_ in ("who", "which", "that"):
        return []

    def kept(t) -> bool:
        node = t
        while node != tok:
            if node.dep_ in DROP:
                return False
            node = node.head
        return True

    words = [t for t in tok.subtree if kept(t)]
    text = " ".join(t.text for t in words).replace(" 's", "'s").replace("- ", "-").replace(" -", "-").strip()
    out = [text] if text else []
    for c in tok.children:
        if c.dep_ == "conj":
            out.extend(_names(c))
    return out


def find_source(sent) -> str | None:
    """The attributed source of a sentence, or None."""
    names: list[str] = []
    for tok in sent:
        if tok.lower_ == "according" and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "to":
            for c in tok.doc[tok.i + 1].children:
                if c.dep_ == "pobj":
                    names.extend(_names(c))
        elif tok.lemma_.lower() in SPEECH and tok.pos_ in ("VERB", "AUX"):
            for c in tok.children:
                if c.dep_ == "nsubj":
                    names.extend(_names(c))
    out: list[str] = []
    for n in names:
        if n not in out:
            out.append(n)
    return "; ".join(out) or None
