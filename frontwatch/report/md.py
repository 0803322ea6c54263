"""The report as Markdown that pastes into an email. The map and the chart are SVG files beside
the report when it is written to a file (`--output report.md`: report.map.svg, report.chart.svg);
the chart is also given as text bars."""
from __future__ import annotations

from .chart import bars_text
from .data import ReportData


def _table(header: str, rule: str, rows: list[str], empty: str) -> list[str]:
    """A Markdown table, or one line saying there is nothing to show."""
    return [header, rule, *rows] if rows else [empty]


def _cell(value) -> str:
    return ("" if value is None else str(value)).replace("|", "\\|").replace("\n", " ")


def render_md(d: ReportData, *, map_file: str | None = None, chart_file: str | None = None) -> str:
    out = [f"# {d.title}", "",
           f"Generated {d.generated.isoformat(timespec='minutes')} UTC by frontwatch from {d.n_articles} article(s) "
           f"of {d.n_outlets} outlet(s): {d.n_events} event(s), {d.total_fatalities} fatalities reported (each "
           "occurrence counted once across outlets).", "", "## Summary", ""]
    out.append("; ".join(f"{t}: {n}" for t, n in d.by_type) + "." if d.by_type else "No events in this period.")
    out += ["", "## Map", ""]
    if map_file:
        out.append(f"![Map of the period's events]({map_file})")
    places = sorted({m.label for m in d.marks if m.label})
    out.append(("Places: " + ", ".join(places) + ".") if places else "No located events.")
    out += ["", "## Main events", ""]
    if not d.main:
        out.append("None.")
    for m in d.main:
        where = ", ".join(x for x in (m.location, m.admin1) if x) or "place unknown"
        toll = f"{m.fatalities} killed" + (f" (reports: {m.fatalities_range})" if m.fatalities_range else "")
        extra = f", {m.displaced:,} displaced" if m.displaced else ""
        out.append(f"- **{m.date} · {m.sub_event_type} · {where}**: {m.actors}; {toll}{extra}.")
        for s in m.sources:
            who = " citing ".join(x for x in (s.outlet, s.source) if x) or "unattributed"
            out.append(f"  - {who}: \"{s.sentence}\"" + (f" <{s.url}>" if s.url else ""))
    out += ["", "## Control changes", ""]
    out += _table("| date | place | from | to | evidence |", "|---|---|---|---|---|",
                  [f"| {c.date} | {_cell(c.place)} | {_cell(c.before)} | {_cell(c.after)} | "
                   f"{_cell(' / '.join(c.evidence))} |" for c in d.control], "No place changed hands in this period.")
    out += ["", "## Displacement ledger", ""]
    out += _table("| area | figure | kind | period | source | sentence |", "|---|---:|---|---|---|---|",
                  [f"| {_cell(r.area)} | {r.figure:,} | {r.kind} | {r.period} | {_cell(r.source)} | "
                   f"{_cell(r.sentence)} |" for r in d.ledger], "No displacement figures in this period.")
    out += ["", "## Fatalities per day", ""]
    if chart_file:
        out += [f"![Fatalities per day]({chart_file})", ""]
    bars = bars_text(d.per_day)
    out += ["```", *bars, "```"] if bars else ["No fatalities reported."]
    out += ["", "_Map: Natural Earth (public domain); place names: GeoNames (CC BY 4.0)._", ""]
    return "\n".join(out)
