"""Metric indicators that keep their object, and numbers that are not metrics (issue 9,
item 3: metrics). Examples are invented."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from wuxing_kg.nlp.context import ArticleContext
from wuxing_kg.nlp.metrics import find_metrics

CTX = ArticleContext(bulletin_date=date(2021, 6, 30), county="三台县", county_code="510722")


def _found(text: str) -> list:
    return find_metrics(text, CTX)


def _indicator(text: str, part: str) -> str:
    hits = [m.indicator for m in _found(text) if part in m.text]
    assert hits, [m.text for m in _found(text)]
    return hits[0] or ""


def test_examples_before_deng_are_not_the_indicator() -> None:
    ind = _indicator("今年，青松镇、白石镇等12个乡镇完成改造。", "12个")
    assert "青松镇" not in ind and "乡镇" in ind


def test_an_amount_reached_by_a_growth_keeps_the_growths_object() -> None:
    assert "地区生产总值" in _indicator("全县地区生产总值增长8.5%达120亿元，势头良好。", "120亿元")


def test_an_average_growth_after_an_amount_is_that_amounts() -> None:
    ind = _indicator("五年来，全县财政收入累计完成30亿元，年均增长5.2%。", "5.2%")
    assert ind.startswith("财政收入") or "财政收入" in ind
    assert ind.endswith("年均增速")


def test_area_and_people_counts_name_what_they_count() -> None:
    assert _indicator("今年新增耕地3000亩。", "3000亩").endswith("面积")
    assert _indicator("今年帮扶困难群众30人。", "30人").endswith("人数")


def test_a_bare_profit_takes_the_object_of_the_clause_before() -> None:
    ind = _indicator("今年销售农产品50万元，实现利润8万元。", "8万元")
    assert "农产品" in ind and "利润" in ind


def test_page_furniture_and_labels_are_not_metrics() -> None:
    texts = [
        "作者：某某    浏览236次\n",
        "09.08.2017 19:08\n",
        "在县第十四届人民代表大会第三次会议上。\n",
        "牧民收入保持两位数增长。\n",
        "统筹做好“山、水、林”三篇文章。\n",
    ]
    for text in texts:
        assert _found(text) == [], (text, [m.text for m in _found(text)])


def test_threshold_in_a_class_name_and_a_restated_milestone() -> None:
    assert [m.value for m in _found("全县集体经济超50万元村达30个。")] == [Decimal(30)]
    assert [m.value for m in _found("财政收入突破5亿元大关，达到5.3亿元。")] == [Decimal(530000000)]


def test_holding_a_rank_is_a_rank() -> None:
    ranks = [m for m in _found("地区生产总值保持全省第三。") if m.unit == "名"]
    assert [m.value for m in ranks] == [Decimal(3)]


def test_switches_are_the_metrics_factory_config() -> None:
    import spacy

    import wuxing_kg.nlp.metrics as metrics

    nlp = spacy.blank("zh")
    nlp.add_pipe("wx_metrics", config={"switches": {"examples_before_count": False}})
    assert nlp.get_pipe_meta("wx_metrics").default_config == {"switches": metrics.DEFAULT_SWITCHES}
    text = "今年，青松镇、白石镇等12个乡镇完成改造。"
    doc = nlp.make_doc(text)
    doc.user_data["wx"] = CTX
    off = nlp(doc).spans["wx_metric"][0]._.wx["indicator"]
    assert "青松镇" in off and "青松镇" not in _indicator(text, "12个")


def test_tables_do_not_import_the_metric_reader() -> None:
    import ast
    from pathlib import Path

    import wuxing_kg.nlp.tables as tables

    tree = ast.parse(Path(tables.__file__).read_text(encoding="utf-8"))
    imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    assert "metrics" not in imported and "pipeline" not in imported


def test_what_happened_to_counted_things_comes_first() -> None:
    ind = _indicator("今年，青松镇、白石镇等26个项目实现竣工。", "26个")
    assert ind.startswith("竣工") and "项目" in ind


def test_amounts_reached_after_growths_of_two_measures() -> None:
    text = "城乡居民人均可支配收入分别增长8%和9%，分别达41000元和18000元。"
    assert "人均可支配收入" in _indicator(text, "41000元")
