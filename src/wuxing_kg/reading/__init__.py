"""file → text → cleaned text with offset map → bulletin layout.

Public API:

* ``read_bulletin(path, *, max_bytes=None) -> records.Bulletin`` — any supported file
  (txt in UTF-8 ± BOM / GB18030 / UTF-16, html, docx, pdf with a text layer);
  raises ``errors.BadInputError`` for files that cannot be a bulletin, including texts
  that are not Chinese (``with allowing_non_chinese():`` lets those through).
* ``bulletin_from_text(text, source="<text>") -> records.Bulletin`` — the same from a str.

``Bulletin.original`` is the decoded text as it was (for html/docx/pdf: the text
extracted from the file), ``Bulletin.text`` the cleaned text, ``Bulletin.offsets`` the
map between them. No spaCy, no rdflib here.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from ..records import Bulletin
from .byline import read_byline
from .clean import CleanText, clean_text
from .header import date_from_url
from .language import allowing_non_chinese
from .layout import Layout, lay_out

# `clean_text`, not `clean`: the name `reading.clean` stays the submodule.
__all__ = ["read_bulletin", "allowing_non_chinese", "bulletin_from_text", "clean_text", "lay_out", "date_from_url", "CleanText", "Layout"]


def bulletin_from_text(text: str, source: str = "<text>", *, sha256: str | None = None) -> Bulletin:
    """Clean and lay out a decoded text (the whole flow after decoding)."""
    cleaned = clean_text(text)
    layout = lay_out(cleaned.text)
    has_masthead = layout.title is not None or layout.issue is not None
    # A page without a masthead names its publisher and date in its furniture
    # (来源, dateline, a report's speaker and delivery lines): tests/realset/README.md 1, 2, 16.
    byline = read_byline(text, traditional=cleaned.converted_from_traditional)
    page_date = cleaned.page.date if cleaned.page else None
    if has_masthead:
        issued = layout.date or page_date
    else:
        issued = byline.document_date or layout.date or byline.page_date or page_date
    return Bulletin(
        source=source,
        original=text,
        text=cleaned.text,
        offsets=cleaned.offsets,
        sha256=sha256 or hashlib.sha256(text.encode("utf-8")).hexdigest(),
        title=layout.title,
        issue=layout.issue,
        # Only a date written in the text (masthead, a report's delivery line, a web page's
        # 发布日期 line): the NLP falls back to an explicit default date, then to the URL's date.
        date=issued,
        issuer=layout.issuer or (None if has_masthead else byline.issuer),
        source_url=cleaned.source_url,
        url_date=date_from_url(cleaned.source_url) if cleaned.source_url else None,
        converted_from_traditional=cleaned.converted_from_traditional,
        articles=layout.articles,
    )


def read_bulletin(path: str | os.PathLike[str], *, max_bytes: int | None = None) -> Bulletin:
    """Read, decode, clean and lay out one bulletin file."""
    from .formats import read_text  # format detection and refusals

    p = Path(path)
    text, data = read_text(p, max_bytes=max_bytes)
    return bulletin_from_text(text, p.name, sha256=hashlib.sha256(data).hexdigest())
