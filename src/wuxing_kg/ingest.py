"""Files → read → extract → map → validate → store, one bulletin per transaction.

Batch semantics (what `wuxing-kg ingest a.txt b.pdf folder/` does):

1. **Collect** the files: explicit files as given (an unknown extension is refused by the
   reader), folders recursively for ``*.txt *.html *.htm *.docx *.pdf`` (hidden files and
   folders skipped), in sorted order. A missing path or a folder without bulletins is bad
   input.
2. **Read and check every file first**, before the store is opened for writing. If any
   file is bad input (empty, binary, truncated, undecodable, too big, unknown format) the
   whole batch is refused with :class:`errors.BadInputError` naming every bad file, and
   the store is not touched at all — not even opened.
3. **Extract, map and validate** each bulletin. A bulletin whose graph does not conform
   to the SHACL shapes is reported (status ``invalid``) and not stored; the others are.
4. **Store** each valid bulletin with :meth:`store.Store.replace_graph`: one transaction
   per bulletin, so a crash leaves every bulletin either in its previous or its new state.
   Ingesting the same file again leaves the same quads (IRIs are deterministic and the
   mapping mints no blank nodes); a new version of a bulletin (same issuer and issue)
   replaces its graph. Reference data (ontology, divisions) is (re)written into
   ``settings.REFERENCE_GRAPH`` when it differs from what is stored.

Two files of the same bulletin in one batch (say its .pdf and its .docx) map to the
same graph: the later file in the batch order wins, and the report shows both.

``dry_run=True`` runs steps 1–3 and never opens the store.

Worker processes (``jobs``, ``wuxing-kg ingest --jobs N``; default one per core): steps 2
and 3 run in :mod:`workers` processes, results in input order; this process alone opens
the store, after every file was read, and writes step 4 bulletin by bulletin in the
batch order. The store therefore ends with the same quads as with ``jobs=1``, and the
extraction of the next bulletins goes on while one is written.

Skipping work on re-ingest: every stored bulletin graph records the SHA-256 of its file's
bytes (``wx:sha256``, written by the mapping) and the :func:`extractor_version` that
produced it (``wx:extractorVersion``, added here in the same transaction). Before step 2
the file bytes are hashed and looked up in the store (a read-only handle, which never
writes and works while another process writes); a file whose bytes and extractor version
match a stored bulletin is reported ``unchanged`` and is neither read nor extracted.
``reextract=True`` (``wuxing-kg ingest --reextract``) turns the lookup off, so graphs made
by an older extractor are refreshed.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from . import settings
from .errors import BadInputError
from .stages import stage
from .store import Store, StoreNotFound
from .workers import InlineWorkers, ProcessWorkers, workers

BULLETIN_SUFFIXES = (".txt", ".html", ".htm", ".docx", ".pdf")

# progress(done, total, label): called after each step of the batch (the CLI draws a bar).
Progress = Callable[[int, int, str], None]
# on_bulletin(report): called as soon as a bulletin is stored (or refused by SHACL), so a
# long batch shows its results as it goes.
OnBulletin = Callable[["BulletinReport"], None]

# Classes counted as "entities" in the per-bulletin summary (prefixed local names).
_ENTITY_TYPES = {
    "http://www.w3.org/ns/org#Organization": "organizations",
    "https://schema.org/AdministrativeArea": "places",
    "https://schema.org/Place": "places",
    settings.ONTOLOGY_IRI + "Program": "programs",
    "http://xmlns.com/foaf/0.1/Person": "people",
}
_OBSERVATION = "http://purl.org/linked-data/cube#Observation"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_ARTICLE = settings.ONTOLOGY_IRI + "Article"
_SHA256 = settings.ONTOLOGY_IRI + "sha256"
_EXTRACTOR_VERSION = settings.ONTOLOGY_IRI + "extractorVersion"
_TITLE = "http://purl.org/dc/terms/title"
_ISSUED = "http://purl.org/dc/terms/issued"
_ISSUE = settings.ONTOLOGY_IRI + "issue"

# The packages whose code and rule files decide what a file's graph is (read → extract → map).
_PIPELINE_PACKAGES = ("reading", "nlp", "rdf")
# ... and what runs between extract and map (entity resolution, indicator concepts) with its data.
_PIPELINE_FILES = ("resolve.py", "resolve_forms.py", "data/resolution.toml", "indicators.py", "data/indicators.toml")


@lru_cache(maxsize=1)
def extractor_version() -> str:
    """The one name of the extractor's version: the package version plus a digest of the
    reading, NLP and mapping code and rule files. Any edit to them (a new pattern, a fixed
    rule) changes it, so a release that forgets to bump the version still re-extracts
    what the old extractor made, and an unchanged install never does."""
    from . import __version__

    root = Path(__file__).parent
    digest = hashlib.sha256()
    for package in _PIPELINE_PACKAGES:
        for path in sorted((root / package).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(root).as_posix().encode() + b"\0")
                digest.update(path.read_bytes())
    for name in _PIPELINE_FILES:
        digest.update(name.encode() + b"\0" + (root / name).read_bytes())
    return f"{__version__}+{digest.hexdigest()[:12]}"


@dataclass
class BulletinReport:
    source: str  # the file path as given/found
    status: str  # added | replaced | unchanged | invalid | dry-run
    graph: str = ""
    bulletin: str = ""
    title: str | None = None
    issue: str | None = None
    date: str | None = None
    articles: int = 0
    entities: int = 0
    metrics: int = 0
    quads: int = 0
    problems: list[str] = field(default_factory=list)  # SHACL violations, mapping warnings

    def summary(self) -> str:
        name = " ".join(x for x in (self.title, self.issue, self.date) if x) or self.bulletin or self.source
        line = (
            f"{self.status:<9} {self.source}: {name} — {self.articles} articles, "
            f"{self.entities} entities, {self.metrics} metrics, {self.quads} quads"
        )
        if self.status == "invalid":
            line += f"; NOT stored: {len(self.problems)} SHACL violation(s)"
        return line


@dataclass
class IngestReport:
    bulletins: list[BulletinReport] = field(default_factory=list)
    dry_run: bool = False
    store_quads: int | None = None  # total quads in the store afterwards (None on dry run)
    jobs: int = 1  # processes that read and extracted (1 = this one)

    @property
    def stored(self) -> list[BulletinReport]:
        return [b for b in self.bulletins if b.status in ("added", "replaced", "unchanged")]

    @property
    def invalid(self) -> list[BulletinReport]:
        return [b for b in self.bulletins if b.status == "invalid"]

    def total_line(self) -> str:
        ok = self.stored if not self.dry_run else [b for b in self.bulletins if b.status == "dry-run"]
        parts = [
            f"{len(ok)} bulletin{'s' if len(ok) != 1 else ''}",
            f"{sum(b.articles for b in ok)} articles",
            f"{sum(b.entities for b in ok)} entities",
            f"{sum(b.metrics for b in ok)} metrics",
            f"{sum(b.quads for b in ok)} quads",
        ]
        head = "dry run (nothing written): " if self.dry_run else "total: "
        tail = f"; store now holds {self.store_quads} quads" if self.store_quads is not None else ""
        bad = f"; {len(self.invalid)} invalid, not stored" if self.invalid else ""
        return head + ", ".join(parts) + bad + tail


# ---------------------------------------------------------------------- files


def collect_files(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in BULLETIN_SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            if not found:
                raise BadInputError(str(path), f"no bulletin files ({' '.join(BULLETIN_SUFFIXES)}) in this folder")
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            raise BadInputError(str(path), "no such file or folder")
    seen: set[Path] = set()
    unique = []
    for f in files:  # the same file named twice (a file and its folder) is read once
        key = f.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique


# ---------------------------------------------------------------------- pipeline


@dataclass
class _Prepared:
    source: str
    graph: str
    bulletin: str
    quads: list[Any]
    report: BulletinReport
    merges: list[Any] = field(default_factory=list)  # resolve.Merge: kept in the merge log


def _count(quads: Sequence[Any]) -> tuple[int, int]:
    entities: set[str] = set()
    metrics = 0
    for q in quads:
        if q.predicate.value != _RDF_TYPE:
            continue
        t = q.object.value
        if t in _ENTITY_TYPES:
            entities.add(q.subject.value)
        elif t == _OBSERVATION:
            metrics += 1
    return len(entities), metrics


def _validate(quads: list[Any]) -> list[str]:
    """SHACL violations of one bulletin graph, one line each (empty = conforms; warnings
    do not stop a bulletin)."""
    from . import validate

    report = validate.validate_bulletin(quads)
    if report.conforms:
        return []
    return [v.line() for v in report.errors] or [report.text()]


def pipeline_version(overrides: Any = None) -> str:
    """The version recorded with each bulletin: the extractor's, plus the digest of the
    merge override file when there is one, so editing merges.toml re-ingests."""
    digest = getattr(overrides, "digest", "")
    return f"{extractor_version()}+m{digest}" if digest else extractor_version()


def _prepare(path: Path, bulletin: Any, overrides: Any = None) -> _Prepared:
    from . import resolve

    with stage("extract"):  # the first call also imports spaCy and builds the pipeline
        from . import nlp

        extraction = nlp.extract(bulletin)
    with stage("map"):
        from .rdf import mapping

        # Entity resolution sits at the seam: Extraction → (resolved Extraction, merges) → RDF.
        extraction, merges = resolve.resolve(extraction, overrides)
        mapped = mapping.to_quads(extraction)
        quads = resolve.finish_quads(mapped.graph, list(mapped.quads), extraction, merges, overrides)
    entities, metrics = _count(quads)
    report = BulletinReport(
        source=str(path),
        status="pending",
        graph=mapped.graph,
        bulletin=getattr(mapped, "bulletin", ""),
        title=extraction.title,
        issue=extraction.issue,
        date=extraction.date,
        articles=len(extraction.articles),
        entities=entities,
        metrics=metrics,
        quads=len(quads),
    )
    with stage("validate"):
        problems = _validate(quads)
    if problems:
        report.status = "invalid"
        report.problems = problems
    elif report.bulletin:
        # Recorded next to wx:sha256 so the next ingest of the same bytes can skip this work.
        g = ox.NamedNode(mapped.graph)
        quads.append(
            ox.Quad(ox.NamedNode(report.bulletin), ox.NamedNode(_EXTRACTOR_VERSION), ox.Literal(pipeline_version(overrides)), g)
        )
        report.quads = len(quads)
    return _Prepared(str(path), mapped.graph, report.bulletin, quads, report, merges)


def extract_file(path: str | os.PathLike[str], *, default_date: str | None = None) -> Any:
    """read → extract for one file, without touching the store (`wuxing-kg extract`).

    `default_date` (YYYY-MM-DD) dates a bulletin whose header has none; a bad date or a
    bad file raises BadInputError."""
    from datetime import date

    from . import nlp, reading

    parsed: date | None = None
    if default_date:
        try:
            parsed = date.fromisoformat(default_date)
        except ValueError:
            raise BadInputError(default_date, "not a date (expected YYYY-MM-DD)") from None
    return nlp.extract(reading.read_bulletin(path), default_date=parsed)


def read_all(
    files: Sequence[Path], max_bytes: int | None, on_read: Callable[[Path], None] | None = None
) -> list[Any]:
    """Read every file; refuse the whole batch (naming each bad file) if any is bad input."""
    return _read_batch(InlineWorkers(), files, max_bytes, on_read)


def _read_batch(
    pool: InlineWorkers | ProcessWorkers, files: Sequence[Path], max_bytes: int | None,
    on_read: Callable[[Path], None] | None = None,
) -> list[Any]:
    """:func:`read_all` with the reading done by `pool` (results in input order)."""
    from .reading.language import non_chinese_allowed

    if not files:  # all unchanged: the readers (and their 0.4 s of imports) are not needed
        return []
    limit = settings.max_bytes(max_bytes)
    bulletins, bad = [], []
    with stage("read"):  # with workers: the wall time until every file is read
        results = list(pool.read(files, limit, non_chinese_allowed()))
    for path, result in zip(files, results):
        if isinstance(result, BadInputError):
            bad.append(result)
        else:
            bulletins.append(result)
        if on_read is not None:
            on_read(path)
    if len(bad) == 1:
        raise bad[0]
    if bad:
        why = "; ".join(str(e) for e in bad)
        raise BadInputError(f"{len(bad)} files", f"refused, nothing was written: {why}")
    return bulletins


@dataclass
class _Stored:
    """What the store knows about one file's bytes."""

    graph: str
    bulletin: str
    version: str | None


def file_sha256(path: Path) -> str:
    """SHA-256 of a file's bytes, the same digest the reader puts in ``wx:sha256``."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _text(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> str:
    """An IRI or a literal's lexical form (a quoted triple, never written here, as N-Triples)."""
    return str(term) if isinstance(term, ox.Triple) else term.value


def _stored_digests(store: Store) -> dict[str, _Stored]:
    """sha256 → the stored bulletin with those bytes (one pattern lookup per bulletin)."""
    sha_p, ver_p = ox.NamedNode(_SHA256), ox.NamedNode(_EXTRACTOR_VERSION)
    found: dict[str, _Stored] = {}
    for q in store.raw.quads_for_pattern(None, sha_p, None, None):
        if not isinstance(q.graph_name, ox.NamedNode) or not isinstance(q.subject, ox.NamedNode):
            continue
        ver = next(iter(store.raw.quads_for_pattern(q.subject, ver_p, None, q.graph_name)), None)
        found[_text(q.object)] = _Stored(q.graph_name.value, q.subject.value, _text(ver.object) if ver else None)
    return found


def _unchanged_files(files: Sequence[Path], store_path: Path, max_bytes: int | None, version: str) -> dict[Path, _Stored]:
    """The files whose bytes were already ingested by this extractor version. A missing
    store has none; a file over the size limit is never skipped (it must still be refused)."""
    if not (store_path / "CURRENT").exists():
        return {}
    limit = settings.max_bytes(max_bytes)
    with Store(store_path, read_only=True) as store:
        stored = _stored_digests(store)
    if not stored:
        return {}
    unchanged: dict[Path, _Stored] = {}
    for path in files:
        if limit is not None and path.stat().st_size > limit:
            continue
        hit = stored.get(file_sha256(path))
        if hit is not None and hit.version == version:
            unchanged[path] = hit
    return unchanged


def _stored_report(store: Store, path: Path, stored: _Stored) -> BulletinReport:
    """The report line of a skipped file, from what its stored graph says (one graph scan,
    far cheaper than reading and extracting the file again)."""
    quads = list(store.quads(stored.graph))
    entities, metrics = _count(quads)
    fields: dict[str, str] = {}
    articles = 0
    for q in quads:
        p = q.predicate.value
        if p == _RDF_TYPE and _text(q.object) == _ARTICLE:
            articles += 1
        elif _text(q.subject) == stored.bulletin and p in (_TITLE, _ISSUE, _ISSUED):
            fields[p] = _text(q.object)
    return BulletinReport(
        source=str(path),
        status="unchanged",
        graph=stored.graph,
        bulletin=stored.bulletin,
        title=fields.get(_TITLE),
        issue=fields.get(_ISSUE),
        date=fields.get(_ISSUED),
        articles=articles,
        entities=entities,
        metrics=metrics,
        quads=len(quads),
    )


def _reference_quads() -> tuple[str, list[Any]] | None:
    """(graph, quads) of the reference data, when the ontology engineer's module provides it."""
    try:
        from .rdf import reference
    except ImportError:
        return None
    for name in ("reference_quads", "build_reference", "quads"):
        fn = getattr(reference, name, None)
        if callable(fn):
            result = fn()
            quads = list(getattr(result, "quads", result))
            graph = getattr(result, "graph", settings.REFERENCE_GRAPH)
            return graph, quads
    return None


# Stored on the reference graph's own IRI: the digest of the inputs it was built from.
_VERSION_INFO = "http://www.w3.org/2002/07/owl#versionInfo"


def reference_digest() -> str:
    """Digest of everything the reference graph is built from: the ontology file, the
    division tables and the code that maps them. Cheap (a few files hashed) next to
    building the graph (0.2–0.3 s) and comparing it with the store (0.2–0.6 s)."""
    root = Path(__file__).parent
    inputs = [root / "settings.py", *(root / "rdf" / n for n in ("reference.py", "iris.py", "namespaces.py"))]
    ontology = settings.ONTOLOGY_DIR / "wuxing.ttl"
    inputs.append(ontology if ontology.exists() else settings.PACKAGE_DIR / "ontology" / "wuxing.ttl")
    inputs.extend(_division_tables())
    digest = hashlib.sha256()
    for path in inputs:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return "sha256:" + digest.hexdigest()


def _division_tables() -> list[Path]:
    """The division tables, found where rdf.reference._data_file looks (a checkout's data/,
    else the packaged copy) without importing rdf (rdflib: 0.3 s of a no-change ingest).
    Every table in the folder counts: hashing one too many only re-checks sooner."""
    for base in (settings.DATA_DIR / "divisions", settings.PACKAGE_DIR / "data" / "divisions"):
        if base.is_dir():
            return sorted(base.glob("*.csv"))
    return []


def _write_reference(store: Store) -> str:
    """(Re)write the reference graph when its stored digest differs from
    :func:`reference_digest`; the digest quad is written in the same transaction."""
    graph = settings.REFERENCE_GRAPH
    digest = reference_digest()
    g, info = ox.NamedNode(graph), ox.NamedNode(_VERSION_INFO)
    stored = next(iter(store.raw.quads_for_pattern(g, info, None, g)), None)
    if stored is not None and _text(stored.object) == digest:
        return "unchanged"
    reference = _reference_quads()
    if reference is None:
        return "unchanged"
    graph, quads = reference
    g = ox.NamedNode(graph)
    seal = ox.Quad(g, info, ox.Literal(digest), g)
    if store.load_into_empty(graph, quads, seal):  # a new store: the bulk loader, then the seal
        return "added"
    return store.write_graph(graph, [*quads, seal])


def _write_if_changed(store: Store, graph: str, quads: list[Any]) -> str:
    """Write one graph in one transaction; added | replaced | unchanged (nothing written)."""
    return store.write_graph(graph, quads)


def ingest_paths(
    paths: Iterable[str | os.PathLike[str]],
    store_path: str | os.PathLike[str] | None = None,
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
    max_bytes: int | None = None,
    on_bulletin: OnBulletin | None = None,
    reextract: bool = False,
    merges_file: str | os.PathLike[str] | None = None,
    jobs: int | None = None,
) -> IngestReport:
    """Ingest bulletin files and folders into the store (see the module docstring for the
    batch semantics). Raises BadInputError (exit 2) before anything is written when a file
    is bad input, StoreBusyError when another process is writing. Files already ingested
    with the same bytes and extractor version are skipped unless `reextract`. `jobs` worker
    processes read and extract (default: one per core; 1 = all in this process); this
    process alone writes, in input order."""
    files = collect_files(paths)
    where = settings.store_path(store_path)
    total = 2 * len(files)
    step = 0

    def tick(label: str, advance: bool = True) -> None:
        nonlocal step
        step += advance
        if progress is not None:
            progress(step, total, label)

    from . import merges, resolve

    overrides = resolve.load_overrides(merges.overrides_path(where, merges_file))
    with stage("lookup"):
        skipped = {} if (dry_run or reextract) else _unchanged_files(files, where, max_bytes, pipeline_version(overrides))
    for path in skipped:
        tick(f"unchanged {path.name}")
    to_read = [f for f in files if f not in skipped]
    report = IngestReport(dry_run=dry_run)

    def emit(item: BulletinReport, label: str) -> None:
        report.bulletins.append(item)
        if on_bulletin is not None:
            on_bulletin(item)
        tick(label)

    with workers(jobs, len(to_read)) as pool:
        report.jobs = pool.jobs
        read = dict(zip(to_read, _read_batch(pool, to_read, max_bytes, lambda path: tick(f"read {path.name}"))))
        if dry_run:
            checked = pool.prepare(read.items(), overrides)
            for path in to_read:
                tick(f"extracting {path.name}", advance=False)
                prepared = next(checked)
                if prepared.report.status == "pending":
                    prepared.report.status = "dry-run"
                emit(prepared.report, f"checked {path.name}")
            return report
        with Store(where) as store:  # StoreBusyError here: nothing extracted, nothing written
            extracted = pool.prepare(read.items(), overrides)  # the workers start on the first files now
            with stage("reference"):
                _write_reference(store)
            written: set[str] = set()  # graphs this batch wrote (a later file of one bulletin wins)
            for path in files:
                item = _store_one(store, path, skipped, read, extracted, written, max_bytes, tick, overrides, where)
                emit(item, f"stored {path.name}")
            report.store_quads = store.quad_count()
    with stage("compact"):
        _purge_write_ahead_log(where)
    return report


def _store_one(
    store: Store, path: Path, skipped: dict[Path, _Stored], read: dict[Path, Any], extracted: Iterator[_Prepared],
    written: set[str], max_bytes: int | None, tick: Callable[..., None], overrides: Any, where: Path,
) -> BulletinReport:
    """Write one file's bulletin (the next result of `extracted` when it was read) and say
    what happened; a skipped file reports what its stored graph holds."""
    stored = skipped.get(path)
    if path in read:
        tick(f"extracting {path.name}", advance=False)
        prepared = next(extracted)
    elif stored is not None and stored.graph not in written:
        return _stored_report(store, path, stored)
    else:
        # A skipped file whose graph an earlier file of this batch replaced (two versions
        # of one bulletin, the later one unchanged) is read and extracted here after all,
        # so the later file still wins; its bytes were read without error before.
        from . import reading

        tick(f"extracting {path.name}", advance=False)
        with stage("read"):
            bulletin = reading.read_bulletin(path, max_bytes=settings.max_bytes(max_bytes))
        prepared = _prepare(path, bulletin, overrides)
    if prepared.report.status == "pending":
        with stage("write"):
            prepared.report.status = _write_if_changed(store, prepared.graph, prepared.quads)
        written.add(prepared.graph)
        from . import merges

        merges.record(where, prepared.graph, str(path), prepared.merges)
    return prepared.report


def _purge_write_ahead_log(path: Path) -> None:
    """Drop the WAL files the ingest left behind (see store.compact: only a fresh open
    deletes them). Another writer that took the lock meanwhile purges them itself at its
    open, so a busy store is no failure here."""
    from .errors import StoreBusyError
    from .store import compact

    try:
        compact(path)
    except StoreBusyError:
        pass


def remove_bulletin(store_path: str | os.PathLike[str] | None, ident: str) -> str:
    """Remove one bulletin's graph (by short id, IRI or file name); returns the graph IRI.
    An unknown or ambiguous id raises QueryError (exit 2) and removes nothing."""
    from .queries import resolve_bulletin

    path = settings.store_path(store_path)
    if not (path / "CURRENT").exists():
        raise StoreNotFound(path)
    with Store(path) as store:
        graph = resolve_bulletin(store, ident)
        store.remove_graph(graph)
        return graph


__all__ = [
    "BULLETIN_SUFFIXES",
    "BulletinReport",
    "IngestReport",
    "collect_files",
    "extractor_version",
    "file_sha256",
    "ingest_paths",
    "remove_bulletin",
]
