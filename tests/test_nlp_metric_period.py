"""Metric periods carried as FORMAT.md says (issue 9, item 3): section headings and the year
ranges of a report's look back. Examples are invented."""

from __future__ import annotations

from datetime import date

from wuxing_kg.nlp.context import ArticleContext
from wuxing_kg.nlp.metrics import find_metrics
from wuxing_kg.nlp.periods import find_periods


class _Periods(dict):
    """metric text → period; looked up by a part of the metric's text."""

    def __getitem__(self, part: str) -> str | None:
        hits = [v for k, v in self.items() if part in k]
        assert hits, f"no metric {part!r} in {list(self)}"
        return hits[0]


def _periods(text: str, when: date) -> _Periods:
    ctx = ArticleContext(bulletin_date=when, county="三台县", county_code="510722")
    return _Periods({m.text: m.period for m in find_metrics(text, ctx)})


def test_years_back_in_a_report_of_early_next_year() -> None:
    jan = date(2022, 1, 20)
    assert [p.period for p in find_periods("过去五年，我们", jan)] == ["2017-2021年"]
    assert [p.period for p in find_periods("三年来，全县", jan)] == ["2019-2021年"]
    # given late in the year the report's own year is one of them
    assert [p.period for p in find_periods("三年来，全县", date(2021, 12, 5))] == ["2019-2021年"]
    # 近年来 and a three-year campaign's name set no period
    assert find_periods("近年来，全县", jan) == []
    assert find_periods("开展三年攻坚行动", jan) == []


def test_a_section_heading_sets_the_period_of_the_paragraphs_under_it() -> None:
    text = ("各位代表：\n"
            "一、2021年工作回顾\n"
            "一年来，我们克难奋进。\n"
            "新增城镇就业4100人，发放创业贷款2300万元。\n"
            "二、2022年主要目标\n"
            "地区生产总值增长6%左右。\n")
    got = _periods(text, date(2022, 1, 20))
    assert got["4100人"] == "2021年"
    assert got["2300万元"] == "2021年"
    assert got["6%"] == "2022年"


def test_a_paragraph_period_still_beats_the_heading() -> None:
    text = ("一、2021年工作回顾\n"
            "2020年以来，累计新建村道120公里。\n")
    assert _periods(text, date(2022, 1, 20))["120公里"] == "2020年以来"


def test_years_back_carry_to_the_paragraph() -> None:
    text = "过去五年工作回顾\n五年来，全县累计新增就业5万人。\n"
    assert _periods(text, date(2022, 1, 20))["5万人"] == "2017-2021年"


def test_target_progress_table_rows() -> None:
    text = ("2021年县政府工作报告目标任务上半年推进情况表\n"
            "序号 目标任务 责任单位 上半年推进情况\n"
            "1 地区生产总值增长7%以上。 县发展改革局 上半年地区生产总值同比增长4.1%。\n"
            "2 新建村道120公里。 县交通运输局 上半年新建村道65公里。\n")
    found = {m.text: m for m in find_metrics(text, ArticleContext(bulletin_date=date(2021, 7, 20)))}
    target = next(m for t, m in found.items() if "7%" in t)
    result = next(m for t, m in found.items() if "4.1%" in t)
    assert target.is_target and target.period == "2021年" and not target.text.startswith("1")
    assert not result.is_target and result.period == "2021年上半年"
    road = next(m for t, m in found.items() if "120公里" in t)
    assert road.is_target and road.period == "2021年"


def test_a_stock_standing_now_is_as_of_the_page_date() -> None:
    text = "今年以来，白石村发展庭院经济。\n现在白石村有15个经营主体，村集体经济早已突破百万元。\n"
    got = _periods(text, date(2024, 2, 20))
    assert got["15个"] == "截至2024年2月"
    assert got["百万元"] == "截至2024年2月"
