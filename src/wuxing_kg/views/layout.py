"""A precomputed layout for graphs too big for in-browser physics.

NOTES.md: 2,000 nodes / 4,000 edges took 6.5 s to stabilise in vis-network even with
straight edges, 1.2 s when drawn from precomputed positions with physics off; networkx's
``spring_layout`` needs scipy for graphs that size (not installed) and took 11.6 s.
This is Fruchterman–Reingold vectorised with numpy (dense pairwise repulsion in
float32: ~1.5 s and ~60 MB at 2,000 nodes, so callers keep pages below a few thousand
nodes — big graphs are split into pages anyway).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence

import math

import numpy as np


def fruchterman_reingold(
    nodes: Sequence[Hashable],
    edges: Iterable[tuple[Hashable, Hashable]],
    *,
    iterations: int = 50,
    seed: int = 7,
    scale: float | None = None,
) -> dict[Hashable, tuple[float, float]]:
    """Positions in pixels (centred on 0), deterministic for a given seed and input order."""
    n = len(nodes)
    if n == 0:
        return {}
    if scale is None:
        scale = 45.0 * math.sqrt(n)  # ~45 px between neighbours whatever the size
    index = {node: i for i, node in enumerate(nodes)}
    pairs = np.array([(index[a], index[b]) for a, b in edges if a in index and b in index and a != b], dtype=np.int64)
    rng = np.random.default_rng(seed)
    x = rng.random(n, dtype=np.float32)
    y = rng.random(n, dtype=np.float32)
    if n > 1:
        k2 = np.float32(1.0 / n)
        k = np.sqrt(k2)
        temperature = np.float32(0.1)
        cooling = temperature / (iterations + 1)
        src = pairs[:, 0] if len(pairs) else np.empty(0, dtype=np.int64)
        dst = pairs[:, 1] if len(pairs) else np.empty(0, dtype=np.int64)
        for _ in range(iterations):
            dx = x[:, None] - x[None, :]
            dy = y[:, None] - y[None, :]
            weight = dx * dx
            weight += dy * dy
            weight += np.float32(1e-5)
            np.reciprocal(weight, out=weight)
            weight *= k2  # repulsion k²/d, as a vector: delta·k²/d²
            fx = (dx * weight).sum(axis=1)
            fy = (dy * weight).sum(axis=1)
            del dx, dy, weight
            if len(src):
                ex = x[src] - x[dst]
                ey = y[src] - y[dst]
                length = np.sqrt(ex * ex + ey * ey) / k  # attraction d²/k along the edge
                ax, ay = ex * length, ey * length
                fx -= np.bincount(src, ax, n).astype(np.float32)
                fx += np.bincount(dst, ax, n).astype(np.float32)
                fy -= np.bincount(src, ay, n).astype(np.float32)
                fy += np.bincount(dst, ay, n).astype(np.float32)
            size = np.sqrt(fx * fx + fy * fy) + np.float32(1e-9)
            step = np.minimum(size, temperature) / size
            x += (fx * step).astype(np.float32)
            y += (fy * step).astype(np.float32)
            temperature -= cooling
    x -= x.mean()
    y -= y.mean()
    span = float(max(np.abs(x).max(), np.abs(y).max(), 1e-9))
    factor = float(scale) / span
    return {node: (round(float(x[i]) * factor, 1), round(float(y[i]) * factor, 1)) for i, node in enumerate(nodes)}


def clustered_layout(
    nodes: Sequence[Hashable],
    edges: Iterable[tuple[Hashable, Hashable]],
    group_of: dict[Hashable, str],
    *,
    gap: float = 90.0,
) -> tuple[dict[Hashable, tuple[float, float]], dict[str, tuple[float, float, float]]]:
    """A big graph laid out as clusters: each group (a place, or a kind) laid out on its
    own by Fruchterman–Reingold, the groups packed in rows, largest first, `gap` apart.
    Returns positions and, per group, its centre and radius. Pairwise repulsion runs
    inside a group only, so the cost is Σ size² instead of (Σ size)²."""
    members: dict[str, list[Hashable]] = {}
    for node in nodes:
        members.setdefault(group_of.get(node, ""), []).append(node)
    edge_list = list(edges)
    inside: dict[str, list[tuple[Hashable, Hashable]]] = {}
    for a, b in edge_list:
        if group_of.get(a, "") == group_of.get(b, ""):
            inside.setdefault(group_of.get(a, ""), []).append((a, b))
    local: dict[str, tuple[dict[Hashable, tuple[float, float]], float]] = {}
    for name, group in members.items():
        radius = 30.0 * math.sqrt(len(group)) if len(group) > 1 else 0.0
        local[name] = (fruchterman_reingold(group, inside.get(name, []), scale=radius), radius)
    order = sorted(members, key=lambda name: (-len(members[name]), name))
    total_area = sum((2 * local[name][1] + gap) ** 2 for name in order)
    row_width = max(math.sqrt(total_area) * 1.3, 1.0)
    positions: dict[Hashable, tuple[float, float]] = {}
    centres: dict[str, tuple[float, float, float]] = {}
    x = y = row_height = 0.0
    for name in order:
        pos, radius = local[name]
        size = 2 * radius + gap
        if x > 0 and x + size > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        cx, cy = x + size / 2, y + size / 2
        centres[name] = (cx, cy, radius)
        for node, (px, py) in pos.items():
            positions[node] = (round(cx + px, 1), round(cy + py, 1))
        x += size
        row_height = max(row_height, size)
    return positions, centres
