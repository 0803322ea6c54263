"""Fatalities per day as an inline SVG bar chart (HTML) or as text bars (Markdown)."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from html import escape


def bars_svg(per_day: Sequence[tuple[date, int]], *, width: int = 760, height: int = 220,
             title: str = "Fatalities per day") -> str:
    n = max(1, len(per_day))
    top = max([v for _, v in per_day] + [1])
    left, bottom, pad_top = 44, 34, 12
    plot_w, plot_h = width - left - 10, height - bottom - pad_top
    bw = plot_w / n
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
           f'role="img" aria-label="{escape(title)}" class="fw-chart"><title>{escape(title)}</title>',
           f'<line x1="{left}" y1="{pad_top + plot_h}" x2="{width - 10}" y2="{pad_top + plot_h}" stroke="#444"/>']
    for frac in (0.5, 1.0):
        y = pad_top + plot_h * (1 - frac)
        out.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - 10}" y2="{y:.1f}" stroke="#ddd"/>'
                   f'<text x="{left - 4}" y="{y + 4:.1f}" font-size="10" text-anchor="end">{round(top * frac)}</text>')
    step = max(1, n // 8)
    for i, (day, value) in enumerate(per_day):
        h = plot_h * value / top
        x = left + i * bw
        out.append(f'<rect class="bar" x="{x + bw * 0.1:.1f}" y="{pad_top + plot_h - h:.1f}" width="{max(bw * 0.8, 0.5):.1f}" '
                   f'height="{h:.1f}" fill="#c0392b"><title>{day.isoformat()}: {value}</title></rect>')
        if i % step == 0:
            out.append(f'<text x="{x + bw / 2:.1f}" y="{height - bottom + 14}" font-size="10" text-anchor="middle">'
                       f'{day.strftime("%d %b")}</text>')
    out.append("</svg>")
    return "\n".join(out)


def bars_text(per_day: Sequence[tuple[date, int]], width: int = 40) -> list[str]:
    """One line per day with fatalities: `2020-01-15  70 ██████`."""
    top = max([v for _, v in per_day] + [1])
    return [f"{d.isoformat()} {v:>6} {'█' * max(1, round(width * v / top))}" for d, v in per_day if v]
