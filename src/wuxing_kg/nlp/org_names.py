"""How an organisation name is built and named: suffix scanning, canonical name, type.

A name is [prefix] + body + suffix (suffixes in `patterns/org_suffixes.txt`). `scan_name`
finds the shortest body that ends at a suffix, then extends it by sub-units (市委 →
市委组织部). Bodies may not contain verbs or function words (由政府存入 → 政府; 市治理办每月
→ 市治理办). `canonical_name` resolves the prefix from the article context (市X → <city>X,
省委 → 中共<province>委 …); `org_type` reads the type off the name.

The rule families that find names in a text are in `org_families.py`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .context import ArticleContext
from .resources import load_lines

CJK = re.compile(r"[\u4e00-\u9fff]")
_ALL_CJK = re.compile(r"[\u4e00-\u9fff]*")  # one match for a CJK.match per character
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
_BOUNDARY_BEFORE = set("、，,。；;：:（(“\"《 \n由在对向和与及同经据按将把被为让请到等或并但而是了后合织导促商受交报")
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
    "政府办": set("理事公学法园案结件好成了"),
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


# The sub-unit word at the end of a _SUBUNIT match (what is left must be a valid body).
_SUBUNIT_TAIL = re.compile(
    r"(?:组织部|宣传部|统战部|政法委|编办|纪委监委|纪委|分局|支队|大队|派出所|支行|分行|营业部|分公司|党委|党组|工委|"
    r"办公室|办公厅|领导小组办公室|领导小组|指挥部办公室|指挥部|管委会|管理委员会|有限公司|股份有限公司|有限责任公司|党校)$"
)


@lru_cache(maxsize=1)
def _suffixes_by_char() -> tuple[dict[str, tuple[tuple[str, str], ...]], dict[str, tuple[tuple[str, str], ...]]]:
    """The suffixes per first and per last character, longest first (the order of `_suffixes`):
    only those can start (end) at a position."""
    first: dict[str, list[tuple[str, str]]] = {}
    last: dict[str, list[tuple[str, str]]] = {}
    for pair in _suffixes():
        if not pair[0]:
            raise ValueError("patterns/org_suffixes.txt: an empty suffix")
        first.setdefault(pair[0][0], []).append(pair)
        last.setdefault(pair[0][-1], []).append(pair)
    return ({c: tuple(ps) for c, ps in first.items()}, {c: tuple(ps) for c, ps in last.items()})


def _suffix_at(text: str, pos: int) -> tuple[str, str] | None:
    """The longest suffix at pos that is not the start of a word (政府办理 → 政府, not 政府办)."""
    for suffix, kind in _suffixes_by_char()[0].get(text[pos : pos + 1], ()):
        if text.startswith(suffix, pos):
            nxt = text[pos + len(suffix) : pos + len(suffix) + 1]
            if nxt and nxt in _SUFFIX_NOT_AFTER.get(suffix, ()):
                continue
            if suffix == "局" and pos > 0 and text[pos - 1] in _JU_WORD_BEFORE:
                continue  # 如何破局, 开局之年, 格局: a word, not a bureau
            return suffix, kind
    return None


# Characters that make 局 the end of a common word (破局, 开局, 布局, 格局, 僵局, 变局 …).
_JU_WORD_BEFORE = set("破开布格结僵残变赌棋")


@lru_cache(maxsize=8192)  # scan_name asks again for every growing prefix of a body
def _body_ok(body: str) -> bool:
    plain = re.sub(r"“[^”]{1,12}”", "", body) if "“" in body else body
    if "“" in plain or "”" in plain:
        return False
    for name in _AND_PREFIXES if "和" in plain or "与" in plain else ():  # 和/与 inside 人力资源和社会保障局, 海洋与渔业局 …
        conj = "与" if "与" in name else "和"
        head = name[: name.index(conj) + 1]
        if head in plain:  # also behind a division written in the body (某区发展和改革委员会)
            plain = plain.replace(head, head[:-1], 1)
            break
        if head.startswith(plain):
            break
    return not _BREAK.search(plain) and _ALL_CJK.fullmatch(plain) is not None


def scan_name(text: str, body_start: int, max_body: int = 14) -> tuple[int, str] | None:
    """The end of the shortest `body + suffix` starting at body_start, then extended by sub-units."""
    end = None
    kind = "other"
    limit = min(len(text), body_start + max_body + 1)
    for pos in range(body_start, limit):
        if not _body_ok(text[body_start:pos]):
            return None
        found = _suffix_at(text, pos)
        if found:
            end = pos + len(found[0])
            kind = found[1]
            break
    if end is None:
        return None
    while True:
        m = _SUBUNIT.match(text[end : end + 32])  # (its matches are shorter)
        if not m or not _body_ok(_SUBUNIT_TAIL.sub("", m.group(0))):
            break
        end += m.end()
        kind = _kind_of_suffix(text[body_start:end]) or kind
    return end, kind

def _kind_suffix_len(name: str) -> int:
    for suffix, _kind in _suffixes_by_char()[1].get(name[-1:], ()):
        if name.endswith(suffix):
            return len(suffix)
    return 0


def _kind_of_suffix(name: str) -> str | None:
    for suffix, kind in _suffixes_by_char()[1].get(name[-1:], ()):
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
            # A county's committee written after its city (某某市某某区委) is filed under the
            # county alone (中共某某区委), as FORMAT.md's canonicals are.
            canonical = "中共" + re.sub(r"^[\u4e00-\u9fff]{2,6}?[市州盟](?=[\u4e00-\u9fff]{1,6}?[县区旗]委)", "", text)
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
    if canonical.endswith("人民政府办"):
        return canonical + "公室"
    m = re.match(r"^(?:中共)?(.{2,16}?(?:街道|镇|乡|社区|村|嘎查))(党工委|党委|党支部|党总支)$", canonical)
    if m:
        tail = {"党工委": "工作委员会", "党委": "委员会", "党支部": "支部委员会", "党总支": "总支部委员会"}[m.group(2)]
        return "中共" + m.group(1) + tail
    return canonical
