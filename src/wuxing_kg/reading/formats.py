"""File → decoded text, for txt / html / docx / pdf, with clear refusals.

The format is decided by the extension AND the content: a ``.txt`` that is really
a ZIP or PNG is refused rather than read as garbage. Every refusal is a
``BadInputError(path, why)`` with a one-line reason. The size limit is checked on
``stat`` before a single byte is read.
"""

from __future__ import annotations

import io
import logging
import os
import re
from pathlib import Path

from .. import settings
from ..errors import BadInputError
from .decode import Undecodable, decode_text, plausibility
from .language import non_chinese_allowed, not_chinese_reason
from .mainhtml import main_content
from .webpage import is_furniture, meta_of_line

MAX_HEADLINE = 50  # as the layout's: a longer first line is body text

TEXT_EXT = {".txt", ".text", ".md", ""}
HTML_EXT = {".html", ".htm", ".xhtml", ".shtml"}
DOCX_EXT = {".docx"}
PDF_EXT = {".pdf"}
SUPPORTED = ".txt, .html/.htm, .docx, .pdf"

# Magic numbers of things that are not bulletins (or need their own reader).
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "zip"),
    (b"PK\x05\x06", "zip"),
    (b"%PDF-", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"BM", ""),  # too short to trust alone; checked below
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a legacy Office file (.doc/.xls: save it as .docx)"),
    (b"\x7fELF", "an executable"),
    (b"MZ", ""),  # DOS/Windows executable; checked below
    (b"{\\rtf", "an RTF document (save it as .docx or .txt)"),
)

_HTML_SNIFF = re.compile(r"^\s*(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<meta[\s>])", re.IGNORECASE)
_SOURCE_FIRST_LINE = re.compile(r"\A\ufeff?\s*#\s*source\s*[:：][^\n]*\n", re.IGNORECASE)


def _text_or_saved_page(decoded: str) -> str:
    """A .txt that is really a saved web page (maybe under a # source: line) is read as
    HTML; the source line is kept in front of the page's text."""
    m = _SOURCE_FIRST_LINE.match(decoded)
    head, rest = (decoded[: m.end()], decoded[m.end() :]) if m else ("", decoded)
    if _HTML_SNIFF.match(rest[:512]):
        return head + html_text(rest)
    return decoded


def sniff(head: bytes) -> str | None:
    """What the first bytes say the file is ('zip', 'pdf', a description) or None."""
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            if magic == b"BM":
                return "a BMP image" if len(head) > 14 and head[6:10] == b"\x00\x00\x00\x00" else None
            if magic == b"MZ":
                return "an executable" if b"\x00" in head[:64] else None
            return kind
    return None


def read_text(path: Path, *, max_bytes: int | None = None) -> tuple[str, bytes]:
    """(decoded text, file bytes). Refuses anything that cannot be a bulletin."""
    shown = str(path)
    if not path.exists():
        raise BadInputError(shown, "no such file")
    if path.is_dir():
        raise BadInputError(shown, "is a directory, not a file")
    limit = settings.max_bytes(max_bytes)
    size = path.stat().st_size
    if size > limit:
        raise BadInputError(shown, f"file too large ({size:,} bytes > limit {limit:,}); raise --max-bytes or $WUXING_KG_MAX_BYTES")
    if size == 0:
        raise BadInputError(shown, "empty file (0 bytes)")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise BadInputError(shown, f"cannot be read ({exc.strerror or exc})") from exc
    if len(data) > limit:  # grew between stat and read
        raise BadInputError(shown, f"file too large (> limit {limit:,} bytes)")

    ext = path.suffix.lower()
    kind = sniff(data[:64])
    if ext in DOCX_EXT:
        if kind != "zip":
            raise BadInputError(shown, "not a valid .docx (no ZIP/OOXML container: corrupt or mislabelled)")
        text = docx_text(data, shown)
    elif ext in PDF_EXT:
        if kind != "pdf":
            raise BadInputError(shown, "not a valid .pdf (no %PDF header: corrupt or mislabelled)")
        text = pdf_text(data, shown)
    elif ext in HTML_EXT:
        if kind is not None:
            raise BadInputError(shown, f"is {_describe(kind)}, not HTML")
        text = html_text(_decode(data, shown))
    elif ext in TEXT_EXT:
        if kind is not None:
            raise BadInputError(shown, f"is {_describe(kind)}, not text (unknown format for a {ext or 'extension-less'} file)")
        text = _text_or_saved_page(_decode(data, shown))
    else:
        raise BadInputError(shown, f"unknown format '{ext}' (supported: {SUPPORTED})")
    if not text.strip() or _only_metadata(text):
        why = "only whitespace or a broken character" if not text.strip() else "only a # source: line"
        raise BadInputError(shown, f"empty file ({why})")
    # a limit the user set (ingest passes the resolved default on: that is not one)
    explicit = bool(os.environ.get(settings.MAX_BYTES_ENV)) or max_bytes not in (None, settings.DEFAULT_MAX_BYTES)
    _check_text_size(text, shown, limit, explicit=explicit)
    if not non_chinese_allowed():
        reason = not_chinese_reason(text)
        if reason:
            raise BadInputError(shown, reason)
    return text, data


# The text a bulletin may hold, in UTF-8 bytes, unless a limit is set explicitly
# (--max-bytes / $WUXING_KG_MAX_BYTES). The file limit stays wide because a PDF or DOCX
# is mostly fonts and images; the pipeline's cost follows the text: measured by
# bench/bench_memory.py at about 30-70 s and ~0.7 GB (mapping and SHACL validation
# included) per MB of text, so 2 MiB is a few minutes of work.
DEFAULT_MAX_TEXT_BYTES = 2 * 1024 * 1024


def _check_text_size(text: str, shown: str, file_limit: int, *, explicit: bool) -> None:
    limit = file_limit if explicit else DEFAULT_MAX_TEXT_BYTES
    size = len(text.encode("utf-8"))
    if size > limit:
        raise BadInputError(
            shown,
            f"text too large ({size:,} bytes of text > limit {limit:,}, a few minutes of extraction); "
            "split the file, or raise --max-bytes or $WUXING_KG_MAX_BYTES",
        )


def _describe(kind: str) -> str:
    return {"zip": "a ZIP archive", "pdf": "a PDF"}.get(kind, kind)


def _only_metadata(text: str) -> bool:
    lines = [ln for ln in text.splitlines() if ln.strip()]
    return len(lines) == 1 and lines[0].lstrip().lower().startswith("# source:")


def _decode(data: bytes, shown: str) -> str:
    try:
        text, _encoding = decode_text(data)
    except Undecodable as exc:
        raise BadInputError(shown, str(exc)) from exc
    return text


# --------------------------------------------------------------------------- html

_BLOCK_TAGS = {
    "p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "tr", "table",
    "section", "article", "header", "footer", "blockquote", "pre", "hr", "dd", "dt", "dl",
    "td", "th", "title", "main", "nav", "aside", "figure", "figcaption", "address", "center",
}  # fmt: skip
_INVISIBLE = ("script", "style", "noscript", "template", "head", "iframe", "svg", "object")


_FURNITURE = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|menu|breadcrumbs?|crumbs?|footer|foot|sidebar|share|copyright|"
    r"toolbar|topbar|banner|search|login|skip)(?:$|[\s_-])",
    re.IGNORECASE,
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


def _is_furniture(tag) -> bool:  # type: ignore[no-untyped-def]
    if tag.name in ("nav", "aside", "footer", "form", "button", "select"):
        return True
    if tag.name == "header" and tag.find_parent(["article", "main"]) is None:
        return True
    attrs = tag.attrs or {}
    if "hidden" in attrs or _HIDDEN_STYLE.search(str(attrs.get("style", ""))):
        return True
    names = " ".join([*(attrs.get("class") or []), str(attrs.get("id") or "")])
    return bool(names.strip()) and _FURNITURE.search(names) is not None


# <title> is "article_column_site" or "article | site" or "article - site": the
# article comes first, the site's parts after a separator.
_TITLE_SUFFIX = re.compile(r"\s*(?:[_|｜]|\s[-—–]\s|——)\s*")


def page_metadata(soup) -> tuple[str | None, str | None, str | None]:  # type: ignore[no-untyped-def]
    """(title, date, source) the page declares about itself: the CMS meta tags
    (ArticleTitle, PubDate, ContentSource), Open Graph, then <title> without the
    site's suffix parts."""

    def meta(*names: str) -> str | None:
        for name in names:
            tag = soup.find("meta", attrs={"name": re.compile(f"^{name}$", re.I)}) or soup.find(
                "meta", attrs={"property": re.compile(f"^{name}$", re.I)}
            )
            value = (tag.get("content") or "").strip() if tag else ""
            if value:
                return " ".join(value.split())
        return None

    title = meta("ArticleTitle", "og:title", "twitter:title")
    if title is None and soup.title and soup.title.string:
        parts = [p for p in _TITLE_SUFFIX.split(soup.title.string.strip()) if p]
        title = parts[0] if parts else None
    date = meta("PubDate", "publishdate", "article:published_time", "og:release_date")
    source = meta("ContentSource", "source")  # og:site_name is the site, not the office
    return title, date, source


def _starts_with_prose(lines: list[str]) -> bool:
    """The first line that is not site furniture is a sentence, not a heading."""
    for ln in lines:
        if is_furniture(ln) or meta_of_line(ln) is not None:
            continue
        return len(ln) > MAX_HEADLINE or re.search("[。！？；]", ln) is not None
    return True


def _with_page_metadata(text: str, title: str | None, date: str | None, source: str | None) -> str:
    """Put the page's declared title and date/source in front of its text when the
    visible text does not carry them (pages whose headline is an image or a script),
    as the lines a web copy has: headline, then 发布日期：… 来源：…"""
    lines = text.split("\n")
    head: list[str] = []
    if title and title not in lines[:12] and _starts_with_prose(lines):
        head.append(title)  # else the page has its own headline or masthead: it wins
    has_meta_line = any(meta_of_line(ln) is not None for ln in lines[:20])
    if (date or source) and not has_meta_line:
        fields = ([f"发布日期：{date}"] if date else []) + ([f"来源：{source}"] if source else [])
        head.append(" ".join(fields))
    if not head:
        return text
    if title and title in lines[:12]:  # keep the headline first, the metadata under it
        i = lines.index(title)
        return "\n".join(lines[: i + 1] + head + lines[i + 1 :])
    return "\n".join(head + lines)


def html_text(markup: str) -> str:
    """Visible text; block elements become line breaks; script/style/head dropped;
    the page's metadata (title, date, source) in front when the text lacks it."""
    from bs4 import BeautifulSoup, Comment

    soup = BeautifulSoup(markup, "html.parser")
    declared = page_metadata(soup)
    for tag in soup(_INVISIBLE):
        tag.decompose()
    # Page furniture of government sites (menus, breadcrumbs, share bars, copyright
    # footers) is not part of the bulletin; neither is anything hidden.
    for tag in soup.find_all(True):
        if tag.decomposed:
            continue
        if _is_furniture(tag):
            tag.decompose()
    for c in soup.find_all(string=lambda s: isinstance(s, Comment)):
        c.extract()
    # The article found by its content: site bars and link columns the class names do
    # not betray stay out (mainhtml); the whole page when no block reads as prose.
    root = main_content(soup) or soup
    for tag in soup.find_all(True):
        if tag.name in _BLOCK_TAGS:
            if tag.name in ("br", "hr"):
                tag.replace_with("\n")
            else:
                tag.insert_before("\n")
                tag.insert_after("\n")
    raw = root.get_text()
    if root is not soup:  # a 发布时间/来源 line the template set apart from the article block
        whole = soup.get_text()
        before = whole[: max(0, whole.find(raw))].split("\n")
        raw = "\n".join([ln for ln in before if meta_of_line(ln.strip()) is not None] + [raw])
    lines = [ln.strip() for ln in raw.split("\n")]
    return _with_page_metadata("\n".join(ln for ln in lines if ln), *declared)


# --------------------------------------------------------------------------- docx


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _textbox_lines(paragraph) -> list[str]:  # type: ignore[no-untyped-def]
    """Text of the text boxes anchored in a paragraph (python-docx skips them). Word
    writes each box twice (mc:Choice and mc:Fallback): the fallback copy is skipped."""
    from lxml import etree

    boxes = etree.XPath(
        ".//w:txbxContent[not(ancestor::mc:Fallback)]/w:p", namespaces={"w": _W, "mc": _MC}
    )(paragraph)
    return ["".join(t.text or "" for t in p.iter(f"{{{_W}}}t")) for p in boxes]


def docx_text(data: bytes, shown: str) -> str:
    """Paragraphs (and table cells, in document order) of a .docx, one per line."""
    import zipfile

    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(io.BytesIO(data))
        lines: list[str] = []
        body = document.element.body
        for child in body.iterchildren():
            tag = child.tag.rsplit("}", 1)[-1]
            if tag == "p":
                lines.extend(_textbox_lines(child))  # mastheads often sit in text boxes
                lines.append(Paragraph(child, document).text)
            elif tag == "tbl":
                for row in Table(child, document).rows:
                    cells: list[str] = []
                    for cell in row.cells:
                        if cell.text.strip() and (not cells or cells[-1] != cell.text.strip()):
                            cells.append(cell.text.strip())
                    if cells:
                        lines.append("　".join(cells))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise BadInputError(shown, f"corrupt or truncated .docx ({type(exc).__name__})") from exc
    except Exception as exc:  # python-docx/lxml raise many kinds on broken packages
        raise BadInputError(shown, f"corrupt or truncated .docx ({type(exc).__name__}: {exc})".splitlines()[0]) from exc
    return "\n".join(lines)


# --------------------------------------------------------------------------- pdf


_DIGITS = re.compile(r"[0-9]+")
# Glyph codes read as Unicode give Latin-extended/Cyrillic/Thai soup; real text is
# nearly all Han, ASCII and punctuation.
MIN_PDF_PLAUSIBLE = 0.8
MAX_RUNNING_LINE = 40


def drop_running_lines(pages: list[str]) -> list[str]:
    """Running headers/footers (the series title or office name repeated at the top
    or bottom of every page, page numbers aside) would land in the middle of a
    sentence broken by the page; they are dropped from every page but the first."""
    if len(pages) < 2:
        return pages
    split = [p.split("\n") for p in pages]

    def key(line: str) -> str:
        return _DIGITS.sub("#", "".join(line.split()))

    edge_counts: dict[str, int] = {}
    for lines in split[1:]:
        nonempty = [ln for ln in lines if ln.strip()]
        for ln in {*nonempty[:1], *nonempty[-1:]}:
            if len(ln.strip()) <= MAX_RUNNING_LINE:
                edge_counts[key(ln)] = edge_counts.get(key(ln), 0) + 1
    first_page = {key(ln) for ln in split[0] if ln.strip()}
    # two pages: the line must also be on page 1; more: on at least half the later pages
    needed = max(2, len(pages) // 2) if len(pages) > 2 else 1
    running = {k for k, n in edge_counts.items() if n >= needed and (k in first_page or n >= 2)}
    if not running:
        return pages
    out = [pages[0]]
    for lines in split[1:]:
        nonempty_at = [i for i, ln in enumerate(lines) if ln.strip()]
        drop = {i for i in nonempty_at[:1] + nonempty_at[-1:] if key(lines[i]) in running}
        out.append("\n".join(ln for i, ln in enumerate(lines) if i not in drop))
    return out


NEEDS_PASSWORD = "encrypted PDF: a password is needed to open it (save an unprotected copy)"


def _open_encrypted(reader, shown: str) -> None:  # type: ignore[no-untyped-def]
    """Encrypted PDFs are common: offices "protect" them with an owner password only
    (no printing/copying), which leaves the user password empty, so ``decrypt("")``
    opens them and they are read like any other. pypdf does not raise when the empty
    password is wrong: it returns ``PasswordType.NOT_DECRYPTED`` and fails later with
    a misleading error, so the return value is checked here. AES (qpdf's default)
    needs the ``cryptography`` package; without it pypdf raises DependencyError."""
    from pypdf import PasswordType
    from pypdf.errors import DependencyError

    try:
        result = reader.decrypt("")
    except DependencyError as exc:
        raise BadInputError(shown, "encrypted PDF (AES): the 'cryptography' package is needed to read it (pip install cryptography)") from exc
    except Exception as exc:  # an unknown or broken security handler
        raise BadInputError(shown, f"encrypted PDF that cannot be opened ({type(exc).__name__}: {exc})".splitlines()[0]) from exc
    if result == PasswordType.NOT_DECRYPTED:
        raise BadInputError(shown, NEEDS_PASSWORD)


SCANNED_PDF = "scanned PDF: its pages are images with no text layer; it needs OCR first (e.g. ocrmypdf) to be read"


def _has_images(reader) -> bool:  # type: ignore[no-untyped-def]
    """Does any page draw an image (a scanner's page)?"""
    for page in reader.pages:
        xobjects = (page.get("/Resources") or {}).get("/XObject") or {}
        for ref in xobjects.values():
            if ref.get_object().get("/Subtype") == "/Image":
                return True
    return False


def _laid_out(data: bytes, fallback: list[str]) -> str:
    """The text in reading order from the text layer's geometry (pdflayout); pypdf's
    page texts when pdfminer cannot read the file."""
    from .pdflayout import layout_text

    try:
        laid = layout_text(data)
    except Exception:  # pdfminer raises many kinds on files pypdf reads: use pypdf's text
        laid = None
    if laid and laid.strip():
        return laid
    return "\n\n".join(p.strip("\n") for p in drop_running_lines(fallback))


def pdf_text(data: bytes, shown: str) -> str:
    """The text of every page in reading order, one paragraph per line (see
    ``pdflayout``); pypdf opens, decrypts and checks the file first."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # pypdf warns on every quirk
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            _open_encrypted(reader, shown)
        pages = [page.extract_text() or "" for page in reader.pages]
        scanned = not any(p.strip() for p in pages) and _has_images(reader)
    except BadInputError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError, RecursionError) as exc:
        raise BadInputError(shown, f"corrupt or truncated PDF ({type(exc).__name__})") from exc
    except Exception as exc:  # pypdf raises many kinds on broken files
        raise BadInputError(shown, f"corrupt or truncated PDF ({type(exc).__name__})") from exc
    if not pages:
        raise BadInputError(shown, "PDF has no pages")
    if scanned:
        raise BadInputError(shown, SCANNED_PDF)
    if not any(p.strip() for p in pages):
        raise BadInputError(shown, "PDF has no text layer (scanned image?): run OCR first")
    _check_readable("".join(pages), shown)  # pypdf's reading first: pdfminer maps unmapped glyphs to other soup
    text = _laid_out(data, pages)
    _check_readable(text, shown)
    return text


def _check_readable(text: str, shown: str) -> None:
    if plausibility("".join(text.split())) < MIN_PDF_PLAUSIBLE:
        raise BadInputError(shown, "PDF text layer is not readable text (fonts without a Unicode map?): run OCR first")
