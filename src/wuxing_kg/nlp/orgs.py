"""Organisations by character patterns: [prefix] + name body + suffix (rule file).

A name starts at an administrative prefix (省/市/县/区/镇/乡, a division name found by
wx_places, 中共…, 国家/国务院) and ends at a suffix from `patterns/org_suffixes.txt`.
The shortest body wins, then the name may be extended by a sub-unit (市委 → 市委组织部,
市“X”政府 → 市“X”政府建设领导小组办公室). Bodies may not contain verbs or function
words (由政府存入 → 政府; 市治理办每月 → 市治理办).
`canonical` resolves the prefix from the article context (市X → <city>X, 省委 → 中共<province>委 …).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from .context import ArticleContext
from .resources import load_lines

CJK = re.compile(r"[\u4e00-\u9fff]")
ADMIN_CHARS = "省市县区州镇乡旗"


@lru_cache(maxsize=1)
def _suffixes() -> tuple[tuple[str, str], ...]:
    pairs = [tuple(line.split("\t")) if "\t" in line else (line, "other") for line in load_lines("org_suffixes.txt")]
    return tuple(sorted(((s.strip(), t.strip()) for s, t in pairs), key=lambda p: -len(p[0])))


@lru_cache(maxsize=1)
def _abbreviations() -> dict[str, str]:
    out = {}
    for line in load_lines("org_abbreviations.txt"):
        name, _, kind = line.partition("\t")
        out[name.strip()] = kind.strip() or "government_department"
    return out


@lru_cache(maxsize=1)
def _national_orgs() -> tuple[tuple[str, str, str], ...]:
    """(written name, type, canonical): an optional third column names the body a short
    form stands for (党中央 → 中共中央)."""
    pairs = []
    for line in load_lines("national_orgs.txt"):
        name, kind, canonical = (line.split("\t") + ["", ""])[:3]
        pairs.append((name.strip(), kind.strip() or "government_department", canonical.strip() or name.strip()))
    return tuple(sorted(pairs, key=lambda p: -len(p[0])))


@lru_cache(maxsize=1)
def _not_orgs() -> frozenset[str]:
    return frozenset(load_lines("org_not.txt"))


# Words that never occur inside an organisation name: verbs and function words that
# show the match ran past the name's real start or end.
_BREAK = re.compile(
    r"[的在对把被将从向于是了着以由等及或并为让请到给跟和与同即、，。；：！？,.;:!?（）()《》\s\d%％]|"
    r"推进|推动|开展|召开|建立|实施|完成|加强|深化|落实|组织|印发|出台|强化|坚持|围绕|通过|按照|根据|积极|"
    r"主动|认真|扎实|全面|进一步|下发|联合|会同|牵头|配合|指导|督促|要求|提出|提升|提高|探索|推行|首推|打造|"
    r"创建|实行|启动|暂停|办理|派出|抽调|集中|定期|每月|每年|今年|目前|已经|已|正在|共|均|各|多|次|项|个|"
    r"设立|建成|成立|依托|创办|领办|新建|组建|举办|建有|设有|引进|培育|带动|吸纳|返乡|创业|人员|群众|"
    r"分管|领导[^小]|负责|主要|相关|有关|直属|所属|所辖|下属|部门|单位|工作[^领专]|发展[^改和]|"
    r"建设[^领厅局委部]|管理[^局委处所站中办]"
)
# 和 is allowed inside long department names (人力资源和社会保障局, 住房和城乡建设局).
_AND_PREFIXES = ("人力资源和社会保障", "住房和城乡建设", "文化和旅游", "工业和信息化", "自然资源和规划",
                 "科学技术和", "广播电视和", "新闻出版和", "民族宗教和", "发展和改革", "卫生和计划生育",
                 "农业和农村", "交通运输和", "商务和", "教育和体育", "水利和", "旅游和文化", "文化广电和旅游",
                 "卫生和健康", "科技和工业信息化", "科学技术和工业信息化", "应急和", "农业农村和",
                 "林业和草原", "住房城乡建设和", "生态环境和", "发展改革和", "市场监督管理和",
                 # 与 in the same role (海洋与渔业局, common before the 2018 reorganisation)
                 "海洋与渔业", "海洋和渔业", "国土资源与", "文化体育与", "文化广电与", "人口与计划生育",
                 "人口和计划生育", "工业与信息化", "科学技术与", "交通与", "水务与", "民族与宗教", "民族和宗教")

# Characters before an administrative prefix char that make it the tail of a word
# (城市, 超市, 社区, 全市 …), so it is not the start of a name.
_NOT_BEFORE = {
    "市": set("城都超上门股夜集菜早闹街楼花灯墟坊互利开黑书车房全各本该每我两直省县区"),
    "县": set("郡知州全各本该每我两市省区"),
    "省": set("全各本该每我反节自外外两"),
}
# For 区/州/镇/乡 the prefix must follow a boundary: they end too many common words.
_BOUNDARY_BEFORE = set("、，,。；;：:（(“\"《 \n由在对向和与及同经据按将把被为让请到等或并但而是了后合织导促商")
# Characters right after an administrative prefix char that make it a word (市场, 县级 …).
_NOT_AFTER = {
    "市": set("场民区级直内外中容值属县里面井况"),
    "县": set("级域城内外区乡市里长"),
    "省": set("级内外份会钱略市县"),
    "区": set("域别间级内外位块划"),
    "州": set("级内外市县"),
    "镇": set("级内外村"),
    "乡": set("级内外村镇土亲愁贤"),
    "旗": set("级帜舰下手号"),
}
# A one-character suffix followed by one of these is the start of a word (网上办理, 中心城区).
_SUFFIX_NOT_AFTER = {
    "办": set("理事公学法园案结件好成了"),
    "局": set("面势部限"),
    "所": set("有以在得属需谓"),
    "站": set("在起稳"),
    "院": set("校子落"),
    "委": set("托屈员派"),
    "中心": set("城区"),
    "人大": set("代"),  # 人大代表 is a post
    "政协": set("委"),  # 政协委员 is a post
    "小学": set("生"),
    "中学": set("生"),
}
# After an organisation name: it was part of an event or a document name, not a body.
# An ordinal session (…人大四次会议, …党委第三次全体会议) also makes the name part of an event.
_EVENT_AFTER = re.compile(r"^(?:（[^）]{1,8}）)?(?:第?[一二三四五六七八九十]{1,3}次(?:全体)?)?(?:交流会|推进会|座谈会|大会|会议|论坛|峰会|博览会|洽谈会|年会|现场会)")

# Sub-units that extend a name found first (市委 → 市委组织部; …局 → …局交警支队).
_SUBUNIT = re.compile(
    r"^(?:有限公司|股份有限公司|有限责任公司|党校|[\u4e00-\u9fff]{0,4}?(?:组织部|宣传部|统战部|政法委|编办|纪委监委|纪委|分局|支队|大队|派出所|支行|分行|营业部|分公司|党委|党组|工委|办公室|办公厅)"
    r"|[\u4e00-\u9fff“”]{0,14}?(?:领导小组办公室|领导小组|指挥部办公室|指挥部)|管委会|管理委员会|联合社)"
)
_BANKS = (
    "中国工商银行|中国农业银行|中国建设银行|中国银行|交通银行|中国邮政储蓄银行|邮储银行|国家开发银行|中国农业发展银行|"
    "农业发展银行|中国进出口银行|工商银行|农业银行|建设银行|招商银行|兴业银行|中信银行|民生银行|光大银行|浦发银行|"
    "华夏银行|平安银行|广发银行|农发行|工行|农行|建行|中行"
)
_BANK_BRANCH = re.compile(rf"(?:{_BANKS})(?:[\u4e00-\u9fff]{{2,8}}?(?:分行|支行|营业部))?")
_BRAND_BEFORE = re.compile(r"(?:中共|国家税务总局|国网|国家电网|中国移动|中国电信|中国联通|中国石化|中国石油|中国邮政|中国铁塔|南方电网|中国人寿|中国人保|国家电网)$")
_SUBDISTRICT_OFFICE = re.compile(r"(?:^|[、，。；：\n在由和与及])([\u4e00-\u9fff]{2,4}?)(?:街道办事处|地区办事处)")
_UNPREFIXED_GROUP = re.compile(
    r"(?:[的由、，。；：\n“]|成立|设立|组建|建立|调整)((?:(?![的由在对把被将从向于是了着以等及和与为任])[\u4e00-\u9fff“”]){4,16}?)"
    r"(?:领导小组办公室|领导小组|指挥部办公室|指挥部)"
)
_PARTY_SPECIAL = re.compile(r"([省市县区州旗])委编制部门")
_YOUTH_LEAGUE = re.compile(r"团([省市县区州旗])委")
_PBOC = re.compile(r"(?:中国人民银行|人民银行|人行)([\u4e00-\u9fff]{2,8}?[省市县区州])?(中心支行|支行|分行|营业管理部)")
_BARE_GOVERNMENT = re.compile(r"(?<=[由经是和与及、，])政府(?![部机工性采投债购主引补资信网职服层和办])")
_COMPANY = re.compile(r"([\u4e00-\u9fff（）()]{2,16}?)(股份有限公司|有限责任公司|有限公司|集团有限公司)")


def _suffix_at(text: str, pos: int) -> tuple[str, str] | None:
    for suffix, kind in _suffixes():
        if text.startswith(suffix, pos):
            return suffix, kind
    return None


def _body_ok(body: str) -> bool:
    plain = re.sub(r"“[^”]{1,12}”", "", body)
    if "“" in plain or "”" in plain:
        return False
    for name in _AND_PREFIXES:  # 和/与 inside 人力资源和社会保障局, 海洋与渔业局 …
        conj = "与" if "与" in name else "和"
        head = name[: name.index(conj) + 1]
        if plain.startswith(head) or head.startswith(plain):
            plain = plain.replace(conj, "", 1)
            break
    return not _BREAK.search(plain) and all(CJK.match(c) for c in plain)


def scan_name(text: str, body_start: int, max_body: int = 14) -> tuple[int, str] | None:
    """The end of the shortest `body + suffix` starting at body_start, then extended by sub-units."""
    end = None
    kind = "other"
    limit = min(len(text), body_start + max_body + 1)
    for pos in range(body_start, limit):
        if not _body_ok(text[body_start:pos]):
            return None
        found = _suffix_at(text, pos)
        if found and text[pos + len(found[0]) : pos + len(found[0]) + 1] in _SUFFIX_NOT_AFTER.get(found[0], ()):
            found = None
        if found:
            end = pos + len(found[0])
            kind = found[1]
            break
    if end is None:
        return None
    while True:
        m = _SUBUNIT.match(text[end:])
        if not m or not _body_ok(re.sub(r"(?:组织部|宣传部|统战部|政法委|编办|纪委监委|纪委|分局|支队|大队|派出所|支行|分行|营业部|分公司|党委|党组|工委|办公室|办公厅|领导小组办公室|领导小组|指挥部办公室|指挥部|管委会|管理委员会|有限公司|股份有限公司|有限责任公司|党校)$", "", m.group(0))):
            break
        end += m.end()
        kind = _kind_of_suffix(text[body_start:end]) or kind
    return end, kind


# County short names that are also common words (新建 is a district of Nanchang and a verb).
_SHORT_PREFIX_STOP = frozenset("新建 大方 安居 进贤 合作 开发 建设 发展 和平 平安 新华 长安 太平 永和 太和 和顺 长顺 正安 定远 东至 新兴 长宁 安定 城中 新城".split())


@lru_cache(maxsize=1)
def _place_stop() -> frozenset[str]:
    return frozenset(load_lines("place_stop.txt"))


def _kind_suffix_len(name: str) -> int:
    for suffix, _kind in _suffixes():
        if name.endswith(suffix):
            return len(suffix)
    return 0


def _kind_of_suffix(name: str) -> str | None:
    for suffix, kind in _suffixes():
        if name.endswith(suffix):
            return kind
    return None


def org_type(name: str, suffix_kind: str | None = None) -> str:
    """Type from the (canonical or written) name."""
    core = re.sub(r"^中共", "", name)
    if re.search(r"(?:领导小组|指挥部|工作专班)(?:办公室)?$", core):
        return "leading_group"
    if name.startswith("中共") or re.search(r"(?:^|[省市县区州])委(?:[^员会]{0,6}(?:部|办|委|室|校))?$", core) or re.search(
        r"(?:组织部|宣传部|统战部|政法委|纪委|监委|编办|党委|党组|党工委|工委|党校|机构编制委员会办公室|编制部门)$", core
    ):
        return "party_organ"
    for abbr, kind in _abbreviations().items():
        if core.endswith(abbr):
            return kind
    kind = suffix_kind or _kind_of_suffix(core) or "other"
    if kind == "government_department" and re.search(r"[^办公]办$", core) and not re.search(r"(?:政务|金融|外|台|侨|扶贫|信访|法制|应急|政府)办$", core):
        return "leading_group"  # X办 of a campaign (治理办, 创建办)
    return kind


def canonical_name(text: str, ctx: ArticleContext) -> tuple[str, str | None, str | None]:
    """Canonical name and the place (name, code) it belongs to."""
    first = text[:1]
    rest = text[1:]
    place, code = None, None
    if first == "市" and ctx.county and ctx.county.endswith("市"):
        place, code = ctx.county, ctx.county_code  # an article about a county-level city
    elif first == "市" and ctx.city:
        place, code = ctx.city, ctx.city_code
    elif first == "县" and ctx.county and ctx.county.endswith("县"):
        place, code = ctx.county, ctx.county_code
    elif first == "县" and ctx.county and not ctx.county.endswith("区"):
        place, code = ctx.county, ctx.county_code
    elif first == "区" and ctx.county and ctx.county.endswith("区"):
        place, code = ctx.county, ctx.county_code
    elif first == "旗" and ctx.county and ctx.county.endswith("旗"):
        place, code = ctx.county, ctx.county_code
    elif first == "省" and ctx.province:
        place, code = ctx.province, ctx.province_code
    if place is None:
        canonical = text
        if re.match(r"^[\u4e00-\u9fff]{2,8}?[省市县区州]委(?:$|[^员会])", text) and not text.startswith("中共"):
            canonical = "中共" + text
        canonical = re.sub(r"^([\u4e00-\u9fff]{2,8}?[省市县区州])政府", r"\1人民政府", canonical)
        return canonical, None, None
    if rest.startswith("委") and not rest.startswith("委员会"):
        return "中共" + place + rest, place, code
    if rest.startswith("政府"):
        return place + "人民" + rest, place, code
    return place + rest, place, code


def _full_form(canonical: str) -> str:
    """Written-out names of abbreviated bodies (区人大 → X区人民代表大会常务委员会,
    区政协 → 中国人民政治协商会议X区委员会, X街道党工委 → 中共X街道工作委员会, X镇党委 → 中共X镇委员会)."""
    m = re.match(r"^(.{2,12}?)人大(?:常委会)?$", canonical)
    if m and m.group(1)[-1] in "省市县区州旗盟":
        return m.group(1) + "人民代表大会常务委员会"
    m = re.match(r"^(.{2,12}?)政协$", canonical)
    if m and m.group(1)[-1] in "省市县区州旗盟":
        return "中国人民政治协商会议" + m.group(1) + "委员会"
    m = re.match(r"^(?:中共)?(.{2,16}?(?:街道|镇|乡|社区|村|嘎查))(党工委|党委|党支部|党总支)$", canonical)
    if m:
        tail = {"党工委": "工作委员会", "党委": "委员会", "党支部": "支部委员会", "党总支": "总支部委员会"}[m.group(2)]
        return "中共" + m.group(1) + tail
    return canonical


def canonical_org(text: str | None, ctx: ArticleContext) -> dict[str, Any] | None:
    """Attributes of an organisation written as `text` (used for the bulletin issuer)."""
    if not text:
        return None
    canonical, place, code = canonical_name(text, ctx)
    return {"text": text, "canonical": canonical, "type": org_type(text), "place": place, "place_code": code}


_SERIES_PROGRAM_END = re.compile(r"(?:建设|行动|工程|改革|创建|攻坚|治理|提升|振兴|示范|活动|战略|专项整治)$")


def series_program(title: str | None, ctx: ArticleContext) -> dict[str, Any] | None:
    """A bulletin series named after a programme (X市“Y”政府建设工作简报 → “Y”政府建设)."""
    if not title:
        return None
    from .places import find_places

    core = re.sub(r"(?:工作)?(?:简报|通讯|动态|快报|专报|信息)$", "", title)
    hits = [h for h in find_places(core) if h.start == 0]
    if hits:
        core = core[hits[0].end :]
    core = core.strip()
    from .programs import national_programs

    if len(core) < 3 or not ("“" in core or _SERIES_PROGRAM_END.search(core) or core in national_programs()):
        return None
    return {"text": core}


def find_orgs(text: str, places: list[tuple[Any, ...]], ctx: ArticleContext) -> list[dict[str, Any]]:
    """Organisation mentions as dicts: start, end, text, canonical, type, place, place_code."""
    found: list[dict[str, Any]] = []
    taken: list[tuple[int, int]] = []
    not_orgs = _not_orgs()

    def overlaps(s: int, e: int) -> bool:
        return any(s < b and a < e for a, b in taken)

    def add(start: int, end: int, written: str, kind: str, where: tuple[str, str | None] | None = None) -> None:
        if _EVENT_AFTER.match(text[end:]):
            return
        if re.search(r"(?:电站|加油站|车站|基站|水站|泵站|气站|充电站|服务点|安置点)$", written):
            return  # facilities, not organisations
        prefixed = written[:1] in ADMIN_CHARS
        core = written[1:] if prefixed else written
        if written in not_orgs or not core:
            return
        if core in not_orgs and not (prefixed and core in ("委", "政府", "人民政府")):
            return
        if text[end : end + 1] == "网" or text.startswith("门户", end):
            return  # a website named after its owner (X人民政府网) is a platform
        # A party branch belongs to a village or a unit, never straight to a city or county
        # (某市党支部引领合作社 names a model); an ordinal 第一家 describes, it does not name.
        if re.search(r"[省市县区州]党(?:支部|总支)$", written) or re.search(r"第[一二三四五六七八九十\d]+家", written):
            return
        # 某区街道党工委书记 speaks of all street committees of the district (no street is named).
        if re.search(r"[省市县区旗]街道(?:党工委|工委|办事处)$", written):
            return
        # A village/community party branch needs a named village before it: 推广村党支部领办
        # (e.g. 各地推广村党支部…) names the kind of body, not one body.
        branch = re.match(r"^(.+?)(村|社区)(?:党支部|党总支|党委)$", written)
        if branch and not any(p[0] <= start and p[1] == start + len(branch.group(1)) + len(branch.group(2))
                              for p in places):
            return
        canonical, place, code = canonical_name(written, ctx)
        if written[:1] in "镇乡" and place is None:
            # 镇政府, 镇卫生院: the township named last before it (博鳌镇…镇政府).
            town = next((str(p[2]) for p in sorted(places, key=lambda p: -p[1])
                         if p[1] <= start and str(p[2]).endswith(written[0]) and len(str(p[2])) >= 3), None)
            if town:
                rest = written[1:]
                canonical = town + ("人民" + rest if rest.startswith("政府") else rest)
                place = town
        canonical = _full_form(canonical)
        if where and place is None:
            place, code = where
        found.append(
            {
                "start": start,
                "end": end,
                "text": written,
                "canonical": canonical,
                "type": org_type(written, kind),
                "place": place,
                "place_code": code,
            }
        )

    # Special forms first.
    for m in _PARTY_SPECIAL.finditer(text):
        prefix = m.group(1)
        canonical, place, code = canonical_name(prefix + "委", ctx)
        found.append({"start": m.start(), "end": m.end(), "text": m.group(0),
                      "canonical": canonical + "机构编制委员会办公室", "type": "party_organ",
                      "place": place, "place_code": code})
        taken.append((m.start(), m.end()))

    for m in _YOUTH_LEAGUE.finditer(text):
        canonical, place, code = canonical_name(m.group(1) + "委", ctx)
        found.append({"start": m.start(), "end": m.end(), "text": m.group(0),
                      "canonical": "共青团" + canonical.removeprefix("中共"), "type": "social_organization",
                      "place": place, "place_code": code})
        taken.append((m.start(), m.end()))
    for m in _BANK_BRANCH.finditer(text):
        if overlaps(m.start(), m.end()) or (m.end() - m.start() <= 2 and m.group(0) == text[m.start():m.end()] and not text[m.end():m.end()+1] in "、，。"):
            continue
        if _BREAK.search(m.group(0)[2:]) and m.group(0) not in _BANKS.split("|"):
            continue
        found.append({"start": m.start(), "end": m.end(), "text": m.group(0), "canonical": m.group(0),
                      "type": "bank", "place": None, "place_code": None})
        taken.append((m.start(), m.end()))
    for m in _PBOC.finditer(text):
        if overlaps(m.start(), m.end()):
            continue
        rest = re.sub(r"^(?:中国人民银行|人民银行|人行)", "", m.group(0))
        found.append({"start": m.start(), "end": m.end(), "text": m.group(0), "canonical": "中国人民银行" + rest,
                      "type": "bank", "place": None, "place_code": None})
        taken.append((m.start(), m.end()))

    # Names that start at a division name found by wx_places (成都市教育局, 四川省委),
    # possibly behind 中共 or a national enterprise brand (国网X县供电公司).
    by_start = {p[0]: p for p in places}
    for place in places:
        ps, pe = place[0], place[1]
        if overlaps(ps, pe):
            continue
        start = ps
        brand = _BRAND_BEFORE.search(text[max(0, ps - 6) : ps])
        if brand:
            start = ps - len(brand.group(0))
        res = scan_name(text, pe)
        if res and res[0] > pe:
            end, kind = res
            if not overlaps(start, end):
                # The org belongs to the last division of the chain it starts with (成都市武侯区…).
                last = place
                while last[1] in by_start and by_start[last[1]][1] <= end:
                    last = by_start[last[1]]
                add(start, end, text[start:end], kind, last[2:4] if len(last) >= 4 else None)
                taken.append((start, end))

    # 自治区 as the prefix of an autonomous region's own body (e.g. 自治区民政厅 in a Xinjiang
    # text → 新疆维吾尔自治区民政厅): the article's province when it is an autonomous region.
    if ctx.province and ctx.province.endswith("自治区"):
        for m in re.finditer(r"自治区", text):
            s = m.start()
            if overlaps(s, m.end()) or (s > 0 and CJK.match(text[s - 1]) and text[s - 1] not in _BOUNDARY_BEFORE):
                continue
            res = scan_name(text, m.end())
            if res and not overlaps(s, res[0]):
                end, kind = res
                written = text[s:end]
                canonical = ctx.province + ("人民" + written[3:] if written[3:].startswith("政府") else written[3:])
                if written[3:].startswith("党委"):
                    canonical = "中共" + ctx.province + "委员会" + written[5:]
                found.append({"start": s, "end": end, "text": written, "canonical": canonical,
                              "type": org_type(written, kind), "place": ctx.province,
                              "place_code": ctx.province_code})
                taken.append((s, end))

    # Names that start at an administrative prefix char (市教育局, 县邮政储蓄银行, 市、区X办).
    for i, ch in enumerate(text):
        if ch not in ADMIN_CHARS or overlaps(i, i + 1):
            continue
        before = text[i - 1] if i > 0 else ""
        if before and CJK.match(before):
            if ch in _NOT_BEFORE:
                if before in _NOT_BEFORE[ch]:
                    continue
            elif before not in _BOUNDARY_BEFORE and text[max(0, i - 2) : i] != ch + "委":
                continue  # (区委区政府: the second 区 starts a name)
        after = text[i + 1 : i + 2]
        if after in _NOT_AFTER.get(ch, ()) and not (ch != "市" and text.startswith("市场", i + 1)):
            continue  # (but 省市场监管局, 县市场监管局 are names)
        # Coordinated prefixes: 市、区创文办 → 市创文办 + 区创文办.
        m = re.match(r"([省市县区])((?:、[省市县区])+)", text[i:])
        if m:
            body_start = i + m.end()
            res = scan_name(text, body_start)
            if res:
                end, kind = res
                body = text[body_start:end]
                # Distinct offsets per conjunct (span._.wx is keyed by offsets): 市 from i, 区 from i+2.
                for k, p in enumerate([m.group(1)] + m.group(2).split("、")[1:]):
                    add(i + 2 * k, end, p + body, kind)
                taken.append((i, end))
            continue
        res = scan_name(text, i + 1)
        if res:
            end, kind = res
            if not overlaps(i, end):
                add(i, end, text[i:end], kind)
                taken.append((i, end))

    # 中共 + name + 委 (中共中央, 中共X委) and national bodies.
    for m in re.finditer(r"中共[\u4e00-\u9fff]{1,10}?委(?:员会)?(?:[\u4e00-\u9fff]{0,4}?(?:组织部|宣传部|统战部|政法委|办公室))?", text):
        if not overlaps(m.start(), m.end()):
            add(m.start(), m.end(), m.group(0), "party_organ")
            taken.append((m.start(), m.end()))

    # Names that start at a county/city short name of the bulletin's province (义乌海关, 乐清农商银行).
    from .divisions import table

    t = table()
    within = (ctx.province_code or ctx.city_code or "")[:2]
    if within:
        for i in range(len(text) - 2):
            brand = _BRAND_BEFORE.search(text[max(0, i - 6) : i])
            if overlaps(i, i + 1) or (i > 0 and CJK.match(text[i - 1]) and text[i - 1] not in _BOUNDARY_BEFORE
                                      and not brand and not _FOUNDING_VERB.search(text[max(0, i - 2) : i])):
                continue
            for length in (4, 3, 2):
                cand = text[i : i + length]
                ds = [d for d in t.by_short.get(cand, ()) if d.code.startswith(within) and d.level != "province"]
                if not ds or overlaps(i, i + length):
                    continue
                if cand in _SHORT_PREFIX_STOP or cand in _place_stop():
                    break
                res = scan_name(text, i + length, max_body=8)
                # Only names ending in a multi-character suffix: 新建便民服务站 is a verb phrase.
                if res and res[0] > i + length and _kind_suffix_len(text[i : res[0]]) >= 2 and not overlaps(i, res[0]):
                    s0 = i - len(brand.group(0)) if brand else i  # 国网X供电公司
                    add(s0, res[0], text[s0 : res[0]], res[1], (ds[0].name, ds[0].code))
                    taken.append((s0, res[0]))
                break

    # Central bodies written without a prefix (国务院办公厅, 农业农村部).
    for name, kind, full in _national_orgs():
        for m in re.finditer(re.escape(name) + r"(?![门长属])", text):  # 教育部门 is a kind, 部长 a post
            if m.start() > 0 and text[m.start() - 1] in "省市县区州":
                continue  # 市教育局-style names are found with their prefix
            if not overlaps(m.start(), m.end()):
                found.append({"start": m.start(), "end": m.end(), "text": name, "canonical": full, "type": kind,
                              "place": None, "place_code": None})
                taken.append((m.start(), m.end()))

    # Sub-district offices without a prefix (X街道办事处, X地区办事处).
    for m in _SUBDISTRICT_OFFICE.finditer(text):
        if not overlaps(m.start(1), m.end()):
            add(m.start(1), m.end(), text[m.start(1) : m.end()], "government_department")
            taken.append((m.start(1), m.end()))

    # Leading groups named without a prefix (成立…的产业发展工作领导小组): back to the last function word.
    for m in _UNPREFIXED_GROUP.finditer(text):
        s, e = m.start(1), m.end()
        if overlaps(s, e) or len(m.group(1)) < 4 or m.group(1).startswith(("工作", "领导")):
            continue
        add(s, e, text[s:e], "leading_group")
        taken.append((s, e))

    # The bare word 政府 as the actor of a sentence (由政府存入): the county/city government.
    for m in _BARE_GOVERNMENT.finditer(text):
        if overlaps(m.start(), m.end()) or not (ctx.county or ctx.city):
            continue
        place = ctx.county or ctx.city
        code = ctx.county_code if ctx.county else ctx.city_code
        found.append({"start": m.start(), "end": m.end(), "text": "政府", "canonical": f"{place}人民政府",
                      "type": "government_department", "place": place, "place_code": code})
        taken.append((m.start(), m.end()))

    # Companies without an administrative prefix (X科技有限公司).
    for m in _COMPANY.finditer(text):
        s = m.start()
        name = m.group(0)
        # Cut at the last break word inside the run.
        cut = 0
        for b in _BREAK.finditer(m.group(1)):
            cut = b.end()
        s += cut
        name = text[s : m.end()]
        if len(name) - len(m.group(2)) >= 2 and not overlaps(s, m.end()):
            add(s, m.end(), name, "enterprise")
            taken.append((s, m.end()))

    # Grassroots bodies written without their village/community/street name, usually inside a
    # post (村党支部书记、村委会主任X; 社区党委书记、居委会主任X; 由街道办事处牵头): they belong to
    # the nearest village/community/street named before them in the article.
    def nearest(pos: int, kinds: tuple[str, ...]) -> str | None:
        best = None
        for p in places:
            if p[1] <= pos and str(p[2]).endswith(kinds) and (best is None or p[1] > best[1]):
                best = p
        return str(best[2]) if best else None

    for m in _GRASSROOTS.finditer(text):
        s, e = m.start(), m.end()
        if overlaps(s, e) or (s > 0 and CJK.match(text[s - 1]) and text[s - 1] not in _BOUNDARY_BEFORE):
            continue
        written = m.group(0)
        if written.startswith("街道"):
            owner = nearest(s, ("街道",))
            if owner is None:
                continue  # 各镇人民政府、街道办事处: a generic distribution list
            county = ctx.county if ctx.county and not owner.startswith(ctx.county) else ""
            canonical = county + owner + written[2:]
        else:
            village = written.startswith("村")
            owner = nearest(s, ("村", "嘎查") if village else ("社区",))
            body = written[1:] if village else written.removeprefix("社区")
            if owner is None:
                continue  # no village/community named before: a generic 村委会 (各村委会要…)
            if body in ("委会", "村委会", "村民委员会"):
                canonical = owner + "村民委员会"
            elif body in ("居委会", "居民委员会"):
                canonical = owner + "居民委员会"
            else:
                canonical = _full_form(owner + body)
        kind = "party_organ" if "党" in written else ("government_department" if "办事处" in written else "other")
        found.append({"start": s, "end": e, "text": written, "canonical": canonical, "type": kind,
                      "place": owner, "place_code": None})
        taken.append((s, e))

    # Named volunteer teams and other quoted bodies (“X”志愿服务队).
    for m in _QUOTED_BODY.finditer(text):
        if not overlaps(m.start(), m.end()):
            found.append({"start": m.start(), "end": m.end(), "text": m.group(0), "canonical": m.group(0),
                          "type": "social_organization", "place": None, "place_code": None})
            taken.append((m.start(), m.end()))

    # State farm enterprises: <province>农垦X公司/集团.
    provinces = {d.name for ds in t.by_short.values() for d in ds if d.level == "province"}
    provinces |= {short for short, ds in t.by_short.items() if any(d.level == "province" for d in ds)}
    for m in _STATE_FARM.finditer(text):
        s = next((m.start() - k for k in (5, 4, 3, 2) if text[max(0, m.start() - k) : m.start()] in provinces), m.start())
        if s < m.start() and not overlaps(s, m.end()) and not _BREAK.search(m.group(0)[2:]):
            add(s, m.end(), text[s : m.end()], "enterprise")
            taken.append((s, m.end()))

    # News outlets named as the source of an article: 来源：X日报, 据《X日报》消息, a dateline
    # X网讯 / X日报农村版讯 opening a paragraph (e.g. 来源：某某晚报, 某某新闻网讯 近日…).
    for m in _MEDIA_SOURCE.finditer(text):
        name = m.group("a") or m.group("b") or m.group("c")
        s = m.start("a") if m.group("a") else (m.start("b") if m.group("b") else m.start("c"))
        e = s + len(name)
        if overlaps(s, e) or name in not_orgs:
            continue
        found.append({"start": s, "end": e, "text": name, "canonical": name, "type": "other",
                      "place": None, "place_code": None})
        taken.append((s, e))

    found.sort(key=lambda o: o["start"])
    return found


# The name of a news outlet: a newspaper, news site or broadcaster (optionally a named edition).
_OUTLET = r"[\u4e00-\u9fff]{2,10}?(?:日报|晚报|新闻网|网|电视台|广播电视台|报)(?:农村版|海外版|客户端)?"
_MEDIA_SOURCE = re.compile(
    rf"(?:来源|來源|稿源)[:：]\s*(?P<a>{_OUTLET})(?=\s|$|[，。|])"
    rf"|据《(?P<b>{_OUTLET})》"
    rf"|(?:^|\n)[ \u3000\t]*(?P<c>{_OUTLET})讯(?=[\s（(])"
)


# A verb that introduces an organisation it founds or works with (共建X研究院, 依托X协会).
_FOUNDING_VERB = re.compile(r"(?:共建|组建|成立|设立|建立|依托|联合|会同|携手)$")
_GRASSROOTS = re.compile(
    r"(?:村(?:党支部|党总支|党委|委会|民委员会)|社区(?:党支部|党总支|党委|居委会|居民委员会)|居委会|居民委员会|"
    r"街道(?:办事处|党工委))(?=[书副主委成干负、，。；和与及牵组联共在对于为是的等将把])"
)
_QUOTED_BODY = re.compile(r"“[^”]{1,10}”(?:志愿服务队|志愿者服务队|志愿者协会|服务队)")
_STATE_FARM = re.compile(r"农垦[\u4e00-\u9fff]{0,8}?(?:集团有限公司|有限公司|集团|公司)")


def orgs_component(doc):  # type: ignore[no-untyped-def]
    """spaCy component: doc.spans["wx_org"]; also sets the article lead on the context."""
    from .spans import add_span, context_of

    ctx = context_of(doc)
    places = [
        (s.start_char, s.end_char, s._.wx.get("canonical") or s.text, s._.wx.get("code"))
        for s in doc.spans.get("wx_place", [])
        if s.label_ in ("province", "city", "county", "township", "village") or s._.wx.get("how") == "zone"
    ]
    doc.spans["wx_org"] = []
    orgs = find_orgs(doc.text, places, ctx)
    for o in orgs:
        attrs = {k: v for k, v in o.items() if k not in ("start", "end")}
        add_span(doc, "wx_org", o["start"], o["end"], o["type"], attrs)
    if ctx.lead is None:
        ctx.lead = _lead(doc, orgs)
    return doc


def _lead(doc, orgs: list[dict[str, Any]]) -> str | None:  # type: ignore[no-untyped-def]
    """The org (or place) an article is about: the one its title starts with."""
    for o in orgs:
        if o["start"] <= 2:
            return o["canonical"]
        break
    for s in doc.spans.get("wx_place", []):
        if s.start_char <= 2 and s.label_ in ("county", "city", "township", "province"):
            return s._.wx.get("canonical") or s.text
        break
    return None
