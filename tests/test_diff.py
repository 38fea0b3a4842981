"""`wuxing-kg diff` on five issues of one series ingested with the real pipeline."""

from __future__ import annotations

import csv
import io
import json

import pytest


@pytest.fixture(scope="module")
def run(series_cli):  # type: ignore[no-untyped-def]
    return series_cli


@pytest.fixture(scope="module")
def ids(run) -> dict[int, str]:  # type: ignore[no-untyped-def]
    rows = list(csv.DictReader(io.StringIO(run("bulletins", "--format", "csv"))))
    return {int(r["issue"].strip("第期")): r["id"] for r in rows}


def diff(run, *args: str) -> dict:  # type: ignore[no-untyped-def, type-arg]
    return json.loads(run("diff", *args, "--format", "json"))


def new_names(d: dict) -> set[tuple[str, str]]:  # type: ignore[type-arg]
    return {(e["type"], e["name"]) for e in d["new_entities"]}


def changes(d: dict) -> dict[tuple[str, bool], tuple[list, list]]:  # type: ignore[type-arg]
    return {(c["indicator"], c["is_change"]): (c["before"], c["after"]) for c in d["changed_indicators"]}


def test_first_issue_everything_is_new_nothing_to_compare(run, ids) -> None:  # type: ignore[no-untyped-def]
    d = diff(run, ids[1])
    assert d["previous"] is None and d["against"] == []
    assert {("organization", "市商务局"), ("organization", "市住房和城乡建设局"), ("program", "老旧小区改造")} <= new_names(d)
    assert d["changed_indicators"] == []


def test_new_programme_and_department_in_issue_3(run, ids) -> None:  # type: ignore[no-untyped-def]
    d = diff(run, ids[3])
    assert d["previous"]["id"] == ids[2]
    assert new_names(d) == {("organization", "市人力资源和社会保障局"), ("program", "“时间银行”")}
    assert changes(d) == {
        ("实际利用外资", False): ([340000000], [460000000]),
        ("实际利用外资增速", True): ([6.8], [7.1]),
        ("完成改造小区数", False): ([20], [31]),
    }
    changed = {c["indicator"]: c for c in d["changed_indicators"]}
    assert changed["实际利用外资"]["before_period"] == "2021年1-3月"
    assert changed["实际利用外资"]["after_period"] == "2021年1-4月"
    assert "4.6亿美元" in changed["实际利用外资"]["sentence"]


def test_renamed_body_is_not_new_in_issue_4_by_file_name(run, ids) -> None:  # type: ignore[no-untyped-def]
    """Issue 4 writes the housing bureau's full name; entity resolution made issues 1-3's short
    form the same node, so nothing is new and its indicator continues one series."""
    d = diff(run, "series-issue-4.txt")  # the resolver `remove` and `export` use
    assert d["bulletin"]["id"] == ids[4]
    assert d["new_entities"] == []
    assert changes(d)[("实际使用外资增速", True)] == ([7.1], [8])
    assert changes(d)[("完成改造小区数", False)] == ([31], [45])


def test_issue_5_compares_across_wordings_and_skips_unchanged(run, ids) -> None:  # type: ignore[no-untyped-def]
    d = diff(run, ids[5])
    assert d["previous"]["id"] == ids[4]
    assert d["new_entities"] == []
    found = changes(d)
    # 实际使用外资 (issue 4) and 实际利用外资 (issue 5) are one series
    assert found[("实际利用外资", False)] == ([590000000], [730000000])
    # the growth rate stayed at 8.0 %: not a change
    assert not any(is_change for _, is_change in found)
    assert d["summary"] == f"0 new entities, {len(found)} changed indicators"


def test_against_an_explicit_issue(run, ids) -> None:  # type: ignore[no-untyped-def]
    d = diff(run, ids[5], "--against", ids[2])
    assert d["against"] == [ids[2]] and d["previous"]["id"] == ids[2]
    assert {("organization", "市人力资源和社会保障局"), ("program", "“时间银行”")} <= new_names(d)
    assert changes(d)[("实际利用外资增速", True)] == ([6.8], [8])


def test_table_output_and_errors(run, ids) -> None:  # type: ignore[no-untyped-def]
    out = run("diff", ids[3])
    first = out.splitlines()[0]
    assert first.startswith(ids[3]) and "2 new entities, 3 changed indicators" in first
    assert "“时间银行”" in out and "340000000 美元" in out and "460000000 美元" in out
    run("diff", "ffffffff", code=2)
    run("diff", ids[3], "--against", ids[3], code=2)


def test_ingest_prints_what_each_bulletin_adds(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The ingest summary reuses the diff: one line per bulletin written, computed once the
    batch is stored, so files given out of date order still compare with earlier issues."""
    from click.testing import CliRunner

    from series_corpus import write_corpus
    from wuxing_kg.cli import cli

    files = write_corpus(tmp_path / "bulletins")
    runner = CliRunner()

    def ingest(*paths) -> list[str]:  # type: ignore[no-untyped-def]
        result = runner.invoke(cli, ["--store", str(tmp_path / "store"), "ingest", *map(str, paths)], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return [line for line in result.output.splitlines() if line.startswith("new in ")]

    lines = ingest(files[2], files[0], files[1])  # issues 3, 1, 2
    assert lines == [
        f"new in {files[2]}: 2 new entities, 3 changed indicators (indicators against 第2期)",
        f"new in {files[0]}: 5 new entities, 0 changed indicators",
        f"new in {files[1]}: 0 new entities, 3 changed indicators (indicators against 第1期)",
    ]
    # issue 5 alone: its previous issue in the store is issue 3 (4 is not there yet)
    (line,) = ingest(files[4])
    assert line.startswith(f"new in {files[4]}: ") and line.endswith("changed indicators (indicators against 第3期)")
    assert ingest(files[4]) == []  # unchanged: nothing written, nothing to summarise
