"""Indicator concepts (indicators.py, data/indicators.toml) and `series` grouped by concept."""

from __future__ import annotations

import csv
import io
import json
import tomllib

import pytest

from wuxing_kg import indicators
from wuxing_kg.series import SeriesRow, select_series, series_key_of


def test_wordings_of_one_quantity_name_one_concept() -> None:
    c = indicators.concept_for("实际利用外资")
    assert c is not None and c.unit == "美元"
    for wording in ("实际使用外资", "实际使用外资金额", " “实际利用外资” ", "实际利用外资增速", "实际使用外资同比增长"):
        assert indicators.concept_for(wording) == c, wording
    assert indicators.concept_for("规上工业增加值") == indicators.concept_for("规模以上工业增加值")
    assert indicators.concept_for("规上工业增加值").label == "规模以上工业增加值"  # type: ignore[union-attr]
    assert indicators.concept_for("完成改造小区数") is None
    assert indicators.concept_for("") is None


def test_concept_data_is_consistent() -> None:
    data = tomllib.loads(indicators.DATA_FILE.read_text(encoding="utf-8"))
    ids = [c["id"] for c in data["concept"]]
    assert len(ids) == len(set(ids)) and len(ids) >= 20
    names = [n for c in data["concept"] for n in (c["label"], *c.get("alt", []))]
    assert len(names) == len(set(names)), "a wording in two concepts"
    assert all(c.get("unit") for c in data["concept"])


def _row(indicator: str, value: str, *, unit: str = "元", is_change: bool = False, date: str = "2021-01-01") -> SeriesRow:
    return SeriesRow(
        subject="某县", indicator=indicator, key=series_key_of(indicator), period="2021年", year=2021, value=value,
        unit=unit, is_change=is_change, graph="g" + date, bulletin="b", date=date, issue="", sentence="",
        concept=(indicators.concept_for(indicator).label if indicators.concept_for(indicator) else ""),  # type: ignore[union-attr]
    )


def test_series_group_by_concept_levels_apart_from_rates_and_units() -> None:
    rows = [
        _row("一般预算收入", "100", date="2021-01-01"),
        _row("一般公共预算收入", "120", date="2021-02-01"),
        _row("一般公共预算收入增速", "5.2", unit="%", is_change=True, date="2021-02-01"),
        _row("公共财政预算收入", "130", unit="美元", date="2021-03-01"),  # another unit: another series
    ]
    picked = select_series(rows, indicator="地方一般公共预算收入")  # an altLabel none of them writes
    assert len(picked) == 4
    keys = {r.series_key for r in picked}
    assert len(keys) == 3  # 元 levels, the rate, 美元 levels
    levels = [r for r in picked if r.series_key == ("某县", "concept:general-budget-revenue", False, "元")]
    assert [r.value for r in levels] == ["100", "120"]
    # a substring that names no concept still filters by wording
    assert [r.value for r in select_series(rows, indicator="财政")] == ["130"]


@pytest.fixture(scope="module")
def run(series_cli):  # type: ignore[no-untyped-def]
    return series_cli


def test_series_by_an_altlabel_finds_both_wordings_of_the_store(run) -> None:  # type: ignore[no-untyped-def]
    rows = json.loads(run("series", "--indicator", "实际使用外资金额", "--format", "json"))
    assert len(rows) == 10
    assert {r["concept"] for r in rows} == {"实际利用外资"}
    assert {r["indicator"] for r in rows if not r["is_change"]} == {"实际利用外资", "实际使用外资"}
    assert [r["is_change"] for r in rows] == [False] * 5 + [True] * 5
    table = run("series", "--indicator", "实际利用外资")
    assert "concept" in table.splitlines()[0]


def test_graph_links_each_wording_to_its_concept(run) -> None:  # type: ignore[no-untyped-def]
    sparql = (
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
        "SELECT DISTINCT ?wording ?concept WHERE { ?w skos:prefLabel ?wording ; skos:exactMatch ?c . "
        "?c skos:prefLabel ?concept ; skos:altLabel '实际使用外资金额' }"
    )
    body = list(csv.DictReader(io.StringIO(run("query", sparql, "--format", "csv"))))
    assert {(r["wording"], r["concept"]) for r in body} >= {("实际利用外资", "实际利用外资"), ("实际使用外资", "实际利用外资")}
    canned = list(csv.DictReader(io.StringIO(run("query", "series", "-p", "indicator=实际利用外资", "--format", "csv"))))
    assert {r["concept"] for r in canned} == {"实际利用外资"} and len(canned) == 10
