"""views: the static site (files, links, offline, escaping, splitting) without a browser."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from wuxing_kg import network, records, views
from wuxing_kg.cli import cli
from wuxing_kg.rdf.mapping import to_quads
from wuxing_kg.store import Store

BAD_SCRIPT = "<script>window.__pwned=1</script>"
BAD_ATTR = '" onmouseover="window.__pwned=1'


def xss_extraction() -> records.Extraction:
    """A bulletin whose names, sentence, indicator and title carry HTML/JS payloads."""
    sentence = f"示例市{BAD_SCRIPT}局推行“{BAD_ATTR}行动”，新增学位300个。<!-- </script>"
    org = f"示例市{BAD_SCRIPT}局"
    program = f"“{BAD_ATTR}行动”"
    prov = records.Provenance(0, 0, 0, len(sentence))
    return records.Extraction(
        source="xss.txt",
        date="2020-01-02",
        issuer="示例市人民政府办公室",
        issue="第1期",
        title=f"示例工作简报{BAD_SCRIPT}",
        articles=[
            records.ArticleRecord(
                title="标题" + BAD_SCRIPT, section=None, lead=None, start=0, end=len(sentence),
                sentences=[records.SentenceRecord(text=sentence, start=0, end=len(sentence))],
            )
        ],
        organizations=[records.Organization(text=org, canonical=org, type="government_department", mentions=[prov])],
        programs=[records.Program(text=program, lead=org, mentions=[prov])],
        metrics=[
            records.Metric(text="新增学位300个", value=Decimal(300), unit="个", indicator=f"新增学位{BAD_ATTR}",
                           subject=org, period="2020年", prov=prov)
        ],
        relations=[records.Relation(org, "leads", program, prov)],
    )


def xss_graph(tmp_path: Path) -> nx.MultiDiGraph:
    mapped = to_quads(xss_extraction())
    with Store(tmp_path / "xss-store") as store:
        store.replace_graph(mapped.graph, mapped.quads)
        return network.project(store)


@pytest.fixture(scope="module")
def small_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[nx.MultiDiGraph, views.SiteReport]:
    g = network.synthetic_graph(120, 240, seed=1)
    return g, views.build_site(g, tmp_path_factory.mktemp("site"))


def test_page_path_is_deterministic_and_safe() -> None:
    iris = [
        "https://w3id.org/wuxing-kg/id/org/赣州市教育局",
        "https://w3id.org/wuxing-kg/id/program/赣州市/a%2Fb/“x”?y#z",
        "https://w3id.org/wuxing-kg/id/org/" + "长" * 400,
    ]
    paths = [views.page_path(i) for i in iris]
    assert paths == [views.page_path(i) for i in iris]
    assert len(set(paths)) == len(paths)
    assert all(re.fullmatch(r"e-[0-9a-f]{20}\.html", p) for p in paths)


def test_script_json_cannot_close_the_script_block() -> None:
    text = views.script_json({"label": "</script><script>alert(1)</script><!-- & -->"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert "\\u003c/script\\u003e" in text


def test_site_files_and_links(small_site: tuple[nx.MultiDiGraph, views.SiteReport]) -> None:
    g, report = small_site
    out = report.out_dir
    entities = [n for n, d in g.nodes(data=True) if d["kind"] in views.PAGE_KINDS]
    assert set(report.pages) == set(entities)
    assert (out / "index.html").is_file() and (out / "overview.html").is_file()
    for path in report.pages.values():
        assert (out / path).is_file()
    for html_file in out.glob("*.html"):
        html = html_file.read_text(encoding="utf-8")
        assert '<meta charset="utf-8">' in html and '<html lang="zh-CN">' in html
        assert "WenQuanYi Micro Hei" in html or '<link rel="stylesheet" href="assets/site.css">' in html
        # nothing is loaded from anywhere: no src/href to another host, no @import, no url(http…)
        assert not re.search(r"""src\s*=\s*["']?(https?:)?//""", html), html_file.name
        # the one outside link is the entity's IRI (a link, never loaded)
        outside = re.findall(r"""<a ([^>]*)href=["']?(?:https?:)?//""", html)
        assert all('class="iri"' in attrs for attrs in outside), html_file.name
        assert "@import" not in html
        for link in re.findall(r'href="([^"#]+)"', html):
            if not link.startswith("https://"):
                assert (out / link).is_file(), f"{html_file.name} links to missing {link}"
    overview = (out / "overview.html").read_text(encoding="utf-8")
    assert "@version 9.1.2" not in overview  # vis-network is written once, under assets/
    for src in re.findall(r'src="([^"]+)"', overview) + re.findall(r'<link rel="stylesheet" href="([^"]+)"', overview):
        assert (out / src).is_file(), src
    assert "@version 9.1.2" in (out / "assets" / "vis-network.min.js").read_text(encoding="utf-8")
    assert f'data-node-count="{g.number_of_nodes()}"' in overview
    assert report.graph_pages["overview.html"] == g.number_of_nodes()


def test_index_lists_entities_with_counts_and_search_data(small_site: tuple[nx.MultiDiGraph, views.SiteReport]) -> None:
    g, report = small_site
    index = (report.out_dir / "index.html").read_text(encoding="utf-8")
    assert 'id="entity-search"' in index and 'id="entity-data"' in index
    for iri, path in report.pages.items():
        assert f'href="{path}"' in index
    assert "联系最多的部门" in index
    assert 'class="data" id="most-connected"' in index and '<script src="assets/tables.js"></script>' in index


def test_entity_page_neighbourhood(small_site: tuple[nx.MultiDiGraph, views.SiteReport]) -> None:
    g, report = small_site
    program = next(n for n, d in g.nodes(data=True) if d["kind"] == "program" and g.out_degree(n) >= 2)
    nodes = views.page_nodes(g, program)
    assert nodes[0] == program
    neighbours = set(g.successors(program)) | set(g.predecessors(program))
    assert neighbours <= set(nodes)
    html = (report.out_dir / report.pages[program]).read_text(encoding="utf-8")
    assert f'data-node-count="{len(nodes)}"' in html
    assert 'data-page-kind="program"' in html
    # its outcomes appear in the outcome table with a bulletin link
    assert "<h2>成效与指标</h2>" in html and 'id="outcomes"' in html
    bulletin = next(n for n, d in g.nodes(data=True) if d["kind"] == "bulletin")
    members = [n for n, d in g.nodes(data=True) if bulletin in d.get("bulletins", [])]
    assert set(views.page_nodes(g, bulletin)) == set(members)


def test_big_graph_is_split_and_assets_shared(tmp_path: Path) -> None:
    g = network.synthetic_graph(300, 600, seed=2)
    report = views.build_site(g, tmp_path, assets="shared", max_nodes_per_page=200)
    assert report.split and report.assets == "shared"
    overview = (tmp_path / "overview.html").read_text(encoding="utf-8")
    assert "分页" in overview and '<script src="assets/vis-network.min.js">' in overview
    assert (tmp_path / "assets" / "vis-network.min.js").stat().st_size > 400_000
    assert "@version 9.1.2" not in overview
    assert report.graph_pages["overview.html"] <= 200


def test_big_page_uses_precomputed_layout(tmp_path: Path) -> None:
    g = network.synthetic_graph(400, 800, seed=4)
    views.build_site(g, tmp_path)
    overview = (tmp_path / "overview.html").read_text(encoding="utf-8")
    assert '"physics":{"enabled":false' in overview.replace(" ", "")
    assert re.search(r'"x":-?\d', overview)


def test_payloads_are_escaped_everywhere(tmp_path: Path) -> None:
    g = xss_graph(tmp_path)
    labels = {d["label"] for _, d in g.nodes(data=True)}
    assert f"示例市{BAD_SCRIPT}局" in labels
    report = views.build_site(g, tmp_path / "site")
    assert len(report.pages) >= 3
    for html_file in (tmp_path / "site").glob("*.html"):
        html = html_file.read_text(encoding="utf-8")
        assert BAD_SCRIPT not in html, html_file.name
        assert BAD_ATTR not in html, html_file.name
        assert "<!-- </script>" not in html
    org_page = (tmp_path / "site" / report.pages[next(n for n, d in g.nodes(data=True) if d["label"] == f"示例市{BAD_SCRIPT}局")]).read_text(encoding="utf-8")
    assert "示例市&lt;script&gt;window.__pwned=1&lt;/script&gt;局" in org_page  # shown as text


def test_view_command(demo_store: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["--store", str(demo_store), "view", "-o", str(tmp_path / "site")])
    assert result.exit_code == 0, result.output
    assert "entity pages" in result.output
    assert (tmp_path / "site" / "index.html").is_file()
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "赣州市教育局" in index and "章贡区" in index


def test_view_command_errors(tmp_path: Path) -> None:
    missing = CliRunner().invoke(cli, ["--store", str(tmp_path / "nothing"), "view", "-o", str(tmp_path / "s")])
    assert missing.exit_code == 2
    help_text = CliRunner().invoke(cli, ["view", "--help"]).output
    assert "wuxing-kg view -o visualizations" in help_text


def test_empty_graph_gives_a_site_without_scripts(tmp_path: Path) -> None:
    report = views.build_site(nx.MultiDiGraph(), tmp_path)
    assert report.pages == {} and report.graph_pages == {"overview.html": 0}
    overview = (tmp_path / "overview.html").read_text(encoding="utf-8")
    assert "graph-data" not in overview and "@version 9.1.2" not in overview
    assert (tmp_path / "index.html").is_file()


# --------------------------------------------------------------------------- department pages, values, relation rows


def test_values_are_written_as_people_read_them() -> None:
    from wuxing_kg.views.numbers import exact, readable

    assert readable("1118000000", "美元") == "11.18亿美元"
    assert readable("33000", "个") == "3.3万个"
    assert readable("8000", "人") == "8000人"
    assert readable("9.17", "%") == "9.17%"
    assert readable("125000", "%") == "125000%"  # rates are never scaled
    assert readable("1.5E+9", "元") == "15亿元"
    assert readable("-25000", "元") == "-2.5万元"
    assert exact("1.118E+9", "美元") == "1118000000 美元"


def _page(out: Path, iri: str) -> str:
    return (out / views.page_path(iri)).read_text(encoding="utf-8")


def _rows(html: str, table_id: str) -> list[list[str]]:
    """The cells of one data table as text (tags stripped)."""
    start = html.index(f'id="{table_id}"')
    body = html[start:html.index("</table>", start)]
    return [[re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S)]
            for tr in re.findall(r"<tr>(.*?)</tr>", body, re.S)[1:]]


@pytest.fixture(scope="module")
def demo_site_dir(demo_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from wuxing_kg.views.build import build_from_store

    out = tmp_path_factory.mktemp("demo-site")
    build_from_store(Store(demo_store, read_only=True), out)
    return out


def test_department_page_shows_the_outcomes_of_its_programmes(demo_site_dir: Path) -> None:
    html = _page(demo_site_dir, network.ID_IRI + "org/赣州市商务局")
    rows = _rows(html, "outcomes")
    fdi = next(r for r in rows if r[0] == "实际利用外资")
    assert fdi[1] == "11.18亿美元" and fdi[3] == "2019年上半年" and fdi[5] == "“稳外资”"
    assert "11.18 亿美元" in fdi[6]  # the source sentence, as written
    assert 'title="1118000000 美元" data-csv="1118000000"' in html  # the exact value stays in the data
    assert len(rows) == len({tuple(r) for r in rows})


def test_relation_rows_have_sentences_no_duplicates_no_iri_text(demo_site_dir: Path) -> None:
    html = _page(demo_site_dir, network.ID_IRI + "org/赣州市商务局")
    rows = _rows(html, "relations")
    assert rows and all(r[3] for r in rows)  # every relation of this body has a sentence in the store
    assert len({(r[0], r[1], r[2]) for r in rows}) == len(rows)
    assert {r[4] for r in rows} <= {"原句", "同句提及", "提及句"}
    for page in demo_site_dir.glob("e-*.html"):
        text = page.read_text(encoding="utf-8")
        for table_id in ("relations", "outcomes"):
            if f'id="{table_id}"' in text:
                assert not any(c.startswith("http") for r in _rows(text, table_id) for c in r), page.name
        assert "<dt>IRI</dt>" not in text


def test_one_row_for_a_fact_read_in_two_bulletins(tmp_path: Path) -> None:
    g = nx.MultiDiGraph()
    for b in ("b1", "b2"):
        g.add_node(b, kind="bulletin", label=f"简报{b}", iri=b, bulletins=[b])
    g.add_node("o", kind="organization", label="某局", iri="o", bulletins=["b1", "b2"])
    g.add_node("p", kind="program", label="某行动", iri="p", bulletins=["b1", "b2"])
    g.add_edge("o", "p", key="leads|b1", relation="leads", label="牵头", bulletin="b1")
    g.add_edge("o", "p", key="leads|b2", relation="leads", label="牵头", bulletin="b2", sentence="某局牵头某行动。")
    report = views.build_site(g, tmp_path)
    rows = _rows((tmp_path / report.pages["o"]).read_text(encoding="utf-8"), "relations")
    assert rows == [["某局", "牵头", "某行动", "某局牵头某行动。", "原句", "简报b1、简报b2"]]


def _busy_graph(n_bulletins: int, n_programs: int) -> nx.MultiDiGraph:
    """One department leading `n_programs` programmes, each relation read in every bulletin."""
    g = nx.MultiDiGraph()
    bulletins = [f"b{i:03d}" for i in range(n_bulletins)]
    for i, b in enumerate(bulletins):
        g.add_node(b, kind="bulletin", label=f"简报{b}", iri=b, bulletins=[b], date=f"2020-01-{i + 1:02d}")
    g.add_node("o", kind="organization", label="某局", iri="o", bulletins=bulletins)
    for j in range(n_programs):
        p = f"p{j:04d}"
        reads = bulletins[: 1 + j % n_bulletins]  # programme j read in the first 1 + j % n issues
        g.add_node(p, kind="program", label=f"行动{j:04d}", iri=p, bulletins=reads)
        for b in reads:
            g.add_edge("o", p, key=f"leads|{b}", relation="leads", label="牵头", bulletin=b,
                       bulletin_label=f"简报{b}", sentence=f"某局牵头行动{j:04d}。")
    return g


def test_parallel_copies_of_a_relation_are_drawn_once() -> None:
    g = _busy_graph(3, 3)
    part = views.site.page_part(g, ["o", "p0002"])
    assert len(part.edges) == 1  # three bulletins read it: one edge, weight 3
    u, v, d = part.edges[0]
    assert (u, v, d["weight"]) == ("o", "p0002", 3) and "等 3 期简报" in d["bulletin_label"]
    assert g.number_of_edges("o", "p0002") == 3  # the graph itself is left as it was


def test_busy_page_is_bounded_and_the_full_table_is_a_csv(tmp_path: Path) -> None:
    import csv
    import io

    from wuxing_kg.views import tables

    n = tables.TABLE_ROW_LIMIT + 50
    g = _busy_graph(5, n)
    report = views.build_site(g, tmp_path)
    page = tmp_path / report.pages["o"]
    html = page.read_text(encoding="utf-8")
    rows = _rows(html, "relations")
    assert len(rows) == tables.TABLE_ROW_LIMIT
    # the most recent rows are listed: every programme read in the latest issue (b004) is there
    latest = {f"行动{j:04d}" for j in range(n) if j % 5 == 4}
    assert latest <= {r[2] for r in rows}
    assert f"此表共 {n} 行" in html
    href = re.search(r'<a href="([^"]+-table-relations\.csv)" download>', html)
    assert href is not None
    full = list(csv.reader(io.StringIO((tmp_path / href.group(1)).read_text(encoding="utf-8-sig"))))
    assert full[0] == ["主体", "关系", "客体", "原句", "依据", "简报"] and len(full) == n + 1
    assert {r[2] for r in full[1:]} == {f"行动{j:04d}" for j in range(n)}  # nothing lost
    # the graph: the most linked neighbours, and a note saying how many there are
    nodes = views.page_nodes(g, "o")
    assert len(nodes) == views.site.ENTITY_PAGE_LIMIT
    weights = {p: g.number_of_edges("o", p) for p in g.successors("o")}
    assert min(weights[p] for p in nodes[1:]) >= max(w for p, w in weights.items() if p not in nodes)
    assert f"相邻节点共 {n} 个" in html


# --------------------------------------------------------------------------- bulletin pages: articles, new in this issue


@pytest.fixture(scope="module")
def series_site(series_store: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """The site of the five-issue series store, and bulletin issue (第N期) → bulletin IRI."""
    from wuxing_kg import queries
    from wuxing_kg.views.build import build_from_store

    out = tmp_path_factory.mktemp("series-site")
    build_from_store(Store(series_store, read_only=True), out)
    with Store(series_store, read_only=True) as store:
        issues = {b.issue or "": b.bulletin for b in queries.list_bulletins(store)}
    return out, issues


def test_bulletin_page_shows_what_is_new_in_the_issue(series_site: tuple[Path, dict[str, str]]) -> None:
    out, issues = series_site
    html = _page(out, issues["第3期"])
    assert '<section class="news" id="news">' in html and "2 个新实体，3 项指标变化" in html
    new = _rows(html, "news-entities")
    # 市人社局 is shown under the full name it is resolved to (resolve.py's abbreviation rule)
    assert sorted(r[1] for r in new) == ["“时间银行”", "市人力资源和社会保障局"]
    assert re.search(r'<a href="e-[0-9a-f]{20}\.html">“时间银行”</a>', html)  # linked to its page
    changed = {r[1]: r for r in _rows(html, "news-changed")}
    assert changed["实际利用外资"][2:4] == ["3.4亿美元", "4.6亿美元"]
    assert 'data-csv="460000000"' in html
    assert changed["实际利用外资增速（变化率）"][2:4] == ["6.8%", "7.1%"]
    first = _page(out, issues["第1期"])
    assert "本系列无更早一期" in first and 'id="news-changed"' not in first


def test_news_agrees_with_the_diff_command(series_site: tuple[Path, dict[str, str]], series_store: Path) -> None:
    from wuxing_kg import diff

    out, issues = series_site
    with Store(series_store, read_only=True) as store:
        for issue, bulletin in issues.items():
            expected = diff.diff_issue(store, bulletin)
            html = _page(out, bulletin)
            shown = sorted(r[1] for r in _rows(html, "news-entities")) if 'id="news-entities"' in html else []
            assert shown == sorted(e.name for e in expected.new_entities), issue
            assert f"{len(expected.new_entities)} 个新实体，{len(expected.changed)} 项指标变化" in html, issue


def test_bulletin_page_lists_its_articles_with_their_facts(series_site: tuple[Path, dict[str, str]]) -> None:
    out, issues = series_site
    html = _page(out, issues["第4期"])
    assert html.index('id="article-1"') < html.index('id="article-2"')
    facts = _rows(html, "article-1-facts")
    assert ["指标", "实际使用外资", "5.9亿美元"] == facts[0][:3]
    assert "5.9亿美元" in facts[0][5]  # its source sentence
    housing = _rows(html, "article-2-facts")
    assert any(r[0] == "关系" and "市住房和城乡建设局" in r[1] for r in housing)


# --------------------------------------------------------------------------- series on entity pages


def test_series_chart_and_table_on_the_department_page(series_site: tuple[Path, dict[str, str]],
                                                       series_store: Path) -> None:
    from wuxing_kg import series

    out, _ = series_site
    org = network.ID_IRI + "org/市商务局"
    html = _page(out, org)
    assert "<h2>指标序列</h2>" in html
    level = html[html.index("<h3>市商务局 · 实际利用外资</h3>"):]
    level = level[:level.index("</section>")]
    svg = level[level.index("<svg"):level.index("</svg>")]
    anchors = re.findall(r'<a class="point" href="#([^"]+)" data-value="(\d+)"', svg)
    assert [v for _, v in anchors] == ["210000000", "340000000", "460000000", "590000000", "730000000"]
    for anchor, value in anchors:  # each point leads to the row with its source sentence
        row = re.search(rf'<tr><td id="{anchor}">.*?</tr>', level, re.S)
        assert row and f'data-csv="{value}"' in row.group(0) and "全市实际" in row.group(0)
    # the CSV beside the page is series.py's own output for that series
    href = re.search(r'<a href="([^"]+\.csv)" download>', level).group(1)
    with Store(series_store, read_only=True) as store:
        rows = [r for r in series.series(store, subject="市商务局", indicator="实际利用外资") if not r.is_change]
    assert (out / href).read_bytes().decode("utf-8-sig") == series.format_series(rows, "csv")
    assert "市商务局 · 实际利用外资增速（变化率）" in html  # the rate is a series of its own


def test_series_chart_escapes_text_and_scales_ticks() -> None:
    from wuxing_kg.views.charts import Point, series_svg

    points = [Point(f"第{i}期", Decimal(v), "元", f"r{i}", "<b>句</b>") for i, v in enumerate(("1200000", "-300000"))]
    svg = series_svg(points, title="示例</svg><script>")
    assert "<script>" not in svg and "&lt;b&gt;句&lt;/b&gt;" in svg
    assert ">120万元<" in svg and ">-30万元<" in svg  # values as read above the points
    assert svg.count('<a class="point"') == 2



# --------------------------------------------------------------------------- incremental builds (issue 14)


def _mtimes(out: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in out.iterdir() if p.is_file()}


def test_a_rebuild_rewrites_only_the_pages_whose_inputs_changed(tmp_path: Path) -> None:
    g = network.synthetic_graph(200, 400, seed=3)
    first = views.build_site(g, tmp_path, incremental=True)
    assert first.files == len(list(tmp_path.glob("*.html"))) + len(list((tmp_path / "assets").iterdir()))
    assert (tmp_path / ".wuxing-kg-site.json").is_file()
    again = views.build_site(g, tmp_path, incremental=True)
    assert again.files == 0 and again.bytes == 0 and again.skipped == first.files
    before = _mtimes(tmp_path)
    # (index, overview and atlas draw the whole graph: they change with any new fact)
    # one more outcome for one programme: its page (and the pages that draw it) change
    program = next(n for n, d in g.nodes(data=True) if d["kind"] == "program")
    bulletin = g.nodes[program]["bulletins"][0]
    g.add_node("m-new", kind="metric", iri="m-new", label="新增学位987654个", value="987654", unit="个",
               indicator="新增学位", period="2020年", bulletins=[bulletin])
    g.add_edge(program, "m-new", relation="has_outcome", label="成效", bulletin=bulletin)
    third = views.build_site(g, tmp_path, incremental=True)
    after = _mtimes(tmp_path)
    rewritten = {name for name in after if after[name] != before.get(name)}
    page = views.page_path(program)
    assert page in rewritten and "98.7654万个" in (tmp_path / page).read_text(encoding="utf-8")
    drawing_it = {views.page_path(n) for n in g.nodes if n in first.pages and program in views.page_nodes(g, n)}
    assert rewritten - {".wuxing-kg-site.json"} <= drawing_it | {page, "index.html", "overview.html", "atlas.html", bulletin and views.page_path(bulletin)}
    assert third.files == len(rewritten - {".wuxing-kg-site.json"}) < first.files / 4
    # an entity that is gone loses its page
    g.remove_node(program)
    fourth = views.build_site(g, tmp_path, incremental=True)
    assert not (tmp_path / page).exists() and fourth.removed >= 1


def test_settings_or_a_full_build_rewrite_everything(tmp_path: Path) -> None:
    g = network.synthetic_graph(80, 160, seed=5)
    views.build_site(g, tmp_path, incremental=True)
    full = views.build_site(g, tmp_path, incremental=False)
    assert full.skipped == 0 and full.files > 0
    inline = views.build_site(g, tmp_path, assets="inline", incremental=True)  # other settings: all stale
    assert inline.skipped == 0
    assert "@version 9.1.2" in (tmp_path / "overview.html").read_text(encoding="utf-8")


def test_view_command_is_incremental(demo_store: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    first = CliRunner().invoke(cli, ["--store", str(demo_store), "view", "-o", str(site)])
    assert first.exit_code == 0, first.output
    assert (site / "assets" / "vis-network.min.js").is_file()
    second = CliRunner().invoke(cli, ["--store", str(demo_store), "view", "-o", str(site)])
    assert second.exit_code == 0 and "wrote 0 files" in second.output and "unchanged" in second.output
    full = CliRunner().invoke(cli, ["--store", str(demo_store), "view", "-o", str(site), "--full"])
    assert full.exit_code == 0 and "unchanged" not in full.output
