"""A substring index of the store's text, kept in step with every graph write.

SQLite FTS5 with the ``trigram`` tokenizer (SQLite ≥ 3.34; the Python here links 3.40):
a trigram index answers "contains this text" for any script, Chinese included, without a
word segmenter. It lives in the store directory (``text-index.sqlite3``; RocksDB leaves
files it did not create alone) and indexes, per named graph:

* ``sentence`` — a sentence's text (``rdf:value`` of a ``wx:Sentence``);
* ``metric``   — an observation's span text (``rdfs:label`` of a ``qb:Observation``);
* ``relation`` — a relation assertion as ``head —predicate→ tail`` (labels of its ends);
* ``label``    — any other ``rdfs:label`` / ``skos:prefLabel`` / ``skos:altLabel``.

Keeping it in step (``store.Store`` calls this module at each write): before the store
commits a graph, the graph's IRI is recorded as *pending* (committed in SQLite); after the
store has committed, the graph's rows are replaced and the mark cleared in one SQLite
transaction. A crash in between leaves the mark, and the next handle that uses the index
re-reads that graph from the store. A missing index (an older store, a deleted file) is
built from the store the first time it is needed.

Matching: a pattern of three characters or more is an FTS5 phrase (the trigram index);
shorter ones (两个字 is a common Chinese word) scan the table with ``instr`` — the
trigram index cannot answer them. Both are case-insensitive for ASCII, like ``LIKE``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .errors import WuxingError

FILE_NAME = "text-index.sqlite3"
SCHEMA_VERSION = "2"
KINDS = ("sentence", "metric", "relation", "label")

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_LABELS = (_RDFS_LABEL, _SKOS + "prefLabel", _SKOS + "altLabel")
_SENTENCE = "https://w3id.org/wuxing-kg/ontology#Sentence"
_OBSERVATION = "http://purl.org/linked-data/cube#Observation"
_ASSERTION = "https://w3id.org/wuxing-kg/ontology#Assertion"

# The rows live in a plain table indexed by graph (a graph's rows are replaced on every
# write: an FTS5 column cannot be looked up without a scan); the FTS5 table indexes their
# text as an external-content table, kept in step by the triggers.
_SCHEMA = (
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE docs(id INTEGER PRIMARY KEY, body TEXT NOT NULL, node TEXT NOT NULL,"
    " kind TEXT NOT NULL, graph TEXT NOT NULL)",
    "CREATE INDEX docs_graph ON docs(graph)",
    "CREATE VIRTUAL TABLE text USING fts5(body, content='docs', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER docs_added AFTER INSERT ON docs BEGIN"
    " INSERT INTO text(rowid, body) VALUES (new.id, new.body); END",
    "CREATE TRIGGER docs_removed AFTER DELETE ON docs BEGIN"
    " INSERT INTO text(text, rowid, body) VALUES ('delete', old.id, old.body); END",
)
_DROP = ("DROP TABLE IF EXISTS text", "DROP TABLE IF EXISTS docs", "DROP TABLE IF EXISTS meta")


@dataclass(frozen=True)
class TextHit:
    body: str
    node: str
    kind: str
    graph: str


def text_rows(quads: Iterable[ox.Quad]) -> list[tuple[str, str, str]]:
    """(text, node IRI, kind) for the text of one graph's quads (see the module doc)."""
    types: dict[str, set[str]] = {}
    labels: dict[str, str] = {}
    values: dict[str, str] = {}
    parts: dict[str, dict[str, str]] = {}  # assertion → rdf:subject/predicate/object
    other_labels: list[tuple[str, str]] = []
    for q in quads:
        s, p, o = q.subject, q.predicate.value, q.object
        if not isinstance(s, ox.NamedNode):
            continue
        if p == _RDF + "type" and isinstance(o, ox.NamedNode):
            types.setdefault(s.value, set()).add(o.value)
        elif p in (_RDF + "subject", _RDF + "predicate", _RDF + "object") and isinstance(o, ox.NamedNode):
            parts.setdefault(s.value, {})[p[len(_RDF):]] = o.value
        elif isinstance(o, ox.Literal):
            if p == _RDF + "value":
                values[s.value] = o.value
            elif p == _RDFS_LABEL:
                labels.setdefault(s.value, o.value)
                other_labels.append((s.value, o.value))
            elif p in _LABELS:
                other_labels.append((s.value, o.value))
    rows: list[tuple[str, str, str]] = []
    for node, kinds in types.items():
        if _SENTENCE in kinds and node in values:
            rows.append((values[node], node, "sentence"))
        if _ASSERTION in kinds and {"subject", "predicate", "object"} <= parts.get(node, {}).keys():
            rows.append((_relation_text(parts[node], labels), node, "relation"))
    metrics = {n for n, kinds in types.items() if _OBSERVATION in kinds}
    for node, label in other_labels:
        rows.append((label, node, "metric" if node in metrics else "label"))
    return rows


def _relation_text(part: dict[str, str], labels: dict[str, str]) -> str:
    def name(iri: str) -> str:
        return labels.get(iri, iri.rsplit("/", 1)[-1])

    predicate = part["predicate"].rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    return f"{name(part['subject'])} —{predicate}→ {name(part['object'])}"


class TextIndex:
    """The index file of one store. `graphs_source(graph)` yields a graph's quads, for
    repairs; `graph_names()` lists the store's named graphs, for a rebuild."""

    def __init__(
        self,
        store_dir: Path,
        graphs_source: Callable[[str], Iterable[ox.Quad]],
        graph_names: Callable[[], list[str]],
        *,
        repair: bool = True,
    ) -> None:
        self.path = Path(store_dir) / FILE_NAME
        self._quads_of = graphs_source
        self._graph_names = graph_names
        try:
            self._db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            if not self._is_current(repair):
                self._ensure_current(repair)
        except sqlite3.Error as exc:
            raise WuxingError(f"text index {self.path}: {exc}") from exc

    def close(self) -> None:
        self._db.close()

    # ---------------------------------------------------------------- upkeep

    def _version(self) -> str | None:
        if not self._db.execute("SELECT 1 FROM sqlite_master WHERE name = 'meta'").fetchone():
            return None
        row = self._db.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
        return row[0] if row else None

    def _is_current(self, repair: bool) -> bool:
        if self._version() != SCHEMA_VERSION:
            return False
        return not repair or not self._db.execute("SELECT 1 FROM meta WHERE key LIKE 'pending:%'").fetchone()

    def _ensure_current(self, repair: bool) -> None:
        """Build the index when it is missing or of another schema; with `repair` (the
        writer's handle), re-read a graph a crashed writer left pending. A reader never
        repairs: the writer may be between its two commits."""
        db = self._db
        db.execute("BEGIN IMMEDIATE")  # one process builds or repairs at a time
        try:
            if self._version() != SCHEMA_VERSION:
                for statement in (*_DROP, *_SCHEMA):
                    db.execute(statement)
                for graph in self._graph_names():
                    self._insert(graph, self._quads_of(graph))
                db.execute("INSERT INTO meta VALUES ('version', ?)", (SCHEMA_VERSION,))
            elif repair:
                for (graph,) in db.execute("SELECT value FROM meta WHERE key LIKE 'pending:%'").fetchall():
                    self._delete(graph)
                    self._insert(graph, self._quads_of(graph))
                db.execute("DELETE FROM meta WHERE key LIKE 'pending:%'")
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def begin(self, graph: str) -> None:
        """Mark `graph` pending: called before the store commits a change to it."""
        self._db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", ("pending:" + graph, graph))

    def commit(self, graph: str, quads: Iterable[ox.Quad] | None) -> None:
        """The store has committed `graph` (None: removed): replace its rows, clear the mark."""
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            self._delete(graph)
            if quads is not None:
                self._insert(graph, quads)
            db.execute("DELETE FROM meta WHERE key = ?", ("pending:" + graph,))
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def _delete(self, graph: str) -> None:
        self._db.execute("DELETE FROM docs WHERE graph = ?", (graph,))

    def _insert(self, graph: str, quads: Iterable[ox.Quad]) -> None:
        self._db.executemany(
            "INSERT INTO docs(body, node, kind, graph) VALUES (?, ?, ?, ?)",
            ((body, node, kind, graph) for body, node, kind in text_rows(quads)),
        )

    # ---------------------------------------------------------------- search

    def search(self, text: str, kinds: Iterable[str] | None = None, limit: int | None = None) -> list[TextHit]:
        """Rows whose text contains `text`, in index order (graph by graph)."""
        return list(self._search(text, kinds, limit))

    def _search(self, text: str, kinds: Iterable[str] | None, limit: int | None) -> Iterator[TextHit]:
        if not text:
            return
        wanted = tuple(kinds or KINDS)
        unknown = set(wanted) - set(KINDS)
        if unknown:
            raise WuxingError(f"unknown text kind {', '.join(sorted(unknown))} (kinds: {', '.join(KINDS)})")
        kind_sql = ",".join("?" * len(wanted))
        columns = "docs.body, docs.node, docs.kind, docs.graph"
        if len(text) >= 3:  # the trigram index: the text as one quoted phrase
            source = f"SELECT {columns} FROM text JOIN docs ON docs.id = text.rowid WHERE text MATCH ?"
            arg = '"' + text.replace('"', '""') + '"'
        else:  # too short for a trigram: scan (ASCII case folded, as the index does)
            source, arg = f"SELECT {columns} FROM docs WHERE instr(lower(docs.body), lower(?)) > 0", text
        sql = f"{source} AND docs.kind IN ({kind_sql}) ORDER BY docs.id"
        params: list[object] = [arg, *wanted]
        if limit is not None:
            sql += " LIMIT ?"
            params.append(int(limit))
        try:
            for body, node, kind, graph in self._db.execute(sql, params):
                yield TextHit(body, node, kind, graph)
        except sqlite3.Error as exc:
            raise WuxingError(f"text search failed: {exc}") from exc

    def row_count(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM docs").fetchone()[0])
