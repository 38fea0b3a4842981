"""The date a text gives itself when the reader found no header date: the date that resolves
今年, 上半年, 目前 … in its metric periods (FORMAT.md "Judgement calls", metric period).

Used by ``extract.bulletin_date`` after the header date and ``--date``. Order, as the realset
conventions say: a notice's 发文日期/成文日期 or a report's delivery line (——2022年1月27日在…
会议上) first, then a page's own date line (发布时间/发表于/日期 …, 2022-12-08发布, a
day.month.year line), then a full date in the address (read by the reader), then a CMS
timestamp longer than the reader takes (/2013042419393538769.htm). A month folder alone
(/202204/) names no day: it never becomes the page date, but it still tells the year and
month that 今年 and 目前 speak of (``period_date``).
"""

from __future__ import annotations

import re
from datetime import date

_Y = r"((?:19|20)\d{2})"
_DAY = r"((?:19|20)\d{2})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})\s*日?"

# A signed or delivered date: the document's own (发文日期：2022年02月10日; ——2022年1月27日在…).
_OWN_DATE = (
    re.compile(rf"(?:发文日期|成文日期|印发日期|签发日期)\s*[:：]?\s*{_DAY}"),
    re.compile(rf"[—－-]{{1,2}}\s*{_Y}年(\d{{1,2}})月(\d{{1,2}})日\s*在"),
    re.compile(rf"^[（(]\s*{_Y}年(\d{{1,2}})月(\d{{1,2}})日\s*[）)]\s*$", re.M),
)
# The page's own furniture line (发布时间：2024-01-12 17:06; 发表于 2025-11-11; 2022-12-08发布).
_PAGE_DATE = (
    re.compile(rf"(?:发布时间|發布時間|发布日期|發布日期|发表于|發表於|发表时间|更新时间|日期|时间)\s*[:：]?\s*{_DAY}"),
    re.compile(rf"{_DAY}\s*发布"),
)
_DMY_LINE = re.compile(r"^\s*(\d{2})\.(\d{2})\.((?:19|20)\d{2})(?:\s+\d{1,2}:\d{2})?\s*$", re.M)
_LONG_STAMP = re.compile(r"[/_]((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])\d{6,}(?:[/_.]|$)")
_MONTH_FOLDER = re.compile(r"/((?:19|20)\d{2})(0[1-9]|1[0-2])/")

_HEAD = 3000  # dates of a page stand near its top


def _first(patterns: tuple[re.Pattern[str], ...], text: str, order: tuple[int, int, int] = (1, 2, 3)) -> date | None:
    for rx in patterns:
        for m in rx.finditer(text):
            try:
                return date(int(m.group(order[0])), int(m.group(order[1])), int(m.group(order[2])))
            except ValueError:
                continue
    return None


def own_date(text: str) -> date | None:
    """The date a notice was signed or a report delivered, if the text states one."""
    return _first(_OWN_DATE, text[:_HEAD])


def page_line_date(text: str) -> date | None:
    """The date in the page's own date line (发布时间 …, a day.month.year line)."""
    head = text[:_HEAD]
    return _first(_PAGE_DATE, head) or _first((_DMY_LINE,), head, order=(3, 2, 1))


def stamp_date(url: str | None) -> date | None:
    """A CMS timestamp file name (/2013042419393538769.htm): its first eight digits."""
    return _first((_LONG_STAMP,), url) if url else None


def period_date(url: str | None) -> date | None:
    """The last day of the month a month folder names (/202204/ → 2022-04-30), for periods only."""
    m = _MONTH_FOLDER.search(url or "")
    if m is None:
        return None
    year, month = int(m.group(1)), int(m.group(2))
    following = date(year + (month == 12), month % 12 + 1, 1)
    return date.fromordinal(following.toordinal() - 1)
