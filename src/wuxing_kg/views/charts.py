"""Series charts drawn at build time as inline SVG (no chart library, nothing fetched).

A chart is a line through the points of one series in time order; every point is a link
to the table row that carries its source sentence (``#<row id>``) and has the sentence
and the exact value as its tooltip. Text in the SVG is escaped like any other text.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from html import escape

from .numbers import readable

WIDTH, HEIGHT = 640, 230
LEFT, RIGHT, TOP, BOTTOM = 84, 64, 18, 44
INSET = 36  # first and last point this far inside the plot, so their labels fit
LABEL_WIDTH = 112  # px an x-axis label needs; labels are left out where they would overlap


@dataclass(frozen=True)
class Point:
    label: str  # x-axis label: the issue and period
    value: Decimal
    unit: str
    anchor: str  # id of the table row with the source sentence
    tooltip: str


def _nice_step(span: float, count: int = 4) -> float:
    """A 1, 2 or 5 × 10^k step giving about `count` intervals over `span`."""
    raw = span / count
    magnitude = 10 ** math.floor(math.log10(raw))
    return next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)


def _ticks(low: float, high: float) -> list[float]:
    step = _nice_step(high - low)
    first = math.floor(low / step) * step
    ticks = []
    t = first
    while t <= high + step * 0.999:
        ticks.append(round(t, 10))
        t += step
    return ticks


def series_svg(points: list[Point], *, title: str) -> str:
    """An SVG line chart of `points` (at least one); y from 0 (or the lowest value if
    negative) to the highest value."""
    values = [float(p.value) for p in points]
    low, high = min(0.0, min(values)), max(0.0, max(values))
    if high == low:
        high = low + 1.0
    ticks = _ticks(low, high)
    low, high = min(low, ticks[0]), max(high, ticks[-1])
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = (plot_w - 2 * INSET) / max(1, len(points) - 1)

    def x(i: int) -> float:
        return LEFT + (INSET + i * step if len(points) > 1 else plot_w / 2)

    def y(v: float) -> float:
        return TOP + plot_h - (v - low) / (high - low) * plot_h

    parts = [
        f'<svg class="series-chart" role="img" aria-label="{escape(title)}" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
    ]
    unit = points[0].unit
    for t in ticks:
        ty = y(t)
        parts.append(f'<line class="grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{ty:.1f}" y2="{ty:.1f}"/>')
        parts.append(f'<text class="tick" x="{LEFT - 6}" y="{ty + 4:.1f}" text-anchor="end">'
                     f"{escape(readable(Decimal(repr(round(t, 6))), unit))}</text>")
    line = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(values))
    if len(points) > 1:
        parts.append(f'<polyline class="series-line" points="{line}"/>')
    label_every = max(1, math.ceil(LABEL_WIDTH / step)) if len(points) > 1 else 1  # labels only where they fit
    for i, p in enumerate(points):
        px, py = x(i), y(values[i])
        parts.append(
            f'<a class="point" href="#{escape(p.anchor)}" data-value="{escape(str(p.value))}">'
            f'<circle cx="{px:.1f}" cy="{py:.1f}" r="5"/><title>{escape(p.tooltip)}</title></a>'
        )
        if i % label_every == 0:  # the value as read, above its point
            parts.append(f'<text class="vlabel" x="{px:.1f}" y="{py - 9:.1f}" text-anchor="middle">'
                         f"{escape(readable(p.value, p.unit))}</text>")
        if i % label_every == 0:
            parts.append(f'<text class="xlabel" x="{px:.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle">'
                         f"{escape(p.label)}</text>")
    parts.append("</svg>")
    return "".join(parts)
