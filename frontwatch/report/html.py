"""The report as one self-contained HTML page: inline CSS and SVG, no script, and nothing that a
browser would fetch (a Content-Security-Policy says so too). Source URLs are printed, not linked."""
from __future__ import annotations

from html import escape

from frontwatch.basemap.svg import map_svg

from .chart import bars_svg
from .data import ReportData

CSS = """
body{font:15px/1.45 Georgia,'Times New Roman',serif;color:#222;max-width:820px;margin:2em auto;padding:0 1em}
h1{font-size:1.5em;margin-bottom:.2em}h2{font-size:1.15em;border-bottom:1px solid #ccc;margin-top:1.6em}
.meta{color:#666;font-size:.9em}table{border-collapse:collapse;width:100%;font-size:.9em}
td,th{border-bottom:1px solid #e3e3e3;padding:4px 6px;text-align:left;vertical-align:top}
th{background:#f3f3f3}.num{text-align:right;white-space:nowrap}.src{color:#555;font-size:.85em}
.src q{font-style:italic}.url{word-break:break-all;color:#777}figure{margin:1em 0}
figcaption{font-size:.85em;color:#666}svg{max-width:100%;height:auto}.empty{color:#888;font-style:italic}
@media print{body{margin:0;max-width:none}h2{break-after:avoid}tr,figure{break-inside:avoid}}
"""
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def _e(value) -> str:
    return escape("" if value is None else str(value))


def render_html(d: ReportData) -> str:
    out = ["<!doctype html>", '<html lang="en"><head><meta charset="utf-8">',
           f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{_e(d.title)}</title><style>{CSS}</style></head><body>",
           f"<h1>{_e(d.title)}</h1>",
           f'<p class="meta">Generated {_e(d.generated.isoformat(timespec="minutes"))} UTC by frontwatch from '
           f"{d.n_articles} article(s) of {d.n_outlets} outlet(s): {d.n_events} event(s), "
           f"{d.total_fatalities} fatalities reported (each occurrence counted once across outlets).</p>"]
    out.append('<section id="summary"><h2>Summary</h2>')
    if d.by_type:
        out.append("<p>" + "; ".join(f"{_e(t)}: {n}" for t, n in d.by_type) + ".</p>")
    else:
        out.append('<p class="empty">No events in this period.</p>')
    out.append("</section>")
    out.append('<section id="map"><h2>Map</h2><figure>'
               + map_svg(d.marks, title=f"Events of {d.since} to {d.until}")
               + "<figcaption>Circles: events, by toll. Squares: places that changed hands.</figcaption>"
                 "</figure></section>")
    out.append('<section id="events"><h2>Main events</h2>')
    if not d.main:
        out.append('<p class="empty">None.</p>')
    for m in d.main:
        toll = f"{m.fatalities} killed" + (f" (reports: {m.fatalities_range})" if m.fatalities_range else "")
        extra = f", {m.displaced:,} displaced" if m.displaced else ""
        where = ", ".join(x for x in (m.location, m.admin1) if x) or "place unknown"
        out.append(f'<article class="event" id="{_e(m.id)}"><h3>{_e(m.date)} &middot; {_e(m.sub_event_type)} &middot; '
                   f"{_e(where)}</h3><p>{_e(m.actors)}; {_e(toll)}{_e(extra)}.</p><ul class=\"src\">")
        for s in m.sources:
            who = " citing ".join(x for x in (s.outlet, s.source) if x) or "unattributed"
            url = f' <span class="url">{_e(s.url)}</span>' if s.url else ""
            out.append(f"<li><b>{_e(who)}</b>{' (' + _e(s.published) + ')' if s.published else ''}: "
                       f"<q>{_e(s.sentence)}</q>{url}</li>")
        out.append("</ul></article>")
    out.append("</section>")
    out += _table_section(
        "control", "Control changes", "<th>date</th><th>place</th><th>from</th><th>to</th><th>evidence</th>",
        [f"<tr><td>{_e(c.date)}</td><td>{_e(c.place)}</td><td>{_e(c.before)}</td><td>{_e(c.after)}</td>"
         f'<td class="src">{"<br>".join(f"<q>{_e(s)}</q>" for s in c.evidence)}</td></tr>' for c in d.control],
        "No place changed hands in this period.")
    out += _table_section(
        "displacement", "Displacement ledger",
        '<th>area</th><th class="num">figure</th><th>kind</th><th>period</th><th>source</th><th>sentence</th>',
        [f'<tr><td>{_e(r.area)}</td><td class="num">{r.figure:,}</td><td>{_e(r.kind)}</td>'
         f'<td>{_e(r.period)}</td><td>{_e(r.source)}</td><td class="src"><q>{_e(r.sentence)}</q></td></tr>'
         for r in d.ledger],
        "No displacement figures in this period.")
    out.append('<section id="fatalities"><h2>Fatalities per day</h2><figure>' + bars_svg(d.per_day)
               + f"<figcaption>{d.total_fatalities} in all; each occurrence counted once (the best of its "
                 "reports).</figcaption></figure></section>")
    out.append('<p class="meta">Map: Natural Earth (public domain); place names: GeoNames (CC BY 4.0).</p>')
    out.append("</body></html>")
    return "\n".join(out)


def _table_section(sid: str, title: str, head: str, rows: list[str], empty: str) -> list[str]:
    """A section holding a table of `rows` (rendered <tr> lines), or the sentence `empty` when there are none."""
    body = ["<table><tr>" + head + "</tr>", *rows, "</table>"] if rows else [f'<p class="empty">{empty}</p>']
    return [f'<section id="{sid}"><h2>{title}</h2>', *body, "</section>"]
