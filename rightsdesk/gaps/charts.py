"""Charts drawn on the server as inline SVG: no script, no style attribute, nothing fetched.

Colours come from presentation attributes and classes in gaps/gaps.css (the site's CSP allows
styles only from our own origin). Every chart has a <title> and is always shown next to a table
holding the same numbers, for screen readers and for copying. In right-to-left pages the bars
grow from the right, like the text around them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

WIDTH = 640
LABEL_WIDTH = 200
BAR_HEIGHT = 18
GAP = 6


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None  # 0..1; None: not measured
    css: str = "bar"
    text: str = ""  # shown at the bar's end, e.g. "35 / 49"


def bar_chart(bars: Sequence[Bar], *, title: str, rtl: bool = False) -> SafeString:
    """Horizontal bars on a 0..1 scale, one row each, with gridlines at quarters."""
    plot = WIDTH - LABEL_WIDTH - 80
    height = len(bars) * (BAR_HEIGHT + GAP) + GAP + 16

    def x(offset: float, width: float = 0.0) -> float:
        start = LABEL_WIDTH + offset
        return WIDTH - start - width if rtl else start

    label_x = WIDTH - LABEL_WIDTH + 8 if rtl else LABEL_WIDTH - 8
    anchor_label, anchor_value = ("start", "end") if rtl else ("end", "start")
    grid = format_html_join(
        "",
        '<line class="grid" x1="{0}" x2="{0}" y1="0" y2="{1}" stroke="#ccc"/>'
        '<text class="tick" x="{0}" y="{2}" text-anchor="middle" font-size="11">{3}</text>',
        (
            (round(x(plot * q), 1), height - 16, height - 4, f"{int(q * 100)}%")
            for q in (0.0, 0.25, 0.5, 0.75, 1.0)
        ),
    )
    rows = []
    for index, bar in enumerate(bars):
        y = GAP + index * (BAR_HEIGHT + GAP)
        width = plot * max(0.0, min(1.0, bar.value or 0.0))
        value_x = x(width + 6)
        text = bar.text or ("-" if bar.value is None else f"{bar.value:.0%}")
        rows.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="{}" font-size="13">{}</text>'
                '<rect class="{}" x="{}" y="{}" width="{}" height="{}" fill="#0b5cad"/>'
                '<text x="{}" y="{}" text-anchor="{}" font-size="12">{}</text>',
                label_x,
                y + 14,
                anchor_label,
                bar.label,
                bar.css,
                round(x(0, width), 1),
                y,
                round(width, 1),
                BAR_HEIGHT,
                round(value_x, 1),
                y + 14,
                anchor_value,
                text,
            )
        )
    return format_html(
        '<svg class="chart" role="img" viewBox="0 0 {} {}" width="100%" '
        'xmlns="http://www.w3.org/2000/svg"><title>{}</title>{}{}</svg>',
        WIDTH, height, title, grid, SafeString("".join(rows)),
    )  # fmt: skip
