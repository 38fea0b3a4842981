"""Issuer and date of a page without a masthead, read from its furniture (reading/byline.py).

Examples are invented (place and outlet names made up for the test), never corpus text.
"""

from __future__ import annotations

from datetime import date

from wuxing_kg.reading import bulletin_from_text
from wuxing_kg.reading.byline import outlet_of_source, read_byline

BODY = "今年以来，该镇新建村级服务站12个，带动农户增收300万元。\n"


def test_source_line_names_the_outlet():
    text = "某地推进人居环境整治\n2023年5月6日 10:12:00 | 来源：青禾日报  作者：王某\n" + BODY
    b = bulletin_from_text(text)
    assert b.issuer == "青禾日报"
    assert b.date == date(2023, 5, 6)


def test_source_value_stops_at_the_next_label_and_prefers_the_reprinted_paper():
    assert outlet_of_source("云岭在线责编：李某") == "云岭在线"
    assert outlet_of_source("大河网-青禾日报") == "青禾日报"
    assert outlet_of_source("《乡村研究》") == "乡村研究"
    assert outlet_of_source("未知") is None
    assert outlet_of_source("本站") is None


def test_government_office_in_the_source_line_is_the_issuer():
    text = "某县推进集体经济发展\n发布时间：2021-11-04 来源：某某县人民政府\n" + BODY
    assert bulletin_from_text(text).issuer == "某某县人民政府"


def test_datelines():
    assert read_byline("青川网讯 近年来，某镇高度重视环境整治。").issuer == "青川网"
    assert read_byline("青禾日报农村版讯（记者王某）某县提出目标。").issuer == "青禾日报农村版"
    assert read_byline("中新社某地5月3日电 （记者）某地派出干部。").issuer == "中国新闻社"
    assert read_byline("据《南岭日报》消息 近日，某厅印发通知。").issuer == "南岭日报"
    assert read_byline("本报讯 某县提出目标。").issuer is None  # 本报 names no outlet


def test_work_report_speaker_and_delivery_line():
    text = (
        "政府工作报告\n——2022年1月20日在青山县第十七届人民代表大会第二次会议上\n"
        "青山县人民政府县长 张某某\n各位代表：\n" + BODY
    )
    b = bulletin_from_text(text)
    assert (b.issuer, b.date) == ("青山县人民政府", date(2022, 1, 20))


def test_report_speaker_without_a_body_takes_the_meeting_place():
    text = "政府工作报告\n——在青山县第十八届人民代表大会第五次会议上\n县委副书记、县长 张某某\n（2025年1月6日）\n" + BODY
    b = bulletin_from_text(text)
    assert (b.issuer, b.date) == ("青山县人民政府", date(2025, 1, 6))


def test_notice_signature_date_comes_before_the_report_it_wraps():
    text = (
        "各乡镇人民政府：\n《政府工作报告》已经审议通过，现印发给你们。\n青山县人民政府\n2026年2月9日\n"
        "政府工作报告\n——2026年1月14日在青山县第十八届人民代表大会第五次会议上\n" + BODY
    )
    b = bulletin_from_text(text)
    assert (b.issuer, b.date) == ("青山县人民政府", date(2026, 2, 9))


def test_document_date_beats_the_signature_date():
    text = "青山县人民政府关于印发2022年政府工作报告的通知\n索引号：X-1 发文日期：2022年02月10日\n" + BODY + "青山县人民政府\n2022年2月9日\n"
    b = bulletin_from_text(text)
    assert (b.issuer, b.date) == ("青山县人民政府", date(2022, 2, 10))


def test_traditional_and_bulleted_metadata_and_day_first_datelines():
    assert read_byline("某區新聞\n- 作者：某某 發布時間：2024-01-12 17:06:21\n", traditional=True).page_date == date(2024, 1, 12)
    assert read_byline("某地公布名单\n09.08.2017 19:08\n").page_date == date(2017, 8, 9)
    assert read_byline("2022年工作总结\n某某 发布    浏览1135次2022-12-08发布\n").page_date == date(2022, 12, 8)


def test_a_masthead_keeps_its_own_issuer_and_date():
    text = "某县工作简报\n第3期\n某县人民政府办公室    2024年3月1日\n来源：青禾日报\n" + BODY
    b = bulletin_from_text(text)
    assert b.issuer == "某县人民政府办公室"
    assert b.date == date(2024, 3, 1)


def test_an_outlet_issuer_inside_the_first_article_still_validates() -> None:
    """The 来源 line sits between the headline and the body, inside the article's span:
    the issuer's mention must come from one text unit only (SHACL: exactly one)."""
    from wuxing_kg import validate
    from wuxing_kg.nlp import extract
    from wuxing_kg.rdf import mapping

    text = "某镇推进人居环境整治\n2023年5月6日 10:12:00 | 来源：青禾日报\n" + BODY
    x = extract(bulletin_from_text(text, "page.txt"))
    assert x.issuer == "青禾日报"
    report = validate.validate_bulletin(mapping.to_quads(x).quads)
    assert report.conforms, report.text()


def test_dateline_and_furniture_outlets_of_the_fourth_round():
    # an X网 dateline, an X日报 dateline with the day, an alias in brackets, a media centre
    assert read_byline("某地办节\n青禾网某地4月16日电 (张某)记者16日获悉\n" + BODY).issuer == "青禾网"
    assert read_byline("  青禾日报11月8日讯(全媒体记者 王某)\n" + BODY).issuer == "青禾日报"
    assert read_byline("云岭网(云岭日报网)讯(通讯员 李某)\n" + BODY).issuer == "云岭网"
    assert read_byline("文_云岭之声全媒体记者 / 刘某\n" + BODY).issuer == "云岭之声"
    assert read_byline("新华社某地2月28日电 题:某某\n" + BODY).issuer == "新华社"
    assert read_byline("2024-2-6 09:29| 发布者: 某县人民政府| 来自: 某县融媒体中心\n" + BODY).issuer == "某县融媒体中心"
    assert read_byline("发布单位: | 某市农业局(某市某办) | 主题分类: | 农业 |\n" + BODY).issuer == "某市农业局"


def test_work_report_issued_by_the_body_it_is_delivered_for():
    text = "2024年社区代表会议报告\n2024年02月02日 来源: 某区发布\n各位代表:\n现在,我代表某区人民政府某街道办事处,向大会作报告,请予审议。\n"
    assert read_byline(text).issuer == "某区人民政府某街道办事处"
    text = "某县政府工作报告\n—— 在青禾县第十八届\n人民代表大会第四次会议上\n县人民政府县长 王某某\n各位代表:\n现在,我代表县人民政府向大会报告工作。\n"
    assert read_byline(text).issuer == "青禾县人民政府"
