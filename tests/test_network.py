"""network.py: the SPARQL → NetworkX projection of the seed store, analytics, exports."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest

from wuxing_kg import network
from wuxing_kg.errors import QueryError
from wuxing_kg.store import Store


@pytest.fixture(scope="module")
def seed_nx(demo_store: Path) -> nx.MultiDiGraph:
    with Store(demo_store, read_only=True) as store:
        return network.project(store)


def _by_label(g: nx.MultiDiGraph, label: str) -> tuple[str, dict]:
    hits = [(n, d) for n, d in g.nodes(data=True) if d.get("label") == label]
    assert hits, f"no node labelled {label}"
    return hits[0]


def test_projection_has_typed_labelled_nodes(seed_nx: nx.MultiDiGraph) -> None:
    kinds = network.kinds_count(seed_nx)
    for kind in ("bulletin", "article", "organization", "place", "program", "metric"):
        assert kinds[kind] > 0, kind
    assert kinds["bulletin"] == 1
    assert kinds["metric"] >= 20
    for node, data in seed_nx.nodes(data=True):
        assert data["kind"] in network.KINDS
        assert data["iri"] == node and data["label"]
    place, data = _by_label(seed_nx, "章贡区")
    assert data["kind"] == "place" and data["code"] == "360702" and data["type"] == "county"
    org, data = _by_label(seed_nx, "赣州市教育局")
    assert data["kind"] == "organization" and data["type"] == "government_department"
    assert data["years"] == [2019] and len(data["bulletins"]) == 1
    assert data["sentence"] and "教育局" in data["sentence"]


def test_reference_places_stay_out(seed_nx: nx.MultiDiGraph) -> None:
    # the reference graph holds ~3,400 divisions; only those a bulletin names are projected
    assert network.kinds_count(seed_nx)["place"] < 60


def test_edges_carry_relation_label_and_provenance(seed_nx: nx.MultiDiGraph) -> None:
    relations = {d["relation"] for _, _, d in seed_nx.edges(data=True)}
    assert {"leads", "located_in", "has_outcome", "mentions", "published_in"} <= relations
    assert relations <= set(network.RELATION_LABELS)
    for _, _, d in seed_nx.edges(data=True):
        assert d["label"] == network.RELATION_LABELS[d["relation"]]
        assert d["bulletin"] and d["bulletin_label"]
    with_sentence = [d for _, _, d in seed_nx.edges(data=True) if d["relation"] == "leads" and d.get("sentence")]
    assert with_sentence, "leads edges should carry the sentence of their assertion"
    org, _ = _by_label(seed_nx, "赣州市教育局")
    led = {seed_nx.nodes[t]["label"] for _, t, d in seed_nx.out_edges(org, data=True) if d["relation"] == "leads"}
    assert "小区配套幼儿园专项治理" in led


def test_metric_attributes_are_exact(seed_nx: nx.MultiDiGraph) -> None:
    metrics = [d for _, d in seed_nx.nodes(data=True) if d["kind"] == "metric"]
    places = [d for d in metrics if d.get("value") == "33000"]
    assert places, "3.3万个 should be the exact decimal 33000"
    m = places[0]
    assert m["unit"] == "个" and m["qualifier"] == "以上" and m["period"] == "2019年"
    assert m["is_target"] is True and m["years"] == [2019]
    assert any(d.get("is_change") and d.get("change_direction") for d in metrics)


def test_project_one_bulletin(demo_store: Path, seed_graph: str, seed_nx: nx.MultiDiGraph) -> None:
    with Store(demo_store, read_only=True) as store:
        by_graph = network.project(store, bulletin=seed_graph)
        bulletin_iri = next(n for n, d in seed_nx.nodes(data=True) if d["kind"] == "bulletin")
        by_iri = network.project(store, bulletin=bulletin_iri)
        assert by_graph.number_of_nodes() == by_iri.number_of_nodes() == seed_nx.number_of_nodes()
        with pytest.raises(QueryError):
            network.project(store, bulletin="https://example.org/no-such-bulletin")


def test_project_one_bulletin_by_short_id_or_file(demo_store: Path, seed_nx: nx.MultiDiGraph) -> None:
    # the names `export --bulletin` accepts; a short id used to be pasted into the query
    # text as `<f0f7a515>` and end in a SPARQL syntax error
    from wuxing_kg.queries import list_bulletins

    with Store(demo_store, read_only=True) as store:
        info = list_bulletins(store)[0]
        for ident in (info.id, info.id[:6], info.file):
            assert ident
            assert network.project(store, bulletin=ident).number_of_nodes() == seed_nx.number_of_nodes()


@pytest.mark.parametrize("hostile", [
    "x> || true) } } #",
    "https://example.org/a> ?p ?o } UNION { ?s ?p ?o",
    'f0f7"; DROP',
])
def test_project_never_pastes_the_bulletin_into_the_query(demo_store: Path, hostile: str) -> None:
    # an unknown value is a plain "no such bulletin" (QueryError, exit 2), never a parse
    # error or a widened filter
    with Store(demo_store, read_only=True) as store:
        with pytest.raises(QueryError, match="no bulletin"):
            network.project(store, bulletin=hostile)


def test_iri_ref_validates() -> None:
    from wuxing_kg.queries import iri_ref

    assert iri_ref("https://w3id.org/wuxing-kg/id/org/市") == "<https://w3id.org/wuxing-kg/id/org/市>"
    for bad in ("f0f7a515", "https://x/a> ?p ?o", "https://x/{a}", "https://x/a\\b", ""):
        with pytest.raises(QueryError):
            iri_ref(bad)


def test_analytics_on_seed(seed_nx: nx.MultiDiGraph) -> None:
    top = network.most_connected(seed_nx, "organization", n=5)
    assert len(top) == 5
    assert [s[2] for s in top] == sorted((s[2] for s in top), reverse=True)
    assert all(seed_nx.nodes[iri]["kind"] == "organization" for iri, _, _ in top)
    per_county = network.programs_per_county(seed_nx)
    assert "章贡区" in per_county and len(per_county["章贡区"]) >= 1
    communities = network.cooperation_communities(seed_nx)
    assert communities and all(len(c) >= 2 for c in communities)
    # entity resolution names the housing bureau by its full name (住建局 is an altLabel)
    assert any("赣州市住房和城乡建设局" in c and "赣州市自然资源局" in c for c in communities)


def _tiny() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    for iri, kind, label, extra in (
        ("b", "bulletin", "简报", {}),
        ("a", "article", "文章", {}),
        ("c", "place", "甲县", {"type": "county"}),
        ("t", "place", "乙镇", {"type": "township"}),
        ("o1", "organization", "甲县某局", {}),
        ("o2", "organization", "甲县另一局", {}),
        ("o3", "organization", "丙公司", {}),
        ("o4", "organization", "丁银行", {}),
        ("p1", "program", "一号行动", {}),
        ("p2", "program", "二号工程", {}),
    ):
        g.add_node(iri, kind=kind, label=label, iri=iri, **extra)
    for h, t, rel in (
        ("t", "c", "located_in"),
        ("p1", "t", "located_in"),  # program in a township of the county
        ("o1", "c", "located_in"),
        ("o1", "p2", "leads"),  # program counted through its lead's county
        ("o2", "p2", "implements"),
        ("o3", "o4", "cooperates_with"),
        ("o1", "p1", "leads"),
        ("a", "o3", "mentions"),
        ("a", "o4", "mentions"),
        ("a", "o2", "mentions"),
    ):
        g.add_edge(h, t, relation=rel, label=network.RELATION_LABELS[rel])
    return g


def test_analytics_rules_on_a_tiny_graph() -> None:
    g = _tiny()
    top = network.most_connected(g, "organization", n=2)
    assert top[0] == ("o1", "甲县某局", 3)  # article mentions do not count
    assert network.programs_per_county(g) == {"甲县": ["一号行动", "二号工程"]}
    assert network.cooperation_communities(g) == [sorted(["丙公司", "丁银行"]), sorted(["甲县另一局", "甲县某局"])]


@pytest.mark.parametrize("fmt", network.EXPORT_FORMATS)
def test_export_round_trips(fmt: str, seed_nx: nx.MultiDiGraph, tmp_path: Path) -> None:
    out = network.export_graph(seed_nx, fmt, tmp_path / f"g.{fmt}")
    if fmt == "graphml":
        back = nx.read_graphml(out)
    elif fmt == "gexf":
        back = nx.read_gexf(out)
    else:
        back = nx.node_link_graph(json.loads(out.read_text(encoding="utf-8")), edges="edges")
    assert back.number_of_nodes() == seed_nx.number_of_nodes()
    assert back.number_of_edges() == seed_nx.number_of_edges()
    org, _ = _by_label(seed_nx, "赣州市教育局")
    data = back.nodes[org]
    assert data["label"] == "赣州市教育局"
    years = data["years"]
    assert (json.loads(years) if isinstance(years, str) else years) == [2019]


def test_export_rejects_unknown_format(tmp_path: Path) -> None:
    with pytest.raises(QueryError):
        network.export_graph(_tiny(), "dot", tmp_path / "g.dot")


def test_synthetic_graph_follows_the_contract() -> None:
    g = network.synthetic_graph(500, 1000, seed=3)
    assert 480 <= g.number_of_nodes() <= 520 and g.number_of_edges() == 1000
    assert set(network.kinds_count(g)) <= set(network.KINDS)
    for _, _, d in g.edges(data=True):
        assert d["label"] == network.RELATION_LABELS[d["relation"]]
    assert nx.utils.graphs_equal(g, network.synthetic_graph(500, 1000, seed=3))


def test_cli_view_takes_a_short_id(demo_store: Path, tmp_path: Path) -> None:
    # `view --bulletin` accepts what `export --bulletin` accepts (was a SPARQL syntax error)
    from click.testing import CliRunner

    from wuxing_kg.cli import cli
    from wuxing_kg.queries import list_bulletins

    with Store(demo_store, read_only=True) as store:
        short = list_bulletins(store)[0].id
    out = tmp_path / "site"
    result = CliRunner().invoke(cli, ["--store", str(demo_store), "view", "-o", str(out), "--bulletin", short])
    assert result.exit_code == 0, result.output
    assert (out / "index.html").is_file()
    missing = CliRunner().invoke(cli, ["--store", str(demo_store), "view", "-o", str(out), "--bulletin", "x> } #"])
    assert missing.exit_code == 2 and "no bulletin" in missing.output


def test_relations_without_an_assertion_get_a_sentence_that_names_them(seed_nx: nx.MultiDiGraph) -> None:
    g = seed_nx
    facts = [(u, v, d) for u, v, d in g.edges(data=True) if d["relation"] not in ("mentions", "published_in")]
    without = [(u, v) for u, v, d in facts if not d.get("sentence")]
    assert len(without) <= 2  # only relations neither of whose ends is mentioned in a sentence
    assert {d.get("sentence_basis") for _, _, d in facts} <= {None, "co-mention", "mention"}
    org, _ = _by_label(g, "赣州市商务局")
    lead = next(d for _, p, d in g.out_edges(org, data=True)
                if d["relation"] == "leads" and g.nodes[p]["label"] == "“稳外资”")
    assert lead["sentence_basis"] == "co-mention" and "稳外资" in lead["sentence"]


def test_metrics_and_relations_carry_their_article(seed_nx: nx.MultiDiGraph) -> None:
    g = seed_nx
    articles = {n for n, d in g.nodes(data=True) if d["kind"] == "article"}
    assert all(str(g.nodes[a].get("index", "")).isdigit() for a in articles)
    metrics = [d for _, d in g.nodes(data=True) if d["kind"] == "metric"]
    assert metrics and all(d.get("article") in articles for d in metrics if d.get("sentence"))
    stated = [d for _, _, d in g.edges(data=True) if d.get("sentence") and d["relation"] != "mentions"]
    assert stated and all(d.get("article") in articles for d in stated)
