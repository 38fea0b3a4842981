"""Traditional → Simplified for matching, keeping the offset map exact.

Some bulletins arrive in Traditional characters. The NLP's dictionaries and rules are
Simplified, so the normalised text is converted — but only when the text really is
Traditional (a Simplified text run through t2s changes almost nothing, a Traditional
one changes a large share of its characters), and only with same-length rewrites so
that every character still points at its original.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .mapped import MappedText

# A Traditional text changes ~15–40 % of its Han characters under t2s; Simplified
# text changes well under 1 % (variant forms). 5 % with a floor of a few characters
# separates the two without flagging a Simplified text that quotes one old name.
TRADITIONAL_RATIO = 0.05
MIN_CHANGED = 3

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


@lru_cache(maxsize=1)
def _converter():  # type: ignore[no-untyped-def]
    from opencc import OpenCC  # pure Python, bundled dictionaries: offline

    return OpenCC("t2s")


@lru_cache(maxsize=8192)
def _char_t2s(ch: str) -> str:
    return _converter().convert(ch)


def _changed_and_total(text: str) -> tuple[int, int]:
    """(Han chars that t2s changes, all Han chars); each distinct char is looked up once."""
    total = len(text) - len(_HAN.sub("", text))  # no list of characters is built
    if not total:
        return 0, 0
    distinct = _HAN.findall("".join(set(text)))
    changed = sum(text.count(ch) for ch in distinct if _char_t2s(ch) != ch)
    return changed, total


def traditional_ratio(text: str) -> float:
    """Share of Han characters that t2s changes (0.0 for a text without Han)."""
    changed, total = _changed_and_total(text)
    return changed / total if total else 0.0


def looks_traditional(text: str) -> bool:
    changed, total = _changed_and_total(text)
    return total > 0 and changed >= MIN_CHANGED and changed / total >= TRADITIONAL_RATIO


def to_simplified(mt: MappedText) -> MappedText:
    """Convert line by line with OpenCC's phrase tables where that keeps the length,
    else character by character (each char maps to one char, so the map holds)."""
    conv = _converter()
    edits: list[tuple[int, int, str]] = []
    pos = 0
    for line in mt.text.split("\n"):
        if line:
            phrase = conv.convert(line)
            if len(phrase) != len(line):
                phrase = "".join(_one_char(ch) for ch in line)
            if phrase != line:
                edits.append((pos, pos + len(line), phrase))
        pos += len(line) + 1
    return mt.apply(edits)


def _one_char(ch: str) -> str:
    out = _char_t2s(ch)
    return out if len(out) == 1 else ch
