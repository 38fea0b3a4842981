"""ingest.ingest_paths with the real pipeline (read → extract → map → validate → store)."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from wuxing_kg.errors import BadInputError, StoreBusyError
from wuxing_kg.ingest import collect_files, ingest_paths
from wuxing_kg.settings import REFERENCE_GRAPH
from wuxing_kg.store import Store


def quad_set(path: Path, graph: str | None = None) -> set[str]:
    with Store(path, read_only=True) as store:
        return {str(q) for q in store.quads(graph)}


def sentences(path: Path, graph: str | None = None) -> set[str]:
    sparql = "SELECT ?t WHERE { ?s a <https://w3id.org/wuxing-kg/ontology#Sentence> ; <http://www.w3.org/1999/02/22-rdf-syntax-ns#value> ?t }"
    with Store(path, read_only=True) as store:
        if graph:
            sparql = sparql.replace("WHERE {", f"WHERE {{ GRAPH <{graph}> {{").replace("?t }", "?t } }")
        return {r["t"] for r in store.select(sparql).rows}


def variant(seed_path: Path, target: Path, *, issue: str | None = None, replace: tuple[str, str] | None = None) -> Path:
    """A copy of the seed with another issue number (→ another bulletin) and/or edited text."""
    text = seed_path.read_text(encoding="utf-8")
    if issue:
        assert "第 51 期" in text
        text = text.replace("第 51 期", issue)
    if replace:
        assert replace[0] in text
        text = text.replace(*replace)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target


# ------------------------------------------------------------------ the demo store


def test_demo_store_holds_the_seed(demo_store: Path, demo_report, seed_graph: str) -> None:
    (item,) = demo_report.bulletins
    assert item.status == "added"
    assert item.articles >= 5 and item.quads > 500
    with Store(demo_store, read_only=True) as store:
        assert seed_graph in store.named_graphs()
        assert store.quad_count(seed_graph) == item.quads
        rows = store.select(
            "SELECT ?issue WHERE { ?b a <https://w3id.org/wuxing-kg/ontology#Bulletin> ; "
            "<https://w3id.org/wuxing-kg/ontology#issue> ?issue }"
        ).rows
        assert rows == [{"issue": "第51期"}]


def test_no_blank_nodes_so_ingest_is_deterministic(demo_store: Path) -> None:
    with Store(demo_store, read_only=True) as store:
        blank = [q for q in store.quads() if isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode)]
    assert blank == []


# ------------------------------------------------------------------ idempotence and versions


def test_reingesting_the_same_file_leaves_exactly_the_same_quads(demo_store_copy: Path, seed_path: Path) -> None:
    before = quad_set(demo_store_copy)
    report = ingest_paths([seed_path], demo_store_copy)
    assert [b.status for b in report.bulletins] == ["unchanged"]
    assert quad_set(demo_store_copy) == before


def test_unchanged_bytes_are_neither_read_nor_extracted(
    demo_store_copy: Path, seed_path: Path, seed_graph: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from wuxing_kg import ingest, nlp, reading

    before = quad_set(demo_store_copy)
    with Store(demo_store_copy, read_only=True) as store:
        (row,) = store.select(
            f"SELECT ?sha ?v WHERE {{ GRAPH <{seed_graph}> {{ ?b <{ingest._SHA256}> ?sha ; <{ingest._EXTRACTOR_VERSION}> ?v }} }}"
        ).rows
    assert row["sha"] == ingest.file_sha256(seed_path)  # the digest of the file's bytes
    assert row["v"] == ingest.extractor_version()

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("an unchanged file was read or extracted again")

    monkeypatch.setattr(reading, "read_bulletin", refuse)
    monkeypatch.setattr(nlp, "extract", refuse)
    report = ingest_paths([seed_path], demo_store_copy)
    (item,) = report.bulletins
    assert item.status == "unchanged" and item.graph == seed_graph
    assert item.issue == "第51期" and item.articles >= 5 and item.quads == len(quad_set(demo_store_copy, seed_graph))
    assert quad_set(demo_store_copy) == before


def test_reextract_and_a_new_extractor_version_do_the_work_again(
    demo_store_copy: Path, seed_path: Path, seed_graph: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from wuxing_kg import ingest, nlp

    calls: list[object] = []
    real = nlp.extract

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(nlp, "extract", counting)
    forced = ingest_paths([seed_path], demo_store_copy, reextract=True)
    assert [b.status for b in forced.bulletins] == ["unchanged"] and len(calls) == 1  # same quads, so nothing written

    # an upgraded extractor: the stored version no longer matches, so the file is redone
    # and its graph records the new version
    monkeypatch.setattr(ingest, "extractor_version", lambda: "9.9.9+test")
    upgraded = ingest_paths([seed_path], demo_store_copy)
    assert [b.status for b in upgraded.bulletins] == ["replaced"] and len(calls) == 2
    again = ingest_paths([seed_path], demo_store_copy)
    assert [b.status for b in again.bulletins] == ["unchanged"] and len(calls) == 2


def test_a_bad_file_still_refuses_a_batch_with_an_unchanged_file(
    demo_store_copy: Path, seed_path: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    before = quad_set(demo_store_copy)
    with pytest.raises(BadInputError):
        ingest_paths([seed_path, bad], demo_store_copy)
    assert quad_set(demo_store_copy) == before


def test_an_unchanged_file_after_another_version_of_it_in_one_batch_still_wins(
    demo_store_copy: Path, seed_path: Path, seed_graph: str, tmp_path: Path
) -> None:
    before = quad_set(demo_store_copy, seed_graph)
    old_sentences = sorted(sentences(demo_store_copy, seed_graph))
    edited_from = next(s for s in old_sentences if len(s) > 20 and "。" in s)
    new_version = variant(seed_path, tmp_path / "a" / "v2.txt", replace=(edited_from, "这是修订后新增的一句话用于测试。"))
    report = ingest_paths([new_version, seed_path], demo_store_copy)  # the unchanged seed comes last
    assert [b.status for b in report.bulletins] == ["replaced", "replaced"]
    assert quad_set(demo_store_copy, seed_graph) == before


def test_new_version_replaces_its_graph_and_leaves_others_alone(
    demo_store_copy: Path, seed_path: Path, seed_graph: str, tmp_path: Path
) -> None:
    other = variant(seed_path, tmp_path / "in" / "issue-52.txt", issue="第52期")
    first = ingest_paths([other], demo_store_copy)
    other_graph = first.bulletins[0].graph
    assert other_graph != seed_graph
    other_before = quad_set(demo_store_copy, other_graph)
    old_sentences = sentences(demo_store_copy, seed_graph)
    edited_from = next(s for s in sorted(old_sentences) if len(s) > 20 and "。" in s)
    marker = "这是修订后新增的一句话用于测试。"
    new_version = variant(seed_path, tmp_path / "in2" / "issue-51-v2.txt", replace=(edited_from, marker))

    report = ingest_paths([new_version], demo_store_copy)

    assert [b.status for b in report.bulletins] == ["replaced"]
    assert report.bulletins[0].graph == seed_graph
    now = sentences(demo_store_copy, seed_graph)
    assert edited_from not in now and any(marker in s for s in now)
    assert quad_set(demo_store_copy, other_graph) == other_before


def test_dry_run_writes_nothing_and_reports_progress(tmp_path: Path, seed_path: Path) -> None:
    store_dir = tmp_path / "store"
    steps, seen = [], []
    report = ingest_paths(
        [seed_path], store_dir, dry_run=True, progress=lambda d, t, label: steps.append((d, t)), on_bulletin=seen.append
    )
    assert [b.status for b in report.bulletins] == ["dry-run"]
    assert seen == report.bulletins
    assert steps == [(1, 2), (1, 2), (2, 2)]  # read, extracting (label only), checked
    assert report.bulletins[0].quads > 500
    assert "nothing written" in report.total_line()
    assert not store_dir.exists()


# ------------------------------------------------------------------ refusals


def _bad_files(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "empty": folder / "empty.txt",
        "binary": folder / "binary.txt",
        "truncated docx": folder / "truncated.docx",
        "truncated pdf": folder / "truncated.pdf",
        "wrongly encoded": folder / "latin1.txt",
        "unknown format": folder / "note.xyz",
    }
    files["empty"].write_bytes(b"")
    files["binary"].write_bytes(bytes(range(256)) * 8)
    files["truncated docx"].write_bytes(b"PK\x03\x04not really a zip archive")
    files["truncated pdf"].write_bytes(b"%PDF-1.4\n1 0 obj\n<<")
    files["wrongly encoded"].write_bytes("Café crème brûlée, naïve façade. ".encode("latin-1") * 20)
    files["unknown format"].write_bytes("工作简报".encode())
    return files


@pytest.mark.parametrize("kind", ["empty", "binary", "truncated docx", "truncated pdf", "wrongly encoded", "unknown format"])
def test_a_bad_file_refuses_the_batch_and_leaves_the_store_untouched(
    demo_store_copy: Path, seed_path: Path, tmp_path: Path, kind: str
) -> None:
    bad = _bad_files(tmp_path / "bad")[kind]
    newer = variant(seed_path, tmp_path / "good" / "issue-53.txt", issue="第53期")
    before = quad_set(demo_store_copy)
    with pytest.raises(BadInputError) as info:
        ingest_paths([newer, bad], demo_store_copy)  # the good file comes first: still nothing written
    assert info.value.exit_code == 2
    assert bad.name in str(info.value)
    assert quad_set(demo_store_copy) == before


@pytest.mark.parametrize("kind", ["binary", "truncated pdf"])
def test_a_bad_file_with_two_workers_leaves_the_store_untouched(
    demo_store_copy: Path, seed_path: Path, tmp_path: Path, kind: str
) -> None:
    bad = _bad_files(tmp_path / "bad")[kind]
    good = [variant(seed_path, tmp_path / "good" / f"issue-{n}.txt", issue=f"第{n}期") for n in (53, 54, 55)]
    before = quad_set(demo_store_copy)
    with pytest.raises(BadInputError) as info:
        ingest_paths([*good, bad], demo_store_copy, jobs=2)  # the workers read all four first
    assert info.value.exit_code == 2 and bad.name in str(info.value)
    assert quad_set(demo_store_copy) == before


def test_too_big_is_refused_with_the_limit(demo_store_copy: Path, seed_path: Path) -> None:
    before = quad_set(demo_store_copy)
    with pytest.raises(BadInputError, match="too large"):
        ingest_paths([seed_path], demo_store_copy, max_bytes=1000)
    assert quad_set(demo_store_copy) == before


def test_too_big_via_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, seed_path: Path) -> None:
    monkeypatch.setenv("WUXING_KG_MAX_BYTES", "1000")
    with pytest.raises(BadInputError, match="too large"):
        ingest_paths([seed_path], tmp_path / "s")
    assert not (tmp_path / "s").exists()  # refused before the store was even created


def test_all_bad_files_are_named_in_one_refusal(tmp_path: Path) -> None:
    files = _bad_files(tmp_path / "bad")
    with pytest.raises(BadInputError) as info:
        ingest_paths([tmp_path / "bad"], tmp_path / "s")
    message = str(info.value)
    # the folder walk takes the bulletin suffixes only (note.xyz is not a bulletin there)
    for kind in ("empty", "binary", "truncated docx", "truncated pdf", "wrongly encoded"):
        assert files[kind].name in message
    assert not (tmp_path / "s").exists()


def test_collect_files_walks_folders_and_refuses_missing_paths(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "one.txt").write_text("x")
    (tmp_path / "a" / "b" / "two.PDF").write_text("x")
    (tmp_path / "a" / "b" / "skip.json").write_text("x")
    (tmp_path / "a" / ".hidden").mkdir()
    (tmp_path / "a" / ".hidden" / "three.txt").write_text("x")
    found = collect_files([tmp_path / "a", tmp_path / "a" / "one.txt"])
    assert [p.name for p in found] == ["two.PDF", "one.txt"]  # path order: a/b/… before a/one.txt
    with pytest.raises(BadInputError, match="no such file"):
        collect_files([tmp_path / "missing.txt"])
    (tmp_path / "empty").mkdir()
    with pytest.raises(BadInputError, match="no bulletin files"):
        collect_files([tmp_path / "empty"])


def test_invalid_bulletin_is_reported_and_not_stored(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, seed_path: Path
) -> None:
    from wuxing_kg import validate

    def reject(quads):  # type: ignore[no-untyped-def]
        return validate.ValidationReport(
            conforms=False, violations=[validate.Violation("Violation", "urn:x", None, "made to fail")]
        )

    monkeypatch.setattr(validate, "validate_bulletin", reject)
    report = ingest_paths([seed_path], tmp_path / "s")
    (item,) = report.bulletins
    assert item.status == "invalid" and "made to fail" in item.problems[0]
    assert report.invalid == [item] and report.stored == []
    with Store(tmp_path / "s", read_only=True) as store:
        assert item.graph not in store.named_graphs()


@pytest.mark.parametrize("jobs", [1, 2])
def test_ingest_while_another_writer_holds_the_store(tmp_path: Path, seed_path: Path, jobs: int) -> None:
    path = tmp_path / "s"
    other = variant(seed_path, tmp_path / "b" / "issue-52.txt", issue="第52期")
    with Store(path):
        with pytest.raises(StoreBusyError, match="another process is writing"):
            ingest_paths([seed_path, other], path, jobs=jobs)


# ------------------------------------------------------------------ worker processes


def test_two_workers_store_the_same_quads_in_the_same_order_as_one(tmp_path: Path, seed_path: Path) -> None:
    folder = tmp_path / "batch"
    for n in (60, 61, 62):
        variant(seed_path, folder / f"issue-{n}.txt", issue=f"第{n}期")
    # two files of one bulletin: the later one in the batch order must win with workers too
    variant(seed_path, folder / "issue-62b.txt", issue="第62期")
    edited = folder / "issue-62b.txt"
    edited.write_text(edited.read_text(encoding="utf-8") + "\n县商务局组织开展培训3场。\n", encoding="utf-8")
    serial = ingest_paths([folder], tmp_path / "one", jobs=1)
    parallel = ingest_paths([folder], tmp_path / "two", jobs=2)
    assert (serial.jobs, parallel.jobs) == (1, 2)
    assert [(b.source, b.status, b.graph, b.quads) for b in parallel.bulletins] == [
        (b.source, b.status, b.graph, b.quads) for b in serial.bulletins
    ]
    assert [b.status for b in parallel.bulletins] == ["added", "added", "added", "replaced"]
    assert quad_set(tmp_path / "two") == quad_set(tmp_path / "one")
    again = ingest_paths([folder], tmp_path / "two", jobs=2, reextract=True)  # idempotent with workers
    # (the two files of issue 62 replace each other's graph again, the later one last)
    assert [b.status for b in again.bulletins] == ["unchanged", "unchanged", "replaced", "replaced"]
    assert quad_set(tmp_path / "two") == quad_set(tmp_path / "one")


def test_workers_honour_allow_non_chinese_and_the_dry_run(tmp_path: Path) -> None:
    from wuxing_kg.reading import allowing_non_chinese

    folder = tmp_path / "en"
    folder.mkdir()
    for n in (1, 2):
        (folder / f"note-{n}.txt").write_text(f"Work bulletin number {n}.\n\nThe county held {n} meetings.\n" * 3)
    with pytest.raises(BadInputError, match="2 files"):  # both named, read by the workers
        ingest_paths([folder], dry_run=True, jobs=2)
    with allowing_non_chinese():
        report = ingest_paths([folder], dry_run=True, jobs=2)
    assert report.jobs == 2 and [b.status for b in report.bulletins] == ["dry-run", "dry-run"]


def test_cli_refuses_zero_jobs(tmp_path: Path, seed_path: Path) -> None:
    from click.testing import CliRunner

    from wuxing_kg.cli import cli

    result = CliRunner().invoke(cli, ["--store", str(tmp_path / "s"), "ingest", "--jobs", "0", str(seed_path)])
    assert result.exit_code == 2 and "--jobs" in result.output
    assert not (tmp_path / "s").exists()


# ------------------------------------------------------------------ a killed ingest

KILLABLE = "from wuxing_kg.cli import main; main()"


def test_killed_ingest_leaves_previous_quads_and_whole_bulletins(
    demo_store_copy: Path, seed_path: Path, seed_graph: str, tmp_path: Path
) -> None:
    folder = tmp_path / "batch"
    for n in range(60, 64):
        variant(seed_path, folder / f"issue-{n}.txt", issue=f"第{n}期")
    before = quad_set(demo_store_copy, seed_graph)
    proc = subprocess.Popen(
        [sys.executable, "-c", KILLABLE, "--store", str(demo_store_copy), "ingest", str(folder)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert line.startswith("added"), line  # one bulletin stored, the next in progress
        time.sleep(0.3)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait()
    assert proc.returncode == -signal.SIGKILL
    assert quad_set(demo_store_copy, seed_graph) == before  # the bulletin stored before is intact
    after = quad_set(demo_store_copy)
    with Store(demo_store_copy, read_only=True) as store:
        graphs = [g for g in store.named_graphs() if g not in (seed_graph, REFERENCE_GRAPH)]
        assert 1 <= len(graphs) < 4
        # every bulletin that made it in is whole: the variants differ only in the issue
        # number, so each complete graph has as many quads as the killed process reported
        # for the first one it stored
        expected = int(re.search(r"(\d+) quads", line).group(1))  # type: ignore[union-attr]
        assert [store.quad_count(g) for g in graphs] == [expected] * len(graphs)
    with Store(demo_store_copy) as store:  # writable again: the lock died with the process
        assert store.quad_count() == len(after)


def test_demo_store_copy_is_independent(demo_store: Path, demo_store_copy: Path) -> None:
    shutil.rmtree(demo_store_copy)
    with Store(demo_store, read_only=True) as store:
        assert store.quad_count() > 0


def test_reference_graph_is_checked_by_its_stored_digest(demo_store_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from wuxing_kg import ingest

    with Store(demo_store_copy) as store:
        assert ingest._write_reference(store) == "unchanged"  # the demo ingest stored the digest

        def build_not_needed() -> None:
            raise AssertionError("the reference graph was rebuilt although its inputs did not change")

        monkeypatch.setattr(ingest, "_reference_quads", build_not_needed)
        assert ingest._write_reference(store) == "unchanged"
        monkeypatch.undo()
        # another digest (an edited ontology, say): the graph is rebuilt and the new
        # digest stored with it
        monkeypatch.setattr(ingest, "reference_digest", lambda: "sha256:test")
        assert ingest._write_reference(store) == "replaced"
        assert ingest._write_reference(store) == "unchanged"
        rows = store.select(
            f"SELECT ?d WHERE {{ GRAPH <{REFERENCE_GRAPH}> {{ <{REFERENCE_GRAPH}> <{ingest._VERSION_INFO}> ?d }} }}"
        ).rows
        assert rows == [{"d": "sha256:test"}]


def wal_bytes(path: Path) -> int:
    return sum(f.stat().st_size for f in path.glob("*.log"))


def test_ingest_leaves_no_write_ahead_log_behind(tmp_path: Path, seed_path: Path) -> None:
    store_dir = tmp_path / "store"
    report = ingest_paths([seed_path], store_dir)
    assert [b.status for b in report.bulletins] == ["added"]
    # without the purge the WAL of one bulletin plus the reference data is several MB
    assert wal_bytes(store_dir) < 64 * 1024
    with Store(store_dir, read_only=True) as store:
        assert store.quad_count() == report.store_quads
