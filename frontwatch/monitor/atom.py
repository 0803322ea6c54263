"""Alerts as an Atom feed (RFC 4287) that any feed reader can follow: `/api/alerts.atom`."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from xml.sax.saxutils import escape

from frontwatch.model import Alert


def _stamp(d: datetime) -> str:
    return d.replace(microsecond=0).isoformat() + "Z"


def render(alerts: Sequence[Alert], self_url: str, *, title: str = "frontwatch alerts") -> bytes:
    updated = _stamp(max((a.raised_at for a in alerts), default=datetime.now(UTC).replace(tzinfo=None)))
    out = ['<?xml version="1.0" encoding="utf-8"?>', '<feed xmlns="http://www.w3.org/2005/Atom">',
           f"<title>{escape(title)}</title>", f"<id>urn:frontwatch:alerts:{escape(self_url)}</id>",
           f'<link rel="self" href="{escape(self_url, {chr(34): "&quot;"})}"/>', f"<updated>{updated}</updated>",
           "<author><name>frontwatch</name></author>"]
    for a in alerts:
        lines = [a.summary, ""]
        for ev in a.evidence:
            who = ", ".join(x for x in (ev.get("outlet"), ev.get("source")) if x)
            lines.append(f"- {ev.get('sentence')}" + (f" ({who})" if who else "") +
                         (f" {ev['url']}" if ev.get("url") else ""))
        if a.event_ids:
            lines += ["", "Events: " + ", ".join(a.event_ids)]
        out += ["<entry>", f"<id>urn:frontwatch:alert:{escape(a.id)}</id>", f"<title>{escape(a.title)}</title>",
                f"<updated>{_stamp(a.raised_at)}</updated>", f"<published>{_stamp(a.raised_at)}</published>",
                f'<category term="{escape(a.kind)}" label="{escape(a.rule, {chr(34): "&quot;"})}"/>',
                f"<summary>{escape(a.summary)}</summary>",
                f'<content type="text">{escape(chr(10).join(lines))}</content>']
        urls = [ev["url"] for ev in a.evidence if ev.get("url")]
        if urls and urls[0].startswith(("http://", "https://")):
            out.append(f'<link rel="related" href="{escape(urls[0], {chr(34): "&quot;"})}"/>')
        out.append("</entry>")
    out.append("</feed>")
    return ("\n".join(out) + "\n").encode("utf-8")
