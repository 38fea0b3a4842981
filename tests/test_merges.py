"""Entity resolution (resolve.py), the merge log and `wuxing-kg merges`, overrides.

Unit examples use invented bodies and national division data only; the CLI tests use the
five-issue series (tests/series_corpus.py), whose housing bureau is written 市住建局 in
issues 1-3 and 市住房和城乡建设局 in issues 4-5.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from series_corpus import write_corpus
from wuxing_kg import records, resolve
from wuxing_kg.cli import cli
from wuxing_kg.errors import BadInputError


def _prov(article: int, sentence: int) -> records.Provenance:
    return records.Provenance(article, sentence, 0, 1)


def _extraction(orgs: list[tuple[str, str, str | None]], **kw) -> records.Extraction:  # type: ignore[no-untyped-def]
    """An Extraction with one article whose sentences name each organisation in turn."""
    sentences = [records.SentenceRecord(f"{text}开展工作。", 0, 1) for text, _, _ in orgs]
    return records.Extraction(
        source="t.txt",
        articles=[records.ArticleRecord("标题", None, None, sentences=sentences)],
        organizations=[
            records.Organization(text, canonical, "government_department", place=place, mentions=[_prov(0, i)])
            for i, (text, canonical, place) in enumerate(orgs)
        ],
        **kw,
    )


def test_short_and_long_forms_of_one_body_meet_with_the_place_kept() -> None:
    x = _extraction([
        ("县住建局", "甲县住建局", "甲县"),
        ("甲县住房和城乡建设局", "甲县住房和城乡建设局", "甲县"),
        ("乙县住建局", "乙县住建局", "乙县"),  # another county: its own node
    ])
    x.relations = [records.Relation("甲县住建局", "leads", "某工程")]
    x.metrics = [records.Metric("12个", 12, "个", subject="甲县住建局、乙县住建局")]
    out, merges = resolve.resolve(x)
    assert [o.canonical for o in out.organizations] == ["甲县住房和城乡建设局", "甲县住房和城乡建设局", "乙县住房和城乡建设局"]
    assert out.relations[0].head == "甲县住房和城乡建设局"
    assert out.metrics[0].subject == "甲县住房和城乡建设局、乙县住房和城乡建设局"
    by_into = {m.into: m for m in merges}
    assert by_into["甲县住房和城乡建设局"].names == ("甲县住建局", "县住建局")
    assert by_into["甲县住房和城乡建设局"].rule == "abbreviation"
    assert by_into["甲县住房和城乡建设局"].sentence == "县住建局开展工作。"
    assert by_into["乙县住房和城乡建设局"].place == "乙县"
    assert x.organizations[0].canonical == "甲县住建局"  # the input record is not changed


def test_no_merge_without_a_place_prefix_or_across_names() -> None:
    rules = resolve.rules()
    assert rules.expand("县政府") == "县人民政府"
    assert rules.expand("丙市人民政府") is None  # already the full name
    assert rules.expand("某公司住建局") is None  # the prefix is no place
    assert rules.expand("国家卫健委") == "国家卫生健康委员会"


def test_former_county_name_takes_the_current_name() -> None:
    # national division data: 新津县 became 新津区 (data/divisions/historical.csv)
    x = _extraction([("新津县住建局", "新津县住建局", None), ("新津区住房和城乡建设局", "新津区住房和城乡建设局", None)])
    out, merges = resolve.resolve(x)
    assert {o.canonical for o in out.organizations} == {"新津区住房和城乡建设局"}
    (merge,) = merges
    assert merge.rule == "former-name+abbreviation" and merge.names == ("新津县住建局",)
    assert resolve.current_name("赣县区住建局") is None  # a current name that starts with a former one


def test_quoted_and_unquoted_programme_is_one_node_and_logged() -> None:
    x = _extraction([("丁县农业农村局", "丁县农业农村局", "丁县")])
    x.programs = [
        records.Program("“稻田共富”行动", lead="丁县农业农村局", mentions=[_prov(0, 0)]),
        records.Program("稻田共富行动", lead="丁县农业农村局", mentions=[_prov(0, 0)]),
    ]
    _, merges = resolve.resolve(x)
    (merge,) = [m for m in merges if m.kind == "program"]
    assert merge.rule == "quotes" and merge.into == "“稻田共富”行动" and merge.names == ("稻田共富行动",)


def test_overrides_force_forbid_and_join_people(tmp_path: Path) -> None:
    path = tmp_path / "merges.toml"
    path.write_text(
        """
[[merge]]
into = "戊县城市管理局"
names = ["戊县城管办"]

[[keep_apart]]
names = ["戊县住建局", "戊县住房和城乡建设局"]

[[merge]]
type = "person"
name = "王某某"
places = ["甲市", "乙市"]
""",
        encoding="utf-8",
    )
    ov = resolve.load_overrides(path)
    x = _extraction([("戊县城管办", "戊县城管办", "戊县"), ("戊县住建局", "戊县住建局", "戊县")], city="乙市")
    x.people = [records.Person("王某某", mentions=[_prov(0, 0)])]
    out, merges = resolve.resolve(x, ov)
    assert [o.canonical for o in out.organizations] == ["戊县城市管理局", "戊县住建局"]  # forced; forbidden
    assert {(m.kind, m.rule) for m in merges} == {("organization", "override"), ("person", "override")}

    import pyoxigraph as ox

    from wuxing_kg.rdf import iris

    g = "https://example.org/g"
    quads = [ox.Quad(ox.NamedNode(iris.person("王某某", "乙市")), ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
                     ox.Literal("王某某"), ox.NamedNode(g))]
    finished = resolve.finish_quads(g, quads, out, merges, ov)
    subjects = {q.subject.value for q in finished}
    assert iris.person("王某某", "甲市") in subjects and iris.person("王某某", "乙市") not in subjects
    assert any(q.object.value == "戊县城管办" and q.predicate.value.endswith("altLabel") for q in finished)


def test_two_people_of_one_name_in_two_places_stay_apart() -> None:
    from wuxing_kg.rdf import iris

    x = _extraction([], city="甲市")
    x.people = [records.Person("王某某")]
    _, merges = resolve.resolve(x)
    assert merges == [] and iris.person("王某某", "甲市") != iris.person("王某某", "乙市")


@pytest.mark.parametrize("text", ["[[merge]]\ninto = 3", "[[merge]]\ntype = 'thing'\ninto='a'\nnames=['b']", "not toml ="])
def test_bad_override_file_is_refused(tmp_path: Path, text: str) -> None:
    path = tmp_path / "merges.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(BadInputError):
        resolve.load_overrides(path)


# ---------------------------------------------------------------------- CLI on the series


def test_merges_lists_each_merge_with_rule_and_evidence(series_cli) -> None:  # type: ignore[no-untyped-def]
    rows = json.loads(series_cli("merges", "--format", "json"))
    housing = [r for r in rows if r["into"] == "市住房和城乡建设局"]
    assert len(housing) == 5  # every issue's headline writes the short form (1-3 the body too)
    assert {r["rule"] for r in housing} == {"abbreviation"} and all(r["names"] == ["市住建局"] for r in housing)
    assert {Path(r["source"]).name for r in housing} == {f"series-issue-{n}.txt" for n in (1, 2, 3, 4, 5)}
    assert all("市住建局" in r["sentence"] for r in housing)
    table = series_cli("merges")
    assert "abbreviation" in table and "市人力资源和社会保障局" in table
    # the short form is an altLabel of the one node
    out = series_cli("query", "SELECT ?alt WHERE { ?x <http://www.w3.org/2000/01/rdf-schema#label> '市住房和城乡建设局' ; "
                     "<http://www.w3.org/2004/02/skos/core#altLabel> ?alt }", "--format", "csv")
    assert "市住建局" in out


def test_override_file_beside_the_store_is_applied_on_reingest(tmp_path: Path) -> None:
    files = write_corpus(tmp_path / "bulletins")
    store = tmp_path / "store"
    runner = CliRunner()

    def run(*args: str) -> str:
        result = runner.invoke(cli, ["--store", str(store), *args], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result.output

    def housing() -> list[dict]:  # type: ignore[type-arg]
        return [r for r in json.loads(run("merges", "--format", "json")) if r["into"] == "市住房和城乡建设局"]

    run("ingest", str(files[0]), str(files[3]))
    assert len(housing()) == 2
    (tmp_path / "merges.toml").write_text('[[keep_apart]]\nnames = ["市住建局", "市住房和城乡建设局"]\n', encoding="utf-8")
    out = run("ingest", str(files[0]), str(files[3]))  # same bytes, new overrides: extracted again
    assert "unchanged" not in out and "replaced" in out
    assert housing() == []
    issue_4 = json.loads(run("diff", files[3].name, "--format", "json"))
    assert ("organization", "市住房和城乡建设局") in {(e["type"], e["name"]) for e in issue_4["new_entities"]}
    # and the merge log forgets a removed bulletin
    (tmp_path / "merges.toml").unlink()
    run("ingest", str(files[0]), str(files[3]))
    assert len(housing()) == 2
    run("remove", files[0].name)
    assert [Path(r["source"]).name for r in housing()] == [files[3].name]


def test_realset_dev_pairs_join_and_no_merge_crosses_places() -> None:
    """bench/bench_merges.py's measure on tests/realset/dev: at least 90% of the pairs whose two
    forms the NLP reads as organisations end on one node (the merge rules' own share), at least
    85% of all pairs a reader joins (bench/merge_pairs.json; the rest are forms the NLP does not
    read), and no merge joins two places. Measured on 83 dev texts: 23/24 and 32/37; on the 62
    texts the rules were written on, 26/27 (the 21 texts added later give 6 of 10)."""
    from bench.bench_merges import measure

    r = measure()
    w = r["within"]
    assert w["pairs"] >= 25 and w["extracted"] >= 10
    assert w["after"] >= 0.85 * w["pairs"], w["missed"]
    assert w["extracted_after"] >= 0.9 * w["extracted"], w["missed"]
    assert w["after"] >= w["before"]
    assert r["crossing"] == []


def test_the_pair_file_lists_or_excludes_every_pair_the_gold_gives() -> None:
    """bench/merge_pairs.json was derived from the gold and reviewed: every pair the gold's
    surfaces give (bench_merges.auto_pairs) is there, as a pair or excluded with a reason,
    and every form listed occurs in its text."""
    from bench.bench_merges import DEV, PAIRS, auto_pairs

    data = json.loads(PAIRS.read_text(encoding="utf-8"))
    listed = {frozenset({(p["a"]["file"], p["a"]["form"]), (p["b"]["file"], p["b"]["form"])}) for p in data["pairs"]}
    listed |= {frozenset({(e["file"], e["forms"][0]), (e["file"], e["forms"][1])}) for e in data["excluded"]}
    assert auto_pairs() - listed == set()
    assert all(e["why"] for e in data["excluded"])
    for p in data["pairs"]:
        for side in ("a", "b"):
            assert p[side]["form"] in (DEV / p[side]["file"]).read_text(encoding="utf-8")


def _text_extraction(sentences: list[str], orgs: list[tuple[str, str, str | None, str]],
                     places: list[records.Place] | None = None) -> records.Extraction:
    """An Extraction of one article with real offsets; each organisation is mentioned at its
    first occurrence only (as the NLP often reads a body once)."""
    text, recs = "", []
    for s in sentences:
        recs.append(records.SentenceRecord(s, len(text), len(text) + len(s)))
        text += s
    organizations = []
    for written, canonical, place, kind in orgs:
        at = text.index(written)
        si = next(i for i, r in enumerate(recs) if r.start <= at < r.end)
        organizations.append(records.Organization(written, canonical, kind, place=place,
                                                  mentions=[records.Provenance(0, si, at, at + len(written))]))
    return records.Extraction(source="t.txt", articles=[records.ArticleRecord("标题", None, None, sentences=recs)],
                              organizations=organizations, places=places or [])


def _written(out: records.Extraction, x: records.Extraction) -> list[tuple[str, str]]:
    return [(o.text, o.canonical) for o in out.organizations[len(x.organizations):]]


def test_a_body_written_again_without_its_place_joins_its_node() -> None:
    x = _text_extraction(
        ["甲县林业局召开会议。", "会上，林业局通报了进展，县政府提出要求。", "国家林业局也有部署。", "甲县人民政府发文。"],
        [("甲县林业局", "甲县林业局", "甲县", "government_department"),
         ("甲县人民政府", "甲县人民政府", "甲县", "government_department")])
    out, merges = resolve.resolve(x)
    assert sorted(_written(out, x)) == [("县政府", "甲县人民政府"), ("林业局", "甲县林业局")]  # not 国家林业局
    (m,) = [m for m in merges if m.names == ("林业局",)]
    assert m.rule == "written-form" and m.into == "甲县林业局" and m.sentence == "会上，林业局通报了进展，县政府提出要求。"
    (bureau,) = [o for o in out.organizations if o.text == "林业局"]
    assert bureau.mentions[0].start == x.articles[0].sentences[1].start + 3


def test_a_short_form_two_bodies_could_own_stays_apart() -> None:
    x = _text_extraction(["甲县林业局和乙市林业局联合检查。", "林业局表示将继续推进。"],
                         [("甲县林业局", "甲县林业局", "甲县", "government_department"),
                          ("乙市林业局", "乙市林业局", "乙市", "government_department")])
    out, merges = resolve.resolve(x)
    assert _written(out, x) == [] and merges == []


def test_level_forms_company_short_names_and_generic_kinds() -> None:
    x = _text_extraction(
        ["丙村党支部带领群众成立丙村股份经济合作社。", "村党支部书记介绍，该村股份经济合作社分红。", "丁省戊己庚农业发展有限公司入驻，戊己公司负责收购。",
         "党支部会议召开。"],
        [("丙村党支部", "丙村党支部", "丙村", "party_organ"),
         ("丙村股份经济合作社", "丙村股份经济合作社", "丙村", "enterprise"),
         ("丁省戊己庚农业发展有限公司", "丁省戊己庚农业发展有限公司", "丁省", "enterprise")])
    out, _ = resolve.resolve(x)
    written = _written(out, x)
    assert ("村党支部", "丙村党支部") in written and ("戊己公司", "丁省戊己庚农业发展有限公司") in written
    assert ("该村股份经济合作社", "丙村股份经济合作社") in written
    # a generic kind alone (股份经济合作社, 党支部) is no name of one body
    assert not any(w in ("股份经济合作社", "党支部") for w, _ in written)


def test_a_programme_in_other_quotes_is_one_node() -> None:
    x = _text_extraction(["推出“邻里互助圈”做法。", "大家说‘邻里互助圈’好。"], [])
    x.programs = [records.Program("“邻里互助圈”", place="甲县", mentions=[records.Provenance(0, 0, 2, 9)])]
    out, merges = resolve.resolve(x)
    assert [p.text for p in out.programs] == ["“邻里互助圈”", "‘邻里互助圈’"]
    (m,) = merges
    assert (m.rule, m.into, m.names, m.place) == ("quotes", "“邻里互助圈”", ("‘邻里互助圈’",), "甲县")


def test_a_unit_written_after_its_national_parent_joins_the_unit() -> None:
    x = _text_extraction(["国家统计局甲县调查队发布数据。", "甲县调查队表示，数据已核实。"],
                         [("甲县调查队", "甲县调查队", "甲县", "government_department")])
    x.organizations[0].mentions = [records.Provenance(0, 1, 15, 20)]  # the NLP read the short form only
    out, merges = resolve.resolve(x)
    assert ("国家统计局甲县调查队", "甲县调查队") in _written(out, x)
    assert any(m.rule == "written-form" and m.names == ("国家统计局甲县调查队",) for m in merges)
