"""Period phrases (今年上半年, 1-7月, 目前, 从2014年开始 …) resolved against the bulletin date.

``find_periods(text, bulletin_date)`` returns every period phrase with its resolved
form, as the gold files write it (bulletin dated 2019-08-16):

    今年以来 / 年初以来        → 2019年以来        从2014年开始 / 2014年以来 → 2014年以来
    今年上半年 / 上半年        → 2019年上半年      一季度 / 第一季度        → 2019年一季度 / 2019年第一季度
    今年1-7月 / 前7个月       → 2019年1-7月       6月份 / 今年9月          → 2019年6月 / 2019年9月
    2018年 / 2018年度          → 2018年            去年 / 上年              → 2018年
    目前 / 截至目前 / 现已     → 截至2019年8月     截至6月底 / 末           → 截至2019年6月底 / 末
    今年底 / 2019年底          → 2019年底          截至去年底               → 截至2018年底
    全年                       → the last year written before it, else the bulletin's year
    年内 / 今年年内            → 2019年
    今年国庆假期 / 春节期间    → 2022年国庆假期 / 2022年春节期间
    “十四五”以来              → 2021年以来        “十三五”期间             → kept as written

Without a bulletin date, absolute phrases (2018年, 2014年以来) are kept and relative
ones resolve to None. Dates of events (7月31日, 2019年8月16日), deadlines (6月底前)
and comparison bases (比去年同期, 与2018年相比) are not periods.

Every phrase carries over to later sentences of the same paragraph (``sticky``), a
"current" one (目前 …) too: FORMAT.md's period convention, where the seed's 八项便利措施
takes 截至2019年8月 from the 目前 of the sentence before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_CN_SMALL = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10,
             "十一": 11, "十二": 12}
_NUM = r"(?:\d{1,2}|十[一二]?|[一二两三四五六七八九])"
_YEAR = r"(?P<yp>今年|本年|去年|上年|前年|明年|(?P<yd>(?:19|20)\d{2})\s*年)"
_DASH = r"\s*[-—–~～至到]\s*"
_END_OF_MONTH = r"(?:\d{1,2}\s*[日号]|底|初|末|中旬|上旬|下旬)"

# Alternatives are tried in this order at each position (longer phrases first).
_PATTERNS: list[tuple[str, str]] = [
    # a full date or day of month is an event date, never a period
    ("date", rf"(?:(?:19|20)\d{{2}}\s*年\s*)?{_NUM}\s*月\s*\d{{1,2}}\s*[日号]"),
    ("span", rf"(?P<y1>(?:19|20)\d{{2}})\s*年\s*(?P<s1>{_NUM})\s*月(?:份)?{_DASH}(?P<y2>(?:19|20)\d{{2}})\s*年\s*(?P<s2>{_NUM})\s*月(?:份)?"),
    ("asof", rf"(?:截至|截止到|截止)\s*(?:{_YEAR}\s*)?(?P<am>{_NUM})\s*月(?:份)?\s*(?P<aend>底|末|(?P<ad>\d{{1,2}})\s*[日号])?"),
    ("asof_year", rf"(?:截至|截止到|截止)\s*{_YEAR}\s*(?:底|末)"),
    ("year_end", rf"{_YEAR}\s*(?:底|末)|(?<![\d今去明本前上])年(?:底|末)(?!以[来來])"),
    ("current", r"(?:截至|截止到|截止)?\s*(?:目前|[当當]前|现阶段|目前为止)|(?<![实发出体表展呈再])[现現]已|至今"),
    ("plan", r"[“\"]?十(?P<plan>[一二三四五六七八九])五[”\"]?(?P<how>期[间間]|以[来來]|时期)"),
    ("holiday", rf"(?:{_YEAR}\s*)?(?P<hd>春节|元旦|五一|劳动节|国庆|中秋|端午|清明)(?P<hs>假期|期[间間]|黄金周|长假|小长假)"),
    ("within_year", r"(?:今年|本年)?(?<![去明前上\d])年内"),
    ("whole_year", r"全年(?!目标|任务|计划(?:[的任务数值]|完成率))"),
    # Traditional forms (以來, 當前, 期間) too: a text that mixes scripts is not converted
    # 过去四年, 过去的五年, 四年来 in a report: the N years up to the report's (last full) year
    ("years_back", r"(?:过去的?|近)(?P<ny>[两二三四五六七八九十])年(?![来來级])|(?<![近多\d一二三四五六七八九十两])(?P<ny2>[两二三四五六七八九十])年[来來](?!看)"),
    ("since", rf"(?:从|自)?\s*{_YEAR}\s*(?:(?P<sm>{_NUM})\s*月(?:份)?)?\s*(?:以[来來]|开始|起)|年初以[来來]"),
    ("year_start", rf"(?:{_YEAR}\s*初|(?<![今去明本前上])年初)(?!以[来來]|至今|开始|起)"),
    ("half", rf"(?:{_YEAR}\s*)?(?P<half>上|下)半年"),
    ("quarter", rf"(?:{_YEAR}\s*)?(?P<q>(?:第)?[一二三四1-4]|前[二三两]|[一1]至[二三2-3]|[一1][-—–~～][三3])\s*季度"),
    ("months", rf"(?:{_YEAR}\s*)?(?P<m1>{_NUM}){_DASH}(?P<m2>{_NUM})\s*月(?:份)?(?!\s*{_END_OF_MONTH})"),
    ("first", rf"(?:{_YEAR}\s*)?前(?P<fm>{_NUM})个?月"),
    ("month", rf"(?:{_YEAR}\s*)?(?P<m>{_NUM})\s*月(?:份)?(?!\s*{_END_OF_MONTH})(?!前)"),
    ("year", rf"{_YEAR}(?:\s*度)?(?![\d\-—–~～])"),
]

# Every character a phrase above can start with (a test checks this against the patterns):
# the lookahead lets the scan skip, in one test, the positions where none of the twenty
# alternatives could start (7x faster over a bulletin), without changing any match.
PERIOD_FIRST_CHARS = r"\s\d“\"截今本去上前明年目当當现現至十春元五劳国中端清全过近两二三四六七八九一从自下第"
_ALTERNATIVES = "|".join(f"(?P<{kind}>{pat.replace('?P<', f'?P<{kind}_')})" for kind, pat in _PATTERNS)
_RE = re.compile(f"(?=[{PERIOD_FIRST_CHARS}])(?:{_ALTERNATIVES})")

# A period right after these words is the base of a comparison, not the metric's period.
_COMPARISON_BEFORE = ("比", "较", "与", "同", "相比", "对比", "高于", "低于", "超过")
_COMPARISON_AFTER = ("同期", "相比", "同比")


@dataclass(frozen=True)
class PeriodMention:
    start: int
    end: int
    text: str
    period: str | None  # resolved; None when it cannot be resolved (relative, no date)
    sticky: bool  # carries over to later sentences of the paragraph


def find_periods(text: str, bulletin_date: date | None) -> list[PeriodMention]:
    """Every period phrase in ``text``, left to right (event dates and comparison bases skipped)."""
    from .numbers import ascii_digits

    out: list[PeriodMention] = []
    original = text
    text = ascii_digits(text)
    for m in _RE.finditer(text):
        kind = m.lastgroup
        if kind is None or kind == "date":
            continue
        g = {k[len(kind) + 1 :]: v for k, v in m.groupdict().items() if v is not None and k.startswith(kind + "_")}
        before = text[max(0, m.start() - 2) : m.start()]
        after = text[m.end() : m.end() + 2]
        if any(before.endswith(w) for w in _COMPARISON_BEFORE) or any(after.startswith(w) for w in _COMPARISON_AFTER):
            continue
        resolved = _resolve(kind, g, m.group(0), bulletin_date)
        if kind == "whole_year":
            years = [p.period[:4] for p in out if p.period and p.period[:4].isdigit()]
            resolved = f"{years[-1]}年" if years else (f"{bulletin_date.year}年" if bulletin_date else None)
        if kind == "year" and resolved is None and not g.get("yp"):
            continue
        start = m.start()
        while start < m.end() and text[start].isspace():
            start += 1
        out.append(PeriodMention(start, m.end(), original[start : m.end()], resolved, True))
    return out


def resolve(phrase: str, bulletin_date: date | None) -> str | None:
    """Resolve one phrase on its own ("今年上半年" → "2019年上半年"); None if none is found."""
    found = find_periods(phrase, bulletin_date)
    return found[0].period if found else None


def _year(g: dict[str, str], today: date | None) -> int | None:
    """The year a phrase speaks of: explicit, relative to the bulletin, or the bulletin's."""
    if g.get("yd"):
        return int(g["yd"])
    offset = {"去年": -1, "上年": -1, "前年": -2, "明年": 1}.get(g.get("yp", ""), 0)
    return None if today is None else today.year + offset


def _month(token: str) -> int | None:
    n = int(token) if token.isdigit() else _CN_SMALL.get(token)
    return n if n is not None and 1 <= n <= 12 else None


def _years_back(n: int, today: date | None) -> str | None:
    """N years up to the last one a report can look back on: a report given in its first
    quarter (January to March) reviews the years before it, a later one its own year too."""
    if today is None or n < 2:
        return None
    end = today.year - 1 if today.month <= 3 else today.year
    return f"{end - n + 1}-{end}年"


def _resolve(kind: str, g: dict[str, str], text: str, today: date | None) -> str | None:
    if kind == "years_back":
        return _years_back(_CN_SMALL.get(g.get("ny") or g.get("ny2") or "", 0), today)
    y = _year(g, today)
    if kind == "current":
        return None if today is None else f"截至{today.year}年{today.month}月"
    if kind == "span":  # 2023年12月至2024年2月: across a year end, kept whole
        a, b = _month(g["s1"]), _month(g["s2"])
        return None if a is None or b is None else f"{g['y1']}年{a}月至{g['y2']}年{b}月"
    if kind == "plan":
        if g.get("how") in ("以来", "以來"):  # “十四五”以来 → 2021年以来 (the k-th plan since the 3rd starts 1966 + 5(k-3))
            return f"{1966 + 5 * (10 + _CN_SMALL[g['plan']] - 3)}年以来"
        return text.strip()
    if kind == "asof":
        m = _month(g["am"])
        if m is None:
            return None
        if not g.get("yp") and not g.get("yd") and today is not None and m > today.month:
            y = today.year - 1  # 截至12月底 in a spring bulletin speaks of last year
        if y is None:
            return None
        end = g["aend"] if g.get("aend") in ("底", "末") else (f"{int(g['ad'])}日" if g.get("ad") else "")
        return f"截至{y}年{m}月{end}"  # 截至11月底 keeps its 底, as written
    if kind == "asof_year":
        return None if y is None else f"截至{y}年底"
    if kind == "year_start":  # 由年初的53.2% → 2019年初
        return None if y is None else f"{y}年初"
    if kind == "year_end":
        return None if y is None else f"{y}年底"
    if y is None:
        return None
    if kind == "since":
        if text.startswith("年初"):
            return f"{y}年以来"
        sm = _month(g["sm"]) if g.get("sm") else None
        return f"{y}年{sm}月以来" if sm else f"{y}年以来"
    if kind == "half":
        return f"{y}年{g['half']}半年"
    if kind == "quarter":
        written_di = g["q"].startswith("第")  # keep the form as written: 一季度 vs 第一季度
        q = g["q"].replace("第", "")
        names = {"1": "一", "2": "二", "3": "三", "4": "四", "两": "二"}
        if q.startswith("前"):
            return f"{y}年前{names.get(q[1], q[1])}季度"
        if len(q) == 3:  # 一至三 / 1-3
            return f"{y}年前{names.get(q[2], q[2])}季度"
        return f"{y}年{'第' if written_di else ''}{names.get(q, q)}季度"
    if kind == "months":
        a, b = _month(g["m1"]), _month(g["m2"])
        if a is None or b is None or a >= b:
            return None
        return f"{y}年{a}-{b}月"
    if kind == "first":  # 今年前5个月 → 2019年1-5月
        n = _month(g["fm"])
        return None if n is None or n < 2 else f"{y}年1-{n}月"
    if kind == "month":
        m = _month(g["m"])
        if m is None:
            return None
        if not g.get("yp") and not g.get("yd") and today is not None and m - today.month > 6:
            y -= 1  # 12月 in a January bulletin is last December
        return f"{y}年{m}月"
    if kind in ("year", "within_year"):  # 计划于年内再推动15个 → the bulletin's year
        return f"{y}年"
    if kind == "holiday":  # 今年国庆假期 → 2022年国庆假期
        return f"{y}年{g['hd']}{g['hs']}"
    return None  # pragma: no cover
