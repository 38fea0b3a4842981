"""Values written as people read them: 11.18亿美元, not 1118000000 美元.

The store keeps every quantity in base units as an exact decimal (rdf/units); a page shows
it scaled to 万 or 亿 the way bulletins write it, and keeps the exact value beside it (a
``title`` attribute and the CSV download) so nothing is rounded away.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

# Units that are never scaled: rates, ranks and shares read as written.
_UNSCALED_UNITS = frozenset({"%", "‰", "百分点", "个百分点", "倍", "成"})  # ranks (名) never reach 万
_STEPS: tuple[tuple[Decimal, str], ...] = ((Decimal(100_000_000), "亿"), (Decimal(10_000), "万"))
SIGNIFICANT_DECIMALS = 4  # 1.2346亿 at most: the exact value is in the title


def to_decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def plain(value: Any) -> str:
    """The exact value without exponent or trailing zeros (1.18E+9 → 1180000000)."""
    d = to_decimal(value)
    if d is None:
        return "" if value is None else str(value)
    text = f"{d.normalize():f}"
    return text


def _trim(d: Decimal) -> str:
    q = d.quantize(Decimal(1).scaleb(-SIGNIFICANT_DECIMALS))
    text = f"{q:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def readable(value: Any, unit: str | None = "") -> str:
    """`value` in `unit` as a reader writes it: 1118000000 美元 → 11.18亿美元,
    33000 个 → 3.3万个, 8000 人 → 8000人, 9.17 % → 9.17%. Not a number → as given."""
    unit = unit or ""
    d = to_decimal(value)
    if d is None:
        return f"{value or ''}{unit}"
    if unit not in _UNSCALED_UNITS:
        for step, name in _STEPS:
            if abs(d) >= step:
                return f"{_trim(d / step)}{name}{unit}"
    return f"{plain(d)}{unit}"


def exact(value: Any, unit: str | None = "") -> str:
    """The exact stored value with its unit, for a title attribute: '1118000000 美元'."""
    return f"{plain(value)} {unit or ''}".strip()
