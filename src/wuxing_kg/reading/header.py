"""The masthead and footer of a work bulletin, and the small parsers they need.

Header: series title (maybe over two lines), 第 N 期, issuer, date — in any order
that real bulletins use, with the issuer and date often on one padded line. Footer:
colophon (…编), 电话, 电子邮箱, 抄送/报送, print date. Also the metadata lines of web
copies (breadcrumbs, 发布时间, page tools) that are neither header nor body.
Works on the cleaned text, one paragraph per line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .webpage import is_furniture, is_meta_line

# --------------------------------------------------------------------------- lines


@dataclass(frozen=True)
class Line:
    start: int
    end: int
    text: str


# Lines that carry no content for the layout: classification marks above the
# masthead, web-page furniture, separator rules.
_NOISE = re.compile(
    r"^[（(【\[]?(?:内部资料|内部刊物|注意保存|秘密|机密|绝密|供领导参阅|仅供参考|特急|加急|急件)"
    r"(?:[，,、\s]*(?:内部资料|注意保存|妥善保管|请勿外传))*[）)】\]]?$"
)
TIME_OF_DAY = re.compile(r"\s*[0-9]{1,2}[:：][0-9]{2}(?:[:：][0-9]{2})?")
WEB_META = re.compile(
    r"^(?:【?字体|【?字号|打印本页|关闭窗口|分享到|浏览次数|点击数|阅读次数|扫一扫|手机版|"
    r"(?:信息|文章)?来源[：:].{0,40}(?:发布|时间|日期)|发布(?:时间|日期)[：:]|发布者[：:]|"
    # a news page's dateline: 2024-04-22 14:30  XX市人民政府网 / 2016年10月12日 来源：… /
    # 2016-10-12 XX日报 (a bare date line is not furniture: it may be a masthead's date)
    r"(?:19|20)[0-9]{2}\s*(?:年|[-./])\s*[01]?[0-9]\s*(?:月|[-./])\s*[0-3]?[0-9]\s*日?\s*(?:"
    r"[0-9]{1,2}[:：][0-9]{2}(?:[:：][0-9]{2})?(?:\s*[^，。；！？,;0-9]{0,30})?$|"
    r"[|｜丨]?\s*(?:来源|作者|编辑|责任编辑|发布|浏览|点击)[^。！？]{0,60}$|"
    r"[|｜丨]?\s*[^，。；！？,;0-9\s]{2,20}(?:网|网站|客户端|融媒体中心|日报|晚报|新闻)$)|"
    # a by-line that also carries the date: 作者：张三 发布时间：… / 来源：某县人民政府 2016-10-12
    r"(?:作者|撰稿|记者|通讯员|责任编辑|(?:信息|文章)?来源)[：:][^。！？]{0,40}(?:19|20)[0-9]{2}\s*(?:年|[-./])\s*[01]?[0-9]\s*(?:月|[-./])\s*[0-3]?[0-9])"
)
# A by-line (作者：… 来源：…) at the top of a web copy; short, never a sentence.
_BYLINE = re.compile(r"^(?:作者|撰稿|记者|通讯员|责任编辑|(?:信息|文章)?来源)[：:][^。！？]{0,60}$")
_HAS_CONTENT = re.compile(r"[0-9A-Za-z\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def is_noise(t: str) -> bool:
    return (
        not _HAS_CONTENT.search(t)
        or bool(_NOISE.match(t))
        or bool(WEB_META.match(t))
        or bool(_BYLINE.match(t))
        or is_meta_line(t)
        # breadcrumbs, page tools, footers: one set of furniture rules for the whole reader
        or is_furniture(t)
    )


def lines_of(text: str) -> list[Line]:
    """Non-empty lines (paragraphs) with their spans."""
    out: list[Line] = []
    pos = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            out.append(Line(pos + lead, pos + lead + len(stripped), stripped))
        pos += len(raw) + 1
    return out


# --------------------------------------------------------------------------- header

CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "O": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
             "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}  # fmt: skip

_CN_NUM = "〇零○一二两三四五六七八九十百"
_ISSUE = re.compile(rf"(?<!总)第\s*([0-9]{{1,4}}|[{_CN_NUM}]{{1,6}})\s*期")
_ANY_ISSUE = re.compile(rf"第\s*([0-9]{{1,5}}|[{_CN_NUM}]{{1,8}})\s*期")
_TOTAL_ISSUE = re.compile(rf"^[（(]?\s*总第\s*(?:[0-9]{{1,5}}|[{_CN_NUM}]{{1,8}})\s*期\s*[）)]?$")
_DATE_ARABIC = re.compile(
    r"(?<![0-9])((?:19|20)[0-9]{2})\s*(?:年|[-./])\s*([01]?[0-9])\s*(?:月|[-./])\s*([0-3]?[0-9])(?![0-9])\s*日?"
)
_DATE_CHINESE = re.compile(r"([〇零○Ｏ一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日")
_SERIES_WORD = re.compile(r"(简报|快报|专报|通讯|动态|要情|周报|月报|参阅|情况|信息|简讯|通报)$")
_STRONG_SERIES_WORD = re.compile(r"(简报|快报|专报|通讯|要情|周报|月报|参阅)$")
_ORG_END = re.compile(
    r"(办公室|办|委员会|联合会|协会|商会|委|政府|局|厅|部|中心|小组|指挥部|处|署|院|室|公司|集团)$"
)
# Below the date only an unmistakable office closes the masthead (a headline such as
# …成立便民服务中心 must stay in the body).
_STRONG_ORG_END = re.compile(r"(办公室|委员会|领导小组|指挥部|人民政府|政府办|[^理]办)$")
_ISSUER_LABEL = re.compile(r"^(?:主办|编发|编印|主编|编辑|印发|发布)(?:单位)?[：:]\s*")
_COLOPHON = re.compile(r"^(.{2,40}?)(?:编印|编发|编辑|印发|主办|供稿|编)$")
SECTION_LINE = re.compile(r"^[【\[〖［]([^】\]〗］]{1,20})[】\]〗］]$")
_FOOTER = re.compile(
    r"^(?:(?:联系)?电话|电子邮箱|邮箱|E-?mail|传真|地址|邮编|抄送|报送|发送|分送|主送|报[：:]|送[：:]|"
    r"签发|责任编辑|编辑[：:]|审核|审稿|校对|联系人|共印|印数|[（(]共印|[—\-=_*─━]{3,}$)",
    re.IGNORECASE,
)
_SENTENCE_END = "。！？；!?;"
HEADER_SCAN = 12


def cn_small_number(s: str) -> int | None:
    """一 → 1, 十二 → 12, 五十一 → 51, 一〇五 → 105 (the numbers of issues and dates)."""
    if s.isdigit():
        return int(s)
    if not s:
        return None
    if "百" in s or "十" in s:
        total, cur = 0, 0
        for ch in s:
            if ch == "百":
                total += (cur or 1) * 100
                cur = 0
            elif ch == "十":
                total += (cur or 1) * 10
                cur = 0
            elif ch in CN_DIGITS:
                cur = CN_DIGITS[ch]
            else:
                return None
        return total + cur
    digits = [CN_DIGITS.get(ch) for ch in s]
    if any(d is None for d in digits):
        return None
    return int("".join(str(d) for d in digits))


def parse_date(s: str) -> tuple[date, int, int] | None:
    """First date in s: (date, start, end). 2019年8月16日, 2019-08-16, 2019.8.16, 二〇一九年八月十六日."""
    for rx, arabic in ((_DATE_ARABIC, True), (_DATE_CHINESE, False)):
        m = rx.search(s)
        if not m:
            continue
        try:
            if arabic:
                y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
            else:
                y = cn_small_number(m.group(1)) or 0
                mo = cn_small_number(m.group(2)) or 0
                d = cn_small_number(m.group(3)) or 0
            return date(y, mo, d), m.start(), m.end()
        except ValueError:
            continue
    return None


def parse_issue(s: str) -> str | None:
    """第 51 期 → 第51期; the running total (总第120期) only when no issue number is given."""
    m = _ISSUE.search(s) or _ANY_ISSUE.search(s)
    if not m:
        return None
    n = cn_small_number(m.group(1))
    return f"第{n}期" if n is not None else f"第{m.group(1)}期"


def issuer_of(s: str) -> str | None:
    """The organisation of a masthead or colophon line, as written."""
    s = _ISSUER_LABEL.sub("", s).strip()
    if not s or len(s) > 40 or any(c in s for c in "。，！？"):
        return None
    if _ORG_END.search(s):
        return s
    m = _COLOPHON.match(s)  # …办公室编 in the masthead
    return m.group(1) if m and _ORG_END.search(m.group(1)) else None


@dataclass
class Header:
    end_line: int = 0  # index of the first body line
    title: str | None = None
    issue: str | None = None
    date: date | None = None
    issuer: str | None = None


_CJK_GAP = re.compile(r"(?<=[\u3400-\u9fff“”《》（）])\s+(?=[\u3400-\u9fff“”《》（）])")


def parse_header(lines: list[Line]) -> Header:
    """Masthead at the top: series title (possibly over two lines), issue, issuer, date."""
    h = Header()
    title_parts: list[str] = []
    last_header = -1
    for idx, line in enumerate(lines[:HEADER_SCAN]):
        t = _CJK_GAP.sub("", line.text)  # 简  报: mastheads are letter-spaced for width
        if SECTION_LINE.match(t) or len(t) > 60 or any(c in t for c in "。！？"):
            break
        found = False
        if _TOTAL_ISSUE.match(t) and h.issue is not None:  # （总第120期） under the issue number
            last_header = idx
            continue
        issue = parse_issue(t)
        if issue and h.issue is None and len(t) <= 40:
            h.issue, found = issue, True
            rest = _ISSUE.sub("", t).strip(" （）()")
            if not title_parts and _SERIES_WORD.search(rest):
                title_parts.append(rest)  # 工作简报（第5期） on one line
        parsed = parse_date(t)
        if parsed and h.date is None:
            d, s, e = parsed
            rest = (t[:s] + t[e:]).strip(" ，,")
            rest = _ISSUE.sub("", rest).strip(" （）()，,")
            rest = TIME_OF_DAY.sub("", rest).strip()  # 2018-06-21 10:35: a web page's timestamp
            if not rest or issuer_of(rest) or re.fullmatch(r"[（(]?总?[）)]?", rest):
                h.date, found = d, True
                if rest and h.issuer is None:
                    h.issuer = issuer_of(rest)
        if found:
            last_header = idx
            continue
        if h.issue is None and h.date is None and not title_parts and _ISSUER_LABEL.match(t) is None:
            if len(t) <= 40 and not issuer_of(t):
                title_parts.append(t)
                continue
        if h.issue is None and h.date is None and title_parts and _SERIES_WORD.search(t) and len(t) <= 20:
            title_parts.append(t)  # 工作简报 on its own line under the series name
            continue
        org = issuer_of(t)
        if h.date is not None and org and not _STRONG_ORG_END.search(org):
            org = None
        if org and h.issuer is None and (title_parts or h.issue or h.date):
            h.issuer = org
            last_header = idx
            continue
        break
    series = "".join(title_parts).strip("《》")
    # 简报/快报 name a series on their own; 动态/情况/信息 also end ordinary headlines,
    # so they make a masthead only together with a date.
    is_bulletin = (
        h.issue is not None
        or bool(_STRONG_SERIES_WORD.search(series))
        or (bool(_SERIES_WORD.search(series)) and h.date is not None)
    )
    if not is_bulletin:
        # No masthead: a date/issuer line alone still counts, but the first lines
        # stay in the body (they are the article's headline).
        if h.date is not None and not title_parts:
            h.end_line = last_header + 1
            return h
        return Header(date=h.date if h.date and last_header == len(title_parts) else None,
                      end_line=0)  # fmt: skip
    h.title = series or None
    h.end_line = max(last_header + 1, len(title_parts))
    return h


_PRINTED = re.compile(r"^(?:印发|印|发|编印|签发)?$")


def footer_start(lines: list[Line], body_from: int) -> tuple[int, str | None, date | None]:
    """Index of the first footer line (colophon …编, 电话, 抄送, 印发 date …), the
    colophon's issuer and the colophon's date."""
    i = len(lines)
    colophon: str | None = None
    printed: date | None = None
    while i > body_from:
        t = lines[i - 1].text
        if _FOOTER.match(t):
            i -= 1
            continue
        m = _COLOPHON.match(t.strip("（）()"))  # （…办公室编） in brackets too
        if m and issuer_of(m.group(1)) and not any(c in t for c in _SENTENCE_END + "，"):
            colophon = issuer_of(m.group(1))
            i -= 1
            continue
        parsed = parse_date(t)
        if parsed and not t[: parsed[1]].strip() and _PRINTED.match(t[parsed[2] :].strip()):
            printed = parsed[0]  # 2022年4月20日印发
            i -= 1
            continue
        if parsed and not t[parsed[2] :].strip() and t[: parsed[1]].strip():
            # …委员会供稿    2016年10月12日 / 某县住房和城乡建设局 2016年10月12日 on one line
            before = t[: parsed[1]].strip().strip("（）()")
            m = _COLOPHON.match(before)
            org = issuer_of(m.group(1)) if m else issuer_of(before)
            if org:
                colophon, printed = org, parsed[0]
                i -= 1
                continue
        if i < len(lines) and issuer_of(t) and len(t) <= 30:
            colophon = colophon or issuer_of(t)  # the issuing office above its print date
            i -= 1
            continue
        break
    return i, colophon, printed


_URL_DATES = (
    re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})[/_-]([01]?[0-9])[/_-]([0-3]?[0-9])(?![0-9])"),
    re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})/(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])(?![0-9])"),  # /2021/0315/
    re.compile(r"[/_]t?((?:19|20)[0-9]{2})([01][0-9])([0-3][0-9])(?:[/_.]|$)"),
    # a CMS's compact timestamp: /2013042419/, /2013042419393538769.htm (yyyymmddhh, then time and serial digits)
    re.compile(r"[/_]t?((?:19|20)[0-9]{2})(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])(?:[01][0-9]|2[0-3])[0-9]{0,13}(?:[/_.]|$)"),
)  # a month folder alone (/202204/) names no day: no date is made up from it


def date_from_url(url: str) -> date | None:
    """Publication date written into a government web address: /art/2019/11/5/,
    /2021/0315/, /t20220715_123.shtml, /20220715/, /2013042419/."""
    for rx in _URL_DATES:
        for m in rx.finditer(url):
            try:
                return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                continue
    return None
