"""Numbers and quantities in normalised bulletin text, exact with ``decimal.Decimal``.

Two layers:

* ``parse_number("3.3万") == Decimal(33000)`` — one number with an optional magnitude
  (万 亿 千 百 万亿), Arabic digits (thousands separators, decimals) or Chinese
  numerals (一百二十三, 两万, 二〇一九). ``cn2an`` is used only for strings made of
  Chinese numerals alone: it fails when a unit is attached, so we split first.
* ``find_quantities(text)`` — every "number + unit" in a text, with the unit mapped to
  its base unit (万元 → 元 ×10⁴, 亿美元 → 美元 ×10⁸, 个百分点 → 百分点, 个小时 → 小时)
  and the bound words that belong to the number (余 多 以上 以内 左右).

Ranges (10-15%, 3至5个, 3-5万元) take the UPPER bound with qualifier 以内, as the real
corpus's conventions pin it (tests/realset/README.md, convention 5: 生产生物肥料4~5吨 → 5 吨
以内); one value keeps a metric comparable.

This module knows nothing about whether a quantity is a metric (dates, labels,
thresholds are filtered by ``nlp.metrics``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path

PATTERNS_DIR = Path(__file__).resolve().parent / "patterns"

MAGNITUDES: dict[str, Decimal] = {
    "万亿": Decimal(10) ** 12,
    "亿": Decimal(10) ** 8,
    "万": Decimal(10) ** 4,
    "千": Decimal(1000),
    "百": Decimal(100),
}

# Bound words written after the number (or between number and unit: 5000余人, 12000多个小时).
POST_QUALIFIERS: dict[str, str] = {"余": "余", "多": "多", "以上": "以上", "以内": "以内", "以下": "以内", "左右": "约"}

# A PDF text layer may break a decimal after its point (128. 6亿元): one space is read through.
_ARABIC = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.[ ]?\d+)?"
_CN_CHARS = "零〇一二两三四五六七八九十百千万亿"
_CN_DIGITS = set("零〇一二两三四五六七八九十")
# 三点二 / 零点四: a decimal written in Chinese numerals (百分之三点二, 零点四个百分点).
_CHINESE = rf"[{_CN_CHARS}]+(?:点[零〇一二三四五六七八九]+)?"
# 千 and 百 are magnitudes unless they start a unit (千米, 千瓦, 千克, 百分点).
_MAG = r"万亿|亿|万|千(?![米瓦克伏])|百(?!分)"
_RANGE_SEP = r"[-—–~～至到]"


@dataclass(frozen=True)
class Quantity:
    """One number with its unit, as found in a text (offsets into that text)."""

    start: int
    end: int  # after the unit and any trailing bound word
    text: str
    value: Decimal  # in the base unit
    unit: str  # base unit
    qualifier: str | None  # 余 多 以上 以内 约, from words next to the number
    number_start: int  # where the digits start (after 百分之)
    number_text: str  # the digits/numerals as written (first bound for a range)
    chinese: bool  # written in Chinese numerals
    is_range: bool = False


# Full-width digits and signs → ASCII, one character for one (offsets stay valid).
_ASCII = str.maketrans({**{chr(0xFF10 + i): str(i) for i in range(10)}, "．": ".", "－": "-", "～": "~", "，": "，"})


_NOT_ASCII = re.compile("[" + re.escape("".join(chr(k) for k, v in _ASCII.items() if chr(k) != v)) + "]")


def ascii_digits(text: str) -> str:
    """２０２１年１－６月 → 2021年1-6月, same length (texts copied from some sites keep full-width digits)."""
    return text.translate(_ASCII) if _NOT_ASCII.search(text) else text  # a search is cheaper than a translate


@lru_cache(maxsize=4096)
def parse_chinese(text: str) -> Decimal | None:
    """一百二十三 → 123, 两万 → 20000, 二〇一九 → 2019; None if not a Chinese numeral."""
    whole, _, decimals = text.partition("点")
    if not whole or not set(whole) <= set(_CN_CHARS) or not (set(text) & _CN_DIGITS):
        return None
    if "点" in text and (not decimals or not set(decimals) <= _CN_DIGITS - {"十"}):
        return None
    import cn2an  # local: only Chinese numerals need it

    try:
        value = cn2an.cn2an(text.replace("两", "二"), "smart")
    except Exception:  # cn2an raises bare ValueError-like errors on odd strings
        return None
    return Decimal(str(value))


def parse_arabic(text: str) -> Decimal | None:
    """"1,234.5" → Decimal("1234.5"); None if it is not a plain Arabic number."""
    if not re.fullmatch(_ARABIC, text):
        return None
    try:
        return Decimal(text.replace(",", "").replace(" ", ""))
    except InvalidOperation:  # pragma: no cover - the regex already guards
        return None


def parse_number(text: str) -> Decimal | None:
    """One number with an optional magnitude: "3.3万" → 33000, "11.18亿" → 1118000000,
    "一百二十三" → 123, "两万" → 20000, "1,200" → 1200. Exact (Decimal). None otherwise."""
    s = text.strip().replace(" ", "")
    if not s:
        return None
    m = re.fullmatch(rf"({_ARABIC})({_MAG})?", s)
    if m:
        base = parse_arabic(m.group(1))
        return None if base is None else _normal(base * MAGNITUDES.get(m.group(2) or "", Decimal(1)))
    value = parse_chinese(s)
    return None if value is None else _normal(value)


def _normal(d: Decimal) -> Decimal:
    """Exact but tidy: 33000.0 → 33000, 9.170 stays 9.170's value 9.17."""
    if d == d.to_integral_value():
        return Decimal(int(d))
    return d.normalize()


# ----------------------------------------------------------------- units


@lru_cache(maxsize=1)
def units() -> dict[str, tuple[str, Decimal]]:
    """surface → (base unit, factor), from patterns/units.tsv."""
    table: dict[str, tuple[str, Decimal]] = {}
    text = (PATTERNS_DIR / "units.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        surface, base, factor = line.split("\t")[:3]
        table[surface] = (base, Decimal(factor))
    return table


@lru_cache(maxsize=1)
def unit_not_before() -> dict[str, str]:
    """surface → characters that must not follow it (4th column of units.tsv: 部 but not 部门)."""
    table: dict[str, str] = {}
    text = (PATTERNS_DIR / "units.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        cols = line.split("\t")
        if not line.startswith("#") and len(cols) >= 4 and cols[3].strip():
            table[cols[0]] = cols[3].strip()
    return table


# Every character a quantity can start with (百分之, an Arabic or a Chinese numeral; a test
# checks it against the pattern).
QUANTITY_FIRST_CHARS = r"\d零〇一二两三四五六七八九十百千万亿"


@lru_cache(maxsize=1)
def _quantity_re() -> re.Pattern[str]:
    guard = unit_not_before()
    unit_alt = "|".join(
        re.escape(u) + (f"(?![{re.escape(guard[u])}])" if u in guard else "")
        for u in sorted(units(), key=len, reverse=True)
    )
    num = rf"(?:{_ARABIC}|{_CHINESE})"
    return re.compile(
        rf"(?=[{QUANTITY_FIRST_CHARS}])"  # skips, in one test, where no number can start
        rf"(?P<pct>百分之)?"
        rf"(?<![A-Za-z0-9.])(?P<n1>{num})(?P<m1>{_MAG})?(?P<p1>[%％])?"
        rf"(?:\s*(?P<sep>{_RANGE_SEP})\s*(?P<n2>{num}))?"
        rf"\s*(?P<q1>余|多)?\s*(?P<mag>{_MAG})?\s*(?P<q2>余|多)?\s*"
        rf"(?P<unit>{unit_alt})?(?P<q3>以上|以内|以下|左右)?"
    )


def find_quantities(text: str) -> list[Quantity]:
    """Every number that carries a unit (or is written 百分之N), left to right."""
    found: list[Quantity] = []
    original = text
    text = ascii_digits(text)
    for m in _quantity_re().finditer(text):
        q = _quantity(m)
        if q is not None:
            found.append(q if original is text else _with_text(q, original))
    return found


def _quantity(m: re.Match[str]) -> Quantity | None:
    n1 = m.group("n1")
    chinese = not n1[0].isdigit()
    implied_one = False
    if chinese and not (set(n1) & _CN_DIGITS):
        before = m.string[max(0, m.start() - 1) : m.start()]
        if re.fullmatch(r"[百千][万亿]+", n1) or (n1 in ("百", "千", "万", "亿") and before in ("近", "逾", "上")):
            n1 = "一" + n1  # 百亿元, 千万元, 近万元, 近千户: an implied 一
            implied_one = True
        else:
            return None  # a lone 万/百/千 is a word, not a number
    unit_surface = m.group("unit")
    pct = m.group("pct") is not None or m.group("p1") is not None
    if unit_surface is None and not pct:
        return None
    if m.group("p1") and unit_surface and unit_surface not in ("%", "％"):
        unit_surface = None  # 10%-15% handled below; "5%人" is no unit
    if unit_surface is None or unit_surface in ("%", "％") or m.group("p1"):
        base, factor = "%", Decimal(1)
        if unit_surface not in (None, "%", "％"):
            return None
    else:
        base, factor = units()[unit_surface]
    magnitude = m.group("m1") or m.group("mag")
    if implied_one and n1 in ("一百", "一千", "一万", "一亿") and m.group("mag"):
        return None  # 近百万: leave to the magnitude
    if chinese and magnitude and n1[-1] in "万亿":
        return None  # 百亿亿: not a number
    first = parse_number(n1 + (magnitude or ""))
    if first is None:
        return None
    if m.group("sep") and m.group("n2") and m.group("sep") in "至到" and not unit_surface and not pct:
        return None
    value = _normal(first * factor)
    qualifier = None
    for group in ("q3", "q2", "q1"):
        if m.group(group):
            qualifier = POST_QUALIFIERS[m.group(group)]
            break
    is_range = bool(m.group("sep") and m.group("n2"))
    upper = parse_number(m.group("n2") + (m.group("mag") or "")) if is_range else None
    if upper is None:
        is_range = False
    else:
        value = _normal(upper * factor)  # the range's upper bound (realset README convention 5)
        qualifier = qualifier or "以内"
    start = m.start()
    end = m.end()
    # Trailing spaces inside the match are not part of the span.
    while end > start and text_is_space(m.string[end - 1]):
        end -= 1
    return Quantity(
        start=start,
        end=end,
        text=m.string[start:end],
        value=value,
        unit=base,
        qualifier=qualifier,
        number_start=m.start("n1"),
        number_text=n1,
        chinese=chinese,
        is_range=is_range,
    )


def _with_text(q: Quantity, original: str) -> Quantity:
    from dataclasses import replace

    return replace(q, text=original[q.start : q.end], number_text=original[q.number_start : q.number_start + len(q.number_text)])


def text_is_space(ch: str) -> bool:
    return ch.isspace()
