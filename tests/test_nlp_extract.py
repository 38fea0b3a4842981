"""The NLP entity layer on the seed (against its gold), on varied sentences from
other provinces (ASCII punctuation, Traditional characters) and through the CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from wuxing_kg.cli import cli
from wuxing_kg.evaluate import score_document
from wuxing_kg.nlp import extract
from wuxing_kg.nlp.divisions import table
from wuxing_kg.reading import date_from_url
from wuxing_kg.reading import bulletin_from_text, read_bulletin

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "bulletins" / "ganzhou-wuxing-bulletin-2019-51.txt"
SEED_GOLD = ROOT / "tests" / "fixtures" / "seed.gold.json"


def _x(text: str, when: str = "2021-03-15"):
    return extract(bulletin_from_text(text, source="t.txt"), default_date=date.fromisoformat(when))


@pytest.fixture(scope="module")
def seed():
    return extract(read_bulletin(SEED))


def test_seed_bulletin_fields(seed) -> None:
    assert seed.date == "2019-08-16"
    assert seed.issue == "第51期"
    assert seed.city == "赣州市" and seed.province == "江西省" and seed.city_code == "360700"
    assert seed.issuer == "赣州市“五型”政府建设领导小组办公室"
    assert [a.lead for a in seed.articles][:2] == ["赣州市教育局", "赣州市公安局"]
    assert seed.articles[4].lead == "章贡区"
    # Provenance points into the original file (the PDF line break stays inside a sentence).
    org = next(o for o in seed.organizations if o.canonical == "赣州市住建局")
    m = org.mentions[0]
    assert read_bulletin(SEED).original[m.start : m.end] == "市住建局"


def test_seed_entity_f1_floor(seed) -> None:
    result = score_document(seed.to_dict(), json.loads(SEED_GOLD.read_text(encoding="utf-8")))
    assert result.entity_total.f1 >= 0.95, result.misses


def test_seed_canonicals_and_people(seed) -> None:
    canon = {o.canonical: o.type for o in seed.organizations}
    assert canon["中共江西省委"] == "party_organ"
    assert canon["赣州市人民政府"] == "government_department"
    assert canon["安远县人民政府"] == "government_department"  # bare 政府 in a county item
    assert canon["安远县邮政储蓄银行"] == "bank"
    assert canon["赣州市小区配套园治理工作领导小组"] == "leading_group"
    assert "由政府" not in canon and "教育部门" not in canon
    people = {p.name: p.posts for p in seed.people}
    assert people["李炳军"] == ["省委副书记", "市委书记"]
    assert people["曾文明"][-1] == "市小区配套园治理工作领导小组组长"
    places = {p.name: p for p in seed.places}
    assert places["崇义县"].level == "county" and places["崇义县"].text == "崇义"
    assert places["珠三角"].level == "region"
    assert "阳明山" not in places and "赣" not in places
    programs = {p.text for p in seed.programs}
    assert {"“科贷通”", "扫黑除恶专项斗争", "“放管服”改革", "大走访"} <= programs
    assert "“赣州经验”" not in programs and "“比学赶超”" not in programs


def test_other_province_with_ascii_punctuation() -> None:
    x = _x('成都市武侯区人民政府联合四川省教育厅开展"阳光校园"专项行动,区委书记张伟出席。区教育局局长李红介绍,全区已建成12所智慧校园。')
    orgs = {o.canonical: o for o in x.organizations}
    assert "成都市武侯区人民政府" in orgs and "四川省教育厅" in orgs
    assert "中共武侯区委" in orgs  # 区委 in an article about 武侯区
    assert "武侯区教育局" in orgs
    assert x.city == "成都市" and x.province == "四川省"
    assert any("阳光校园" in p.text for p in x.programs)
    assert {p.name for p in x.people} >= {"张伟"}
    rels = {(r.head, r.relation, r.tail) for r in x.relations}
    assert ("张伟", "holds_post", "区委书记") in rels
    assert ("成都市武侯区人民政府", "cooperates_with", "四川省教育厅") in rels


def test_traditional_text_via_reader() -> None:
    x = _x("杭州市富陽區市場監督管理局推行「最多跑一次」改革，浙江省副省長王浩強調要深化改革。")
    assert any(o.canonical == "杭州市富阳区市场监督管理局" for o in x.organizations)
    assert any(p.name == "富阳区" and p.level == "county" for p in x.places)
    assert any("最多跑一次" in p.text for p in x.programs)
    assert any(p.name == "王浩" for p in x.people)


def test_places_historical_and_short_names() -> None:
    t = table()
    assert t.lookup("赣县").name == "赣县区" and t.lookup("赣县").parent_code == "360700"
    assert t.lookup("龙南县").code == "360783"
    assert t.lookup("双流县").name == "双流区"
    x = _x("郫县和新津县的农民合作社与珠三角企业合作，联结合作社员增收。")
    names = {p.name for p in x.places}
    assert {"郫都区", "新津区", "珠三角"} <= names
    assert "合作市" not in names  # 联结合作 is not the city 合作 in Gansu


def test_not_organisations() -> None:
    x = _x("市直部门和区级部门联合派出所、窗口单位及开发商，共同推进城市管理局建设。")
    assert not any(o.text in {"市直部门", "区级部门", "派出所", "窗口单位", "开发商"} for o in x.organizations)


def test_date_from_url() -> None:
    assert date_from_url("http://www.gov.cn/xxgk/2021/0315/c1.html") == date(2021, 3, 15)
    assert date_from_url("https://a.gov.cn/art/2020-07-09/x.html") == date(2020, 7, 9)
    assert date_from_url("https://a.gov.cn/t20190816_123.html") == date(2019, 8, 16)
    assert date_from_url("https://a.gov.cn/none") is None


def test_cli_extract_json_and_table(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text("市教育局推行“课后服务”模式。今年以来，全市新增学位3000个。", encoding="utf-8")
    runner = CliRunner()
    res = runner.invoke(cli, ["extract", str(f), "--date", "2021-05-01"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["date"] == "2021-05-01"
    assert any("课后服务" in p["text"] for p in data["programs"])
    res = runner.invoke(cli, ["extract", str(f), "--format", "table"])
    assert res.exit_code == 0 and "programs (" in res.output
    res = runner.invoke(cli, ["extract", str(f), "--date", "2021-13-01"])
    assert res.exit_code == 2


def test_pipeline_loads_offline_in_a_fresh_process() -> None:
    # Its load time is reported by `make bench` (bench_extract), not asserted here.
    code = (
        "from wuxing_kg.nlp.pipeline import get_nlp; nlp = get_nlp(); nlp('市教育局');"
        "print(','.join(nlp.pipe_names))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out[0].split(",")[0] == "wx_places" and out[0].split(",")[-1] == "wx_relations"


@pytest.mark.parametrize("variant", ["traditional", "ascii_punctuation"])
def test_seed_variants_keep_the_f1_floor(variant: str) -> None:
    import opencc

    text = SEED.read_text(encoding="utf-8")
    if variant == "traditional":
        text = opencc.OpenCC("s2t").convert(text)
    else:
        text = text.translate(str.maketrans({"，": ",", "：": ":", "（": "(", "）": ")", "；": ";", "“": '"', "”": '"'}))
    x = extract(bulletin_from_text(text, source=SEED.name))
    result = score_document(x.to_dict(), json.loads(SEED_GOLD.read_text(encoding="utf-8")))
    assert result.entity_total.f1 >= 0.95, result.misses


# ------------------------------------------------------------------ focus place without a masthead


def test_focus_place_from_a_title_that_does_not_start_with_it() -> None:
    # county news without a masthead: the county named inside the title is the article's
    # place, so short department names (区教育局) take their prefix from it
    x = _x("携手共建谱新篇 武侯区对口帮扶成效显著\n\n今年以来，武侯区坚持把对口帮扶作为重要任务。全区共实施帮扶项目37个。区教育局选派教师20名。")
    assert {m.text: m.subject for m in x.metrics} == {"实施帮扶项目37个": "武侯区", "选派教师20名": "武侯区教育局"}
    assert "武侯区教育局" in {o.canonical for o in x.organizations}


def test_focus_place_from_the_lead_sentence_or_the_byline() -> None:
    # no place in the title: the lead sentence names it; a figure of a later paragraph
    # without a subject belongs to that county, not to its parent city
    lead = _x("对口帮扶成效显著\n\n今年以来，武侯区坚持把对口帮扶作为重要任务，区教育局选派教师20名。\n\n一是强化保障。全年完成投资2.1亿元。")
    assert [(m.text, m.subject) for m in lead.metrics] == [("选派教师20名", "武侯区教育局"), ("完成投资2.1亿元", "武侯区")]
    byline = _x("对口帮扶成效显著\n\n来源：成都市武侯区人民政府\n\n今年以来，坚持把对口帮扶作为重要任务。全区共实施帮扶项目37个。")
    assert [m.subject for m in byline.metrics] == ["武侯区"]


def test_area_anaphora_and_short_departments_resolve_to_the_focus_county() -> None:
    # 该县 and 县农业农村局 under an enumeration point, the county named only in the lead
    x = _x("对口帮扶成效显著\n\n今年以来，大邑县坚持把对口帮扶作为重要任务。\n\n一是强化保障。该县共实施帮扶项目37个，县农业农村局培训农民500人次。")
    assert [(m.text, m.subject) for m in x.metrics] == [("实施帮扶项目37个", "大邑县"), ("培训农民500人次", "大邑县农业农村局")]
    assert [o.canonical for o in x.organizations] == ["大邑县农业农村局"]
