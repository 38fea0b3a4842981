"""The main article of a web page, found by its content (a readability-style scorer).

Government CMS templates often name their blocks with words that say nothing (c1,
w1200, list-a), so class names cannot tell the article from the site's top bar, the
navigation, hot-news and related-links columns and the footer. The content can: the
article is prose — long paragraphs full of ，and 。 — and has few links, while the bars
and link columns are short link texts. As in Arc90's Readability:

1. every paragraph-like element (its own text ≥ MIN_PARAGRAPH characters) scores
   1 + its commas and stops + one point per 100 characters (at most 3), added to its
   parent and, halved, to its grandparent;
2. a candidate's score is multiplied by (1 − its link density); the best one wins;
3. the winner grows to its parent while what the parent adds is not link-heavy (the
   headline and the 发布时间/来源 line sit next to the body; a link column does not);
4. inside it, blocks that are mostly links (a related-links list) are removed.

A page without such prose (a bare list, a one-line page) has no main article: the
caller keeps the whole page then.
"""

from __future__ import annotations

import re

MIN_PARAGRAPH = 25
MIN_ARTICLE_SCORE = 5.0  # one paragraph of prose: a short news item is a whole article
MAX_EXTRA_LINK_DENSITY = 0.35
LINK_BLOCK_DENSITY = 0.6
_PUNCT = re.compile(r"[，。；！？,;]")
_PARAGRAPH_TAGS = ("p", "td", "pre", "div", "li", "section", "article", "font", "span")
_BLOCKS = ("ul", "ol", "div", "table", "section", "dl", "p")


def _own_text(tag) -> str:  # type: ignore[no-untyped-def]
    """Text directly inside the tag or its inline children (not in nested blocks)."""
    from bs4 import NavigableString

    parts: list[str] = []
    for child in tag.children:
        if isinstance(child, NavigableString):
            parts.append(str(child))
        elif child.name in ("a", "b", "strong", "em", "i", "span", "font", "u", "sup", "sub", "br"):
            parts.append(child.get_text())
    return "".join("".join(parts).split())


def _text_len(tag) -> int:  # type: ignore[no-untyped-def]
    return len("".join(tag.get_text().split()))


def _link_len(tag) -> int:  # type: ignore[no-untyped-def]
    return sum(len("".join(a.get_text().split())) for a in tag.find_all("a"))


def link_density(tag) -> float:  # type: ignore[no-untyped-def]
    total = _text_len(tag)
    return _link_len(tag) / total if total else 1.0


def _scores(soup) -> dict[int, tuple[float, object]]:  # type: ignore[no-untyped-def]
    scores: dict[int, tuple[float, object]] = {}
    for tag in soup.find_all(_PARAGRAPH_TAGS):
        text = _own_text(tag)
        if len(text) < MIN_PARAGRAPH or not _PUNCT.search(text):
            continue
        points = 1 + len(_PUNCT.findall(text)) + min(len(text) // 100, 3)
        for node, share in ((tag.parent, 1.0), (tag.parent.parent if tag.parent else None, 0.5)):
            if node is None or node.name in (None, "[document]", "html"):
                continue
            old = scores.get(id(node), (0.0, node))[0]
            scores[id(node)] = (old + points * share, node)
    return scores


def main_content(soup):  # type: ignore[no-untyped-def]
    """The element holding the page's article (headline and metadata line included),
    link-heavy blocks inside it removed; None when no block reads as an article."""
    scores = _scores(soup)
    if not scores:
        return None
    best, best_score = None, 0.0
    for score, node in scores.values():
        final = score * (1 - link_density(node))
        if final > best_score:
            best, best_score = node, final
    if best is None or best_score < MIN_ARTICLE_SCORE:
        return None
    root = best
    while root.parent is not None and root.parent.name not in (None, "[document]", "html"):
        parent = root.parent
        extra = _text_len(parent) - _text_len(root)
        extra_links = _link_len(parent) - _link_len(root)
        if extra > 0 and extra_links / extra > MAX_EXTRA_LINK_DENSITY:
            break  # the parent adds a link column or a bar
        root = parent
    for block in root.find_all(_BLOCKS):
        if block.decomposed:
            continue
        if len(block.find_all("a")) >= 2 and link_density(block) > LINK_BLOCK_DENSITY:
            block.decompose()  # a related-links or hot-news list inside the article's block
    return root
