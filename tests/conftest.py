"""Shared pytest fixtures (maintained by the spine engineer — keep them stable).

Fixtures
--------
``repo_dir`` (session) → ``Path``
    The repository root.
``seed_path`` (session) → ``Path``
    ``data/bulletins/ganzhou-wuxing-bulletin-2019-51.txt``, the seed bulletin.
``demo_store`` (session) → ``Path``
    Path of an on-disk store (in a session temp dir) into which the seed bulletin was
    ingested ONCE with ``ingest.ingest_paths`` (the real pipeline: read → extract → map
    → validate → store, plus the reference graph when ``rdf.reference`` provides it).
    The store is closed when you get it: open it yourself, **read-only**, e.g.
    ``with store.Store(demo_store, read_only=True) as s: ...``. Never write to it (it is
    shared by the whole session); to modify a store, use ``demo_store_copy``.
``demo_store_copy`` (function) → ``Path``
    A private copy of ``demo_store`` in ``tmp_path`` that a test may write to.
``demo_report`` (session) → ``ingest.IngestReport``
    The report of the ingest that built ``demo_store`` (graph IRI, counts …).
``seed_graph`` (session) → ``str``
    IRI of the seed bulletin's named graph in ``demo_store``.
``make_quads`` (session) → ``callable(graph: str, n: int, tag: str = "v") -> list[Quad]``
    Deterministic synthetic quads in `graph` for store tests that do not need the NLP:
    ``n`` things with an ``rdfs:label`` ("事物{i}-{tag}") and an integer value each,
    i.e. ``2 * n`` quads. A different ``tag`` gives a different set of labels.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest

REPO_DIR = Path(__file__).resolve().parent.parent
SEED_NAME = "ganzhou-wuxing-bulletin-2019-51.txt"


@pytest.fixture(scope="session")
def repo_dir() -> Path:
    return REPO_DIR


@pytest.fixture(scope="session")
def seed_path() -> Path:
    path = REPO_DIR / "data" / "bulletins" / SEED_NAME
    assert path.is_file(), f"seed bulletin missing: {path}"
    return path


@pytest.fixture(scope="session")
def _demo(tmp_path_factory: pytest.TempPathFactory, seed_path: Path):  # type: ignore[no-untyped-def]
    from wuxing_kg.ingest import ingest_paths

    store_dir = tmp_path_factory.mktemp("demo") / "store"
    report = ingest_paths([seed_path], store_dir)
    return store_dir, report


@pytest.fixture(scope="session")
def demo_store(_demo) -> Path:  # type: ignore[no-untyped-def]
    return _demo[0]


@pytest.fixture(scope="session")
def demo_report(_demo):  # type: ignore[no-untyped-def]
    return _demo[1]


@pytest.fixture(scope="session")
def seed_graph(demo_report) -> str:  # type: ignore[no-untyped-def]
    (item,) = demo_report.bulletins
    return item.graph


@pytest.fixture
def demo_store_copy(demo_store: Path, tmp_path: Path) -> Path:
    target = tmp_path / "store"
    shutil.copytree(demo_store, target, ignore=shutil.ignore_patterns("LOCK"))
    return target


def _make_quads(graph: str, n: int, tag: str = "v") -> list[ox.Quad]:
    g = ox.NamedNode(graph)
    p_label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    p_value = ox.NamedNode("http://example.org/value")
    quads = []
    for i in range(n):
        s = ox.NamedNode(f"http://example.org/thing/{i}")
        quads.append(ox.Quad(s, p_label, ox.Literal(f"事物{i}-{tag}"), g))
        quads.append(ox.Quad(s, p_value, ox.Literal(str(i), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")), g))
    return quads


@pytest.fixture(scope="session")
def make_quads() -> Callable[..., list[ox.Quad]]:
    return _make_quads


# ------------------------------------------------------------------ a five-issue series


@pytest.fixture(scope="session")
def series_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding five issues of one invented series (tests/series_corpus.py), built once."""
    from series_corpus import build_store

    return build_store(tmp_path_factory.mktemp("series"))


@pytest.fixture(scope="session")
def series_cli(series_store: Path):  # type: ignore[no-untyped-def]
    """Run a wuxing-kg command on the series store; returns its output, checks its exit code."""
    from click.testing import CliRunner

    from wuxing_kg.cli import cli

    runner = CliRunner()

    def invoke(*args: str, code: int = 0):  # type: ignore[no-untyped-def]
        result = runner.invoke(cli, ["--store", str(series_store), *args], catch_exceptions=False)
        assert result.exit_code == code, result.output
        return result.output

    return invoke
