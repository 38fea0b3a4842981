"""Organisations (wx_orgs): the spaCy component, its factory and the record helpers.

The names are found by the rule families of `org_families.py` (one small function per kind of
name, run in order) using the naming rules of `org_names.py` ([prefix] + body + suffix from
`patterns/org_suffixes.txt`, canonical name from the article context, type from the name).
The factory's config switches families off and sets the longest name body scanned:

    nlp.add_pipe("wx_orgs", config={"disabled_families": ["media_sources"], "max_body": 14})
"""

from __future__ import annotations

import re
from typing import Any

from spacy.language import Language

from .context import ArticleContext
from .org_families import FAMILIES, OrgFinder, Place
from .org_names import canonical_name, org_type, scan_name  # noqa: F401  re-exported for callers
from .spans import add_span, context_of, doc_text, wx_of


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


def find_orgs(text: str, places: list[Place], ctx: ArticleContext, *, disabled_families: tuple[str, ...] = (),
              max_body: int = 14, short_prefix_max_body: int = 8) -> list[dict[str, Any]]:
    """Organisation mentions as dicts: start, end, text, canonical, type, place, place_code."""
    unknown = set(disabled_families) - set(FAMILIES)
    if unknown:
        raise ValueError(f"unknown organisation rule families: {sorted(unknown)} (known: {list(FAMILIES)})")
    finder = OrgFinder(text, places, ctx, max_body=max_body, short_prefix_max_body=short_prefix_max_body)
    for name, family in FAMILIES.items():
        if name not in disabled_families:
            family(finder)
    return sorted(finder.found, key=lambda o: o["start"])


@Language.factory(
    "wx_orgs",
    default_config={"disabled_families": [], "max_body": 14, "short_prefix_max_body": 8},
)
def make_orgs(nlp: Language, name: str, disabled_families: list[str], max_body: int,
              short_prefix_max_body: int) -> Any:
    """The wx_orgs component; `disabled_families` names families of org_families.FAMILIES to skip."""
    options: dict[str, Any] = {"disabled_families": tuple(disabled_families), "max_body": max_body,
               "short_prefix_max_body": short_prefix_max_body}
    find_orgs("", [], ArticleContext(bulletin_date=None), **options)  # fail at build time on a bad family name

    def component(doc):  # type: ignore[no-untyped-def]
        return orgs_component(doc, **options)

    return component


def orgs_component(doc, **options: Any):  # type: ignore[no-untyped-def]
    """spaCy component: doc.spans["wx_org"]; also sets the article lead on the context."""
    ctx = context_of(doc)
    places = [
        (s.start_char, s.end_char, wx_of(s).get("canonical") or s.text, wx_of(s).get("code"))
        for s in doc.spans.get("wx_place", [])
        if s.label_ in ("province", "city", "county", "township", "village") or wx_of(s).get("how") == "zone"
    ]
    doc.spans["wx_org"] = []
    orgs = find_orgs(doc_text(doc), places, ctx, **options)
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
            return wx_of(s).get("canonical") or s.text
        break
    return None
