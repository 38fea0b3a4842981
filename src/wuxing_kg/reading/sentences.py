"""Sentence splitting and enumeration markers, by rule.

Chinese sentences end in 。！？； (and ! ? left in ASCII). A stop inside “…” or
（…） does not end the sentence (quoted speech, quoted rules); a closing quote right
after a stop stays with its sentence (…完成。” | 要求…). Numbers never contain these
stops, so decimals (11.18) are safe by construction.
"""

from __future__ import annotations

import re

STOPS = "。！？；"
ASCII_STOPS = "!?"
OPENERS = {"“": "”", "‘": "’", "「": "」", "『": "』", "（": "）", "《": "》"}
CLOSERS = set(OPENERS.values())
TRAILING = "”’」』）》)】"

# Markers that open a sentence wherever it starts (一是 … 十是, 第一， 其一，).
_POINT_ANYWHERE = re.compile(r"(?:[一二三四五六七八九十]{1,3}是|(?:第|其)[一二三四五六七八九十]{1,3}(?=[，,、：:]))")
# Markers that only count at the start of a paragraph: （一） (1) 一、 1. 1、 ①.
_POINT_PARAGRAPH = re.compile(
    r"(?:[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]{1,3}、|\d{1,2}[.、．](?!\d)|[①-⑳])"
)


def _balanced(paragraph: str) -> bool:
    return all(paragraph.count(o) == paragraph.count(c) for o, c in OPENERS.items())


_SPECIAL = re.compile("[" + re.escape("".join(OPENERS) + "".join(CLOSERS) + STOPS + ASCII_STOPS) + "]")


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans [s, e) of the sentences of text[start:end] (one paragraph)."""
    para = text[start:end]
    protect = _balanced(para)  # an unbalanced quote would otherwise swallow the rest
    spans: list[tuple[int, int]] = []
    depth = 0
    sent_start = 0
    n = len(para)
    resume = 0  # characters before this were swallowed into the previous sentence
    for m in _SPECIAL.finditer(para):  # jump from one special character to the next
        i = m.start()
        if i < resume:
            continue
        ch = para[i]
        cut = -1
        if ch in OPENERS:
            if protect:
                depth += 1
        elif ch in CLOSERS:
            if protect:
                depth = max(depth - 1, 0)
                if depth == 0 and i > 0 and para[i - 1] in STOPS and para[i - 1] != "；":
                    cut = i + 1  # …完成。” ends here, the quote stays with its sentence
        elif depth == 0 and (ch in STOPS or not _ascii_context(para, i)):
            cut = i + 1
        if cut >= 0:
            while cut < n and (para[cut] in TRAILING or para[cut] in STOPS):
                cut += 1
            _add(spans, para, sent_start, cut, start)
            sent_start = resume = cut
    _add(spans, para, sent_start, n, start)
    return spans


def _ascii_context(para: str, i: int) -> bool:
    """`?` in a URL (a.php?id=1) or `!` inside English is not a Chinese stop."""
    nxt = para[i + 1] if i + 1 < len(para) else ""
    return nxt.isascii() and (nxt.isalnum() or nxt in "=&_/")


def _add(spans: list[tuple[int, int]], para: str, s: int, e: int, base: int) -> None:
    while s < e and para[s].isspace():
        s += 1
    while e > s and para[e - 1].isspace():
        e -= 1
    if e > s:
        spans.append((base + s, base + e))


def point_marker(sentence: str, paragraph_start: bool) -> str | None:
    """The enumeration marker that opens a sentence (一是, （一）, 1.), if any."""
    m = _POINT_ANYWHERE.match(sentence)
    if m:
        return m.group(0)
    if paragraph_start:
        m = _POINT_PARAGRAPH.match(sentence)
        if m:
            return m.group(0)
    return None
