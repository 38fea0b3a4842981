"""Metrics from text tables (statistical 简报, PDF extractions).

A table arrives as lines: an optional caption (``表1  2021年1-6月某县主要经济指标``), an
optional ``单位：万元`` line, an optional header row (``指标名称  单位  1-6月  同比增长(%)``)
and data rows (``地区生产总值  亿元312.5  7.4``). The cleaner deletes the spaces between
a Chinese unit and a digit, so a unit cell may be glued to its value cell; cells are
otherwise split by tabs or spaces. Prose numbers have no unit-less cells of their own
(``完成投资5.2亿元`` is one token), which keeps sentences out.

Each value cell is one metric (base units, indicator = row label, period = its header
column resolved with the caption year or the bulletin date, subject = a place/org the
caption names, else the article's county/city/lead); a cell under a growth header
(同比增长, 增速, ±%) is a change metric (unit %, direction by sign, indicator = label +
增速, period of the value column before it). Without a header only the first number of
a row is read (a second column's meaning is unknown). ``text`` is the value cell as
written (``312.5``, ``-3.1``). Columns of the previous year (上年同期) are not read.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from .context import ArticleContext
from .metric_base import EntityRef, FoundMetric
from .numbers import find_quantities, units
from .periods import find_periods, resolve

_SENTENCE_PUNCT = re.compile(r"[。，；！？]")
_TOKEN = re.compile(r"[^ \t\u3000\u00a0]+")
_NUMBER = r"[-+−－]?\d[\d,]*(?:\.\d+)?"
_MISSING = r"[—–…×/]+|-{1,2}(?!\d)|－(?!\d)|空"
# a token of value cells: an optional unit glued in front, then numbers or missing marks
# (the cleaner deletes the gap between a Chinese unit or a dash and a digit: 亿元312.5,
# 156—, —12)
_ITEM = re.compile(rf"(?P<num>{_NUMBER})|(?P<missing>{_MISSING})")
_CELL = re.compile(rf"(?P<unit>[^\d\-+−－—–/…×.]*?)(?P<items>(?:{_NUMBER}|{_MISSING})+)")
_CAPTION = re.compile(r"^(?:附?表\s*[0-9一二三四五六七八九十]+|.{2,40}(?:表|指标|情况|一览|统计))")
_UNIT_LINE = re.compile(r"^(?:计量)?单位[:：]\s*(?P<unit>\S+)$")
_GLUED_LABEL = re.compile(rf"(?P<label>.*[^\d.,\-+−－—–…×/\s])(?:{_NUMBER}|{_MISSING})+")
_LABEL_WORD = re.compile(r"^(?:指标名称|项目名称|指标|项目|名称|类别|分类|地区|内容)(?=.*\d)")
_LABEL_HEADER = re.compile(r"^(?:指标|项目|名称|类别|分类|地区|序号|内容)|指标名称|项目名称")
_UNIT_HEADER = re.compile(r"^(?:计量)?单位")
_RATE_HEADER = re.compile(r"增长|增速|增幅|增减|同比|环比|比上年|比去年|比上月|±|下降|降幅")
_SKIP_HEADER = re.compile(r"上年|去年|上期|上月")
_PERIOD_HEADER = re.compile(r"月|年|季|本期|累计|当期|总量|数值|绝对值|完成|%|％")
_PAREN_UNIT = re.compile(r"[（(](?P<unit>[^（）()]{1,6})[)）]\s*$")
_LABEL_NOISE = re.compile(r"^(?:[0-9]+[.、．]|[（(][一二三四五六七八九十0-9]+[)）]|[一二三四五六七八九十]+、|#|其中[:：]?|\s)+")
_HAN = re.compile(r"[\u4e00-\u9fff]")


@dataclass
class _Line:
    start: int
    end: int
    text: str
    tokens: list[tuple[int, int, str]] = field(default_factory=list)  # absolute offsets


@dataclass
class _Column:
    header: str
    rate: bool
    skip: bool
    unit: str | None  # from （亿元） in the header


def _lines(text: str) -> list[_Line]:
    out, pos = [], 0
    for raw in text.split("\n"):
        line = _Line(pos, pos + len(raw), raw)
        line.tokens = [(pos + m.start(), pos + m.end(), m.group(0)) for m in _TOKEN.finditer(raw)]
        out.append(line)
        pos += len(raw) + 1
    return out


def _is_unit(s: str) -> bool:
    s = s.strip("（）()")
    if s in ("%", "％"):
        return True
    qs = find_quantities("1" + s)
    return len(qs) == 1 and qs[0].start == 0 and qs[0].end == len(s) + 1


def _row_cells(line: _Line) -> tuple[str, int, str | None, list[tuple[int, int, str | None]]] | None:
    """(label, label_end, unit, cells[(start, end, number-or-None)]) when the line is a data row."""
    if not line.tokens or _SENTENCE_PUNCT.search(line.text):
        return None
    tokens = list(line.tokens)
    glued = _GLUED_LABEL.fullmatch(tokens[0][2])
    if glued and _HAN.search(glued.group("label")):  # 税收收入15.02: the cleaner took the gap
        s0, e0, tok0 = tokens[0]
        cut = s0 + glued.end("label")
        tokens[0:1] = [(s0, cut, glued.group("label")), (cut, e0, tok0[glued.end("label") :])]
    if len(tokens) < 2:
        return None
    label = tokens[0][2]
    if not _HAN.search(label) or _CELL.fullmatch(label):
        return None
    unit: str | None = None
    cells: list[tuple[int, int, str | None]] = []
    for k, (s, e, tok) in enumerate(tokens[1:]):
        m = _CELL.fullmatch(tok)
        if m is None:
            if k == 0 and not cells and _is_unit(tok):  # the unit column, own cell
                unit = tok.strip("（）()")
                continue
            return None
        if m.group("unit"):
            if cells or unit or not _is_unit(m.group("unit")):
                return None
            unit = m.group("unit").strip("（）()")
        at = s + m.start("items")
        for item in _ITEM.finditer(m.group("items")):
            cells.append((at + item.start(), at + item.end(), item.group("num")))
    if not any(c[2] for c in cells):
        return None
    return label, tokens[0][1], unit, cells


def _header_columns(line: _Line) -> list[_Column] | None:
    if len(line.tokens) < 2 or _SENTENCE_PUNCT.search(line.text):
        return None
    cols: list[_Column] = []
    merged: list[str] = []
    for _s, _e, tok in line.tokens:
        if merged and re.fullmatch(r"[（(][^（）()]*[)）]", tok):
            merged[-1] += tok  # 同比增长 (%): the bracket belongs to its column
        else:
            merged.append(tok)
    for tok in merged:
        if _UNIT_HEADER.match(tok):
            tok = _UNIT_HEADER.sub("", tok)  # 单位1-6月: the cleaner glued two header cells
            if not tok:
                continue
        tok = _LABEL_WORD.sub("", tok)  # 指标1-6月: glued the same way
        if _LABEL_HEADER.search(tok) and not _RATE_HEADER.search(tok):
            continue
        if _CELL.fullmatch(tok):
            return None  # a number: a data row, not a header
        pu = _PAREN_UNIT.search(tok)
        unit = pu.group("unit") if pu and _is_unit(pu.group("unit")) else None
        cols.append(_Column(tok, bool(_RATE_HEADER.search(tok)), bool(_SKIP_HEADER.search(tok)), unit))
    if not cols or not all(_PERIOD_HEADER.search(c.header) or c.rate or c.unit for c in cols):
        return None
    return cols


@dataclass
class _Table:
    rows: list[tuple[_Line, tuple[str, int, str | None, list[tuple[int, int, str | None]]]]]
    header: list[_Column] | None
    caption: _Line | None
    unit: str | None
    spans: list[tuple[int, int]]  # every line of the table except the caption


def _tables(text: str) -> list[_Table]:
    lines = _lines(text)
    out: list[_Table] = []
    i = 0
    while i < len(lines):
        if _row_cells(lines[i]) is None:
            i += 1
            continue
        rows = []
        j = i
        while j < len(lines):
            if not lines[j].text.strip():
                j += 1
                continue
            cells = _row_cells(lines[j])
            if cells is None:
                break
            rows.append((lines[j], cells))
            j += 1
        # look back over the header, a 单位 line and the caption (blank lines allowed)
        k = i - 1
        back: list[_Line] = []
        while k >= 0 and len(back) < 3:
            if lines[k].text.strip():
                back.append(lines[k])
            k -= 1
        header = caption = None
        unit = None
        spans = [(r.start, r.end) for r, _ in rows]
        for ln in back:
            if header is None and caption is None and unit is None and (cols := _header_columns(ln)) is not None:
                header = cols
                spans.append((ln.start, ln.end))
            elif unit is None and caption is None and (um := _UNIT_LINE.match(ln.text.strip())) and _is_unit(um.group("unit")):
                unit = um.group("unit")
                spans.append((ln.start, ln.end))
            elif caption is None and not _SENTENCE_PUNCT.search(ln.text) and _CAPTION.match(ln.text.strip()):
                caption = ln
                break
            else:
                break
        if header is not None or caption is not None or len(rows) >= 2:
            out.append(_Table(rows, header, caption, unit, spans))
        i = j
    return out


def _caption_year(caption: _Line | None) -> int | None:
    m = re.search(r"((?:19|20)\d{2})\s*年", caption.text) if caption else None
    return int(m.group(1)) if m else None


def _column_period(header: str, year: int | None, today: date | None) -> str | None:
    anchor = date(year, 12, 31) if year else today
    found = [p.period for p in find_periods(header, anchor) if p.period]
    if found:
        return found[0]
    return resolve(header, anchor)


def _subject(table: _Table, ctx: ArticleContext, entities: Sequence[EntityRef]) -> str | None:
    if table.caption is not None:
        named = [e for e in entities if table.caption.start <= e.start and e.end <= table.caption.end]
        for kind in ("place", "org"):
            for e in named:
                if e.kind == kind:
                    return e.name
    return ctx.county or ctx.city or ctx.lead or ctx.province


def _label(label: str) -> tuple[str, str | None]:
    """Row label without numbering, and a unit written in it (地区生产总值（亿元））."""
    pu = _PAREN_UNIT.search(label)
    unit = None
    if pu and _is_unit(pu.group("unit")):
        unit = pu.group("unit")
        label = label[: pu.start()]
    label = _LABEL_NOISE.sub("", label).strip("：: ")
    return label, unit


def _metric(text: str, start: int, end: int, num: str, unit: str | None, **attrs: object) -> FoundMetric | None:
    negative = num[0] in "-−－"
    digits = num.lstrip("-+−－")
    if unit in (None, "", "％"):
        unit = "%" if unit == "％" else unit
    if not unit:
        return None
    qs = find_quantities(digits + unit)
    if len(qs) != 1 or qs[0].start != 0 or qs[0].end != len(digits) + len(unit):
        if unit in ("%", "百分点") and re.fullmatch(r"[\d,.]+", digits):
            value = Decimal(digits.replace(",", ""))
            base = unit
        else:
            return None
    else:
        value, base = qs[0].value, qs[0].unit
    if negative and not attrs.get("is_change"):
        value = -value
    return FoundMetric(start, end, text[start:end], value, base, **attrs)  # type: ignore[arg-type]


def table_metrics(text: str, ctx: ArticleContext | None, entities: Sequence[EntityRef] = ()) -> tuple[list[FoundMetric], list[tuple[int, int]]]:
    """Metrics of every text table in ``text`` and the (start, end) of the table lines
    (header, 单位 line, rows), where prose metrics must not be read."""
    ctx = ctx or ArticleContext(bulletin_date=None)
    metrics: list[FoundMetric] = []
    spans: list[tuple[int, int]] = []
    for table in _tables(text):
        before = len(metrics)
        year = _caption_year(table.caption)
        caption_periods = [p.period for p in find_periods(table.caption.text, ctx.bulletin_date) if p.period] if table.caption else []
        table_period = caption_periods[0] if caption_periods else None
        subject = _subject(table, ctx, entities)
        columns = table.header
        col_periods = [(_column_period(c.header, year, ctx.bulletin_date) if not c.rate else None) for c in columns] if columns else []
        for _line, (raw_label, _lend, row_unit, cells) in table.rows:
            label, label_unit = _label(raw_label)
            if not label:
                continue
            unit = row_unit or label_unit or table.unit
            last_period = table_period
            for n, (s, e, num) in enumerate(cells):
                col = columns[n] if columns and n < len(columns) else None
                if columns is None and n > 0:
                    break  # no header: only the first value's meaning is known
                if col is not None and not col.rate:
                    last_period = col_periods[n] or table_period
                if num is None or (col is not None and col.skip):
                    continue
                if col is not None and col.rate:
                    rate_unit = col.unit if col.unit in ("%", "％", "百分点") else ("百分点" if "百分点" in col.header else "%")
                    sign = -1 if num[0] in "-−－" else 1
                    m = _metric(text, s, e, num, rate_unit, indicator=label + "增速", subject=subject, period=last_period,
                                is_change=True)
                    if m is not None:
                        down = sign < 0 or (re.search(r"下降|降幅", col.header) is not None and sign > 0 and "增" not in col.header)
                        m.change_direction = None if m.value == 0 else ("down" if down else "up")
                else:
                    m = _metric(text, s, e, num, (col.unit if col else None) or unit, indicator=label, subject=subject,
                                period=last_period)
                if m is not None:
                    metrics.append(m)
        if len(metrics) > before:  # a table that yields nothing leaves its lines to prose reading
            spans += table.spans
    return metrics, spans


def with_table_metrics(text: str, ctx: ArticleContext | None, entities: Sequence[EntityRef],
                       prose: list[FoundMetric]) -> list[FoundMetric]:
    """The prose metrics outside tables plus one metric per table cell, left to right."""
    found, spans = table_metrics(text, ctx, entities)
    if not spans:
        return prose
    kept = [m for m in prose if not any(s <= m.start < e for s, e in spans)]
    return sorted(kept + found, key=lambda m: m.start)
