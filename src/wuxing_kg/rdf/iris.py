"""Deterministic, readable IRIs from canonical keys (policy: ontology/README.md).

The same key always gives the same IRI, so the same department in two bulletins is one
node and re-ingesting a bulletin produces exactly the same quads. Chinese characters
stay readable (RFC 3987 allows them); only characters that RFC 3987 forbids in a path
segment, or that would split the path (``/ ? # %``), are percent-encoded.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import quote

from .. import settings

ID = settings.ID_IRI
BASE = settings.BASE_IRI

# ASCII characters kept as they are inside a segment: RFC 3986 unreserved + sub-delims
# + ":" "@" (everything an ipchar allows). Non-ASCII "ucschar"s are kept too, except
# the ranges RFC 3987 excludes (controls, specials, surrogates, private use).
_ASCII_SAFE = "-._~!$&'()*+,;=:@"
_QUOTE_MARKS = re.compile(r"[“”‘’\"'《》〈〉「」『』]")
_WHITESPACE = re.compile(r"\s+")


def _is_ucschar(ch: str) -> bool:
    cp = ord(ch)
    return (
        0xA0 <= cp <= 0xD7FF
        or 0xF900 <= cp <= 0xFDCF
        or 0xFDF0 <= cp <= 0xFFEF
        or (0x10000 <= cp <= 0xEFFFD and (cp & 0xFFFF) < 0xFFFE)
    )


def segment(text: str) -> str:
    """One path segment: NFKC, no whitespace, forbidden characters percent-encoded."""
    norm = _WHITESPACE.sub("", unicodedata.normalize("NFKC", text))
    if not norm:
        norm = "_"
    out: list[str] = []
    for ch in norm:
        if ch.isascii():
            out.append(ch if (ch.isalnum() or ch in _ASCII_SAFE) else quote(ch, safe=""))
        elif _is_ucschar(ch):
            out.append(ch)
        else:
            out.append(quote(ch, safe=""))
    return "".join(out)


def program_key(text: str) -> str:
    """Normalised program text: NFKC, no whitespace, no quote or title marks."""
    return _QUOTE_MARKS.sub("", _WHITESPACE.sub("", unicodedata.normalize("NFKC", text))) or text


def _id(*parts: str) -> str:
    return ID + "/".join(segment(p) for p in parts)


# --------------------------------------------------------------------------- entities


def org(canonical: str) -> str:
    return _id("org", canonical)


def place(name: str, level: str | None = None, code: str | None = None) -> str:
    if code and re.fullmatch(r"\d{6}", code):
        return ID + "place/" + code
    return _id("place", level or "place", name)


def program(text: str, scope: str | None = None) -> str:
    key = program_key(text)
    return _id("program", scope, key) if scope else _id("program", key)


def person(name: str, city: str | None = None) -> str:
    return _id("person", city, name) if city else _id("person", name)


def post(title: str, city: str | None = None) -> str:
    return _id("post", city, title) if city else _id("post", title)


def indicator(text: str) -> str:
    return _id("indicator", text)


def unit(text: str) -> str:
    return _id("unit", text)


def period(text: str) -> str:
    return _id("period", text)


def program_type(kind: str) -> str:
    return _id("concept", "program-type", kind)


def scheme(name: str) -> str:
    return _id("scheme", name)


# --------------------------------------------------------------------------- bulletin and its parts


def bulletin_key(
    *, issuer: str | None, issue: str | None, date: str | None, sha256: str | None, source: str
) -> str:
    """Key (several path segments) that names a bulletin: issuer + year + issue.

    Issue numbers restart every year, hence the year. Without an issue the date is
    used; without issuer or date the file's hash (else its name)."""
    year = date[:4] if date and re.match(r"\d{4}", date) else None
    if issuer and issue:
        return "/".join(segment(p) for p in (issuer, *( [year] if year else []), issue))
    if issuer and date:
        return segment(issuer) + "/" + segment(date)
    if sha256:
        return "sha256-" + sha256[:16]
    return "file/" + segment(source)


def bulletin(key: str) -> str:
    return ID + "bulletin/" + key


def graph(key: str) -> str:
    return BASE + "graph/" + key


def article(bulletin_iri: str, index0: int) -> str:
    return f"{bulletin_iri}/article/{index0 + 1}"


def sentence(bulletin_iri: str, article0: int, sentence0: int) -> str:
    return f"{article(bulletin_iri, article0)}/sentence/{sentence0 + 1}"


def metric(bulletin_iri: str, article0: int | None, start: int, end: int) -> str:
    art = "x" if article0 is None else str(article0 + 1)
    return f"{bulletin_iri}/metric/{art}/{start}-{end}"


def mention(bulletin_iri: str, start: int, end: int, kind: str) -> str:
    return f"{bulletin_iri}/mention/{start}-{end}/{kind}"


def assertion(bulletin_iri: str, relation: str, head: str, tail: str, start: int | None, end: int | None) -> str:
    digest = hashlib.sha1(f"{head}\n{tail}\n{start}-{end}".encode()).hexdigest()[:12]
    return f"{bulletin_iri}/assertion/{relation}/{digest}"


def dataset(bulletin_iri: str) -> str:
    return f"{bulletin_iri}/dataset"


def position_selector(node: str) -> str:
    return node + "#position"


def quote_selector(node: str) -> str:
    return node + "#quote"
