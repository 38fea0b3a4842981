"""Series charts drawn at build time as inline SVG (no chart library, nothing fetched).

A chart is a line through the points of one series in time order; every point is a link
to the table row that carries its source sentence (``#<row id>``) and has the sentence
and the exact value as its tooltip. Text in the SVG is escaped like any other text.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from html import escape

from .numbers import readable

WIDTH, HEIGHT = 600, 220
LEFT, RIGHT, TOP, BOTTOM = 78, 16, 14, 44


@dataclass(frozen=True)
class Point:
    label: str  # x-axis label: the issue and period
    value: Decimal
    unit: str
    anchor: str  # id of the table row with the source sentence
    tooltip: str


def _ticks(low: float, high: float) -> list[float]:
    if high == low:
        return [low]
    return [low + (high - low) * i / 3 for i in range(4)]


def series_svg(points: list[Point], *, title: str) -> str:
    """An SVG line chart of `points` (at least one); y from 0 (or the lowest value if
    negative) to the highest value."""
    values = [float(p.value) for p in points]
    low, high = min(0.0, min(values)), max(0.0, max(values))
    if high == low:
        high = low + 1.0
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(1, len(points) - 1)

    def x(i: int) -> float:
        return LEFT + (i * step if len(points) > 1 else plot_w / 2)

    def y(v: float) -> float:
        return TOP + plot_h - (v - low) / (high - low) * plot_h

    parts = [
        f'<svg class="series-chart" role="img" aria-label="{escape(title)}" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
    ]
    unit = points[0].unit
    for t in _ticks(low, high):
        ty = y(t)
        parts.append(f'<line class="grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{ty:.1f}" y2="{ty:.1f}"/>')
        parts.append(f'<text class="tick" x="{LEFT - 6}" y="{ty + 4:.1f}" text-anchor="end">'
                     f"{escape(readable(Decimal(repr(round(t, 6))), unit))}</text>")
    line = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(values))
    if len(points) > 1:
        parts.append(f'<polyline class="series-line" points="{line}"/>')
    label_every = max(1, len(points) // 8)  # labels only where they fit
    for i, p in enumerate(points):
        px, py = x(i), y(values[i])
        parts.append(
            f'<a class="point" href="#{escape(p.anchor)}" data-value="{escape(str(p.value))}">'
            f'<circle cx="{px:.1f}" cy="{py:.1f}" r="5"/><title>{escape(p.tooltip)}</title></a>'
        )
        if i % label_every == 0 or i == len(points) - 1:
            parts.append(f'<text class="xlabel" x="{px:.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle">'
                         f"{escape(p.label)}</text>")
    parts.append("</svg>")
    return "".join(parts)
