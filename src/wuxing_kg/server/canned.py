"""The canned queries as editable examples for the query page."""

from __future__ import annotations

import json
from typing import Any

from .guard import QUERY_FORMS, TOKEN, iri_ok


def _sparql_value(value: str) -> str:
    """A parameter value as SPARQL: `<https://…>` stays an IRI, anything else a plain literal."""
    if value.startswith("<") and value.endswith(">") and iri_ok(value[1:-1]):
        return value
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid SPARQL string


def inline_defaults(query: str, defaults: dict[str, str]) -> str:
    """The query with its parameters bound to their defaults, editable as plain SPARQL.

    The canned-query runner binds parameters by substitution; a SPARQL client has no such
    thing, so a `VALUES` block opens the outermost group (filters of that group then see
    the value, exactly like a pre-bound variable).
    """
    if not defaults:
        return query
    names = " ".join(f"?{name}" for name in defaults)
    values = " ".join(_sparql_value(v) for v in defaults.values())
    block = f"\n  VALUES ({names}) {{ ({values}) }}  # parameters (defaults)\n"
    seen_form = False
    for m in TOKEN.finditer(query):
        if m.lastgroup == "word" and m.group().upper() in QUERY_FORMS:
            seen_form = True
        elif seen_form and m.lastgroup == "other" and m.group() == "{":
            return query[: m.end()] + block + query[m.end():]
    return query


def canned_queries() -> list[dict[str, Any]]:
    """The canned queries as examples for the query page, parameters set to their defaults."""
    try:
        from .. import queries

        catalogue = queries.list_queries()
    except Exception:  # noqa: BLE001 - the endpoint works without examples
        return []
    out: list[dict[str, Any]] = []
    for item in catalogue:
        defaults = dict(getattr(item, "defaults", {}) or {})
        out.append({
            "name": item.name,
            "title": getattr(item, "title", item.name),
            "description": getattr(item, "description", ""),
            "params": [{"name": p.name, "default": p.default, "description": p.description}
                       for p in getattr(item, "params", ())],
            # the CLI's page size, written into the text: delete the LIMIT for every row
            "limit": queries.DEFAULT_LIMIT,
            "query": queries.with_limit(inline_defaults(item.text, defaults), queries.DEFAULT_LIMIT),
        })
    return out
