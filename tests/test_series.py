"""`wuxing-kg series` on five issues of one series ingested with the real pipeline."""

from __future__ import annotations

import csv
import io
import json

import pytest

from wuxing_kg.series import COLUMNS, normalise_indicator


@pytest.fixture(scope="module")
def run(series_cli):  # type: ignore[no-untyped-def]
    return series_cli


@pytest.fixture(scope="module")
def ids_by_issue(run) -> dict[str, str]:  # type: ignore[no-untyped-def]
    rows = list(csv.DictReader(io.StringIO(run("bulletins", "--format", "csv"))))
    return {r["issue"]: r["id"] for r in rows}


def test_normaliser_folds_wording_variants_only() -> None:
    assert normalise_indicator(" “实际使用外资” ") == normalise_indicator("实际利用外资")
    assert normalise_indicator("实际 利用 外资") == "实际利用外资"
    assert normalise_indicator("实际利用外资增速") != normalise_indicator("实际利用外资")


def test_one_level_series_across_five_issues_and_both_wordings(run, ids_by_issue) -> None:  # type: ignore[no-untyped-def]
    rows = json.loads(run("series", "--indicator", "实际利用外资", "--format", "json"))
    levels = [r for r in rows if not r["is_change"]]
    assert [r["value"] for r in levels] == [210000000, 340000000, 460000000, 590000000, 730000000]
    assert {r["indicator"] for r in levels} == {"实际利用外资", "实际使用外资"}  # shown as written
    assert {r["subject"] for r in levels} == {"市商务局"}
    assert {r["unit"] for r in levels} == {"美元"}
    assert [r["date"] for r in levels] == sorted(r["date"] for r in levels)
    assert [r["bulletin"] for r in levels] == [ids_by_issue[f"第{n}期"] for n in range(1, 6)]
    assert [r["period"] for r in levels] == [f"2021年1-{n + 1}月" for n in range(1, 6)]
    for r, shown in zip(levels, ("2.1亿美元", "3.4亿美元", "4.6亿美元", "5.9亿美元", "7.3亿美元")):
        assert shown in r["sentence"]


def test_change_rates_form_their_own_series(run) -> None:  # type: ignore[no-untyped-def]
    rows = json.loads(run("series", "--indicator", "外资", "--format", "json"))
    assert len(rows) == 10
    # levels first, then the rates: the two never interleave
    assert [r["is_change"] for r in rows] == [False] * 5 + [True] * 5
    assert [r["value"] for r in rows[5:]] == [5.2, 6.8, 7.1, 8, 8]
    assert {r["unit"] for r in rows[5:]} == {"%"}


def test_subject_filter_and_csv(run) -> None:  # type: ignore[no-untyped-def]
    out = run("series", "--subject", "人社局", "--format", "csv")  # the short form, an altLabel
    reader = csv.reader(io.StringIO(out))
    header = next(reader)
    body = list(reader)
    assert tuple(header) == COLUMNS
    assert {row[0] for row in body} == {"市人力资源和社会保障局"}
    assert sorted(row[COLUMNS.index("value")] for row in body) == ["1200", "300", "800"]  # issues 3, 4, 5 only


def test_table_lists_every_observation(run) -> None:  # type: ignore[no-untyped-def]
    out = run("series", "--max-width", "0")
    assert "(18 rows)" in out  # 3 + 3 + 4 + 4 + 4 metrics ingested, each with one subject
    assert "1-6月，全市实际利用外资7.3亿美元" in out


def test_canned_series_query_matches_both_wordings(run) -> None:  # type: ignore[no-untyped-def]
    out = run("query", "series", "-p", "indicator=使用外资", "--format", "csv")
    body = list(csv.DictReader(io.StringIO(out)))
    assert len(body) == 10
    assert {r["indicatorName"] for r in body} == {"实际利用外资", "实际使用外资", "实际利用外资增速", "实际使用外资增速"}
