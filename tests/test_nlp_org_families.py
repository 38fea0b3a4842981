"""Organisation rule families and the wx_orgs factory settings, on sentences written for these tests."""

from __future__ import annotations

import pytest
import spacy

from wuxing_kg.nlp import orgs  # noqa: F401  registers the wx_orgs factory
from wuxing_kg.nlp.context import ArticleContext
from wuxing_kg.nlp.org_families import FAMILIES
from wuxing_kg.nlp.orgs import find_orgs
from wuxing_kg.nlp.places import find_places

HUNAN = dict(province="湖南省", province_code="430000", city="长沙市", city_code="430100")


def _find(text: str, **kw) -> dict[str, str]:
    ctx = ArticleContext(bulletin_date=None, **HUNAN)
    places = [(h.start, h.end, h.canonical, h.code) for h in find_places(text, within="430100")]
    return {o["text"]: o["canonical"] for o in find_orgs(text, places, ctx, **kw)}


def test_a_family_switched_off_finds_nothing_and_leaves_the_others() -> None:
    text = "来源：星城晚报\n市教育局会同团市委开展活动。"
    assert set(_find(text)) == {"星城晚报", "市教育局", "团市委"}
    # Without the youth-league family, 团市委 is read as the party committee 市委 by the prefix rule.
    assert set(_find(text, disabled_families=("media_sources", "youth_league"))) == {"市教育局", "市委"}


def test_an_unknown_family_name_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown organisation rule families"):
        _find("市教育局", disabled_families=("no_such_family",))


def test_factory_config_reaches_the_component() -> None:
    nlp = spacy.blank("zh")
    nlp.add_pipe("wx_orgs", config={"disabled_families": ["admin_char_prefixed"]})
    doc = nlp("由市教育局牵头。")
    assert [s.text for s in doc.spans["wx_org"]] == []
    nlp2 = spacy.blank("zh")
    nlp2.add_pipe("wx_orgs")
    doc2 = nlp2("由市教育局牵头。")
    assert [s.text for s in doc2.spans["wx_org"]] == ["市教育局"]
    with pytest.raises(ValueError):
        spacy.blank("zh").add_pipe("wx_orgs", config={"disabled_families": ["typo"]})


def test_every_family_has_a_docstring_with_an_example() -> None:
    for name, fn in FAMILIES.items():
        assert fn.__doc__ and any("\u4e00" <= c <= "\u9fff" for c in fn.__doc__), name
