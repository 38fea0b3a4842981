"""Normalise a decoded bulletin text, keeping a map back to the original.

The steps repair what PDF extraction and web copying do to Chinese text (see
NOTES.md "Text pitfalls"): sentences broken by page breaks, spaces around numbers,
ASCII punctuation, full-width digits, a broken last character, Traditional script.
Each step only deletes characters or replaces one character by one character, so
``CleanText.offsets`` stays exact.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass

from .mapped import MappedText
from .traditional import looks_traditional, to_simplified
from .webpage import PageMeta, meta_of_line, strip_furniture

# Han ideographs, and the same plus CJK/full-width punctuation (the "Chinese side"
# of a boundary: a space or an ASCII comma next to either is Chinese typography).
HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_PUNCT = r"\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u2018\u2019\u201c\u201d\u2026\u2014"
CJK = HAN + CJK_PUNCT
_HSPACE = r"[ \t\u00a0\u3000\u2002-\u200a\u202f\u205f]"

# Sentence-final punctuation: a block ending in one of these is complete.
TERMINATORS = "。！？；：…!?;:"
CLOSERS = "”’」』）)】》〉\"'"

# Page-break repair: only blocks at least this long are joined with the next block
# (headings are short, so they are never merged). Measured on the seed.
MIN_BROKEN_BLOCK = 40

_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_SOURCE_LINE = re.compile(r"\A\s*#\s*source\s*[:：][ \t]*([^\n]*)(?:\n|\Z)", re.IGNORECASE)
_URL = re.compile(r"(?:https?|ftp)://\S+|www\.\S+")
_CR_BEFORE_LF = re.compile(r"\r(?=\n)")
_LONE_CR = re.compile(r"\r")
_BROKEN_TAIL = re.compile(r"[\ufffd\s]*\ufffd[\ufffd\s]*\Z")
_BLOCK_BREAK = re.compile(r"\n(?:[ \t]*\n)*")
# Lines that must never be glued to a previous block: section markers, footers.
_NO_JOIN_NEXT = re.compile(
    r"^(?:【|\[|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|"
    r"(?:电话|电子邮箱|邮箱|抄送|抄报|报送|发送|报：|送：|传真|地址|联系人|签发))"
)
# A line that is only a page number (- 3 -, 3, 第3页, 3/12, 第 3 页 共 12 页): PDF furniture
# that sits between the two halves of a broken sentence.
_PAGE_NUMBER_LINE = re.compile(
    r"^[ \t]*[-—–－·]*[ \t]*(?:第[ \t]*)?[0-9]{1,3}(?:[ \t]*页)?(?:[ \t]*/[ \t]*[0-9]{1,3})?"
    r"(?:[ \t]*共[ \t]*[0-9]{1,3}[ \t]*页)?[ \t]*[-—–－·]*[ \t]*(?:\n|\Z)",
    re.MULTILINE,
)

_FULLWIDTH = {
    **{0xFF10 + i: str(i) for i in range(10)},
    **{0xFF21 + i: chr(ord("A") + i) for i in range(26)},
    **{0xFF41 + i: chr(ord("a") + i) for i in range(26)},
    0xFF05: "%",
    0xFF0B: "+",
    0xFF20: "@",
    0xFF06: "&",
    0xFF03: "#",
    0x00A0: " ",
    0x3000: " ",
    0x000C: "\n",  # form feed: pdftotext's page break
    0x000B: "\n",
}
_NUMBER_PUNCT = re.compile(r"(?<=[0-9])[．－／](?=[0-9])")
_NUMBER_PUNCT_MAP = {"．": ".", "－": "-", "／": "/"}


@dataclass
class CleanText:
    text: str
    offsets: list[int]  # offsets[i] = index in the original of text[i]; len(text) + 1
    source_url: str | None = None
    converted_from_traditional: bool = False
    page: PageMeta | None = None  # date/source/author read from web-page metadata lines


def clean_text(original: str) -> CleanText:
    """All cleaning steps in order; see the module docstring."""
    mt = MappedText.identity(original)
    mt = mt.sub(_ZERO_WIDTH, lambda m: "")  # first: a BOM must not hide the source line
    source_url = None
    m = _SOURCE_LINE.match(mt.text)
    if m:
        rest = m.group(1).strip()
        url = _URL.search(rest)
        source_url = url.group(0) if url else (rest or None)
        mt = mt.apply([(0, m.end(), "")])
    mt = mt.sub(_CR_BEFORE_LF, lambda m: "")  # CRLF → LF
    mt = mt.sub(_LONE_CR, lambda m: "\n")  # old Mac line ends
    mt = drop_broken_tail(mt)
    mt = mt.translate_chars(_FULLWIDTH)
    mt = mt.sub(_NUMBER_PUNCT, lambda m: _NUMBER_PUNCT_MAP[m.group(0)])
    mt = mt.sub(_PAGE_NUMBER_LINE, lambda m: "")
    mt, page = strip_furniture(mt)  # before re-flowing: furniture lines must stay whole
    mt = rejoin_wrapped_lines(mt)  # needs the indentation: before line edges are trimmed
    mt = delete_spaces(mt, lambda before, after: before == "\n" or after == "\n")  # line edges
    mt = unspace_letter_spaced_text(mt)
    mt = unspace_letter_spaced_lines(mt)
    mt = rejoin_page_breaks(mt, original)
    mt = ascii_punctuation_to_fullwidth(mt)
    mt = delete_spaces(mt, _cjk_meets_alnum)  # 11.18 亿美元 → 11.18亿美元
    mt = delete_spaces(mt, lambda before, after: before in _SPACELESS_PUNCT or after in _SPACELESS_PUNCT)
    mt = strip_outer_whitespace(mt)
    converted = False
    if looks_traditional(mt.text):
        mt = to_simplified(mt)
        converted = True
    return CleanText(mt.text, mt.offsets, source_url, converted, page)


clean = clean_text  # short alias inside this module's users: reading.clean.clean


# --------------------------------------------------------------------------- spaces and ends

# Searching for runs of spaces and judging their neighbours in Python is much cheaper
# than regexes with look-behind classes that are tried at every character.
_SPACE_RUN = re.compile(f"{_HSPACE}+")
_ALNUM = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz%‰")
_SPACELESS_PUNCT = frozenset("，。：；！？、")
_CJK_ONE = re.compile(f"[{CJK}]")


def _cjk_meets_alnum(before: str, after: str) -> bool:
    return (after in _ALNUM and _CJK_ONE.match(before) is not None) or (
        before in _ALNUM and _CJK_ONE.match(after) is not None
    )


def delete_spaces(mt: MappedText, between: Callable[[str, str], bool]) -> MappedText:
    """Delete each run of horizontal spaces whose neighbours satisfy `between`
    (a text edge counts as a line break)."""
    text = mt.text

    def repl(m: re.Match[str]) -> str | None:
        before = text[m.start() - 1] if m.start() else "\n"
        after = text[m.end()] if m.end() < len(text) else "\n"
        return "" if between(before, after) else None

    return mt.sub(_SPACE_RUN, repl)


def drop_broken_tail(mt: MappedText) -> MappedText:
    """A text cut inside a character ends in U+FFFD (maybe with whitespace): drop it."""
    m = _BROKEN_TAIL.search(mt.text, max(0, len(mt.text) - 400))
    return mt.apply([(m.start(), m.end(), "")]) if m else mt


def strip_outer_whitespace(mt: MappedText) -> MappedText:
    text = mt.text
    lead = len(text) - len(text.lstrip())
    trail = len(text) - len(text.rstrip())
    if lead == len(text):
        return mt.apply([(0, len(text), "")]) if text else mt
    edits = [(0, lead, "")] if lead else []
    if trail:
        edits.append((len(text) - trail, len(text), ""))
    return mt.apply(edits) if edits else mt


# --------------------------------------------------------------------------- spacing

_HAN_SPACE_HAN = re.compile(rf"(?<=[{CJK}]) (?=[{CJK}])")
_HAN_CHAR = re.compile(f"[{HAN}]")
# Some PDF text layers put a space after every character (赣 州 市 教 育 局). In
# ordinary text a space between two Chinese characters is rare (< 1 % of them).
LETTER_SPACED_RATIO = 0.3


def unspace_letter_spaced_text(mt: MappedText) -> MappedText:
    """Delete the single spaces between Chinese characters when the whole text is
    letter-spaced; otherwise leave such spaces alone (they separate title parts)."""
    text = mt.text
    if text.count(" ") < 0.1 * len(text):
        return mt  # letter-spaced text is at least a third spaces
    han = len(text) - len(_HAN_CHAR.sub("", text))  # counts without building lists
    if not han or text.count(" ") < LETTER_SPACED_RATIO * han:
        return mt
    if len(text) - len(_HAN_SPACE_HAN.sub("", text)) < LETTER_SPACED_RATIO * han:
        return mt
    return mt.sub(_HAN_SPACE_HAN, lambda m: "")


# A line of single Chinese characters set apart by spaces (政 府 工 作 报 告): a title
# letter-spaced for width, as report and masthead titles are typed. Three characters at
# least; a line of words (工作 动态) or of a name and a post is not one.
_LETTER_SPACED_LINE = re.compile(rf"(?m)^{_HSPACE}*[{HAN}](?:{_HSPACE}+[{HAN}]){{2,}}{_HSPACE}*$")
_LINE_GAP = re.compile(rf"(?<=[{HAN}]){_HSPACE}+(?=[{HAN}])")


def unspace_letter_spaced_lines(mt: MappedText) -> MappedText:
    """Delete the spaces inside each letter-spaced line (deletions: the map stays exact)."""
    edits = [
        (m.start() + g.start(), m.start() + g.end(), "")
        for m in _LETTER_SPACED_LINE.finditer(mt.text)
        for g in _LINE_GAP.finditer(m.group(0))
    ]
    return mt.apply(edits) if edits else mt


# --------------------------------------------------------------------------- page breaks


_WIDE = re.compile("[\u2e80-\uffff]")


def _width(line: str) -> int:
    """Display width: a Han/full-width char is two columns, ASCII one."""
    return 2 * len(line) - len(_WIDE.sub("", line))


def rejoin_wrapped_lines(mt: MappedText) -> MappedText:
    """Re-flow hard-wrapped text (PDF text layers put every printed line on its own
    line). Only when most lines share one full width: then a line that reaches that
    width and does not end a sentence continues on the next line — unless the next
    line is indented (a new paragraph). Runs before line edges are trimmed, so the
    indentation is still there to see."""
    text = mt.text
    lines = text.split("\n")
    widths = [_width(ln.rstrip()) for ln in lines if ln.strip()]
    if len(widths) < 5:
        return mt
    counts: dict[int, int] = {}
    for w in widths:
        if w >= 30:
            counts[w] = counts.get(w, 0) + 1
    if not counts:
        return mt
    full = max(counts, key=lambda w: (sum(counts.get(w + d, 0) for d in range(-2, 3)), w))
    near = sum(1 for w in widths if full - 4 <= w <= full + 2)
    if near < 3 or near < 0.3 * len(widths):
        return mt  # paragraphs, not printed lines
    edits: list[tuple[int, int, str]] = []
    pos = 0
    for k, ln in enumerate(lines[:-1]):
        end = pos + len(ln)
        nxt = lines[k + 1]
        content = ln.rstrip()
        indent = len(nxt) - len(nxt.lstrip(" \t"))
        if (
            content.strip()
            and nxt.strip()
            and indent < 2
            and _width(content) >= full - 4
            and not is_terminated(content)
            and not _NO_JOIN_NEXT.match(nxt.lstrip())
            and not looks_like_table_row(content)
            and not looks_like_table_row(nxt)
        ):
            edits.append((pos + len(content), end + 1 + indent, ""))
        pos = end + 1
    return mt.apply(edits) if edits else mt


def is_terminated(block: str) -> bool:
    """True when a block ends a sentence (closing quotes/brackets after the stop count)."""
    stripped = block.rstrip(CLOSERS + " ")
    if not stripped:
        return True
    if len(stripped) < len(block.rstrip()):  # ended in a closer
        return stripped[-1] in TERMINATORS or stripped[-1] in "。！？"
    return stripped[-1] in TERMINATORS


_WHITESPACE = re.compile(r"\s")
# A table row of a PDF/text table: three or more cells split by tabs or runs of 2+ spaces,
# no sentence punctuation. Rows are never the halves of a broken sentence; joining them
# would glue a whole table (and the paragraph after it) into one line.
_CELL_GAP = re.compile(r"[^\S\n]*\t[^\S\n]*|[ \u00a0\u3000]{2,}")


def looks_like_table_row(line: str) -> bool:
    line = line.strip()
    return len(_CELL_GAP.findall(line)) >= 2 and not any(ch in line for ch in "。，；！？")


_ENDS_WITH_DATE = re.compile(r"(?:19|20)[0-9]{2}\s*年\s*[0-9]{1,2}\s*月\s*[0-9]{1,2}\s*日?\s*$")


def _indented_in_original(original: str, pos: int) -> bool:
    """Did the line that starts at original[pos] begin with an indentation (two spaces
    or an ideographic space)? Chinese paragraphs are indented; a sentence carried over
    to the next page is not."""
    width = 0
    i = pos - 1
    while i >= 0 and original[i] in " \t\u3000\u00a0":
        width += 2 if original[i] == "\u3000" else 1
        i -= 1
    return width >= 2 and (i < 0 or original[i] in "\n\r\f")


def rejoin_page_breaks(mt: MappedText, original: str | None = None) -> MappedText:
    """Join a block of ≥ MIN_BROKEN_BLOCK chars that does not end a sentence with the
    next block (`坚\\n\\n决完成` → `坚决完成`). The block grows as it is joined, so a
    sentence broken twice is repaired too. Linear: the block's length is counted as
    it grows and only its tail is inspected."""
    text = mt.text
    edits: list[tuple[int, int, str]] = []
    block_len = 0  # non-whitespace chars of the current block (padding is no text)
    line_start = 0
    for m in _BLOCK_BREAK.finditer(text):
        line = text[line_start : m.start()]
        block_len += len(line) - len(_WHITESPACE.findall(line))
        tail = text[max(0, m.start() - 200) : m.start()]
        nxt_end = text.find("\n", m.end())
        nxt = text[m.end() : nxt_end if nxt_end >= 0 else len(text)]
        line_start = m.end()
        if (
            block_len >= MIN_BROKEN_BLOCK
            and tail
            and nxt
            and not _ENDS_WITH_DATE.search(tail)  # masthead: …办公室    2019年12月20
            and not is_terminated(tail)
            and not _NO_JOIN_NEXT.match(nxt)
            and not looks_like_table_row(nxt)
            and not looks_like_table_row(tail[tail.rfind("\n") + 1 :])
            and meta_of_line(tail[tail.rfind("\n") + 1 :]) is None  # 发布日期：… 来源：… (no 。)
            and not (original is not None and _indented_in_original(original, mt.offsets[m.end()]))
        ):
            if tail[-1].isascii() and tail[-1].isalpha() and nxt[0].isascii() and nxt[0].isalpha():
                # English words across the break keep one space
                edits.append((m.start(), m.start() + 1, " "))
                if m.end() > m.start() + 1:
                    edits.append((m.start() + 1, m.end(), ""))
            else:
                edits.append((m.start(), m.end(), ""))
            continue  # the block goes on
        block_len = 0
    return mt.apply(edits) if edits else mt


# --------------------------------------------------------------------------- punctuation

_CJK_CHAR = re.compile(f"[{CJK}]")
_FULL = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！", "(": "（", ")": "）"}
_SIMPLE_PUNCT = re.compile(r"[,:;?!]")
_PAREN_PAIR = re.compile(r"\(([^()\n]{0,300})\)")
_LONE_PAREN = re.compile(r"[()]")
_QUOTE_PAIR = re.compile(r'"([^"\n]{0,500})"')
_PERIOD = re.compile(rf"(?<=[{HAN}”）])\.(?=\s|\Z|[{CJK}])")


def _is_cjk(ch: str) -> bool:
    return bool(ch) and _CJK_CHAR.match(ch) is not None


def _pairs(text: str, edits: dict[int, str], neighbours) -> None:  # type: ignore[no-untyped-def]
    for m in _PAREN_PAIR.finditer(text):
        prev, _ = neighbours(m.start(), m.start() + 1)
        _, nxt = neighbours(m.end() - 1, m.end())
        if _CJK_CHAR.search(m.group(1)) or _is_cjk(prev) or _is_cjk(nxt):
            edits[m.start()] = "（"
            edits[m.end() - 1] = "）"
    unbalanced: dict[int, bool] = {}  # per line start: does the line have lone parens?
    newlines: list[int] = []  # filled on first need
    for m in _LONE_PAREN.finditer(text):
        if m.start() in edits:
            continue
        prev, nxt = neighbours(m.start(), m.end())
        if _is_cjk(prev) or _is_cjk(nxt):
            # only convert a paren that has no ASCII partner on the same line
            if not newlines:
                newlines.extend(k for k, ch in enumerate(text) if ch == "\n")
                newlines.append(len(text))
            line_start = newlines[bisect_left(newlines, m.start()) - 1] + 1 if m.start() > newlines[0] else 0
            if line_start not in unbalanced:
                line_end = text.find("\n", m.end())
                line = text[line_start : line_end if line_end >= 0 else len(text)]
                unbalanced[line_start] = line.count("(") != line.count(")")
            if unbalanced[line_start]:
                edits[m.start()] = _FULL[m.group(0)]
    for m in _QUOTE_PAIR.finditer(text):
        prev, _ = neighbours(m.start(), m.start() + 1)
        _, nxt = neighbours(m.end() - 1, m.end())
        if _CJK_CHAR.search(m.group(1)) or _is_cjk(prev) or _is_cjk(nxt):
            edits[m.start()] = "“"
            edits[m.end() - 1] = "”"


def ascii_punctuation_to_fullwidth(mt: MappedText) -> MappedText:
    """`,` `:` `;` `?` `!` `(` `)` `"…"` and a sentence-final `.` become full width when
    they sit next to Chinese; never inside numbers (1,234.5, 10:30), URLs or English."""
    text = mt.text

    def neighbours(start: int, end: int) -> tuple[str, str]:
        i, j = start - 1, end
        while i >= 0 and text[i] in " \t":
            i -= 1
        while j < len(text) and text[j] in " \t":
            j += 1
        return (text[i] if i >= 0 else ""), (text[j] if j < len(text) else "")

    edits: dict[int, str] = {}
    _pairs(text, edits, neighbours)
    if edits:  # quotes and brackets first: `"好"!` needs the closing ” to see `!` as Chinese
        mt = mt.apply((pos, pos + 1, repl) for pos, repl in sorted(edits.items()))
        text = mt.text
        edits = {}
    for m in _SIMPLE_PUNCT.finditer(text):
        ch = m.group(0)
        before = text[m.start() - 1] if m.start() else ""
        after = text[m.end()] if m.end() < len(text) else ""
        if before.isdigit() and after.isdigit():
            continue  # 1,234 / 10:30
        if ch == ":" and after == "/":
            continue  # http://
        prev, nxt = neighbours(m.start(), m.end())
        if ch in "?!" and not _is_cjk(prev):
            continue
        if _is_cjk(prev) or _is_cjk(nxt):
            edits[m.start()] = _FULL[ch]
    for m in _PERIOD.finditer(text):
        if text[m.start() - 1 : m.start()] != "." and text[m.end() : m.end() + 1] != ".":
            edits[m.start()] = "。"
    if not edits:
        return mt
    return mt.apply((pos, pos + 1, repl) for pos, repl in sorted(edits.items()))
