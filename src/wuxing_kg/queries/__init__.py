"""Canned SPARQL queries (one ``NAME.rq`` file each) and the runner + result formatters.

File format (agreed with the ontology engineer)::

    # title: Outcomes by department
    # description: Metrics reported for each department, with period and source sentence.
    # param: dept = 某市商务局 -- label of the department ("" = all)
    # columns: department, indicator, value, unit, period, sentence, bulletin
    PREFIX ...
    SELECT ?dept ?department ... WHERE { ... FILTER(?dept = "" || STR(?deptLabel) = ?dept) }

A ``# index: PARAM -> VAR (kind, …)`` line hands a parameter to the store's text index
(``textindex.py``): when PARAM is not empty, the runner looks it up there and binds VAR
to the nodes found (a ``VALUES`` block of validated IRIs at the start of the WHERE
clause), so "contains this text" is an index lookup instead of a ``CONTAINS`` filter over
every fact.

Parameters are bound with pyoxigraph's ``substitutions`` (SEP-0007 pre-binding), never by
pasting text into the query. A value is bound as a plain literal; a value written
``<https://…>`` binds an IRI. **pyoxigraph only substitutes variables that are in the
SELECT projection** (anything else is an error, and for CONSTRUCT/ASK substitution is
refused or silently ignored) — so a parameterised canned query must be a SELECT that
projects each parameter variable. The runner drops the parameter columns from the answer
(their value is the one the user gave), so they do not clutter the table.

Row limit: a canned query answers at most ``DEFAULT_LIMIT`` (100) rows unless asked for
another limit (``run(..., limit=N)``, ``wuxing-kg query NAME --limit N`` or the parameter
``limit=N``; 0 = every row), like a web table's page size: the runner adds ``LIMIT N+1``
to the query's text (after its ORDER BY, so the rows kept are the first of the sorted
answer) and keeps N, so :attr:`QueryResult.truncated` says whether rows were cut without
changing the SPARQL results format. SPARQL text is not limited unless a limit is given.

Public API: :func:`list_queries`, :func:`get`, :func:`run` → :class:`QueryResult`,
:func:`format_result` (table | csv | tsv | json).
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Union, cast

import pyoxigraph as ox

from ..errors import QueryError
from ..store import Store, term_text

Term = Union[ox.NamedNode, ox.BlankNode, ox.Literal, ox.Triple]

FORMATS = ("table", "csv", "tsv", "json")
QUERY_DIR = Path(__file__).resolve().parent
_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
_HEADER_RE = re.compile(r"^#\s*(title|description|param|columns|index)\s*:\s*(.*)$")
_INDEX_RE = re.compile(r"^(\w+)\s*->\s*\??(\w+)\s*(?:\(([^)]*)\))?$")
_WHERE_OPEN_RE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)
_PARAM_RE = re.compile(r"^(\w+)\s*=\s*(.*?)(?:\s+--\s+(.*))?$")
# The prologue before the query form: comments, PREFIX and BASE declarations.
_PROLOGUE_RE = re.compile(
    r"\A(?:\s+|#[^\n]*(?:\n|\Z)|PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s*<[^>]*>)*", re.IGNORECASE
)
_FORM_RE = re.compile(r"(SELECT|CONSTRUCT|DESCRIBE|ASK)\b", re.IGNORECASE)
_PREFIX_DECL_RE = re.compile(r"PREFIX\s+([^\s:]*):\s*<([^>]*)>", re.IGNORECASE)
# A canned query's default page size (rows); `limit` is the parameter that changes it.
DEFAULT_LIMIT = 100
LIMIT_PARAM = "limit"
_ENDS_WITH_LIMIT_RE = re.compile(r"\b(LIMIT|OFFSET)\s+\d+\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class QueryParam:
    name: str
    default: str
    description: str = ""


@dataclass(frozen=True)
class TextLookup:
    """`# index: param -> variable (kinds)`: the parameter is looked up in the text index."""

    param: str
    variable: str
    kinds: tuple[str, ...]


@dataclass(frozen=True)
class CannedQuery:
    name: str
    title: str
    description: str
    params: tuple[QueryParam, ...]
    columns: tuple[str, ...]
    text: str
    path: str = ""
    index: TextLookup | None = None

    @property
    def defaults(self) -> dict[str, str]:
        return {p.name: p.default for p in self.params}


@dataclass
class QueryResult:
    """The answer of one query.

    kind "select": `variables` and `rows` (tuples of pyoxigraph terms or None);
    kind "ask": `boolean`; kind "graph" (CONSTRUCT/DESCRIBE): `triples`.
    `prefixes` are the query's own PREFIX declarations (used to shorten IRIs in tables).
    """

    kind: str
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Term | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[ox.Triple] = field(default_factory=list)
    prefixes: dict[str, str] = field(default_factory=dict)
    # rows were cut at `limit` (the answer has at least one more row); 0 = no limit applied
    truncated: bool = False
    limit: int = 0

    def records(self) -> list[dict[str, str | None]]:
        """Rows as dicts of plain strings (IRIs, literal values), convenient for Python callers."""
        return [{v: term_text(t) for v, t in zip(self.variables, row)} for row in self.rows]


# ---------------------------------------------------------------------- the catalogue


def parse_canned(text: str, name: str, path: str = "") -> CannedQuery:
    """Read the `# key: value` header of a canned query file."""
    title, description = name, ""
    columns: tuple[str, ...] = ()
    params: list[QueryParam] = []
    index: TextLookup | None = None
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break  # the header ends at the first line of SPARQL
        m = _HEADER_RE.match(stripped)
        if not m:
            continue
        key, value = m.group(1), m.group(2).strip()
        if key == "title":
            title = value
        elif key == "description":
            description = f"{description} {value}".strip()
        elif key == "columns":
            columns = tuple(c.strip() for c in value.split(",") if c.strip())
        elif key == "index":
            im = _INDEX_RE.match(value)
            if not im:
                raise QueryError(f"{path or name}: bad '# index:' line {value!r} (want: param -> variable (kinds))")
            kinds = tuple(k.strip() for k in (im.group(3) or "").split(",") if k.strip())
            index = TextLookup(im.group(1), im.group(2), kinds)
        elif key == "param":
            pm = _PARAM_RE.match(value)
            if not pm:
                raise QueryError(f"{path or name}: bad '# param:' line {value!r} (want: name = default -- help)")
            default = pm.group(2).strip()
            if len(default) >= 2 and default[0] == default[-1] == '"':
                default = default[1:-1]  # `""` = the empty string
            params.append(QueryParam(pm.group(1), default, (pm.group(3) or "").strip()))
    return CannedQuery(name, title, description, tuple(params), columns, text, path, index)


def _query_files(directory: str | os.PathLike[str] | None = None) -> list[tuple[str, str, str]]:
    """(name, text, path) of every .rq file (the packaged ones by default), sorted by name."""
    found: list[tuple[str, str, str]] = []
    root = Path(directory) if directory is not None else resources.files(__package__)
    for entry in root.iterdir():
        if entry.name.endswith(".rq") and entry.is_file():
            found.append((entry.name[: -len(".rq")], entry.read_text(encoding="utf-8"), str(entry)))
    return sorted(found)


def list_queries(directory: str | os.PathLike[str] | None = None) -> list[CannedQuery]:
    """Every canned query (of `directory`, default: the packaged queries/)."""
    return [parse_canned(text, name, path) for name, text, path in _query_files(directory)]


def names(directory: str | os.PathLike[str] | None = None) -> list[str]:
    return [name for name, _, _ in _query_files(directory)]


def get(name: str, directory: str | os.PathLike[str] | None = None) -> CannedQuery:
    for query_name, text, path in _query_files(directory):
        if query_name == name:
            return parse_canned(text, name, path)
    available = ", ".join(names(directory)) or "(none installed)"
    raise QueryError(f"no canned query named {name!r}; available: {available}")


# ---------------------------------------------------------------------- running


def query_form(sparql: str) -> str:
    """SELECT | CONSTRUCT | DESCRIBE | ASK (upper case), read after the prologue."""
    rest = sparql[_PROLOGUE_RE.match(sparql).end() :]  # type: ignore[union-attr]
    m = _FORM_RE.match(rest)
    if not m:
        raise QueryError(
            "not a SPARQL query (expected SELECT, CONSTRUCT, DESCRIBE or ASK after the prefixes), "
            "nor the name of a canned query; `wuxing-kg queries` lists them"
        )
    return m.group(1).upper()


def bind_value(value: str) -> Term:
    """A parameter value as an RDF term: `<iri>` → IRI, anything else → plain literal."""
    if len(value) > 2 and value.startswith("<") and value.endswith(">"):
        try:
            return ox.NamedNode(value[1:-1])
        except ValueError as exc:
            raise QueryError(f"bad IRI in parameter value {value}: {exc}") from exc
    return ox.Literal(value)


# What SPARQL's IRIREF production admits between `<` and `>` (SPARQL 1.1 §19.8):
# checked on top of pyoxigraph's RFC 3987 parse, so an IRI written into query text can
# never close the `<…>` or open a string, a comment or a group.
_IRIREF_CHARS = re.compile(r"^[^<>\"{}|^`\\\x00-\x20]+$")


def iri_ref(iri: str) -> str:
    """`<iri>` for a value that must be written into SPARQL text (a VALUES list of many
    IRIs, a query sent to a worker process), after validating it as an absolute IRI.

    Prefer binding (``Store.query(..., substitutions)``) where one value is enough; this
    is for the places where the text must hold the IRI. Not an IRI → QueryError."""
    if not _IRIREF_CHARS.match(iri):
        raise QueryError(f"not an IRI: {iri!r}")
    try:
        return f"<{ox.NamedNode(iri).value}>"
    except ValueError as exc:
        raise QueryError(f"not an IRI: {iri!r} ({exc})") from exc


def is_iri(text: str) -> bool:
    """An absolute IRI that may be written as `<iri>` in SPARQL/Turtle (see iri_ref)."""
    try:
        iri_ref(text)
    except QueryError:
        return False
    return True


def resolve(
    text_or_name: str,
    params: Mapping[str, str] | None = None,
    directory: str | os.PathLike[str] | None = None,
) -> tuple[str, dict[str, str], bool]:
    """(SPARQL text, parameter values, is_canned): a canned name gets its defaults filled in
    and unknown parameter names refused."""
    params = dict(params or {})
    candidate = text_or_name.strip()
    if candidate.endswith(".rq") and "\n" not in candidate and "{" not in candidate:
        raise QueryError(f"{candidate!r} looks like a query file: run it with -f {candidate}")
    if _NAME_RE.match(candidate) and candidate.upper() not in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
        canned = get(candidate, directory)
        known = canned.defaults
        unknown = sorted(set(params) - set(known))
        if unknown:
            allowed = ", ".join(known) or "none"
            raise QueryError(f"query {candidate!r} has no parameter {', '.join(unknown)} (parameters: {allowed})")
        return canned.text, {**known, **params}, True
    return text_or_name, params, False


def parse_limit(value: str | int) -> int:
    """A row limit as given (`--limit`, `limit=`): a whole number ≥ 0 (0 = every row)."""
    try:
        number = int(str(value).strip())
    except ValueError:
        number = -1
    if number < 0:
        raise QueryError(f"the row limit must be a whole number ≥ 0 (0 = every row), not {value!r}")
    return number


def with_limit(sparql: str, rows: int) -> str:
    """The query's text with ``LIMIT rows`` after its solution modifiers (ORDER BY …); as
    it is when it already ends with a LIMIT or OFFSET of its own, or `rows` is 0."""
    if rows <= 0 or _ENDS_WITH_LIMIT_RE.search(_strip_trailing_comments(sparql)):
        return sparql
    return f"{sparql.rstrip()}\nLIMIT {rows}\n"


def _strip_trailing_comments(sparql: str) -> str:
    lines = sparql.rstrip().splitlines()
    while lines and lines[-1].lstrip().startswith("#"):
        lines.pop()
    return "\n".join(lines)


def _split_limit(text_or_name: str, params: Mapping[str, str] | None,
                 directory: str | os.PathLike[str] | None) -> tuple[dict[str, str], str | None]:
    """(the other parameters, the `limit` parameter's value) of a canned query that does
    not declare a parameter of that name itself."""
    rest = dict(params or {})
    candidate = text_or_name.strip()
    if LIMIT_PARAM not in rest or not _NAME_RE.match(candidate):
        return rest, None
    if candidate.upper() in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
        return rest, None
    if LIMIT_PARAM in get(candidate, directory).defaults:
        return rest, None
    return rest, rest.pop(LIMIT_PARAM)


def run(
    store: Store,
    text_or_name: str,
    params: Mapping[str, str] | None = None,
    *,
    directory: str | os.PathLike[str] | None = None,
    allow_service: bool = False,
    limit: int | None = None,
) -> QueryResult:
    """Run a canned query by name, or SPARQL text, over the store's merged default graph.

    Canned parameters not given take their defaults; SPARQL text may bind any projected
    variable. `directory` looks canned names up elsewhere than the packaged queries/.
    A SERVICE clause makes pyoxigraph fetch a remote IRI, so it is refused (QueryError)
    unless `allow_service` (`wuxing-kg query --allow-service`).

    `limit`: at most this many rows (0 = all). A canned query defaults to DEFAULT_LIMIT
    (or its `limit` parameter); SPARQL text to every row. The answer's `truncated` says
    whether rows were cut."""
    params, limit_param = _split_limit(text_or_name, params, directory)
    sparql, values, is_canned = resolve(text_or_name, params, directory)
    if limit is None:
        limit = parse_limit(limit_param) if limit_param is not None else (DEFAULT_LIMIT if is_canned else 0)
    limit = parse_limit(limit)
    if not allow_service:
        from ..server import uses_service

        if uses_service(sparql):
            raise QueryError(
                "the query uses SERVICE, a request to another server; "
                "run it with --allow-service if you mean it"
            )
    if is_canned:
        sparql = with_text_hits(store, get(text_or_name.strip(), directory), values)
    form = query_form(sparql)
    if is_canned and form == "SELECT":
        sparql = with_limit(sparql, limit + 1 if limit else 0)  # one more row: were rows cut?
    prefixes = {p: iri for p, iri in _PREFIX_DECL_RE.findall(sparql)}
    if values and form != "SELECT":
        raise QueryError(f"parameters can only be bound in a SELECT query (this is {form})")
    substitutions = {name: bind_value(value) for name, value in values.items()}
    result = store.query(sparql, substitutions)
    if isinstance(result, ox.QueryBoolean):
        return QueryResult("ask", boolean=bool(result), prefixes=prefixes)
    if isinstance(result, ox.QueryTriples):
        return QueryResult("graph", triples=list(result), prefixes=prefixes)
    variables = [v.value for v in result.variables]
    # A canned query's parameter columns repeat the user's input: hide them.
    shown = [v for v in variables if not (is_canned and v in values)]
    rows: list[tuple[Term | None, ...]] = []
    truncated = False
    for solution in result:  # pyoxigraph evaluates lazily: stop reading at the limit
        if limit and len(rows) == limit:
            truncated = True
            break
        rows.append(tuple(solution[v] for v in shown))
    return QueryResult("select", variables=shown, rows=rows, prefixes=prefixes, truncated=truncated, limit=limit)


def with_text_hits(store: Store, canned: CannedQuery, values: Mapping[str, str]) -> str:
    """The canned query's text, with its `# index:` variable bound to the text index's
    hits for the parameter (unchanged when it has none, or the parameter is empty)."""
    lookup = canned.index
    if lookup is None or not values.get(lookup.param):
        return canned.text
    hits = store.text_index.search(values[lookup.param], lookup.kinds or None)
    nodes = " ".join(dict.fromkeys(iri_ref(h.node) for h in hits))  # validated, never raw text
    where = _WHERE_OPEN_RE.search(canned.text)
    if where is None:
        raise QueryError(f"{canned.name}: an '# index:' query needs a WHERE {{ … }} clause")
    values_block = f"\n  VALUES ?{lookup.variable} {{ {nodes} }}"
    return canned.text[: where.end()] + values_block + canned.text[where.end() :]


def search(store: Store, text: str, kinds: list[str] | None = None, limit: int | None = None) -> QueryResult:
    """`wuxing-kg search TEXT`: what contains `text` — sentences, metric spans, relations
    (``head —predicate→ tail``), labels — found by the text index, one row per graph that
    states it: kind, text, node, bulletin (its label; "reference" for the reference data)."""
    from ..settings import REFERENCE_GRAPH

    if not text:
        raise QueryError("give a text to search for")
    names = {b.graph: " ".join(p for p in (b.title, b.issue) if p) or b.graph for b in list_bulletins(store)}
    names[REFERENCE_GRAPH] = "reference"
    rows = [
        (ox.Literal(h.kind), ox.Literal(h.body), ox.NamedNode(h.node), ox.Literal(names.get(h.graph, h.graph)))
        for h in store.text_index.search(text, kinds, limit)
    ]
    return QueryResult("select", variables=["kind", "text", "node", "bulletin"], rows=list(rows))


# ---------------------------------------------------------------------- formatting


def display_width(text: str) -> int:
    """Terminal columns: East Asian wide/full-width characters take two, combining marks none."""
    width = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def _clip(text: str, limit: int) -> str:
    if limit <= 0 or display_width(text) <= limit:
        return text
    out, width = [], 0
    for ch in text:
        w = display_width(ch)
        if width + w > limit - 1:
            break
        out.append(ch)
        width += w
    return "".join(out) + "…"


def _pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


def _table_cell(term: Term | None, prefixes: Mapping[str, str]) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        # the longest matching namespace wins (id: over wx-kg base …)
        best = max(
            ((p, iri) for p, iri in prefixes.items() if term.value.startswith(iri) and len(term.value) > len(iri)),
            key=lambda item: len(item[1]),
            default=None,
        )
        return f"{best[0]}:{term.value[len(best[1]):]}" if best else term.value
    text = term_text(term) or ""
    return text.replace("\r", " ").replace("\n", " ").replace("\t", " ")


def format_table(result: QueryResult, max_cell: int = 60) -> str:
    """Aligned columns (CJK counts double), IRIs shortened with the query's prefixes,
    cells longer than `max_cell` columns clipped with … (0 = never); csv/json keep everything."""
    from ..store import PREFIXES

    # the query's own declarations first: on a tie, the first one listed wins
    prefixes = {**result.prefixes, **{p: iri for p, iri in PREFIXES.items() if p not in result.prefixes}}
    header = list(result.variables)
    body = [[_clip(_table_cell(t, prefixes), max_cell) for t in row] for row in result.rows]
    widths = [display_width(h) for h in header]
    for row in body:
        widths = [max(w, display_width(c)) for w, c in zip(widths, row)]
    lines = [
        "  ".join(_pad(h, w) for h, w in zip(header, widths)).rstrip(),
        "  ".join("-" * w for w in widths),
    ]
    lines += ["  ".join(_pad(c, w) for c, w in zip(row, widths)).rstrip() for row in body]
    count = len(body)
    lines.append(f"({count} row{'s' if count != 1 else ''})")
    return "\n".join(lines) + "\n"


def _delimited(result: QueryResult, delimiter: str) -> str:
    buf = io.StringIO()
    if delimiter == ",":
        # SPARQL 1.1 CSV: plain values, RFC 4180 quoting, CRLF line ends.
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerow(result.variables)
        for row in result.rows:
            writer.writerow(["" if t is None else term_text(t) for t in row])
        return buf.getvalue()
    # TSV: plain values one row per line (tabs/newlines inside values become spaces), so
    # `cut -f` and spreadsheets read it directly.
    lines = ["\t".join(result.variables)]
    for row in result.rows:
        cells = ["" if t is None else (term_text(t) or "") for t in row]
        lines.append("\t".join(re.sub(r"[\t\r\n]", " ", c) for c in cells))
    return "\n".join(lines) + "\n"


def term_to_json(term: Term) -> dict[str, Any]:
    """One RDF term in the SPARQL 1.1 Query Results JSON shape (RDF-star triples in the
    SPARQL 1.2 shape). Shared by the CLI's json format and the HTTP endpoint."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):
        return {
            "type": "triple",
            "value": {
                "subject": term_to_json(term.subject),
                "predicate": term_to_json(term.predicate),
                "object": term_to_json(term.object),
            },
        }
    return {"type": "literal", "value": str(term)}


def format_json(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results JSON."""
    if result.kind == "ask":
        doc: dict[str, object] = {"head": {}, "boolean": bool(result.boolean)}
    else:
        bindings = [
            {v: term_to_json(t) for v, t in zip(result.variables, row) if t is not None} for row in result.rows
        ]
        doc = {"head": {"vars": result.variables}, "results": {"bindings": bindings}}
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


def format_turtle(result: QueryResult) -> str:
    from ..store import PREFIXES

    prefixes = {**PREFIXES, **result.prefixes}
    return cast(bytes, ox.serialize(result.triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes)).decode("utf-8")


def truncation_note(result: QueryResult) -> str | None:
    """What the CLI says on stderr when rows were cut at the limit (None when not)."""
    if not result.truncated:
        return None
    return f"{result.limit} of at least {result.limit + 1} rows; --limit 0 for all"


def format_result(result: QueryResult, fmt: str = "table", *, max_cell: int = 60) -> str:
    """Text for stdout. SELECT: table|csv|tsv|json; ASK: true/false (json: SPARQL JSON);
    CONSTRUCT/DESCRIBE: Turtle whatever the format."""
    if fmt not in FORMATS:
        raise QueryError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    if result.kind == "graph":
        return format_turtle(result)
    if result.kind == "ask":
        return format_json(result) if fmt == "json" else ("true\n" if result.boolean else "false\n")
    if fmt == "table":
        return format_table(result, max_cell=max_cell)
    if fmt == "csv":
        return _delimited(result, ",")
    if fmt == "tsv":
        return _delimited(result, "\t")
    return format_json(result)


def format_rows(header: list[str], rows: list[list[str | None]], fmt: str = "table", *, max_cell: int = 60) -> str:
    """Format plain string rows (listings such as `wuxing-kg bulletins`) like a SELECT answer."""
    result = QueryResult(
        "select",
        variables=list(header),
        rows=[tuple(None if c is None else ox.Literal(str(c)) for c in row) for row in rows],
    )
    return format_result(result, fmt, max_cell=max_cell)


# ---------------------------------------------------------------------- store overview
# The listings behind `wuxing-kg bulletins`, `stats` and `remove`. They read the model of
# ontology/README.md (wx:Bulletin, wx:Article, wx:Sentence, org:Organization …).

_PREFIXES = """PREFIX wx: <https://w3id.org/wuxing-kg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX schema: <https://schema.org/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX qb: <http://purl.org/linked-data/cube#>
"""

_BULLETINS_SPARQL = (
    _PREFIXES
    + """SELECT ?g ?b ?title ?issue ?date ?issuer ?file (COUNT(DISTINCT ?a) AS ?articles) WHERE {
  GRAPH ?g {
    ?b a wx:Bulletin .
    OPTIONAL { ?b dcterms:title ?title }
    OPTIONAL { ?b wx:issue ?issue }
    OPTIONAL { ?b dcterms:issued ?date }
    OPTIONAL { ?b wx:fileName ?file }
    OPTIONAL { ?b dcterms:publisher ?pub . ?pub rdfs:label ?issuer }
    OPTIONAL { ?a a wx:Article ; dcterms:isPartOf ?b }
  }
} GROUP BY ?g ?b ?title ?issue ?date ?issuer ?file ORDER BY ?date ?issue ?g"""
)

_GRAPH_SIZES_SPARQL = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"

# stats: (label, class IRIs) counted as distinct subjects typed in a bulletin graph.
STAT_CLASSES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("bulletins", ("https://w3id.org/wuxing-kg/ontology#Bulletin",)),
    ("articles", ("https://w3id.org/wuxing-kg/ontology#Article",)),
    ("sentences", ("https://w3id.org/wuxing-kg/ontology#Sentence",)),
    ("organizations", ("http://www.w3.org/ns/org#Organization",)),
    ("places", ("https://schema.org/AdministrativeArea", "https://schema.org/Place")),
    ("programs", ("https://w3id.org/wuxing-kg/ontology#Program",)),
    ("people", ("http://xmlns.com/foaf/0.1/Person",)),
    ("posts", ("http://www.w3.org/ns/org#Post",)),
    ("metrics", ("http://purl.org/linked-data/cube#Observation",)),
    ("relations", ("https://w3id.org/wuxing-kg/ontology#Assertion",)),
)


def short_id(graph: str) -> str:
    """A stable 8-hex id of a bulletin graph, for typing (`wuxing-kg remove 1a2b3c4d`)."""
    import hashlib

    return hashlib.sha1(graph.encode("utf-8")).hexdigest()[:8]


@dataclass
class BulletinInfo:
    id: str
    graph: str
    bulletin: str
    title: str | None
    issue: str | None
    date: str | None
    issuer: str | None
    file: str | None
    articles: int
    quads: int


def graph_sizes(store: Store) -> dict[str, int]:
    return {r["g"] or "": int(r["n"] or 0) for r in store.select(_GRAPH_SIZES_SPARQL).rows}


def list_bulletins(store: Store) -> list[BulletinInfo]:
    """Every bulletin graph in the store (the reference graph is not a bulletin)."""
    sizes = graph_sizes(store)
    out: list[BulletinInfo] = []
    seen: set[str] = set()
    for r in store.select(_BULLETINS_SPARQL).rows:
        graph = r["g"] or ""
        if graph in seen:  # a graph with two bulletin nodes would be a mapping bug; list it once
            continue
        seen.add(graph)
        out.append(
            BulletinInfo(
                id=short_id(graph),
                graph=graph,
                bulletin=r["b"] or "",
                title=r["title"],
                issue=r["issue"],
                date=r["date"],
                issuer=r["issuer"],
                file=r["file"],
                articles=int(r["articles"] or 0),
                quads=sizes.get(graph, 0),
            )
        )
    return out


def resolve_bulletin(store: Store, ident: str) -> str:
    """The graph IRI of a bulletin named by short id (or a unique prefix of ≥ 4 hex digits),
    graph IRI, bulletin IRI or source file name. Unknown or ambiguous → QueryError (exit 2)."""
    ident = ident.strip().strip("<>")
    infos = list_bulletins(store)
    exact = [b for b in infos if ident in (b.id, b.graph, b.bulletin, b.file)]
    if not exact and len(ident) >= 4:
        exact = [b for b in infos if b.id.startswith(ident.lower())]
    if not exact and "://" in ident and is_iri(ident) and store.has_graph(ident):
        return ident  # a named graph without a bulletin node (e.g. a half-mapped one)
    if len(exact) == 1:
        return exact[0].graph
    if not exact:
        raise QueryError(f"no bulletin {ident!r} in {store.path}; `wuxing-kg bulletins` lists their ids")
    matches = ", ".join(f"{b.id} ({b.file or b.graph})" for b in exact)
    raise QueryError(f"{ident!r} names several bulletins: {matches}; use the full id")


def store_stats(store: Store) -> dict[str, int]:
    """Counts for `wuxing-kg stats`: things typed in bulletin graphs (reference data such as
    the national division table is not counted as entities), plus graphs and quads."""
    from ..settings import REFERENCE_GRAPH

    stats: dict[str, int] = {}
    for label, classes in STAT_CLASSES:
        values = " ".join(iri_ref(c) for c in classes)
        sparql = (
            "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { "
            f"VALUES ?type {{ {values} }} GRAPH ?g {{ ?x a ?type }} FILTER(?g != {iri_ref(REFERENCE_GRAPH)}) }}"
        )
        stats[label] = int(store.select(sparql).rows[0]["n"] or 0)
    # Kept by the store's writer (store_counts), not a GROUP BY over every quad.
    stats["graphs"] = store.graph_count()
    stats["reference quads"] = store.quad_count(REFERENCE_GRAPH)
    stats["quads"] = store.quad_count()
    stats["distinct facts"] = store.fact_count()  # the merged default graph
    return stats
