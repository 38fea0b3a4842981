"""People named after a chain of posts (省委副书记、市委书记X; 市长X), and X副市长.

A post is written as an organisation (or an administrative prefix) followed by a
title from `patterns/posts.txt`; a chain joins posts with 、. The name after the
chain must start with a surname from `patterns/surnames.txt` and is 2–3 characters.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from .resources import load_lines

CJK = re.compile(r"[\u4e00-\u9fff]")


@lru_cache(maxsize=1)
def _titles() -> tuple[str, ...]:
    return tuple(sorted(load_lines("posts.txt"), key=len, reverse=True))


@lru_cache(maxsize=1)
def _surnames() -> tuple[frozenset[str], frozenset[str]]:
    single, compound = set(), set()
    for line in load_lines("surnames.txt"):
        for s in line.split():
            (single if len(s) == 1 else compound).add(s)
    return frozenset(single), frozenset(compound)


# A character right after a 2-character name that cannot be its third character:
# the name ended (李四在…, 王五强调…, 张三、…).
_AFTER_NAME = set("在是到对和与及、，,。；：:（(等同主出调强指要讲表说作带深亲率一也还就为参听走来于赴前到现会先同志代")
_POST_PREFIX = re.compile(r"(?:[省市县区州镇乡]委?|[省市县区]政府|中共[\u4e00-\u9fff]{1,8}?委)$")


def _post_start(text: str, title_start: int, org_spans: list[tuple[int, int]]) -> int:
    """Where a post written before `title_start` begins (its organisation or prefix)."""
    for s, e in org_spans:
        if e == title_start:
            return s
    m = _POST_PREFIX.search(text[max(0, title_start - 12) : title_start])
    if m:
        return title_start - (len(m.group(0)))
    return title_start


def _name_at(text: str, pos: int) -> str | None:
    single, compound = _surnames()
    two = text[pos : pos + 2]
    if two in compound:
        name = text[pos : pos + 3] if len(text) > pos + 3 and CJK.match(text[pos + 2]) and text[pos + 3] in _AFTER_NAME else two + text[pos + 2 : pos + 3]
        return name if len(name) >= 3 and all(CJK.match(c) for c in name) else None
    if text[pos : pos + 1] not in single:
        return None
    cand3 = text[pos : pos + 3]
    if len(cand3) < 2 or not all(CJK.match(c) for c in cand3[:2]):
        return None
    if len(cand3) == 3 and CJK.match(cand3[2]) and cand3[2] not in _AFTER_NAME:
        after = text[pos + 3 : pos + 4]
        if not after or not CJK.match(after) or after in _AFTER_NAME or True:
            return cand3
    return cand3[:2]


def find_people(text: str, org_spans: list[tuple[int, int]]) -> list[dict[str, Any]]:
    titles = _titles()
    first_chars = {t[0] for t in titles}
    out: list[dict[str, Any]] = []
    i = 0
    n = len(text)
    while i < n:
        title = next((t for t in titles if text.startswith(t, i)), None) if text[i] in first_chars else None
        if title is None:
            i += 1
            continue
        # Collect the chain: post (、 post)* then the name.
        posts: list[tuple[int, int]] = [(_post_start(text, i, org_spans), i + len(title))]
        j = i + len(title)
        while j < n and text[j] == "、":
            k = j + 1
            # The next post: an org/prefix then a title within 20 characters.
            nxt = None
            for m in range(k, min(n, k + 24)):
                t2 = next((t for t in titles if text.startswith(t, m)), None) if text[m] in first_chars else None
                if t2:
                    nxt = (k, m + len(t2))
                    break
                if not CJK.match(text[m]) and text[m] not in "“”":
                    break
            if not nxt:
                break
            posts.append(nxt)
            j = nxt[1]
        name = _name_at(text, j)
        if name and not any(text.startswith(t, j) for t in titles):
            out.append(
                {
                    "start": j,
                    "end": j + len(name),
                    "name": name,
                    "posts": [text[s:e] for s, e in posts],
                    "post_spans": posts,
                }
            )
            i = j + len(name)
        else:
            i = j if j > i else i + 1
    return out


def people_component(doc):  # type: ignore[no-untyped-def]
    """spaCy component: doc.spans["wx_person"] (_.wx: name, posts) and doc.spans["wx_post"]."""
    from .pipeline import add_span

    orgs = [(s.start_char, s.end_char) for s in doc.spans.get("wx_org", [])]
    orgs += [(s.start_char, s.end_char) for s in doc.spans.get("wx_place", [])]
    doc.spans["wx_person"] = []
    doc.spans["wx_post"] = []
    text = doc.text
    for p in find_people(text, orgs):
        add_span(doc, "wx_person", p["start"], p["end"], "person", {"name": p["name"], "posts": p["posts"]})
        for s, e in p["post_spans"]:
            add_span(doc, "wx_post", s, e, "post", {"text": text[s:e], "holder": p["name"]})
    return doc
