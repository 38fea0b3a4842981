"""`wuxing-kg watch` on the five-issue series, ingested issue by issue as a user would."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from series_corpus import write_corpus
from wuxing_kg.cli import cli
from wuxing_kg.watch import compare

PROGRAMMES = (
    "PREFIX wx: <https://w3id.org/wuxing-kg/ontology#>\n"
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    "SELECT DISTINCT ?program WHERE { ?p a wx:Program ; rdfs:label ?program }"
)
ORGS = (
    "SELECT DISTINCT ?org WHERE { ?x a <http://www.w3.org/ns/org#Organization> ; "
    "<http://www.w3.org/2000/01/rdf-schema#label> ?org }"
)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("watch")
    files = write_corpus(root / "bulletins")
    store = root / "store"
    runner = CliRunner()

    def run(*args: str, code: int = 0) -> str:
        result = runner.invoke(cli, ["--store", str(store), *args], catch_exceptions=False)
        assert result.exit_code == code, result.output
        return result.output

    return run, files, store


def block(output: str, name: str) -> list[str]:
    """The lines of one watch's report in a command's output (heading first)."""
    lines = output.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"watch {name}:"))
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("watch ")), len(lines))
    return lines[start:end]


def changes(output: str, name: str) -> set[tuple[str, str]]:
    """(+ or -, first value) of each row a watch reports."""
    out = set()
    for line in block(output, name)[3:]:
        parts = line.split()
        if parts and parts[0] in "+-" and len(parts) > 1:
            out.add((parts[0], parts[1]))
    return out


def test_compare_is_a_multiset_difference() -> None:
    appeared, gone = compare([["a"], ["b"], ["b"]], [["b"], ["c"], ["a"], ["a"]])
    assert appeared == [["a"], ["c"]] and gone == [["b"]]


def test_watch_series_issue_by_issue(world) -> None:  # type: ignore[no-untyped-def]
    run, files, store = world
    tmp = store.parent
    (tmp / "orgs.rq").write_text(ORGS, encoding="utf-8")

    # Added before the store exists: the baseline is empty.
    assert "no store yet" in run("watch", "add", "programmes", PROGRAMMES)
    assert "no store yet" in run("watch", "add", "orgs", "-f", str(tmp / "orgs.rq"))

    out = run("ingest", str(files[0]))
    assert block(out, "programmes")[0].startswith("watch programmes: 2 appeared, 0 disappeared")
    assert changes(out, "programmes") == {("+", "某某市营商环境建设"), ("+", "老旧小区改造")}
    assert changes(out, "orgs") == {("+", "市商务局"), ("+", "市住房和城乡建设局"), ("+", "市营商环境建设领导小组办公室")}

    out = run("ingest", str(files[1]))  # issue 2 names nothing new
    assert block(out, "programmes") == ["watch programmes: no change (2 rows)"]
    assert block(out, "orgs") == ["watch orgs: no change (3 rows)"]

    out = run("ingest", str(files[2]))  # issue 3: a new programme and its department
    assert changes(out, "programmes") == {("+", "“时间银行”")}
    assert changes(out, "orgs") == {("+", "市人力资源和社会保障局")}

    # Re-ingesting an unchanged file changes no answer.
    out = run("ingest", str(files[2]))
    assert "watch programmes: no change (3 rows)" in out

    # The deltas are kept beside the store, one JSON file per run that changed something.
    kept = sorted((store.parent / "store.watch" / "programmes" / "deltas").glob("*.json"))
    assert [p.name for p in kept] == ["0001.json", "0002.json"]
    second = json.loads(kept[1].read_text(encoding="utf-8"))
    assert second["columns"] == ["program"] and second["appeared"] == [["“时间银行”"]]
    assert second["disappeared"] == [] and second["total"] == 3


def test_rows_disappear_when_a_bulletin_goes(world) -> None:  # type: ignore[no-untyped-def]
    run, files, store = world
    run("remove", files[2].name)
    out = run("watch", "run", "programmes")
    assert block(out, "programmes")[0].startswith("watch programmes: 0 appeared, 1 disappeared (2 rows now")
    assert changes(out, "programmes") == {("-", "“时间银行”")}
    assert "watch programmes: no change (2 rows)" in run("watch", "run", "programmes")


def test_list_add_canned_and_remove(world) -> None:  # type: ignore[no-untyped-def]
    run, _, store = world
    out = run("watch", "add", "leads", "programs-by-lead")  # a canned query by name
    assert "baseline" in out and "no store" not in out
    listing = run("watch", "list")
    assert {"programmes", "orgs", "leads"} <= {line.split()[0] for line in listing.splitlines()[2:-1]}
    assert "canned  programs-by-lead" in listing
    assert "Error" in run("watch", "add", "leads", "programs-by-lead", code=2)  # exists
    run("watch", "remove", "leads")
    assert not (store.parent / "store.watch" / "leads").exists()
    assert "no watch 'leads'" in run("watch", "remove", "leads", code=2)


@pytest.mark.parametrize(
    "args, message",
    [
        (("bad", "SELECT ?x WHERE {"), "does not parse"),
        (("ask", "ASK { ?s ?p ?o }"), "SELECT"),
        (("../x", "programs-by-lead"), "not a watch name"),
        (("nope", "no-such-canned-query"), "no-such-canned-query"),
    ],
)
def test_bad_watches_are_refused_and_nothing_is_kept(world, args, message) -> None:  # type: ignore[no-untyped-def]
    run, _, store = world
    out = run("watch", "add", *args, code=2)
    assert message in out
    assert not (store.parent / "store.watch" / Path(args[0]).name / "watch.json").exists()


def test_canned_watch_keeps_its_parameters(world) -> None:  # type: ignore[no-untyped-def]
    run, _, store = world
    run("watch", "add", "cities", "programs-per-county", "-p", "level=city")
    saved = json.loads((store.parent / "store.watch" / "cities" / "watch.json").read_text(encoding="utf-8"))
    assert saved["canned"] is True and saved["params"] == {"level": "city"}
    assert "programs-per-county --param level=city" in run("watch", "list")
    assert "canned query's parameters" in run("watch", "add", "raw", ORGS, "-p", "level=city", code=2)
    assert "no such" not in run("watch", "run", "cities")
    run("watch", "remove", "cities")
