"""The situation report: `frontwatch report --since DATE [--until DATE] [--area NAME] --format html|md`.

    data = gather(store, since, until, area)      # data.py: ReportData, pure over the store's views
    html = render_html(data)                      # html.py: one self-contained page, nothing fetched
    md = render_md(data)                          # md.py: pastes into an email

Sections: the main events with their sources, control changes, the displacement ledger,
fatalities per day (chart.py: an SVG bar chart) and a map (frontwatch.basemap.svg)."""
from .data import ReportData, gather

__all__ = ["ReportData", "gather"]
