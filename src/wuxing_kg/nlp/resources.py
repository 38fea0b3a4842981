"""Rule data in nlp/patterns/: one entry per line, `#` starts a comment."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

PATTERNS_DIR = Path(__file__).resolve().parent / "patterns"


@lru_cache(maxsize=None)
def load_lines(name: str) -> tuple[str, ...]:
    text = (PATTERNS_DIR / name).read_text(encoding="utf-8")
    out: list[str] = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            out.append(line)
    return tuple(out)
