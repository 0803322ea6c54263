"""Alert rules from a YAML file (`watch --alerts FILE.yaml`):

    webhook:                       # optional: each new alert is POSTed as JSON, with retries
      url: https://hooks.example.org/frontwatch
      retries: 3                   # attempts after the first (default 3)
      timeout: 10                  # seconds per attempt
    rules:
      - name: saraqeb-changes-hands
        kind: control_change       # a place changes hands
        places: [Saraqeb]          # any spelling; every place when left out
      - name: idlib-toll
        kind: fatalities           # fatalities in an area above N within a window
        area: Idlib                # an admin1, a country code (SY) or a place name
        above: 20
        hours: 24                  # the window (default 24): events dated within it, counted once per occurrence
      - name: displacement-jump
        kind: displacement_jump    # a displacement figure for an area jumps by more than X
        area: Idlib                # optional: every area when left out
        more_than: 10000
      - name: new-in-idlib
        kind: new_event_type       # an event type the area had not seen
        areas: [Idlib]
        level: event_type          # or sub_event_type
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

KINDS = ("control_change", "fatalities", "displacement_jump", "new_event_type")


class RuleError(ValueError):
    """A rules file that cannot be used; str() is one line naming the file."""


@dataclass(frozen=True)
class Rule:
    name: str
    kind: str
    places: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()
    above: int = 0
    hours: float = 24.0
    more_than: int = 0
    level: str = "event_type"


@dataclass(frozen=True)
class Webhook:
    url: str
    retries: int = 3
    timeout: float = 10.0


@dataclass(frozen=True)
class RuleSet:
    rules: tuple[Rule, ...]
    webhook: Webhook | None = None
    source: str = "<rules>"
    extra: dict = field(default_factory=dict)


_KEYS = {"name", "kind", "place", "places", "area", "areas", "above", "hours", "more_than", "level"}
_NEEDS = {"fatalities": ("above",), "displacement_jump": ("more_than",), "new_event_type": ("areas",)}


def _names(value, what: str, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise RuleError(f"{where}: {what} must be a name or a list of names")
    return tuple(v.strip() for v in value)


def _int(value, what: str, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise RuleError(f"{where}: {what} must be a whole number >= 0, not {value!r}")
    return value


def _rule(d, where: str) -> Rule:
    if not isinstance(d, dict):
        raise RuleError(f"{where}: a rule is a mapping with 'kind'")
    unknown = set(d) - _KEYS
    if unknown:
        raise RuleError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    kind = d.get("kind")
    if kind not in KINDS:
        raise RuleError(f"{where}: kind must be one of {', '.join(KINDS)}, not {kind!r}")
    areas = _names(d.get("areas"), "areas", where) + _names(d.get("area"), "area", where)
    places = _names(d.get("places"), "places", where) + _names(d.get("place"), "place", where)
    for need in _NEEDS.get(kind, ()):
        if need == "areas" and not areas:
            raise RuleError(f"{where}: a {kind} rule needs 'areas'")
        if need != "areas" and need not in d:
            raise RuleError(f"{where}: a {kind} rule needs '{need}'")
    hours = d.get("hours", 24)
    if isinstance(hours, bool) or not isinstance(hours, int | float) or hours <= 0:
        raise RuleError(f"{where}: hours must be a number > 0")
    level = d.get("level", "event_type")
    if level not in ("event_type", "sub_event_type"):
        raise RuleError(f"{where}: level must be event_type or sub_event_type")
    return Rule(name=str(d.get("name") or f"{kind}-{where.rsplit(' ', 1)[-1]}"), kind=kind, places=places,
                areas=areas, above=_int(d.get("above", 0), "above", where), hours=float(hours),
                more_than=_int(d.get("more_than", 0), "more_than", where), level=level)


def parse_rules(doc, source: str = "<rules>") -> RuleSet:
    if isinstance(doc, list):
        doc = {"rules": doc}
    if not isinstance(doc, dict) or not isinstance(doc.get("rules"), list) or not doc["rules"]:
        raise RuleError(f"{source}: expected a mapping with a non-empty 'rules' list")
    rules = tuple(_rule(d, f"{source}: rule {i}") for i, d in enumerate(doc["rules"], 1))
    names = [r.name for r in rules]
    if len(set(names)) != len(names):
        raise RuleError(f"{source}: rule names must differ (an alert's identity includes its rule's name)")
    hook = doc.get("webhook")
    webhook = None
    if hook is not None:
        if isinstance(hook, str):
            hook = {"url": hook}
        if not isinstance(hook, dict) or not str(hook.get("url", "")).startswith(("http://", "https://")):
            raise RuleError(f"{source}: webhook needs an http(s) 'url'")
        webhook = Webhook(url=hook["url"], retries=_int(hook.get("retries", 3), "webhook retries", source),
                          timeout=float(hook.get("timeout", 10.0)))
    return RuleSet(rules=rules, webhook=webhook, source=source)


def load_rules(path: str | Path) -> RuleSet:
    import yaml

    try:
        doc = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise RuleError(f"{path}: cannot read ({exc.strerror or exc})") from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise RuleError(f"{path}: not valid YAML ({' '.join(str(exc).split())[:200]})") from None
    return parse_rules(doc, str(path))
