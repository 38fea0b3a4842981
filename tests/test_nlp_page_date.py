"""The date a page gives itself when it has no masthead date (nlp/page_date.py): it resolves
the periods of its metrics. Examples are invented."""

from __future__ import annotations

from datetime import date

from wuxing_kg.nlp import extract
from wuxing_kg.nlp import page_date as pd
from wuxing_kg.reading import bulletin_from_text


def test_the_reader_dates_a_page_from_its_own_lines_and_address() -> None:
    """The page's own date comes from the reader (reading/byline.py, header.py), not nlp/."""
    cases = {
        "某县政府工作报告\n——2022年1月27日在某县第十七届人民代表大会上\n各位代表：全县发展良好。\n": date(2022, 1, 27),
        "索引号:123 发文日期:2022年02月10日 文号:某政发〔2022〕6号\n某县关于推进工作的通知\n各乡镇：现通知如下。\n": date(2022, 2, 10),
        "县长 某某\n（2025年1月6日）\n各位代表：现在，我代表县人民政府作报告。\n": date(2025, 1, 6),
        "某某 发布    浏览35次   2022-12-08发布\n某县推进工作\n今年以来，某县推进工作。\n": date(2022, 12, 8),
        "- 作者: 网站编辑 發布時間:2024-01-12 17:06:21\n某县推进工作\n今年以来，某县推进工作。\n": date(2024, 1, 12),
        "标题\n09.08.2017 19:08\n正文今年以来，某县推进工作。\n": date(2017, 8, 9),  # day.month.year
        "某县推进工作\n今年1月27日在县城召开会议，某县推进工作。\n": None,  # an event date in prose
    }
    for text, expected in cases.items():
        assert bulletin_from_text(text, source="t.txt").date == expected, text
    stamped = bulletin_from_text("# source: http://example.gov.cn/news/2013042419393538769.htm\n某县推进工作\n", source="t.txt")
    assert stamped.url_date == date(2013, 4, 24)


def test_month_folders() -> None:
    assert pd.period_date("http://example.gov.cn/art/202204/abc.html") == date(2022, 4, 30)
    assert pd.period_date("http://example.gov.cn/art/202212/abc.html") == date(2022, 12, 31)
    assert pd.period_date("http://example.gov.cn/news/12345678901234.htm") is None


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
