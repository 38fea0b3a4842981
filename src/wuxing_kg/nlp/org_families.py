"""The rule families that find organisation names in a text, one small function each.

Every family reads the text through an `OrgFinder` (text, places found by wx_places, the
article context) and records what it finds there. Families run in the order of `FAMILIES`:
a span taken by an earlier family is not taken again, so special forms come first and the
catch-all families last. Each family's comment says what it catches, with one example.
The wx_orgs factory's `families` setting (nlp/orgs.py) switches families off by name.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from .context import ArticleContext
from .org_names import (
    _BOUNDARY_BEFORE,
    _BREAK,
    _EVENT_AFTER,
    _NOT_AFTER,
    _NOT_BEFORE,
    ADMIN_CHARS,
    CJK,
    _full_form,
    _kind_suffix_len,
    _national_orgs,
    _not_orgs,
    canonical_name,
    org_type,
    scan_name,
)
from .resources import load_lines
from .spans import char_positions

Place = tuple[Any, ...]  # (start, end, canonical name, code) of a division found by wx_places

# Names that end like an organisation but are facilities (加油站, 安置点).
_FACILITY = re.compile(r"(?:电站|加油站|车站|基站|水站|泵站|气站|充电站|服务点|安置点)$")


@dataclass
class OrgFinder:
    """What the families share: the text, the places in it, and the names found so far."""

    text: str
    places: list[Place]
    ctx: ArticleContext
    max_body: int = 14  # longest name body (between prefix and suffix) scanned for a suffix
    short_prefix_max_body: int = 8  # the same after a bare county short name (义乌海关)
    found: list[dict[str, Any]] = field(default_factory=list)
    taken: list[tuple[int, int]] = field(default_factory=list)

    def overlaps(self, s: int, e: int) -> bool:
        return any(s < b and a < e for a, b in self.taken)

    def take(self, s: int, e: int) -> None:
        self.taken.append((s, e))

    def put(self, s: int, e: int, written: str, canonical: str, kind: str,
            place: str | None = None, code: str | None = None) -> None:
        """Record a name as it is, without the checks of `add`."""
        self.found.append({"start": s, "end": e, "text": written, "canonical": canonical, "type": kind,
                           "place": place, "place_code": code})

    def scan(self, body_start: int, max_body: int | None = None) -> tuple[int, str] | None:
        return scan_name(self.text, body_start, self.max_body if max_body is None else max_body)

    def add(self, start: int, end: int, written: str, kind: str, where: tuple[str, str | None] | None = None) -> None:
        """Record a name found by a prefix + suffix scan, unless it is not a body after all."""
        if _not_a_body(self, start, end, written):
            return
        canonical, place, code = canonical_name(written, self.ctx)
        if written[:1] in "镇乡" and place is None:
            # 镇政府, 镇卫生院: the township named last before it (博鳌镇…镇政府).
            town = next((str(p[2]) for p in sorted(self.places, key=lambda p: -p[1])
                         if p[1] <= start and str(p[2]).endswith(written[0]) and len(str(p[2])) >= 3), None)
            if town:
                rest = written[1:]
                canonical = town + ("人民" + rest if rest.startswith("政府") else rest)
                place = town
        canonical = _full_form(canonical)
        if where and place is None:
            place, code = where
        self.put(start, end, written, canonical, org_type(written, kind), place, code)


def _not_a_body(f: OrgFinder, start: int, end: int, written: str) -> bool:
    """A scanned name that names an event, a facility, a website or a kind of body."""
    text, not_orgs = f.text, _not_orgs()
    if _EVENT_AFTER.match(text[end : end + 32]) or _FACILITY.search(written):  # (its matches are shorter)
        return True  # 县委全会 is an event; 加油站 a facility
    prefixed = written[:1] in ADMIN_CHARS
    core = written[1:] if prefixed else written
    if written in not_orgs or not core:
        return True
    if core in not_orgs and not (prefixed and core in ("委", "政府", "人民政府")):
        return True
    if re.search(r"(?:举|承|主|协|创|开|督|交|代|包|兴|筹|申|合|联)办$", written) and len(core) <= 2:
        return True  # 在区举办的活动: a verb ending in 办, not an office (区举办)
    if text[end : end + 1] == "网" or text.startswith("门户", end):
        return True  # a website named after its owner (X人民政府网) is a platform
    # A party branch belongs to a village or a unit, never straight to a city or county
    # (某市党支部引领合作社 names a model); an ordinal 第一家 describes, it does not name.
    if re.search(r"[省市县区州]党(?:支部|总支)$", written) or re.search(r"第[一二三四五六七八九十\d]+家", written):
        return True
    # 某区街道党工委书记 speaks of all street committees of the district (no street is named).
    if re.search(r"[省市县区旗]街道(?:党工委|工委|办事处)$", written):
        return True
    # A village/community party branch needs a named village before it: 推广村党支部领办
    # (e.g. 各地推广村党支部…) names the kind of body, not one body.
    branch = re.match(r"^(.+?)(村|社区)(?:党支部|党总支|党委)$", written)
    return branch is not None and not any(
        p[0] <= start and p[1] == start + len(branch.group(1)) + len(branch.group(2)) for p in f.places
    )


# ------------------------------------------------------------------ special forms (first)

_PARTY_SPECIAL = re.compile(r"([省市县区州旗])委编制部门")


def party_staffing_office(f: OrgFinder) -> None:
    """The party's staffing office written as a function: 县委编制部门 → 中共<county>委机构编制委员会办公室."""
    for m in _PARTY_SPECIAL.finditer(f.text):
        canonical, place, code = canonical_name(m.group(1) + "委", f.ctx)
        f.put(m.start(), m.end(), m.group(0), canonical + "机构编制委员会办公室", "party_organ", place, code)
        f.take(m.start(), m.end())


_YOUTH_LEAGUE = re.compile(r"团([省市县区州旗])委")


def youth_league(f: OrgFinder) -> None:
    """The Communist Youth League committee: 团市委 → 共青团<city>委."""
    for m in _YOUTH_LEAGUE.finditer(f.text):
        canonical, place, code = canonical_name(m.group(1) + "委", f.ctx)
        f.put(m.start(), m.end(), m.group(0), "共青团" + canonical.removeprefix("中共"), "social_organization",
              place, code)
        f.take(m.start(), m.end())


_BANKS = (
    "中国工商银行|中国农业银行|中国建设银行|中国银行|交通银行|中国邮政储蓄银行|邮储银行|国家开发银行|中国农业发展银行|"
    "农业发展银行|中国进出口银行|工商银行|农业银行|建设银行|招商银行|兴业银行|中信银行|民生银行|光大银行|浦发银行|"
    "华夏银行|平安银行|广发银行|农发行|工行|农行|建行|中行"
)
_BANK_BRANCH = re.compile(rf"(?:{_BANKS})(?:[\u4e00-\u9fff]{{2,8}}?(?:分行|支行|营业部))?")


def bank_branches(f: OrgFinder) -> None:
    """National banks and their branches: 农业银行某某支行, 农行 (a bare two-character short form
    only before a list separator)."""
    text = f.text
    for m in _BANK_BRANCH.finditer(text):
        short = m.end() - m.start() <= 2 and text[m.end() : m.end() + 1] not in "、，。"
        if f.overlaps(m.start(), m.end()) or short:
            continue
        if _BREAK.search(m.group(0)[2:]) and m.group(0) not in _BANKS.split("|"):
            continue
        f.put(m.start(), m.end(), m.group(0), m.group(0), "bank")
        f.take(m.start(), m.end())


_PBOC = re.compile(r"(?:中国人民银行|人民银行|人行)([\u4e00-\u9fff]{2,8}?[省市县区州])?(中心支行|支行|分行|营业管理部)")


def central_bank(f: OrgFinder) -> None:
    """Branches of the central bank under any of its short forms: 人行某县支行 → 中国人民银行某县支行."""
    for m in _PBOC.finditer(f.text):
        if f.overlaps(m.start(), m.end()):
            continue
        rest = re.sub(r"^(?:中国人民银行|人民银行|人行)", "", m.group(0))
        f.put(m.start(), m.end(), m.group(0), "中国人民银行" + rest, "bank")
        f.take(m.start(), m.end())


# ------------------------------------------------------------------ names with a prefix

# A national enterprise brand or 中共 written before a division name (国网X县供电公司).
_BRAND_BEFORE = re.compile(r"(?:中共|国家税务总局|国网|国家电网|中国移动|中国电信|中国联通|中国石化|中国石油|中国邮政|中国铁塔|南方电网|中国人寿|中国人保|国家电网)$")


def division_prefixed(f: OrgFinder) -> None:
    """Names that start at a division name found by wx_places (某某市教育局, 某省委), possibly
    behind 中共 or a national enterprise brand (国网某某县供电公司)."""
    text = f.text
    by_start = {p[0]: p for p in f.places}
    for place in f.places:
        ps, pe = place[0], place[1]
        if f.overlaps(ps, pe):
            continue
        brand = _BRAND_BEFORE.search(text[max(0, ps - 6) : ps])
        start = ps - len(brand.group(0)) if brand else ps
        res = f.scan(pe)
        if not res or res[0] <= pe:
            continue
        end, kind = res
        if f.overlaps(start, end):
            continue
        # The org belongs to the last division of the chain it starts with (某市某区…).
        last = place
        while last[1] in by_start and by_start[last[1]][1] <= end:
            last = by_start[last[1]]
        f.add(start, end, text[start:end], kind, last[2:4] if len(last) >= 4 else None)
        f.take(start, end)


# The autonomous division an article is about, per prefix word: (context field, code field).
_AUTONOMOUS = {"自治区": ("province", "province_code"), "自治州": ("city", "city_code"), "自治县": ("county", "county_code")}


def autonomous_prefixed(f: OrgFinder) -> None:
    """自治区/自治州/自治县 as the prefix of the article's own autonomous division's body:
    自治区民政厅 in a text about an autonomous region → <region>民政厅; 贯彻自治州党委部署 →
    中共<prefecture>委员会. Not when the word ends a place name written in full."""
    text, ctx = f.text, f.ctx
    place_ends = {p[1] for p in f.places}
    for word, (name_field, code_field) in _AUTONOMOUS.items():
        owner = getattr(ctx, name_field)
        if not (owner and owner.endswith(word)):
            continue
        for m in re.finditer(word, text):
            s = m.start()
            if f.overlaps(s, m.end()) or m.end() in place_ends or (s > 0 and text[s - 1] in _ADMIN_WORD_TAIL):
                continue
            res = f.scan(m.end())
            if not res or f.overlaps(s, res[0]):
                continue
            end, kind = res
            written, rest = text[s:end], text[m.end() : end]
            canonical = owner + ("人民" + rest if rest.startswith("政府") else rest)
            if rest.startswith("党委"):
                canonical = "中共" + owner + "委员会" + rest[2:]
            f.put(s, end, written, canonical, org_type(written, kind), owner, getattr(ctx, code_field))
            f.take(s, end)


# Characters that make 自治区/自治州 the tail of a longer word (民族自治区域 …): 族 ends 民族.
_ADMIN_WORD_TAIL = set("族")


def _admin_char_starts_name(text: str, i: int) -> bool:
    """Whether the administrative character at i (市, 县, 区 …) starts a name, not ends a word
    (城市, 全县, 社区) or begins one (市场, 县级)."""
    ch = text[i]
    before = text[i - 1] if i > 0 else ""
    if before and CJK.match(before):
        if ch in _NOT_BEFORE:
            if before in _NOT_BEFORE[ch]:
                return False
        elif before not in _BOUNDARY_BEFORE and text[max(0, i - 2) : i] != ch + "委":
            return False  # (区委区政府: the second 区 starts a name)
    after = text[i + 1 : i + 2]
    # (but 省市场监管局, 县市场监管局 are names)
    return not (after in _NOT_AFTER.get(ch, ()) and not (ch != "市" and text.startswith("市场", i + 1)))


_COORDINATED_PREFIXES = re.compile(r"([省市县区])((?:、[省市县区])+)")


def admin_char_prefixed(f: OrgFinder) -> None:
    """Names that start at an administrative character: 市教育局, 县邮政储蓄银行, and coordinated
    prefixes 市、区创文办 → 市创文办 + 区创文办."""
    text = f.text
    for i in char_positions(text, ADMIN_CHARS):
        if f.overlaps(i, i + 1) or not _admin_char_starts_name(text, i):
            continue
        m = _COORDINATED_PREFIXES.match(text, i)  # at i, without copying the rest of the text
        if m:
            res = f.scan(m.end())
            if res:
                end, kind = res
                body = text[m.end() : end]
                # Distinct offsets per conjunct (span._.wx is keyed by offsets): 市 from i, 区 from i+2.
                for k, p in enumerate([m.group(1)] + m.group(2).split("、")[1:]):
                    f.add(i + 2 * k, end, p + body, kind)
                f.take(i, end)
            continue
        res = f.scan(i + 1)
        if res and not f.overlaps(i, res[0]):
            f.add(i, res[0], text[i : res[0]], res[1])
            f.take(i, res[0])


_CPC_COMMITTEE = re.compile(r"中共[\u4e00-\u9fff]{1,10}?委(?:员会)?(?:[\u4e00-\u9fff]{0,4}?(?:组织部|宣传部|统战部|政法委|办公室))?")


def cpc_committees(f: OrgFinder) -> None:
    """中共 + name + 委 not found with a division: 中共中央, 中共某某县委组织部."""
    for m in _CPC_COMMITTEE.finditer(f.text):
        if not f.overlaps(m.start(), m.end()):
            f.add(m.start(), m.end(), m.group(0), "party_organ")
            f.take(m.start(), m.end())


# A party organ named by its short form inside a post chain that opened with its committee
# (某某区委副书记、政法委书记 → 中共某某区委政法委员会): the organ is that committee's.
_CHAIN_ORGAN = re.compile(
    r"([\u4e00-\u9fff]{2,10}?[省市县区州旗]委)(?:常委|副书记|书记)、(政法委|组织部|宣传部|统战部|纪委)(?=副?书记|副?部长)"
)
_ORGAN_FULL = {"政法委": "政法委员会", "纪委": "纪律检查委员会"}


def chain_party_organs(f: OrgFinder) -> None:
    """区委副书记、政法委书记 → 政法委 with the committee's canonical as prefix."""
    if "委" not in f.text:
        return
    for m in _CHAIN_ORGAN.finditer(f.text):
        s, e = m.start(2), m.end(2)
        if f.overlaps(s, e):
            continue
        committee, place, code = canonical_name(m.group(1), f.ctx)
        organ = m.group(2)
        f.put(s, e, organ, committee + _ORGAN_FULL.get(organ, organ), "party_organ", place, code)
        f.take(s, e)


# County short names that are also common words (新建 is a district of Nanchang and a verb).
_SHORT_PREFIX_STOP = frozenset("新建 大方 安居 进贤 合作 开发 建设 发展 和平 平安 新华 长安 太平 永和 太和 和顺 长顺 正安 定远 东至 新兴 长宁 安定 城中 新城".split())
# A verb that introduces an organisation it founds or works with (共建X研究院, 依托X协会).
_FOUNDING_VERB = re.compile(r"(?:共建|组建|成立|设立|建立|依托|联合|会同|携手)$")


def _short_name_start(f: OrgFinder, i: int) -> tuple[bool, re.Match[str] | None]:
    """Whether a county short name at i can start a name, and the brand written before it."""
    text = f.text
    brand = _BRAND_BEFORE.search(text[max(0, i - 6) : i])
    glued = (i > 0 and CJK.match(text[i - 1]) and text[i - 1] not in _BOUNDARY_BEFORE
             and not brand and not _FOUNDING_VERB.search(text[max(0, i - 2) : i]))
    return not (f.overlaps(i, i + 1) or glued), brand


def county_short_prefixed(f: OrgFinder) -> None:
    """Names that start at a county/city short name of the article's province: 义乌海关,
    乐清农商银行 (only names ending in a multi-character suffix: 新建便民服务站 is a verb phrase)."""
    text = f.text
    within = (f.ctx.province_code or f.ctx.city_code or "")[:2]
    if not within:
        return
    stop = _place_stop()
    shorts = _short_names_in(within)
    firsts = _first_chars(within)
    for i in char_positions(text, firsts, 0, len(text) - 2):
        if text[i] not in firsts or not any(text[i : i + length] in shorts for length in (4, 3, 2)):
            continue  # no short name of the province starts here (most positions)
        can_start, brand = _short_name_start(f, i)
        if not can_start:
            continue
        for length in (4, 3, 2):
            cand = text[i : i + length]
            ds = shorts.get(cand, [])
            if not ds or f.overlaps(i, i + length):
                continue
            if cand in _SHORT_PREFIX_STOP or cand in stop:
                break
            res = f.scan(i + length, f.short_prefix_max_body)
            if res and res[0] > i + length and _kind_suffix_len(text[i : res[0]]) >= 2 and not f.overlaps(i, res[0]):
                s0 = i - len(brand.group(0)) if brand else i  # 国网X供电公司
                f.add(s0, res[0], text[s0 : res[0]], res[1], (ds[0].name, ds[0].code))
                f.take(s0, res[0])
            break


@lru_cache(maxsize=1)
def _place_stop() -> frozenset[str]:
    return frozenset(load_lines("place_stop.txt"))


@lru_cache(maxsize=64)
def _short_names_in(province_prefix: str) -> dict[str, list[Any]]:
    """The short names of the cities and counties whose code starts with `province_prefix`,
    each with its divisions (in table order), built once per province."""
    from .divisions import table

    out: dict[str, list[Any]] = {}
    for short, divisions in table().by_short.items():
        ds = [d for d in divisions if d.code.startswith(province_prefix) and d.level != "province"]
        if ds:
            out[short] = ds
    return out


@lru_cache(maxsize=64)
def _first_chars(province_prefix: str) -> frozenset[str]:
    return frozenset(short[:1] for short in _short_names_in(province_prefix))


# A city bureau's branch named after its county: 生态环境某某分局 (the county short or full
# name between the bureau's field and 分局), as written since the 2019 vertical reform.
_FIELD_BRANCH = re.compile(r"(?:生态环境|公安|税务|自然资源和规划|规划和自然资源|自然资源|市场监督管理|市场监管)([\u4e00-\u9fff]{2,5}?)分局")


def field_branch_bureaus(f: OrgFinder) -> None:
    """Branches named field + county + 分局: 生态环境某某分局, 公安某某分局 (kept as written)."""
    from .divisions import table

    t = table()
    within = (f.ctx.province_code or f.ctx.city_code or "")[:2]
    for m in _FIELD_BRANCH.finditer(f.text):
        county = m.group(1)
        ds = [d for d in (*t.by_short.get(county, ()), *t.by_name.get(county, ())) if d.level == "county"]
        if within:
            ds = [d for d in ds if d.code.startswith(within)]
        if not ds or f.overlaps(m.start(), m.end()):
            continue
        f.put(m.start(), m.end(), m.group(0), m.group(0), "government_department", ds[0].name, ds[0].code)
        f.take(m.start(), m.end())


# ------------------------------------------------------------------ names without a prefix


def national_bodies(f: OrgFinder) -> None:
    """Central bodies written without a prefix (patterns/national_orgs.txt): 国务院办公厅, 农业农村部."""
    text = f.text
    for name, kind, full in _national_orgs():
        if name not in text:
            continue  # most names are absent: no need to search with a pattern
        for m in _national_pattern(name).finditer(text):
            if m.start() > 0 and text[m.start() - 1] in "省市县区州":
                continue  # 市教育局-style names are found with their prefix
            if not f.overlaps(m.start(), m.end()):
                f.put(m.start(), m.end(), name, full, kind)
                f.take(m.start(), m.end())


@lru_cache(maxsize=None)
def _national_pattern(name: str) -> re.Pattern[str]:
    """A national body's name not followed by 门/长/属 (教育部门 is a kind, 部长 a post); compiled
    once per name (hundreds of names overflow re's own cache)."""
    return re.compile(re.escape(name) + r"(?![门长属])")


_SUBDISTRICT_OFFICE = re.compile(r"(?:^|[、，。；：\n在由和与及])([\u4e00-\u9fff]{2,4}?)(?:街道办事处|地区办事处)")


def subdistrict_offices(f: OrgFinder) -> None:
    """Sub-district offices named without a prefix: 某某街道办事处, 某某地区办事处."""
    if "办事处" not in f.text:
        return  # (the pattern needs it)
    for m in _SUBDISTRICT_OFFICE.finditer(f.text):
        if not f.overlaps(m.start(1), m.end()):
            f.add(m.start(1), m.end(), f.text[m.start(1) : m.end()], "government_department")
            f.take(m.start(1), m.end())


_UNPREFIXED_GROUP = re.compile(
    r"(?:[的由、，。；：\n“]|成立|设立|组建|建立|调整)((?:(?![的由在对把被将从向于是了着以等及和与为任])[\u4e00-\u9fff“”]){4,16}?)"
    r"(?:领导小组办公室|领导小组|指挥部办公室|指挥部)"
)


def unprefixed_groups(f: OrgFinder) -> None:
    """Leading groups named without a prefix, back to the last function word:
    成立产业发展工作领导小组 → 产业发展工作领导小组."""
    if "领导小组" not in f.text and "指挥部" not in f.text:
        return  # (the pattern needs one of them)
    for m in _UNPREFIXED_GROUP.finditer(f.text):
        s, e = m.start(1), m.end()
        if f.overlaps(s, e) or len(m.group(1)) < 4 or m.group(1).startswith(("工作", "领导")):
            continue
        f.add(s, e, f.text[s:e], "leading_group")
        f.take(s, e)


_BARE_GOVERNMENT = re.compile(r"(?<=[由经是和与及、，])政府(?![部机工性采投债购主引补资信网职服层办])(?!和社会)")


def bare_government(f: OrgFinder) -> None:
    """The bare word 政府 as the actor of a sentence (由政府存入): the county (or city) government."""
    ctx = f.ctx
    if not (ctx.county or ctx.city):
        return
    place = ctx.county or ctx.city
    code = ctx.county_code if ctx.county else ctx.city_code
    for m in _BARE_GOVERNMENT.finditer(f.text):
        if not f.overlaps(m.start(), m.end()):
            f.put(m.start(), m.end(), "政府", f"{place}人民政府", "government_department", place, code)
            f.take(m.start(), m.end())


# 人大 and 政协 written bare as a pair, as the bodies that oversee a government's work
# (在人大、政协的监督支持下; 接受人大和政协监督): the focus county's (or city's) congress and
# political consultative conference.
_BARE_LEGISLATURE = re.compile(r"(?<=[在由和与及、，,受向请])(人大)(?:常委会)?[、和与及](政协)(?![委员])|(?<=各位)(政协)(?=委员)")


def bare_legislature(f: OrgFinder) -> None:
    """人大、政协 written bare as a pair: 在人大、政协的监督下 → <county>人民代表大会常务委员会 and
    中国人民政治协商会议<county>委员会; 请各位政协委员… (a work report's closing) → <county>政协."""
    ctx = f.ctx
    place = ctx.county or ctx.city or ctx.province
    if not place:
        return
    code = ctx.county_code if ctx.county else (ctx.city_code if ctx.city else ctx.province_code)
    for m in _BARE_LEGISLATURE.finditer(f.text):
        for g in (1, 2, 3):
            s, e = m.start(g), m.end(g)
            if m.group(g) and not f.overlaps(s, e):
                f.put(s, e, m.group(g), _full_form(place + m.group(g)), "other", place, code)
                f.take(s, e)


_COMPANY = re.compile(r"([\u4e00-\u9fff（）()]{2,16}?)(股份有限公司|有限责任公司|有限公司|集团有限公司)")


def companies(f: OrgFinder) -> None:
    """Companies without an administrative prefix, cut after the last break word before them:
    引进某某科技有限公司 → 某某科技有限公司."""
    text = f.text
    if "公司" not in text:
        return  # every company suffix ends in 公司: no need to run the pattern at each position
    for m in _COMPANY.finditer(text):
        cut = 0
        for b in _BREAK.finditer(m.group(1)):
            cut = b.end()
        s = m.start() + cut
        name = text[s : m.end()]
        if len(name) - len(m.group(2)) >= 2 and not f.overlaps(s, m.end()):
            f.add(s, m.end(), name, "enterprise")
            f.take(s, m.end())


# A cooperative named without an administrative prefix, cut after the last break word or time
# word before it (10年前某某蔬菜专业合作社成立 → 某某蔬菜专业合作社; 推动某某村合作社业务 → 某某村合作社).
# Generic kinds (农民专业合作社, 特色合作社) are not names.
_COOPERATIVE = re.compile(r"([\u4e00-\u9fff]{2,12}?)(专业合作社|股份经济合作社|经济合作社|合作联社|合作社)")
_TIME_CUT = re.compile(r"年前|以前|以来|当年|同年|年底|年初")
_GENERIC_COOP = re.compile(r"^(?:标准化|农民|农业|专业|特色|村级|集体|股份|土地|各类|示范|规范|家庭|新型|党支部引领|村集体|种植|养殖|村)+$"
                           r"|(?:养殖|种植|种养|文化|旅游|农机|植保|劳务|电商|服务|生产|加工)$")


def cooperatives(f: OrgFinder) -> None:
    """Named cooperatives: 某某韭菜专业合作社, 某某村合作社 (type enterprise)."""
    text = f.text
    if "合作" not in text:
        return
    for m in _COOPERATIVE.finditer(text):
        cut = max([0] + [b.end() for b in _BREAK.finditer(m.group(1))] + [b.end() for b in _TIME_CUT.finditer(m.group(1))])
        s = m.start() + cut
        body = text[s : m.start(2)]
        if len(body) < 3 and not body.endswith(("村", "屯", "寨")):
            continue  # a two-character body is a verb (构建合作社) unless it is a village's
        if _GENERIC_COOP.search(body) or body in _NOT_BRAND or f.overlaps(s, m.end()):
            continue
        f.add(s, m.end(), text[s : m.end()], "enterprise")
        f.take(s, m.end())


# Companies listed by brand before 等公司/等企业 (规模较大的有某某、某某食品等公司 → both);
# the list opens after 有/如/包括/a colon or a clause boundary.
_LISTED_COMPANIES = re.compile(
    r"(?:有|如|包括|[：:，、])((?:[\u4e00-\u9fff]{2,8}、){1,8}[\u4e00-\u9fff]{2,8}?)等(?:\d+家)?(?:龙头)?(?:公司|企业)"
)


def listed_companies(f: OrgFinder) -> None:
    """Brand-named companies in a list closed by 等公司/等企业: 某某、某某农产品等公司."""
    text = f.text
    if "等" not in text:
        return
    for m in _LISTED_COMPANIES.finditer(text):
        items = m.group(1).split("、")
        head = re.split(r"有|如|包括", items[0])[-1]  # 规模较大的有某某 → 某某
        pos = m.start(1) + len(items[0]) - len(head)
        for item in [head, *items[1:]]:
            s, e = pos, pos + len(item)
            pos = e + 1
            if item[:2] in _NOT_BRAND or _BREAK.search(item) or item in _not_orgs() or f.overlaps(s, e):
                continue
            f.put(s, e, item, item, "enterprise")
            f.take(s, e)


# A company group known by its brand: 2-6 characters and 集团 standing alone in a list or
# a clause (某某集团、某某集团等企业落户; 某某集团在我区…), optionally with a regional unit
# (某某集团华北区域总部).
_BRAND_GROUP = re.compile(
    r"(?:^|(?<=[、，。；：\n“（]))((?:(?![的了在是和与及等将把被对为由从向])[\u4e00-\u9fff]){2,6}?集团"
    r"(?:[\u4e00-\u9fff]{2,6}?(?:区域总部|总部|分公司|子公司))?)(?=[、，。；等在和与及落先相）”\n])"
)


def brand_groups(f: OrgFinder) -> None:
    """Company groups known by brand: 某某集团、某某科工集团等央企 → 某某集团, 某某科工集团."""
    if "集团" not in f.text:
        return  # (the pattern needs 集团)
    for m in _BRAND_GROUP.finditer(f.text):
        s, e = m.start(1), m.end(1)
        name = m.group(1)
        if f.overlaps(s, e) or _BREAK.search(name) or name in _not_orgs():
            continue
        f.put(s, e, name, name, "enterprise")
        f.take(s, e)
        head = name[: name.index("集团") + 2]
        if head != name:  # the group itself is named inside its regional unit's name
            f.put(s, s + len(head), head, head, "enterprise")


# A company known by brand + trade as the first part of a project's name, in a list of
# projects counted after 等 (某某精工机器人、某某面业等26个项目实现竣工).
_TRADE = (r"(?:精工|面业|印刷|科技|能源|电气|食品|医药|药业|材料|新材|建材|纺织|服饰|机械|电子|光电|智能|生物|化工|"
          r"包装|制造|实业|农业|矿业|钢铁|汽车|物流|置业|环保|光伏|电力|水泥|乳业|酒业|茶业|牧业|果业|重工|铝业|陶瓷|家居)")
_PROJECT_COUNT = re.compile(r"等(?:\d+个)?(?:重点|重大|产业|招商)?项目")
_PROJECT_ITEM = re.compile(rf"(?:^|(?<=[、，,：:。；\n]))([\u4e00-\u9fff]{{2}}{_TRADE})(?=[\u4e00-\u9fff（(]|[、等])")
# Two-character words that open generic project names (农业科技, 现代物流), not brands.
_NOT_BRAND = frozenset("农业 现代 新型 绿色 智慧 数字 高新 特色 生态 文化 旅游 城市 乡村 农村 工业 中小 重点 优质 新兴 传统 清洁 节能 "
                       "储能 光伏 风电 综合 产业 园区 信息 电子 生物 医疗 汽车 装备 建筑 能源 科技 食品".split())


def project_list_companies(f: OrgFinder) -> None:
    """Companies named by brand + trade in a counted project list: 某某精工机器人、某某面业等
    26个项目 → 某某精工, 某某面业 (enterprises)."""
    text = f.text
    for count in _PROJECT_COUNT.finditer(text):
        start = max(text.rfind(c, 0, count.start()) for c in "。；\n") + 1  # the clause before 等N个项目
        for m in _PROJECT_ITEM.finditer(text, start, count.start() + 1):
            s, e = m.start(1), m.end(1)
            if m.group(1)[:2] in _NOT_BRAND or f.overlaps(s, e) or _BREAK.search(m.group(1)):
                continue
            f.put(s, e, m.group(1), m.group(1), "enterprise")
            f.take(s, e)


# A government office named as the source of a page (来源:政府办): the focus county's office.
_SOURCE_OFFICE = re.compile(r"(?:来源|來源|稿源)[:：]\s*(政府办公室|政府办)(?=\s|$|[，。|])")


def source_offices(f: OrgFinder) -> None:
    """The government office named in a page's 来源 line: 来源:政府办 → <county>人民政府办公室."""
    ctx = f.ctx
    place = ctx.county or ctx.city
    if not place:
        return
    code = ctx.county_code if ctx.county else ctx.city_code
    for m in _SOURCE_OFFICE.finditer(f.text):
        if not f.overlaps(m.start(1), m.end(1)):
            f.put(m.start(1), m.end(1), m.group(1), place + "人民政府办公室", "government_department", place, code)
            f.take(m.start(1), m.end(1))


_GRASSROOTS = re.compile(
    r"(?:村(?:党支部|党总支|党委|委会|民委员会)|社区(?:党支部|党总支|党委|居委会|居民委员会)|居委会|居民委员会|"
    r"街道(?:办事处|党工委))(?=[书副主委成干负、，。；和与及牵组联共在对于为是的等将把])"
)


def _nearest_place(f: OrgFinder, pos: int, kinds: tuple[str, ...]) -> str | None:
    """The village/community/street named last before pos."""
    best = None
    for p in f.places:
        if p[1] <= pos and str(p[2]).endswith(kinds) and (best is None or p[1] > best[1]):
            best = p
    return str(best[2]) if best else None


def _grassroots_canonical(f: OrgFinder, s: int, written: str) -> tuple[str, str] | None:
    """(canonical, owner) of a grassroots body written without its owner, or None when no owner is named."""
    if written.startswith("街道"):
        owner = _nearest_place(f, s, ("街道",))
        if owner is None:
            return None  # 各镇人民政府、街道办事处: a generic distribution list
        county = f.ctx.county if f.ctx.county and not owner.startswith(f.ctx.county) else ""
        return county + owner + written[2:], owner
    village = written.startswith("村")
    owner = _nearest_place(f, s, ("村", "嘎查") if village else ("社区",))
    if owner is None:
        return None  # no village/community named before: a generic 村委会 (各村委会要…)
    body = written[1:] if village else written.removeprefix("社区")
    if body in ("委会", "村委会", "村民委员会"):
        return owner + "村民委员会", owner
    if body in ("居委会", "居民委员会"):
        return owner + "居民委员会", owner
    return _full_form(owner + body), owner


def grassroots_bodies(f: OrgFinder) -> None:
    """Grassroots bodies written without their village/community/street, usually inside a post
    (村党支部书记、村委会主任某某; 由街道办事处牵头): they belong to the nearest village, community
    or street named before them in the article."""
    text = f.text
    for m in _GRASSROOTS.finditer(text):
        s, e = m.start(), m.end()
        if f.overlaps(s, e) or (s > 0 and CJK.match(text[s - 1]) and text[s - 1] not in _BOUNDARY_BEFORE):
            continue
        written = m.group(0)
        resolved = _grassroots_canonical(f, s, written)
        if resolved is None:
            continue
        kind = "party_organ" if "党" in written else ("government_department" if "办事处" in written else "other")
        f.put(s, e, written, resolved[0], kind, resolved[1])
        f.take(s, e)


_QUOTED_BODY = re.compile(r"“[^”]{1,10}”(?:志愿服务队|志愿者服务队|志愿者协会|服务队)")


def quoted_bodies(f: OrgFinder) -> None:
    """Named volunteer teams and other quoted bodies: “某某”志愿服务队."""
    for m in _QUOTED_BODY.finditer(f.text):
        if not f.overlaps(m.start(), m.end()):
            f.put(m.start(), m.end(), m.group(0), m.group(0), "social_organization")
            f.take(m.start(), m.end())


_STATE_FARM = re.compile(r"农垦[\u4e00-\u9fff]{0,8}?(?:集团有限公司|有限公司|集团|公司)")


def state_farms(f: OrgFinder) -> None:
    """State farm enterprises: <province>农垦某某公司/集团 (the province name before 农垦)."""
    provinces = _province_names()
    text = f.text
    for m in _STATE_FARM.finditer(text):
        s = next((m.start() - k for k in (5, 4, 3, 2) if text[max(0, m.start() - k) : m.start()] in provinces), m.start())
        if s < m.start() and not f.overlaps(s, m.end()) and not _BREAK.search(m.group(0)[2:]):
            f.add(s, m.end(), text[s : m.end()], "enterprise")
            f.take(s, m.end())


@lru_cache(maxsize=1)
def _province_names() -> frozenset[str]:
    """Full and short names of the provinces (built once: the division table is large)."""
    from .divisions import table

    t = table()
    provinces = {d.name for ds in t.by_short.values() for d in ds if d.level == "province"}
    provinces |= {short for short, ds in t.by_short.items() if any(d.level == "province" for d in ds)}
    return frozenset(provinces)


# The name of a news outlet: a newspaper, news site or broadcaster (optionally a named edition).
_OUTLET = r"[\u4e00-\u9fff]{2,10}?(?:日报|晚报|新闻网|网|电视台|广播电视台|报)(?:农村版|海外版|客户端)?"
_MEDIA_SOURCE = re.compile(
    rf"(?:来源|來源|稿源)[:：]\s*(?:{_OUTLET}[-－—/])?(?P<a>{_OUTLET})(?=\s|$|[，。|])"
    rf"|据《(?P<b>{_OUTLET})》"
    # A journal named in book-title marks as the source (来源：《某某研究》).
    rf"|(?:来源|來源|稿源)[:：]\s*《(?P<d>[\u4e00-\u9fff]{{2,12}})》"
    rf"|(?:^|\n)[ \u3000\t]*(?P<c>{_OUTLET})讯(?=[\s（(])"
    # …（某某新闻网 张三）: the outlet opening a byline bracket with a reporter's name.
    rf"|[（(](?P<e>{_OUTLET})[ \u3000]+[\u4e00-\u9fff]{{2,3}}[）)]"
    # 2018-11-04 22:29某某网: the outlet right after the page's time stamp, ending its line.
    rf"|\d{{1,2}}[:：]\d{{2}}(?:[:：]\d{{2}})?[ \u3000]*(?P<f>{_OUTLET})(?=[ \u3000]*(?:\n|$))"
    # 受到某某网刊登宣传: an outlet before a publishing verb, after a boundary or 受到/被/经.
    rf"|(?:(?<=[，、。；：\n“])|(?<=受到)|(?<=被)|(?<=经))(?!受到|被|经)(?P<g>{_OUTLET})(?=刊登|刊发|报道|转载|播出|专题报道)"
)


def media_sources(f: OrgFinder) -> None:
    """News outlets named as the source of an article: 来源：某某晚报, 据《某某日报》, a dateline
    某某新闻网讯 opening a paragraph."""
    if not any(w in f.text for w in ("来源", "來源", "稿源", "据《", "讯", "网", "报", "台")):
        return  # every form of the pattern needs one of these words
    not_orgs = _not_orgs()
    for m in _MEDIA_SOURCE.finditer(f.text):
        group = next(g for g in ("a", "b", "c", "d", "e", "f", "g") if m.group(g))
        name, s = m.group(group), m.start(group)
        e = s + len(name)
        if f.overlaps(s, e) or name in not_orgs:
            continue
        f.put(s, e, name, name, "other")
        f.take(s, e)


# A short form in brackets right after a name: 某某大学（以下简称“某大”）, 某某通讯社（某社）.
_SHORT_FORM_AFTER = re.compile(r"^[（(](?:以下简称|下称|简称)?[“\"]?([\u4e00-\u9fff]{2,6})[”\"]?[）)]")


def _abbreviates(short: str, name: str) -> bool:
    """Whether the characters of `short` occur in order in `name`, first with first (浙大 ← 浙江大学)."""
    if short[0] != name[0] or short == name:
        return False
    pos = 0
    for ch in short:
        pos = name.find(ch, pos)
        if pos < 0:
            return False
        pos += 1
    return True


def bracketed_short_forms(f: OrgFinder) -> None:
    """The 简称 in brackets after a name is the same body, there and wherever it recurs:
    某某技术学院（以下简称“某技院”） → 某技院 with the full name as canonical."""
    text = f.text
    for o in list(f.found):
        m = _SHORT_FORM_AFTER.match(text[o["end"] : o["end"] + 16])
        if not m or not _abbreviates(m.group(1), o["text"]):
            continue
        short = m.group(1)
        for k in re.finditer(re.escape(short), text):
            if not f.overlaps(k.start(), k.end()):
                f.put(k.start(), k.end(), short, o["canonical"], o["type"], o["place"], o["place_code"])
                f.take(k.start(), k.end())


Family = Callable[[OrgFinder], None]

# The order matters: a span taken by an earlier family is not taken again.
FAMILIES: dict[str, Family] = {
    "party_staffing_office": party_staffing_office,
    "youth_league": youth_league,
    "bank_branches": bank_branches,
    "central_bank": central_bank,
    "division_prefixed": division_prefixed,
    "autonomous_prefixed": autonomous_prefixed,
    "admin_char_prefixed": admin_char_prefixed,
    "cpc_committees": cpc_committees,
    "chain_party_organs": chain_party_organs,
    "county_short_prefixed": county_short_prefixed,
    "field_branch_bureaus": field_branch_bureaus,
    "national_bodies": national_bodies,
    "subdistrict_offices": subdistrict_offices,
    "unprefixed_groups": unprefixed_groups,
    "bare_government": bare_government,
    "bare_legislature": bare_legislature,
    "source_offices": source_offices,
    "companies": companies,
    "brand_groups": brand_groups,
    "cooperatives": cooperatives,
    "listed_companies": listed_companies,
    "project_list_companies": project_list_companies,
    "grassroots_bodies": grassroots_bodies,
    "quoted_bodies": quoted_bodies,
    "state_farms": state_farms,
    "media_sources": media_sources,
    "bracketed_short_forms": bracketed_short_forms,
}
