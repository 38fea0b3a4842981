"""Relations of FORMAT.md, each with the sentence it comes from.

Kept simple and explainable: organisations are located in their place; the article's
lead org leads its programmes, other subject orgs implement them; programmes of an
article are part of the programme named in its title; people hold their posts;
organisations named in one sentence cooperate; a metric is an outcome of the
programme of its sentence, else of the article's title programme, else of its lead.
"""

from __future__ import annotations

import re
from typing import Any

from spacy.tokens import Doc

from .programs import national_programs

_SENT = re.compile(r"[^。！？；\n]+[。！？；]?")
_PARA = re.compile(r"[^\n]+")


def _paragraphs(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _PARA.finditer(text)]


def _sentences(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _SENT.finditer(text)]


def relations_component(doc: Doc) -> Doc:
    from .pipeline import context_of

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
    title_len = len(ctx.article_title)

    for o in orgs:
        rel(o._.wx["canonical"], "located_in", o._.wx.get("place"), o.start_char)
    for p in places:
        if p.label_ in ("county", "township", "village") and p._.wx.get("parent"):
            rel(p._.wx.get("canonical") or p.text, "located_in", p._.wx["parent"], p.start_char)

    title_programs = [p for p in programs if p.start_char < title_len]
    main = title_programs[0]._.wx["text"] if title_programs else None
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
                heads = [p for p in programs if ps <= p.start_char < first_end and p.start_char >= title_len]
                return heads[0]._.wx["text"] if heads else None
        return None

    def kind_of_relation(org: str, prog: Any) -> str:
        name = prog._.wx["text"]
        if is_national(name) or prog._.wx.get("kind") == "designation":
            return "implements"  # national campaigns and designations are carried out, not led
        return "leads" if org == lead_org else "implements"

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
        if parent is None or parent == name:
            parent = main
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

    # Units of a body: a leading group's office (…办) belongs to the group, a party
    # committee's departments (组织部, 编办 …) to the committee.
    groups = [c for c in org_names if re.search(r"(?:领导小组|指挥部)$", c)]
    for o in orgs:
        c = o._.wx["canonical"]
        if re.search(r"(?:领导小组|指挥部)办公室$", c) and c[:-3] in org_names:
            rel(c, "part_of", c[:-3], o.start_char)
        elif o._.wx["type"] == "leading_group" and c.endswith("办") and groups:
            rel(c, "part_of", groups[0], o.start_char)
        m = re.match(r"^(中共.+?委)(?:组织部|宣传部|统战部|政法委|编办|机构编制委员会办公室|政研室|党校|办公室)$", c)
        if m and o._.wx["type"] == "party_organ":
            rel(c, "part_of", m.group(1), o.start_char)

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

    for m in doc.spans.get("wx_metric", []):
        s, e = sent_of(m.start_char)
        in_sentence = [p for p in programs if s <= p.start_char < e and p.start_char < m.start_char]
        subject = (m._.wx or {}).get("subject") or ""
        subject_orgs = [x for x in re.split(r"[、，,]", subject) if x in org_names and x != lead_org]
        mtext = (m._.wx or {}).get("text") or m.text
        if in_sentence:
            heads = [in_sentence[-1]._.wx["text"]]
        elif subject_orgs:
            heads = subject_orgs
        else:
            heads = [heading_program(m.start_char) or main or ctx.lead]
        for head in heads:
            rel(head, "has_outcome", mtext, m.start_char)

    doc.user_data["wx_relations"] = out
    return doc
