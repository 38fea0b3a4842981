"""The scorer itself, on synthetic prediction/gold pairs with exact expectations."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from wuxing_kg.cli import cli
from wuxing_kg.errors import BadInputError
from wuxing_kg.evaluate import (
    ENTITY_TYPES,
    bigram_dice,
    compare_reports,
    evaluate_dir,
    norm,
    program_match,
    score_documents,
    values_equal,
)

SEED_GOLD = Path(__file__).parent / "fixtures" / "seed.gold.json"


@pytest.fixture(scope="module")
def seed_gold() -> dict:
    return json.loads(SEED_GOLD.read_text(encoding="utf-8"))


def _doc(**lists) -> dict:
    base = {"source": "x.txt", "date": None, "issuer": None, "issue": None, "title": None}
    for key in ("organizations", "places", "programs", "people", "metrics", "relations"):
        base[key] = lists.get(key, [])
    return base


def _metric(text, value, unit, **attrs) -> dict:
    m = {
        "text": text, "value": value, "unit": unit, "indicator": None, "subject": None,
        "period": None, "qualifier": None, "is_change": False, "change_direction": None,
    }
    m.update(attrs)
    return m


# ------------------------------------------------------------------ primitives


def test_norm_drops_width_space_and_quote_marks():
    assert norm("“放管服” 改革") == "放管服改革"
    assert norm("《外商投资法》") == "外商投资法"
    assert norm("ＡＢＣ\u3000１２") == "ABC12"
    assert norm(None) == ""


def test_bigram_dice_and_program_rule():
    assert bigram_dice("森林旅游总收入", "森林旅游总收入") == 1.0
    assert bigram_dice("森林旅游收入", "森林旅游总收入") == pytest.approx(2 * 4 / (5 + 6))
    assert bigram_dice("abc", "xyz") == 0.0
    assert program_match("“科贷通”", "科贷通")
    assert program_match("“互联网+时间银行”养老新模式", "时间银行")
    assert not program_match("县", "县邮政储蓄银行")  # containment needs 2+ characters
    assert not program_match("", "")


def test_values_equal_relative_tolerance():
    assert values_equal(1118000000, "1118000000.0000001")
    assert values_equal(11.18, 11.18)
    assert not values_equal(11.18, 11.19)
    assert not values_equal(None, 1)


# ------------------------------------------------------------------ whole documents


def test_seed_gold_against_itself_is_perfect(seed_gold):
    report = score_documents([(seed_gold, seed_gold)])
    assert report.entity_f1 == 1.0
    for kind in ENTITY_TYPES:
        c = report.entities[kind]
        assert (c.precision, c.recall, c.f1) == (1.0, 1.0, 1.0), kind
    assert report.relations.recall == 1.0
    assert all(t.accuracy == 1.0 for t in report.metric_attributes.values())
    assert all(t.accuracy == 1.0 for t in report.header.values())
    # Embedded places (赣州市/赣州, 上海) are optional: not in the recall denominator.
    assert report.entities["place"].gold == 11


def test_removing_one_org_lowers_recall_by_one_over_n(seed_gold):
    pred = copy.deepcopy(seed_gold)
    removed = pred["organizations"].pop(1)  # 市教育局
    report = score_documents([(pred, seed_gold)])
    orgs = report.entities["organization"]
    n = orgs.gold
    assert n == 17
    assert orgs.recall == pytest.approx(1 - 1 / n)
    assert orgs.precision == 1.0
    doc = report.documents[0]
    assert doc.misses["organization"] == [f"{removed['canonical']} ({removed['text']})"]
    assert report.entity_micro.matched_gold == report.entity_micro.gold - 1


def test_removing_a_metric_and_adding_a_false_one(seed_gold):
    pred = copy.deepcopy(seed_gold)
    pred["metrics"].pop(0)
    pred["metrics"].append(_metric("虚构 7 个", 7, "个"))
    report = score_documents([(pred, seed_gold)])
    m = report.entities["metric"]
    assert (m.gold, m.pred, m.matched_gold, m.matched_pred) == (38, 38, 37, 37)
    doc = report.documents[0]
    assert doc.false_positives["metric"] == ["虚构 7 个 = 7 个"]
    assert doc.misses["metric"][0].startswith("预计增加公办园学位3.3万个以上")


def test_org_matches_by_surface_text_or_canonical_and_dedupes_predictions():
    gold = _doc(organizations=[
        {"text": "市教育局", "canonical": "某某市教育局", "type": "government_department"},
        {"text": "县政府", "canonical": "某县人民政府", "type": "government_department"},
    ])
    pred = _doc(organizations=[
        {"text": "市教育局", "canonical": "市教育局", "type": "government_department"},  # surface text
        {"text": "市教育局", "canonical": "市教育局", "type": "government_department"},  # duplicate
        {"text": "某县政府", "canonical": "某县人民政府", "type": "government_department"},  # canonical
        {"text": "开发商", "canonical": "开发商", "type": "other"},
    ])
    c = score_documents([(pred, gold)]).entities["organization"]
    assert (c.gold, c.pred, c.matched_gold, c.matched_pred) == (2, 3, 2, 2)


def test_embedded_places_are_optional_but_not_false_positives():
    gold = _doc(places=[
        {"text": "某某市", "level": "city", "embedded": True},
        {"text": "某县", "level": "county"},
    ])
    found = score_documents([(_doc(places=[{"text": "某某市", "level": "city"}, {"text": "某县", "level": "county"}]), gold)])
    c = found.entities["place"]
    assert (c.gold, c.pred, c.matched_gold, c.matched_pred) == (1, 2, 1, 2)
    missed = score_documents([(_doc(places=[{"text": "某县", "level": "county"}]), gold)])
    assert missed.entities["place"].recall == 1.0
    assert missed.documents[0].misses["place"] == []


def test_place_unit_with_one_non_embedded_item_is_required():
    gold = _doc(places=[
        {"text": "某县", "level": "county", "embedded": True},
        {"text": "某", "canonical": "某县", "level": "county"},
    ])
    c = score_documents([(_doc(), gold)]).entities["place"]
    assert (c.gold, c.matched_gold) == (1, 0)


def test_programs_match_by_containment():
    gold = _doc(programs=[{"text": "“河长制”", "lead": None, "place": None},
                          {"text": "乡村振兴示范村创建", "lead": None, "place": None}])
    pred = _doc(programs=[{"text": "全面推行“河长制”", "lead": None, "place": None},
                          {"text": "示范", "lead": None, "place": None}])
    report = score_documents([(pred, gold)])
    c = report.entities["program"]
    # 示范 (2 chars) is contained in 乡村振兴示范村创建: the rule accepts it.
    assert (c.gold, c.pred, c.matched_gold, c.matched_pred) == (2, 2, 2, 2)


def test_people_by_exact_name():
    gold = _doc(people=[{"name": "张三", "posts": ["县长"]}, {"name": "李四", "posts": []}])
    pred = _doc(people=[{"name": "张三", "posts": []}, {"name": "李四同志", "posts": []}])
    report = score_documents([(pred, gold)])
    c = report.entities["person"]
    assert (c.gold, c.pred, c.matched_gold, c.matched_pred) == (2, 2, 1, 1)
    assert report.documents[0].misses["person"] == ["李四"]
    assert report.documents[0].false_positives["person"] == ["李四同志"]


def test_metric_matching_is_one_to_one_and_prefers_similar_text():
    gold = _doc(
        organizations=[{"text": "市统计局", "canonical": "某市统计局", "type": "government_department"}],
        metrics=[
            _metric("同比增长 5%", 5, "%", indicator="工业增加值增速", is_change=True, change_direction="up"),
            _metric("占比 5%", 5, "％", indicator="占比", subject="某市统计局"),
        ],
    )
    pred = _doc(metrics=[
        _metric("占比5%", 5, "%", indicator="占比", subject="市统计局"),  # subject by surface text
        _metric("增长5%", 5, "%", indicator="工业增加值增速", is_change=True, change_direction="up"),
        _metric("5%", 5, "%"),  # a third 5%: no gold left for it
    ])
    report = score_documents([(pred, gold)])
    c = report.entities["metric"]
    assert (c.gold, c.pred, c.matched_gold, c.matched_pred) == (2, 3, 2, 2)
    attrs = report.metric_attributes
    # The greedy text-similarity matching paired 占比↔占比 and 增长↔增长: all attributes agree.
    for name in ("indicator", "subject", "is_change", "period", "qualifier"):
        assert (attrs[name].correct, attrs[name].total) == (2, 2), name


def test_metric_units_are_mapped_and_attribute_errors_listed():
    gold = _doc(metrics=[_metric("提高 3 个百分点", 3, "个百分点", indicator="覆盖率提高幅度",
                                 period="2020年", qualifier="以上", is_change=True, change_direction="up")])
    pred = _doc(metrics=[_metric("提高3个百分点", 3, "百分点", indicator="覆盖率", period="2021年",
                                 qualifier=None, is_change=True, change_direction="up")])
    report = score_documents([(pred, gold)])
    assert report.entities["metric"].f1 == 1.0
    attrs = report.metric_attributes
    assert attrs["indicator"].correct == 1  # Dice(覆盖率, 覆盖率提高幅度) = 2*2/(2+6) = 0.5
    assert attrs["period"].correct == 0 and attrs["qualifier"].correct == 0
    errors = report.documents[0].attribute_errors
    assert any("period gold='2020年' pred='2021年'" in e for e in errors)


def test_relations_recall_and_lower_bound_precision():
    gold = _doc(relations=[
        {"head": "某市教育局", "relation": "leads", "tail": "小区配套幼儿园专项治理"},
        {"head": "张三", "relation": "holds_post", "tail": "县长"},
    ])
    pred = _doc(relations=[
        {"head": "某市教育局", "relation": "leads", "tail": "配套幼儿园专项治理"},  # containment
        {"head": "张三", "relation": "leads", "tail": "县长"},  # wrong relation
    ])
    r = score_documents([(pred, gold)]).relations
    assert (r.gold, r.pred, r.matched_gold, r.matched_pred) == (2, 2, 1, 1)
    assert r.recall == 0.5


def test_micro_average_sums_counts_over_documents():
    gold_a = _doc(people=[{"name": "甲乙", "posts": []}])
    gold_b = _doc(people=[{"name": "丙丁", "posts": []}, {"name": "戊己", "posts": []}, {"name": "庚辛", "posts": []}])
    pred_b = _doc(people=[{"name": "丙丁", "posts": []}])
    report = score_documents([(gold_a, gold_a), (pred_b, gold_b)])
    c = report.entities["person"]
    assert (c.gold, c.matched_gold) == (4, 2)
    assert c.recall == 0.5  # micro, not the 0.667 macro-average of 1.0 and 0.333


def test_report_json_and_table(seed_gold):
    pred = copy.deepcopy(seed_gold)
    pred["people"] = []
    report = score_documents([(pred, seed_gold)])
    data = json.loads(report.to_json())
    assert data["entities"]["person"]["recall"] == 0.0
    assert data["per_document"][0]["misses"]["person"] == [p["name"] for p in seed_gold["people"]]
    table = report.to_table(details=True)
    assert "entity micro-F1" in table
    for p in seed_gold["people"]:
        assert f"FN person       {p['name']}" in table


# ------------------------------------------------------------------ directory + CLI


def _write_pair(directory: Path, name: str, gold: dict) -> None:
    (directory / f"{name}.txt").write_text("正文", encoding="utf-8")
    (directory / f"{name}.gold.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")


def test_evaluate_dir_with_own_extractor(tmp_path, seed_gold):
    _write_pair(tmp_path, "a", seed_gold)
    (tmp_path / "no-gold.txt").write_text("正文", encoding="utf-8")
    report = evaluate_dir(tmp_path, extractor=lambda path: seed_gold)
    assert [d.source for d in report.documents] == ["a.txt"]
    assert report.skipped == ["no-gold.txt"]
    assert report.entity_f1 == 1.0


def test_evaluate_dir_errors(tmp_path):
    with pytest.raises(BadInputError):
        evaluate_dir(tmp_path / "missing")
    with pytest.raises(BadInputError):
        evaluate_dir(tmp_path)  # no pairs


def test_cli_eval_reports_bad_directory(tmp_path):
    result = CliRunner().invoke(cli, ["eval", str(tmp_path)])
    assert result.exit_code == 2
    assert "no NAME.txt" in result.output


def test_traditional_text_matches_simplified_prediction():
    gold = _doc(programs=[{"text": "“馬上就辦”改革", "lead": None, "place": None}],
                people=[{"name": "劉文儒", "posts": ["市長"]}])
    pred = _doc(programs=[{"text": "“马上就办”改革", "lead": None, "place": None}],
                people=[{"name": "刘文儒", "posts": []}])
    report = score_documents([(pred, gold)])
    assert report.entities["program"].f1 == 1.0
    assert report.entities["person"].f1 == 1.0
    assert norm("晉江市") == "晋江市"


def test_evaluate_single_text_file(tmp_path, seed_gold):
    _write_pair(tmp_path, "a", seed_gold)
    _write_pair(tmp_path, "b", seed_gold)
    report = evaluate_dir(tmp_path / "b.txt", extractor=lambda path: seed_gold)
    assert [d.source for d in report.documents] == ["b.txt"]


def test_details_list_every_error_kind():
    gold = _doc(
        organizations=[{"text": "市教育局", "canonical": "某市教育局", "type": "government_department"}],
        metrics=[_metric("增长 5%", 5, "%", period="2020年", is_change=True, change_direction="up")],
        relations=[{"head": "某市教育局", "relation": "implements", "tail": "某工程"}],
    )
    gold.update(date="2020-05-01", issue="第3期")
    pred = _doc(
        organizations=[{"text": "开发商", "canonical": "开发商", "type": "other"}],
        metrics=[_metric("增长5%", 5, "%", period="2021年", is_change=True, change_direction="up")],
        relations=[{"head": "某市教育局", "relation": "leads", "tail": "某工程"},
                   {"head": "甲", "relation": "leads", "tail": "乙"}],
    )
    pred.update(date="2020-05-02", issue="第3期")
    report = score_documents([(pred, gold)])
    text = report.to_table(details=True)
    assert "FN organization 某市教育局 (市教育局)" in text
    assert "FP organization 开发商" in text
    assert "ATTR metric       增长 5%: period gold='2020年' pred='2021年'" in text
    # A missed relation whose ends were predicted with another type says so.
    assert "FN relation     某市教育局 —implements→ 某工程  [predicted as: leads]" in text
    # Relation FPs are only counted in the table (gold lists the main relations only) …
    assert "(+2 predicted relations not in gold" in text
    # … and listed in full in JSON.
    doc = json.loads(report.to_json())["per_document"][0]
    assert len(doc["false_positives"]["relation"]) == 2
    assert "HEAD date: gold='2020-05-01' pred='2020-05-02'" in text
    assert report.header["date"].accuracy == 0.0 and report.header["issue"].accuracy == 1.0


def test_table_has_a_row_per_document_when_several():
    gold_a = _doc(people=[{"name": "甲乙", "posts": []}])
    gold_a["source"] = "a.txt"
    gold_b = _doc(people=[{"name": "丙丁", "posts": []}])
    gold_b["source"] = "b.txt"
    table = score_documents([(gold_a, gold_a), (_doc(), gold_b)]).to_table()
    assert "per document" in table
    lines = {line.split()[0]: line for line in table.splitlines() if line.startswith("  ") and ".txt" in line}
    assert lines["a.txt"].split()[1] == "100.0"
    assert lines["b.txt"].split()[1] == "0.0"


def test_json_without_details_has_totals_only(seed_gold):
    data = json.loads(score_documents([(seed_gold, seed_gold)]).to_json(details=False))
    assert "per_document" not in data
    assert data["entity_f1"] == 1.0
    assert data["metric_attributes"]["indicator"]["accuracy"] == 1.0
    assert data["relations"]["recall"] == 1.0


def test_prediction_may_be_an_extraction_record(seed_gold):
    from wuxing_kg.records import Extraction

    record = Extraction.from_dict(seed_gold)
    report = score_documents([(record, seed_gold)])
    assert report.entity_f1 == 1.0
    assert report.entities["metric"].matched_gold == len(seed_gold["metrics"])


def test_compare_reports_lists_fixed_and_new_errors(tmp_path, seed_gold):
    worse = copy.deepcopy(seed_gold)
    dropped = worse["people"].pop()
    before = score_documents([(worse, seed_gold)]).to_dict(details=True)
    after_pred = copy.deepcopy(seed_gold)
    after_pred["metrics"][0]["period"] = "1999年"
    after = score_documents([(after_pred, seed_gold)])
    lines = compare_reports(before, after)
    text = "\n".join(lines)
    assert f"-FN person       {dropped['name']}" in text  # fixed since
    assert any(line.startswith("  +ATTR ") and "1999年" in line for line in lines)  # broken since
    assert any(line.strip().startswith("person") and "(+" in line for line in lines)


def test_cli_eval_compare(tmp_path, seed_gold):
    _write_pair(tmp_path, "a", seed_gold)
    saved = tmp_path / "before.json"
    saved.write_text(score_documents([(seed_gold, seed_gold)]).to_json(), encoding="utf-8")
    bad = tmp_path / "bad.json"
    bad.write_text("{}", encoding="utf-8")
    result = CliRunner().invoke(cli, ["eval", str(tmp_path), "--compare", str(bad)])
    assert result.exit_code == 2 and "--format json --details" in result.output


def test_a_refused_file_scores_as_empty_and_is_reported(tmp_path, seed_gold):
    _write_pair(tmp_path, "a", seed_gold)
    _write_pair(tmp_path, "b", seed_gold)

    def extractor(path):
        if path.name == "b.txt":
            raise BadInputError(str(path), "binary file")
        return seed_gold

    report = evaluate_dir(tmp_path, extractor=extractor)
    assert len(report.documents) == 2
    assert report.errors == [f"b.txt: {tmp_path / 'b.txt'}: binary file"]
    assert report.entities["organization"].recall == 0.5
    assert "extraction failed (scored as empty): b.txt" in report.to_table()


def test_partial_or_odd_predictions_do_not_crash(seed_gold):
    pred = {
        "organizations": [{"text": None, "canonical": None}, {"text": "市教育局"}],
        "places": None,
        "programs": [{"text": None}, "not a dict"],
        "people": [{}],
        "metrics": [{"text": "x", "value": None, "unit": None}, {"value": "33000", "unit": "个"}],
        "relations": [{"head": None, "relation": "leads", "tail": None}],
    }
    report = score_documents([(pred, seed_gold)])
    assert report.entities["organization"].matched_gold == 1  # 市教育局 by surface text
    assert report.entities["metric"].matched_gold == 1  # "33000" as a string still equals 33000
    assert report.entities["place"].pred == 0
    assert 0.0 < report.entity_f1 < 1.0


# ------------------------------------------------------------------ --by-type / --by-document

SEED_TEXT = Path(__file__).parent.parent / "data" / "bulletins" / "ganzhou-wuxing-bulletin-2019-51.txt"


@pytest.fixture(scope="module")
def two_seed_copies(tmp_path_factory, seed_gold) -> Path:
    """The seed twice: a.txt with its gold, b.txt with every gold period made wrong, so
    the two rows must agree on everything except period accuracy (0 for b)."""
    d = tmp_path_factory.mktemp("bydoc")
    for name in ("a", "b"):
        (d / f"{name}.txt").write_bytes(SEED_TEXT.read_bytes())
    gold_a = dict(seed_gold, source="a.txt")
    gold_b = copy.deepcopy(dict(seed_gold, source="b.txt"))
    for m in gold_b["metrics"]:
        m["period"] = "1999年"
    (d / "a.gold.json").write_text(json.dumps(gold_a, ensure_ascii=False), encoding="utf-8")
    (d / "b.gold.json").write_text(json.dumps(gold_b, ensure_ascii=False), encoding="utf-8")
    return d


def test_cli_eval_by_type_and_by_document_json(two_seed_copies):
    result = CliRunner().invoke(cli, ["eval", str(two_seed_copies), "--format", "json", "--by-type", "--by-document"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert "per_document" not in data  # --details not given
    assert set(ENTITY_TYPES) <= set(data["by_type"])
    for kind in ENTITY_TYPES:
        assert data["by_type"][kind] == data["entities"][kind]
    assert data["by_type"]["relation:leads"]["gold"] == data["relation_recall_by_type"]["leads"]["total"]
    rows = {r["source"]: r for r in data["by_document"]}
    a, b = rows["a.txt"], rows["b.txt"]
    assert b["period"] == 0.0 and a["period"] > 0.0
    for key in ("entity_f1", "subject", "indicator", "relation_recall", "metrics_matched", "f1_by_type"):
        assert a[key] == b[key], key
    assert a["metrics_matched"] == data["metric_attributes"]["subject"]["total"] // 2
    assert set(a["f1_by_type"]) == set(ENTITY_TYPES)


def test_cli_eval_by_document_table(two_seed_copies):
    result = CliRunner().invoke(cli, ["eval", str(two_seed_copies), "--by-document", "--by-type"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "by type:" in out and "relation leads" in out
    assert "by document" in out and "per document (entity F1 / metric F1" not in out
    rows = {line.split()[0]: line.split() for line in out.splitlines() if line.startswith("  ") and line.split()[0] in ("a.txt", "b.txt")}
    # columns: entity F1, subject, period, indicator, n, relation recall, then F1 per type
    assert rows["b.txt"][3] == "0.0" and rows["a.txt"][3] != "0.0"
    assert rows["a.txt"][1] == rows["b.txt"][1] and len(rows["a.txt"]) == 7 + len(ENTITY_TYPES)


def test_by_document_row_marks_nothing_to_score(seed_gold):
    from wuxing_kg.evaluate import document_row

    empty = _doc()
    report = score_documents([(empty, empty)])
    row = document_row(report.documents[0])
    assert row["subject"] is None and row["period"] is None and row["relation_recall"] is None
    assert "-" in report.to_table(by_document=True).splitlines()[-2]
