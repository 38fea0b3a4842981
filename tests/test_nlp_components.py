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


def test_township_patterns_need_a_plausible_name() -> None:
    text = "坚持就地城镇化，联合市住房和城乡建设局，周边旗县先后来镇考察。在河南社区，阿日昆都楞镇、札萨克镇已建成沙美村、南强村。"
    hits = {h.text: h for h in find_places(text, within="150600")}
    assert {"阿日昆都楞镇", "札萨克镇", "沙美村", "南强村", "河南社区"} <= set(hits)
    assert not {"就地城镇", "住房和城乡", "先后来镇", "河南"} & set(hits)
    assert "重庆两江新区" in {h.text for h in find_places("大盛镇与重庆两江新区水土镇签订协议")}
    assert "两江新区" not in {h.text for h in find_places("大盛镇与重庆两江新区水土镇签订协议")}
    assert "会同县" not in {h.text for h in find_places("县发展和改革局会同县自然资源局推进")}


def test_grassroots_bodies_congress_and_website_bylines() -> None:
    text = ("2022-06-10  宜宾市人民政府网\n柏溪街道党工委联合街道办事处在南岸社区推行网格化。社区党支部书记、居委会主任李春梅，"
            "区人大、区政协领导参加。观音镇卫生院、观音镇中心小学、“红马甲”志愿服务队参与。国网宜宾供电公司，海南农垦博鳌农场公司。")
    ctx = dict(province="四川省", province_code="510000", city="宜宾市", city_code="511500", county="叙州区", county_code="511504")
    places = [(h.start, h.end, h.canonical or h.text, h.code) for h in find_places(text, within="511500")]
    orgs = {o["text"]: o["canonical"] for o in find_orgs(text, places, _ctx(**ctx))}
    assert orgs["柏溪街道党工委"] == "中共柏溪街道工作委员会"
    assert orgs["街道办事处"] == "叙州区柏溪街道办事处"
    assert orgs["社区党支部"] == "中共南岸社区支部委员会" and orgs["居委会"] == "南岸社区居民委员会"
    assert orgs["区人大"] == "叙州区人民代表大会常务委员会"
    assert orgs["区政协"] == "中国人民政治协商会议叙州区委员会"
    assert {"观音镇卫生院", "观音镇中心小学", "“红马甲”志愿服务队", "国网宜宾供电公司", "海南农垦博鳌农场公司"} <= set(orgs)
    assert "宜宾市人民政府" not in orgs  # the byline names a website


def test_people_after_less_common_posts() -> None:
    text = "区委书记、区总河长唐小平带队巡河。副旗长乌云其木格到镇调研。旗长巴特尔主持会议。副县长岩温香表示。刘建华兼任院长。"
    names = {p["name"]: p["posts"] for p in find_people(text, [])}
    assert names["唐小平"] == ["区委书记", "区总河长"]
    assert names["乌云其木格"] == ["副旗长"] and names["巴特尔"] == ["旗长"] and names["岩温香"] == ["副县长"]
    assert "刘建华兼任" not in names
    assert find_people("镇长带队调研。县长主持召开会议。", []) == []  # verbs after a bare post are no names


def test_programs_formulas_unquoted_campaigns_and_labels() -> None:
    text = ("确保“一河一长、一河一策”落到实处。推进御临河流域水环境综合治理，签订跨界河流联防联控协议，推动农旅融合发展。"
            "打造\"世界茶源·中国普洱茶第一县\"品牌，参加\"云茶进京\"等推介活动，举办“畲乡三月三”文化节，列入\"一县一业\"示范创建乡镇。")
    names = {p["text"] for p in find_programs(text)}
    assert {"“一河一长、一河一策”", "御临河流域水环境综合治理", "跨界河流联防联控", "农旅融合发展", "\"一县一业\"示范创建"} <= names
    assert not {"\"世界茶源·中国普洱茶第一县\"", "\"云茶进京\"", "“畲乡三月三”"} & names


def test_department_names_with_yu_conjunction() -> None:
    orgs = _orgs("县海洋与渔业局牵头，县委与县政府部署。", province="福建省", province_code="350000", county="霞浦县", county_code="350921")
    assert orgs["县海洋与渔业局"] == "霞浦县海洋与渔业局"
    assert "县委" in orgs and not any("与县政府" in name for name in orgs)


def test_lists_of_long_township_names_share_their_county() -> None:
    hits = {h.text: h for h in find_places("在四子王旗乌兰花镇、查干补力格苏木调研", within="150000")}
    assert hits["查干补力格苏木"].level == "township" and hits["查干补力格苏木"].parent == "四子王旗"


def test_news_outlets_named_as_the_source() -> None:
    # 来源 line, 据《…》消息 and a X讯 dateline each name the outlet; a plain 日报 mention does not.
    text = "来源：江城晚报\n云山新闻网讯 近日，据《东川日报》消息，全镇订阅日报的人增加。"
    orgs = _orgs(text)
    assert {"江城晚报", "云山新闻网", "东川日报"} <= set(orgs)
    assert "订阅日报" not in orgs


def test_people_in_bylines() -> None:
    from wuxing_kg.nlp.people import find_people_bylines

    text = "某报讯（记者王小明、通讯员李四 赵六）全县……\n该村获评先进村。（孙大伟 周丽）\n（村委会）"
    names = [p["name"] for p in find_people_bylines(text)]
    assert names == ["王小明", "李四", "赵六", "孙大伟", "周丽"]


def test_village_pattern_rejects_trait_kinds_and_clause_openers() -> None:
    # 空心村 / 亿元村 are kinds of village, 当时某村 starts with a time word: none is a place name.
    text = "全县整治空心村，打造亿元村。当时石门村党支部推广村党支部领办合作社。"
    names = {h.name for h in find_places(text, within=None)}
    assert not {"空心村", "亿元村", "当时石门村", "推广村"} & names


def test_org_in_event_with_ordinal_session_is_not_an_org() -> None:
    # 某县十九届人大四次会议 names a meeting, not the congress itself.
    assert not any("人大" in t for t in _orgs("在青山县十九届人大四次会议上，代表们审议了报告。"))


def test_national_short_forms_take_their_canonical_name() -> None:
    orgs = _orgs("各级党组织认真贯彻党中央决策，纪念中国共产党建党周年。")
    assert orgs.get("党中央") == "中共中央"
    assert orgs.get("中国共产党") == "中国共产党"


def test_autonomous_region_prefix_resolves_to_the_province() -> None:
    ctx = dict(province="西藏自治区", province_code="540000")
    orgs = _orgs("自治区民政厅会同自治区党委组织部开展工作。", **ctx)
    assert orgs.get("自治区民政厅") == "西藏自治区民政厅"
    assert orgs.get("自治区党委组织部") == "中共西藏自治区委员会组织部"


def test_development_strategies_named_field_plus_division() -> None:
    names = [p["text"] for p in find_programs("坚持实施科教兴省战略和生态立市战略，大力发展科技强县战略研究。")]
    assert names == ["科教兴省战略", "生态立市战略"]


def test_signature_line_with_spaces_between_post_and_name() -> None:
    people = find_people("青山县人民政府县长 王大明\n", [])
    assert [(p["name"], p["posts"]) for p in people] == [("王大明", ["县长"])]
    assert find_people("县长 要求各地抓好落实\n", []) == []


def test_names_listed_after_a_collective_post() -> None:
    from wuxing_kg.nlp.people import find_people_after_role, find_people_in_collective_lists

    found = find_people_in_collective_lists("会上，局领导王大明、李小红同志分别讲话。领导班子成员要带头。")
    assert [p["name"] for p in found] == ["王大明", "李小红"]
    # 村民担心是否…: 担/顾-like verbs after a role noun are not names.
    assert find_people_after_role("有村民顾虑是否合规。") == []


def test_org_filters_city_party_branch_and_ordinal_descriptions() -> None:
    orgs = _orgs("推广青山县党支部引领合作社模式，石门村第一家种植合作社成立，青山县政策宣讲团下乡。")
    assert "青山县党支部" not in orgs
    assert not any("第一家" in t for t in orgs)
    assert "青山县政策宣讲团" in orgs


def test_generic_street_committees_and_village_counts() -> None:
    assert not any("党工委" in t for t in _orgs("青山区街道党工委书记参加会议。"))
    names = {h.name for h in find_places("开展专家百村行活动，在居民小区和农民新村种花。", within=None)}
    assert not {"专家百村", "农民新村"} & names


def test_numbered_quoted_frameworks_and_quoted_emphasis() -> None:
    names = [p["text"] for p in find_programs("全县立足“五大工程”，围绕“三山两水一田”，")]
    assert "“五大工程”" in names and "“三山两水一田”" in names
    assert find_programs("推动该镇“上榜”。") == []


def test_county_named_before_a_programme_in_its_sentence_implements_it() -> None:
    from datetime import date

    from wuxing_kg.nlp import extract
    from wuxing_kg.reading import bulletin_from_text

    text = ("山区产业发展见成效\n"
            "据介绍，近年来，浙江省安吉县深入推进“五大工程”，带动农民增收。")
    x = extract(bulletin_from_text(text, source="t.txt"), default_date=date(2021, 5, 1))
    rels = {(r.head, r.relation, r.tail) for r in x.relations}
    assert ("安吉县", "implements", "“五大工程”") in rels


def test_recurring_protagonist_of_a_feature_story() -> None:
    from wuxing_kg.nlp.people import find_recurring_protagonists

    text = "王小明的返乡路\n王小明今年40岁。他办起合作社。王小明告诉记者，收入翻番。"
    assert [p["name"] for p in find_recurring_protagonists(text)] == ["王小明"]
    # Sentence-opening conjunctions are not names, however often they open a sentence.
    assert find_recurring_protagonists("于是，大家动手。于是，路通了。于是，村变了。") == []


def test_township_name_with_he_right_after_its_county() -> None:
    names = {h.name for h in find_places("近年来，蒙城县永和镇重视环境整治。", within="341600")}
    assert "永和镇" in names
    assert not any(n.endswith("城乡") or "和城" in n for n in {h.name for h in find_places("县住房和城乡建设局", within="341100")})
