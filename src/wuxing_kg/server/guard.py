"""The query guard: a read-only endpoint refuses Update, LOAD and SERVICE (403)."""

from __future__ import annotations

import re
from typing import Any


class RefusedRequest(Exception):
    """A request answered with a 4xx/5xx status and a plain-text message."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


# SPARQL processes \uXXXX / \UXXXXXXXX escapes over the whole query text before parsing
# (SPARQL 1.1 §19.2), so `\u0053ERVICE` is the keyword SERVICE: undo them before looking.
_CODEPOINT_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")

# One token at a time, strings/comments/IRIs first so a keyword inside them is not seen.
TOKEN = re.compile(
    r"""
    (?P<comment>\#[^\n\r]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
      |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+)
  | (?P<pname>[^\W\d][\w.-]*:[\w.:%\\-]*|:[\w.:%\\-]*)
  | (?P<word>[A-Za-z_]\w*)
  | (?P<other>\S)
  | (?P<space>\s+)
    """,
    re.VERBOSE | re.DOTALL,
)

_UPDATE_KEYWORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
QUERY_FORMS = {"SELECT", "CONSTRUCT", "DESCRIBE", "ASK"}


def _unescape_codepoints(text: str) -> str:
    def repl(m: re.Match[str]) -> str:
        code = int(m.group(1) or m.group(2), 16)
        return chr(code) if code <= 0x10FFFF else m.group(0)

    return _CODEPOINT_ESCAPE.sub(repl, text)


def _keywords(query: str) -> list[str]:
    """Upper-cased bare words of the query, outside strings, comments, IRIs and names."""
    words = []
    for m in TOKEN.finditer(query):
        if m.lastgroup == "word":
            words.append(m.group().upper())
    return words


def _uses_service_per_parser(query: str) -> bool | None:
    """True/False from rdflib's SPARQL parse tree; None when rdflib cannot parse it."""
    try:
        from rdflib.plugins.sparql.parser import parseQuery
        from rdflib.plugins.sparql.parserutils import CompValue
    except ImportError:  # pragma: no cover - rdflib is a dependency
        return None
    try:
        tree = parseQuery(query)
    except Exception:
        return None

    def walk(node: Any) -> bool:
        if isinstance(node, CompValue):
            if node.name == "ServiceGraphPattern":
                return True
            return any(walk(v) for v in node.values())
        if isinstance(node, (list, tuple)):
            return any(walk(v) for v in node)
        if isinstance(node, dict):
            return any(walk(v) for v in node.values())
        return False

    return walk(tree)


def uses_service(query: str) -> bool:
    """Whether the query has a SERVICE clause (an outbound request when evaluated).

    The tokenizer below finds a bare SERVICE keyword; when the word occurs anywhere else
    (a string, an escape, an odd spacing), rdflib's parser decides; a query that mentions
    service and that rdflib cannot parse counts as using it (safe side)."""
    text = _unescape_codepoints(query)
    if "SERVICE" in _keywords(text):
        return True
    if re.search(r"service", text, re.IGNORECASE):
        verdict = _uses_service_per_parser(text)
        return verdict is None or verdict
    return False


def check_query(query: str) -> None:
    """Refuse (RefusedRequest 403) anything but a plain read query: Update, LOAD, SERVICE.

    Two layers: a tokenizer that skips strings, comments and IRIs finds the keywords;
    when the word "service" occurs anywhere at all, rdflib's SPARQL parser decides, so
    a SERVICE hidden from the tokenizer is still caught and `"customer service"` in a
    string is still allowed. A query that mentions service and that rdflib cannot
    parse is refused (safe side).
    """
    text = _unescape_codepoints(query)
    words = _keywords(text)
    form = next((w for w in words if w in QUERY_FORMS or w in _UPDATE_KEYWORDS), None)
    if form in _UPDATE_KEYWORDS:
        raise RefusedRequest(403, f"This endpoint is read-only: SPARQL Update ({form}) is refused.")
    if uses_service(query):
        raise RefusedRequest(403, "Federated queries (SERVICE) are refused: this endpoint makes no outbound requests.")


def iri_ok(iri: str) -> bool:
    """An absolute IRI that may be written as `<iri>` in SPARQL/Turtle (queries.is_iri)."""
    from ..queries import is_iri

    return is_iri(iri)
