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

_SENT = re.compile(r"[^。！？；\n]+[。！？；]?")


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
    lead_is_place = ctx.lead is not None and not any(o._.wx["canonical"] == ctx.lead for o in orgs)
    for p in programs:
        name = p._.wx["text"]
        lead = p._.wx.get("lead")
        if lead:
            rel(lead, "leads" if lead == ctx.lead else "implements", name, p.start_char)
        if lead_is_place:
            rel(ctx.lead, "implements", name, p.start_char)
        elif ctx.lead and lead != ctx.lead and p.start_char < title_len:
            rel(ctx.lead, "leads", name, p.start_char)
        if main and name != main and p.start_char >= title_len:
            rel(name, "part_of", main, p.start_char)
        # Other organisations of the programme's sentence implement it.
        s, e = sent_of(p.start_char)
        for o in orgs:
            if s <= o.start_char < e and o._.wx["canonical"] != lead:
                rel(o._.wx["canonical"], "implements", name, p.start_char)

    for person in doc.spans.get("wx_person", []):
        for post in person._.wx.get("posts", []):
            rel(person._.wx["name"], "holds_post", post, person.start_char)

    for s, e in sents:
        inside = []
        for o in orgs:
            if s <= o.start_char < e and o._.wx["canonical"] not in inside:
                inside.append(o._.wx["canonical"])
        for i, a in enumerate(inside):
            for b in inside[i + 1 :]:
                rel(a, "cooperates_with", b, s)
        if ctx.lead and not lead_is_place:
            for b in inside:
                if b != ctx.lead and s >= title_len:
                    pass  # an org named in a lead's article is not necessarily a partner

    for m in doc.spans.get("wx_metric", []):
        s, e = sent_of(m.start_char)
        in_sentence = [p for p in programs if s <= p.start_char < e and p.start_char < m.start_char]
        head = in_sentence[-1]._.wx["text"] if in_sentence else main or ctx.lead
        text = (m._.wx or {}).get("text") or m.text
        rel(head, "has_outcome", text, m.start_char)

    doc.user_data["wx_relations"] = out
    return doc
