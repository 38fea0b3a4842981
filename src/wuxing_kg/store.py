"""The one place that opens the triple store: an embedded on-disk Oxigraph (pyoxigraph 0.5).

Layout of the dataset (ontology/README.md, "Named graphs and the merged default graph"):

* one named graph per bulletin (its IRI comes from ``rdf.mapping``): everything that
  bulletin says, entity descriptions included: the provenance, exact and self-contained;
* reference data (ontology, administrative divisions) in ``settings.REFERENCE_GRAPH``;
* the store's **default graph is the merged view**: every triple of any named graph, held
  once. It is maintained here, in the same transaction as each graph write: a triple
  enters it when a graph adds it and leaves it when the last named graph that holds it
  drops it (the named graphs are the reference count). A query without FROM / FROM
  NAMED reads it, so each fact matches once however many bulletins state it; one with
  them (or with the Protocol's default-graph-uri / named-graph-uri) sees the dataset it
  names (:meth:`Store.query`). ``GRAPH ?g`` ranges over the named graphs only.

Measured before choosing this over one shared "entities" graph (bench/bench_store.py
corpus, 21 bulletins, 164 k quads): the plain queries of ontology/README.md over the
default graph take 0.2–206 ms against 0.7–294 ms over an entities graph + slimmed
bulletin graphs (which also needs the reference graph merged in and every consumer's
``GRAPH ?g`` query rewritten), and over the old union they did not finish in 30 s. The
cost: 1.9× the quads and 1.4× the disk, and a write touches both copies.

Each named graph's size and things per class are kept as a VoID description in the
summary graph ``settings.SUMMARY_GRAPH`` (store_summary.py), written in the same
transaction as the graph; it is neither in the merged view nor listed as a graph.

The text of every graph (sentences, metric spans, relations, labels) is also indexed for
substring search (``textindex.py``, SQLite FTS5 beside the store), updated by the same
write methods.

Concurrency (RocksDB underneath): one read-write handle per store at a time; a second
writer gets :class:`errors.StoreBusyError` at once. Any number of read-only handles
(``Store(path, read_only=True)``) can open while a writer works; each sees the snapshot
of the moment it was opened (reopen to see newer data).

Atomicity: :meth:`Store.write_graph` (and ``replace_graph``) changes a graph, and the
merged default graph with it, in ONE storage transaction. pyoxigraph 0.5's Python API has no multi-operation transaction:
``remove_graph``, ``extend``, ``remove`` and ``update`` each run in their own, so
``remove_graph`` followed by ``extend`` would leave an empty graph between two commits (a
crash there loses the bulletin; a reader's snapshot can see it missing). So a graph is
written as the *difference* from what is stored, read first from the store:

* nothing differs → nothing is written (a re-extracted, unchanged bulletin costs a read);
* only additions (a new graph, or a graph that grew) → one ``extend`` (no SPARQL text) of
  the graph's new quads and the merged view's new triples;
* removals → one SPARQL update ``DELETE DATA {removed} ; INSERT DATA {added}`` holding
  only the changed quads, and the merged view's changes (or ``DROP`` + ``INSERT DATA {all}`` when most quads changed) (an update runs in one transaction: ``Store::update_opt`` →
  ``storage.transaction(evaluate_update)``). A new version of a bulletin changes a small
  part of its graph, so the text parsed is a fraction of the old ``DROP`` + full
  ``INSERT DATA``.
"""

from __future__ import annotations

import io
import os
import re
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Union, cast

import pyoxigraph as ox

from . import store_counts, store_summary
from .errors import QueryError, StoreBusyError, WuxingError
from .settings import BASE_IRI, ID_IRI, ONTOLOGY_IRI, SUMMARY_GRAPH
from .textindex import TextIndex

Term = Union[ox.NamedNode, ox.BlankNode, ox.Literal, ox.Triple]
DEFAULT = ox.DefaultGraph()
SUMMARY = ox.NamedNode(SUMMARY_GRAPH)

# Export formats: CLI name → (pyoxigraph format, can hold named graphs).
EXPORT_FORMATS: dict[str, tuple[ox.RdfFormat, bool]] = {
    "ttl": (ox.RdfFormat.TURTLE, False),
    "trig": (ox.RdfFormat.TRIG, True),
    "nq": (ox.RdfFormat.N_QUADS, True),
    "nt": (ox.RdfFormat.N_TRIPLES, False),
    "jsonld": (ox.RdfFormat.JSON_LD, True),
}

# Prefixes used when writing Turtle/TriG (readability only; any parser reads either way).
PREFIXES: dict[str, str] = {
    "wx": ONTOLOGY_IRI,
    "id": ID_IRI,
    "wxg": BASE_IRI + "graph/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "oa": "http://www.w3.org/ns/oa#",
    "qb": "http://purl.org/linked-data/cube#",
    "schema": "https://schema.org/",
    "time": "http://www.w3.org/2006/time#",
}


@dataclass
class SelectResult:
    """A SELECT answer as plain strings: IRIs and literal lexical forms; None = unbound."""

    variables: list[str]
    rows: list[dict[str, str | None]]


def term_text(term: Term | None) -> str | None:
    """The plain value of a term: an IRI without <>, a literal's lexical form, `_:id` for a blank node."""
    if term is None:
        return None
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Triple):
        return str(term)
    return term.value


# What can hide the word FROM in a query without being a dataset clause: comments,
# strings (long ones first) and IRIs are consumed whole; the keyword itself must not be
# part of a variable (?from), a prefixed name (ex:from, from:x) or a longer word.
_DATASET_SCAN = re.compile(
    r"#[^\n]*"
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'(?:[^'\\\n]|\\.)*'"
    r'|"(?:[^"\\\n]|\\.)*"'
    r'|<[^<>"{}|^`\\\x00-\x20]*>'
    r"|(?P<kw>(?<![\w?$:.\-])FROM(?![\w:\-]))",
    re.IGNORECASE,
)


def has_dataset_clause(sparql: str) -> bool:
    """Does the query say its own dataset (FROM or FROM NAMED, SPARQL 1.1 §13.2)?

    pyoxigraph 0.5 has no parsed-query object to ask, and its union flag overrides the
    query's FROM, so the flag may only be set when this is False. FROM is a reserved
    word that appears nowhere else in the grammar (sub-queries have no dataset clause).
    """
    return any(m.group("kw") for m in _DATASET_SCAN.finditer(sparql))


def _is_lock_error(exc: BaseException) -> bool:
    text = str(exc).lower()
    return "lock" in text and ("unavailable" in text or "hold" in text or "no locks" in text)


class Store:
    """An on-disk store. Use as a context manager so the RocksDB lock is released promptly."""

    def __init__(self, path: str | os.PathLike[str], *, read_only: bool = False) -> None:
        self.path = Path(path)
        self.read_only = read_only
        self._store: ox.Store | None
        # Counts kept instead of scanned (store_counts): None = not known, count on demand.
        self._counts: store_counts.Counts | None = None
        self._text: TextIndex | None = None
        try:
            if read_only:
                if not (self.path / "CURRENT").exists():
                    raise StoreNotFound(self.path)
                before = store_counts.files_stamp(self.path)
                self._store = _open_read_only(self.path)
                if store_counts.files_stamp(self.path) == before:  # no write raced the open
                    self._counts = store_counts.load(self.path, before)
            else:
                existed = (self.path / "CURRENT").exists()
                before = store_counts.files_stamp(self.path)
                self._store = ox.Store(str(self.path))
                self._counts = store_counts.load(self.path, before) if existed else store_counts.Counts(0, 0)
        except WuxingError:
            raise
        except (OSError, RuntimeError) as exc:  # RocksDB reports corruption as RuntimeError
            if _is_lock_error(exc):
                raise StoreBusyError(
                    f"store {self.path} is busy: another process is writing to it. "
                    "Try again when it has finished (read commands keep working meanwhile)."
                ) from exc
            raise WuxingError(f"cannot open store {self.path}: {exc}") from exc
        # A store written before the merged view existed: a writer builds it now (once);
        # a reader cannot, and queries the union of the named graphs as before.
        self._union_fallback = self._merged_view_missing()
        if self._union_fallback and not read_only:
            self.rebuild_merged_view()
        if not read_only and self._summary_missing():
            self.rebuild_summary()

    # ------------------------------------------------------------------ lifecycle

    @property
    def raw(self) -> ox.Store:
        """The pyoxigraph handle (for code that needs an API this class does not wrap).
        On a writable store, a write through it makes the kept counts unknown (they are
        counted again when next asked), so they never go stale."""
        if self.read_only:
            return self._handle()
        return _WatchedHandle(self)  # type: ignore[return-value]

    def _handle(self) -> ox.Store:
        if self._store is None:
            raise WuxingError(f"store {self.path} is closed")
        return self._store

    def close(self) -> None:
        if self._text is not None:
            self._text.close()
            self._text = None
        # pyoxigraph has no explicit close: dropping the last reference releases RocksDB
        # (and its LOCK file). Flush first so a writer's data is on disk; its counts
        # are saved for the files as they are once closed.
        flushed = None
        if self._store is not None and not self.read_only:
            try:
                self._store.flush()
                flushed = store_counts.files_stamp(self.path)
            except OSError:
                pass
        self._store = None
        if flushed is not None and self._counts is not None:
            store_counts.save_after_close(self.path, self._counts, flushed)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ writing

    def replace_graph(self, graph: str, quads: Iterable[ox.Quad]) -> None:
        """Make named graph `graph` hold exactly `quads` (their own graph names are ignored),
        in one transaction: readers see either the old graph or the new one, never a mix."""
        self.write_graph(graph, quads)

    def write_graph(self, graph: str, quads: Iterable[ox.Quad]) -> str:
        """:meth:`replace_graph` that says what it did: ``added`` (a new graph),
        ``replaced`` or ``unchanged`` (the graph already held exactly these quads)."""
        self._check_writable()
        raw = self._handle()
        g = self._writable_graph(graph)
        new = dict.fromkeys(ox.Quad(q.subject, q.predicate, q.object, g) for q in quads)  # ordered set
        existed = raw.contains_named_graph(g)
        old = set(raw.quads_for_pattern(None, None, None, g)) if existed else set()
        removed = [q for q in old if q not in new]
        added = [q for q in new if q not in old]
        if existed and not removed and not added:
            return "unchanged"
        view_in = self._view_additions(added)
        view_out = self._view_removals(removed, g)
        summary_old = store_summary.stored_summary(raw, graph)
        summary_new = store_summary.summary_quads(graph, new) if new else set()
        summary_out = [q for q in summary_old if q not in summary_new]
        summary_in = [q for q in summary_new if q not in summary_old]
        text = self.text_index
        text.begin(graph)
        if not removed and not summary_out:
            # `extend` is one transaction, and 2.7x faster than parsing an INSERT DATA
            # (24 k reference quads: 1.8 s against 4.9 s, loaded machine).
            raw.extend([*added, *view_in, *summary_in])
        else:
            parts = self._update_parts(g, new, old, removed, added, view_in, view_out)
            parts += _summary_parts(summary_out, summary_in)
            raw.update(" ;\n".join(parts))
        text.commit(graph, new)
        self._counted(len(new) - len(old), existed, g)
        return "replaced" if existed else "added"

    def load_into_empty(self, graph: str, quads: Iterable[ox.Quad], seal: ox.Quad) -> bool:
        """Write the first graph of an empty store (the reference graph of a new store)
        with pyoxigraph's bulk loader: a third of the CPU of a transaction (48 k quads,
        the graph with its merged-view copies: 0.2–0.3 s against 0.7–0.9 s), but not
        atomic, so `seal` (the graph's digest quad) follows in a transaction of its own:
        a reader that finds the seal finds the whole graph, and a load cut short leaves
        no seal, so the next ingest writes the graph again. False, with nothing written,
        when the store holds anything."""
        self._check_writable()
        raw = self._handle()
        if next(iter(raw.quads_for_pattern(None, None, None, None)), None) is not None:
            return False
        g = self._writable_graph(graph)
        sealed = ox.Quad(seal.subject, seal.predicate, seal.object, g)
        new = dict.fromkeys(ox.Quad(q.subject, q.predicate, q.object, g) for q in quads)
        new.pop(sealed, None)
        view = [ox.Quad(q.subject, q.predicate, q.object, DEFAULT) for q in new]
        text = self.text_index
        text.begin(graph)
        raw.bulk_extend([*new, *view])
        new[sealed] = None
        summary = store_summary.summary_quads(graph, new)  # with the seal: what it describes is whole
        raw.extend([sealed, ox.Quad(seal.subject, seal.predicate, seal.object, DEFAULT), *summary])
        text.commit(graph, new)
        self._counted(len(new), False, g)
        return True

    @staticmethod
    def _update_parts(
        g: ox.NamedNode,
        new: Mapping[ox.Quad, None],
        old: set[ox.Quad],
        removed: list[ox.Quad],
        added: list[ox.Quad],
        view_in: list[ox.Quad],
        view_out: list[ox.Quad],
    ) -> list[str]:
        """The SPARQL update of a write with removals (one transaction)."""
        parts: list[str] = []
        if 2 * len(removed) > len(old):
            # Mostly new (say, another bulletin's text under the same IRI): listing the
            # removed quads costs more than `DROP` and inserting the whole new graph.
            parts = [f"DROP SILENT GRAPH {g}", f"INSERT DATA {{ GRAPH {g} {{\n{_statements(new)}\n}} }}"]
        else:
            if removed:
                parts.append(f"DELETE DATA {{ GRAPH {g} {{\n{_statements(removed)}\n}} }}")
            if added:
                parts.append(f"INSERT DATA {{ GRAPH {g} {{\n{_statements(added)}\n}} }}")
        if view_out:
            parts.append(f"DELETE DATA {{\n{_statements(view_out)}\n}}")
        if view_in:
            parts.append(f"INSERT DATA {{\n{_statements(view_in)}\n}}")
        return parts

    def remove_graph(self, graph: str) -> bool:
        """Remove a named graph, and from the merged view what only it said; False when
        there was no such graph."""
        self._check_writable()
        raw = self._handle()
        g = ox.NamedNode(graph)
        if g == SUMMARY or not raw.contains_named_graph(g):
            return False
        graph_quads = list(raw.quads_for_pattern(None, None, None, g))
        view_out = self._view_removals(graph_quads, g)
        text = self.text_index
        text.begin(graph)
        parts = [f"DROP GRAPH {g}"]
        if view_out:
            parts.append(f"DELETE DATA {{\n{_statements(view_out)}\n}}")
        parts += _summary_parts(list(store_summary.stored_summary(raw, graph)), [])
        raw.update(" ;\n".join(parts))
        text.commit(graph, None)
        self._counted(-len(graph_quads), True, g)
        return True

    @staticmethod
    def _writable_graph(graph: str) -> ox.NamedNode:
        g = ox.NamedNode(graph)
        if g == SUMMARY:
            raise WuxingError(f"{graph} is the store's summary graph, kept by the store itself")
        return g

    def _counted(self, quads: int, existed: bool, g: ox.NamedNode) -> None:
        """Keep the counts after a write: `quads` more quads; the graph counts once if
        it exists now (an empty graph written new is not created, so ask)."""
        if self._counts is not None:
            self._counts.quads += quads
            self._counts.graphs += self._handle().contains_named_graph(g) - existed

    # ------------------------------------------------------------------ the merged view

    def _view_additions(self, added: Iterable[ox.Quad]) -> list[ox.Quad]:
        """Default-graph copies of added quads the merged view does not hold yet."""
        copies = dict.fromkeys(ox.Quad(q.subject, q.predicate, q.object, DEFAULT) for q in added)
        return [q for q in copies if q not in self._handle()]

    def _view_removals(self, removed: Iterable[ox.Quad], g: ox.NamedNode) -> list[ox.Quad]:
        """Default-graph copies of removed quads that no other named graph holds: what
        only graph `g` said (the named graphs holding a triple are its reference count)."""
        out: dict[ox.Quad, None] = {}
        for q in removed:
            others = self._handle().quads_for_pattern(q.subject, q.predicate, q.object, None)
            if not any(o.graph_name != g and o.graph_name != DEFAULT for o in others):
                out[ox.Quad(q.subject, q.predicate, q.object, DEFAULT)] = None
        return list(out)

    def _merged_view_missing(self) -> bool:
        has_default = next(iter(self._handle().quads_for_pattern(None, None, None, DEFAULT)), None) is not None
        return not has_default and next(iter(self._handle().named_graphs()), None) is not None

    def rebuild_merged_view(self) -> int:
        """Make the default graph the merged view of the named graphs (one transaction),
        and the summary graph their description; the number of triples the view holds.
        For stores written by an older wuxing-kg, or after a bulk load through `raw`."""
        self._check_writable()
        self.raw.update(
            f"DROP SILENT DEFAULT ; INSERT {{ ?s ?p ?o }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != {SUMMARY}) }}"
        )
        self._union_fallback = False
        self.rebuild_summary()
        return self.fact_count()

    # ------------------------------------------------------------------ the summary graph

    def _summary_missing(self) -> bool:
        raw = self._handle()
        if raw.contains_named_graph(SUMMARY):
            return False
        return any(g != SUMMARY for g in raw.named_graphs())

    def rebuild_summary(self) -> int:
        """Write the summary graph (store_summary) of every named graph again, in one
        transaction; the number of its triples. For stores written before it existed."""
        self._check_writable()
        raw = self._handle()
        quads: set[ox.Quad] = set()
        for graph in self.named_graphs():
            quads |= store_summary.summary_quads(graph, raw.quads_for_pattern(None, None, None, ox.NamedNode(graph)))
        parts = [f"DROP SILENT GRAPH {SUMMARY}", *_summary_parts([], list(quads))]
        raw.update(" ;\n".join(parts))
        return len(quads)

    # ------------------------------------------------------------------ the text index

    @property
    def text_index(self) -> TextIndex:
        """The store's substring index (textindex.py), opened on first use and built
        from the store when missing."""
        if self._text is None:
            self._text = TextIndex(
                self.path,
                lambda graph: self._handle().quads_for_pattern(None, None, None, ox.NamedNode(graph)),
                self.named_graphs,
                repair=not self.read_only,
            )
        return self._text

    def _check_writable(self) -> None:
        if self.read_only:
            raise WuxingError(f"store {self.path} is open read-only")

    # ------------------------------------------------------------------ reading

    def named_graphs(self) -> list[str]:
        """The bulletin graphs and the reference graph (not the summary graph)."""
        return sorted(g.value for g in self.raw.named_graphs() if isinstance(g, ox.NamedNode) and g != SUMMARY)

    def has_graph(self, graph: str) -> bool:
        return self.raw.contains_named_graph(ox.NamedNode(graph))

    def quads(self, graph: str | None = None) -> Iterator[ox.Quad]:
        """The quads of one named graph, or of every named graph (not the merged view)."""
        if graph:
            return self.raw.quads_for_pattern(None, None, None, ox.NamedNode(graph))
        return (
            q for q in self.raw.quads_for_pattern(None, None, None, None) if q.graph_name not in (DEFAULT, SUMMARY)
        )

    def quad_count(self, graph: str | None = None) -> int:
        """Quads in one named graph (a scan of that graph), or in all of them (kept by the
        writer and saved with the store, see store_counts; counted when unknown). The
        merged view is not counted: see :meth:`fact_count`."""
        if graph is not None:
            return sum(1 for _ in self.quads(graph))
        return self.counts().quads

    def graph_count(self) -> int:
        """Named graphs in the store (bulletins plus the reference graph), kept like quads."""
        return self.counts().graphs

    def counts(self) -> store_counts.Counts:
        if self._counts is None:
            raw = self._handle()
            summary = sum(1 for _ in raw.quads_for_pattern(None, None, None, SUMMARY))
            graphs = sum(1 for g in raw.named_graphs() if g != SUMMARY)
            self._counts = store_counts.Counts(len(raw) - self.fact_count() - summary, graphs)
        return store_counts.Counts(self._counts.quads, self._counts.graphs)

    def fact_count(self) -> int:
        """Triples in the merged default graph: each distinct fact once."""
        return sum(1 for _ in self.raw.quads_for_pattern(None, None, None, DEFAULT))

    def query(
        self,
        sparql: str,
        substitutions: Mapping[str, Term] | None = None,
        *,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
    ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        """Run a SPARQL query on the dataset SPARQL 1.1 gives it.

        Without a dataset (no FROM / FROM NAMED, no `default_graphs` / `named_graphs`) the
        default graph is the merged view (each triple of any named graph once) and GRAPH
        ranges over all named graphs. A query's own FROM / FROM NAMED
        sets its dataset (§13.2); `default_graphs` / `named_graphs` (the Protocol's
        default-graph-uri / named-graph-uri) override both. Giving only one of the two
        leaves the other part of the dataset empty, as FROM without FROM NAMED does.

        `substitutions` pre-binds variables (SEP-0007); pyoxigraph requires each of them to
        be in the SELECT projection. A query that does not parse raises QueryError (exit 2).
        """
        subs = {ox.Variable(k): v for k, v in (substitutions or {}).items()}
        dataset: dict[str, Any] = {}
        if default_graphs is not None or named_graphs is not None:
            dataset["default_graph"] = [ox.NamedNode(g) for g in default_graphs or ()]
            dataset["named_graphs"] = [ox.NamedNode(g) for g in named_graphs or ()]
        elif self._union_fallback and not has_dataset_clause(sparql):
            # an older store opened read-only, without the merged view: the union (with
            # its repeats). pyoxigraph's union flag replaces a FROM's default graph.
            dataset["use_default_graph_as_union"] = True
        try:
            return self.raw.query(sparql, substitutions=subs or None, **dataset)
        except (SyntaxError, ValueError) as exc:  # ValueError: a graph IRI that is not one
            raise QueryError(f"SPARQL syntax error: {exc}") from exc
        except RuntimeError as exc:  # e.g. a substituted variable that is not projected
            raise QueryError(f"SPARQL query error: {exc}") from exc

    def select(
        self,
        sparql: str,
        substitutions: Mapping[str, Term] | None = None,
        *,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
    ) -> SelectResult:
        result = self.query(sparql, substitutions, default_graphs=default_graphs, named_graphs=named_graphs)
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("select() needs a SELECT query")
        variables = [v.value for v in result.variables]
        rows = [{name: term_text(sol[name]) for name in variables} for sol in result]
        return SelectResult(variables, rows)

    def dump(self, out: BinaryIO, fmt: str, *, graph: str | None = None) -> None:
        """Serialise the store (or one named graph) with pyoxigraph's own writers.

        ttl/nt hold no named graphs: they get the merged view (every fact once).
        trig/nq/jsonld keep every named graph (and leave the merged view out: it repeats
        them).
        """
        if fmt not in EXPORT_FORMATS:
            raise QueryError(f"unknown export format {fmt!r} (choose from {', '.join(EXPORT_FORMATS)})")
        rdf_format, datasets = EXPORT_FORMATS[fmt]
        prefixes = PREFIXES if rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None
        if graph is not None:
            self.raw.dump(out, rdf_format, from_graph=ox.NamedNode(graph), prefixes=prefixes)
        elif datasets:
            ox.serialize(self.quads(), out, rdf_format, prefixes=prefixes)
        elif not self._union_fallback:
            self.raw.dump(out, rdf_format, from_graph=DEFAULT, prefixes=prefixes)
        else:
            triples = self.raw.query(
                "CONSTRUCT { ?s ?p ?o } WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }",
                use_default_graph_as_union=True,
            )
            ox.serialize(cast(ox.QueryTriples, triples), out, rdf_format, prefixes=prefixes)  # a CONSTRUCT answers triples

    def dump_bytes(self, fmt: str, *, graph: str | None = None) -> bytes:
        buf = io.BytesIO()
        self.dump(buf, fmt, graph=graph)
        return buf.getvalue()


def disk_bytes(path: str | os.PathLike[str]) -> int:
    """Bytes the store's files take on disk."""
    return sum(f.stat().st_size for f in Path(path).iterdir() if f.is_file())


def compact(path: str | os.PathLike[str]) -> tuple[int, int]:
    """Reclaim disk: (bytes before, bytes after).

    Measured on pyoxigraph 0.5: a writer's RocksDB write-ahead log files stay on disk after
    its data is flushed (22 MB WAL next to 10 MB of tables after ingesting three bulletins;
    0.93 GB per 1 M quads), and ``flush``/``optimize`` in the same process do not delete
    them. A fresh read-write open does (obsolete logs are purged at open); ``optimize``
    then compacts the tables, and RocksDB's old text logs (``LOG.old.*``) are removed.
    Raises StoreBusyError while another process writes.
    """
    p = Path(path)
    if not (p / "CURRENT").exists():
        raise StoreNotFound(p)
    before = disk_bytes(p)
    with Store(p) as store:
        store.raw.flush()
        store.raw.optimize()
        _remove_old_info_logs(p)
    return before, disk_bytes(p)


def _remove_old_info_logs(path: Path) -> None:
    """RocksDB renames its text LOG to ``LOG.old.<time>`` at every read-write open and
    keeps up to 1000 of them: ~137 KB per open (an ingest opens twice, with this
    compaction), so a store ingested into a few hundred times holds tens of MB of
    diagnostics. They hold no data."""
    for old in path.glob("LOG.old.*"):
        try:
            old.unlink()
        except OSError:
            pass


# pyoxigraph.Store methods that change data: called through Store.raw they bypass the
# kept counts, which are then forgotten (and counted again when next asked).
_WRITE_METHODS = frozenset(
    {"add", "extend", "bulk_extend", "remove", "update", "load", "bulk_load", "clear", "clear_graph",
     "add_graph", "remove_graph"}
)


class _WatchedHandle:
    """A writable store's pyoxigraph handle that notices writes made through it."""

    __slots__ = ("_owner",)

    def __init__(self, owner: Store) -> None:
        self._owner = owner

    def __getattr__(self, name: str) -> Any:
        if name in _WRITE_METHODS:
            self._owner._counts = None
        return getattr(self._owner._handle(), name)

    def __len__(self) -> int:
        return len(self._owner._handle())

    def __iter__(self) -> Iterator[ox.Quad]:
        return iter(self._owner._handle())

    def __contains__(self, quad: object) -> bool:
        return quad in self._owner._handle()


class StoreNotFound(WuxingError):
    """A read command pointed at a path where no store exists yet."""

    exit_code = 2

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"no store at {path}: ingest a bulletin first (wuxing-kg --store {path} ingest FILE) "
            "or point --store / $WUXING_KG_STORE at an existing store"
        )


def _open_read_only(path: Path, attempts: int = 20) -> ox.Store:
    # A read-only open races with the writer's background flushes and compactions: RocksDB
    # may list a table file in its MANIFEST that a compaction deletes a moment later
    # ("Corruption: … No such file or directory"). Measured: about one open in three
    # fails that way right after a write; the next attempt succeeds.
    for attempt in range(attempts):
        try:
            return ox.Store.read_only(str(path))
        except (OSError, RuntimeError) as exc:
            racing = "no such file" in str(exc).lower()  # the symptom of the race above
            if attempt == attempts - 1 or not racing:
                raise OSError(str(exc)) from exc
            time.sleep(0.02 * (attempt + 1))
    raise AssertionError("unreachable")


def _summary_parts(removed: Sequence[ox.Quad], added: Sequence[ox.Quad]) -> list[str]:
    """The update parts that change the summary graph (store_summary)."""
    parts = []
    if removed:
        parts.append(f"DELETE DATA {{ GRAPH {SUMMARY} {{\n{_statements(removed)}\n}} }}")
    if added:
        parts.append(f"INSERT DATA {{ GRAPH {SUMMARY} {{\n{_statements(added)}\n}} }}")
    return parts


def _statements(quads: Iterable[ox.Quad]) -> str:
    return " .\n".join(_triple_text(q) for q in quads)


def _triple_text(quad: ox.Quad) -> str:
    # str() of pyoxigraph terms is N-Triples syntax, which SPARQL INSERT DATA accepts as is
    # (pyoxigraph escapes quotes, newlines and backslashes in literals).
    return f"{quad.subject} {quad.predicate} {quad.object}"
