"""Text tables (statistical 简报, PDF extractions): one metric per value cell."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from wuxing_kg.nlp.context import ArticleContext
from wuxing_kg.nlp.metrics import EntityRef, find_metrics
from wuxing_kg.nlp.tables import table_metrics
from wuxing_kg.reading import bulletin_from_text


def _clean(raw: str) -> str:
    return bulletin_from_text(raw).text


def _rows(metrics):  # type: ignore[no-untyped-def]
    return [(m.value, m.unit, m.indicator, m.period, m.is_change, m.change_direction) for m in metrics]


SPACED = """湄潭县统计局关于前三季度经济运行的简报

表1  2022年1-9月湄潭县主要经济指标
指标名称    单位    1-9月    同比增长(%)
地区生产总值    亿元    146.8    5.2
固定资产投资   万元   385620   -12.6
实际利用外资   万美元   1860.5   3.0
粮食产量   万吨   18.35   0.4
"""


def test_spaced_table_with_rate_column() -> None:
    ctx = ArticleContext(bulletin_date=date(2022, 10, 18), county="湄潭县")
    found = find_metrics(_clean(SPACED), ctx)
    assert _rows(found) == [
        (Decimal("14680000000"), "元", "地区生产总值", "2022年1-9月", False, None),
        (Decimal("5.2"), "%", "地区生产总值增速", "2022年1-9月", True, "up"),
        (Decimal("3856200000"), "元", "固定资产投资", "2022年1-9月", False, None),
        (Decimal("12.6"), "%", "固定资产投资增速", "2022年1-9月", True, "down"),
        (Decimal("18605000"), "美元", "实际利用外资", "2022年1-9月", False, None),
        (Decimal("3"), "%", "实际利用外资增速", "2022年1-9月", True, "up"),
        (Decimal("183500"), "吨", "粮食产量", "2022年1-9月", False, None),
        (Decimal("0.4"), "%", "粮食产量增速", "2022年1-9月", True, "up"),
    ]
    assert {m.subject for m in found} == {"湄潭县"}
    assert [m.text for m in found[:4]] == ["146.8", "5.2", "385620", "-12.6"]


def test_rows_stay_separate_lines_after_cleaning() -> None:
    text = _clean(SPACED + "\n下一步，全县将继续抓好项目建设。\n")
    assert "地区生产总值    亿元146.8    5.2\n固定资产投资" in text
    assert "\n下一步，全县" in text or "\n\n下一步，全县" in text


TABBED = "表3\t2023年衡水市部分民生指标\n项目\t单位\t2023年\n新增城镇就业\t万人\t3.26\n新建改造农村公路\t公里\t1,208\n城乡低保对象\t户\t—\n"


def test_tabs_no_rate_column_and_missing_value() -> None:
    ctx = ArticleContext(bulletin_date=date(2024, 2, 1), city="衡水市")
    found = find_metrics(_clean(TABBED), ctx)
    assert _rows(found) == [
        (Decimal("32600"), "人", "新增城镇就业", "2023年", False, None),
        (Decimal("1208"), "公里", "新建改造农村公路", "2023年", False, None),
    ]
    assert all(m.subject == "衡水市" for m in found)


def test_year_from_bulletin_date_and_unit_line() -> None:
    raw = "单位：亿元\n指标  1-6月  增速(%)\n一般公共预算收入  21.7  -4.5\n税收收入  15.02  —\n"
    found, _spans = table_metrics(_clean(raw), ArticleContext(bulletin_date=date(2020, 7, 25), city="黄山市"))
    assert _rows(found) == [
        (Decimal("2170000000"), "元", "一般公共预算收入", "2020年1-6月", False, None),
        (Decimal("4.5"), "%", "一般公共预算收入增速", "2020年1-6月", True, "down"),
        (Decimal("1502000000"), "元", "税收收入", "2020年1-6月", False, None),
    ]


def test_caption_place_is_the_subject() -> None:
    text = _clean("表2  2021年上半年永康市主要指标\n指标  单位  上半年\n出口总额  亿元  265.3\n")
    cap = text.index("永康市")
    found = find_metrics(text, ArticleContext(bulletin_date=date(2021, 7, 30), city="金华市"),
                         [EntityRef(cap, cap + 3, "永康市", "place", "county")])
    assert [(m.value, m.unit, m.subject, m.period) for m in found] == [
        (Decimal("26530000000"), "元", "永康市", "2021年上半年")
    ]


PROSE = (
    "1-8月，全市完成农业总产值56.4亿元，同比增长6.1%；新增家庭农场320家。\n"
    "联系电话  0912  3356789\n"
    "全年  计划  投资  12  亿元\n"
)


def test_prose_unchanged_and_prose_lines_are_not_rows() -> None:
    ctx = ArticleContext(bulletin_date=date(2023, 9, 12), city="榆林市")
    prose_only = find_metrics(_clean(PROSE), ctx)
    assert [(m.value, m.unit) for m in prose_only] == [
        (Decimal("5640000000"), "元"),
        (Decimal("6.1"), "%"),
        (Decimal("320"), "家"),
        (Decimal("1200000000"), "元"),
    ]
    assert table_metrics(_clean(PROSE), ctx)[0] == []
    table = "表1  2023年1-8月榆林市农业指标\n指标名称    单位    1-8月    同比增长(%)\n蔬菜产量    万吨    98.6    2.3\n"
    mixed_text = _clean(PROSE + "\n" + table)
    mixed = find_metrics(mixed_text, ctx)
    before_table = [m for m in mixed if m.start < mixed_text.index("表1")]
    assert [(m.text, m.value, m.unit, m.indicator, m.subject, m.period, m.is_change) for m in before_table] == [
        (m.text, m.value, m.unit, m.indicator, m.subject, m.period, m.is_change) for m in prose_only
    ]
    assert [(m.value, m.unit) for m in mixed][-2:] == [(Decimal("986000"), "吨"), (Decimal("2.3"), "%")]


def test_single_number_line_without_header_is_no_table() -> None:
    assert table_metrics("会议时间  2023  10\n", ArticleContext(bulletin_date=None))[0] == []


def test_unit_in_label_and_spaced_bracket_header() -> None:
    raw = "表4  2021年宜宾市外贸情况\n指标  全年  同比增长 (%)\n进出口总额（亿元）  312.75  -0.8\n出口总额（亿元）  201.3  0\n"
    found, _ = table_metrics(_clean(raw), ArticleContext(bulletin_date=date(2022, 1, 20), city="宜宾市"))
    assert _rows(found) == [
        (Decimal("31275000000"), "元", "进出口总额", "2021年", False, None),
        (Decimal("0.8"), "%", "进出口总额增速", "2021年", True, "down"),
        (Decimal("20130000000"), "元", "出口总额", "2021年", False, None),
        (Decimal("0"), "%", "出口总额增速", "2021年", True, None),
    ]


def test_table_in_a_bulletin_stays_in_its_article() -> None:
    from wuxing_kg.nlp import extract

    raw = (
        "前三季度全市工业运行情况\n\n"
        "今年以来，全市规模以上工业增加值同比增长6.3%。\n\n"
        "表1  2022年1-9月主要工业指标\n"
        "指标名称\t单位\t1-9月\t同比增长(%)\n"
        "规模以上工业增加值\t亿元\t—\t6.3\n"
        "工业用电量\t亿千瓦时\t42.18\t-2.5\n"
    )
    bulletin = bulletin_from_text(raw)
    assert len(bulletin.articles) == 1  # neither the caption nor a row is a headline
    metrics = extract(bulletin, default_date=date(2022, 10, 20)).metrics
    cells = [(m.text, m.value, m.unit, m.period, m.is_change, m.change_direction) for m in metrics]
    assert cells[0][1:] == (Decimal("6.3"), "%", "2022年以来", True, "up")  # the prose sentence
    assert cells[-3:] == [
        ("6.3", Decimal("6.3"), "%", "2022年1-9月", True, "up"),
        ("42.18", Decimal("4218000000"), "千瓦时", "2022年1-9月", False, None),
        ("-2.5", Decimal("2.5"), "%", "2022年1-9月", True, "down"),
    ]
