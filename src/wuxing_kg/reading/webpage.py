"""Web-page furniture in text copied from government sites (and in HTML text).

A page saved as text keeps the site's top bar (关怀版 | 无障碍 | 长者模式 | 繁體),
the breadcrumb (您当前的位置：首页 > …), page tools (字体：大 中 小, 打印本页, 分享到),
neighbour links (上一篇/下一篇, 相关链接) and the footer (主办单位 … 承办单位, 版权所有,
ICP备, 网站标识码, 技术支持, 联系我们). None of it is the article: left in, it becomes
titles, leads and entities. The page's own metadata lines (发布日期/时间, 来源, 作者/编辑)
are read into ``PageMeta``; they stay in the text, where the layout treats them as
noise (never a title or article text), since the office named in 来源 is a mention.

Every pattern is general (words every CMS uses), never a site's name. The whole
line must be furniture: a sentence that merely mentions 无障碍 or 版权 stays.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .mapped import MappedText

# A line longer than this, or with a sentence end, is prose, never furniture.
MAX_FURNITURE_LINE = 160
_SENTENCE_END = re.compile(r"[。！？；]")

# Top-bar and page-tool words. A line made only of these (and separators) is a bar.
_TOOL_WORDS = (
    "关怀版", "关怀模式", "无障碍", "无障碍浏览", "长者模式", "适老化", "老年模式", "繁體", "繁体", "简体",
    "繁体版", "简体版", "设为首页", "加入收藏", "收藏本站", "收藏本页", "打印本页", "打印", "关闭窗口",
    "关闭本页", "关闭", "返回顶部", "返回首页", "返回", "分享到", "分享", "收藏", "手机版", "移动版",
    "网站地图", "English", "登录", "注册", "个人中心", "智能问答", "站内搜索", "搜索", "微信", "微博",
    "QQ空间", "扫一扫", "保存本页", "纠错", "我要纠错", "字体", "字号", "大", "中", "小", "默认",
)  # fmt: skip
_TOOL = re.compile(
    "|".join(sorted(map(re.escape, _TOOL_WORDS), key=len, reverse=True))
)
_SEPARATORS = re.compile(r"[\s|｜丨·•/【】\[\]（）()：:、,，>＞»›<＜«‹-]+")

# 您当前的位置：首页 > … / 当前位置: 正文 > … / 首页 > …; a bare 位置：城东 (a project's
# site) is not one: a breadcrumb names 首页 or has a > trail.
_BREADCRUMB = re.compile(
    r"^(?:[您你]?(?:当前|现在)?的?(?:所在)?位置\s*[：:>＞»›]\s*.*?(?:首页|[>＞»›])|首页\s*[>＞»›/])"
)
_NEIGHBOURS = re.compile(r"^(?:上一篇|下一篇|上一条|下一条|上一页|下一页)\s*[：:]?")
_RELATED_HEAD = re.compile(
    r"^[【\[]?\s*(?:相关(?:链接|阅读|新闻|文章|信息|附件|稿件|文件)|推荐阅读|延伸阅读|热点新闻|友情链接)\s*[】\]]?\s*[：:]?\s*$"
)
_FOOTER = re.compile(
    r"(?:版权所有|ICP\s*备|ICP\s*证|网站标识码|公网安备|技术支持\s*[：:]|联系我们|"
    r"Copyright|©|\(c\)\s*[0-9]{4}|承办单位\s*[：:]|运维单位\s*[：:]|维护单位\s*[：:]|建议使用.{0,20}浏览器|"
    r"主办单位\s*[：:].{0,60}(?:承办|协办|运维|维护|网站|电话|地址|邮编))",
    re.IGNORECASE,
)

# Metadata labels of an article page; the value runs to the next label.
_LABELS = {
    "date": r"(?:发布|发表|更新|成文|印发)?(?:日期|时间)",
    "source": r"(?:信息|文章|稿件|新闻)?来源",
    "author": r"作者|撰稿|撰稿人|记者|通讯员|责任编辑|编辑|责编|审核|供稿",
    "counter": r"浏览次数|浏览量|阅读次数|阅读量|点击数|点击量|点击率|访问量|浏览|阅读|点击",
}
_ANY_LABEL = "|".join(f"(?P<{k}>{v})" for k, v in _LABELS.items())
_FIELD = re.compile(rf"[【\[（(]?\s*(?:{_ANY_LABEL})\s*[：:]\s*")
# the whole line is fields: it starts with a label (maybe after a dateline date); a
# parenthesised （供稿：…）/（编辑：…） is the article's own attribution and is left to the layout
_META_START = re.compile(
    rf"^(?:(?:19|20)[0-9]{{2}}[-./年][0-9]{{1,2}}[-./月][0-9]{{1,2}}日?(?:\s+[0-9:：]+)?\s*)?[【\[]?\s*(?:{_ANY_LABEL})\s*[：:]"
)
_DATE = re.compile(r"((?:19|20)[0-9]{2})\s*[-./年]\s*([01]?[0-9])\s*[-./月]\s*([0-3]?[0-9])")
_VALUE_END = re.compile(r"[\s|｜丨]{1,}|[】\]）)]")


@dataclass
class PageMeta:
    """What the page says about itself (any part may be missing)."""

    date: date | None = None
    source: str | None = None  # the outlet / office that published it (来源)
    author: str | None = None  # 作者/记者/编辑, as written

    def merge(self, other: PageMeta) -> None:
        self.date = self.date or other.date
        self.source = self.source or other.source
        self.author = self.author or other.author


def _date_in(s: str) -> date | None:
    m = _DATE.search(s)
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def meta_of_line(line: str) -> PageMeta | None:
    """The fields of a page-metadata line (发布日期：… 来源：… 作者：…), or None when the
    line is not one."""
    t = line.strip()
    if len(t) > MAX_FURNITURE_LINE or _SENTENCE_END.search(t) or not _META_START.match(t):
        return None
    meta = PageMeta()
    matches = list(_FIELD.finditer(t))
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(t)
        raw = t[m.end() : end].strip()
        value = _VALUE_END.split(raw, maxsplit=1)[0].strip() if raw else ""
        kind = m.lastgroup
        if kind == "date":
            meta.date = meta.date or _date_in(raw)
        elif kind == "source" and value and not _DATE.match(value):
            meta.source = meta.source or value
        elif kind == "author" and value:
            meta.author = meta.author or value
    # a date with no label of its own: a dateline (2016-10-12 来源：…) or after the source
    meta.date = meta.date or _date_in(t)
    return meta


def is_meta_line(line: str) -> bool:
    """A whole line of page metadata with two fields or more (时间：… 信息来源：… 阅读次数：…):
    never prose, so never part of an article. One field alone (时间：上午9时 in a
    notice) may be the article's own."""
    return meta_of_line(line) is not None and len(_FIELD.findall(line)) >= 2


def is_furniture(line: str) -> bool:
    """A whole line of site furniture (bar, breadcrumb, tools, neighbours, footer)."""
    t = line.strip()
    if not t or len(t) > MAX_FURNITURE_LINE:
        return False
    if _BREADCRUMB.match(t) or _NEIGHBOURS.match(t) or _RELATED_HEAD.match(t):
        return True
    if _SENTENCE_END.search(t):
        return False
    if _FOOTER.search(t):
        return True
    tools = _TOOL.findall(t)
    rest = _SEPARATORS.sub("", _TOOL.sub("", t))
    if tools and not rest and any(len(w) > 1 for w in tools):
        return True  # only tool words (a lone 大/中 is not enough)
    # a top bar that also names the site: …门户网站 | 某省人民政府 | 无障碍 | 长者模式
    bar_parts = [p for p in re.split(r"\s*[|｜丨]\s*", t) if p]
    named_tools = [w for w in tools if len(w) > 1]
    return len(named_tools) >= 2 and len(bar_parts) >= 3


_LINE = re.compile(r"[^\n]+")
_LINK_LINE_MAX = 40  # a related-links entry: a short title, no sentence end


def strip_furniture(mt: MappedText) -> tuple[MappedText, PageMeta]:
    """Delete furniture lines (offsets stay exact: deletions only) and collect the
    fields of page-metadata lines. After a 相关链接 heading its short link lines go too."""
    meta = PageMeta()
    edits: list[tuple[int, int, str]] = []
    in_links = False
    for m in _LINE.finditer(mt.text):
        line = m.group(0)
        t = line.strip()
        if not t:
            continue
        # Metadata lines stay in the text (the layout keeps them out of articles as
        # noise, and the office named in 来源 is a real mention, counted in the gold);
        # their fields are read here.
        found = meta_of_line(t)
        drop = found is None and is_furniture(t)
        if found is not None:
            meta.merge(found)
        if _RELATED_HEAD.match(t):
            in_links = True
        elif in_links and not drop:
            if len(t) <= _LINK_LINE_MAX and not _SENTENCE_END.search(t):
                drop = True
            else:
                in_links = False
        if drop:
            end = m.end() + 1 if m.end() < len(mt.text) else m.end()  # with its line break
            edits.append((m.start(), end, ""))
    return (mt.apply(edits) if edits else mt), meta
