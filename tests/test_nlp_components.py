"""Components of the NLP entity layer on sentences written for these tests (several
provinces), each checking one rule that would break silently."""

from __future__ import annotations

from wuxing_kg.nlp.context import ArticleContext
from wuxing_kg.nlp.divisions import short_name, table
from wuxing_kg.nlp.orgs import find_orgs
from wuxing_kg.nlp.people import find_people
from wuxing_kg.nlp.places import find_places
from wuxing_kg.nlp.programs import find_programs


def _ctx(**kw) -> ArticleContext:
    return ArticleContext(bulletin_date=None, **kw)


def _orgs(text: str, **kw) -> dict[str, str]:
    places = [(h.start, h.end) for h in find_places(text, within=kw.get("city_code") or kw.get("province_code"))
              if h.level in ("province", "city", "county", "township")]
    return {o["text"]: o["canonical"] for o in find_orgs(text, places, _ctx(**kw))}


SICHUAN = dict(province="四川省", province_code="510000", city="成都市", city_code="510100")


def test_division_table_levels_and_short_names() -> None:
    t = table()
    assert t.lookup("凉山", short=True).name == "凉山彝族自治州"
    assert t.lookup("湘西州").code == "433100"
    assert t.lookup("上海", short=True).level == "province"
    assert t.lookup("朝阳区", within="220100").code.startswith("2201")  # Changchun, not Beijing
    assert short_name("义县", "county") == "义县"  # a one-character short form is not kept
    assert short_name("内蒙古自治区", "province") == "内蒙古"


def test_places_full_short_and_stop_words() -> None:
    hits = {h.text: h for h in find_places("广东、江浙和成渝地区的企业来到郫县考察，中心城区和城区道路", within="510100")}
    assert hits["广东"].level == "province" and hits["广东"].canonical == "广东省"
    assert hits["江浙"].level == "region" and "成渝地区" in hits
    assert hits["郫县"].canonical == "郫都区"
    assert "城区" not in hits  # a county name in Shanxi, but here an ordinary word
    hits = {h.text for h in find_places("通过联结合作等方式")}
    assert "合作" not in hits


def test_county_short_name_only_in_safe_context() -> None:
    assert "崇义" in {h.text for h in find_places("打造了崇义阳明山等线路", within="360700")}
    assert "崇义" not in {h.text for h in find_places("崇义精神", within="360700")}


def test_townships_and_villages_attach_to_their_parent() -> None:
    hits = {h.text: h for h in find_places("临桂区六塘镇组建队伍，龙泉关镇骆驼湾村发展产业，在以礼街道、钟屏街道设站。", within="450300")}
    assert hits["六塘镇"].parent == "临桂区"
    assert hits["骆驼湾村"].parent == "龙泉关镇"
    assert {"以礼街道", "钟屏街道"} <= set(hits)
    bad = {h.text for h in find_places("全县131个村，贫困村和每个村都实现村村通，化解偏远乡村问题，在以上乡镇")}
    assert not bad


def test_org_prefix_resolution() -> None:
    orgs = _orgs("市委、市政府召开会议，省委要求市教育局、县财政局和区委落实。", **SICHUAN,
                 county="武侯区", county_code="510107")
    assert orgs["市委"] == "中共成都市委"
    assert orgs["市政府"] == "成都市人民政府"
    assert orgs["省委"] == "中共四川省委"
    assert orgs["市教育局"] == "成都市教育局"
    assert orgs["区委"] == "中共武侯区委"
    assert orgs["县财政局"] == "县财政局"  # the article is about a district: 县 stays as written


def test_org_boundaries_do_not_swallow_context() -> None:
    orgs = _orgs("安远县由政府存入资金，市治理办每月通报，市住建局暂停办理许可。", province="江西省", province_code="360000",
                 city="赣州市", city_code="360700", county="安远县", county_code="360726")
    assert orgs["政府"] == "安远县人民政府"
    assert "市治理办" in orgs and "市住建局" in orgs
    assert not any(k.startswith("由") or k.endswith("每月") for k in orgs)
    orgs = _orgs("红庆河镇乌兰陶勒盖嘎查成立肉羊养殖合作社，钟屏街道安置点设立就业服务站。", **SICHUAN)
    assert not orgs


def test_org_special_forms() -> None:
    orgs = _orgs("市人社局联合团市委、市妇联，人行绵阳市中心支行、中国工商银行乐清支行、国家税务总局上杭县税务局和"
                 "县委党校参加，旗农牧局、市自然资源和规划局配合。", **SICHUAN, county="伊金霍洛旗", county_code="150627")
    assert orgs["团市委"] == "共青团成都市委"
    assert orgs["人行绵阳市中心支行"] == "中国人民银行绵阳市中心支行"
    assert "中国工商银行乐清支行" in orgs and "国家税务总局上杭县税务局" in orgs
    assert "旗农牧局" in orgs and "市自然资源和规划局" in orgs
    assert "市政务服务网上办" not in _orgs("市政务服务网上办理事项覆盖率达100%", **SICHUAN)


def test_people_after_post_chains() -> None:
    people = {p["name"]: p["posts"] for p in find_people(
        "区委常委、常务副区长陈国强表示，市长王伟主持会议，县长任组长，楼门院长和志愿者参加。", [])}
    assert people == {"陈国强": ["区委常委", "常务副区长"], "王伟": ["市长"]}


def test_programs_cues_suffixes_and_non_programs() -> None:
    text = ("全面推行“最多跑一次”改革，探索“点单式”模式，以“民调评警”为抓手，结合扫黑除恶专项斗争，"
            "申报“森林体验基地”“乡村森林公园”等。形成“比学赶超”态势，“赣州经验”在全省推广，"
            "推动企业服务从“被动响应”向“主动服务”转变，坚持“政府主导”原则，推行“监督一点通”平台，"
            "宣传《外商投资法》。")
    found = {p["text"] for p in find_programs(text)}
    assert {"“最多跑一次”改革", "“点单式”模式", "“民调评警”", "扫黑除恶专项斗争", "“森林体验基地”", "“乡村森林公园”"} <= found
    assert not found & {"“比学赶超”", "“赣州经验”", "“被动响应”", "“主动服务”", "“政府主导”", "“监督一点通”"}
    assert not any("外商投资法" in p for p in found)


def test_people_with_the_post_after_the_name() -> None:
    from wuxing_kg.nlp.people import find_people_post_after

    got = {p["name"]: p["posts"] for p in find_people_post_after("会议由张三副市长主持，李四同志强调，全体同志参加，市委常委、常务副市长出席。")}
    assert got == {"张三": ["副市长"], "李四": []}


def test_central_bodies_but_not_department_kinds() -> None:
    orgs = _orgs("获国务院办公厅通报表扬，农业农村部专家和教育部门参与。", **SICHUAN)
    assert "国务院办公厅" in orgs and "农业农村部" in orgs
    assert "教育部" not in orgs


def test_private_people_after_a_role_noun() -> None:
    from wuxing_kg.nlp.people import find_people_after_role

    got = [p["name"] for p in find_people_after_role("返乡创业人员刘红梅创办工厂，村民齐心协力，群众在家门口就业，村民王小明通过养殖增收。")]
    assert got == ["刘红梅", "王小明"]


def test_relations_of_an_article() -> None:
    from datetime import date

    from wuxing_kg.nlp import extract
    from wuxing_kg.reading import bulletin_from_text

    text = ("杭州市余杭区市场监管局推行“阳光厨房”工程\n"
            "今年以来，余杭区市场监管局推行“阳光厨房”工程，区教育局、区卫健局配合。"
            "区委书记王刚要求，全区实现“阳光厨房”覆盖率100%。结合扫黑除恶专项斗争，整治违规商户12家。")
    x = extract(bulletin_from_text(text, source="t.txt"), default_date=date(2021, 5, 1))
    rels = {(r.head, r.relation, r.tail) for r in x.relations}
    lead = "杭州市余杭区市场监管局"
    assert x.articles[0].lead == lead
    assert (lead, "leads", "“阳光厨房”工程") in rels
    assert (lead, "located_in", "余杭区") in rels
    assert ("余杭区教育局", "implements", "“阳光厨房”工程") in rels
    assert (lead, "cooperates_with", "余杭区教育局") in rels
    assert ("王刚", "holds_post", "区委书记") in rels
    assert (lead, "implements", "扫黑除恶专项斗争") in rels or ("余杭区市场监管局", "implements", "扫黑除恶专项斗争") in rels
    assert any(r.relation == "has_outcome" and r.head == "“阳光厨房”工程" for r in x.relations)


def test_zones_are_regions_named_without_a_full_division_before_them() -> None:
    hits = {h.text: h for h in find_places("南京市江北新区管理委员会与成都高新区、西咸新区合作，全区开发区和国家级新区参与。")}
    assert hits["江北新区"].level == "region" and "南京市江北新区" not in hits
    assert "成都高新区" in hits and "西咸新区" in hits
    assert not any(t.endswith("开发区") or t == "国家级新区" for t in hits)
    assert {h.level for h in find_places("浦东新区") if h.text == "浦东新区"} == {"county"}
