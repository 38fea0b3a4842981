"""Target-progress tables written as text (目标任务 | 责任单位 | 推进情况), a common layout of
a government's report on its work-report targets: each numbered row states a target, the
responsible units, then what was achieved so far.

The realset convention: the figure in a row's target cell is a target (``is_target``) for
the plan year; the figures after it are results for the reporting period (as carried).
"""

from __future__ import annotations

import re
from datetime import date

from .metric_base import FoundMetric

# The header row: a target column and a progress column (推进/完成/进展/落实情况).
_HEADER = re.compile(r"目标任务[^\n]{0,30}(?:推进|完成|进展|落实|执行)情况")
# A numbered row: 1 地区生产总值增长6%以上。 区发展改革委 …
_ROW = re.compile(r"(?m)^[ \t　]*(?P<n>\d{1,3})[ \t　、.．]*(?P<target>(?=[\u4e00-\u9fff])[^\n。]{2,200}。)")
_YEAR = re.compile(r"^((?:19|20)\d{2})年")


def target_cells(text: str) -> list[tuple[int, int, int]]:
    """(start, end) of each row's target cell and the end of its line, for a text that has a
    target-progress header; [] otherwise."""
    header = _HEADER.search(text)
    if header is None:
        return []
    out = []
    for m in _ROW.finditer(text, header.end()):
        line_end = text.find("\n", m.end("target"))
        out.append((m.start("target"), m.end("target"), len(text) if line_end < 0 else line_end))
    return out


def mark_target_rows(text: str, metrics: list[FoundMetric], today: date | None) -> list[FoundMetric]:
    """Mark the figures of each row's target cell as targets of the plan year (in place)."""
    header = _HEADER.search(text)
    if header is None:
        return metrics
    rows = list(_ROW.finditer(text, header.end()))
    if not rows:
        return metrics
    for metric in metrics:
        row = next((r for r in rows if r.start("n") <= metric.start < r.end("target")), None)
        if row is None:
            continue
        if metric.start < row.start("target"):  # the row number is not part of the figure
            cut = row.start("target") - metric.start
            metric.start, metric.text = row.start("target"), metric.text[cut:].lstrip()
        metric.is_target = True
        year = _YEAR.match(metric.period or "")
        if year:
            metric.period = f"{year.group(1)}年"
        elif today is not None:
            metric.period = f"{today.year}年"
    return metrics
