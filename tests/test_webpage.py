"""Web-page furniture in .txt copies and .html pages: bars, breadcrumbs, tools,
neighbour links and footers never reach the article text; the page's metadata
(发布日期, 来源, ArticleTitle, PubDate, ContentSource) is read into the Bulletin."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from wuxing_kg.reading import clean_text, read_bulletin
from wuxing_kg.reading.header import date_from_url
from wuxing_kg.reading.webpage import is_furniture, meta_of_line

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "real-files"

FURNITURE = [
    "关怀版", "无障碍", "长者模式", "繁體", "设为首页", "加入收藏", "您当前的位置", "字体", "打印本页",
    "关闭窗口", "分享到", "上一篇", "下一篇", "相关链接", "主办单位", "承办单位", "版权所有", "ICP备",
    "网站标识码", "技术支持", "联系我们", "浏览次数", "发布日期", "来源：",
    "县林业局开展植树活动", "县水利局召开防汛会议", "全县春耕备耕工作会议召开",
]  # fmt: skip


def assert_no_furniture(b) -> None:  # type: ignore[no-untyped-def]
    assert b.articles
    for a in b.articles:
        whole = a.title + "\n" + a.text
        for word in FURNITURE:
            assert word not in whole, (word, whole)
    if b.title:
        for word in FURNITURE:
            assert word not in b.title, (word, b.title)


def test_txt_copy_of_a_government_page() -> None:
    b = read_bulletin(FIXTURES / "gov-page-copy.txt")
    assert_no_furniture(b)
    assert [a.title for a in b.articles] == ["县农业农村局推进高标准农田建设"]
    assert b.date == date(2022, 4, 15)
    page = clean_text(b.original).page
    assert page is not None and (page.source, page.author) == ("某县农业农村局", "王明")
    assert "新建高标准农田2.5万亩" in b.articles[0].text
    assert "下一步，县农业农村局将继续推进农田水利设施建设" in b.articles[0].text  # 下一步 is prose
    assert b.url_date == date(2022, 4, 15)


def test_html_page_with_meta_tags() -> None:
    b = read_bulletin(FIXTURES / "gov-page-gbk.html")
    assert_no_furniture(b)
    assert [a.title for a in b.articles] == ["县农业农村局推进高标准农田建设"]
    assert b.date == date(2022, 4, 15)
    page = clean_text(b.original).page
    assert page is not None and page.source == "某县农业农村局"
    assert "新建高标准农田2.5万亩" in b.articles[0].text


@pytest.mark.parametrize(
    "line",
    [
        "关怀版 | 无障碍 | 长者模式 | 繁體 | 设为首页 | 加入收藏",
        "某县人民政府门户网站 | 某省人民政府 | 无障碍 | 长者模式 | 繁體",
        "您当前的位置：首页 > 政务公开 > 部门动态",
        "当前位置：首页>新闻中心",
        "首页 > 政务公开 > 工作动态",
        "【字体：大 中 小】 打印本页 关闭窗口",
        "分享到：",
        "上一篇：县林业局开展植树活动",
        "相关链接",
        "版权所有：某县人民政府　网站标识码：1234567890　赣ICP备12345678号",
        "主办单位：某县人民政府办公室　承办单位：某县大数据中心",
        "技术支持：某某科技有限公司　联系我们",
    ],
)
def test_furniture_lines(line: str) -> None:
    assert is_furniture(line) or meta_of_line(line) is not None


@pytest.mark.parametrize(
    "line",
    [
        "下一步，县农业农村局将继续推进农田水利设施建设。",
        "县里建成无障碍设施32处，打印、关闭等服务窗口延长至晚八点。",
        "主办单位：某县人民政府办公室",  # a bulletin colophon: the issuer, not furniture
        "（供稿：某县商务局）",
        "位置：县城东部工业园区，占地120亩",  # a project's site, not a breadcrumb
        "地理位置：位于某省东南部",
        "县农业农村局推进高标准农田建设",
    ],
)
def test_prose_is_not_furniture(line: str) -> None:
    assert not is_furniture(line) and meta_of_line(line) is None


def test_metadata_line_fields() -> None:
    m = meta_of_line("发布时间：2022-04-15 10:30 来源：某县农业农村局 作者：王明 浏览次数：1234")
    assert m is not None and (m.date, m.source, m.author) == (date(2022, 4, 15), "某县农业农村局", "王明")
    m = meta_of_line("信息来源:某县地方金融监督管理局  发布日期:2025-03-14")
    assert m is not None and (m.date, m.source) == (date(2025, 3, 14), "某县地方金融监督管理局")
    m = meta_of_line("2024年03月15日  来源：某新区管理委员会")
    assert m is not None and (m.date, m.source) == (date(2024, 3, 15), "某新区管理委员会")


@pytest.mark.parametrize(
    "url, expected",
    [
        ("http://www.example.gov.cn/zwgk/bmdt/202204/t20220415_123456.html", date(2022, 4, 15)),
        ("http://www.example.gov.cn/news/2013042419/n123.html", date(2013, 4, 24)),
        ("http://www.example.gov.cn/xxgk/202204/abc_1.html", None),  # a month is not a day
    ],
)
def test_compact_url_dates(url: str, expected: date | None) -> None:
    assert date_from_url(url) == expected


def _page(head: str, body: str) -> bytes:
    return f"<!DOCTYPE html><html><head><meta charset=utf-8>{head}</head><body>{body}</body></html>".encode()


BODY = (
    '<div class="position">您当前的位置：首页 &gt; 部门动态</div>'
    "<p>今年以来，县农业农村局新建高标准农田2.5万亩，同比增长12.5%。一是强化统筹。二是加强监管。</p>"
    '<div class="bottom">版权所有：某县人民政府　网站标识码：1234567890</div>'
)


def test_html_meta_tags_give_title_date_and_source_when_the_text_lacks_them(tmp_path: Path) -> None:
    head = (
        '<meta name="ArticleTitle" content="县农业农村局推进高标准农田建设">'
        '<meta name="PubDate" content="2022-04-15 10:30"><meta name="ContentSource" content="某县农业农村局">'
        "<title>县农业农村局推进高标准农田建设_部门动态_某县人民政府门户网站</title>"
    )
    path = tmp_path / "meta.html"
    path.write_bytes(_page(head, BODY))
    b = read_bulletin(path)
    assert_no_furniture(b)
    assert [a.title for a in b.articles] == ["县农业农村局推进高标准农田建设"]
    assert b.date == date(2022, 4, 15)
    page = clean_text(b.original).page
    assert page is not None and page.source == "某县农业农村局"


@pytest.mark.parametrize(
    "title_tag",
    [
        "县农业农村局推进高标准农田建设_部门动态_某县人民政府门户网站",
        "县农业农村局推进高标准农田建设 | 某县人民政府",
        "县农业农村局推进高标准农田建设 - 某县人民政府网",
    ],
)
def test_html_title_tag_without_the_site_suffix(tmp_path: Path, title_tag: str) -> None:
    path = tmp_path / "title.html"
    path.write_bytes(_page(f"<title>{title_tag}</title>", BODY))
    b = read_bulletin(path)
    assert [a.title for a in b.articles] == ["县农业农村局推进高标准农田建设"]
    assert b.date is None


def test_og_title_when_no_article_title(tmp_path: Path) -> None:
    head = '<meta property="og:title" content="县农业农村局推进高标准农田建设"><title>某县人民政府门户网站</title>'
    path = tmp_path / "og.html"
    path.write_bytes(_page(head, BODY))
    assert [a.title for a in read_bulletin(path).articles] == ["县农业农村局推进高标准农田建设"]


def test_html_main_article_found_by_content_when_class_names_say_nothing() -> None:
    """Top bar, navigation, breadcrumb, a hot-news and a related-links column without a
    heading, and a footer, all in blocks named c1…c9: the article is the prose block."""
    b = read_bulletin(FIXTURES / "gov-page-plain-classes-gbk.html")
    assert [a.title for a in b.articles] == ["青山县推进农村电商进村入户"]
    assert b.date == date(2023, 9, 12)
    assert b.issuer == "青禾日报"  # the outlet of the 来源 line (realset convention 1)
    text = b.articles[0].text
    assert "全县建成村级电商服务站86个" in text and "县长陈某某表示" in text
    for furniture in ("无障碍", "政务公开", "走进青山", "您当前的位置", "全县秋季农业生产现场推进会召开",
                      "县水利局完成小型水库除险加固", "网站标识码", "地址", "青山县人民政府办公室主办"):  # fmt: skip
        assert furniture not in b.original, furniture
    assert len(b.articles) == 1


def test_html_metadata_line_outside_the_article_block_is_kept(tmp_path: Path) -> None:
    body = "".join(f"<p>今年以来，某镇新建村级服务站{n}个，带动农户增收，群众满意度明显提升。</p>" for n in range(3, 6))
    page = (
        "<html><body><div class='a'>发布日期：2021-05-06　来源：青禾晚报</div>"
        "<div class='b'><a href='1'>首页</a><a href='2'>要闻</a></div>"
        f"<div class='c'><div class='d'>{body}</div><ul><li><a href='3'>某县召开会议一</a></li>"
        "<li><a href='4'>某县召开会议二</a></li><li><a href='5'>某县召开会议三</a></li></ul></div></body></html>"
    )
    path = tmp_path / "p.html"
    path.write_text(page, encoding="utf-8")
    b = read_bulletin(path)
    assert b.date == date(2021, 5, 6) and b.issuer == "青禾晚报"
    assert "某县召开会议" not in b.original and "要闻" not in b.original
    assert "新建村级服务站5个" in b.text


def test_html_bulletin_keeps_its_masthead_when_the_article_is_found_by_content(tmp_path: Path) -> None:
    """A bulletin saved as HTML (Word/WPS): the masthead paragraphs have no prose, but
    the article block grows over them (they add no links); a link bar is left out."""
    body = "".join(
        f"<p>今年以来，某县新建村级服务站{n}个，带动农户增收{n}00万元，群众满意度明显提升，工作成效显著。</p>" for n in range(3, 7)
    )
    page = (
        "<html><body><div class='x'><a href='1'>首页</a> <a href='2'>通知公告</a> <a href='3'>工作简报</a></div>"
        "<div class='y'><p>青山县工作简报</p><p>第5期</p><p>青山县人民政府办公室    2024年3月1日</p>"
        f"<p>【工作动态】</p><p>青山县推进村级服务站建设</p>{body}</div></body></html>"
    )
    path = tmp_path / "bulletin.html"
    path.write_text(page, encoding="utf-8")
    b = read_bulletin(path)
    assert (b.title, b.issue, b.issuer, b.date) == ("青山县工作简报", "第5期", "青山县人民政府办公室", date(2024, 3, 1))
    assert [a.title for a in b.articles] == ["青山县推进村级服务站建设"]
    assert "通知公告" not in b.original


# The pages of make_gov_page.py whose metadata line carries other labels
# (时间：… 信息来源：… 阅读次数：…【打印】【关闭】) and whose side column is a 栏目导航 list.
FIELDS_FURNITURE = [
    "时间：", "信息来源", "阅读次数", "打印", "关闭", "栏目导航", "政府信息公开指南", "欢迎访问", "无障碍浏览",
    "长者模式", "繁体版", "手机版", "当前位置", "分享到", "上一条", "下一条", "相关文章", "网站地图", "主办：", "网站标识码",
    "县医保局开展打击欺诈骗保专项行动", "全县稳就业工作推进会召开", "澧阳县启动技能培训提升行动",
]  # fmt: skip
FIELDS_HEADLINE = "县人社局多措并举稳就业促增收"
FIELDS_SOURCE = "澧阳县人力资源和社会保障局"


def _fields_page_entities(b) -> set[tuple[str, ...]]:  # type: ignore[no-untyped-def]
    from wuxing_kg.nlp import extract

    x = extract(b)
    labels = [o.text for o in x.organizations] + [p.text for p in x.programs] + [p.name for p in x.people] + [m.text for m in x.metrics]
    for word in FIELDS_FURNITURE:
        assert not [t for t in labels if word in t], word
    assert not [t for t in labels if "\n" in t]
    return {("org", o.text) for o in x.organizations} | {("person", p.name, *p.posts) for p in x.people} | {("metric", m.text) for m in x.metrics}


@pytest.mark.parametrize("name", ["gov-page-fields-gbk.html", "gov-page-fields-copy.txt"])
def test_metadata_line_with_other_labels_stays_out_of_the_article(name: str) -> None:
    b = read_bulletin(FIXTURES / name)
    assert (b.title, b.issue) == (None, None)  # a web page has no masthead
    assert b.date == date(2024, 11, 8)
    assert b.issuer == FIELDS_SOURCE
    assert [a.title for a in b.articles] == [FIELDS_HEADLINE]
    text = b.articles[0].title + b.articles[0].text
    for word in FIELDS_FURNITURE:
        assert word not in text, word
    assert b.articles[0].text.startswith("今年以来，县人社局围绕稳就业目标")
    ents = _fields_page_entities(b)
    assert {("org", "县财政局"), ("person", "周建国", "局长"), ("metric", "扶持创业1260人")} <= ents
    assert ("org", FIELDS_SOURCE) in ents  # the office of the 来源 field is a mention (the masthead allowance)


def test_one_paragraph_news_item_is_the_main_article() -> None:
    """A short news item (one paragraph of prose) is the page's article, not the side
    column's 栏目导航 list beside it."""
    b = read_bulletin(FIXTURES / "gov-page-one-paragraph-gbk.html")
    assert b.date == date(2024, 11, 8) and b.issuer == FIELDS_SOURCE
    assert [a.title for a in b.articles] == [FIELDS_HEADLINE]
    text = b.articles[0].title + b.articles[0].text
    for word in FIELDS_FURNITURE:
        assert word not in text, word
    assert "帮助城镇新增就业3150人" in text
    assert ("person", "周建国", "局长") not in _fields_page_entities(b)  # the second paragraph is not on this page
