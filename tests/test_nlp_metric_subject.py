"""Metric subjects of articles without a masthead (issue 9, item 3: the article's focus place).

The examples are invented; only the division names are national reference data."""

from __future__ import annotations

from datetime import date

from wuxing_kg.nlp import extract
from wuxing_kg.reading import bulletin_from_text


def _metrics(text: str) -> dict[str, dict]:
    x = extract(bulletin_from_text(text, source="t.txt"), default_date=date(2021, 6, 30))
    return {m.text: m.to_dict() if hasattr(m, "to_dict") else m.__dict__ for m in x.metrics}


def _subject_of(text: str, metric_text: str) -> str | None:
    for name, m in _metrics(text).items():
        if metric_text in name:
            return m["subject"]
    raise AssertionError(f"no metric {metric_text!r} in {list(_metrics(text))}")


def test_village_named_at_the_end_of_the_opening_chain_is_the_subject() -> None:
    # 四川 (province) 三台县 (county) 青松镇 白石村: the article is about the village, not the province.
    text = "走进四川三台县青松镇白石村，小院里处处是新景象。\n今年以来，依托特色种植，实现销售收入120万元。\n"
    assert _subject_of(text, "120万元") == "白石村"


def test_paragraph_opened_by_a_place_chain_is_about_the_innermost_place() -> None:
    text = ("三台县青松镇白石村发展庭院经济。\n"
            "青松镇白石村大力发展特色产业。2020年，带动农户增收56万元。\n")
    assert _subject_of(text, "56万元") == "白石村"


def test_short_county_after_its_province_in_a_dateline_title() -> None:
    # 四川三台：… names 三台县 without its suffix; 全县 is that county, not its city 绵阳市.
    text = "四川三台：村道通到家门口\n今年以来，全县新建村道35公里。\n"
    assert _subject_of(text, "35公里") == "三台县"


def test_work_report_figures_go_to_the_place_not_its_government() -> None:
    text = ("三台县人民政府工作报告\n"
            "各位代表：现在，我代表县人民政府向大会报告工作。\n"
            "过去一年，新增城镇就业4100人，发放创业贷款2300万元。\n")
    assert _subject_of(text, "4100人") == "三台县"
    assert _subject_of(text, "2300万元") == "三台县"


def test_a_reports_delivery_line_names_its_place() -> None:
    # no place in the title or the lead: the congress the report is delivered to names it
    text = ("政 府 工 作 报 告\n"
            "（2022年1月5日）\n"
            "——在三台县第十八届人民代表大会第一次会议上\n"
            "各位代表：\n"
            "过去一年，在绵阳市委、绵阳市政府的坚强领导下，一般公共预算收入完成9.8亿元。\n")
    assert _subject_of(text, "9.8亿元") == "三台县"


def test_quan_qu_in_an_autonomous_regions_text_is_the_region() -> None:
    text = ("自治区教育厅印发通知\n"
            "近日，广西壮族自治区教育厅印发通知。2022年，全区投入助学资金12.5亿元。\n")
    assert _subject_of(text, "12.5亿元") == "广西壮族自治区"


def test_a_township_leaders_account_goes_to_the_township() -> None:
    text = ("三台县青松镇发展合作社\n"
            "今年以来，三台县推动合作社发展。“抱团发展，就是把群众组织起来。”青松镇党委书记王某某说，"
            "仅此一项，村集体收入每年增加40多万元。\n")
    assert _subject_of(text, "40多万元") == "青松镇"
