"""Every canned query runs on a store holding the seed and returns its expected rows.

Two stores: the seed's *gold* reading mapped to RDF (exact expectations, independent of
the extractor's progress) and the real demo store (`demo_store`, the seed ingested by
the whole pipeline) for the issue's acceptance row.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from gold_extraction import gold_extraction, seed_original
from wuxing_kg import queries, settings
from wuxing_kg.rdf.mapping import to_quads
from wuxing_kg.rdf.reference import reference_quads
from wuxing_kg.store import Store

QUERY_DIR = Path(queries.__file__).resolve().parent


@pytest.fixture(scope="module")
def gold_store(tmp_path_factory):
    path = tmp_path_factory.mktemp("gold") / "kg"
    mapped = to_quads(gold_extraction())
    with Store(path) as store:
        store.replace_graph(mapped.graph, mapped.quads)
        # the reference graph (24 k quads) goes in by bulk load: far faster than an update
        store.raw.bulk_extend(reference_quads())
        store.rebuild_merged_view()  # a bulk load bypasses the write path that keeps it
    with Store(path, read_only=True) as store:
        yield store


def rows(store, name: str, **params: str) -> list[dict[str, str | None]]:
    return queries.run(store, name, params).records()


def test_at_least_twelve_queries_with_the_agreed_header() -> None:
    listed = queries.list_queries()
    assert len(listed) >= 12
    for q in listed:
        assert q.title and q.title != q.name, q.name
        assert q.description and q.columns, q.name
        text = (QUERY_DIR / f"{q.name}.rq").read_text(encoding="utf-8")
        assert text.startswith("# title: "), q.name
        for p in q.params:
            assert p.description, (q.name, p.name)
            # parameters are bound by pre-binding, so each is projected and compared, never pasted
            assert f"?{p.name}" in text.split("WHERE", 1)[0], (q.name, p.name)


@pytest.mark.parametrize("name", sorted(q.name for q in queries.list_queries()))
def test_every_query_runs_with_its_defaults_and_answers_its_columns(gold_store, name: str) -> None:
    canned = queries.get(name)
    result = queries.run(gold_store, name, {})
    assert tuple(result.variables) == canned.columns
    assert result.rows, f"{name} returned nothing on the seed"


def test_outcomes_by_department_acceptance_row(gold_store) -> None:
    found = rows(gold_store, "outcomes-by-department", dept="赣州市商务局")
    hit = [r for r in found if r["indicator"] == "实际利用外资"]
    assert len(hit) == 1
    row = hit[0]
    assert (row["department"], row["value"], row["unit"], row["period"]) == ("赣州市商务局", "1118000000", "美元", "2019年上半年")
    assert "实际利用外资 11.18 亿美元" in row["sentence"]
    assert "第51期" in row["bulletin"]
    assert {r["department"] for r in found} == {"赣州市商务局"}
    assert len(found) == 3  # 11.18 亿美元, +9.17 %, rank 1


def test_outcomes_follow_sub_programs(gold_store) -> None:
    found = rows(gold_store, "outcomes-by-department", dept="赣州市公安局")
    values = {(r["indicator"], r["value"]) for r in found}
    assert ("民警走访率", "90") in values  # 大走访 ⊂ 民生工程 ⊂ “三大工程”, led by the department
    assert ("刑事案件发案数同比降幅", "15.05") in values


def test_programs_per_county(gold_store) -> None:
    found = {r["placeName"]: r for r in rows(gold_store, "programs-per-county")}
    assert set(found) == {"章贡区", "安远县", "石城县"}
    assert (found["章贡区"]["code"], found["章贡区"]["programs"]) == ("360702", "3")
    assert found["安远县"]["examples"] == "“科贷通”"
    city = rows(gold_store, "programs-per-county", level="city")
    assert city[0]["placeName"] == "赣州市" and int(city[0]["programs"]) >= 20


def test_program_metrics_over_time_accepts_text_without_quotes(gold_store) -> None:
    found = rows(gold_store, "program-metrics-over-time", program="稳外资")
    assert {(r["indicator"], r["value"], r["year"]) for r in found} == {
        ("实际利用外资", "1118000000", "2019"),
        ("实际利用外资增速", "9.17", "2019"),
        ("实际利用外资增幅全省排名", "1", "2019"),
    }


def test_changes_and_ranks(gold_store) -> None:
    down = rows(gold_store, "changes-and-ranks", direction="down")
    assert sorted(r["value"] for r in down) == ["13.03", "15.05"]
    everything = rows(gold_store, "changes-and-ranks")
    assert any(r["unit"] == "名" for r in everything)


def test_people_and_posts(gold_store) -> None:
    found = rows(gold_store, "people-and-posts", person="曾文明")
    assert {r["post"] for r in found} == {"市委副书记", "市长", "市小区配套园治理工作领导小组组长"}
    assert {r["organization"] for r in found} >= {"中共赣州市委", "赣州市小区配套园治理工作领导小组"}


def test_cooperating_departments(gold_store) -> None:
    found = rows(gold_store, "cooperating-departments", dept="安远县人民政府")
    assert {(r["partner"], r["how"]) for r in found} == {("安远县邮政储蓄银行", "协作"), ("安远县邮政储蓄银行", "共同推进")}


def test_about_place_by_code_and_by_name(gold_store) -> None:
    by_code = rows(gold_store, "about-place", place="360702")
    by_name = rows(gold_store, "about-place", place="章贡区")
    assert by_code == by_name
    facts = {(r["relation"], r["entity"]) for r in by_code}
    assert ("contained_in", "赣州市") in facts
    assert ("implements", "“互联网+时间银行”养老新模式") in facts
    assert ("metric", "已注册老年人 5000 余人") in facts
    assert ("article_about", "章贡区探索“互联网+时间银行”养老新模式") in facts


def test_fact_provenance_spans_slice_the_original(gold_store) -> None:
    original = seed_original()
    found = rows(gold_store, "fact-provenance", text="11.18")
    metric = [r for r in found if r["kind"] == "metric"]
    assert len(metric) == 1
    m = metric[0]
    assert original[int(m["start"]) : int(m["end"])] == m["exact"] == "实际利用外资 11.18 亿美元"
    assert m["article"] == "市商务局多项举措推动“稳外资”"
    relations = [r for r in found if r["kind"] == "relation"]
    assert any(r["fact"].startswith("“稳外资” —hasOutcome→") for r in relations)


def test_counts_per_bulletin(gold_store) -> None:
    (row,) = rows(gold_store, "counts-per-bulletin")
    assert row["issued"] == "2019-08-16"
    assert (row["articles"], row["metrics"], row["people"]) == ("7", "38", "2")
    assert int(row["organizations"]) == 17 and int(row["relations"]) >= 102
    assert rows(gold_store, "counts-per-bulletin", bulletin="不存在的简报") == []


# What counts-per-bulletin counted before the store kept a summary graph: every quad and
# every typed thing of every graph. The kept counts must answer exactly this.
_COUNTED = """PREFIX wx: <https://w3id.org/wuxing-kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?bulletinName ?type ?n ?size WHERE {
  { SELECT ?g (COUNT(*) AS ?size) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g }
  { SELECT ?g ?type (COUNT(DISTINCT ?x) AS ?n) WHERE { GRAPH ?g { ?x a ?type } } GROUP BY ?g ?type }
  GRAPH ?g { ?b a wx:Bulletin ; rdfs:label ?bulletinName }
}"""

_WX = "https://w3id.org/wuxing-kg/ontology#"
_COLUMN_TYPES = {
    "articles": (_WX + "Article",), "sentences": (_WX + "Sentence",),
    "organizations": ("http://www.w3.org/ns/org#Organization",),
    "places": ("https://schema.org/AdministrativeArea", "https://schema.org/Place"), "programs": (_WX + "Program",),
    "people": ("http://xmlns.com/foaf/0.1/Person",), "metrics": ("http://purl.org/linked-data/cube#Observation",),
    "relations": (_WX + "Assertion",),
}


@pytest.mark.parametrize("fixture", ["gold_store", "four_issue_store"])
def test_counts_per_bulletin_are_the_counts_of_each_graph(fixture: str, request) -> None:
    store = request.getfixturevalue(fixture)
    expected: dict[str, dict[str, int]] = {}
    for r in store.select(_COUNTED).rows:
        counts = expected.setdefault(r["bulletinName"] or "", {c: 0 for c in _COLUMN_TYPES})
        counts["triples"] = int(r["size"] or 0)
        for column, types in _COLUMN_TYPES.items():
            counts[column] += int(r["n"] or 0) if r["type"] in types else 0
    found = {r["bulletinName"]: {c: int(r[c] or 0) for c in (*_COLUMN_TYPES, "triples")}
             for r in rows(store, "counts-per-bulletin")}
    assert found == expected and len(found) == (1 if fixture == "gold_store" else 4)


def test_departments_by_place(gold_store) -> None:
    found = rows(gold_store, "departments-by-place", place="360700")
    names = {r["department"] for r in found}
    assert {"赣州市商务局", "赣州市公安局", "赣州市教育局"} <= names
    assert all(r["placeName"] == "赣州市" for r in found)
    assert {r["bulletins"] for r in found if r["department"] == "赣州市商务局"} == {"1"}


def test_indicator_values(gold_store) -> None:
    found = rows(gold_store, "indicator-values", indicator="外资")
    assert ("实际利用外资", "1118000000", "美元", "false") in {
        (r["indicatorName"], r["value"], r["unit"], r["target"]) for r in found
    }
    targets = [r for r in rows(gold_store, "indicator-values") if r["target"] == "true"]
    assert len(targets) == 4


def test_programs_by_lead(gold_store) -> None:
    found = rows(gold_store, "programs-by-lead", lead="赣州市商务局")
    assert ("leads", "“稳外资”") in {(r["role"], r["program"]) for r in found}
    assert ("implements", "“放管服”改革", "改革") in {(r["role"], r["program"], r["type"]) for r in found}


def test_program_types(gold_store) -> None:
    found = {r["typeName"]: int(r["programs"]) for r in rows(gold_store, "program-types")}
    assert found["机制"] >= 2 and found["工程"] >= 3
    assert sum(found.values()) == 31  # every gold program has exactly one type


def test_place_hierarchy(gold_store) -> None:
    found = {r["place"]: r for r in rows(gold_store, "place-hierarchy", level="county")}
    assert found["章贡区"]["code"] == "360702" and found["章贡区"]["parent"] == "赣州市"
    assert found["章贡区"]["parentCode"] == "360700"


def test_bulletin_articles(gold_store) -> None:
    found = rows(gold_store, "bulletin-articles")
    assert [r["index"] for r in found] == [str(i) for i in range(1, 8)]
    assert found[2]["lead"] == "赣州市商务局" and found[2]["section"] == "典型推介"
    assert int(found[2]["metrics"]) == 3


def test_parameters_are_bound_not_pasted(gold_store) -> None:
    hostile = '" || true) } UNION { ?org ?p ?o } #'
    assert rows(gold_store, "outcomes-by-department", dept=hostile) == []


def test_acceptance_row_on_the_real_demo_store(demo_store) -> None:
    """The issue's acceptance check, through the whole pipeline (read → extract → map → store)."""
    with Store(demo_store, read_only=True) as store:
        found = rows(store, "outcomes-by-department", dept="赣州市商务局")
    hit = [r for r in found if r["value"] == "1118000000" and r["unit"] == "美元"]
    assert hit, found
    assert hit[0]["indicator"] == "实际利用外资" and hit[0]["period"] == "2019年上半年"
    assert "11.18" in (hit[0]["sentence"] or "")


@pytest.fixture(scope="module")
def four_issue_store(tmp_path_factory):
    """The gold seed re-issued four times: entities, concepts and periods repeat in four graphs."""
    import copy

    base = gold_extraction()
    path = tmp_path_factory.mktemp("four") / "kg"
    with Store(path) as store:
        for issue in range(1, 5):
            x = copy.deepcopy(base)
            x.issue = f"第{issue}期"
            mapped = to_quads(x)
            store.raw.bulk_extend(mapped.quads)
        store.raw.bulk_extend(reference_quads())
        store.rebuild_merged_view()
    with Store(path, read_only=True) as store:
        yield store


@pytest.mark.parametrize("name", sorted(q.name for q in queries.list_queries()))
def test_queries_scale_linearly_with_repeated_entities(four_issue_store, name: str) -> None:
    """The union default graph yields a repeated triple once per graph; a query that joins
    several shared-node patterns directly multiplies its work (k^n). Before the DISTINCT
    subqueries, about-place took 46 s on three copies of the seed."""
    # Time is `make bench`'s business; here every query must finish and answer on four issues.
    result = queries.run(four_issue_store, name, {})
    assert result.rows


def test_outcomes_once_per_bulletin_with_repeated_entities(four_issue_store) -> None:
    found = rows(four_issue_store, "outcomes-by-department", dept="赣州市商务局")
    assert len(found) == 4 * 3
    assert len({r["bulletin"] for r in found}) == 4


# ---------------------------------------------------------------------- the merged view and the text index

README = Path(__file__).resolve().parent.parent / "ontology" / "README.md"


def _readme_queries() -> list[str]:
    import re

    return re.findall(r"```sparql\n(.*?)```", README.read_text(encoding="utf-8"), re.S)


def test_the_readme_example_queries_answer_each_fact_once(four_issue_store) -> None:
    outcomes, located = _readme_queries()
    found = queries.run(four_issue_store, outcomes).records()
    keys = [tuple(r.values()) for r in found]
    assert len(keys) == len(set(keys))  # plain SPARQL, no DISTINCT, no repeated rows
    dept = [r for r in found if r["department"] == "赣州市公安局"]
    assert len({r["bulletin"] for r in dept}) == 4 and len(dept) == 4 * len({r["indicator"] for r in dept})
    places = {(r["department"], r["place"]): r["statedIn"] for r in queries.run(four_issue_store, located).records()}
    assert places[("赣州市商务局", "赣州市")] == "4"  # the fact once, stated in four bulletins


def _contains_baseline(store, name: str, text: str) -> list[dict[str, str | None]]:
    """The canned query with a CONTAINS filter instead of the index, for comparison."""
    canned = queries.get(name)
    fact_var = {"fact-provenance": "fact", "sentences-containing": "sentence"}[name]
    head, _, tail = canned.text.rpartition("}\nORDER BY")
    sparql = f"{head}  FILTER(CONTAINS(STR(?{fact_var}), ?text))\n}}\nORDER BY{tail}"
    return queries.run(store, sparql, {"text": text}).records()


@pytest.mark.parametrize("text", ["11.18", "外资", "商务局", "稳", "不存在的文字"])
def test_fact_provenance_through_the_index_equals_a_contains_filter(gold_store, text: str) -> None:
    by_index = rows(gold_store, "fact-provenance", text=text)
    baseline = [{k: v for k, v in r.items() if k != "text"} for r in _contains_baseline(gold_store, "fact-provenance", text)]
    assert by_index == baseline
    assert (text == "不存在的文字") == (by_index == [])


def test_sentences_containing_a_short_chinese_text(gold_store) -> None:
    found = rows(gold_store, "sentences-containing", text="外资")
    assert found and all("外资" in (r["sentence"] or "") for r in found)
    baseline = [{k: v for k, v in r.items() if k != "text"} for r in _contains_baseline(gold_store, "sentences-containing", "外资")]
    assert found == baseline
    assert len(rows(gold_store, "sentences-containing")) > len(found)  # "" = every sentence


def test_search_finds_every_kind_of_text(gold_store) -> None:
    result = queries.search(gold_store, "稳外资").records()
    kinds = {r["kind"] for r in result}
    assert {"sentence", "relation", "label"} <= kinds
    assert all("稳外资" in (r["text"] or "") for r in result)
    only = queries.search(gold_store, "稳外资", ["relation"], limit=2).records()
    assert len(only) == 2 and {r["kind"] for r in only} == {"relation"}
    with pytest.raises(Exception, match="unknown text kind"):
        queries.search(gold_store, "稳外资", ["poem"])
