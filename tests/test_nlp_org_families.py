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


def _find_in(text: str, ctx_kw: dict, within: str) -> dict[str, str]:
    ctx = ArticleContext(bulletin_date=None, **ctx_kw)
    places = [(h.start, h.end, h.canonical or h.text, h.code) for h in find_places(text, within=within)
              if h.level in ("province", "city", "county", "township", "village")]
    return {o["text"]: o["canonical"] for o in find_orgs(text, places, ctx)}


GUANGXI_COUNTY = dict(province="广西壮族自治区", province_code="450000", city="桂林市", city_code="450300",
                      county="龙胜各族自治县", county_code="450328")


def test_autonomous_prefix_resolves_to_the_articles_own_division() -> None:
    found = _find_in("全面贯彻自治区党委全会精神，落实自治县人民政府部署。", GUANGXI_COUNTY, "450328")
    assert found["自治区党委"] == "中共广西壮族自治区委员会"
    assert found["自治县人民政府"] == "龙胜各族自治县人民政府"
    # Written in full, the region is a place and its body is found with it, not re-prefixed.
    assert "自治区党委" not in _find_in("广西壮族自治区党委召开会议。", GUANGXI_COUNTY, "450328")


def test_bare_congress_and_cppcc_pair_belong_to_the_focus_county() -> None:
    found = _find_in("在县委的领导和人大、政协的监督下，全县经济稳步增长。请各位政协委员提出意见。",
                     GUANGXI_COUNTY, "450328")
    assert found["人大"] == "龙胜各族自治县人民代表大会常务委员会"
    assert found["政协"] == "中国人民政治协商会议龙胜各族自治县委员会"
    assert "人大" not in _find_in("人大代表走进社区。", GUANGXI_COUNTY, "450328")


def test_brand_groups_in_a_list_and_a_regional_unit() -> None:
    found = _find_in("长丰集团、远航重工集团等企业落户，长丰集团西南区域总部等总部型企业相继入驻。", GUANGXI_COUNTY, "450328")
    assert {"长丰集团", "远航重工集团", "长丰集团西南区域总部"} <= set(found)
    assert not any("企业集团" in k for k in _find_in("培育一批企业集团，做强产业。", GUANGXI_COUNTY, "450328"))


def test_short_government_office_and_outlets_after_a_dash() -> None:
    found = _find_in("由桂林市政府办牵头。市政府办理群众诉求。\n来源:漓江网-桂林晚报\n", GUANGXI_COUNTY, "450328")
    assert found["桂林市政府办"] == "桂林市人民政府办公室"
    assert "市政府办" not in found  # 办理 is a verb
    assert "桂林晚报" in found


def test_department_names_with_a_division_inside_keep_the_and() -> None:
    found = _find_in("广西壮族自治区桂林市发展和改革委员会印发通知。", GUANGXI_COUNTY, "450328")
    assert "广西壮族自治区桂林市发展和改革委员会" in found


def test_a_village_found_once_is_found_again_after_a_verb() -> None:
    hits = [h.text for h in find_places("在翠竹社区召开表彰会。获奖的翠竹社区党委书记发言。", within="450328")]
    assert hits.count("翠竹社区") == 2


def test_former_ministries_and_news_agencies_are_national_bodies() -> None:
    found = _find_in("该村被农业部评为示范村，中新社记者前来采访。", GUANGXI_COUNTY, "450328")
    assert found["农业部"] == "农业部" and found["中新社"] == "中国新闻社"


def test_bracketed_short_form_is_the_same_body_where_it_recurs() -> None:
    ctx = ArticleContext(bulletin_date=None, **GUANGXI_COUNTY)
    text = "湖南农业大学（以下简称“湖农大”）专家来到村里。湖农大还派出了技术员。"
    places = [(h.start, h.end, h.canonical or h.text, h.code) for h in find_places(text, within="450328")]
    found = find_orgs(text, places, ctx)
    shorts = [o for o in found if o["text"] == "湖农大"]
    assert len(shorts) == 2 and all(o["canonical"] == "湖南农业大学" for o in shorts)
    # A bracket that does not abbreviate the name is something else (a count, an aside).
    assert not any(o["text"] == "三个" for o in find_orgs("县农业农村局（三个）", [], ctx))


def test_task_forces_are_leading_groups() -> None:
    ctx = ArticleContext(bulletin_date=None, **GUANGXI_COUNTY)
    found = {o["text"]: o["type"] for o in find_orgs("县创文攻坚专班和县安全生产专项工作组联合检查。", [], ctx)}
    assert found["县创文攻坚专班"] == "leading_group" and found["县安全生产专项工作组"] == "leading_group"


def test_companies_named_by_brand_and_trade_in_a_counted_project_list() -> None:
    found = _find_in("开展项目攻坚。远帆精工机器人、禾丰面业等12个项目竣工，现代物流园等3个项目开工。",
                     GUANGXI_COUNTY, "450328")
    assert found.get("远帆精工") == "远帆精工" and found.get("禾丰面业") == "禾丰面业"
    assert "现代物流" not in found  # a generic project name, not a brand
    assert "禾丰面业" not in _find_in("禾丰面业产品畅销。", GUANGXI_COUNTY, "450328")  # no project list


def test_field_branch_bureaus_named_after_their_county() -> None:
    found = _find_in("生态环境龙胜分局召开会议，", GUANGXI_COUNTY, "450328")
    assert found.get("生态环境龙胜分局") == "生态环境龙胜分局"
    assert "生态环境保护分局" not in _find_in("生态环境保护分局", GUANGXI_COUNTY, "450328")  # 保护 is no county


def test_ju_ending_a_common_word_is_no_bureau() -> None:
    found = _find_in("龙胜各族自治县如何破局？县统计局和县邮政局给出答案。", GUANGXI_COUNTY, "450328")
    assert not any(k.endswith("破局") for k in found)
    assert "县统计局" in found and "县邮政局" in found


def test_a_journal_named_as_source_and_a_body_after_shou() -> None:
    found = _find_in("作者：某某\n来源：《乡村治理研究》\n受县人民政府委托，现作报告。", GUANGXI_COUNTY, "450328")
    assert "乡村治理研究" in found
    assert found.get("县人民政府") == "龙胜各族自治县人民政府"


def test_named_cooperatives_but_not_generic_kinds() -> None:
    found = _find("8年前丰禾蔬菜专业合作社成立，推动石塘村合作社业务拓展。")
    assert {"丰禾蔬菜专业合作社", "石塘村合作社"} <= set(found)
    assert _find("各村通过构建合作社，成立标准化农民专业合作社和肉牛养殖合作社。") == {}


def test_companies_listed_before_deng_gongsi() -> None:
    found = _find("规模较大的有鑫达、金穗食品等公司，带动农户增收。")
    assert {"鑫达", "金穗食品"} <= set(found)


def test_outlets_in_a_byline_after_a_time_stamp_and_before_a_publishing_verb() -> None:
    assert "星城新闻网" in _find("户均增收500元。（星城新闻网 韩冰）")
    assert "湘江网" in _find("2020-01-02 10:30湘江网\n正文")
    assert "星城晚报" in _find("该做法受到星城晚报刊登宣传。")
    assert "受到星城晚报" not in _find("该做法，受到星城晚报刊登宣传。")


def test_party_organs_in_a_post_chain_and_a_city_before_the_district_committee() -> None:
    found = _find("长沙市岳麓区委副书记、政法委书记 张某")
    assert found.get("政法委") == "中共岳麓区委政法委员会"
    assert found.get("长沙市岳麓区委") == "中共岳麓区委"


def test_a_verb_ending_in_ban_is_no_office() -> None:
    assert "区举办" not in _find("在区举办的登高活动中，销售额增长。")


def test_a_township_government_after_jiao_or_bao() -> None:
    assert "镇政府" in _find("这些建议将交镇政府办理落实。")
