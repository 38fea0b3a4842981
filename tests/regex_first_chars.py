"""Which characters can a pattern's match start with? For the prefilters (a lookahead of
the characters an alternation can start with) put before large patterns: a test builds
the class of every possible first character from the parsed pattern and checks that the
prefilter admits each one, so a prefilter can never hide a match."""

from __future__ import annotations

import re
from typing import Any

try:  # Python 3.11+
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    import sre_parse  # type: ignore[no-redef]

_CATEGORY = {"CATEGORY_DIGIT": r"\d", "CATEGORY_NOT_DIGIT": r"\D", "CATEGORY_SPACE": r"\s",
             "CATEGORY_NOT_SPACE": r"\S", "CATEGORY_WORD": r"\w", "CATEGORY_NOT_WORD": r"\W"}
_ZERO_WIDTH = {"AT", "ASSERT", "ASSERT_NOT"}
_REPEATS = {"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"}


def _char_class(items: Any) -> str:
    body, negate = [], False
    for op, av in items:
        if op.name == "NEGATE":
            negate = True
        elif op.name == "LITERAL":
            body.append(re.escape(chr(av)))
        elif op.name == "RANGE":
            body.append(f"{re.escape(chr(av[0]))}-{re.escape(chr(av[1]))}")
        elif op.name == "CATEGORY":
            body.append(_CATEGORY[av.name])
        else:
            raise ValueError(f"unhandled set item {op.name}")
    return f"[{'^' if negate else ''}{''.join(body)}]"


def _first(seq: Any, out: list[str]) -> bool:
    """Add to ``out`` the classes ``seq`` can start with; True if ``seq`` can match empty."""
    for op, av in seq:
        name = op.name
        if name == "LITERAL":
            out.append(re.escape(chr(av)))
            return False
        if name == "NOT_LITERAL":
            out.append(f"[^{re.escape(chr(av))}]")
            return False
        if name == "IN":
            out.append(_char_class(av))
            return False
        if name == "ANY":
            out.append(".")
            return False
        if name == "SUBPATTERN":
            if not _first(av[-1], out):
                return False
        elif name == "BRANCH":
            nullable = [_first(branch, out) for branch in av[1]]
            if not any(nullable):
                return False
        elif name in _REPEATS:
            if not _first(av[2], out) and av[0] > 0:
                return False
        elif name not in _ZERO_WIDTH:
            raise ValueError(f"unhandled op {name}")
    return True


def first_char_class(pattern: str) -> re.Pattern[str]:
    """A pattern matching every character a match of ``pattern`` can start with."""
    out: list[str] = []
    if _first(sre_parse.parse(pattern), out):
        raise ValueError("the pattern can match the empty string: no prefilter can hold")
    return re.compile("|".join(out), re.DOTALL)


def chars_missed(pattern: str, prefilter: str) -> list[str]:
    """Characters (in the Basic Multilingual Plane) a match of ``pattern`` can start with that
    the character class ``prefilter`` (e.g. "[\\d年]") does not admit."""
    first, admitted = first_char_class(pattern), re.compile(prefilter)
    return [c for c in map(chr, range(0x10000)) if first.match(c) and not admitted.match(c)]
