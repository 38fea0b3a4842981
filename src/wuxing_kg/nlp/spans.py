"""Span helpers shared by every rule component: where results go and the article context.

Components import these from here, never from `pipeline` (which imports the components to
build the pipeline), so there is no import circle between the pipeline and its parts.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from functools import lru_cache
from typing import Any

from spacy.tokens import Doc, Span

from .context import ArticleContext

SPAN_KEYS = ("wx_place", "wx_org", "wx_person", "wx_post", "wx_program", "wx_metric")

if not Span.has_extension("wx"):
    Span.set_extension("wx", default=None)


def context_of(doc: Doc) -> ArticleContext:
    ctx = doc.user_data.get("wx")
    if ctx is None:
        ctx = ArticleContext(bulletin_date=None)
        doc.user_data["wx"] = ctx
    return ctx


def add_span(doc: Doc, key: str, start: int, end: int, label: str, attrs: dict[str, Any]) -> Span | None:
    """Attach a character span to doc.spans[key]; None when it does not align (never with char tokens)."""
    span = doc.char_span(start, end, label=label, alignment_mode="expand")
    if span is None:
        return None
    span._.wx = attrs
    if key not in doc.spans:
        doc.spans[key] = []
    doc.spans[key].append(span)
    return span


def wx_of(span: Span) -> Any:
    """``span._.wx``, read where spaCy keeps it (doc.user_data under the span's offsets)
    without the Underscore object that every ``span._`` builds (two Python calls per read;
    the relation rules read it ~20k times per bulletin). A test checks it equals span._.wx."""
    data: dict[Any, Any] = span.doc.user_data  # (typed str-keyed in spaCy's stubs; extension keys are tuples)
    return data.get(("._.", "wx", span.start_char, span.end_char))


def doc_text(doc: Doc) -> str:
    """doc.text read once per Doc: spaCy rebuilds it from every token on each access (one
    token per character here), which cost more than some components' own rules. The text
    of a Doc never changes (components only add spans), so it is kept in doc.user_data."""
    text = doc.user_data.get("wx_text")
    if text is None:
        text = doc.text
        doc.user_data["wx_text"] = text
    return text


@lru_cache(maxsize=64)
def _char_class(chars: frozenset[str]) -> re.Pattern[str]:
    return re.compile("[" + "".join(re.escape(c) for c in sorted(chars)) + "]" if chars else "(?!)")


def char_positions(text: str, chars: Collection[str], lo: int = 0, hi: int | None = None) -> list[int]:
    """The positions i in [lo, hi) with text[i] in ``chars`` (single characters), in order:
    one regex pass where a rule would test every position in Python."""
    found = _char_class(chars if isinstance(chars, frozenset) else frozenset(chars))
    return [m.start() for m in found.finditer(text, lo, len(text) if hi is None else max(lo, hi))]
