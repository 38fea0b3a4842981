"""Bulletins as offices make them, read as a new user would (issue 10, items 1 and 5).

The files in tests/fixtures/real-files/ were made by real tools with
make_office_pdfs.py: a DOCX (python-docx) with a running page header, a ``— N —``
page-number footer, a red masthead, bold 18 pt headlines and 16 pt indented body text,
converted by LibreOffice (``soffice --headless --convert-to pdf``), in one and in two
columns, and in block style (headlines at the body size in another face, paragraphs
spaced apart, not indented); and page 1 rendered by pdftoppm and wrapped by img2pdf (a scanned page). The
bulletin text, office-bulletin.txt, is invented. Tests only read the committed files.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from wuxing_kg.errors import BadInputError
from wuxing_kg.nlp import extract
from wuxing_kg.reading import bulletin_from_text, read_bulletin
from wuxing_kg.records import Extraction

FIXTURES = Path(__file__).parent / "fixtures" / "real-files"
PLAIN = FIXTURES / "office-bulletin.txt"
OFFICE_PDFS = [
    "office-one-column.pdf", "office-two-column.pdf", "office-block-style.pdf", "office-two-column-aes256.pdf",
    "office-two-column.docx",
]
RUNNING_HEADER = "乡村振兴工作简报2024年第7期"  # the page header, spaces aside
HEADLINES = ["岳西县推进茶产业提质增效", "温泉镇建成便民服务中心", "店前镇探索村企联建发展集体经济"]


def entities(x: Extraction) -> set[tuple[str, ...]]:
    return (
        {("org", o.text, o.canonical or "") for o in x.organizations}
        | {("place", p.text, p.canonical or "") for p in x.places}
        | {("program", p.text) for p in x.programs}
        | {("person", p.name, *p.posts) for p in x.people}
        | {("metric", m.text, str(m.value), m.unit or "") for m in x.metrics}
    )


def labels(x: Extraction) -> list[str]:
    return (
        [o.text for o in x.organizations] + [p.text for p in x.places] + [p.text for p in x.programs]
        + [p.name for p in x.people] + [m.text for m in x.metrics] + [a.title for a in x.articles]
    )  # fmt: skip


@pytest.fixture(scope="module")
def plain() -> Extraction:
    return extract(read_bulletin(PLAIN))


@pytest.mark.parametrize("name", OFFICE_PDFS)
def test_masthead_and_articles_of_a_libreoffice_pdf(name: str) -> None:
    b = read_bulletin(FIXTURES / name)
    assert b.title == "乡村振兴工作简报"  # not the running header above it
    assert b.issue == "第7期"
    assert b.date == date(2024, 6, 18)
    assert b.issuer == "岳西县乡村振兴领导小组办公室"
    assert [a.title for a in b.articles] == HEADLINES
    assert [a.section for a in b.articles] == ["工作动态", "工作动态", "经验交流"]
    for a in b.articles:
        body = "".join(b.text[a.start : a.end].split())
        assert RUNNING_HEADER not in body and "—1—" not in body and "—2—" not in body
        assert all(len(s.text) > 5 for s in a.sentences)  # no bare page number, no cut-off line
    assert "\n" not in "".join(s.text for a in b.articles for s in a.sentences)


@pytest.mark.parametrize("name", OFFICE_PDFS)
def test_pdf_entities_equal_those_of_the_plain_text(name: str, plain: Extraction) -> None:
    x = extract(read_bulletin(FIXTURES / name))
    assert entities(x) == entities(plain)
    assert not [t for t in labels(x) if "\n" in t]
    names = {p.name: p.posts for p in x.people}
    assert names.get("张明远") == ["县委副书记"] and "李慧芳" in names and "王立新" in names  # names not cut at line ends
    assert {"岳西县", "店前镇", "温泉镇"} <= {p.text for p in x.places}
    assert "“茶园提升”行动" in {p.text for p in x.programs}
    assert {"村级集体经济收入达到650万元", "同比增长15.3%", "新建标准化茶园1.2万亩"} <= {m.text for m in x.metrics}
    assert (x.title, x.issue, str(x.date)) == ("乡村振兴工作简报", "第7期", "2024-06-18")


def test_two_columns_are_read_column_by_column() -> None:
    b = read_bulletin(FIXTURES / "office-two-column.pdf")
    first = b.articles[0]
    text = b.text[first.start : first.end]
    # the left column's last line and the right column's first line join mid-sentence
    assert "推动茶产业由规模扩张向质量效益转变，带动更多群众增收致富。" in text
    assert len(b.articles) == 3


def test_a_scanned_pdf_is_refused_as_needing_ocr() -> None:
    with pytest.raises(BadInputError) as info:
        read_bulletin(FIXTURES / "scanned.pdf")
    msg = str(info.value)
    assert "scanned PDF" in msg and "OCR" in msg and "corrupt" not in msg


def test_gbk_government_page_entities_equal_those_of_its_article_as_plain_text() -> None:
    """The GBK page with unnamed blocks (make_gov_page.py): the same entities as the
    article typed as a plain UTF-8 text, and none from its bars, link columns or footer."""
    page = read_bulletin(FIXTURES / "gov-page-plain-classes-gbk.html")
    article = "\n".join(page.original.split("\n")[-4:])  # headline, metadata line, two paragraphs
    assert article.startswith("青山县推进农村电商进村入户\n发布时间：")
    x = extract(page)
    assert entities(x) == entities(extract(bulletin_from_text(article)))
    assert (x.title, x.issue, x.issuer, str(x.date)) == (None, None, "青禾日报", "2023-09-12")
    assert [a.title for a in x.articles] == ["青山县推进农村电商进村入户"]
    assert {"县商务局", "青禾日报"} <= {o.text for o in x.organizations}
    assert "“电商进村”行动" in {p.text for p in x.programs}
    assert ("陈某某", ["县长"]) in [(p.name, p.posts) for p in x.people]
    assert not [t for t in labels(x) if "\n" in t or "政府" in t or "会议" in t]


# One-page PDFs (make_one_page_pdfs.py): on one page no row repeats, so the running page
# header is known by its place (the page's top row, standing apart) and its small size.
@pytest.mark.parametrize("name", ["office-one-page.pdf", "office-one-page.docx"])
def test_one_page_pdf_drops_its_page_header_and_keeps_the_masthead(name: str) -> None:
    b = read_bulletin(FIXTURES / name)
    assert (b.title, b.issue, b.date) == ("营商环境工作简报", "第12期", date(2025, 3, 5))
    assert b.issuer == "澧阳县优化营商环境工作领导小组办公室"
    assert [a.title for a in b.articles] == ["澧阳县深化“一件事一次办”改革"]
    assert [a.section for a in b.articles] == ["工作动态"]
    x = extract(b)
    assert entities(x) == entities(extract(read_bulletin(FIXTURES / "office-one-page.txt")))
    assert not [t for t in labels(x) if "\n" in t]
    assert [(p.name, p.posts) for p in x.people] == [("刘海涛", ["县委常委", "常务副县长"])]
    assert "“一件事一次办”改革" in {p.text for p in x.programs}
    assert "县行政审批服务局" in {o.text for o in x.organizations}


@pytest.mark.parametrize("name", ["office-report.pdf", "office-report.docx"])
def test_letter_spaced_report_title_under_a_page_header(name: str) -> None:
    """政 府 工 作 报 告 typed with spaces is the title 政府工作报告; the one-page PDF's
    running header (…会议文件) is not."""
    b = read_bulletin(FIXTURES / name)
    plain = read_bulletin(FIXTURES / "office-report.txt")
    assert (b.title, b.issue, b.date, b.issuer) == (plain.title, plain.issue, date(2025, 1, 10), "澧阳县人民政府")
    assert [a.title for a in b.articles] == [a.title for a in plain.articles] == ["政府工作报告"]
    assert "会议文件" not in b.text
    x = extract(b)
    assert entities(x) == entities(extract(plain))
    assert not [t for t in labels(x) if "\n" in t]
    assert [(p.name, p.posts) for p in x.people] == [("孙立军", ["县长"])]
    assert {"全县地区生产总值达到286.5亿元", "城镇新增就业3200人以上"} <= {m.text for m in x.metrics}


def test_a_letter_spaced_line_is_one_word_and_the_map_stays_exact() -> None:
    b = bulletin_from_text("政 府 工 作 报 告\n今年以来，全县新建标准化厂房12万平方米，同比增长8.5%。\n")
    assert b.text.startswith("政府工作报告\n")
    assert [b.original[b.offsets[i]] for i in range(6)] == list("政府工作报告")
    kept = bulletin_from_text("工作 动态\n县 长 王某\n今年以来，全县新建标准化厂房12万平方米，同比增长8.5%。\n").text
    assert kept.startswith("工作 动态\n县 长 王某")  # words and short spaced posts are left alone
