"""The layout of a work bulletin: header, sections, articles, paragraphs, sentences.

A typical issue (工作简报) reads, one block per line:

    <series title, maybe over two lines>     X市“Y”建设 / 工作简报
    第 N 期
    <issuer>                                  …领导小组办公室
    <date>                                    2019 年 8 月 16 日
    【<section>】                              典型推介 / 工作简讯 / 经验交流 …
    <headline>                                short, no final 。
    <body paragraphs …>
    …
    <footer>                                  …编 / 电话 / 电子邮箱 / 抄送 / 报送

Masthead and footer are read by ``header.py``; this module finds the sections and
cuts the body into articles, paragraphs and sentences. Everything works on the
*cleaned* text (one paragraph per line) and returns offsets into it. A text without
header, sections or headline is one article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from ..records import Article, Sentence
from .header import (
    HEADER_SCAN,
    SECTION_LINE,
    TIME_OF_DAY,
    WEB_META,
    Line,
    date_from_url,
    footer_start,
    is_noise,
    lines_of,
    parse_date,
    parse_header,
    parse_issue,
)
from .clean import looks_like_table_row
from .sentences import point_marker, split_sentences

__all__ = ["Layout", "lay_out", "date_from_url", "parse_date", "parse_issue", "is_headline"]

_CN_SECTION = re.compile(r"^([一二三四五六七八九十]{1,3})、(\S{2,20})$")
_NOT_HEADLINE_END = "。！？；，、：,;:!?…"
_ENUM_START = re.compile(r"^(?:[一二三四五六七八九十]{1,3}是|[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]{1,3}、|\d{1,2}[.、．](?!\d)|[①-⑳]|第[一二三四五六七八九十]{1,3}[，、,])")
# Sections whose items are one paragraph each, titled by their first sentence.
_BRIEFS_SECTION = re.compile(r"简讯|快讯|短讯|速递|信息|简报|短波|集锦")
MAX_HEADLINE = 50


# --------------------------------------------------------------------------- body


# Two short phrases joined by a comma (高位推动，压实责任) head a part of an article;
# an article's own headline names who did what and has no such rhythm.
_SUBHEAD = re.compile(r"^[^，,：:\s]{2,10}[，,][^，,：:\s]{2,12}$")
_NOT_A_HEADLINE = re.compile(r"^(?:附件|附表|表[ \t]*[0-9一二三四五六七八九十]{1,3}(?:[ \t\u3000：:]|$)|附：|注[：:]|说明[：:]|资料来源|数据来源|来源[：:]|[（(]?完[）)]?$)")
_HAN_RUN = re.compile(r"[\u3400-\u9fff]")
_TABLE_ROW_END = re.compile(r"(?:\t|[ \u3000]{2,})[^ \t\u3000]*[0-9—–-]$")  # 产量  万吨18.35


def is_headline(t: str) -> bool:
    """A short line that does not end a sentence: 市林业局推动森林旅游高质量发展."""
    if not t or len(t) > MAX_HEADLINE or t[-1] in _NOT_HEADLINE_END or any(c in t for c in "。！？"):
        return False
    if _ENUM_START.match(t) or SECTION_LINE.match(t) or _NOT_A_HEADLINE.match(t):
        return False
    if looks_like_table_row(t) or _TABLE_ROW_END.search(t):
        return False  # a table's header or row (cells split by tabs / 2+ spaces), not a title
    if t[0] in "（(" and t[-1] in "）)":
        return False  # （市教育局供稿）: attribution, not a title
    if _SUBHEAD.match(t):
        return False  # 高位推动，压实责任: a sub-heading inside an article
    han = len(_HAN_RUN.findall(t))
    return han >= 4 and han >= 0.5 * len(t)  # not a table row of figures


@dataclass
class _Draft:
    section: str | None
    title_lines: list[Line] = field(default_factory=list)
    body: list[Line] = field(default_factory=list)
    subtitle: list[Line] = field(default_factory=list)


# Brief items run together in one paragraph: a sentence that opens with another unit
# of the same level as the item's opening unit (来广营乡… 。太阳宫地区办事处…) starts a
# new item; a township inside a county item (某县…。某乡、某镇…) does not.
_UNIT_LEVELS = (
    ("township", re.compile(r"^([\u4e00-\u9fff]{2,10}?)(?:街道办事处|地区办事处|办事处|街道|苏木|乡|镇)")),
    ("county", re.compile(r"^([\u4e00-\u9fff]{2,10}?)(?:县|区|旗|市)")),
)
_NOT_A_UNIT_START = "全本该各我此其每同这那另以在对从为据经由"


def _opening_unit(sentence: str) -> tuple[str, str] | None:
    if not sentence or sentence[0] in _NOT_A_UNIT_START:
        return None
    for level, rx in _UNIT_LEVELS:
        m = rx.match(sentence)
        if m:
            return level, m.group(0)
    return None


def brief_items(ln: Line) -> list[Line]:
    """One brief paragraph → its items (usually just one)."""
    spans = split_sentences(ln.text, 0, len(ln.text))
    if len(spans) < 2:
        return [ln]
    first = _opening_unit(ln.text[spans[0][0] : spans[0][1]])
    if first is None:
        return [ln]
    items: list[Line] = []
    item_start = spans[0][0]
    for s, e in spans[1:]:
        unit = _opening_unit(ln.text[s:e])
        if unit is not None and unit[0] == first[0] and unit[1] != first[1]:
            stop = _end_before(ln.text, s)
            items.append(Line(ln.start + item_start, ln.start + stop, ln.text[item_start:stop]))
            item_start = s
            first = unit
    items.append(Line(ln.start + item_start, ln.end, ln.text[item_start:]))
    return items


def _end_before(text: str, next_start: int) -> int:
    """End of the item that stops before the sentence at next_start (no trailing space)."""
    end = next_start
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return end


_SUBTITLE_DASH = ("——", "--", "—", "－－")
_ITEM_BULLETS = "◆◇●○■□▲△★☆►▶※"
_ATTRIBUTION = re.compile(r"^[（(][^（）()]{2,40}[）)]$")
_EDITOR_NOTE = re.compile(r"^【?(?:编者按|编者的话|编者注|按语)")


def _group(lines: list[Line], section: str | None, mode: str) -> list[_Draft]:
    """mode: 'briefs' (one article per paragraph), 'headlines' (headline + body),
    'sectioned' (headlines where there are, else one article per paragraph),
    'single' (everything one article)."""
    # An editor's note introduces the issue or a section; it is not an article.
    lines = [ln for ln in lines if not _EDITOR_NOTE.match(ln.text)]
    if mode == "single":
        if len(lines) > 1 and is_headline(lines[0].text):
            if len(lines) > 2 and lines[1].text.startswith(_SUBTITLE_DASH):
                return [_Draft(section, title_lines=[lines[0]], subtitle=[lines[1]], body=lines[2:])]
            return [_Draft(section, title_lines=[lines[0]], body=lines[1:])]
        return [_Draft(section, body=list(lines))] if lines else []
    drafts: list[_Draft] = []
    cur: _Draft | None = None
    for k, ln in enumerate(lines):
        t = ln.text
        if drafts and _ATTRIBUTION.match(t) and drafts[-1].body:
            drafts[-1].body.append(ln)  # （市教育局供稿） closes the item above it
            continue
        if mode == "briefs":
            drafts.extend(_Draft(section, body=[item]) for item in brief_items(ln))
            continue
        if t[:1] in _ITEM_BULLETS and not is_headline(t):
            # ◆ 某局开展…。 — a bulleted paragraph is an item of its own, headline or not;
            # lines after it without a bullet continue it.
            cur = _Draft(section, body=[ln])
            drafts.append(cur)
            continue
        has_next = k + 1 < len(lines)
        if cur is not None and cur.title_lines and not cur.body and t.startswith(_SUBTITLE_DASH):
            cur.subtitle.append(ln)
            continue
        if is_headline(t) and has_next:
            if cur is not None and cur.title_lines and not cur.body and not cur.subtitle:
                cur.title_lines.append(ln)  # a headline wrapped over two lines
                continue
            cur = _Draft(section, title_lines=[ln])
            drafts.append(cur)
            continue
        if cur is None:
            if mode == "sectioned":  # items before any headline in a section: one each
                drafts.extend(_Draft(section, body=[item]) for item in brief_items(ln))
                continue
            cur = _Draft(section)
            drafts.append(cur)
        cur.body.append(ln)
    return drafts


def _article(text: str, index: int, d: _Draft) -> Article | None:
    if not d.body and not d.title_lines:
        return None
    sentences: list[Sentence] = []
    for p_idx, ln in enumerate(d.body):
        for k, (s, e) in enumerate(split_sentences(text, ln.start, ln.end)):
            st = text[s:e]
            sentences.append(Sentence(len(sentences), st, s, e, p_idx, point_marker(st, k == 0)))
    pieces = d.title_lines + d.subtitle + d.body
    start = min(p.start for p in pieces)
    end = max(p.end for p in pieces)
    if d.title_lines:
        title = "".join(ln.text for ln in d.title_lines)
        has_headline = True
    else:
        title = sentences[0].text.rstrip("。！？；!?;").lstrip(_ITEM_BULLETS + " \u3000") if sentences else ""
        marker = point_marker(title, True)
        if marker and not marker.endswith("是") and len(title) > len(marker):
            title = title[len(marker) :].lstrip()  # 1.龙溪街道… : the number is not the title
        has_headline = False
    return Article(index, title, d.section, start, end, sentences, has_headline)


@dataclass
class Layout:
    title: str | None
    issue: str | None
    date: date | None
    issuer: str | None
    articles: list[Article]


def lay_out(text: str) -> Layout:
    """Header, sections and articles of a cleaned bulletin text."""
    all_lines = lines_of(text)
    lines = [ln for ln in all_lines if not is_noise(ln.text)]
    header = parse_header(lines)
    body_from = header.end_line
    body_to, colophon, printed = footer_start(lines, body_from)
    body = lines[body_from:body_to]
    # A line that is only a date (a news page's dateline) is metadata, not a paragraph.
    page_date = header.date or printed
    kept: list[Line] = []
    for ln in body:
        parsed = parse_date(ln.text)
        after = TIME_OF_DAY.sub("", ln.text[parsed[2] :]) if parsed else ""
        if parsed and not ln.text[: parsed[1]].strip("（(【[ ") and not after.strip("）)】] "):
            page_date = page_date or parsed[0]
            continue
        kept.append(ln)
    body = kept
    if page_date is None:  # web furniture such as 发布时间：2021-03-05 still dates the text (top or foot)
        for ln in all_lines[:HEADER_SCAN] + all_lines[-3:]:
            if WEB_META.match(ln.text) and parse_date(ln.text):
                page_date = parse_date(ln.text)[0]  # type: ignore[index]
                break

    body = drop_table_of_contents(split_inline_sections(body))

    # Sections: 【典型推介】 lines; else 一、工作动态 lines when they open the body.
    chunks: list[tuple[str | None, list[Line]]] = []
    marker_idx = [k for k, ln in enumerate(body) if SECTION_LINE.match(ln.text)]
    if not marker_idx:  # ■ 工作动态 ■ or a bare 工作简讯 line
        marker_idx = [k for k, ln in enumerate(body) if _BARE_SECTION.match(ln.text)]
    if not marker_idx and body and header.title and _CN_SECTION.match(body[0].text):
        cn = [k for k, ln in enumerate(body) if _CN_SECTION.match(ln.text) and is_headline(ln.text[2:] or "x")]
        if len(cn) >= 2:
            marker_idx = cn
    name: str | None
    if marker_idx:
        if marker_idx[0] > 0:
            chunks.append((None, body[: marker_idx[0]]))
        for a, b in zip(marker_idx, marker_idx[1:] + [len(body)]):
            name = _section_name(body[a].text)
            chunks.append((name, body[a + 1 : b]))
    else:
        chunks.append((None, body))

    is_bulletin = header.title is not None or header.issue is not None
    drafts: list[_Draft] = []
    for name, chunk in chunks:
        if name is not None and _BRIEFS_SECTION.search(name):
            mode = "briefs"
        elif name is not None:
            mode = "sectioned"
        elif is_bulletin or len(chunks) > 1:
            mode = "headlines"
        else:
            mode = "single"
        drafts.extend(_group(chunk, name, mode))
    articles: list[Article] = []
    for d in drafts:
        article = _article(text, len(articles), d)
        if article is not None:
            articles.append(article)
    return Layout(header.title, header.issue, page_date, header.issuer or colophon, articles)


_INLINE_SECTION = re.compile(r"^([【〖［]([^】〗］]{2,10})[】〗］])\s*(?=\S)")
_SECTION_WORD = re.compile(
    r"动态|简讯|推介|交流|经验|信息|快讯|要闻|工作|聚焦|亮点|典型|基层|部门|县区|热点|专题|观察|调研|综述|速递|集锦|短波|做法"
)


def split_inline_sections(body: list[Line]) -> list[Line]:
    """`【工作简讯】某县开展…。` on one line (web copies lose the break): the marker
    becomes its own line. A label such as 【某县】 in front of an item is left alone."""
    out: list[Line] = []
    for ln in body:
        m = _INLINE_SECTION.match(ln.text)
        if m and _SECTION_WORD.search(m.group(2)) and not SECTION_LINE.match(ln.text):
            marker_end = ln.start + len(m.group(1))
            rest_start = ln.start + m.end()
            out.append(Line(ln.start, marker_end, m.group(1)))
            out.append(Line(rest_start, ln.end, ln.text[m.end() :]))
        else:
            out.append(ln)
    return out


_TOC = re.compile(r"^[【\[]?\s*(?:目\s*录|本期(?:导读|要目|目录|要览|看点)|导\s*读|要\s*目)\s*[】\]]?$")
_TOC_PAGE = re.compile(r"(?:[.…·．]{2,}|\s)\s*[0-9]{1,3}$")


MAX_TOC_ENTRIES = 60


def drop_table_of_contents(body: list[Line]) -> list[Line]:
    """A 目录 / 本期导读 block lists the titles that follow; it is not content. Its
    entries are short lines that recur later in the body or end in a page number."""
    for k, ln in enumerate(body):
        if not _TOC.match(ln.text):
            continue
        j = k + 1
        while j < len(body) and j - k <= MAX_TOC_ENTRIES:
            t = body[j].text
            if SECTION_LINE.match(t) and "".join(t.split()) in {"".join(x.text.split()) for x in body[j + 1 :]}:
                j += 1  # a section name listed in the contents
                continue
            entry = _TOC_PAGE.sub("", t).strip()
            squeezed = "".join(entry.split())
            recurs = any(squeezed and squeezed in "".join(x.text.split()) for x in body[j + 1 :])
            if len(t) <= 80 and not any(c in t for c in "。！？") and (recurs or _TOC_PAGE.search(t)):
                j += 1
                continue
            break
        return body[:k] + body[j:]
    return body


_SYMBOLS = "★☆■□◆◇●○▲△▶►◀◄◎※"
_BARE_SECTION = re.compile(
    rf"^[{_SYMBOLS}]*\s*((?:工作|基层|部门|县区|县市区|市县|乡镇|各地|典型|经验|信息|要闻|热点|亮点|政策|"
    r"改革|项目|园区|一线)?(?:动态|简讯|推介|交流|经验|信息|快讯|要闻|聚焦|亮点|做法|速递|集锦|短波|传真|直通车|观察|综述))"
    rf"\s*[{_SYMBOLS}]*$"
)


def _section_name(t: str) -> str:
    m = SECTION_LINE.match(t)
    if m:
        return m.group(1).strip()
    m = _BARE_SECTION.match(t)
    if m:
        return m.group(1)
    m = _CN_SECTION.match(t)
    return m.group(2) if m else t
