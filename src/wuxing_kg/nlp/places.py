"""Places: divisions (full, short and historical names), townships/villages, regions.

All matching is on characters of the normalised text. Full names of provinces,
cities and counties are recognised anywhere (except a stop list of names that are
ordinary words); names without their suffix only where they cannot be ordinary
words: province and city short names anywhere (minus the stop list), county short
names only for counties of the bulletin's own province and only in safe contexts
(before a landmark such as X峨眉山-style mountain names, or in a list next to another place).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from spacy.language import Language

from .divisions import Division, table, townships_by_county
from .resources import load_lines

CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass
class PlaceHit:
    start: int
    end: int
    text: str
    level: str  # province | city | county | township | village | region
    canonical: str | None = None  # full official name when text is not it
    code: str | None = None
    parent: str | None = None
    parent_code: str | None = None
    how: str = "full"  # full | short | historical | region | pattern

    @property
    def name(self) -> str:
        return self.canonical or self.text


@lru_cache(maxsize=1)
def _regions() -> tuple[str, ...]:
    return tuple(sorted(load_lines("regions.txt"), key=len, reverse=True))


@lru_cache(maxsize=1)
def _stop() -> frozenset[str]:
    return frozenset(load_lines("place_stop.txt"))


# Characters that, right before a 2-character full name (成县, 义县), show it is the
# tail of another word (建成县级) rather than a place.
# Division names that begin with a verb of joint work (会同县): right after an organisation
# name they are that verb.
_VERB_NAMES = ("会同", "联合", "协同", "配合")
_ORG_LAST_CHARS = set("局委办院部厅所站司行队社会府组心室处")
_SAFE_BEFORE = set("省市州县区盟旗、，,。；：:（(“\"《 \n和与及在到从对赴至于向由")

# Landmark words after a county short name (江油窦圌山, 安吉竹博园): the short name is a place.
_LANDMARK = re.compile(r"^[\u4e00-\u9fff]{0,4}?(?:山|峰|岭|湖|寺|洞|峡|谷|岩|塔|瀑布|温泉|古镇|古城|古村|景区|水库|草原|湿地)")
# Words after a short name that show it is the name of something else, not a place.
_NOT_AFTER_SHORT = re.compile(r"^(?:路|街|大道|大街|广场|公园|大学|学院|中学|小学|宾馆|酒店|号|岸|麓|侧|坡|畔)")

# Township/village kinds; the name before them is found by a backward search.
_TOWNSHIP_KIND = re.compile(r"街道办事处|街道|镇|乡|苏木|社区|嘎查|村")  # 苏木: township of Inner Mongolia
# Right after the kind: the kind word is part of another word (村民, 镇级, 乡村, 农村局 …).
_TOWNSHIP_NOT_AFTER = re.compile(
    r"^(?:级|民|委|两委|村|镇|里|妇女|落|庄|土|亲|愁|贤|音|干部|集体|务|情|貌|容|域|内|外|上|下|中(?!心小学|心学校|心校|学|心卫生院|村村)|局|办|长|化|建设局|规划局|"
    r"振兴|旅游|企业|道路|产业|居民|医生|教师|小学|中学|学校|卫生室|电商|治理|规划|面貌|人口)"
)
# Name parts that show a kind or a phrase, not a proper name (贫困村, 中心镇, 数字乡村 …).
_TOWNSHIP_NOT_NAME = re.compile(
    r"贫困|示范|行政|自然|重点|试点|中心|特色|美丽|文明|先进|农村|农业|城市|城镇|乡镇|新型|数字|不出|"
    r"社区|小区|村庄|全国|全省|全市|全县|全区|省级|市级|县级|每个|各个|这个|一个|"
    r"旅游|卫生|生态|淘宝|电商|专业|产业|易地|移民|安置|扶贫|民族|边境|传统|历史|文化|森林|绿色|健康|平安|"
    r"智慧|和谐|宜居|幸福|乡村|城乡|集镇|开发|新建|建设|改造|覆盖|所在|涉及|相关|周边|附近|沿线|"
    r"化解|推进|推动|开展|实施|发展|偏远|落后|全部|所有|部分|多个|一些|这些|新增|打造|创建|进|走|成立|设立|建立|组建|推行|覆盖|以上|以下|上述|下属|所属|辖区|实现|乡$|城$|农$|村$|"
    r"[的了是将把被等或并共有这那此其各每该本全个到至赴和与及在对从向为以]$|^[的了是将把被等或并共有这那此其各每该本全个]|"
    r"^[一二两三四五六七八九十百千万\d]+个|^[的了是将把被等或并共有这那此其各每该本全个在到赴至于和与及对从向为以由多]|名农$|多名"
)
# The multi-character part of _TOWNSHIP_NOT_NAME: checked even after 在/、/a division.
_TOWNSHIP_NOT_WORD = re.compile("|".join(
    w for w in _TOWNSHIP_NOT_NAME.pattern.split("|") if len(w) >= 2 and "[" not in w and "^" not in w and "$" not in w
))
# Also 小 (X小镇 is a brand of a resort or a product, not a township), 式 (互嵌式社区 is a kind).
_TOWNSHIP_NOT_END = re.compile(r"(?:城乡|县乡|市县|县市|乡|农|小|式)$")
# Adverbs/verbs of motion that open a phrase (先后来镇考察, 前来乡里) and function characters
# inside a run (住房和城乡): never part of a township name.
# Also counts of villages (百村, 千村 as in 千村示范), settlement kinds (农民新村), kinds of villages named by a trait (空心村, 亿元村, 能人治村) and words of time, asking or
# spreading that open a clause (当时某村…, 问起某村…, 推广村党支部…, 每月对全镇).
_TOWNSHIP_NOT_INSIDE = re.compile(r"[百千万]$|委$|[一二两三四五六七八九十][省市县区镇乡村]|^[驻该本全]|^位于|^地处|.[镇乡].|农民|居民|空心|[万亿]元|能人|^第[一二三四五六七八九十\d]|当时|问起|推广|摸索|探索|确保|每月|每年|每周|即由|"
                                  r"^中国|^全国|^[小大]城$|老旧|搬迁|无物业|^[已正均都还又再曾将]|建成|先后|前来|多次|曾经|陆续|纷纷|.[和与及的]|党|委员|联合|会同|牵头|配合")
# A verb right before a listed village/town name (已建成A村、B村): the name starts after it.
_VERB_BEFORE_LIST = re.compile(r"(?:建成|建设|打造|包括|涵盖|选取|确定|评为|覆盖|走进|来到|前往|深入|如)$")  # 县乡村, 城乡, 农村: kinds, never names
_TOWNSHIP_VERBS = re.compile(
    r"发挥|坚持|实行|按照|围绕|聚焦|强化|加强|持续|全面|深入|积极|大力|着力|不断|通过|依托|利用|组织|带动|实施|开展|推进|推动"
)
# A boundary before a township name: punctuation, a preposition, a division or another township.
# 驻 (驻某某村工作队) and 于 (位于某某镇) end the words before a name.
_TOWNSHIP_BOUNDARY = set("在到赴至于和与及对从向驻、，,。；;：:（(“\"《 \n")
# A township written as 该乡/本镇/全乡 before a village name (该乡某某村).
_TOWN_DEMONSTRATIVE = re.compile(r"[该本全][乡镇]$")


def _in_context(d: Division, within: str | None) -> bool:
    if not within:
        return False
    return d.code.startswith(within[:2])


def find_places(text: str, *, within: str | None = None) -> list[PlaceHit]:
    """All place hits in `text`, non-overlapping for divisions/regions (leftmost-longest).

    `within` is the code of the bulletin's city or province: it breaks ties between
    equal names and allows county short names of that province."""
    return list(_find_places_cached(text, within))


# The same text is searched again by the bulletin's context resolution, its article and
# its title (nlp/extract.py): the hits of the last texts are kept (they are never mutated).
@lru_cache(maxsize=64)
def _find_places_cached(text: str, within: str | None) -> tuple[PlaceHit, ...]:
    t = table()
    stop = _stop()
    hits: list[PlaceHit] = []
    n = len(text)
    i = 0
    max_len = t.max_len
    regions_at = _regions_by_first_char()
    lengths_at = _name_lengths_by_first_char()
    starts = _name_first_chars()
    pairs, single = _name_first_pairs()
    while i < n:
        ch = text[i]
        if ch not in starts or (text[i : i + 2] not in pairs and ch not in single):
            i += 1  # no region, full or short division name starts here (nor with a non-CJK ch)
            continue
        found: PlaceHit | None = None
        # Regions first (粤港澳大湾区 must not be read as 粤 + 港澳).
        for r in regions_at.get(ch, ()):
            if text.startswith(r, i):
                found = PlaceHit(i, i + len(r), r, "region", how="region")
                break
        region = found
        found = None
        longest = min(max_len, n - i)
        for length in lengths_at.get(ch, ()):  # the lengths of the names starting with ch, longest first
            if length > longest:
                continue
            if region is not None and length <= region.end - region.start:
                break  # the region name is at least as long (粤港澳大湾区)
            cand = text[i : i + length]
            if cand not in t.all_names or cand in stop:
                continue
            d = t.lookup(cand, within=within)
            if d is None:
                continue
            if length == 2 and i > 0 and CJK.match(text[i - 1]) and text[i - 1] not in _SAFE_BEFORE:
                continue
            if cand.startswith(_VERB_NAMES) and i > 0 and text[i - 1] in _ORG_LAST_CHARS:
                continue  # 县发展和改革局会同县自然资源局: 会同 is the verb "together with"
            how = "historical" if cand in t.historical else "full"
            found = _hit(i, cand, d, how)
            break
        if found is None:
            found = region
        if found is None:
            found = _short_hit(text, i, within, stop)
        if found is not None:
            hits.append(found)
            i = found.end
        else:
            i += 1
    # A short division name that opens a community/village name (河南社区) is part of that name.
    # So does one that opens a township name (河南乡, 河北镇), unless 乡/镇 starts a word (乡村, 镇级).
    hits = [h for h in hits if not (h.how == "short" and (re.match(r"(?:社区|村|嘎查)(?!民|委|级)", text[h.end : h.end + 3])
                                                         or re.match(r"[乡镇](?![村镇级民里])", text[h.end : h.end + 2])))]
    hits.extend(_townships(text, hits))
    hits.extend(_county_townships(text, hits, within))
    hits.extend(_repeated_townships(text, hits))
    zones = _zones(text, hits)
    # Divisions written inside a zone's name (重庆两江新区) are part of it.
    hits = [h for h in hits if not any(z.start <= h.start and h.end <= z.end and (z.start, z.end) != (h.start, h.end) for z in zones)]
    hits.extend(zones)
    hits.sort(key=lambda h: (h.start, -h.end))
    return tuple(hits)


@lru_cache(maxsize=1)
def _name_first_chars() -> frozenset[str]:
    """The CJK characters some region, full, historical or short division name starts with."""
    chars = set(_regions_by_first_char()) | set(_name_lengths_by_first_char()) | set(_short_lengths_by_first_char())
    return frozenset(c for c in chars if CJK.match(c))


@lru_cache(maxsize=1)
def _name_first_pairs() -> tuple[frozenset[str], frozenset[str]]:
    """The first two characters of every region, full, historical and short division name
    the scan can match (full and short names have two characters or more), and the names of
    one character, if any: at a position where neither starts, the scan can find nothing
    (a position in three is a name's first character, one in a hundred a name's first two)."""
    t = table()
    names = [*_regions(), *(n for n in t.all_names if len(n) >= 2), *(s for s in t.by_short if 2 <= len(s) <= 4)]
    return frozenset(n[:2] for n in names if len(n) >= 2), frozenset(n for n in names if len(n) == 1)


@lru_cache(maxsize=1)
def _regions_by_first_char() -> dict[str, tuple[str, ...]]:
    """The region names per first character, longest first (the order of `_regions`)."""
    out: dict[str, list[str]] = {}
    for r in _regions():
        out.setdefault(r[0], []).append(r)
    return {ch: tuple(rs) for ch, rs in out.items()}


@lru_cache(maxsize=1)
def _name_lengths_by_first_char() -> dict[str, tuple[int, ...]]:
    """The lengths (two characters or more) of the full and historical division names per
    first character, longest first: the only lengths worth slicing at a position."""
    out: dict[str, set[int]] = {}
    for name in table().all_names:
        if len(name) >= 2:
            out.setdefault(name[0], set()).add(len(name))
    return {ch: tuple(sorted(ls, reverse=True)) for ch, ls in out.items()}


def _hit(i: int, text: str, d: Division, how: str) -> PlaceHit:
    t = table()
    parent = t.parent(d)
    return PlaceHit(
        i,
        i + len(text),
        text,
        d.level,
        canonical=d.name if d.name != text else None,
        code=d.code,
        parent=parent.name if parent else None,
        parent_code=parent.code if parent else None,
        how=how,
    )


@lru_cache(maxsize=1)
def _short_lengths_by_first_char() -> dict[str, tuple[int, ...]]:
    """Which of the lengths 4, 3, 2 (in that order) a short division name starting with a
    character has: at most positions none, and nothing needs slicing."""
    out: dict[str, set[int]] = {}
    for short in table().by_short:
        if 2 <= len(short) <= 4:
            out.setdefault(short[0], set()).add(len(short))
    return {ch: tuple(sorted(ls, reverse=True)) for ch, ls in out.items()}


def _short_hit(text: str, i: int, within: str | None, stop: frozenset[str]) -> PlaceHit | None:
    t = table()
    for length in _short_lengths_by_first_char().get(text[i], ()):
        cand = text[i : i + length]
        if len(cand) < length or cand in stop:
            continue
        ds = t.by_short.get(cand)
        if not ds:
            continue
        after = text[i + length : i + length + 8]
        if _NOT_AFTER_SHORT.match(after):
            continue
        ds = sorted(ds, key=lambda d: ("province", "city", "county").index(d.level))
        local = [d for d in ds if _in_context(d, within)]
        best = (local or ds)[0]
        if best.level == "province":
            return _hit(i, cand, best, "short")
        if best.level == "city" and (local or not within or length >= 3):
            return _hit(i, cand, best, "short")
        if best.level == "county" and local:
            if _LANDMARK.match(after) or _listed(text, i, i + length, within) or _VISITED.match(after) and (
                i > 0 and text[i - 1] in "到赴来"
            ):
                return _hit(i, cand, local[0], "short")
    return None


# 到X调研 / 赴X考察: a short county name as the place of a visit.
_VISITED = re.compile(r"^(?:调研|考察|视察|检查|督导|督查|指导|走访|慰问)")


def _listed(text: str, start: int, end: int, within: str | None) -> bool:
    """A short county name in an enumeration next to another division name (X、Y、Z)."""
    t = table()
    before = text[max(0, start - 5) : start]
    after = text[end : end + 5]
    neighbours: list[str] = []
    if before.endswith("、"):
        m = re.search(r"([\u4e00-\u9fff]{2,4})、$", before)
        if m:
            neighbours.append(m.group(1))
    if after.startswith("、"):
        m = re.match(r"、([\u4e00-\u9fff]{2,4})", after)
        if m:
            neighbours.append(m.group(1))
    for nb in neighbours:
        for k in range(len(nb), 1, -1):
            for cand in (nb[:k], nb[-k:]):
                d = t.lookup(cand, within=within, short=True)
                if d and d.level in ("city", "county") and _in_context(d, within):
                    return True
    return False


def _townships(text: str, divisions: list[PlaceHit]) -> list[PlaceHit]:
    """X镇 / X乡 / X街道 / X社区 / X村 by pattern, attached to the county (or township)
    written right before them (临桂区六塘镇, 龙泉关镇骆驼湾村)."""
    out: list[PlaceHit] = []
    taken = [(h.start, h.end) for h in divisions]
    ends = {h.end: h for h in divisions}
    for m in _TOWNSHIP_KIND.finditer(text):
        k, kind = m.start(), m.group(0)
        if _TOWNSHIP_NOT_AFTER.match(text[m.end() : m.end() + 4]):
            continue
        best = None
        for length in (6, 5, 4, 3, 2, 1):
            start = k - length
            if start < 0:
                continue
            name = text[start:k]
            anchored = start in ends
            if length == 1 and (not anchored or ends[start].level != "township"):
                continue  # a one-character name only right after its township (X镇余村)
            # The next item of a list of townships (乌兰花镇、查干补力格苏木): a long name is safe there.
            in_town_list = (start > 0 and text[start - 1] == "、" and start - 1 in ends
                            and ends[start - 1].level in ("township", "village"))
            if length > 4 and not anchored and not in_town_list and not (
                (start == 0 or text[start - 1] in "\n。；;，,") and text[m.end() : m.end() + 1] in "、，,"
                or start > 0 and text[start - 1] in "在到赴至"
            ):
                continue  # long names (乌兰陶勒盖嘎查) only right after their township, or opening a list
            if not all(CJK.match(c) for c in name):
                continue
            strong = anchored or (start > 0 and text[start - 1] in "在到赴至、")
            if _TOWNSHIP_NOT_NAME.search(name) and not (strong and not _TOWNSHIP_NOT_WORD.search(name)):
                continue
            # Right after its county a name may contain 和 (e.g. 某县太和镇): 和 as a conjunction
            # (住房和城乡) is only rejected without that anchor.
            inside_bad = _TOWNSHIP_NOT_INSIDE.search(name.replace("和", "") if anchored else name)
            if _TOWNSHIP_NOT_END.search(name) or _TOWNSHIP_VERBS.search(name) or inside_bad:
                continue
            if kind == "乡" and name.endswith("城"):
                continue  # 城乡 is a word, never 'X城' + 乡
            if any(s < k and start < e for s, e in taken):
                continue
            prev = ends.get(start)
            before = text[start - 1] if start > 0 else "\n"
            listed_after_verb = (length <= 3 and text[m.end() : m.end() + 1] == "、"
                                 and bool(_VERB_BEFORE_LIST.search(text[max(0, start - 3) : start])))
            demonstrative = kind in ("村", "社区", "嘎查") and bool(_TOWN_DEMONSTRATIVE.search(text[max(0, start - 2) : start]))
            if prev is None and not (before in _TOWNSHIP_BOUNDARY or not CJK.match(before) or listed_after_verb
                                     or demonstrative):
                continue
            if prev is None and length == 4 and before not in "。\n；;在到赴" and not in_town_list:
                continue
            best = (start, name, prev)
            break
        if best is None:
            continue
        start, name, prev = best
        level = "township" if kind in ("镇", "乡", "苏木", "街道", "街道办事处") else "village"
        full = name + ("街道" if kind == "街道办事处" else kind)
        parent = prev.name if prev and prev.level in ("county", "township") else None
        parent_code = prev.code if prev else None
        sibling = ends.get(start - 1) if start > 0 and text[start - 1] == "、" else None
        if parent is None and sibling is not None and sibling.level == level:
            parent, parent_code = sibling.parent, sibling.parent_code  # 乌兰花镇、查干补力格苏木: same county
        hit = PlaceHit(start, start + len(full), full, level, how="pattern", parent=parent,
                       parent_code=parent_code)
        out.append(hit)
        taken.append((hit.start, hit.end))
        ends[hit.end] = hit
    return out


# State-level new areas, development and pilot zones (江北新区, 成都高新区): level "region".
# Around a bare township short name in a list (小浦、水口、和平等乡镇): list separators.
_LIST_EDGE = set("、，,。；;：:（()） \n")


def _county_townships(text: str, hits: list[PlaceHit], within: str | None) -> list[PlaceHit]:
    """Townships of the article's own county by the national list: the full name anywhere
    (某某镇 even where the pattern rules doubt it), the bare short name only inside a list
    (某甲、某乙、某丙等乡镇) — a short name alone is too often an ordinary word."""
    t = table()
    county = t.by_code.get(within or "")
    if county is None or county.level != "county":
        return []
    out: list[PlaceHit] = []
    taken = [(h.start, h.end) for h in hits]
    stop = _stop()

    def free(s: int, e: int) -> bool:
        return not any(a < e and s < b for a, b in taken)

    towns = townships_by_county().get(county.code, ())
    names = {x.short for x in towns} | {x.name for x in towns}

    def listed(s: int, e: int) -> bool:
        """A list item: 、 on one side, and a list edge or another township of the county on the other."""
        before, after = text[s - 1 : s] or "\n", text[e : e + 1] or "\n"
        if after == "、":
            return before in _LIST_EDGE or any(text.startswith(n, e + 1) for n in names)
        if before == "、":
            return after in _LIST_EDGE or after == "等" or any(text.endswith(n, 0, s - 1) for n in names)
        return False

    for town in towns:
        for name, full in ((town.name, True), (town.short, False)):
            if not full and (name == town.name or name in stop):
                continue
            for s in _occurrences(name, text):
                e = s + len(name)
                if not free(s, e) or (not full and not listed(s, e)):
                    continue
                out.append(PlaceHit(s, e, name, "township", canonical=None if full else town.name,
                                    how="pattern" if full else "short", parent=county.name, parent_code=county.code))
                taken.append((s, e))
    return out


def _occurrences(word: str, text: str) -> list[int]:
    """Starts of the non-overlapping occurrences of `word`, left to right (as re.finditer of the
    escaped word finds them, without compiling a pattern per word: too many for re's cache)."""
    if not word:
        return list(range(len(text) + 1))
    out: list[int] = []
    k = text.find(word)
    while k >= 0:
        out.append(k)
        k = text.find(word, k + len(word))
    return out


def _repeated_townships(text: str, hits: list[PlaceHit]) -> list[PlaceHit]:
    """Later mentions of a township/village already found by pattern, wherever they stand
    (某某社区…获奖的某某社区党委书记): the name was accepted once in a safe context, so a glued
    repeat (after 的, a verb) is the same place, not a word."""
    out: list[PlaceHit] = []
    taken = [(h.start, h.end) for h in hits]
    seen: set[str] = set()
    for h in [h for h in hits if h.how == "pattern" and len(h.text) >= 3]:
        if h.text in seen:
            continue
        seen.add(h.text)
        for start in _occurrences(h.text, text):
            end = start + len(h.text)
            if any(s < end and start < e for s, e in taken):
                continue
            if _TOWNSHIP_NOT_AFTER.match(text[end : end + 4]):
                continue
            hit = PlaceHit(start, end, h.text, h.level, how="pattern", parent=h.parent,
                           parent_code=h.parent_code)
            out.append(hit)
            taken.append((hit.start, hit.end))
    return out


_ZONE_KIND = re.compile(
    r"高新技术产业开发区|经济技术开发区|自由贸易试验区|综合保税区|综合实验区|经济开发区|高新区|经开区|开发区|自贸区|保税区|新区"
)
# Not in a zone's own name: function words, levels (国家高新区 names a kind), verbs of the work
# on a zone (升级/申报/创建国家高新区), and a community (某某社区文化新区 is a facility).
_ZONE_NOT_NAME = re.compile(r"[的了是将把被等或并共有这那此其各每该本全个和与及在对从向为以]|国家|国家级|省级|市级|县级|重点|相关|所在|园区|"
                            r"升级|申报|创建|争创|起草|汇编|建设|打造|社区")


def _zones(text: str, divisions: list[PlaceHit]) -> list[PlaceHit]:
    out: list[PlaceHit] = []
    ends = {h.end: h for h in divisions}
    same = {(h.start, h.end) for h in divisions}
    for m in _ZONE_KIND.finditer(text):
        k = m.start()
        # After a full division name the zone's own name starts (南京市|江北新区); a short one
        # belongs to the zone's name (成都高新区, 郑州航空港经济综合实验区).
        anchored = [e for e in ends if k - 6 <= e < k - 1 and ends[e].how in ("full", "historical")]
        lengths = [k - max(anchored)] if anchored else [6, 5, 4, 3, 2]
        for length in lengths:
            start = k - length
            if start < 0:
                continue
            name = text[start:k]
            if not all(CJK.match(c) for c in name) or _ZONE_NOT_NAME.search(name):
                continue
            before = text[start - 1] if start > 0 else "\n"
            if not (start in ends or before in _TOWNSHIP_BOUNDARY or not CJK.match(before)):
                continue
            short_before = ends.get(start)
            if short_before is not None and short_before.how == "short":
                start = short_before.start
            if (start, m.end()) not in same:
                out.append(PlaceHit(start, m.end(), text[start : m.end()], "region", how="zone"))
            break
    return out


def places_component(doc):  # type: ignore[no-untyped-def]
    """spaCy component: doc.spans["wx_place"] (label = level, _.wx = canonical/code/parent …)."""
    from .spans import add_span, context_of, doc_text

    ctx = context_of(doc)
    within = ctx.county_code or ctx.city_code or ctx.province_code
    doc.spans["wx_place"] = []
    hits = find_places(doc_text(doc), within=within)
    for h in hits:
        parent, parent_code = h.parent, h.parent_code
        if parent is None and h.level == "village":
            # A village/community written alone belongs to the township/street named last
            # before it (博鳌镇…全镇已建成沙美村), else to the article's county.
            towns = [t for t in hits if t.level == "township" and t.end <= h.start]
            if towns:
                parent, parent_code = towns[-1].text, None
        add_span(
            doc,
            "wx_place",
            h.start,
            h.end,
            h.level,
            {
                "text": h.text,
                "canonical": h.canonical,
                "code": h.code,
                "parent": parent or (ctx.county if h.level in ("township", "village") else None),
                "parent_code": parent_code or (ctx.county_code if h.level in ("township", "village") and not parent else None),
                "how": h.how,
            },
        )
    return doc


@Language.factory("wx_places")
def make_places(nlp: Language, name: str) -> Any:
    """The wx_places component (no settings)."""
    return places_component
