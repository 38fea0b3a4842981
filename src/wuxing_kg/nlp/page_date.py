"""The month a page's address names, for metric periods only.

The page's own date (发文日期, a report's delivery line, 发布时间 lines, dates in the URL) is
read by the reader (``reading/byline.py``, ``reading/header.py``) into ``Bulletin.date`` /
``url_date``. A month folder alone (/202204/) names no day, so it never becomes the page
date, but it still tells the year and month that 今年 and 目前 speak of (``period_date``).
"""

from __future__ import annotations

import re
from datetime import date

_MONTH_FOLDER = re.compile(r"/((?:19|20)\d{2})(0[1-9]|1[0-2])/")


def period_date(url: str | None) -> date | None:
    """The last day of the month a month folder names (/202204/ → 2022-04-30), for periods only."""
    m = _MONTH_FOLDER.search(url or "")
    if m is None:
        return None
    year, month = int(m.group(1)), int(m.group(2))
    following = date(year + (month == 12), month % 12 + 1, 1)
    return date.fromordinal(following.toordinal() - 1)
