"""Text that remembers where each of its characters came from.

Every cleaning step rewrites the text; provenance must still point into the file as
it was. A ``MappedText`` carries ``offsets[i]`` = index in the original of
``text[i]`` (plus one final entry = end of the original), and each edit keeps that
map exact: deletions drop entries, same-length replacements keep them 1:1.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass
class MappedText:
    text: str
    offsets: list[int]  # len(text) + 1 entries; offsets[-1] = len(original)

    @classmethod
    def identity(cls, original: str) -> MappedText:
        return cls(original, list(range(len(original) + 1)))

    def apply(self, edits: Iterable[tuple[int, int, str]]) -> MappedText:
        """Apply non-overlapping (start, end, replacement) edits, sorted by start.

        A replacement of the same length maps char by char; a shorter or longer one maps
        each new char to the closest old one (only same-length replacements and
        deletions are used by the cleaner, so the map stays exact)."""
        text, offsets = self.text, self.offsets
        pieces: list[str] = []
        new_offsets: list[int] = []
        pos = 0
        for start, end, repl in edits:
            if start < pos:
                raise ValueError("overlapping edits")
            pieces.append(text[pos:start])
            new_offsets.extend(offsets[pos:start])
            if repl:
                width = end - start
                if width == len(repl):
                    new_offsets.extend(offsets[start:end])
                else:
                    last = max(width - 1, 0)
                    new_offsets.extend(offsets[start + min(i, last)] for i in range(len(repl)))
                pieces.append(repl)
            pos = end
        pieces.append(text[pos:])
        new_offsets.extend(offsets[pos:])  # includes the final end entry
        return MappedText("".join(pieces), new_offsets)

    def sub(self, pattern: re.Pattern[str], repl: Callable[[re.Match[str]], str | None]) -> MappedText:
        """Regex substitution; `repl` returns the replacement or None to keep the match."""
        edits = []
        for m in pattern.finditer(self.text):
            r = repl(m)
            if r is not None and r != m.group(0):
                edits.append((m.start(), m.end(), r))
        return self.apply(edits) if edits else self

    def translate_chars(self, table: dict[int, str]) -> MappedText:
        """Char-for-char replacement (the map does not change)."""
        return MappedText(self.text.translate(table), self.offsets)
