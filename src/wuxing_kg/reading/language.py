"""Is a decoded text Chinese? Bulletins in other languages are refused up front:
the pipeline's rules only know Chinese, so an English or Japanese file would be
stored as a bulletin with no entities and no warning.

The measure is over *letters* (Unicode category L*): digits, punctuation, URLs and
the ``# source:`` line say nothing about the language of the prose.

* Han share of letters < ``MIN_HAN_SHARE`` (30 %): English, Korean, Russian … A
  Chinese bulletin with English names, units and acronyms stays far above this
  (the seed bulletin: > 95 %); 30 % leaves room for tables of Latin codes.
* Kana share of letters > ``MAX_KANA_SHARE`` (5 %): Japanese, whose prose is often
  40–60 % kanji and so would pass the Han test; Chinese text has no kana at all
  save a stray 丿-like katakana in a name list, far under 5 %.
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass

MIN_HAN_SHARE = 0.30
MAX_KANA_SHARE = 0.05

_URL = re.compile(r"(?:https?|ftp)://\S+|www\.\S+|\S+@\S+\.\w+", re.IGNORECASE)
_SOURCE_LINE = re.compile(r"^\s*#\s*source\s*[:：].*$", re.IGNORECASE | re.MULTILINE)

# Set for one CLI run by --allow-non-chinese (a context variable, so it is reset
# after the command and never leaks into another call in the same process).
_ALLOW_NON_CHINESE: ContextVar[bool] = ContextVar("allow_non_chinese", default=False)


@contextlib.contextmanager
def allowing_non_chinese(allow: bool = True) -> Iterator[None]:
    """Within this block, read_bulletin does not refuse texts that are not Chinese."""
    token = _ALLOW_NON_CHINESE.set(allow)
    try:
        yield
    finally:
        _ALLOW_NON_CHINESE.reset(token)


def non_chinese_allowed() -> bool:
    return _ALLOW_NON_CHINESE.get()


def _is_han(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or "\U00020000" <= ch <= "\U0003134f"


def _is_kana(ch: str) -> bool:
    # Hiragana, Katakana, Katakana phonetic extensions, half-width katakana; the
    # prolonged-sound mark ー (U+30FC) counts too (it is category Lm).
    return "\u3040" <= ch <= "\u30ff" or "\u31f0" <= ch <= "\u31ff" or "\uff66" <= ch <= "\uff9d"


@dataclass(frozen=True)
class LanguageShares:
    letters: int
    han: float
    kana: float


def shares(text: str) -> LanguageShares:
    prose = _URL.sub(" ", _SOURCE_LINE.sub(" ", text))
    letters = [ch for ch in prose if unicodedata.category(ch).startswith("L")]
    if not letters:
        return LanguageShares(0, 0.0, 0.0)
    n = len(letters)
    return LanguageShares(n, sum(map(_is_han, letters)) / n, sum(map(_is_kana, letters)) / n)


def not_chinese_reason(text: str) -> str | None:
    """A one-line reason starting "not Chinese text" when the text is not Chinese,
    else None."""
    s = shares(text)
    hint = ": use --allow-non-chinese to read it anyway"
    if s.kana > MAX_KANA_SHARE:
        return f"not Chinese text (Japanese? {s.kana:.0%} of its letters are kana){hint}"
    if s.han < MIN_HAN_SHARE:
        if s.letters == 0:
            return f"not Chinese text (no letters at all, only digits and symbols){hint}"
        return f"not Chinese text (only {s.han:.0%} of its {s.letters:,} letters are Chinese characters){hint}"
    return None
