"""``places.html``: the places of the graph drawn at their position, each linked to its page.

Positions come from the national division table the NLP already ships
(``data/divisions/adcodes.csv``: longitude and latitude of every province, prefecture and
county, MIT, see data/divisions/README.md). The SVG is drawn here, at view time, so the
page needs no script and no network and works from ``file://``. No outline is drawn: no
package on PyPI or npm was found whose China province/prefecture outlines carry a licence
and a stated source that allow shipping them (world-atlas has countries only; the ECharts
China maps repackaged on npm say MIT but not where the boundaries come from).
Places without a position (townships, villages) are listed under the map.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import networkx as nx

MAP_PAGE = "places.html"
WIDTH, HEIGHT, PAD = 960, 640, 40
LABEL_ALL_UP_TO = 80  # more points than this: only provinces and prefectures get a label
_RADIUS = {"province": 7.0, "city": 5.0, "county": 3.5}


@dataclass(frozen=True)
class Point:
    href: str
    label: str
    level: str
    x: float
    y: float
    labelled: bool


@lru_cache(maxsize=1)
def positions() -> dict[str, tuple[float, float]]:
    """6-digit division code → (longitude, latitude), from the national division table."""
    # Found where nlp.divisions finds it, without importing nlp: its package imports
    # spaCy (2.6 s of CPU, a quarter of a 250 k-quad site's pages).
    from .. import settings

    found = [d / "divisions" / "adcodes.csv" for d in (settings.DATA_DIR, settings.PACKAGE_DIR / "data")]
    table = next((f for f in found if f.exists()), None)
    if table is None:
        raise FileNotFoundError("data/divisions/adcodes.csv not found")
    out: dict[str, tuple[float, float]] = {}
    with open(table, encoding="utf-8") as fh:
        for rec in csv.DictReader(fh):
            try:
                out.setdefault(rec["adcode"][:6], (float(rec["longitude"]), float(rec["latitude"])))
            except (KeyError, ValueError):
                continue
    return out


def _level(code: str) -> str:
    return "province" if code.endswith("0000") else "city" if code.endswith("00") else "county"


def place_points(g: nx.MultiDiGraph, pages: dict[Any, str]) -> tuple[list[Point], list[tuple[str, str]]]:
    """(points drawn, (label, href) of the places without a position)."""
    where = positions()
    found, unplaced = [], []
    for n, d in g.nodes(data=True):
        if d.get("kind") != "place" or n not in pages:
            continue
        code = str(d.get("code") or "")
        if code[:6] in where:
            found.append((n, d.get("label", n), code[:6], *where[code[:6]]))
        else:
            unplaced.append((d.get("label", n), pages[n]))
    if not found:
        return [], sorted(unplaced)
    lat0 = sum(lat for *_, lat in found) / len(found)
    k = math.cos(math.radians(lat0))
    xs = [lon * k for *_, lon, _ in found]
    ys = [-lat for *_, lat in found]
    span = max(max(xs) - min(xs), (max(ys) - min(ys)) * WIDTH / HEIGHT, 1e-6)
    scale = (WIDTH - 2 * PAD) / span
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    label_all = len(found) <= LABEL_ALL_UP_TO
    points = [
        Point(pages[n], label, _level(code), WIDTH / 2 + (x - cx) * scale, HEIGHT / 2 + (y - cy) * scale,
              label_all or _level(code) != "county")
        for (n, label, code, _, _), x, y in zip(found, xs, ys, strict=True)
    ]
    points.sort(key=lambda p: ("province", "city", "county").index(p.level))
    return _without_overlap(points), sorted(unplaced)


def _without_overlap(points: list[Point]) -> list[Point]:
    """Labels kept greedily, higher levels first, where they overlap no label kept before
    (the point and its tooltip stay either way)."""
    boxes: list[tuple[float, float, float, float]] = []
    out = []
    for p in points:
        size = 14.0 if p.level == "province" else 12.0
        box = (p.x + _RADIUS[p.level] + 2, p.y - size + 4, p.x + _RADIUS[p.level] + 2 + size * len(p.label), p.y + 4)
        free = not any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in boxes)
        if p.labelled and free:
            boxes.append(box)
        out.append(Point(p.href, p.label, p.level, p.x, p.y, p.labelled and free))
    return out


def render_place_map(g: nx.MultiDiGraph, pages: dict[Any, str], *, css: str, inline: bool) -> str | None:
    """The HTML of ``places.html``, or None when the graph has no place."""
    from .site import _env

    points, unplaced = place_points(g, pages)
    if not points and not unplaced:
        return None
    return _env().get_template("places.html.j2").render(
        title="地区分布",
        subtitle=f"{len(points)} 个地区标在图上，{len(unplaced)} 个没有坐标",
        inline_assets=inline, css=css, width=WIDTH, height=HEIGHT,
        points=[{**p.__dict__, "r": _RADIUS[p.level]} for p in points], unplaced=unplaced,
    )
