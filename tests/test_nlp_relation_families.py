"""Relation rule families added for real pages (issue 9, item 3: relations whose two ends are
already extracted). Examples are invented; division names are national reference data."""

from __future__ import annotations

from datetime import date

from wuxing_kg.nlp import extract
from wuxing_kg.nlp.context import ArticleContext
from wuxing_kg.nlp.pipeline import get_nlp
from wuxing_kg.nlp.relations import DEFAULT_CONFIG, find_relations
from wuxing_kg.reading import bulletin_from_text


def _triples(text: str) -> set[tuple[str, str, str]]:
    x = extract(bulletin_from_text(text, source="t.txt"), default_date=date(2021, 6, 30))
    return {(r.head, r.relation, r.tail) for r in x.relations}


VILLAGE = ("走进四川三台县青松镇白石村，庭院处处有新貌。\n"
           "今年以来，白石村党支部带领群众实施“庭院美化”行动，全村新建小花园120个。\n")


def test_a_place_written_after_a_wider_one_lies_in_it() -> None:
    t = _triples(VILLAGE)
    assert ("白石村", "located_in", "青松镇") in t
    assert ("青松镇", "located_in", "三台县") in t


def test_a_county_lies_in_its_province_as_well_as_its_city() -> None:
    t = _triples(VILLAGE)
    assert ("三台县", "located_in", "绵阳市") in t and ("三台县", "located_in", "四川省") in t


def test_an_organisation_lies_in_the_place_its_name_starts_with() -> None:
    t = _triples(VILLAGE)
    branch = {h for h, r, tail in t if r == "located_in" and tail == "白石村" and "白石村" in h and "支部" in h}
    assert branch, sorted(t)


def test_the_article_place_implements_its_programmes_and_has_its_figures() -> None:
    t = _triples(VILLAGE)
    assert ("白石村", "implements", "“庭院美化”行动") in t
    assert any(h == "白石村" and r == "has_outcome" and "120个" in tail for h, r, tail in t)


def test_a_unit_named_after_its_body_is_part_of_it() -> None:
    text = ("四川省人民政府办公厅印发通知\n"
            "四川省人民政府办公厅近日印发通知，部署四川省人民政府今年的重点工作。\n")
    assert ("四川省人民政府办公厅", "part_of", "四川省人民政府") in _triples(text)


def test_a_party_committee_written_before_a_programme_leads_it() -> None:
    text = "三台县召开全县工作会议\n会议要求，全县上下要聚焦县委“1234”工作思路，抓好落实。\n"
    t = _triples(text)
    assert any(r == "leads" and tail.startswith("“1234”") and h.endswith("县委") for h, r, tail in t), sorted(t)


def test_switches_are_the_factory_config() -> None:
    nlp = get_nlp()
    assert nlp.get_pipe_meta("wx_relations").default_config == {"switches": DEFAULT_CONFIG}
    doc = nlp.make_doc("三台县今年新建村道35公里。")
    doc.user_data["wx"] = ArticleContext(bulletin_date=date(2021, 6, 30))
    for name, proc in nlp.pipeline:
        if name != "wx_relations":
            doc = proc(doc)
    wider = ("三台县", "located_in", "四川省")
    assert wider in {(r["head"], r["relation"], r["tail"]) for r in find_relations(doc)}
    off = find_relations(doc, {"focus_place_parent": False})
    assert wider not in {(r["head"], r["relation"], r["tail"]) for r in off}


def test_figures_under_a_heading_line_are_outcomes_of_its_programme() -> None:
    text = ("三台县推进农业现代化\n今年以来，三台县扎实推进农业现代化。\n"
            "一、建立“田长制”管理机制\n"
            "由县农业农村局牵头，在全县推行管理。全年新建机耕道120公里。\n")
    t = _triples(text)
    assert any(h == "“田长制”管理机制" and r == "has_outcome" and "120公里" in tail for h, r, tail in t), sorted(t)


def test_an_enterprise_without_a_place_lies_in_the_article_place() -> None:
    text = ("走进四川三台县青松镇白石村，产业兴旺。\n"
            "今年，青禾农业科技有限公司在村里建成加工车间，带动就业60人。\n")
    t = _triples(text)
    firms = {h for h, r, tail in t if r == "located_in" and tail == "白石村" and h.endswith("公司")}
    assert firms, sorted(t)


def test_a_group_named_after_a_programme_leads_it() -> None:
    text = ("三台县推进生态建设\n今年以来，三台县深入推进河长制。\n"
            "三台县林长制领导小组办公室组织开展巡林。\n目前，林长制已覆盖全县。\n")
    t = _triples(text)
    assert any(r == "leads" and tail == "林长制" and h.endswith("林长制领导小组办公室") for h, r, tail in t), sorted(t)


def test_the_responsible_unit_of_a_target_row_leads_its_programme() -> None:
    text = ("2021年县政府工作报告目标任务上半年推进情况表\n"
            "序号 目标任务 责任单位 上半年推进情况\n"
            "1 实施“青禾富民”行动。 三台县农业农村局 已完成年度任务的60%。\n")
    t = _triples(text)
    assert any(r == "leads" and "青禾富民" in tail and h.endswith("农业农村局") for h, r, tail in t), sorted(t)
