"""Charts drawn on the server as SVG (no script, no inline style, so a strict CSP holds): horizontal bars."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from markupsafe import Markup

BAR, GAP, LABEL_W, BAR_W, VALUE_W = 22, 8, 190, 360, 90


def bars(title: str, rows: Sequence[tuple[str, float, str]], chart_id: str) -> Markup:
    """One bar per (label, value, value as text); bar lengths are relative to the largest value."""
    top = max((v for _, v, _ in rows), default=0) or 1
    height = max(1, len(rows)) * (BAR + GAP) + GAP
    width = LABEL_W + BAR_W + VALUE_W
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{escape(chart_id)}" role="img" '
             f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
             f'aria-labelledby="{escape(chart_id)}-t"><title id="{escape(chart_id)}-t">{escape(title)}</title>']
    if not rows:
        parts.append(f'<text x="0" y="{BAR}" class="chart-label">Nothing to show</text>')
    for i, (label, value, text) in enumerate(rows):
        y = GAP + i * (BAR + GAP)
        w = round(BAR_W * value / top, 1)
        short = label if len(label) <= 26 else label[:25] + "…"
        parts.append(f'<text x="{LABEL_W - 8}" y="{y + BAR * 0.7}" text-anchor="end" class="chart-label">'
                     f'{escape(short)}</text>'
                     f'<rect x="{LABEL_W}" y="{y}" width="{w}" height="{BAR}" class="chart-bar">'
                     f'<title>{escape(label)}: {escape(text)}</title></rect>'
                     f'<text x="{LABEL_W + w + 6}" y="{y + BAR * 0.7}" class="chart-value">{escape(text)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
