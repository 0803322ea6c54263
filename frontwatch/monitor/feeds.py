"""The feed list of `frontwatch watch`: URLs on the command line and/or a YAML file.

    interval: 300            # seconds between polls of a feed (default; --interval replaces it)
    host_delay: 1.0          # at least this many seconds between two requests to one host
    max_backoff: 3600        # longest wait after repeated errors
    feeds:
      - https://example.org/feed.xml
      - url: https://example.org/news/
        kind: html           # a page of links (default: auto, by content)
        interval: 120
        name: Example News
        fetch_links: false   # use the feed entries' own text, not their linked pages
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

DEFAULT_INTERVAL = 300.0
KINDS = ("auto", "feed", "html")


class ConfigError(ValueError):
    """A feed list that cannot be used; str() is one line naming the file."""


@dataclass(frozen=True)
class FeedSpec:
    url: str
    interval: float = DEFAULT_INTERVAL
    name: str | None = None
    kind: str = "auto"               # auto | feed | html (a page of links)
    timeout: float = 20.0            # seconds per request
    fetch_links: bool = True         # fetch each entry's linked page (else its summary is the text)

    @property
    def label(self) -> str:
        return self.name or self.url


@dataclass(frozen=True)
class WatchConfig:
    feeds: tuple[FeedSpec, ...]
    host_delay: float = 1.0
    max_backoff: float = 3600.0
    max_new: int = 50                # entries fetched per poll; the rest wait for the next poll
    alert_every: float = 30.0        # seconds between two evaluations of the alert rules (when new articles came)


def _number(value, what: str, where: str, minimum: float = 0.0) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < minimum:
        raise ConfigError(f"{where}: {what} must be a number >= {minimum:g}, not {value!r}")
    return float(value)


def _spec(item, where: str, interval: float) -> FeedSpec:
    if isinstance(item, str):
        item = {"url": item}
    if not isinstance(item, dict) or not isinstance(item.get("url"), str) or not item["url"].strip():
        raise ConfigError(f"{where}: each feed is a URL or a mapping with 'url'")
    unknown = set(item) - {"url", "interval", "name", "kind", "timeout", "fetch_links"}
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    kind = item.get("kind", "auto")
    if kind not in KINDS:
        raise ConfigError(f"{where}: kind must be one of {', '.join(KINDS)}, not {kind!r}")
    return FeedSpec(url=item["url"].strip(),
                    interval=_number(item.get("interval", interval), "interval", where, 0.05),
                    name=str(item["name"]) if item.get("name") is not None else None, kind=kind,
                    timeout=_number(item.get("timeout", 20.0), "timeout", where, 0.1),
                    fetch_links=bool(item.get("fetch_links", True)))


def load(urls: tuple[str, ...] | list[str] = (), feeds_file: str | Path | None = None,
         interval: float | None = None) -> WatchConfig:
    """The config from `feeds_file` (YAML) and `urls`. `interval` (--interval) replaces the file's
    default interval; a feed's own `interval` in the file still wins."""
    import yaml

    doc: dict = {}
    name = str(feeds_file) if feeds_file else "<arguments>"
    if feeds_file:
        try:
            doc = yaml.safe_load(Path(feeds_file).read_text(encoding="utf-8")) or {}
        except OSError as exc:
            raise ConfigError(f"{name}: cannot read ({exc.strerror or exc})") from None
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{name}: not valid YAML ({' '.join(str(exc).split())[:200]})") from None
        if isinstance(doc, list):
            doc = {"feeds": doc}
        if not isinstance(doc, dict):
            raise ConfigError(f"{name}: expected a mapping with 'feeds' (or a list of feeds)")
    default = interval if interval is not None else _number(doc.get("interval", DEFAULT_INTERVAL), "interval",
                                                            name, 0.05)
    items = doc.get("feeds") or []
    if not isinstance(items, list):
        raise ConfigError(f"{name}: 'feeds' must be a list")
    specs = [_spec(item, f"{name}: feed {i}", default) for i, item in enumerate(items, 1)]
    specs += [FeedSpec(u, default) for u in urls]
    seen, unique = set(), []
    for s in specs:
        if s.url not in seen:
            seen.add(s.url)
            unique.append(s)
    if not unique:
        raise ConfigError("no feeds to watch: give feed URLs or --feeds FILE.yaml")
    return WatchConfig(feeds=tuple(unique),
                       host_delay=_number(doc.get("host_delay", 1.0), "host_delay", name),
                       max_backoff=_number(doc.get("max_backoff", 3600.0), "max_backoff", name, 0.05),
                       max_new=int(_number(doc.get("max_new", 50), "max_new", name, 1)),
                       alert_every=_number(doc.get("alert_every", 30.0), "alert_every", name))
