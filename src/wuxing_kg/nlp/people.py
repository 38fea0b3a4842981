"""People named after a chain of posts (省委副书记、市委书记X; 市长X), and X副市长.

A post is written as an organisation (or an administrative prefix) followed by a
title from `patterns/posts.txt`; a chain joins posts with 、. The name after the
chain must start with a surname from `patterns/surnames.txt` and is 2–3 characters.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache
from typing import Any

from spacy.language import Language

from .resources import load_lines
from .spans import char_positions

CJK = re.compile(r"[\u4e00-\u9fff]")


@lru_cache(maxsize=1)
def _titles() -> tuple[str, ...]:
    return tuple(sorted(load_lines("posts.txt"), key=len, reverse=True))


@lru_cache(maxsize=1)
def _surnames() -> tuple[frozenset[str], frozenset[str]]:
    single: set[str] = set()
    compound: set[str] = set()
    for line in load_lines("surnames.txt"):
        for s in line.split():
            (single if len(s) == 1 else compound).add(s)
    return frozenset(single), frozenset(compound)


# Right after a name: one of these characters, or a verb of speech/action, ends it.
_END_CHARS = set("在是到对和与及、，,。；;：:（(等也还就为于赴前同")
_END_VERBS = (
    "强调", "表示", "指出", "主持", "出席", "要求", "讲话", "说", "调研", "深入", "带队", "率队", "参加", "听取",
    "走访", "来到", "先后", "现场", "作出", "亲自", "亲临", "一行", "代表", "会见", "同志", "介绍", "检查", "督导",
    "看望", "慰问", "实地", "前往", "部署", "批示", "提出", "宣布", "致辞", "讲", "作", "带领", "组织", "召集",
    "多次", "专题", "再次", "分别", "陪同", "带头", "认为", "希望", "汇报", "报告", "通报", "也", "还", "就", "对", "在", "和", "与", "及", "等",
    # Verbs of telling that a three-character reading would swallow (李明坦言 → 李明, not 李明坦).
    "坦言", "感慨", "透露", "谈到", "笑着", "告诉", "回忆", "说道", "表态", "直言", "补充",
    # Two-character words that open the clause after a name, whose first character a
    # three-character reading would swallow (李明正在… → 李明; 王红会同…; 张华应邀出席).
    "正在", "会同", "应邀", "会上", "现任", "曾任", "当选", "荣获", "获得", "随后", "一起", "共同",
)


_STRONG_AFTER_NAME = ("强调", "表示", "指出", "主持", "出席", "讲话", "带队", "率队", "调研", "对下步", "介绍说", "说：", "说:")


def _ends_name(text: str, pos: int) -> bool:
    if pos >= len(text) or not CJK.match(text[pos]):
        return True
    return text[pos] in _END_CHARS or text.startswith(_END_VERBS, pos)


_POST_PREFIX = re.compile(
    r"(?:驻村|[省市县区州镇乡旗盟村]委?|[省市县区旗盟]政府|中共[\u4e00-\u9fff]{1,8}?委|村委会|居委会|村民委员会|居民委员会|"
    r"(?:自治区|自治州|自治县|社区|街道|[省市县区镇乡村旗盟])?(?:党工委|党委|党组|党支部|党总支|工委|纪委|监委|政法委|组织部|宣传部|统战部))$"
)


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
    """A 2- or 3-character name (3–4 with a compound surname) at pos, or None."""
    single, compound = _surnames()
    if text[pos : pos + 2] in compound:
        candidates = (4, 3)
    elif text[pos : pos + 1] in single:
        candidates = (3, 2)
    else:
        # Names outside the Han surname list (Mongolian, Tibetan, Dai …: 牧仁, 岩温香): only
        # right after a post and right before a verb of speech/action.
        if text.startswith(_END_VERBS, pos) or text.startswith(_STRONG_AFTER_NAME, pos):
            return None  # 镇长带队调研: a verb, not a name
        for length in (2, 3, 4):
            cand = text[pos : pos + length]
            if (len(cand) == length and all(CJK.match(c) for c in cand) and not _common_word(cand)
                    and text.startswith(_STRONG_AFTER_NAME, pos + length)
                    and not re.search(r"[省市县区镇乡村委局办总副组部厅处的和与及在是对]", cand)):
                return cand
        return None
    short, long_ = candidates[1], candidates[0]
    if not all(CJK.match(c) for c in text[pos : pos + short]):
        return None
    if _ends_name(text, pos + short):
        # 张三主持 → 张三; but 陈国强表示 → 陈国强 (强 is no verb on its own here).
        if not (CJK.match(text[pos + short : pos + short + 1] or " ") and _ends_name(text, pos + long_)
                and text[pos + short] not in _END_CHARS and not text.startswith(_END_VERBS, pos + short)):
            return text[pos : pos + short]
    if not _ends_name(text, pos + long_):
        # Longer names of minority nationalities (乌云其木格): up to 5 characters, when a
        # clear end follows them.
        for length in (long_ + 1, long_ + 2):
            cand = text[pos : pos + length]
            if (len(cand) == length and all(CJK.match(c) for c in cand) and _ends_name(text, pos + length)
                    and not re.search(r"[省市县区镇乡村委局办总副组部厅处的和与及在是对]", cand)
                    and not re.search(r"[兼任担称说带领为被让将把]", cand[long_ - 1 :])):
                return cand
    if len(text) >= pos + long_ and all(CJK.match(c) for c in text[pos : pos + long_]):
        return text[pos : pos + long_]
    return text[pos : pos + short]


@lru_cache(maxsize=1)
def _titles_by_first_char() -> dict[str, tuple[str, ...]]:
    """The post titles per first character, longest first (the order of `_titles`)."""
    out: dict[str, list[str]] = {}
    for t in _titles():
        out.setdefault(t[0], []).append(t)
    return {ch: tuple(ts) for ch, ts in out.items()}


def _title_at(text: str, i: int) -> str | None:
    """The longest post title written at i."""
    return next((t for t in _titles_by_first_char().get(text[i : i + 1], ()) if text.startswith(t, i)), None)


# What may follow a name in a list of names after one post (甲、乙、丙及…; …丙等; …丙同志).
_LIST_ITEM_END = ("、", "，", ",", "。", "；", "及", "和", "与", "等", "同志", "分别", "出席", "参加", "应邀", "陪同")
_NOT_IN_LIST_NAME = re.compile(r"[省市县区镇乡村委局办总副组部厅处的和与及在是对等讯报网会长记员]")


def _list_goes_on(text: str, i: int) -> bool:
    """A 、 at i, or a comma typed for it before the list's last name (…丙,丁及…)."""
    if text[i : i + 1] == "、":
        return True
    if text[i : i + 1] not in ("，", ","):
        return False
    return any(_plain_name(text[i + 1 : i + 1 + k]) and text.startswith(("及", "和", "等"), i + 1 + k) for k in (3, 2))


def _list_name_at(text: str, i: int, minority_ok: bool) -> str | None:
    """A name of a list at i: a surname name (3 or 2 characters), or with minority_ok a
    2–4 character name without the surname table (尕玛才旦) when the list goes on after it."""
    for k in (3, 2):
        cand = text[i : i + k]
        if _plain_name(cand) and (i + k >= len(text) or text.startswith(_LIST_ITEM_END, i + k)):
            return cand
    if minority_ok:
        for k in (4, 3, 2):
            cand = text[i : i + k]
            if (len(cand) == k and all(CJK.match(c) for c in cand) and _list_goes_on(text, i + k)
                    and not _common_word(cand) and not _NOT_IN_LIST_NAME.search(cand)):
                return cand
    return None


def _names_listed_after(text: str, end: int) -> list[tuple[int, str]]:
    """The further names of a 、 list that starts with the name ending at end (副县长甲、乙、丙);
    a comma typed for 、 is followed only when the name after it ends the list (…丙,丁及…)."""
    out: list[tuple[int, str]] = []
    i = end
    while i < len(text) and text[i] in "、，,":
        comma = text[i] != "、"
        name = _list_name_at(text, i + 1, minority_ok=not comma)
        if name is None or _title_at(text, i + 1) is not None:
            break
        if comma and not (out and text.startswith(("及", "和", "等"), i + 1 + len(name))):
            break
        out.append((i + 1, name))
        i = i + 1 + len(name)
    return out


def find_people(text: str, org_spans: list[tuple[int, int]]) -> list[dict[str, Any]]:
    first_chars = _titles_by_first_char()
    out: list[dict[str, Any]] = []
    i = 0
    n = len(text)
    starts = char_positions(text, first_chars.keys())  # where a title can start: the rest step on
    while i < n:
        if text[i] not in first_chars:
            k = bisect_left(starts, i)
            if k == len(starts):
                break
            i = starts[k]
        title = _title_at(text, i) if text[i] in first_chars else None
        if title is not None and any(s < i < e for s, e in org_spans):
            title = None  # 生态环境局长江…: the 局 belongs to an organisation name
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
                t2 = _title_at(text, m)
                if t2:
                    nxt = (k, m + len(t2))
                    break
                if not CJK.match(text[m]) and text[m] not in "“”":
                    break
            if not nxt:
                break
            posts.append(nxt)
            j = nxt[1]
        # A signature line puts spaces between the post and the name (某县人民政府县长 张三).
        gap = re.match(r"[ \u3000]{1,3}", text[j : j + 3])
        if gap:
            k = j + gap.end()
            cand = next((text[k : k + n] for n in (3, 2) if re.match(r"[ \u3000]*(?:\n|$)", text[k + n : k + n + 4])), None)
            if cand and _plain_name(cand):
                j = k
        name = _name_at(text, j)
        if name and re.search(r"[省市县区镇乡村委局办总副组部厅处]", name[1:]):
            name = None  # 区委书记任区总河长: an administrative word, not a given name
        if name and _title_at(text, j + 1) is not None:
            name = None  # 县长任组长: 任 is the verb "serve as", not a surname here
        if name and _title_at(text, j) is None:
            post_texts = [text[s:e] for s, e in posts]
            out.append({"start": j, "end": j + len(name), "name": name, "posts": post_texts, "post_spans": posts})
            i = j + len(name)
            for s, more in _names_listed_after(text, i):
                # 副县长甲、乙、丙: each name of the list holds the post (FORMAT.md people).
                out.append({"start": s, "end": s + len(more), "name": more, "posts": post_texts, "post_spans": []})
                i = s + len(more)
        else:
            i = j if j > i else i + 1
    return out


_NOT_NAME_WORDS = re.compile(r"^(?:常务|执行|代理|挂职|分管|主管|全体|全部|广大|各位|有关|相关|其他|这些|那些|个别|部分|年轻|优秀|基层|一线|党员|干部|老)")
_BEFORE_NAME_OK = re.compile(r"(?:^|[，、。；：:\n（(“]|由|和|与|及|陪同|率|邀请)$")


# Role nouns of ordinary people named in bulletins (返乡创业人员刘红梅创办…, 村民张三说…).
_ROLE_WORDS = ("村民", "农民", "牧民", "渔民", "居民", "群众", "贫困户", "脱贫户", "监测户", "返乡创业人员", "创业人员", "创业者",
               "致富带头人", "种植大户", "养殖大户", "负责人", "理事长", "志愿者", "网格员", "党员", "老党员", "退役军人",
               "大学生村官", "驻村干部", "乡贤", "非遗传承人")
_ROLE_BEFORE = re.compile(f"(?:{'|'.join(_ROLE_WORDS)})$")
# The last characters of the role nouns: elsewhere no role noun ends (most positions).
_ROLE_LAST_CHARS = frozenset(w[-1] for w in _ROLE_WORDS)
_AFTER_ROLE_NAME = ("创办", "种植", "养殖", "家", "通过", "利用", "带领", "告诉", "介绍", "说", "表示", "回乡", "返乡",
                    "成立", "领办", "开办", "是", "在", "，", "。")


_AFTER_ROLE_LAST_CHAR = re.compile("(?<=[" + re.escape("".join(sorted(_ROLE_LAST_CHARS))) + "])")


def _after_role_last_char(text: str) -> list[int]:
    """The positions 1 … len(text) - 1 right after a role noun's last character, in order
    (one regex pass instead of a Python test per character)."""
    return [m.start() for m in _AFTER_ROLE_LAST_CHAR.finditer(text) if 0 < m.start() < len(text)]


def find_people_after_role(text: str) -> list[dict[str, Any]]:
    """返乡创业人员刘红梅创办…: a named private person after a role noun, before a verb."""
    out = []
    single, compound = _surnames()
    for i in _after_role_last_char(text):
        if text[i - 1] not in _ROLE_LAST_CHARS or not CJK.match(text[i]) or not _ROLE_BEFORE.search(text[max(0, i - 8) : i]):
            continue
        for length in (3, 2):
            cand = text[i : i + length]
            if len(cand) < length or not all(CJK.match(c) for c in cand):
                continue
            if not (cand[:1] in single or cand[:2] in compound):
                break
            if text.startswith("是否", i + length) or _common_word(cand):
                break  # 村民担心是否…: a verb of worry, not a name
            if text.startswith(_AFTER_ROLE_NAME, i + length) and not re.search(r"[省市县区镇乡村委局办总副组部厅处的]", cand):
                out.append({"start": i, "end": i + length, "name": cand, "posts": [], "post_spans": []})
                break
    return out


def find_people_post_after(text: str) -> list[dict[str, Any]]:
    """张三副市长在…, 李四同志…: a name with its post after it (needs a boundary before the name)."""
    out = []
    for m in re.finditer(r"(副省长|副市长|副县长|副区长|副州长|同志|总书记)", text):
        for length in (3, 2, 4):
            start = m.start() - length
            if start < 0:
                continue
            cand = text[start : m.start()]
            # 总书记 marks the name before it wherever it stands (落实某某某总书记…讲话精神); a guiding
            # thought named after a leader (某某某新时代…思想) names no person (FORMAT.md people).
            if not (m.group(1) == "总书记" or _BEFORE_NAME_OK.search(text[max(0, start - 4) : start])):
                continue
            single, compound = _surnames()
            surname_ok = cand[:2] in compound if length == 4 else (cand[:1] in single or cand[:2] in compound)
            if (surname_ok and all(CJK.match(c) for c in cand) and not _NOT_NAME_WORDS.match(cand)
                    and not re.search(r"[省市县区镇乡村委局办总副组部厅处和与及在的]", cand)):
                posts = [] if m.group(1) == "同志" else [m.group(1)]
                out.append({"start": start, "end": m.start(), "name": cand, "posts": posts,
                            "post_spans": [(m.start(), m.end())] if posts else []})
                break
    return out


# A quoted speaker: a name right after a closing quote, before a verb of saying
# (“……收入翻了一番。”王五说。).
_QUOTED_SPEAKER = re.compile(r"”([\u4e00-\u9fff]{2,3}?)(?=说|表示|介绍|告诉|笑着说)")
# A leader named between the party committee and the post (省委张三书记, 县委李四副书记).
_ORG_NAME_POST = re.compile(r"(?:省委|市委|州委|县委|区委|旗委)([\u4e00-\u9fff]{2,3}?)(?=副书记|书记)")


def find_people_speakers_and_inner_posts(text: str) -> list[dict[str, Any]]:
    """”王五说 (a quoted speaker, no post) and 省委张三书记 (the post 书记/副书记 after the name)."""
    out: list[dict[str, Any]] = []
    for m in _QUOTED_SPEAKER.finditer(text):
        if _plain_name(m.group(1)):
            out.append({"start": m.start(1), "end": m.end(1), "name": m.group(1), "posts": [], "post_spans": []})
    for m in _ORG_NAME_POST.finditer(text):
        if _plain_name(m.group(1)):
            post = "副书记" if text.startswith("副书记", m.end(1)) else "书记"
            out.append({"start": m.start(1), "end": m.end(1), "name": m.group(1), "posts": [post],
                        "post_spans": [(m.end(1), m.end(1) + len(post))]})
    return out


# Bylines: 记者张三、通讯员李四 王五 (a role, then names joined by 、 or spaces).
_BYLINE_ROLE = re.compile(r"(?:见习记者|特约记者|首席记者|记者|通讯员|责任编辑|责编|编辑|摄影|撰稿|作者|文/图|文|图)[:：/ \u3000]*")
_LIST_SEP = re.compile(r"[、 \u3000]+")
# A closing byline: a paragraph that ends with names in brackets, e.g. （李四 王五）.
_CLOSING_BYLINE = re.compile(r"[（(]([\u4e00-\u9fff]{2,3}(?:[、 \u3000]+[\u4e00-\u9fff]{2,3}){0,5})[）)][ \u3000]*(?=\n|$)")
# A byline bracket right after a sentence end, the outlet optionally first, even when the next
# page text is glued to it: …更美好。（张三） / …增收2000元。（某某日报 李四）.
_SENTENCE_END_BYLINE = re.compile(
    r"(?<=[。！？])[（(](?:[\u4e00-\u9fff]{1,10}(?:日报|晚报|新闻网|网|报|电视台|台|社)[ \u3000]+)?"
    r"([\u4e00-\u9fff]{2,3}(?:[、 \u3000]+[\u4e00-\u9fff]{2,3}){0,5})[）)]"
)
# A photo credit: a name before 摄/摄影 after a sentence end, a space or a reporter role
# (…新建的村道。王五 摄 / 本报记者 赵六 摄 / 村容村貌 钱七 摄影.jpg).
_PHOTO_CREDIT = re.compile(
    r"(?:(?<=[。！？\n）)])|(?<=[ \u3000])|(?<=记者)|(?<=通讯员)|^)([\u4e00-\u9fff]{2,3})[ \u3000]*(?:摄影|摄)(?![\u4e00-\u9fff])"
)


# Where a byline role starts: after a boundary or an outlet's 本报/本台 (□本报记者 张三), or
# anywhere when a colon follows the role ([责任编辑：张三], …来源：某网责编：李四).
_BYLINE_OPEN = re.compile(
    r"(?:(?:^|(?<=[（(\n 、\[【□■]))(?:本报|本台|本网|本刊)?(?:见习记者|特约记者|首席记者|记者|通讯员|报道员|责任编辑|责编|编辑|撰稿|作者)[:： \u3000]*"
    # a media centre's reporter, wherever the outlet's name ends (某某全媒体记者 / 张三)
    r"|(?:全媒体|融媒体|新媒体)(?:记者|通讯员)[:：/ \u3000]*"
    # an outlet glued to the role (新华社记者张三, 某某APP记者 李四)
    r"|(?:(?<=[社报网台端])|(?<=APP))(?:记者|通讯员)[:： \u3000]*"
    r"|(?<=[。！？])(?:本报|本台|本网|本刊)(?:见习记者|特约记者|首席记者|记者|通讯员)[ \u3000]*"
    r"|(?<=[报网台社])讯[ \u3000]*"
    r"|(?:责任编辑|责编|编辑|撰稿|作者)[:：][ \u3000]*)"
)
# An opening byline: names in brackets opening a paragraph or right after a dateline's 电
# (（张三）近日，…; 某社某地12月1日电 （李四）记者…).
_OPENING_BYLINE = re.compile(
    r"(?:^|(?<=\n)|(?<=电)|(?<=讯))[ \u3000]*[（(]([\u4e00-\u9fff]{2,3}(?:[、 \u3000]+[\u4e00-\u9fff]{2,3}){0,5})[）)]"
)


# A web page's publisher line: 张三 发布 / 李四 供稿, opening its line.
_PUBLISHER_LINE = re.compile(r"(?:^|(?<=\n))[ \u3000]*([\u4e00-\u9fff]{2,3})[ \u3000]+(?:发布|供稿|撰稿)(?=[ \u3000\n]|$)")


def _plain_name(cand: str) -> bool:
    """A 2–3 character Han name: known surname, no administrative or function characters."""
    single, compound = _surnames()
    return (2 <= len(cand) <= 4 and all(CJK.match(c) for c in cand)
            and (cand[:1] in single or cand[:2] in compound) and (len(cand) < 4 or cand[:2] in compound)
            and not _NOT_NAME_WORDS.match(cand) and not _common_word(cand)
            and not re.search(r"[省市县区镇乡村委局办总副组部厅处的和与及在是对等讯报网]", cand))


@lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    return frozenset(load_lines("person_not.txt"))


def _common_word(cand: str) -> bool:
    """A common word that starts with a surname character (来电, 高度, 方面): never a name,
    nor its first two characters (高度重视)."""
    words = _common_words()
    return cand in words or cand[:2] in words


# A collective post then a list of names (局领导张三、李四同志分别…; 班子成员王五、赵六等).
_COLLECTIVE_POST = re.compile(r"(?:[局委办厅部]领导|领导班子成员|班子成员|县领导|市领导|区领导|镇领导|乡领导)[:：]?")


def find_people_in_collective_lists(text: str) -> list[dict[str, Any]]:
    """Named people listed after a collective post; the list must end at 同志/等/a verb or punctuation."""
    out: list[dict[str, Any]] = []
    for m in _COLLECTIVE_POST.finditer(text):
        i, items = m.end(), []
        while True:
            name = next((text[i : i + k] for k in (3, 2) if _plain_name(text[i : i + k])
                         and (text[i + k : i + k + 1] in ("、", "，", "。", "")
                              or text.startswith(("同志", "等", "分别", "出席", "参加"), i + k))), None)
            if name is None:
                break
            items.append((i, name))
            i += len(name)
            if text[i : i + 1] != "、":
                break
            i += 1
        if len(items) >= 2 or (items and text.startswith("同志", items[0][0] + len(items[0][1]))):
            out += [{"start": s, "end": s + len(n), "name": n, "posts": [], "post_spans": []} for s, n in items]
    return out


# The protagonist of a feature story: a name that opens three or more paragraphs or sentences
# (e.g. "王小明今年40岁……王小明说……王小明的合作社……"), followed by an end of the name.
# (No comma or 在/是 after it: sentence-opening conjunctions such as 于是， would pass.)
_OPENS_AFTER = ("今年", "的", "说", "告诉", "介绍", "表示", "第一次", "第二次", "第三次", "回忆")


def find_recurring_protagonists(text: str) -> list[dict[str, Any]]:
    """Named people without a post who open at least three sentences or paragraphs."""
    counts: dict[str, list[int]] = {}
    for m in re.finditer(r"(?:^|(?<=[\n。！？!?]))[ \u3000\t]*([\u4e00-\u9fff]{2,3})", text):
        for k in (3, 2):
            cand = text[m.start(1) : m.start(1) + k]
            if len(cand) == k and _plain_name(cand) and text.startswith(_OPENS_AFTER, m.start(1) + k):
                counts.setdefault(cand, []).append(m.start(1))
                break
    return [{"start": starts[0], "end": starts[0] + len(name), "name": name, "posts": [], "post_spans": []}
            for name, starts in counts.items() if len(starts) >= 3]


def _dateline_byline(text: str, m: re.Match[str], items: list[str]) -> bool:
    """Names in brackets right after a dateline's 电/讯 (某某日报讯 (张三 李四 王五)): a byline
    even when a surname is rare (not in the table), if one of the names is a plain one."""
    before = text[max(0, m.start() - 1) : m.start()]
    return (before in ("电", "讯") and any(_plain_name(x) for x in items)
            and not any(_common_word(x) or _NOT_IN_LIST_NAME.search(x) for x in items))


def find_people_bylines(text: str) -> list[dict[str, Any]]:
    """Reporters and authors in bylines: （记者张三、通讯员李四） and a closing （王五 赵六）."""
    out: list[dict[str, Any]] = []
    for m in _BYLINE_OPEN.finditer(text):
        i = m.end()
        # (glued page furniture may follow: 作者：张 三来源：…)
        spaced = re.match(r"([\u4e00-\u9fff])[ \u3000]([\u4e00-\u9fff])(?=[^\u4e00-\u9fff]|$|来源|发布|时间|日期|编辑)",
                          text[i : i + 6])
        if spaced and _plain_name(spaced.group(1) + spaced.group(2)):
            # A two-character name set with a space (作者：张 三).
            out.append({"start": i, "end": i + 3, "name": spaced.group(1) + spaced.group(2), "posts": [], "post_spans": []})
            continue
        while True:
            name = next((text[i : i + k] for k in (3, 2) if _plain_name(text[i : i + k])
                         and (i + k >= len(text) or not CJK.match(text[i + k]) or text.startswith("报道", i + k))),
                        None)  # (记者张三报道)
            if name is None:
                break
            out.append({"start": i, "end": i + len(name), "name": name, "posts": [], "post_spans": []})
            sep = _LIST_SEP.match(text, i + len(name))
            if not sep:
                break
            i = sep.end()
            role = _BYLINE_ROLE.match(text, i)
            if role and role.end() > i:
                i = role.end()
    for m in _PUBLISHER_LINE.finditer(text):
        if _plain_name(m.group(1)):
            out.append({"start": m.start(1), "end": m.end(1), "name": m.group(1), "posts": [], "post_spans": []})
    for m in _PHOTO_CREDIT.finditer(text):
        if _plain_name(m.group(1)):
            out.append({"start": m.start(1), "end": m.end(1), "name": m.group(1), "posts": [], "post_spans": []})
    for m in (list(_CLOSING_BYLINE.finditer(text)) + list(_OPENING_BYLINE.finditer(text))
              + list(_SENTENCE_END_BYLINE.finditer(text))):
        items = [x for x in _LIST_SEP.split(m.group(1)) if x]
        if not all(_plain_name(x) for x in items) and not _dateline_byline(text, m, items):
            continue
        pos = m.start(1)
        for x in items:
            s = text.index(x, pos)
            out.append({"start": s, "end": s + len(x), "name": x, "posts": [], "post_spans": []})
            pos = s + len(x)
    # A role inside a list (、通讯员李四) is matched again on its own: keep one per span.
    seen: set[int] = set()
    kept: list[dict[str, Any]] = []
    for p in out:
        if p["start"] not in seen:
            seen.add(p["start"])
            kept.append(p)
    return kept


# A signature line under a report's title: post chain, spaces, the name (spaces inside a
# two-character name or a post are typesetting: 县 长 张 三), alone on its line or glued to
# the salutation 各位代表 that opens the speech; a minority name may hold a middle dot.
_SIGNATURE = re.compile(
    r"(?:^|(?<=\n))[ \u3000]*(?P<post>[\u4e00-\u9fff](?:[、 \u3000]?[\u4e00-\u9fff]){1,30}?)[ \u3000]+"
    r"(?P<name>[\u4e00-\u9fff]{2,6}·[\u4e00-\u9fff]{2,8}|[\u4e00-\u9fff](?:[ \u3000]?[\u4e00-\u9fff]){1,2})"
    r"[ \u3000]*(?=\n|$|各位代表|同志们)"
)


def find_people_signatures(text: str) -> list[dict[str, Any]]:
    """县委副书记、县长 张三 / 县 长 李 四 on a signature line: the name with its posts."""
    out: list[dict[str, Any]] = []
    titles = _titles()
    for m in _SIGNATURE.finditer(text):
        post = re.sub(r"[ \u3000]", "", m.group("post"))
        name = re.sub(r"[ \u3000]", "", m.group("name"))
        if not post.endswith(titles):
            continue
        if not (_plain_name(name) or ("·" in name and not re.search(r"[省市县区镇乡村委局办]", name))):
            continue
        out.append({"start": m.start("name"), "end": m.end("name"), "name": name,
                    "posts": [p for p in post.split("、") if p], "post_spans": [(m.start("post"), m.end("post"))]})
    return out


def people_component(doc):  # type: ignore[no-untyped-def]
    """spaCy component: doc.spans["wx_person"] (_.wx: name, posts) and doc.spans["wx_post"]."""
    from .spans import add_span, doc_text

    orgs = [(s.start_char, s.end_char) for s in doc.spans.get("wx_org", [])]
    orgs += [(s.start_char, s.end_char) for s in doc.spans.get("wx_place", [])]
    doc.spans["wx_person"] = []
    doc.spans["wx_post"] = []
    text = doc_text(doc)
    found = find_people(text, orgs)
    names = {p["name"] for p in found}
    covered = [(s, e) for p in found for s, e in [*p["post_spans"], (p["start"], p["end"])]]
    found += [
        p for p in find_people_signatures(text) + find_people_post_after(text) + find_people_after_role(text)
        + find_people_bylines(text) + find_people_speakers_and_inner_posts(text)
        + find_people_in_collective_lists(text) + find_recurring_protagonists(text)
        if p["name"] not in names and not any(s < p["end"] and p["start"] < e for s, e in covered)
    ]
    for p in found:
        add_span(doc, "wx_person", p["start"], p["end"], "person", {"name": p["name"], "posts": p["posts"]})
        for s, e in p["post_spans"]:
            add_span(doc, "wx_post", s, e, "post", {"text": text[s:e], "holder": p["name"]})
    return doc


@Language.factory("wx_people")
def make_people(nlp: Language, name: str) -> Any:
    """The wx_people component (no settings)."""
    return people_component
