"""nlp.metrics: which numbers are metrics, and their unit, period, subject, change, target."""

from __future__ import annotations

import json
from dataclasses import fields
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from wuxing_kg import records
from wuxing_kg.nlp.context import ArticleContext
from wuxing_kg.nlp.metrics import EntityRef, find_metrics

ROOT = Path(__file__).resolve().parent.parent


def ctx(**kw) -> ArticleContext:
    base = dict(bulletin_date=date(2021, 6, 18), province="四川省", city="绵阳市", lead="绵阳市市场监管局")
    base.update(kw)
    return ArticleContext(**base)


def values(text: str, c: ArticleContext | None = None, entities=()) -> list[tuple[Decimal, str]]:
    return [(m.value, m.unit) for m in find_metrics(text, c or ctx(), entities)]


def one(text: str, c: ArticleContext | None = None, entities=()):
    found = find_metrics(text, c or ctx(), entities)
    assert len(found) == 1, found
    return found[0]


# ----------------------------------------------------------------- what is not a metric


@pytest.mark.parametrize(
    "text",
    [
        "市公安局抓实“三大工程”，推出七大便民举措。",  # N大 labels
        "实行“一园一策”，建立“一天一调度、十天一通报”机制。",  # numerals in quoted names
        "第51期。7月31日召开现场会。",  # edition, date
        "对排在全市前30名的予以奖励。",  # threshold rank
        "对引进总额2亿美元或30亿元企业项目给予奖励。",  # alternative thresholds of a rule
        "对投资1亿元以上的项目优先支持。",  # threshold with 以上的
        "开展三次、三级回访。",  # specification
        "从派出所拓展到执法办案、接处警等五个层面。",  # count of the items just listed
        "走出了一条新路，查处了一批害群之马，实现一键匹配。",  # idiomatic 一
        "严格落实24小时值班值守制度。",  # a label
        "为每名高校毕业生提供1次职业指导、3个岗位信息。",  # what a service offers per person
        "实现有劳动力的搬迁家庭至少1人就业。",  # a rule
        "PM2.5浓度持续改善，建成5G网络。",  # letters glued to digits
        "率先在全省推行，在全市首推“科贷通”。",  # firsts without a numbered rank
        "提供5万元以下、3年以内的小额信贷。",  # product specification
        "开展“百企千人”行动，推进二期工程。",  # names
    ],
)
def test_not_metrics(text: str) -> None:
    assert values(text) == []


# ----------------------------------------------------------------- values and units


def test_values_units_and_qualifiers() -> None:
    text = "全市预计增加公办园学位3.3万个以上，占比将提高10个百分点以上。退还资金近2亿元。已注册志愿者8000余人，累计服务12000多个小时。"
    got = [(m.value, m.unit, m.qualifier) for m in find_metrics(text, ctx())]
    assert got == [
        (Decimal(33000), "个", "以上"),
        (Decimal(10), "百分点", "以上"),
        (Decimal(200000000), "元", "约"),
        (Decimal(8000), "人", "余"),
        (Decimal(12000), "小时", "多"),
    ]


def test_bound_words_before_the_number() -> None:
    assert one("民警走访率高于90%。").qualifier == "以上"
    assert one("带动消费超过40亿元。").qualifier == "以上"
    assert one("企业开办时间最高不超过3天。").qualifier == "以内"


def test_chinese_numerals_and_counts_after_a_label() -> None:
    text = "窗口单位分别推出七大便民举措、八项便利措施和10项改革措施。"
    assert values(text) == [(Decimal(8), "项"), (Decimal(10), "项")]
    assert values("全市共举办专场招聘会十二场，帮助一千二百余名退役军人实现就业。") == [
        (Decimal(12), "场"),
        (Decimal(1200), "名"),
    ]


# ----------------------------------------------------------------- ranks


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("满意度指数均位列全省第一。", 1),
        ("增幅列全省第一位。", 1),
        ("总量位列全国第3。", 3),
        ("综合考评排名全市第二位。", 2),
        ("增速居全省首位。", 1),
    ],
)
def test_numbered_ranks(text: str, value: int) -> None:
    m = one(text)
    assert (m.value, m.unit, m.is_change) == (Decimal(value), "名", False)


def test_rank_change_is_a_change() -> None:
    m = one("营商环境评价排名前移3位。")
    assert (m.value, m.unit, m.is_change, m.change_direction) == (Decimal(3), "位", True, "up")


def test_ordinals_are_not_ranks() -> None:
    assert values("第一是加强领导，第二批试点已启动。") == []


# ----------------------------------------------------------------- changes and targets


def test_changes_with_ascii_punctuation_and_lists() -> None:
    text = "1-5月,全市新登记市场主体2.36万户,同比增长18.6%,刑事案件和侵财案件分别下降15.05%和13.03%。"
    got = [(m.value, m.is_change, m.change_direction) for m in find_metrics(text, ctx())]
    assert got == [
        (Decimal(23600), False, None),
        (Decimal("18.6"), True, "up"),
        (Decimal("15.05"), True, "down"),
        (Decimal("13.03"), True, "down"),
    ]


def test_levels_and_amounts_are_not_changes() -> None:
    assert one("优良率提高至85%。").is_change is False
    assert one("全市增加公办园学位3000个。").is_change is False
    m = one("优良天数较上年增加21天。")
    assert (m.is_change, m.change_direction) == (True, "up")
    m = one("项目审批时间平均缩短60天以上。")
    assert (m.is_change, m.change_direction, m.qualifier) == (True, "down", "以上")


def test_targets() -> None:
    assert one("全市预计新增学位3000个。").is_target is True
    assert one("主城区今年9月将新增10所公办幼儿园。").is_target is True
    assert one("力争年底前实现覆盖率达到60%。").is_target is True
    assert one("完成年度目标任务的23.5%。").is_target is False
    assert one("占年度计划的31.2%。").is_target is False
    assert one("帮助企业争取补贴1200万元。").is_target is False


# ----------------------------------------------------------------- periods


def test_periods_come_from_the_sentence() -> None:
    text = "今年1-5月，全市新登记市场主体2.36万户。目前，企业开办时间已压缩至1天以内。截至5月底，全市实有市场主体31.2万户，总量居全省第二。"
    got = [m.period for m in find_metrics(text, ctx())]
    assert got == ["2021年1-5月", "截至2021年6月", "截至2021年5月底", "截至2021年5月底"]


def test_periods_carry_through_the_paragraph_then_from_the_opening() -> None:
    # FORMAT.md: own sentence; else the nearest earlier one in the paragraph; else the
    # article opening's (今年以来，…); else null
    text = "2021年1-6月，全市外贸进出口总额516.8亿美元。其中，出口321.5亿美元。市商务局帮助企业争取补贴1200万元。"
    assert [m.period for m in find_metrics(text, ctx(bulletin_date=None))] == ["2021年1-6月"] * 3
    text = "今年以来，市商务局推进外贸稳增长。目前，已培育外贸企业120家。\n一是强化服务。举办培训班15期。\n二是落实政策。预计退还税费3亿元。"
    got = [m.period for m in find_metrics(text, ctx())]
    assert got == ["截至2021年6月", "2021年以来", "2021年"]  # a forecast speaks of the year
    text = "市商务局推进外贸稳增长。\n一是强化服务。举办培训班15期。"
    assert [m.period for m in find_metrics(text, ctx())] == [None]


def test_a_period_carried_from_a_current_phrase() -> None:
    # the seed's 八项便利措施: 目前 of the sentence before → 截至YYYY年M月
    text = "目前，市公安局已下放行政许可386项。推出八项便利措施和10项改革措施。"
    assert [m.period for m in find_metrics(text, ctx())] == ["截至2021年6月"] * 3


def test_relative_periods_need_a_bulletin_date() -> None:
    assert one("今年上半年，全市实际利用外资11.18亿美元。", ctx(bulletin_date=None)).period is None
    assert one("今年上半年，全市实际利用外资11.18亿美元。", ctx(bulletin_date=date(2019, 8, 16))).period == "2019年上半年"


# ----------------------------------------------------------------- subjects


def test_area_words_name_the_city_county_or_province() -> None:
    c = ctx(county="江油市", lead="江油市")
    assert one("全县共有行政村131个。", ctx(county="安远县", lead="安远县")).subject == "安远县"
    assert one("全市新登记市场主体2.36万户。").subject == "绵阳市"
    assert one("全市实有市场主体31.2万户。", c).subject == "江油市"  # a county-level city's 全市


def test_grammatical_subject_and_combined_subjects() -> None:
    text = "6月份中心城区的16所任务，市住建局、市规划局各主动认领6所、市税务局主动认领4所。"
    ents = [
        EntityRef(text.index("市住建局"), text.index("市住建局") + 4, "绵阳市住建局", "org"),
        EntityRef(text.index("市规划局"), text.index("市规划局") + 4, "绵阳市规划局", "org"),
        EntityRef(text.index("市税务局"), text.index("市税务局") + 4, "绵阳市税务局", "org"),
    ]
    got = [(m.value, m.subject) for m in find_metrics(text, ctx(), ents)]
    assert got == [
        (Decimal(16), "绵阳市"),
        (Decimal(6), "绵阳市住建局、绵阳市规划局"),
        (Decimal(4), "绵阳市税务局"),
    ]


def test_partners_and_speakers_are_not_subjects() -> None:
    text = "市人社局联合团市委、市妇联举办专场招聘会42场。"
    ents = [
        EntityRef(0, 4, "绵阳市人社局", "org"),
        EntityRef(6, 9, "共青团绵阳市委", "org"),
        EntityRef(10, 13, "绵阳市妇联", "org"),
    ]
    assert one(text, ctx(lead="绵阳市人社局"), ents).subject == "绵阳市人社局"


def test_each_value_of_a_fenbie_list_gets_its_own_subject() -> None:
    text = "张镇、李镇分别实现进出口48.6亿美元和32.1亿美元。"
    ents = [EntityRef(0, 2, "张镇", "place", "township"), EntityRef(3, 5, "李镇", "place", "township")]
    assert [m.subject for m in find_metrics(text, ctx(), ents)] == ["张镇", "李镇"]


def test_rates_belong_to_the_place_counts_to_the_department() -> None:
    c = ctx(lead="绵阳市行政审批局")
    text = "市行政审批局推动政务服务事项网上可办率达到98%以上。市行政审批局办理事项4.6万件。"
    ents = [EntityRef(0, 6, "绵阳市行政审批局", "org"), EntityRef(27, 33, "绵阳市行政审批局", "org")]
    assert [m.subject for m in find_metrics(text, c, ents)] == ["绵阳市", "绵阳市行政审批局"]
    assert one("民警走访率高于90%。", ctx(lead="绵阳市公安局")).subject == "绵阳市公安局"  # the lead's own staff


def test_default_subject_is_the_lead() -> None:
    assert one("今年以来，共组织15批次明察暗访组。", ctx(lead="绵阳市公安局")).subject == "绵阳市公安局"
    assert one("同时，该局检查定点医药机构318家。", ctx(lead="绵阳市医疗保障局")).subject == "绵阳市医疗保障局"


# ----------------------------------------------------------------- indicators and spans


def test_indicators() -> None:
    text = "今年上半年，全市实际利用外资11.18亿美元，同比增长9.17%，增幅列全省第一位。目前仅保留4项行政许可项目。"
    got = [m.indicator for m in find_metrics(text, ctx())]
    assert got == ["实际利用外资", "实际利用外资增速", "实际利用外资增幅全省排名", "保留行政许可项目数"]


def test_span_text_is_the_original_text() -> None:
    text = "全市外贸进出口总额５１６．８亿美元，同比增长２４．３％。"
    got = find_metrics(text, ctx())
    assert [(m.value, m.unit) for m in got] == [(Decimal("51680000000"), "美元"), (Decimal("24.3"), "%")]
    assert all(text[m.start : m.end].strip() == m.text for m in got)
    assert got[1].text == "同比增长２４．３％"


# ----------------------------------------------------------------- spaCy component and the seed


def test_component_writes_spans_with_metric_fields() -> None:
    import spacy

    import wuxing_kg.nlp.metrics  # noqa: F401  registers wx_metrics

    nlp = spacy.blank("zh")
    nlp.add_pipe("wx_metrics")
    doc = nlp.make_doc("今年上半年，全市森林旅游总收入174.58亿元，同比增长30.58%。")
    doc.user_data["wx"] = ArticleContext(bulletin_date=date(2019, 8, 16), city="赣州市", lead="赣州市林业局")
    doc = nlp(doc)
    spans = list(doc.spans["wx_metric"])
    expected_keys = {f.name for f in fields(records.Metric)} - {"prov"}
    assert [set(s._.wx) for s in spans] == [expected_keys, expected_keys]
    assert spans[0]._.wx["value"] == Decimal("17458000000") and spans[0]._.wx["unit"] == "元"
    assert spans[1].text == "同比增长30.58%" and spans[1]._.wx["change_direction"] == "up"
    assert spans[0]._.wx["subject"] == "赣州市" and spans[0]._.wx["period"] == "2019年上半年"


def test_component_runs_without_a_context() -> None:
    import spacy

    import wuxing_kg.nlp.metrics  # noqa: F401

    nlp = spacy.blank("zh")
    nlp.add_pipe("wx_metrics")
    doc = nlp("新建线路412公里。")
    assert [(s._.wx["value"], s._.wx["unit"], s._.wx["subject"]) for s in doc.spans["wx_metric"]] == [
        (Decimal(412), "公里", None)
    ]


def _match(pred: list[dict], gold: list[dict]) -> int:
    used: set[int] = set()
    hits = 0
    for g in gold:
        for i, p in enumerate(pred):
            if i not in used and p["unit"] == g["unit"] and Decimal(str(p["value"])) == Decimal(str(g["value"])):
                used.add(i)
                hits += 1
                break
    return hits


def test_seed_bulletin_metric_f1() -> None:
    from wuxing_kg.nlp import extract
    from wuxing_kg.reading import read_bulletin

    gold = json.loads((ROOT / "tests/fixtures/seed.gold.json").read_text(encoding="utf-8"))["metrics"]
    pred = extract(read_bulletin(ROOT / "data/bulletins/ganzhou-wuxing-bulletin-2019-51.txt")).to_dict()["metrics"]
    hits = _match(pred, gold)
    precision, recall = hits / len(pred), hits / len(gold)
    assert 2 * precision * recall / (precision + recall) >= 0.97
    by_text = {m["text"].replace(" ", ""): m for m in pred}
    assert by_text["实际利用外资11.18亿美元"]["period"] == "2019年上半年"
    assert by_text["实际利用外资11.18亿美元"]["subject"] == "赣州市"


# ----------------------------------------------------------------- more general rules


def test_print_run_and_structure_counts_are_not_metrics() -> None:
    assert values("（共印50份）") == []
    assert values("将审批流程分为四个阶段。") == []
    assert values("坚决做到两个维护，增强四个意识。") == []


def test_implied_one_before_a_magnitude() -> None:
    m = one("带动村民人均年增收近万元。")
    assert (m.value, m.unit, m.qualifier) == (Decimal(10000), "元", "约")
    assert one("品牌价值突破百亿元。").value == Decimal(10**10)


def test_a_plan_covers_the_rest_of_its_sentence() -> None:
    text = "城中区今年计划实施项目36个，总投资1.28亿元。截至4月底，已开工项目21个。"
    assert [m.is_target for m in find_metrics(text, ctx())] == [True, True, False]
    assert one("将辖区划分为186个基础网格。").is_target is False


def test_rate_changes_with_an_object_and_point_changes_of_a_ratio() -> None:
    m = one("平均减少申请材料45%。")
    assert (m.is_change, m.change_direction) == (True, "down")
    text = "民生支出占一般公共预算支出的比重达到76.5%，比去年同期提高1.3个百分点。"
    got = find_metrics(text, ctx())
    assert got[1].indicator == "民生支出占一般公共预算支出的比重增速"
    assert not one("增速高于全国0.9个百分点。").is_change


def test_rank_change_after_a_rank() -> None:
    got = find_metrics("园区综合实力排名全省第3位，较去年前移2位。", ctx())
    assert [(m.value, m.unit, m.is_change, m.change_direction) for m in got] == [
        (Decimal(3), "名", False, None),
        (Decimal(2), "位", True, "up"),
    ]


def test_township_and_village_words_resolve_to_the_lead() -> None:
    assert one("全镇林果种植面积稳定在8.5万亩。", ctx(lead="伊西哈拉镇")).subject == "伊西哈拉镇"
    assert one("全村人均纯收入达到14668元。", ctx(lead="十八洞村")).subject == "十八洞村"


def test_holiday_and_start_of_year_periods() -> None:
    c = ctx(bulletin_date=date(2022, 10, 12))
    assert one("今年国庆假期接待游客1.1万人次。", c).period == "2022年国庆假期"
    assert one("优良率由年初的53.2%提升。", c).period == "2022年初"


def test_size_classes_are_not_metrics_but_shares_are() -> None:
    assert values("全市500万元以上工业项目完成投资216.3亿元。") == [(Decimal("21630000000"), "元")]
    assert values("对年纳税额1000万元以上企业给予奖励。") == []
    assert values("力争实现80%以上审批事项“一趟不用跑”。") == [(Decimal(80), "%")]


def test_a_second_value_of_a_list_repeats_the_indicator() -> None:
    text = "甲区、乙区分别新增规上企业12家、9家。"
    ents = [EntityRef(0, 2, "甲区", "place", "county"), EntityRef(3, 5, "乙区", "place", "county")]
    got = [(m.subject, m.indicator) for m in find_metrics(text, ctx(), ents)]
    assert got == [("甲区", "规上企业数"), ("乙区", "规上企业数")]


def test_a_headline_figure_repeated_in_the_body_counts_once() -> None:
    text = "全市新增就业6820人\n1-2月，全市城镇新增就业6820人，完成年度目标任务的23.5%。"
    got = find_metrics(text, ctx(article_title="全市新增就业6820人"))
    assert [(m.value, m.start > 10) for m in got] == [(Decimal(6820), True), (Decimal("23.5"), True)]
    # without a repeat the headline figure stays
    assert len(find_metrics("清理卫生死角1.2万处\n市城管局开展行动。", ctx(article_title="清理卫生死角1.2万处"))) == 1


def test_rank_scope_may_hold_parentheses_and_place_names() -> None:
    text = "完成率居温州各县（市、区）第一位。"
    m = one(text, ctx(), [EntityRef(3, 5, "温州市", "place", "city")])
    assert (m.value, m.unit) == (Decimal(1), "名")


def test_a_dated_before_value_keeps_its_date_to_itself() -> None:
    got = find_metrics("满意率由2022年的86.1%提升至93.5%。", ctx())
    assert [(m.value, m.period) for m in got] == [(Decimal("86.1"), "2022年"), (Decimal("93.5"), None)]


def test_generic_village_words_are_no_subjects() -> None:
    text = "塘下镇改造旧厂区5个、城中村2个。"
    ents = [EntityRef(0, 3, "塘下镇", "place", "township"), EntityRef(11, 14, "城中村", "place", "village")]
    assert [m.subject for m in find_metrics(text, ctx(), ents)] == ["塘下镇", "塘下镇"]


@pytest.mark.parametrize(
    "text",
    [
        "召开第3次会议，学习二十届三中全会精神。",
        "3月5日上午9时在1号会议室召开。依据《条例》第十二条。",
        "1.加强领导。2、压实责任。（2023—2025年）",
        "严格落实中央八项规定精神。",
        "3年以上工作经验，18周岁以上。",
        "24小时不打烊，双11期间促销。",
        "拨打110、12345热线。",
    ],
)
def test_everyday_bulletin_numbers_are_not_metrics(text: str) -> None:
    assert values(text) == []


def test_vague_counts_are_not_metrics_but_approximate_ones_are() -> None:
    got = [(m.value, m.unit, m.qualifier) for m in find_metrics("吸引数十家企业入驻，组织二十多个部门，检查车辆1200辆次。", ctx())]
    assert got == [(Decimal(20), "个", "多"), (Decimal(1200), "辆次", None)]


def test_a_whole_year_plan_opening_the_clause_is_a_target_of_that_year() -> None:
    m = one("全年计划完成岸线绿化1.2万平方米。")
    assert m.is_target and m.period == "2021年" and m.value == Decimal(12000)
    done = one("已完成全年计划的80%。")
    assert not done.is_target


def test_subject_places_are_named_without_their_province_or_city() -> None:
    from wuxing_kg.nlp.metrics import short_place

    assert short_place("重庆市渝北区") == "渝北区"
    assert short_place("杭州市萧山区") == "萧山区"
    assert short_place("延边朝鲜族自治州延吉市") == "延吉市"
    assert short_place("重庆市渝北区水利局") == "重庆市渝北区水利局"  # an organisation keeps its name
    m = one("全区新建污水管网57.3公里。", ctx(city="重庆市", county="重庆市渝北区", lead=None))
    assert m.subject == "渝北区"


def test_places_inside_corner_brackets_are_no_subjects() -> None:
    ents = [EntityRef(start=9, end=13, name="就地城镇", kind="place", level="township")]
    m = one("全镇坚持「不拆房、就地城镇化」原则，改造农村危房326户。", ctx(lead="某某镇"), ents)
    assert m.subject == "某某镇"


def test_graded_counts_and_listed_examples_are_not_subjects() -> None:
    c = ctx(city="某某市", county="某某区", lead=None)
    found = find_metrics("截至10月底，全区11个市级考核断面水质达标率100%。", c, [])
    assert [m.subject for m in found] == ["某某区", "某某区"]
    t = "全镇已建成东村、西村等美丽乡村12个。"
    ents = [EntityRef(t.index("东村"), t.index("东村") + 2, "东村", "place", "village"),
            EntityRef(t.index("西村"), t.index("西村") + 2, "西村", "place", "village")]
    assert one(t, ctx(lead="某某镇"), ents).subject == "某某镇"


def test_within_the_year_is_the_bulletins_year() -> None:
    m = one("下一步，计划于年内再推动15个小区成立业主委员会。")
    assert m.period == "2021年" and m.is_target


def test_an_unrecognised_enterprise_opening_a_sentence_owns_its_figures() -> None:
    c = ctx(city="某某市", county="某某县", lead=None)
    found = find_metrics("国网某某供电公司投资9.8亿元建成变电站2座，新增变电容量72万千伏安。", c, [])
    assert [m.subject for m in found] == ["国网某某供电公司"] * 3


def test_named_examples_of_a_count_are_not_its_subject() -> None:
    t = "甲能源有限公司、乙光伏有限公司等14家企业在园区投资建设，累计完成投资128.6亿元。"
    ents = [EntityRef(0, 7, "甲能源有限公司", "org"), EntityRef(8, 15, "乙光伏有限公司", "org")]
    found = find_metrics(t, ctx(city="某某市", county="某某县", lead="某某县"), ents)
    assert [m.subject for m in found] == ["某某县", "某某县"]


def test_a_sentence_without_a_subject_takes_the_one_that_opens_its_paragraph() -> None:
    t = "某某农村商业银行联合县工商联推出“助企贷”产品。截至5月末，累计发放贷款4.3亿元，惠及小微企业1260户。"
    found = find_metrics(t, ctx(city="某某市", county="某某县", lead=None), [])
    assert [m.subject for m in found] == ["某某农村商业银行"] * 2


def test_jurisdiction_counts_processing_rates_and_brought_in_partners() -> None:
    c = ctx(city="某某市", county="某某市", lead="某某市某某街道党工委")
    t = "某某市某某街道党工委坚持党建引领，在辖区13个社区全面推行“红色物业”工程。"
    ents = [EntityRef(0, 10, "某某市某某街道党工委", "org")]
    assert one(t, c, ents).subject == "某某街道"
    t = "县税务局大力推广“非接触式”办税缴费，办理率达92%。"
    ents = [EntityRef(0, 4, "某某县税务局", "org")]
    assert one(t, ctx(county="某某县", lead="某某县税务局"), ents).subject == "某某县税务局"
    t = "某某街道引入某某物业服务有限公司等国有物业企业接管弃管小区9个。"
    ents = [EntityRef(0, 4, "某某街道", "place", "township"), EntityRef(6, 16, "某某物业服务有限公司", "org")]
    assert one(t, ctx(lead="某某街道"), ents).subject == "某某街道"


def test_a_target_announced_by_a_leader_belongs_to_the_leaders_place_or_org() -> None:
    c = ctx(city="某某市", county="某某区", lead="某某市")
    assert one("区委书记张某表示，今年将新建扶贫车间20个以上。", c).subject == "某某区"
    t = "某某镇党委书记李某表示，明年计划再建成美丽乡村8个。"
    assert one(t, c).subject == "某某镇"
    t = "区总工会主席王某表示，2024年将新建“暖心驿站”20个。"
    ents = [EntityRef(0, 4, "某某区总工会", "org")]
    assert one(t, c, ents).subject == "某某区总工会"


def test_an_undated_starting_value_after_由_has_no_period() -> None:
    found = find_metrics("去年，物业费收缴率由不足50%提高到83%。", ctx(), [])
    assert [m.period for m in found] == [None, "2020年"]
    found = find_metrics("贫困发生率由2014年的64.6%下降到2016年的13.8%。", ctx(), [])
    assert [m.period for m in found] == ["2014年", "2016年"]


def test_a_banks_rate_stays_with_the_bank_but_a_later_clause_rate_is_the_places() -> None:
    t = "某某农村商业银行推出“助企贷”产品。截至5月末，贷款平均利率较上年下降0.6个百分点。"
    ents = [EntityRef(0, 8, "某某农村商业银行", "org")]
    assert one(t, ctx(county="某某县", lead=None), ents).subject == "某某农村商业银行"
    t = "国网某某供电公司投资9.8亿元建成变电站，光伏弃光率由去年同期的12.1%下降至6.4%。"
    found = find_metrics(t, ctx(county="某某市", lead="某某市"), [])
    assert [m.subject for m in found] == ["国网某某供电公司", "某某市", "某某市"]


def test_chinese_numeral_before_du_is_an_adverb() -> None:
    assert values("该村两度获评先进，全年发电量21.6亿度。") == [(Decimal(2160000000), "度")]


def test_a_verb_read_into_a_township_name_is_no_subject() -> None:
    t = "某某镇依托镇便民服务中心和27个村（社区）代办点推行帮办代办。"
    ents = [EntityRef(0, 3, "某某镇", "place", "township"), EntityRef(3, 6, "依托镇", "place", "township")]
    assert one(t, ctx(county="某某旗", lead="某某镇"), ents).subject == "某某镇"


# ------------------------------------------- third round: general families (issue 9, item 3)
# Examples written for these tests, not copied from any corpus text.


def _ents(text: str, *names: tuple[str, str, str | None]) -> list[EntityRef]:
    return [EntityRef(text.index(n), text.index(n) + len(n), n, kind, level) for n, kind, level in names]


def test_named_places_given_as_examples_of_a_count_are_not_its_subject() -> None:
    text = "全县已建成甲山村、乙水村等12个示范村。"
    c = ctx(lead=None, county="某某县", city="某某市")
    m = one(text, c, _ents(text, ("甲山村", "place", "village"), ("乙水村", "place", "village")))
    assert m.subject == "某某县"
    text = "丙丁科技机器人、戊己面业等26个项目实现竣工。"
    m = one(text, c, _ents(text, ("丙丁科技", "org", None)))
    assert m.subject == "某某县" and "丙丁" not in (m.indicator or "")


def test_a_place_office_owns_its_meetings_and_its_place_the_area_figures() -> None:
    c = ctx(lead="东风街道办事处", issuer="东风街道办事处", city=None, province="某某省")
    assert one("全年召开工作会议12次。", c).subject == "东风街道办事处"
    assert one("推进老旧小区加装电梯工程，开工11台。", c).subject == "东风街道"


def test_an_outlet_owns_no_figures() -> None:
    text = "某某日报农村版讯(记者王某)县长李某提出，确保收入10万元以上的村达到120个。"
    c = ctx(lead=None, county="某某县", city="某某市", issuer="某某日报农村版")
    m = [m for m in find_metrics(text, c, _ents(text, ("某某日报农村版", "org", None))) if m.unit == "个"][0]
    assert m.subject == "某某县"


def test_a_lead_less_article_is_about_the_place_its_first_prose_line_opens_with() -> None:
    text = "产业兴旺 村民增收\n近年来，红星镇深挖资源潜力，发展特色产业，不断壮大村集体经济，拓宽就业渠道。\n坚持生态优先，推广有机种植4200亩。"
    c = ctx(lead=None, county="某某区", city="某某市")
    m = one(text, c, _ents(text, ("红星镇", "place", "township")))
    assert m.subject == "红星镇"


def test_a_verb_only_measure_keeps_the_work_item_of_the_clause_before() -> None:
    m = [m for m in find_metrics("推进既有住宅加装电梯工程，完成公示30台，开工12台。", ctx())][-1]
    assert m.value == 12 and m.indicator is not None and m.indicator.startswith("既有住宅加装电梯工程")
    assert one("工作队以产业带动为思路，投资80万元新建了冷库。").indicator == "冷库投资"


def test_examples_inside_the_words_are_dropped() -> None:
    assert one("确定老城周边等8个重点区域。").indicator == "确定重点区域数"


def test_thresholds_and_capacity_labels_are_not_values() -> None:
    assert values("全镇12个村集体经济收入均超过20万元。") == [(Decimal(12), "个")]
    assert values("投资2亿元建设5万头生猪屠宰场。") == [(Decimal(200000000), "元")]


def test_a_bare_kind_word_refers_to_the_organisation_named_before() -> None:
    text = "十年前，绿野蔬菜专业合作社成立。\n合作社目前带动周边10余个村。"
    m = one(text, ctx(lead=None, county="某某县"), _ents(text, ("绿野蔬菜专业合作社", "org", None)))
    assert m.subject == "绿野蔬菜专业合作社"


def test_a_second_count_of_the_same_thing_and_a_named_share() -> None:
    found = find_metrics("已安置搬迁群众3.2万户9.6万人。", ctx())
    assert [m.indicator for m in found][-1].endswith("人数")
    assert one("种植大户中青年人占比已提升到60%。").indicator == "种植大户中青年人占比"
