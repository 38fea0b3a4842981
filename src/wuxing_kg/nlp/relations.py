"""Relations of FORMAT.md, each with the sentence it comes from.

Kept simple and explainable: organisations are located in their place; the article's
lead org leads its programmes, other subject orgs implement them; programmes of an
article are part of the programme named in its title; people hold their posts;
organisations named in one sentence cooperate; a metric is an outcome of the
programme of its sentence, else of the article's title programme, else of its lead.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import Any

from spacy.tokens import Doc

from .programs import national_programs

_LAUNCH = re.compile(r"牵头|负责|推出|首推|率先|创新|探索|推行|推广|实行|试行|首创|发起|实施|启动|开展|打造|组建|建立")
_SENT = re.compile(r"[^。！？；\n]+[。！？；]?")
_PARA = re.compile(r"[^\n]+")


def _paragraphs(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _PARA.finditer(text)]


def _sentences(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _SENT.finditer(text)]


def relations_component(doc: Doc) -> Doc:
    from .spans import context_of

    ctx = context_of(doc)
    text = doc.text  # rebuilt on every access: read once
    sents = _sentences(text)
    out: list[dict[str, Any]] = []

    def sent_of(pos: int) -> tuple[int, int]:
        for s, e in sents:
            if s <= pos < e:
                return s, e
        return 0, len(text)

    def rel(head: str | None, relation: str, tail: str | None, pos: int) -> None:
        if head and tail and head != tail:
            s, e = sent_of(pos)
            out.append({"head": head, "relation": relation, "tail": tail, "start": s, "end": e})

    orgs = list(doc.spans.get("wx_org", []))
    places = list(doc.spans.get("wx_place", []))
    programs = list(doc.spans.get("wx_program", []))
    # Sorted starts for "the programmes earlier in this sentence" without a scan per programme.
    programs_by_start = sorted(programs, key=lambda q: q.start_char)
    program_starts = [q.start_char for q in programs_by_start]
    title_len = len(ctx.article_title)

    for o in orgs:
        rel(o._.wx["canonical"], "located_in", o._.wx.get("place"), o.start_char)
    for p in places:
        if p.label_ in ("county", "township", "village") and p._.wx.get("parent"):
            rel(p._.wx.get("canonical") or p.text, "located_in", p._.wx["parent"], p.start_char)

    title_programs = [p for p in programs if p.start_char < title_len]
    main = title_programs[0]._.wx["text"] if title_programs else None
    # Without a programme in its title, an article's programmes belong to the bulletin series
    # programme (河长制工作简报 → 河长制), else to the first programme of its opening paragraph.
    if main is not None:
        # A title often shortens the programme the body names in full (“X” → “X”工程).
        fuller = [p._.wx["text"] for p in programs if p.start_char >= title_len
                  and p._.wx["text"].startswith(main) and len(p._.wx["text"]) > len(main)]
        if fuller:
            main = fuller[0]
    title_main = main  # outcomes fall back to the title programme only, else to the lead
    series = doc.user_data.get("wx_series")
    if main is None and series:
        main = series
    elif main is None:
        opening = next(((ps, pe) for ps, pe in _paragraphs(text) if ps >= title_len and pe - ps > 20), None)
        firsts = [p for p in programs if opening and opening[0] <= p.start_char < opening[1]]
        if firsts and not re.sub(r"[“”\"]", "", firsts[0]._.wx["text"]) in set(national_programs()):
            main = firsts[0]._.wx["text"]
    org_names = {o._.wx["canonical"] for o in orgs}
    lead_is_place = ctx.lead is not None and ctx.lead not in org_names
    lead_org = None if lead_is_place else ctx.lead
    national = set(national_programs())
    posts = [(s.start_char, s.end_char) for s in doc.spans.get("wx_post", [])]

    def is_national(name: str) -> bool:
        return re.sub(r"[“”\"]", "", name) in national

    # The programme a paragraph is about: one named in its first sentence (a heading
    # such as 聚焦主业，着力抓民生工程。), else the article's title programme.
    paragraphs = _paragraphs(text)

    def heading_program(pos: int) -> str | None:
        for ps, pe in paragraphs:
            if ps <= pos < pe:
                first_end = sent_of(ps)[1]
                if first_end - ps > 30:
                    return None  # a full sentence, not a heading (一是抓规划引领。)
                heads = [p for p in programs if ps <= p.start_char < first_end and p.start_char >= title_len]
                return heads[0]._.wx["text"] if heads else None
        return None

    def kind_of_relation(org: str, prog: Any) -> str:
        name = prog._.wx["text"]
        if is_national(name) or prog._.wx.get("kind") == "designation":
            return "implements"  # national campaigns and designations are carried out, not led
        if org == lead_org or (org == ctx.issuer and not re.search(r"(?:人民政府|办公室|办公厅|委)$", org)):
            return "leads"  # the article's lead, or the department that issues the bulletin
        # The organisation opening the programme's sentence, with a verb of launching or
        # leading between them (县农业农村局牵头实施“X”, X银行推出“Y”), runs it.
        s, _e = sent_of(prog.start_char)
        for o in orgs:
            if o._.wx["canonical"] == org and s <= o.start_char <= s + 12 and o.end_char <= prog.start_char:
                between = text[o.end_char : prog.start_char]
                last_clause = re.split(r"[，,]", between)[-1]
                others = [x for x in orgs if o.end_char <= x.start_char < prog.start_char]
                # Clauses after the subject share it (X局全面落实…，推行“Y”): the verb of the
                # programme's own clause decides.
                if len(between) <= 40 and not others and _LAUNCH.search(last_clause) and not re.search(r"[；;]", between):
                    return "leads"
        return "implements"

    sentence_parent: dict[str, str] = {}
    for p in programs:
        name = p._.wx["text"]
        lead = p._.wx.get("lead")
        if lead:
            rel(lead, kind_of_relation(lead, p), name, p.start_char)
        if lead_is_place:
            rel(ctx.lead, "implements", name, p.start_char)
        elif lead_org and lead != lead_org and p.start_char < title_len:
            rel(lead_org, kind_of_relation(lead_org, p), name, p.start_char)
        parent = heading_program(p.start_char)
        headed = parent is not None and parent != name
        if parent is None or parent == name:
            parent = main
        # A model/mechanism named after a programme in the same sentence is a part of it
        # (牵头实施“X行动”，推广“Y模式”; 推出“X贷”，对…实行“Y”).
        s0, _e0 = sent_of(p.start_char)
        window = programs_by_start[bisect_left(program_starts, s0) : bisect_left(program_starts, p.start_char)]
        earlier = [q for q in window if q.start_char >= title_len and not is_national(q._.wx["text"])]
        if earlier and not headed and p._.wx.get("kind") in ("model", "mechanism", "initiative") and not is_national(name):
            parent = earlier[0]._.wx["text"]
            sentence_parent[name] = parent
        if parent and name != parent and p.start_char >= title_len and not is_national(name):
            rel(name, "part_of", parent, p.start_char)
        # Other organisations of the programme's sentence implement it.
        s, e = sent_of(p.start_char)
        for o in orgs:
            if s <= o.start_char < e and o._.wx["canonical"] != lead:
                rel(o._.wx["canonical"], "implements", name, p.start_char)

    # Organisations named in an article about a programme take part in it: committees,
    # governments and leading groups lead it, departments implement it.
    if main:
        for o in orgs:
            canonical = o._.wx["canonical"]
            if o.start_char < title_len or canonical == lead_org:
                continue
            if o._.wx["type"] != "leading_group" and any(a <= o.start_char and o.end_char <= b for a, b in posts):
                continue  # 省委 inside the post 省委副书记 does not take part itself
            if o._.wx["type"] == "leading_group" or re.search(r"(?:委|人民政府)$", canonical) and o._.wx["type"] != "government_department" or canonical.endswith("人民政府"):
                rel(canonical, "leads", main, o.start_char)
            elif o._.wx["type"] in ("government_department", "party_organ", "bank", "enterprise"):
                rel(canonical, "implements", main, o.start_char)

    for person in doc.spans.get("wx_person", []):
        for post in person._.wx.get("posts", []):
            rel(person._.wx["name"], "holds_post", post, person.start_char)
            if main and re.search(r"(?:领导小组|指挥部)(?:组长|指挥长)$", post):
                rel(person._.wx["name"], "leads", main, person.start_char)  # heads the group running it
            head = re.match(r"^(.+?(?:领导小组|指挥部|委员会))(?:组长|指挥长|主任)$", post)
            if head:
                group = next((o._.wx["canonical"] for o in orgs if o.text == head.group(1)), None)
                rel(person._.wx["name"], "leads", group, person.start_char)  # 领导小组组长 leads the group

    # Units of a body: a leading group's office (…办) belongs to the group, a party
    # committee's departments (组织部, 编办 …) to the committee.
    groups = [c for c in org_names if re.search(r"(?:领导小组|指挥部)$", c)]
    issuer = ctx.issuer or ""
    if re.search(r"(?:领导小组|指挥部)办公室$", issuer) and issuer[:-3] in org_names:
        rel(issuer, "part_of", issuer[:-3], 0)  # the issuing office belongs to its group
    for o in orgs:
        c = o._.wx["canonical"]
        if re.search(r"(?:领导小组|指挥部)办公室$", c) and c[:-3] in org_names:
            rel(c, "part_of", c[:-3], o.start_char)
        elif o._.wx["type"] == "leading_group" and c.endswith("办") and groups:
            rel(c, "part_of", groups[0], o.start_char)
        m = re.match(r"^(中共.+?委)(?:组织部|宣传部|统战部|政法委|编办|机构编制委员会办公室|政研室|党校|办公室)$", c)
        if m and o._.wx["type"] == "party_organ":
            rel(c, "part_of", m.group(1), o.start_char)

    # Agreements and joint work between named parties (A与B签订…, 与B共建…: the article's
    # subject works with B).
    parties = [(x.start_char, x.end_char, x._.wx["canonical"]) for x in orgs]
    parties += [(x.start_char, x.end_char, x._.wx.get("canonical") or x.text) for x in places
                if x.label_ in ("county", "township", "village", "city") and not any(
                    o.start_char <= x.start_char and x.end_char <= o.end_char for o in orgs)]
    for bs, be, b in parties:
        if text[bs - 1 : bs] not in ("与", "同", "和") or not re.match(r"^(?:签订|签署|共建|合作|联合|携手|共同|达成)", text[be : be + 2]):
            continue
        before = [p for p in parties if p[1] == bs - 1]
        a = before[0][2] if before else ctx.lead
        rel(a, "cooperates_with", b, bs)

    # Counties, townships and villages named in a programme's sentence before it carry it out
    # (勐混镇、布朗山乡被列入“X”示范创建乡镇; 某县深入实施“Y”).
    for p in programs:
        s, e = sent_of(p.start_char)
        for x in places:
            if (x.label_ in ("county", "township", "village") and s <= x.start_char < p.start_char
                    and not any(o.start_char <= x.start_char and x.end_char <= o.end_char for o in orgs)):
                rel(x._.wx.get("canonical") or x.text, "implements", p._.wx["text"], p.start_char)

    for s, e in sents:
        inside = []
        for o in orgs:
            if s <= o.start_char < e and o._.wx["canonical"] not in inside:
                inside.append(o._.wx["canonical"])
        for i, a in enumerate(inside):
            for b in inside[i + 1 :]:
                rel(a, "cooperates_with", b, s)
    # The article's lead department works with the other departments its article names.
    if lead_org:
        for o in orgs:
            c = o._.wx["canonical"]
            if c != lead_org and o._.wx["type"] in ("government_department", "bank", "enterprise", "social_organization") and o.start_char >= title_len:
                rel(lead_org, "cooperates_with", c, o.start_char)

    local_places = {x._.wx.get("canonical") or x.text for x in places if x.label_ in ("township", "village")}
    for m in doc.spans.get("wx_metric", []):
        s, e = sent_of(m.start_char)
        in_sentence = [p for p in programs if s <= p.start_char < e and p.start_char < m.start_char]
        subject = (m._.wx or {}).get("subject") or ""
        subject_orgs = [x for x in re.split(r"[、，,]", subject) if x in org_names and x != lead_org]
        mtext = (m._.wx or {}).get("text") or m.text
        subject_places = [x for x in re.split(r"[、，,]", subject) if x in local_places and x != ctx.lead]
        if in_sentence:
            last = in_sentence[-1]._.wx["text"]
            heads = [sentence_parent.get(last, last)]  # a model inside an action: the action's outcome
        elif subject_orgs:
            heads = subject_orgs
        elif subject_places:
            heads = subject_places  # a village's own figures (南强村接待游客…)
        else:
            heads = [heading_program(m.start_char) or title_main or (main if lead_is_place or not ctx.lead else None)
                     or ctx.lead]
        for head in heads:
            rel(head, "has_outcome", mtext, m.start_char)

    doc.user_data["wx_relations"] = out
    return doc
