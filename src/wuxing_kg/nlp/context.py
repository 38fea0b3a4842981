"""What an article's pipeline run knows about its surroundings.

Set on ``doc.user_data["wx"]`` before the pipeline runs, so every component can
resolve 市/县/省委, relative periods (今年上半年) and default metric subjects.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass
class ArticleContext:
    bulletin_date: date | None  # resolves 今年, 上半年, 目前 …; None when unknown
    province: str | None = None  # canonical: 江西省
    province_code: str | None = None
    city: str | None = None  # canonical prefecture-level city the bulletin is about: 绵阳市
    city_code: str | None = None
    county: str | None = None  # the county/district the article is about (江油市), if any
    county_code: str | None = None
    article_index: int = 0
    article_title: str = ""
    section: str | None = None
    lead: str | None = None  # canonical org or place the article is about (市教育局 → 绵阳市教育局)
    issuer: str | None = None  # canonical issuer of the bulletin
    body_offset: int = 0  # offset of doc.text[0] in Bulletin.text
    # The township or village an article is about when its title or lead opens with a chain of
    # places ending below the county (某县某镇某村…): the default subject of its figures.
    focus: str | None = None
    focus_chain: tuple[str, ...] = ()  # the places named above it in that chain (某省, 某县)
