"""The date a page gives itself when it has no masthead date (nlp/page_date.py): it resolves
the periods of its metrics. Examples are invented."""

from __future__ import annotations

from datetime import date

from wuxing_kg.nlp import extract
from wuxing_kg.nlp import page_date as pd
from wuxing_kg.reading import bulletin_from_text


def test_a_reports_delivery_line_and_a_notices_signing_date() -> None:
    assert pd.own_date("某县政府工作报告\n——2022年1月27日在某县第十七届人民代表大会上\n") == date(2022, 1, 27)
    assert pd.own_date("索引号:123 发文日期:2022年02月10日 文号:某政发〔2022〕6号") == date(2022, 2, 10)
    assert pd.own_date("县长 某某\n（2025年1月6日）\n各位代表：") == date(2025, 1, 6)
    assert pd.own_date("今年1月27日在县城召开会议") is None  # an event date in prose is not the text's own


def test_page_date_lines() -> None:
    assert pd.page_line_date("某某 发布    浏览35次   2022-12-08发布\n") == date(2022, 12, 8)
    assert pd.page_line_date("- 作者: 网站编辑 發布時間:2024-01-12 17:06:21") == date(2024, 1, 12)
    assert pd.page_line_date("发表于 2025-11-11 11:41:42 | 显示全部楼层") == date(2025, 11, 11)
    assert pd.page_line_date("标题\n09.08.2017 19:08\n正文") == date(2017, 8, 9)  # day.month.year


def test_address_stamps_and_month_folders() -> None:
    assert pd.stamp_date("http://example.gov.cn/news/2013042419393538769.htm") == date(2013, 4, 24)
    assert pd.stamp_date("http://example.gov.cn/news/12345678901234.htm") is None
    assert pd.period_date("http://example.gov.cn/art/202204/abc.html") == date(2022, 4, 30)
    assert pd.period_date("http://example.gov.cn/art/202212/abc.html") == date(2022, 12, 31)


def test_month_folder_resolves_periods_but_is_no_page_date() -> None:
    text = "# source: http://example.gov.cn/xw/202204/abc123.shtml\n某县推进村道建设\n今年以来，三台县新建村道35公里。\n"
    x = extract(bulletin_from_text(text, source="t.txt"))
    assert x.date is None
    assert [m.period for m in x.metrics if "35公里" in m.text] == ["2022年以来"]


def test_delivery_line_dates_a_report_without_header_date() -> None:
    text = ("三台县政府工作报告\n——2022年1月20日在三台县人民代表大会上\n"
            "过去五年工作回顾\n五年来，全县累计新增就业5万人。\n")
    x = extract(bulletin_from_text(text, source="t.txt"))
    assert x.date == "2022-01-20"
    assert [m.period for m in x.metrics if "5万人" in m.text] == ["2017-2021年"]
