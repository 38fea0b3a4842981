"""A PDF's text in reading order, laid out from the geometry of its text layer.

Office bulletins come as PDFs printed from Word/WPS/LibreOffice. Their text layer
is a stream of glyphs with positions; read naively it puts the running page header
into the title, glues each headline to the first wrapped line of its body, reads two
columns row by row and breaks words and names at every printed line. Here the glyphs
(pdfminer.six, one ``LTChar`` each: position, size) are put back together:

1. rows: glyphs on one baseline, split at the gutter between columns (a gap wider
   than a character elsewhere, as between table cells, becomes spaces);
2. columns: a vertical gutter near the middle of the page that no body row crosses;
   between two full-width rows the left column is read before the right one;
3. running headers and footers: rows at the top or bottom of the page that repeat
   (digits aside) on at least half the pages, and bare page numbers there, are dropped
   — on page 1 too, so the page header never joins the masthead;
4. paragraphs: a row joins the previous one when it has the same size and face, is not
   indented, follows at the usual line pitch (more space above opens a block) and the
   previous row ran to the column's right edge (also across a column or page break); a
   headline (larger than the body text) wrapped over two rows is joined too, and a
   headline always stays a paragraph of its own (by size, by face — 黑体 over 仿宋 —, or
   by being short).

The result is one paragraph per line, the masthead rows of page 1 first, so that
``header.py`` reads title, 第N期, issuer and date as it does from a text file.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass

from .header import parse_date, parse_issue

_ASCII_ALNUM = re.compile(r"[0-9A-Za-z%.]")
_PAGE_NUMBER = re.compile(r"^[-—–－·\s]*(?:第\s*)?[0-9]{1,3}(?:\s*页)?(?:\s*/\s*[0-9]{1,3})?(?:\s*共\s*[0-9]{1,3}\s*页)?[-—–－·\s]*$")
_DIGITS = re.compile(r"[0-9]+")
COLUMN_INDENT = 2.5  # a right-column line starts within this many characters of its margin
MIN_COLUMN_GLYPHS = 6  # characters on each side of a gutter for a baseline to show two columns
WIDE_GAP = 1.0  # a gap wider than one character inside a row is written as spaces
EDGE_ROWS = 2  # rows at the top and at the bottom of a page that may be running lines
LONE_HEADER_GAP = 3.0  # a one-page PDF's page header stands this many of its own sizes above the next row


@dataclass
class Glyph:
    x0: float
    x1: float
    y: float  # baseline (bottom of the glyph box)
    size: float
    text: str
    font: str = ""  # font name without the subset prefix (ABCDEF+SimHei → SimHei)


@dataclass
class Row:
    """Glyphs on one baseline of one column (a printed line)."""

    x0: float
    x1: float
    y: float
    size: float
    text: str
    page: int
    font: str = ""
    column: int = 0  # 0 = the only or the left column, 1 = the right one, -1 = across both


def page_glyphs(layout_obj) -> list[Glyph]:  # type: ignore[no-untyped-def]
    """Every character of a pdfminer page (also inside figures/forms)."""
    from pdfminer.layout import LTChar

    out: list[Glyph] = []
    stack = [layout_obj]
    while stack:
        obj = stack.pop()
        if isinstance(obj, LTChar):
            text = obj.get_text()
            if text and not text.startswith("(cid:"):
                font = (obj.fontname or "").split("+", 1)[-1]
                out.append(Glyph(obj.x0, obj.x1, obj.y0, round(obj.size * 2) / 2, text, font))
        elif hasattr(obj, "__iter__"):
            stack.extend(obj)
    return out


def _row_text(glyphs: list[Glyph], size: float) -> str:
    parts: list[str] = []
    prev: Glyph | None = None
    for g in glyphs:
        if prev is not None and g.text != " " and prev.text != " ":
            gap = g.x0 - prev.x1
            both_ascii = _ASCII_ALNUM.match(prev.text) and _ASCII_ALNUM.match(g.text)
            if gap > WIDE_GAP * size:
                parts.append("    ")  # masthead: issuer ……… date
            elif both_ascii and gap > 0.2 * size:
                parts.append(" ")  # two numbers or words set apart
        parts.append(g.text)
        prev = g
    return re.sub(r" {5,}", "    ", "".join(parts)).strip()


def baselines(glyphs: list[Glyph]) -> list[list[Glyph]]:
    """Glyphs clustered into baselines (top to bottom), each sorted left to right."""
    lines: list[list[Glyph]] = []
    for g in sorted(glyphs, key=lambda g: (-g.y, g.x0)):
        if lines and abs(lines[-1][0].y - g.y) <= 0.35 * max(g.size, lines[-1][0].size):
            lines[-1].append(g)
        else:
            lines.append([g])
    for line in lines:
        line.sort(key=lambda g: g.x0)
    return lines


def _spans(line: list[Glyph]) -> list[tuple[float, float]]:
    """Inked stretches of a baseline: glyphs closer than half a character merge."""
    spans: list[tuple[float, float]] = []
    for g in line:
        if spans and g.x0 - spans[-1][1] <= 0.5 * g.size:
            spans[-1] = (spans[-1][0], max(spans[-1][1], g.x1))
        else:
            spans.append((g.x0, g.x1))
    return spans


def gutter_of(lines: list[list[Glyph]], width: float) -> float | None:
    """The x of a column gutter near the page middle that few baselines cross, with
    text on both sides of it on many baselines; None for a one-column page."""
    if len(lines) < 6 or width <= 0:
        return None
    spans = [_spans(line) for line in lines]
    covers = {x: sum(1 for ss in spans if any(a < x < b for a, b in ss)) for x in range(int(0.3 * width), int(0.7 * width))}
    best_cover = min(covers.values())
    run = [x for x, c in covers.items() if c == best_cover]
    # the middle of the first run of least-covered x: the gutter's centre
    end = next((k for k in range(1, len(run)) if run[k] != run[k - 1] + 1), len(run))
    best_x = float(run[(end - 1) // 2])
    # baselines with a run of text on both sides (a table's short cells do not count)
    both = sum(
        1 for line in lines
        if sum(1 for g in line if g.x1 <= best_x) >= MIN_COLUMN_GLYPHS and sum(1 for g in line if g.x0 >= best_x) >= MIN_COLUMN_GLYPHS
    )  # fmt: skip
    if both < 3 or best_cover > max(2, 0.25 * len(lines)):
        return None
    return best_x


def _right_margin(lines: list[list[Glyph]], gutter: float) -> float:
    """Where the right column's lines start: the commonest first x right of the gutter."""
    starts = Counter(round(next(g.x0 for g in line if g.x0 >= gutter)) for line in lines if any(g.x0 >= gutter for g in line))
    return float(starts.most_common(1)[0][0]) if starts else gutter


def rows_of(glyphs: list[Glyph], page: int, width: float = 0.0) -> tuple[list[Row], float | None]:
    """Baselines split into rows at the column gutter and at wide gaps."""
    lines = baselines(glyphs)
    gutter = gutter_of(lines, width)
    right_margin = _right_margin(lines, gutter) if gutter is not None else 0.0
    rows: list[Row] = []
    for line in lines:
        segment: list[Glyph] = []
        for g in line:
            if segment and g.text != " ":
                gap_from = segment[-1].x1
                # only the gutter splits a baseline: a table row's cells stay one line,
                # set apart by spaces (the cleaner and the table reader expect that)
                # (text that starts far from the right column's margin is the line's own
                # spacing, as issuer …… date in a masthead across the page)
                if gutter is not None and gap_from <= gutter <= g.x0 and g.x0 - right_margin <= COLUMN_INDENT * g.size:
                    rows.append(_row(segment, page))
                    segment = []
            segment.append(g)
        if segment:
            rows.append(_row(segment, page))
    for r in rows:
        if gutter is not None:
            r.column = -1 if r.x0 < gutter < r.x1 else 1 if r.x0 >= gutter else 0
    return [r for r in rows if r.text], gutter


def _row(glyphs: list[Glyph], page: int) -> Row:
    inked = [g for g in glyphs if g.text.strip()] or glyphs
    size = Counter(g.size for g in inked).most_common(1)[0][0]
    font = Counter(g.font for g in inked if not g.text.isascii()).most_common(1)  # the Chinese face decides
    return Row(inked[0].x0, inked[-1].x1, min(g.y for g in inked), size, _row_text(glyphs, size), page,
               font[0][0] if font else "")  # fmt: skip


def reading_order(rows: list[Row], gutter: float | None) -> list[Row]:
    """Top to bottom; between full-width rows, the left column before the right one."""
    rows = sorted(rows, key=lambda r: (-r.y, r.x0))
    if gutter is None:
        return rows
    out: list[Row] = []
    band: list[Row] = []

    def flush() -> None:
        for col in (0, 1):
            out.extend(r for r in band if r.column == col)
        band.clear()

    for r in rows:
        if r.column == -1:  # a full-width row (masthead, a headline across the page)
            flush()
            out.append(r)
        else:
            band.append(r)
    flush()
    return out


def _edge_rows(rows: list[Row]) -> list[Row]:
    by_y = sorted(rows, key=lambda r: -r.y)
    return by_y[:EDGE_ROWS] + by_y[-EDGE_ROWS:]


def _key(text: str) -> str:
    return _DIGITS.sub("#", "".join(text.split()))


def lone_page_header(rows: list[Row]) -> Row | None:
    """The page header of a one-page PDF, where no row can be seen to repeat: the top
    row when it is printed smaller than the body text, stands apart from the row below
    (≥ LONE_HEADER_GAP of its own sizes, the header area's margin) and is short. A small
    line that names an issue or a date (a masthead's 第N期 line) is kept."""
    by_y = sorted(rows, key=lambda r: -r.y)
    if len(by_y) < 2:
        return None
    top, below = by_y[0], by_y[1]
    body = Counter(r.size for r in rows for _ in r.text).most_common(1)[0][0]
    text = "".join(top.text.split())
    if top.size >= body - 0.6 or top.y - below.y < LONE_HEADER_GAP * top.size + below.size or len(text) > 40:
        return None
    if parse_issue(text) or parse_date(text) or any(c in text for c in "。！？；"):
        return None
    return top


def drop_running_rows(pages: list[list[Row]]) -> list[list[Row]]:
    """Rows repeated at the top or bottom of at least half the pages (two at least),
    and page numbers at the page edge, are page furniture. On page 1 a repeated row is
    kept when nothing there is printed larger: then it is the masthead's own title
    (a series title repeated as the running header of later pages). A one-page PDF's
    header is found by its place and size instead (lone_page_header)."""
    counts: Counter[str] = Counter()
    for rows in pages:
        counts.update({_key(r.text) for r in _edge_rows(rows)})
    needed = max(2, (len(pages) + 1) // 2)
    running = {k for k, n in counts.items() if n >= needed}
    lone = lone_page_header(pages[0]) if len(pages) == 1 else None
    out: list[list[Row]] = []
    for number, rows in enumerate(pages):
        edges = {id(r) for r in _edge_rows(rows)}
        largest = max((r.size for r in rows), default=0.0)

        def furniture(r: Row) -> bool:
            if id(r) not in edges:
                return False
            if _PAGE_NUMBER.match(r.text) or r is lone:
                return True
            return _key(r.text) in running and (number > 0 or r.size < largest - 0.6)

        out.append([r for r in rows if not furniture(r)])
    return out


@dataclass
class _Frame:
    """What paragraph joining needs to know about the page: column edges, body size, line pitch."""

    body: float
    pitch: float
    left: dict[tuple[int, int], float]
    right: dict[tuple[int, int], float]


def _joins(prev: Row, row: Row, f: _Frame) -> bool:
    """Does `row` continue the paragraph that `prev` ends?"""
    if abs(prev.size - row.size) > 0.6 or (prev.font and row.font and prev.font != row.font):
        return False  # another size or face: a headline (黑体 over 仿宋 at the same size)
    same_column = row.page == prev.page and row.column == prev.column
    gap = prev.y - row.y
    if row.size > f.body + 0.6:  # a headline wrapped over two rows
        return same_column and 0 < gap <= 2.2 * row.size
    if row.x0 - f.left[(row.page, row.column)] >= 1.2 * row.size:
        return False  # an indented first line opens a paragraph
    if same_column and gap > max(f.pitch * 1.25, row.size * 1.2) + 0.5:
        return False  # space around: a new block
    return prev.x1 >= f.right[(prev.page, prev.column)] - 1.5 * prev.size  # prev ran to the edge


def _frame(rows: list[Row]) -> _Frame:
    body = Counter(r.size for r in rows for _ in r.text).most_common(1)[0][0]
    right: dict[tuple[int, int], float] = {}
    left: dict[tuple[int, int], float] = {}
    for r in rows:
        k = (r.page, r.column)
        right[k] = max(right.get(k, r.x1), r.x1)
        left[k] = min(left.get(k, r.x0), r.x0)
    pitches = Counter(
        round(a.y - b.y)
        for a, b in zip(rows, rows[1:])
        if a.page == b.page and a.column == b.column and a.size == b.size == body and a.y > b.y
    )
    pitch = pitches.most_common(1)[0][0] if pitches else body * 1.5
    return _Frame(body, float(pitch), left, right)


def paragraphs(rows: list[Row]) -> list[str]:
    """Rows in reading order → one string per paragraph (headlines on their own)."""
    if not rows:
        return []
    frame = _frame(rows)
    out: list[list[str]] = []
    prev: Row | None = None
    for r in rows:
        if prev is not None and _joins(prev, r, frame):
            tail = out[-1][-1]
            if _ASCII_ALNUM.match(tail[-1:]) and _ASCII_ALNUM.match(r.text[:1]) and not tail[-1:].isdigit():
                out[-1].append(" ")  # English words across a line end
            out[-1].append(r.text)
        else:
            out.append([r.text])
        prev = r
    return ["".join(p) for p in out]


def layout_text(data: bytes, password: str = "") -> str | None:
    """The laid-out text of a PDF, or None when the text layer has no characters (a
    scanned page). pdfminer.six errors propagate; the caller falls back to pypdf."""
    from pdfminer.high_level import extract_pages

    pages: list[list[Row]] = []
    for number, page in enumerate(extract_pages(io.BytesIO(data), password=password, laparams=None)):
        rows, gutter = rows_of(page_glyphs(page), number, page.width)
        pages.append(reading_order(rows, gutter))
    if not any(pages):
        return None
    pages = drop_running_rows(pages)
    return "\n".join(paragraphs([r for rows in pages for r in rows]))
