"""What every part of the metric reader shares: the cue lists, the records a metric is
built from (``EntityRef``, ``FoundMetric``, ``Candidate``) and the text helpers (sentences
with paragraph numbers, clause starts, protected spans).

Kept apart from ``nlp/metrics.py`` so that ``nlp/tables.py`` and the subject, period and
indicator modules can use them without importing the metric reader (no import circle).
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from dataclasses import fields as dataclass_fields
from decimal import Decimal
from functools import lru_cache
from typing import Any

from .numbers import PATTERNS_DIR
from .spans import char_positions

# Tuning switches of the metric reader: the ``wx_metrics`` factory's ``default_config``
# (nlp.add_pipe("wx_metrics", config={"switches": {...}})) and ``find_metrics(switches=…)``.
DEFAULT_SWITCHES: dict[str, bool] = {
    # A sentence that names no subject at all takes the organisation or place that opens its
    # paragraph (某银行推出…。截至5月末，累计发放…), not the article default. Measured: +2/+2.
    "carry_subjects": True,
    # Whether a department acting together with others (会同/联合 …) reports the place's result
    # rather than its own. Measured: unseen bulletins +3, evaluation set −19 (its gold keeps
    # the department: 市人社局联合…举办招聘会42场), so off.
    "joint_work_to_place": False,
    # A list of examples before 等 and a count (甲村、乙村等12个村) is not part of the indicator.
    "examples_before_count": True,
}

CLAUSE_BREAK = set("，,；;：:")
SENTENCE_END = set("。！？!?")
RATE_UNITS = {"%", "百分点", "倍", "‰"}
# Figures of a territory rather than of the department reporting them (rates, scores).
TERRITORY_UNITS = RATE_UNITS | {"分", "天", "小时", "工作日", "分钟"}


@lru_cache(maxsize=1)
def cues() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((PATTERNS_DIR / "metric_cues.json").read_text(encoding="utf-8"))
    for key, value in list(data.items()):  # longest cue first wherever cues are matched as prefixes/suffixes
        if isinstance(value, list):
            data[key] = sorted(value, key=len, reverse=True)
    return data


@dataclass(frozen=True)
class EntityRef:
    """An organisation or place already found in the text (offsets into the same text)."""

    start: int
    end: int
    name: str  # canonical name
    kind: str  # "org" | "place" | "program" …
    level: str | None = None  # place level (province, city, county …)


@dataclass
class FoundMetric:
    start: int
    end: int
    text: str
    value: Decimal
    unit: str
    indicator: str | None = None
    subject: str | None = None
    period: str | None = None
    qualifier: str | None = None
    is_change: bool = False
    change_direction: str | None = None
    is_target: bool = False

    def fields(self) -> dict[str, Any]:
        """The records.Metric fields (no prov), as the span's ``_.wx``."""
        # A shallow copy is what asdict gives here (every field is a str, bool, None or an
        # immutable Decimal) without its recursive walk and deep copies.
        return {name: getattr(self, name) for name in _METRIC_FIELDS}


_METRIC_FIELDS = tuple(f.name for f in dataclass_fields(FoundMetric) if f.name not in ("start", "end"))


@dataclass
class Candidate:
    start: int  # span start (number, or rank verb)
    end: int
    number_start: int
    value: Decimal
    unit: str
    qualifier: str | None
    is_change: bool = False
    direction: str | None = None
    rank: bool = False
    rank_scope: str = ""
    digits_start: int = -1  # where a rank's number is written (第一 → 一)


# ----------------------------------------------------------------- segmentation


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    paragraph: int


POINT = re.compile(r"(?:[一二三四五六七八九十]+是|其[一二三四五六七八九十]|（[一二三四五六七八九十\d]+）|\([一二三四五六七八九十\d]+\)|\d+[.、．](?!\d)|[一二三四五六七八九十]+、)")


_SENTENCE_BOUNDS = frozenset(SENTENCE_END) | {"\n"}


def split_sentences(text: str) -> list[Sentence]:
    """Sentences with a "paragraph" number; an enumeration point (一是, （二）, 3.) opens a
    new paragraph too, because a period stated under one point does not carry into the next."""
    out: list[Sentence] = []
    paragraph = 0
    start = 0
    has_content = False
    for i in char_positions(text, _SENTENCE_BOUNDS):  # the other characters change nothing below
        ch = text[i]
        if ch == "\n":
            if text[start:i].strip():
                out.append(Sentence(start, i, paragraph))
                has_content = True
            if has_content:
                paragraph += 1
                has_content = False
            start = i + 1
        elif ch in SENTENCE_END:
            if POINT.match(text, start + len(text[start:i]) - len(text[start:i].lstrip())) and has_content:
                paragraph += 1
            out.append(Sentence(start, i + 1, paragraph))
            has_content = True
            start = i + 1
    if text[start:].strip():
        if POINT.match(text, start) and has_content:
            paragraph += 1
        out.append(Sentence(start, len(text), paragraph))
    return out


def clause_start(text: str, lo: int, pos: int) -> int:
    i = pos
    while i > lo and text[i - 1] not in CLAUSE_BREAK:
        i -= 1
    return i


class Spans:
    """Sorted (start, end) ranges with windowed look-ups, so long articles stay linear."""

    WINDOW = 400  # the longest range that can reach back into a window (a long 《title》)

    def __init__(self, ranges: Iterable[tuple[int, int]]) -> None:
        self.items = sorted(ranges)
        self.starts = [a for a, _ in self.items]

    def near(self, lo: int, hi: int) -> list[tuple[int, int]]:
        i = bisect_left(self.starts, lo - self.WINDOW)
        j = bisect_left(self.starts, hi)
        return self.items[i:j]

    def overlaps(self, lo: int, hi: int) -> bool:
        return any(a < hi and lo < b for a, b in self.near(lo, hi))


def protected_spans(text: str, entities: Sequence[EntityRef]) -> Spans:
    """Ranges whose numerals are part of a name or label, not a measurement."""
    ranges = [(m.start(), m.end()) for m in re.finditer(r"《[^》\n]*》", text)]
    ranges += [(m.start(), m.end()) for m in re.finditer(r"[“\"‘「『][^”\"’」』\n]{1,20}[”\"’」』]", text)]
    ranges += [(e.start, e.end) for e in entities]
    return Spans(ranges)


def inside(start: int, end: int, ranges: Iterable[tuple[int, int]] | Spans) -> bool:
    """True when [start, end) overlaps one of the ranges."""
    if isinstance(ranges, Spans):
        return ranges.overlaps(start, end)
    return any(a < end and start < b for a, b in ranges)


# ----------------------------------------------------------------- attributes


def strip_words(text: str, a: int, b: int, leading: Sequence[str], trailing: Sequence[str]) -> tuple[int, int]:
    # One C-level test for "some word starts at a / ends at b" before looking for which one.
    any_leading, any_trailing = tuple(leading), tuple(trailing)
    changed = True
    while changed and a < b:
        changed = False
        while a < b and (text[a].isspace() or text[a] in "，,；;：:、（(）)“”\"'"):
            a += 1
            changed = True
        while b > a and (text[b - 1].isspace() or text[b - 1] in "，,；;：:、（(“'"):
            b -= 1
            changed = True
        for w in leading if text.startswith(any_leading, a) else ():
            if text.startswith(w, a) and a + len(w) <= b:
                a += len(w)
                changed = True
                break
        for w in trailing if text.endswith(any_trailing, a, b) else ():
            if text.endswith(w, a, b) and b - len(w) >= a:
                b -= len(w)
                changed = True
                break
    return a, b
