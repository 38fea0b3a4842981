"""SHACL validation (pySHACL, SHACL Core) of bulletin graphs against ontology/shapes.ttl.

`validate_bulletin(quads)` checks one bulletin's graph before ingest stores it (a
bulletin that fails is reported and not stored); `validate_store(store)` checks every
named graph of a store on demand (`wuxing-kg validate`). Each graph is validated on
its own — the mapping types every node a bulletin refers to in that same graph — so
pySHACL never sees more than one bulletin (a few thousand triples) at a time and
needs no ontology inference.

What pySHACL is given (the same results, about half the time; bench/bench_ingest.py):

* only the triples a shape can read (:func:`shape_triples`): predicates in a path, a
  predicate target or a comparison, and the rdf:type triples of the classes targets and
  sh:class name (rdfs:subClassOf kept, since SHACL follows it in the data) — about a
  tenth of a bulletin graph (selector sources, alternative labels, extra types) goes;
* in a one-graph rdflib store (:class:`_OneGraphStore`) instead of rdflib's default
  Memory store, whose per-triple event and context bookkeeping cost as much as the
  validation itself.

* a graph of more than PART_TRIPLES shape triples in parts (:func:`_parts`): the shapes
  are local (each path one predicate, no nested shape), so a focus node's results depend
  on its own triples and its values' types only; pySHACL's memory then grows with the
  part (a 0.25 MB text: +17 MB instead of +93 MB, the same violations, ~1.1x the CPU).

pySHACL 0.40 can also take a pyoxigraph Store directly; measured on the seed graph it was
~8x slower (every lookup converts terms back to rdflib) and reported 46 false sh:in
violations (it turns plain literals into xsd:string-typed ones), so it is not used.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH
from rdflib.store import Store as RdflibStore

from . import settings

SHAPES_FILE = "shapes.ttl"


@dataclass(frozen=True)
class Violation:
    severity: str  # Violation | Warning | Info
    focus: str  # the node that failed
    path: str | None  # the property
    message: str
    value: str | None = None
    graph: str | None = None  # named graph (validate_store)
    shape: str | None = None  # the node shape (its IRI) whose constraint failed

    def line(self) -> str:
        where = f" {self.path}" if self.path else ""
        value = f" (value: {self.value})" if self.value else ""
        graph = f" [graph {self.graph}]" if self.graph else ""
        return f"{self.severity}: <{self.focus}>{where}: {self.message}{value}{graph}"


@dataclass
class ValidationReport:
    conforms: bool  # no violation (warnings allowed)
    violations: list[Violation] = field(default_factory=list)  # includes warnings
    triples: int = 0
    graphs: int = 1
    seconds: float = 0.0

    @property
    def errors(self) -> list[Violation]:
        return [v for v in self.violations if v.severity == "Violation"]

    @property
    def warnings(self) -> list[Violation]:
        return [v for v in self.violations if v.severity != "Violation"]

    def text(self, limit: int = 50) -> str:
        head = (
            f"{'conforms' if self.conforms else 'does NOT conform'}: {len(self.errors)} violation(s), "
            f"{len(self.warnings)} warning(s) in {self.graphs} graph(s), {self.triples} triples, "
            f"{self.seconds:.2f} s"
        )
        ordered = self.errors + self.warnings
        lines = [head] + ["  " + v.line() for v in ordered[:limit]]
        if len(ordered) > limit:
            lines.append(f"  … and {len(ordered) - limit} more")
        return "\n".join(lines)


def _shapes_path():  # the ontology dir in a checkout, else the copy packaged with the module
    path = settings.ONTOLOGY_DIR / SHAPES_FILE
    if path.exists():
        return path
    return settings.PACKAGE_DIR / "ontology" / SHAPES_FILE


_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)


def shapes_graph() -> Graph:
    """shapes.ttl with every nested property shape lifted to a top-level shape.

    A property shape nested in a node shape (``sh:property [...]``) is evaluated by
    pySHACL once per focus node, rebuilding its constraint objects each time; the same
    property shape carrying the node shape's targets itself is evaluated once for all
    focus nodes. The two are equivalent in SHACL (same focus nodes, same constraints,
    same results), and the lifted form validated the seed graph ~5x faster.
    """
    return _lifted_shapes()[0]


def shape_owners() -> dict[str, str]:
    """Lifted property shape → the node shape it was written in (as ``Violation.shape``)."""
    return _lifted_shapes()[1]


@lru_cache(maxsize=1)
def _lifted_shapes() -> tuple[Graph, dict[str, str]]:
    g = Graph()
    g.parse(_shapes_path(), format="turtle")
    owners: dict[str, str] = {}
    for node_shape, prop in list(g.subject_objects(SH.property)):
        targets = [(t, v) for t in _TARGETS for v in g.objects(node_shape, t)]
        if not targets:
            continue  # a shape used only through sh:node etc. keeps its nesting
        g.remove((node_shape, SH.property, prop))
        for t, v in targets:
            g.add((prop, t, v))
        g.add((prop, RDF.type, SH.PropertyShape))
        owners[str(prop)] = str(node_shape)
    # pySHACL reads the shapes again for every data graph (targets, parameters): the
    # one-graph store answers those lookups faster than the Memory store, too.
    fast = Graph(store=_OneGraphStore())
    for prefix, namespace in g.namespaces():
        fast.bind(prefix, namespace)
    for triple in g:
        fast.store.add(triple, fast)
    return fast, owners


def _term(t: ox.NamedNode | ox.BlankNode | ox.Literal):
    if isinstance(t, ox.NamedNode):
        return URIRef(t.value)
    if isinstance(t, ox.Literal):
        if t.language:
            return Literal(t.value, lang=t.language)
        dt = t.datatype.value
        return Literal(t.value, datatype=None if dt == _XSD_STRING else URIRef(dt))
    return BNode(t.value)


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_TYPE = str(RDF.type)
_SUBCLASS_OF = str(RDFS.subClassOf)

# Shape terms whose value is a predicate the shape reads in the data graph.
_PREDICATE_TERMS = (SH.targetSubjectsOf, SH.targetObjectsOf, SH.equals, SH.disjoint, SH.lessThan, SH.lessThanOrEquals)
# Shape terms that read data no predicate list can name: with any of them every triple is kept.
_OPEN_TERMS = (SH.closed, SH.sparql, SH.target, SH.select, SH.ask, SH.js, SH.jsFunctionName)


@dataclass(frozen=True)
class _ReadSet:
    """What the shapes can read in a data graph (None: anything, keep every triple)."""

    predicates: frozenset[str] | None
    classes: frozenset[str]  # rdf:type objects a target or sh:class looks for


def _path_predicates(shapes: Graph, path, seen: set) -> Iterator[str]:
    """Every IRI inside a property path (a predicate, a sequence, an inverse, ...)."""
    if isinstance(path, URIRef):
        yield str(path)
        return
    if path in seen:
        return
    seen.add(path)
    for _, o in shapes.predicate_objects(path):  # rdf:first/rest, sh:inversePath, ...
        yield from _path_predicates(shapes, o, seen)


@lru_cache(maxsize=1)
def _read_set() -> _ReadSet:
    """Derived from the shapes: predicates in a path, a predicate target or a property
    comparison; classes in sh:targetClass or sh:class (and implicit class targets)."""
    shapes = shapes_graph()
    if any(True for t in _OPEN_TERMS for _ in shapes.subject_objects(t)):
        return _ReadSet(None, frozenset())
    seen: set = set()
    predicates = {_RDF_TYPE, _SUBCLASS_OF}  # targets and sh:class follow rdfs:subClassOf* in the data
    for path in shapes.objects(None, SH.path):
        predicates.update(_path_predicates(shapes, path, seen))
    for term in _PREDICATE_TERMS:
        predicates.update(str(o) for o in shapes.objects(None, term))
    classes = {str(o) for t in (SH.targetClass, SH["class"]) for o in shapes.objects(None, t)}
    for shape in set(shapes.subjects(RDF.type, SH.NodeShape)) | set(shapes.subjects(RDF.type, SH.PropertyShape)):
        if (shape, RDF.type, RDFS.Class) in shapes or (shape, RDF.type, OWL.Class) in shapes:
            classes.add(str(shape))  # a shape that is a class targets its instances
    return _ReadSet(frozenset(predicates), frozenset(classes))


def shape_triples(triples: Iterable[ox.Quad | ox.Triple]) -> list[ox.Quad | ox.Triple]:
    """The triples the shapes can read: what no target, path or sh:class reaches (a
    selector's oa:hasSource, alternative labels, the type oa:SpecificResource, ...)
    cannot change a result, so pySHACL gets the same results from the rest.

    An rdf:type triple is kept when its class is one the shapes name or a class the
    data itself makes a subclass of something (SHACL follows rdfs:subClassOf in the data
    graph); every rdfs:subClassOf triple is kept.
    """
    triples = list(triples)
    reads = _read_set()
    if reads.predicates is None:
        return triples
    predicates, classes = reads.predicates, set(reads.classes)
    classes.update(t.subject.value for t in triples if t.predicate.value == _SUBCLASS_OF)  # type: ignore[union-attr]  # pyoxigraph: a subject may be an RDF-star Triple; ours never are
    kept = []
    for t in triples:
        p = t.predicate.value
        if p == _RDF_TYPE:
            if t.object.value in classes:  # type: ignore[union-attr]  # pyoxigraph: an object may be an RDF-star Triple
                kept.append(t)
        elif p in predicates:
            kept.append(t)
    return kept


class _OneGraphStore(RdflibStore):
    """An rdflib store holding one graph, built once and then only read.

    rdflib's default Memory store keeps per-triple context bookkeeping and fires an
    event on every ``add``; its SimpleMemory scans every triple for ``len`` (which
    pySHACL asks several times) and is not graph-aware, so pySHACL refuses it. This is
    the nested-dict index of SimpleMemory with a kept size, one shared (empty) context
    iterator per answer, and the graph-aware flag pySHACL's Dataset wrapper wants.
    It holds exactly the graph being validated, so every context sees all its triples.
    """

    context_aware = True
    graph_aware = True

    def __init__(self) -> None:
        super().__init__()
        self._spo: dict = {}  # s → p → {o}
        self._pos: dict = {}  # p → o → {s}
        self._osp: dict = {}  # o → s → {p}
        self._size = 0
        self._ns: dict[str, URIRef] = {}

    def add(self, triple, context=None, quoted=False) -> None:  # noqa: ANN001 (rdflib's signature)
        s, p, o = triple
        objects = self._spo.setdefault(s, {}).setdefault(p, {})
        if o in objects:
            return
        objects[o] = None
        self._pos.setdefault(p, {}).setdefault(o, {})[s] = None
        self._osp.setdefault(o, {}).setdefault(s, {})[p] = None
        self._size += 1

    def triples(self, pattern, context=None):  # noqa: ANN001, ANN201
        s, p, o = pattern
        if s is not None:
            by_p = self._spo.get(s, {})
            for pp, objects in ((p, by_p.get(p, {})),) if p is not None else by_p.items():
                if o is None:
                    for oo in objects:
                        yield (s, pp, oo), _NO_CONTEXTS
                elif o in objects:
                    yield (s, pp, o), _NO_CONTEXTS
        elif p is not None:
            by_o = self._pos.get(p, {})
            for oo, subjects in ((o, by_o.get(o, {})),) if o is not None else by_o.items():
                for ss in subjects:
                    yield (ss, p, oo), _NO_CONTEXTS
        elif o is not None:
            for ss, preds in self._osp.get(o, {}).items():
                for pp in preds:
                    yield (ss, pp, o), _NO_CONTEXTS
        else:
            for ss, by_p in self._spo.items():
                for pp, objects in by_p.items():
                    for oo in objects:
                        yield (ss, pp, oo), _NO_CONTEXTS

    def __len__(self, context=None) -> int:  # noqa: ANN001
        return self._size

    def contexts(self, triple=None):  # noqa: ANN001, ANN201
        return iter(())

    def add_graph(self, graph) -> None:  # noqa: ANN001 (the one graph always exists)
        pass

    def bind(self, prefix, namespace, override=True) -> None:  # noqa: ANN001
        if override or prefix not in self._ns:
            self._ns[prefix] = namespace

    def namespace(self, prefix):  # noqa: ANN001, ANN201
        return self._ns.get(prefix)

    def prefix(self, namespace):  # noqa: ANN001, ANN201
        return next((k for k, v in self._ns.items() if v == namespace), None)

    def namespaces(self):  # noqa: ANN201
        return iter(list(self._ns.items()))


_NO_CONTEXTS: tuple = ()


def _to_rdflib(triples: Iterable[ox.Quad | ox.Triple]) -> Graph:
    """Quads (any graph) → one rdflib Graph of their triples (term by term: several times
    faster than serialising to N-Triples and parsing again)."""
    g = Graph(store=_OneGraphStore())
    add = g.store.add  # Graph.add only type-checks the terms made here, then calls this
    cache: dict[object, object] = {}

    def term(t):  # IRIs repeat a lot: convert each once
        hit = cache.get(t)
        if hit is None:
            hit = cache[t] = _term(t)
        return hit

    for q in triples:
        add((term(q.subject), term(q.predicate), term(q.object)), g)
    return g


def _report(results: Graph, graph: str | None) -> list[Violation]:
    out: list[Violation] = []
    owners = shape_owners()
    for result in results.subjects(RDF.type, SH.ValidationResult):
        def one(p: URIRef) -> str | None:
            v = results.value(result, p)
            return None if v is None else str(v)

        severity = (one(SH.resultSeverity) or str(SH.Violation)).rsplit("#", 1)[-1]
        message = one(SH.resultMessage) or one(SH.sourceConstraintComponent) or "constraint not met"
        value = results.value(result, SH.value)
        shape = one(SH.sourceShape)
        out.append(
            Violation(
                severity=severity,
                focus=one(SH.focusNode) or "",
                path=one(SH.resultPath),
                message=message,
                value=None if value is None else (str(value) if not isinstance(value, Literal) else value.n3()),
                graph=graph,
                shape=owners.get(shape, shape) if shape else None,
            )
        )
    out.sort(key=_order)
    return out


def _order(v: Violation) -> tuple[bool, str, str, str, str, str]:
    """Violations first, then by node and property; total, so a graph validated in parts
    lists its results in the same order as validated whole."""
    return (v.severity != "Violation", v.focus, v.path or "", v.message, v.value or "", v.shape or "")


# A graph with more shape triples than this is validated in parts (see _parts).
PART_TRIPLES = 10_000

# Shape terms whose results can depend on more than a focus node's own triples and the
# types of its values: with any of them a graph is always validated whole.
_NON_LOCAL_TERMS = (SH.targetObjectsOf, SH.targetNode, SH.node, SH.qualifiedValueShape, SH["and"], SH["or"],
                    SH.xone, SH["not"])


@lru_cache(maxsize=1)
def _local_shapes() -> bool:
    """Whether every result depends only on the focus node's own triples (each shape path
    one predicate, no nested shape) and the rdf:type triples of its values (sh:class),
    with the data's rdfs:subClassOf triples: then a graph split by subject gives the
    same results, part by part, as the whole graph."""
    shapes = shapes_graph()
    if _read_set().predicates is None:
        return False
    if any(True for t in _NON_LOCAL_TERMS for _ in shapes.subject_objects(t)):
        return False
    return all(isinstance(path, URIRef) for path in shapes.objects(None, SH.path))


def _parts(triples: list[ox.Quad | ox.Triple]) -> Iterator[tuple[list[ox.Quad | ox.Triple], set[str] | None]]:
    """The graph in parts of about PART_TRIPLES triples, each with the focus nodes whose
    results it decides (None: the whole graph, every result).

    A part holds the triples of a set of subjects, the rdf:type triples of every node
    those triples point to (what sh:class reads) and all rdfs:subClassOf triples; a node
    typed only for sh:class in a part would be a target there too (with none of its own
    triples), so pySHACL is given the part's own subjects as its focus nodes. pySHACL
    skips a blank focus node in that filter: a graph with one is validated whole. Memory
    then grows with the part, not the bulletin (pySHACL's rdflib graph costs several
    hundred bytes a triple)."""
    if len(triples) <= PART_TRIPLES or not _local_shapes() or _focus_validator() is None:
        yield triples, None
        return
    by_subject: dict[object, list[ox.Quad | ox.Triple]] = {}
    for t in triples:
        by_subject.setdefault(t.subject, []).append(t)
    if not all(isinstance(s, ox.NamedNode) for s in by_subject):
        yield triples, None
        return
    types = {s: [t for t in ts if t.predicate.value == _RDF_TYPE] for s, ts in by_subject.items()}
    subclass = [t for t in triples if t.predicate.value == _SUBCLASS_OF]
    part: list[ox.Quad | ox.Triple] = []
    focus: set[str] = set()
    for subject, own in by_subject.items():
        part.extend(own)
        focus.add(subject.value)  # type: ignore[attr-defined]  # a NamedNode (checked above)
        if len(part) >= PART_TRIPLES:
            yield _with_value_types(part, types, subclass), focus
            part, focus = [], set()
    if part:
        yield _with_value_types(part, types, subclass), focus


def _with_value_types(part: list, types: dict, subclass: list) -> list:
    values = {t.object for t in part if not isinstance(t.object, ox.Literal)}
    return part + subclass + [t for v in values for t in types.get(v, ())]


def validate_graph(triples: Iterable[ox.Quad | ox.Triple], *, graph: str | None = None) -> ValidationReport:
    started = time.perf_counter()
    triples = list(triples)
    kept = shape_triples(triples)
    violations: list[Violation] = []
    for part, focus in _parts(kept):
        data = _to_rdflib(part)
        del part
        results = _shacl(data, focus)
        del data
        found = _report(results, graph)
        violations.extend(found if focus is None else (v for v in found if v.focus in focus))
    violations.sort(key=_order)
    conforms = not any(v.severity == "Violation" for v in violations)
    return ValidationReport(
        conforms=conforms,
        violations=violations,
        triples=len(triples),
        graphs=1,
        seconds=time.perf_counter() - started,
    )


_SHACL_OPTIONS: dict[str, Any] = {
    "inference": "none",
    "allow_warnings": True,  # warnings are reported but do not fail the bulletin
    "advanced": False,
    "abort_on_first": False,
}


def _shacl(data: Graph, focus: set[str] | None) -> Graph:
    """pySHACL's results graph for `data`; with `focus`, for those focus nodes only."""
    from pyshacl import validate as shacl_validate

    if focus is None:
        return shacl_validate(data, shacl_graph=shapes_graph(), **_SHACL_OPTIONS)[1]
    made = _focus_validator()
    assert made is not None  # _parts splits a graph only when it exists
    validator_class, data_graph = made
    options = {**_SHACL_OPTIONS, "focus_nodes": sorted(focus), "debug": False, "inplace": False}
    validator = validator_class(data_graph(data), shacl_graph=shapes_graph(), options=options)
    return validator.run()[1]


@lru_cache(maxsize=1)
def _focus_validator() -> tuple[type, Callable[[Graph], object]] | None:
    """pySHACL's Validator with the focus-node filter as a set, or None where this
    pySHACL lacks what it needs (then every graph is validated whole: same results).

    pySHACL's own ``focus_nodes`` option keeps a list and tests each target against it
    (``node in list``: rdflib term comparisons, quadratic in the part), which made a
    split graph several times slower than the whole one; a set makes it linear."""
    try:
        from pyshacl.graph_abstraction import DataGraph
        from pyshacl.monkey import apply_patches
        from pyshacl.validator import Validator
    except ImportError:
        return None
    if not hasattr(Validator, "make_executor") or not hasattr(DataGraph, "from_rdflib"):
        return None
    apply_patches()  # what pyshacl.validate does first (idempotent)

    class FocusValidator(Validator):  # type: ignore[misc]  # pySHACL is untyped here
        def make_executor(self):  # noqa: ANN202
            executor = super().make_executor()
            if executor.focus_nodes:
                executor.focus_nodes = frozenset(executor.focus_nodes)
            return executor

    return FocusValidator, DataGraph.from_rdflib


def reference_violations(triples: Iterable[ox.Quad | ox.Triple]) -> list[Violation]:
    """The plain path the fast one is checked against (tests, `bench ingest`): every triple,
    in rdflib's default Memory store, with the shapes copied there too."""
    from pyshacl import validate as shacl_validate

    data, shapes = Graph(), Graph()
    for t in _to_rdflib(triples):
        data.add(t)
    for prefix, namespace in shapes_graph().namespaces():  # result messages name terms by prefix
        shapes.bind(prefix, namespace)
    for t in shapes_graph():
        shapes.add(t)
    _, results, _ = shacl_validate(data, shacl_graph=shapes, inference="none", allow_warnings=True,
                                   advanced=False, abort_on_first=False)
    return _report(results, None)


def validate_bulletin(quads: Iterable[ox.Quad]) -> ValidationReport:
    """Check one bulletin's quads (rdf.mapping.to_quads(...).quads) against the shapes."""
    return validate_graph(quads)


def validate_store(store, *, graphs: list[str] | None = None) -> ValidationReport:
    """Check every named graph of a store.Store (or pyoxigraph.Store), each on its own."""
    started = time.perf_counter()
    if graphs is None:
        graphs = _graph_names(store)
    total = ValidationReport(conforms=True, graphs=0)
    for name in graphs:
        report = validate_graph(_graph_quads(store, name), graph=name)
        total.violations.extend(report.violations)
        total.triples += report.triples
        total.graphs += 1
    total.conforms = not total.errors
    total.seconds = time.perf_counter() - started
    return total


def _graph_names(store) -> list[str]:
    if hasattr(store, "named_graphs"):
        names = store.named_graphs()
        return [n if isinstance(n, str) else n.value for n in names]
    return sorted(g.value for g in store.named_graphs())  # pragma: no cover


def _graph_quads(store, name: str):
    if isinstance(store, ox.Store):
        return store.quads_for_pattern(None, None, None, ox.NamedNode(name))
    return store.quads(name)
