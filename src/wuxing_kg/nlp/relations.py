"""Relations of FORMAT.md, each with the sentence it comes from.

Kept simple and explainable: organisations are located in their place; the article's
lead org leads its programmes, other subject orgs implement them; programmes of an
article are part of the programme named in its title; people hold their posts;
organisations named in one sentence cooperate; a metric is an outcome of the
programme of its sentence, else of the article's title programme, else of its lead.

Each rule family is one small function below (``_family_*``), run in a fixed order by
``relations_component``; each says what it catches, with one invented example. The
families read one ``_Facts`` record (the spans of the doc and what the article is about)
and append to its ``out`` list. The switches of the newer families are the factory's
config (``wx_relations`` ``default_config``).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from .divisions import table
from .programs import national_programs
from .spans import context_of, doc_text, wx_of
from .target_table import target_cells

_LAUNCH = re.compile(r"牵头|负责|推出|首推|率先|创新|探索|推行|推广|实行|试行|首创|发起|实施|启动|开展|打造|组建|建立")
_SENT = re.compile(r"[^。！？；\n]+[。！？；]?")
_PARA = re.compile(r"[^\n]+")
_QUOTES = re.compile(r"[“”\"]")

# Switches of the rule families added for real pages (issue 9); each can be turned off
# through the factory config (nlp.add_pipe("wx_relations", config={...})).
DEFAULT_CONFIG: dict[str, bool] = {
    "place_chain": True,  # 某镇某村: the village lies in the township named just before it
    "focus_place_parent": True,  # a township with no known parent lies in the article's county
    "org_in_named_place": True,  # 某村党支部 → 某村, 某区公安分局 → 某区 (the place its name starts with)
    "unit_part_of_body": True,  # 某省人民政府办公厅 part_of 某省人民政府 (a unit named after its body)
    "focus_place_implements": True,  # the place an article is about carries out its programmes
    "launching_org_leads": True,  # 县农业局牵头开展“X”行动: the org opening the clause leads it
    "enterprise_in_article_place": True,  # 某某精工 in an article about 某县 → located_in 某县
    "place_outcomes": True,  # 全县/某镇's figures are outcomes of that place
    "heading_outcomes": True,  # figures under a heading that names a programme are its outcomes
}


def _paragraphs(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _PARA.finditer(text)]


def _sentences(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _SENT.finditer(text)]


def _place_name(p: Span) -> str:
    return wx_of(p).get("canonical") or p.text


@dataclass
class _Facts:
    """What every rule family reads: the doc's spans and what the article is about."""

    doc: Doc
    config: dict[str, bool]
    text: str = ""
    sents: list[tuple[int, int]] = field(default_factory=list)
    sent_starts: list[int] = field(default_factory=list)
    paragraphs: list[tuple[int, int]] = field(default_factory=list)
    orgs: list[Span] = field(default_factory=list)
    places: list[Span] = field(default_factory=list)
    programs: list[Span] = field(default_factory=list)
    posts: list[tuple[int, int]] = field(default_factory=list)
    title_len: int = 0
    national: set[str] = field(default_factory=set)
    org_names: set[str] = field(default_factory=set)
    lead_is_place: bool = False
    lead_org: str | None = None
    main: str | None = None  # the programme the article is about (title, series, opening)
    title_main: str | None = None  # the title's programme only
    sentence_parent: dict[str, str] = field(default_factory=dict)  # model → the action it is part of
    out: list[dict[str, Any]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.ctx = context_of(self.doc)
        self.text = doc_text(self.doc)  # doc.text is rebuilt on every access
        self.sents = _sentences(self.text)
        self.sent_starts = [s for s, _ in self.sents]
        self.paragraphs = _paragraphs(self.text)
        self.orgs = list(self.doc.spans.get("wx_org", []))
        self.places = list(self.doc.spans.get("wx_place", []))
        self.programs = list(self.doc.spans.get("wx_program", []))
        # Sorted starts for "the programmes earlier in this sentence" without a scan per programme.
        self.programs_by_start = sorted(self.programs, key=lambda q: q.start_char)
        self.program_starts = [q.start_char for q in self.programs_by_start]
        self.posts = [(s.start_char, s.end_char) for s in self.doc.spans.get("wx_post", [])]
        self.title_len = len(self.ctx.article_title)
        self.national = set(national_programs())
        self.org_names = {wx_of(o)["canonical"] for o in self.orgs}
        self.lead_is_place = self.ctx.lead is not None and self.ctx.lead not in self.org_names
        self.lead_org = None if self.lead_is_place else self.ctx.lead

    def on(self, switch: str) -> bool:
        return bool(self.config.get(switch, DEFAULT_CONFIG[switch]))

    def sent_of(self, pos: int) -> tuple[int, int]:
        # The sentences are finditer's matches, in order and apart: the last one starting at
        # or before pos is the only one that can hold it (a scan per relation was quadratic).
        k = bisect_right(self.sent_starts, pos) - 1
        if k >= 0 and pos < self.sents[k][1]:
            return self.sents[k]
        return 0, len(self.text)

    def rel(self, head: str | None, relation: str, tail: str | None, pos: int) -> None:
        if head and tail and head != tail:
            s, e = self.sent_of(pos)
            self.out.append({"head": head, "relation": relation, "tail": tail, "start": s, "end": e})

    def is_national(self, name: str) -> bool:
        return _QUOTES.sub("", name) in self.national

    def inside_org(self, x: Span) -> bool:
        return any(o.start_char <= x.start_char and x.end_char <= o.end_char for o in self.orgs)

    def heading_line_program(self, pos: int) -> str | None:
        """The programme named by the nearest heading line above ``pos``: a line of its own,
        short and without sentence punctuation (01 / 建立某某闭环管理机制), in the body."""
        for ps, pe in reversed(self.paragraphs):
            if ps > pos or ps < self.title_len:
                continue
            line = self.text[ps:pe].strip()
            if ps <= pos < pe or len(line) > 40 or re.search(r"[。！？；，,]", line):
                continue
            heads = [p for p in self.programs if ps <= p.start_char < pe]
            if heads:
                return wx_of(heads[0])["text"]
        return None

    def heading_program(self, pos: int) -> str | None:
        """The programme a paragraph is about: one named in its first sentence (a heading
        such as 聚焦主业，着力抓民生工程。), else None (the caller falls back to the title's)."""
        for ps, pe in self.paragraphs:
            if ps <= pos < pe:
                first_end = self.sent_of(ps)[1]
                if first_end - ps > 30:
                    return None  # a full sentence, not a heading (一是抓规划引领。)
                heads = [p for p in self.programs if ps <= p.start_char < first_end and p.start_char >= self.title_len]
                return wx_of(heads[0])["text"] if heads else None
        return None


# --------------------------------------------------------------------------- located_in


def _family_org_places(f: _Facts) -> None:
    """An organisation lies in the place it was resolved to (县教育局 in a 某县 text → 某县)."""
    for o in f.orgs:
        f.rel(wx_of(o)["canonical"], "located_in", wx_of(o).get("place"), o.start_char)


def _family_place_parents(f: _Facts) -> None:
    """A county, township or village lies in its parent from the division table (某镇 → 某县)."""
    for p in f.places:
        if p.label_ in ("county", "township", "village") and wx_of(p).get("parent"):
            f.rel(_place_name(p), "located_in", wx_of(p)["parent"], p.start_char)


_LEVEL_RANK = {"province": 0, "city": 1, "county": 2, "township": 3, "village": 4}


def _family_place_chain(f: _Facts) -> None:
    """A place written right after a wider one lies in it (某乡某村 → 某村 located_in 某乡;
    某县某镇 → 某镇 located_in 某县), whatever the division table says of its parent."""
    if not f.on("place_chain"):
        return
    by_end = {p.end_char: p for p in f.places}
    for p in f.places:
        wider = by_end.get(p.start_char)
        if wider is None or p.label_ not in ("county", "township", "village"):
            continue
        if _LEVEL_RANK.get(wider.label_, 9) < _LEVEL_RANK[p.label_]:
            f.rel(_place_name(p), "located_in", _place_name(wider), p.start_char)


def _family_wider_parents(f: _Facts) -> None:
    """A city lies in its province, and a county in its province as well as its city (the
    division codes say so: 某县 located_in 某市 and 某省); a township with no known parent lies
    in the county named last before it (某县…某镇)."""
    if not f.on("focus_place_parent"):
        return
    t = table()
    for p in f.places:
        code = wx_of(p).get("code")
        d = t.by_code.get(code) if code else None
        if d is not None and p.label_ in ("city", "county"):
            province = t.province_of(d)
            if province is not None and province.code != d.code:
                f.rel(_place_name(p), "located_in", province.name, p.start_char)
        elif p.label_ == "township" and not wx_of(p).get("parent"):
            counties = [c for c in f.places if c.label_ == "county" and c.end_char <= p.start_char]
            if counties:
                f.rel(_place_name(p), "located_in", _place_name(counties[-1]), p.start_char)


def _family_org_in_named_place(f: _Facts) -> None:
    """An organisation lies in the most specific place its name starts with (某村党支部 → 某村,
    某区公安分局 → 某区, 某镇某某砖厂 → 某镇), besides the place it was resolved to."""
    if not f.on("org_in_named_place"):
        return
    names = sorted({_place_name(p) for p in f.places} | {p.text for p in f.places}, key=len, reverse=True)
    for o in f.orgs:
        for surface in (wx_of(o)["canonical"].removeprefix("中共"), o.text):
            where = next((n for n in names if surface.startswith(n) and len(surface) > len(n)), None)
            if where:
                canonical = next((_place_name(p) for p in f.places if where in (p.text, _place_name(p))), where)
                f.rel(wx_of(o)["canonical"], "located_in", canonical, o.start_char)
                break


def _family_enterprises_in_article_place(f: _Facts) -> None:
    """An enterprise named without any place (某某精工, 某某集团华北区域总部) in an article about
    a county, township or village lies in that place (its projects are the place's)."""
    if not f.on("enterprise_in_article_place"):
        return
    place = _article_place(f)
    if place is None:
        return
    for o in f.orgs:
        if wx_of(o)["type"] == "enterprise" and not wx_of(o).get("place"):
            f.rel(wx_of(o)["canonical"], "located_in", place, o.start_char)


# --------------------------------------------------------------------------- the article's programme


def _title_programme(f: _Facts) -> str | None:
    """The programme of the title, lengthened to the body's fuller form (“X” → “X”工程)."""
    title_programs = [p for p in f.programs if p.start_char < f.title_len]
    main = wx_of(title_programs[0])["text"] if title_programs else None
    if main is not None:
        fuller = [wx_of(p)["text"] for p in f.programs if p.start_char >= f.title_len
                  and wx_of(p)["text"].startswith(main) and len(wx_of(p)["text"]) > len(main)]
        if fuller:
            main = fuller[0]
    return main


def _article_programme(f: _Facts) -> None:
    """Without a programme in its title, an article's programmes belong to the bulletin series
    programme (河长制工作简报 → 河长制), else to the first programme of its opening paragraph."""
    main = _title_programme(f)
    f.title_main = main  # outcomes fall back to the title programme only, else to the lead
    series = f.doc.user_data.get("wx_series")
    if main is None and series:
        main = series
    elif main is None:
        opening = next(((ps, pe) for ps, pe in f.paragraphs if ps >= f.title_len and pe - ps > 20), None)
        firsts = [p for p in f.programs if opening and opening[0] <= p.start_char < opening[1]]
        if firsts and not f.is_national(wx_of(firsts[0])["text"]):
            main = wx_of(firsts[0])["text"]
    f.main = main


# --------------------------------------------------------------------------- programmes: leads / implements / part_of


def _opens_with_launch(f: _Facts, org: str, prog: Span) -> bool:
    """The organisation opening the programme's sentence, with a verb of launching or leading
    between them (县农业农村局牵头实施“X”, X银行推出“Y”), runs it. Clauses after the subject
    share it (X局全面落实…，推行“Y”): the verb of the programme's own clause decides."""
    s, _e = f.sent_of(prog.start_char)
    for o in f.orgs:
        if wx_of(o)["canonical"] == org and s <= o.start_char <= s + 12 and o.end_char <= prog.start_char:
            between = f.text[o.end_char : prog.start_char]
            last_clause = re.split(r"[，,]", between)[-1]
            others = [x for x in f.orgs if o.end_char <= x.start_char < prog.start_char]
            if len(between) <= 40 and not others and _LAUNCH.search(last_clause) and not re.search(r"[；;]", between):
                return True
    return False


def _kind_of_relation(f: _Facts, org: str, prog: Span) -> str:
    """leads or implements, for an organisation named with a programme."""
    name = wx_of(prog)["text"]
    if f.is_national(name) or wx_of(prog).get("kind") == "designation":
        return "implements"  # national campaigns and designations are carried out, not led
    if org == f.lead_org or (org == f.ctx.issuer and not re.search(r"(?:人民政府|办公室|办公厅|委)$", org)):
        return "leads"  # the article's lead, or the department that issues the bulletin
    return "leads" if _opens_with_launch(f, org, prog) else "implements"


def _programme_owner(f: _Facts, p: Span) -> None:
    """The programme's own lead org (from the programmes component) and the article's lead:
    县司法局推行“X” → 县司法局 leads “X”; a place-led article's place implements them all."""
    name = wx_of(p)["text"]
    lead = wx_of(p).get("lead")
    if lead:
        f.rel(lead, _kind_of_relation(f, lead, p), name, p.start_char)
    if f.lead_is_place:
        f.rel(f.ctx.lead, "implements", name, p.start_char)
    elif f.lead_org and lead != f.lead_org and p.start_char < f.title_len:
        f.rel(f.lead_org, _kind_of_relation(f, f.lead_org, p), name, p.start_char)


def _programme_parent(f: _Facts, p: Span) -> None:
    """part_of: a programme belongs to its paragraph's heading programme, else to the article's;
    a model/mechanism named after a programme in the same sentence is a part of that one
    (牵头实施“X行动”，推广“Y模式”; 推出“X贷”，对…实行“Y”)."""
    name = wx_of(p)["text"]
    parent = f.heading_program(p.start_char)
    headed = parent is not None and parent != name
    if parent is None or parent == name:
        parent = f.main
    s0, _e0 = f.sent_of(p.start_char)
    window = f.programs_by_start[bisect_left(f.program_starts, s0) : bisect_left(f.program_starts, p.start_char)]
    earlier = [q for q in window if q.start_char >= f.title_len and not f.is_national(wx_of(q)["text"])]
    if earlier and not headed and wx_of(p).get("kind") in ("model", "mechanism", "initiative") and not f.is_national(name):
        parent = wx_of(earlier[0])["text"]
        f.sentence_parent[name] = parent
    if parent and name != parent and p.start_char >= f.title_len and not f.is_national(name):
        f.rel(name, "part_of", parent, p.start_char)


def _programme_sentence_orgs(f: _Facts, p: Span) -> None:
    """Other organisations of the programme's sentence implement it (…联合县人社局开展“X”)."""
    name = wx_of(p)["text"]
    lead = wx_of(p).get("lead")
    s, e = f.sent_of(p.start_char)
    for o in f.orgs:
        if s <= o.start_char < e and wx_of(o)["canonical"] != lead:
            f.rel(wx_of(o)["canonical"], "implements", name, p.start_char)


def _family_programmes(f: _Facts) -> None:
    """Per programme, in text order: its owner, its parent programme, the orgs of its sentence."""
    for p in f.programs:
        _programme_owner(f, p)
        _programme_parent(f, p)
        _programme_sentence_orgs(f, p)


_LED_BY = re.compile(r"^(?:由)?(?P<names>[^，,。；;：:]{2,40}?)(?:牵头|负责|主导)")


def _family_led_by(f: _Facts) -> None:
    """Bodies that head a piece of work: 由A、B牵头，… → A and B lead the programmes of that
    sentence, else the one named on the line before (a case heading such as 建立“X”机制);
    a body written right before a programme owns it (县委“X”工作思路 → 县委 leads “X”)."""
    if not f.on("launching_org_leads"):
        return
    for o in f.orgs:
        after = f.text[o.end_char : o.end_char + 2]
        prog = next((p for p in f.programs if p.start_char in (o.end_char, o.end_char + 1)
                     and (p.start_char == o.end_char or after[0] == "的")), None)
        if prog is not None and wx_of(o)["type"] in ("party_organ", "government_department", "leading_group") \
                and not f.is_national(wx_of(prog)["text"]):
            f.rel(wx_of(o)["canonical"], "leads", wx_of(prog)["text"], o.start_char)
    for s, e in f.sents:
        m = _LED_BY.match(f.text, s, e)
        if m is None:
            continue
        leaders = [o for o in f.orgs if m.start("names") <= o.start_char and o.end_char <= m.end("names")]
        targets = [p for p in f.programs if s <= p.start_char < e and not f.is_national(wx_of(p)["text"])]
        if not targets:
            line_start = f.text.rfind("\n", 0, max(s - 1, 0)) + 1
            targets = [p for p in f.programs if line_start <= p.start_char < s]
        for o in leaders:
            for p in targets[:1]:
                f.rel(wx_of(o)["canonical"], "leads", wx_of(p)["text"], s)


_GROUP = re.compile(r"(?:领导小组|指挥部|工作专班|专班|工作组|委员会)(?:办公室)?$|办$")


def _family_responsible_units(f: _Facts) -> None:
    """In a target-progress table (目标任务 | 责任单位 | 推进情况), the responsible unit written
    after a row's target leads the programmes that target names (10 实施某某行动。 区科技局 …)."""
    if not f.on("launching_org_leads"):
        return
    for start, end, line_end in target_cells(f.text):
        units = [o for o in f.orgs if end <= o.start_char < line_end and not f.text[end : o.start_char].strip("　 \t")]
        named = [p for p in f.programs if start <= p.start_char < end and not f.is_national(wx_of(p)["text"])]
        for o in units[:1]:
            for p in named:
                f.rel(wx_of(o)["canonical"], "leads", wx_of(p)["text"], o.start_char)


def _family_group_named_after_programme(f: _Facts) -> None:
    """A leading group, task force or its office named after a programme leads it (某省河湖长制
    领导小组办公室 → leads 河湖长制; 某县乡村振兴指挥部 → leads 乡村振兴)."""
    if not f.on("launching_org_leads"):
        return
    names = {_QUOTES.sub("", wx_of(p)["text"]): wx_of(p)["text"] for p in f.programs}
    for o in f.orgs:
        c = wx_of(o)["canonical"]
        if not _GROUP.search(c):
            continue
        for bare, name in names.items():
            if len(bare) >= 2 and bare in c:
                f.rel(c, "leads", name, o.start_char)


def _family_article_orgs(f: _Facts) -> None:
    """Organisations named in an article about a programme take part in it: committees,
    governments and leading groups lead it (县委 → leads “X”), departments implement it."""
    if not f.main:
        return
    for o in f.orgs:
        canonical = wx_of(o)["canonical"]
        if o.start_char < f.title_len or canonical == f.lead_org:
            continue
        if wx_of(o)["type"] != "leading_group" and any(a <= o.start_char and o.end_char <= b for a, b in f.posts):
            continue  # 省委 inside the post 省委副书记 does not take part itself
        kind = wx_of(o)["type"]
        if (kind == "leading_group" or re.search(r"(?:委|人民政府)$", canonical) and kind != "government_department"
                or canonical.endswith("人民政府")):
            f.rel(canonical, "leads", f.main, o.start_char)
        elif kind in ("government_department", "party_organ", "bank", "enterprise"):
            f.rel(canonical, "implements", f.main, o.start_char)


# --------------------------------------------------------------------------- people


def _family_people(f: _Facts) -> None:
    """holds_post for each post of a person; a group's head leads the group and its programme
    (某某任县河长制领导小组组长 → leads 河长制 and the leading group)."""
    for person in f.doc.spans.get("wx_person", []):
        who = wx_of(person)["name"]
        for post in wx_of(person).get("posts", []):
            f.rel(who, "holds_post", post, person.start_char)
            if f.main and re.search(r"(?:领导小组|指挥部)(?:组长|指挥长)$", post):
                f.rel(who, "leads", f.main, person.start_char)  # heads the group running it
            head = re.match(r"^(.+?(?:领导小组|指挥部|委员会))(?:组长|指挥长|主任)$", post)
            if head:
                group = next((wx_of(o)["canonical"] for o in f.orgs if o.text == head.group(1)), None)
                f.rel(who, "leads", group, person.start_char)  # 领导小组组长 leads the group


# --------------------------------------------------------------------------- part_of between bodies


_PARTY_UNIT = re.compile(r"^(中共.+?委)(?:组织部|宣传部|统战部|政法委|编办|机构编制委员会办公室|政研室|党校|办公室)$")


def _family_units(f: _Facts) -> None:
    """Units of a body: a leading group's office (…办) belongs to the group, a party
    committee's departments (中共某县委组织部) to the committee."""
    groups = [c for c in f.org_names if re.search(r"(?:领导小组|指挥部)$", c)]
    issuer = f.ctx.issuer or ""
    if re.search(r"(?:领导小组|指挥部)办公室$", issuer) and issuer[:-3] in f.org_names:
        f.rel(issuer, "part_of", issuer[:-3], 0)  # the issuing office belongs to its group
    for o in f.orgs:
        c = wx_of(o)["canonical"]
        if re.search(r"(?:领导小组|指挥部)办公室$", c) and c[:-3] in f.org_names:
            f.rel(c, "part_of", c[:-3], o.start_char)
        elif wx_of(o)["type"] == "leading_group" and c.endswith("办") and groups:
            f.rel(c, "part_of", groups[0], o.start_char)
        m = _PARTY_UNIT.match(c)
        if m and wx_of(o)["type"] == "party_organ":
            f.rel(c, "part_of", m.group(1), o.start_char)


# A body whose units are named by adding a word to its name (某省人民政府 → 某省人民政府办公厅).
_BODY = re.compile(r"(?:人民政府|委员会|集团|公司|银行|党委|委)$")


def _family_units_of_bodies(f: _Facts) -> None:
    """A unit named as its body's name plus a unit word is part of that body (某省人民政府办公厅
    part_of 某省人民政府; 某某集团华北区域总部 part_of 某某集团)."""
    if not f.on("unit_part_of_body"):
        return
    bodies = sorted((c for c in f.org_names if _BODY.search(c)), key=len, reverse=True)
    for o in f.orgs:
        c = wx_of(o)["canonical"]
        body = next((b for b in bodies if c.startswith(b) and len(c) - len(b) >= 2), None)
        if body:
            f.rel(c, "part_of", body, o.start_char)


# --------------------------------------------------------------------------- cooperation


def _family_agreements(f: _Facts) -> None:
    """Agreements and joint work between named parties (A与B签订…; 与B共建…: the article's
    subject works with B)."""
    parties = [(x.start_char, x.end_char, wx_of(x)["canonical"]) for x in f.orgs]
    parties += [(x.start_char, x.end_char, _place_name(x)) for x in f.places
                if x.label_ in ("county", "township", "village", "city") and not f.inside_org(x)]
    for bs, be, b in parties:
        if f.text[bs - 1 : bs] not in ("与", "同", "和") or not re.match(r"^(?:签订|签署|共建|合作|联合|携手|共同|达成)", f.text[be : be + 2]):
            continue
        before = [p for p in parties if p[1] == bs - 1]
        a = before[0][2] if before else f.ctx.lead
        f.rel(a, "cooperates_with", b, bs)


def _family_places_implement(f: _Facts) -> None:
    """Counties, townships and villages named in a programme's sentence before it carry it out
    (甲镇、乙乡被列入“X”示范创建乡镇; 某县深入实施“Y”)."""
    for p in f.programs:
        s, _e = f.sent_of(p.start_char)
        for x in f.places:
            if x.label_ in ("county", "township", "village") and s <= x.start_char < p.start_char and not f.inside_org(x):
                f.rel(_place_name(x), "implements", wx_of(p)["text"], p.start_char)


def _family_sentence_cooperation(f: _Facts) -> None:
    """Organisations named in one sentence cooperate (县财政局、县农业局联合…); the article's
    lead department works with the other departments its article names."""
    for s, e in f.sents:
        inside: list[str] = []
        for o in f.orgs:
            if s <= o.start_char < e and wx_of(o)["canonical"] not in inside:
                inside.append(wx_of(o)["canonical"])
        for i, a in enumerate(inside):
            for b in inside[i + 1 :]:
                f.rel(a, "cooperates_with", b, s)
    if f.lead_org:
        for o in f.orgs:
            c = wx_of(o)["canonical"]
            if (c != f.lead_org and wx_of(o)["type"] in ("government_department", "bank", "enterprise", "social_organization")
                    and o.start_char >= f.title_len):
                f.rel(f.lead_org, "cooperates_with", c, o.start_char)


def _article_place(f: _Facts) -> str | None:
    """The place an article is about when no organisation leads it: the township or village
    its opening names, a work report's place (某县人民政府 reports for 某县), else its county."""
    lead = f.ctx.lead
    if f.ctx.focus and (lead is None or lead in f.ctx.focus_chain):
        return f.ctx.focus
    government = re.fullmatch(r"(.{2,12}?(?:省|自治区|市|州|盟|县|区|旗))人民政府", lead or "")
    if government and re.search(r"我代表[\u4e00-\u9fff]{0,12}人民政府|政\s*府\s*工\s*作\s*报\s*告", f.text):
        return government.group(1)
    if f.ctx.county and (lead is None or f.lead_is_place):
        return f.ctx.county
    return None


def _family_focus_place_implements(f: _Facts) -> None:
    """The place an article is about carries out the programmes it names (an article about
    某镇 that says 实施“X”行动 → 某镇 implements “X”行动)."""
    if not f.on("focus_place_implements"):
        return
    place = _article_place(f)
    if place is None or place == f.ctx.lead:
        return  # a place lead already implements every programme (_programme_owner)
    for p in f.programs:
        f.rel(place, "implements", wx_of(p)["text"], p.start_char)


# --------------------------------------------------------------------------- outcomes


def _outcome_heads(f: _Facts, m: Span, local_places: set[str]) -> list[str | None]:
    """Whose outcome a metric is: the programme earlier in its sentence, else its subject
    organisations, else its subject villages/townships, else the paragraph's or article's
    programme, else the article's lead."""
    s, e = f.sent_of(m.start_char)
    in_sentence = [p for p in f.programs if s <= p.start_char < e and p.start_char < m.start_char]
    subject = (wx_of(m) or {}).get("subject") or ""
    parts = re.split(r"[、，,]", subject)
    subject_orgs = [x for x in parts if x in f.org_names and x != f.lead_org]
    subject_places = [x for x in parts if x in local_places and x != f.ctx.lead]
    if in_sentence:
        last = wx_of(in_sentence[-1])["text"]
        return [f.sentence_parent.get(last, last)]  # a model inside an action: the action's outcome
    if subject_orgs:
        return list(subject_orgs)
    if subject_places:
        return list(subject_places)  # a village's own figures (某村接待游客…)
    return [f.heading_program(m.start_char) or f.title_main
            or (f.main if f.lead_is_place or not f.ctx.lead else None) or f.ctx.lead]


def _programmes_over(f: _Facts, m: Span) -> list[str]:
    """Programmes a metric belongs to besides the one before it in its sentence."""
    out = [wx_of(p)["text"] for p in f.programs if m.start_char <= p.start_char and p.end_char <= m.end_char]
    heading = f.heading_program(m.start_char)
    if heading:
        out.append(heading)
    line = f.heading_line_program(m.start_char)
    if line:
        out.append(line)
    return [x for x in out if not f.is_national(x)]


def _family_outcomes(f: _Facts) -> None:
    """has_outcome: each metric is an outcome of the programme or body it is filed under."""
    local_places = {_place_name(x) for x in f.places if x.label_ in ("township", "village")}
    for m in f.doc.spans.get("wx_metric", []):
        mtext = (wx_of(m) or {}).get("text") or m.text
        heads = _outcome_heads(f, m, local_places)
        if f.on("heading_outcomes"):
            # The programme a metric names inside its own span (改造提升高标准农田1.7万亩), its
            # paragraph's heading programme (“X”成效显著。…) and the programme of the heading
            # line above (一、建立X机制 …): the figure is an outcome of each.
            heads += [x for x in _programmes_over(f, m) if x not in heads]
            # The body or place a figure is filed under achieved it too (全县新建村道35公里 →
            # 某县 has_outcome …), besides the programme it is an outcome of.
            subject = (wx_of(m) or {}).get("subject") or ""
            heads += [x for x in re.split(r"[、，,]", subject) if x and x not in heads]
        for head in heads:
            f.rel(head, "has_outcome", mtext, m.start_char)


# --------------------------------------------------------------------------- the component

_FAMILIES: tuple[Callable[[_Facts], None], ...] = (
    _family_org_places,
    _family_place_parents,
    _family_place_chain,
    _family_wider_parents,
    _family_org_in_named_place,
    _family_enterprises_in_article_place,
    _article_programme,
    _family_programmes,
    _family_article_orgs,
    _family_led_by,
    _family_group_named_after_programme,
    _family_responsible_units,
    _family_people,
    _family_units,
    _family_units_of_bodies,
    _family_agreements,
    _family_places_implement,
    _family_focus_place_implements,
    _family_sentence_cooperation,
    _family_outcomes,
)


def find_relations(doc: Doc, config: dict[str, bool] | None = None) -> list[dict[str, Any]]:
    """The relations of one article doc (its spans already set by the earlier components)."""
    facts = _Facts(doc, dict(DEFAULT_CONFIG, **(config or {})))
    for family in _FAMILIES:
        family(facts)
    return facts.out


class RelationsComponent:
    """spaCy component: ``doc.user_data["wx_relations"]``, a list of head/relation/tail dicts."""

    def __init__(self, config: dict[str, bool]) -> None:
        self.config = config

    def __call__(self, doc: Doc) -> Doc:
        doc.user_data["wx_relations"] = find_relations(doc, self.config)
        return doc


def relations_component(doc: Doc) -> Doc:
    """The component with its default switches (for callers that run it by hand)."""
    return RelationsComponent(DEFAULT_CONFIG)(doc)


@Language.factory("wx_relations", default_config={"switches": DEFAULT_CONFIG})
def make_relations(nlp: Language, name: str, switches: dict[str, bool]) -> RelationsComponent:
    return RelationsComponent(dict(DEFAULT_CONFIG, **switches))
