"""nlp.periods: period phrases resolved against the bulletin date."""

from datetime import date

import pytest

from wuxing_kg.nlp.periods import find_periods, resolve

D = date(2019, 8, 16)


@pytest.mark.parametrize(
    ("phrase", "period"),
    [
        ("今年以来，", "2019年以来"),
        ("年初以来", "2019年以来"),
        ("今年上半年，", "2019年上半年"),
        ("上半年", "2019年上半年"),
        ("一季度", "2019年一季度"),
        ("第三季度", "2019年第三季度"),
        ("前三季度", "2019年前三季度"),
        ("今年1-7月", "2019年1-7月"),
        ("1至7月", "2019年1-7月"),
        ("今年前5个月", "2019年1-5月"),
        ("6月份", "2019年6月"),
        ("今年9月", "2019年9月"),
        ("去年", "2018年"),
        ("2018 年，", "2018年"),
        ("2018年度", "2018年"),
        ("目前，", "截至2019年8月"),
        ("截至目前", "截至2019年8月"),
        ("现已建成", "截至2019年8月"),
        ("截至6月底", "截至2019年6月底"),
        ("截至7月末", "截至2019年7月末"),
        ("截至去年底", "截至2018年底"),
        ("力争今年底", "2019年底"),
        ("从2014年开始", "2014年以来"),
        ("2014年以来", "2014年以来"),
        ("“十三五”期间", "“十三五”期间"),
        ("“十四五”以来", "2021年以来"),
        ("2023年12月至2024年2月", "2023年12月至2024年2月"),
        ("２０２１年１－６月", "2021年1-6月"),
    ],
)
def test_resolved_against_the_bulletin_date(phrase: str, period: str) -> None:
    assert resolve(phrase, D) == period


@pytest.mark.parametrize("text", ["7月31日，全省", "在6月底前移交", "比去年同期增长", "与2018年相比", "2019 年 8 月 16 日", "（2018-2030）"])
def test_event_dates_deadlines_and_comparison_bases_are_not_periods(text: str) -> None:
    assert find_periods(text, D) == []


def test_without_a_date_only_absolute_periods_resolve() -> None:
    assert resolve("2018年", None) == "2018年"
    assert resolve("从2014年开始", None) == "2014年以来"
    assert resolve("今年上半年", None) is None
    assert resolve("目前", None) is None


def test_current_phrases_carry_too_and_offsets_are_exact() -> None:
    # FORMAT.md: a period carries until another is stated, 目前 (截至YYYY年M月) included
    text = "目前，全区已注册5000余人。今年以来，共组织15批次。"
    found = find_periods(text, D)
    assert [(p.text, p.sticky) for p in found] == [("目前", True), ("今年以来", True)]
    assert all(text[p.start : p.end] == p.text for p in found)


def test_whole_year_follows_the_year_written_before() -> None:
    found = find_periods("2023年，市生态环境局聚焦治理。全年全市浓度下降。", date(2024, 1, 20))
    assert [p.period for p in found] == ["2023年", "2023年"]


def test_month_late_in_the_year_in_an_early_bulletin_is_last_year() -> None:
    assert resolve("12月份", date(2020, 1, 10)) == "2019年12月"


def test_as_of_a_later_month_is_last_year() -> None:
    assert resolve("截至12月底", date(2020, 3, 2)) == "截至2019年12月底"


def test_traditional_forms_in_a_mixed_script_text() -> None:
    from datetime import date as _d

    from wuxing_kg.nlp.periods import find_periods as _fp

    assert [p.period for p in _fp("2018年以來，全镇建成美丽乡村12个。", _d(2018, 10, 1))] == ["2018年以来"]
    assert [p.period for p in _fp("當前，全镇已有12个。", _d(2018, 10, 1))] == ["截至2018年10月"]
