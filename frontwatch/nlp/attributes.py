"""The model's attribute rules without spaCy's Matcher.

en_core_web_sm's `attribute_ruler` holds 179 rules ("a token tagged NNS is a NOUN, Number=Plur";
"'d tagged VBD is the auxiliary have"), and applies them by running a token Matcher over every
document: a sixth of the whole parse. `AttributeRules` reads the same rules from the loaded
component and applies them itself: it reads each token's tag, lower form, dependency and
space flag as numbers in one call, looks up the rules that can apply by tag or lower form,
tests their conditions (equal, IN, NOT_IN, a regex on the lower form), and sets the attributes
with spaCy's own setter, in spaCy's order (rule by rule, later rules overriding earlier ones;
within a rule, in text order). The same attributes as the ruler, token for token (tested).
"""
from __future__ import annotations

import re
from collections import defaultdict
from itertools import product

from spacy.attrs import DEP, IS_SPACE, LOWER, TAG
from spacy.tokens._retokenize import set_token_attrs

_COLUMNS = {"TAG": 0, "LOWER": 1, "DEP": 2, "IS_SPACE": 3}


class AttributeRules:
    def __init__(self, ruler):
        self.strings = ruler.vocab.strings
        self.attrs = list(ruler.attrs)
        self.indices = list(ruler.indices)
        # rules by the values their first token must have: signature (columns) -> values on them -> rules;
        # one-token rules and longer ones apart, since a token's one-token rules depend on its row alone
        self.index: dict[bool, dict] = {False: defaultdict(lambda: defaultdict(list)),
                                        True: defaultdict(lambda: defaultdict(list))}
        self.scan: dict[bool, list] = {False: [], True: []}   # rules no value selects (NOT_IN, a regex)
        self.regex_memo: dict[tuple[int, int], bool] = {}
        self.row_rules: dict[tuple, tuple[int, ...]] = {}      # a token's row -> the one-token rules it meets
        for rule, p in enumerate(ruler.patterns):
            for pattern in p["patterns"]:
                tokens = tuple(tuple(self._condition(k, v) for k, v in tok.items()) for tok in pattern)
                longer = len(tokens) > 1
                cols = tuple(sorted(col for col, op, _ in tokens[0] if op in ("eq", "IN")))
                if not cols:
                    self.scan[longer].append((rule, tokens))
                    continue
                choices = {col: [arg] if op == "eq" else sorted(arg) for col, op, arg in tokens[0] if col in cols}
                for values in product(*(choices[c] for c in cols)):
                    self.index[longer][cols][values].append((rule, tokens))
        self.index = {longer: {cols: dict(by) for cols, by in idx.items()} for longer, idx in self.index.items()}

    def _hash(self, value) -> int:
        return int(value) if isinstance(value, bool) else self.strings.add(value)

    def _condition(self, attr: str, value) -> tuple:
        if attr not in _COLUMNS:
            raise ValueError(f"attribute rule: unsupported attribute {attr!r}")
        col = _COLUMNS[attr]
        if not isinstance(value, dict):
            return col, "eq", self._hash(value)
        (op, arg), = value.items()
        if op in ("IN", "NOT_IN"):
            return col, op, frozenset(self._hash(v) for v in arg)
        if op == "REGEX":
            return col, op, re.compile(arg)
        raise ValueError(f"attribute rule: unsupported operator {op!r}")

    def _holds(self, row: tuple, conds: tuple) -> bool:
        for col, op, arg in conds:
            v = row[col]
            if op == "eq":
                if v != arg:
                    return False
            elif op == "IN":
                if v not in arg:
                    return False
            elif op == "NOT_IN":
                if v in arg:
                    return False
            else:   # REGEX, on the text of the value
                memo = (id(arg), v)
                if memo not in self.regex_memo:
                    self.regex_memo[memo] = arg.search(self.strings[v]) is not None
                if not self.regex_memo[memo]:
                    return False
        return True

    def _match(self, rows: list, i: int, tokens: tuple) -> bool:
        return i + len(tokens) <= len(rows) and all(self._holds(rows[i + k], c) for k, c in enumerate(tokens))

    def _rules_at(self, rows: list, i: int, longer: bool) -> list[int]:
        row = rows[i]
        out = [rule for cols, by in self.index[longer].items() for rule, tokens in by.get(tuple(row[c] for c in cols), ())
               if self._match(rows, i, tokens)]
        return out + [rule for rule, tokens in self.scan[longer] if self._match(rows, i, tokens)]

    def __call__(self, doc):
        rows = [tuple(r) for r in doc.to_array([TAG, LOWER, DEP, IS_SPACE]).tolist()]
        found = set()       # (rule, start): a rule whose alternatives both match applies once
        memo = self.row_rules
        if len(memo) > 500_000:
            memo.clear()
        for i, row in enumerate(rows):
            rules = memo.get(row)
            if rules is None:
                rules = memo[row] = tuple(self._rules_at(rows, i, False))
            found.update((rule, i) for rule in rules)
            found.update((rule, i) for rule in self._rules_at(rows, i, True))
        for rule, start in sorted(found):
            set_token_attrs(doc[start + self.indices[rule]], self.attrs[rule])
        return doc
