"""The graph pages in a real headless Chromium (Debian /usr/bin/chromium via playwright).

Every page of the demo site loads from file:// with no console error and no request
elsewhere; the drawn node counts equal the graph's; search, click-through, filters and
tooltips work; bulletin text carrying HTML/JS runs nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from browser_tab import Tab

from wuxing_kg import network, views
from wuxing_kg.store import Store
from wuxing_kg.views.browser import browser as open_browser
from wuxing_kg.views.browser import chromium_available, wait_ready

from test_views import BAD_ATTR, BAD_SCRIPT, xss_graph

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not chromium_available(), reason="/usr/bin/chromium missing (make browser installs it)"),
]


@pytest.fixture(scope="module")
def chromium() -> Any:
    with open_browser() as b:
        yield b


@pytest.fixture(scope="module")
def demo_site(demo_store: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[nx.MultiDiGraph, views.SiteReport]:
    with Store(demo_store, read_only=True) as store:
        g = network.project(store)
    return g, views.build_site(g, tmp_path_factory.mktemp("demo-site"))


def _iri(g: nx.MultiDiGraph, label: str) -> str:
    return next(n for n, d in g.nodes(data=True) if d.get("label") == label)


def test_every_page_loads_offline_and_draws_its_nodes(chromium: Any, demo_site: Any) -> None:
    g, report = demo_site
    tab = Tab(chromium)
    files = sorted(report.out_dir.glob("*.html"))
    maps = int((report.out_dir / "places.html").exists())  # the place map: test_place_map.py
    assert len(files) == len(report.pages) + 3 + maps  # + index, overview, atlas
    for html_file in files:
        page = tab.open(html_file)
        if html_file.name in ("index.html", "atlas.html", "places.html"):  # atlas.html: sigma, test_overview_atlas.py
            continue
        drawn = page.evaluate(
            "[network.body.data.nodes.length, network.body.nodeIndices.length, Number(document.body.dataset.nodeCount)]"
        )
        expected = report.graph_pages[html_file.name]
        assert drawn == [expected, expected, expected], html_file.name
    tab.close()
    assert tab.errors == []
    outside = [u for u in tab.requests if not u.startswith("file://")]
    assert outside == []
    # the overview draws the whole NetworkX graph
    assert report.graph_pages["overview.html"] == g.number_of_nodes()


def test_overview_matches_the_graph(chromium: Any, demo_site: Any) -> None:
    g, report = demo_site
    tab = Tab(chromium)
    page = tab.open(report.out_dir / "overview.html")
    counts = page.evaluate("[nodes.length, edges.length, network.body.edgeIndices.length]")
    assert counts == [g.number_of_nodes(), g.number_of_edges(), g.number_of_edges()]
    ids = set(page.evaluate("nodes.getIds()"))
    assert ids == set(g.nodes)
    tab.close()


def test_search_finds_a_place_by_its_chinese_label(chromium: Any, demo_site: Any) -> None:
    g, report = demo_site
    target = _iri(g, "章贡区")
    tab = Tab(chromium)
    page = tab.open(report.out_dir / "overview.html")
    page.fill("#search", "章贡区")
    page.press("#search", "Enter")
    assert page.evaluate("network.getSelectedNodes()") == [target]
    assert "章贡区" in page.inner_text("#status")
    # the index search lists it and Enter opens its page
    page = tab.open(report.out_dir / "index.html")
    page.fill("#entity-search", "章贡")
    first = page.locator("#search-results a").first
    assert first.inner_text() == "章贡区"
    assert first.get_attribute("href") == views.page_path(target)
    page.press("#entity-search", "Enter")
    page.wait_for_url("**/" + views.page_path(target))
    wait_ready(page)
    assert page.inner_text("h1") == "章贡区"
    tab.close()
    assert tab.errors == []


def _node_screen_position(page: Any, node_id: str) -> tuple[float, float]:
    page.evaluate("id => network.focus(id, {scale: 1.5, animation: false})", node_id)
    pos = page.evaluate(
        """id => { const p = network.canvasToDOM(network.getPosition(id));
                   const r = document.getElementById('graph').getBoundingClientRect();
                   return [r.left + p.x, r.top + p.y]; }""",
        node_id,
    )
    return pos[0], pos[1]


def test_clicking_a_node_opens_its_page_and_hover_shows_the_sentence(chromium: Any, demo_site: Any) -> None:
    g, report = demo_site
    org = _iri(g, "赣州市教育局")
    tab = Tab(chromium)
    page = tab.open(report.out_dir / report.pages[org])
    x, y = _node_screen_position(page, org)
    page.mouse.move(x - 3, y - 3)
    page.mouse.move(x, y)
    tooltip = page.locator("div.vis-tooltip")
    tooltip.wait_for(state="visible", timeout=5000)
    text = tooltip.inner_text()
    assert "赣州市教育局" in text and "原句" in text and "出处" in text
    assert g.nodes[org]["sentence"][:10] in text
    # click a neighbouring program: its page opens
    program = _iri(g, "小区配套幼儿园专项治理")
    x, y = _node_screen_position(page, program)
    page.mouse.click(x, y)
    page.wait_for_url("**/" + report.pages[program])
    wait_ready(page)
    assert page.inner_text("h1") == "小区配套幼儿园专项治理"
    assert page.locator("table#outcomes tbody tr").count() >= 1  # its outcomes, as a table
    tab.close()
    assert tab.errors == []


def test_filters_hide_by_kind_place_and_year(chromium: Any, demo_site: Any) -> None:
    g, report = demo_site
    tab = Tab(chromium)
    page = tab.open(report.out_dir / "overview.html")
    metrics = network.kinds_count(g)["metric"]
    page.uncheck("input.kind-filter[value=metric]")
    assert page.evaluate("nodes.get({filter: n => n.hidden}).length") == metrics
    page.check("input.kind-filter[value=metric]")
    assert page.evaluate("nodes.get({filter: n => n.hidden}).length") == 0
    page.select_option("#place-filter", "章贡区")
    shown = set(page.evaluate("nodes.get({filter: n => !n.hidden}).map(n => n.full)"))
    assert "章贡区" in shown and "“互联网+时间银行”养老新模式" in shown and "赣州市林业局" not in shown
    page.select_option("#place-filter", "")
    page.select_option("#year-filter", "2019")
    hidden = set(page.evaluate("nodes.get({filter: n => n.hidden}).map(n => n.id)"))
    assert hidden == {n for n, d in g.nodes(data=True) if d.get("years") and 2019 not in d["years"]}
    page.select_option("#year-filter", "")
    assert page.evaluate("nodes.get({filter: n => n.hidden}).length") == 0
    tab.close()
    assert tab.errors == []


def _hover_every_node(page: Any) -> None:
    for node_id in page.evaluate("nodes.getIds()"):
        x, y = _node_screen_position(page, node_id)
        page.mouse.move(x - 2, y - 2)
        page.mouse.move(x, y)
        page.wait_for_timeout(160)  # tooltipDelay is 120 ms


def test_bulletin_text_with_html_runs_nothing(chromium: Any, tmp_path: Path) -> None:
    g = xss_graph(tmp_path)
    report = views.build_site(g, tmp_path / "site")
    tab = Tab(chromium)
    for html_file in sorted((tmp_path / "site").glob("*.html")):
        page = tab.open(html_file)
        if html_file.name in ("atlas.html", "places.html"):  # no vis tooltips: test_overview_atlas.py, test_place_map.py
            pass
        elif html_file.name != "index.html":
            _hover_every_node(page)
            assert page.locator("div.vis-tooltip").count() == 1
        else:
            page.fill("#entity-search", "示例市")
        assert page.evaluate("typeof window.__pwned") == "undefined", html_file.name
        assert page.locator("[onmouseover]").count() == 0
    org = next(n for n, d in g.nodes(data=True) if d["label"] == f"示例市{BAD_SCRIPT}局")
    page = tab.open(tmp_path / "site" / report.pages[org])
    assert page.inner_text("h1") == f"示例市{BAD_SCRIPT}局"  # shown as text
    x, y = _node_screen_position(page, org)
    page.mouse.move(x, y)
    page.locator("div.vis-tooltip").wait_for(state="visible", timeout=5000)
    assert BAD_SCRIPT in page.inner_text("div.vis-tooltip")
    assert BAD_ATTR in page.inner_text("body")
    assert page.evaluate("typeof window.__pwned") == "undefined"
    tab.close()
    assert tab.errors == []


def test_ingested_bulletin_with_html_runs_nothing(chromium: Any, tmp_path: Path) -> None:
    """The same through the real pipeline: a text bulletin → ingest → store → pages."""
    from wuxing_kg.ingest import ingest_paths

    text = (
        "示例市政府工作简报\n\n第 3 期\n\n示例市人民政府办公室\n\n2020 年 5 月 6 日\n\n【工作简讯】\n\n"
        f"市教育局推行“{BAD_SCRIPT}”专项行动，新增学位300个。"
        f"市商务局实施“{BAD_ATTR}”工程，签约项目12个。\n"
    )
    source = tmp_path / "xss-bulletin.txt"
    source.write_text(text, encoding="utf-8")
    ingest_paths([source], tmp_path / "store")
    with Store(tmp_path / "store", read_only=True) as store:
        g = network.project(store)
    report = views.build_site(g, tmp_path / "site")
    tab = Tab(chromium)
    seen_payload = False
    for html_file in sorted((tmp_path / "site").glob("*.html")):
        page = tab.open(html_file)
        if html_file.name not in ("index.html", "atlas.html", "places.html"):  # atlas: test_overview_atlas.py
            _hover_every_node(page)
        seen_payload = seen_payload or BAD_SCRIPT in page.inner_text("body")
        assert page.evaluate("typeof window.__pwned") == "undefined", html_file.name
    assert seen_payload, "the sentence with the payload should be shown as text somewhere"
    assert len(report.pages) >= 2
    tab.close()
    assert tab.errors == []


def test_screenshots(chromium: Any, demo_store: Path, tmp_path: Path) -> None:
    from wuxing_kg.views.screenshots import take_screenshots

    written = take_screenshots(demo_store, tmp_path / "shots", chromium=chromium)
    assert [p.name for p in written] == ["index.png", "overview.png", "department.png"]
    for path in written:
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and path.stat().st_size > 20_000


# --------------------------------------------------------------------------- bulletin pages, tables, charts


@pytest.fixture(scope="module")
def series_site(series_store: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    from wuxing_kg import queries
    from wuxing_kg.views.build import build_from_store

    out = tmp_path_factory.mktemp("series-site-browser")
    build_from_store(Store(series_store, read_only=True), out)
    with Store(series_store, read_only=True) as store:
        issues = {b.issue or "": b.bulletin for b in queries.list_bulletins(store)}
    return out, issues


def test_new_in_this_issue_section_filters_sorts_and_downloads(chromium: Any, series_site: Any) -> None:
    out, issues = series_site
    tab = Tab(chromium)
    page = tab.open(out / views.page_path(issues["第3期"]))
    news = page.locator("#news")
    assert news.is_visible() and "2 个新实体，3 项指标变化" in news.inner_text()
    assert sorted(page.locator("#news-entities tbody td:nth-child(2)").all_inner_texts()) == ["“时间银行”", "市人力资源和社会保障局"]  # resolved full name
    # the filter hides the rows that do not match, and says how many are shown
    tools = page.locator("#news-changed-tools")
    tools.locator("input.table-filter").fill("外资")
    visible = page.evaluate("[...document.querySelectorAll('#news-changed tbody tr')].filter(r => !r.hidden).length")
    assert visible == 2 and "2 / 3" in tools.locator(".table-count").inner_text()
    # sort by 本期 (exact values), descending on the second click
    header = page.locator("#news-changed th", has_text="本期")
    header.click()
    header.click()
    first = page.locator("#news-changed tbody tr:not([hidden]) td:nth-child(4)").first.inner_text()
    assert first == "4.6亿美元"
    # the CSV holds the shown rows with the exact value, and the button saves it offline
    csv = page.evaluate("wxTableCsv(document.getElementById('news-changed'))")
    assert csv.count("\r\n") == 3  # header + the 2 rows the filter shows
    assert "市商务局,实际利用外资,340000000,460000000,美元," in csv
    with page.expect_download() as download:
        tools.locator("button.csv-download").click()
    assert download.value.suggested_filename.endswith(".csv")
    assert "460000000" in Path(download.value.path()).read_text(encoding="utf-8-sig")
    # the new programme's link opens its page
    page.locator("#news-entities a", has_text="时间银行").click()
    wait_ready(page)
    assert page.inner_text("h1") == "“时间银行”"
    tab.close()
    assert tab.errors == []
    assert [u for u in tab.requests if not u.startswith(("file://", "blob:"))] == []


def test_series_chart_points_lead_to_their_sentences(chromium: Any, series_site: Any) -> None:
    out, _ = series_site
    tab = Tab(chromium)
    page = tab.open(out / views.page_path(network.ID_IRI + "org/市商务局"))
    chart = page.locator("svg.series-chart").first
    assert chart.is_visible()
    box = chart.bounding_box()
    assert box and 0 < box["x"] and box["x"] + box["width"] <= 1280  # drawn inside the page
    points = chart.locator("a.point")
    assert points.count() == 5
    # every point is drawn inside the chart, higher for a higher value
    ys = [points.nth(i).locator("circle").bounding_box()["y"] for i in range(5)]
    assert ys == sorted(ys, reverse=True)
    points.nth(2).click()
    target = page.evaluate("location.hash.slice(1)")
    row = page.locator(f"[id='{target}']").locator("xpath=..")
    assert "4.6亿美元" in row.inner_text() and "全市实际利用外资4.6亿美元" in row.inner_text()
    assert page.evaluate("document.querySelector(':target') !== null")
    # the series CSV link is a real file beside the page (works with the network off)
    href = page.locator("section.series a[download]").first.get_attribute("href")
    assert (out / href).is_file()
    tab.close()
    assert tab.errors == []
    assert [u for u in tab.requests if not u.startswith("file://")] == []


# --------------------------------------------------------------------------- the 2,000-node overview


@pytest.fixture(scope="module")
def big_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[nx.MultiDiGraph, Path]:
    g = network.synthetic_graph(2000, 4000, seed=0)
    out = tmp_path_factory.mktemp("big-site")
    views.build_site(g, out)
    return g, out


def test_big_overview_is_readable_at_the_first_zoom(chromium: Any, big_site: Any) -> None:
    g, out = big_site
    tab = Tab(chromium)
    page = tab.open(out / "overview.html")
    assert page.evaluate("network.body.nodeIndices.length") == g.number_of_nodes()
    # the drawing fills the graph box (not a small ball in its middle)
    spread = page.evaluate("""() => {
        const r = document.getElementById('graph').getBoundingClientRect();
        const ps = Object.values(network.getPositions()).map(p => network.canvasToDOM(p));
        const xs = ps.map(p => p.x), ys = ps.map(p => p.y);
        return [(Math.max(...xs) - Math.min(...xs)) / r.width, (Math.max(...ys) - Math.min(...ys)) / r.height]; }""")
    assert max(spread) > 0.75, spread
    # landmark labels (one per cluster that has room) are drawn; the others wait for a zoom
    labels = page.evaluate("""() => {
        const s = network.getScale(), t = network.body.nodes;
        return nodes.get().map(n => [n.id, n.value === 10, t[n.id].labelModule.fontOptions.size * s]); }""")
    landmarks = [i for i, is_landmark, _ in labels if is_landmark]
    assert len(landmarks) >= 10
    threshold = 7
    assert all(px >= threshold for _, is_landmark, px in labels if is_landmark)
    assert all(px < threshold for _, is_landmark, px in labels if not is_landmark)
    # no two drawn labels overlap
    boxes = page.evaluate("ids => ids.map(id => network.body.nodes[id].labelModule.size)", landmarks)
    rects = [(b["left"], b["top"], b["left"] + b["width"], b["top"] + b["height"]) for b in boxes]
    for i, a in enumerate(rects):
        for b in rects[i + 1:]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)
    # search zooms to a node until its own label is drawn
    target = next(n for n, _, _ in labels if n not in landmarks and g.nodes[n]["kind"] == "program")
    page.fill("#search", g.nodes[target]["label"])
    page.press("#search", "Enter")
    assert page.evaluate("network.getSelectedNodes()") == [target]
    assert page.evaluate("id => network.body.nodes[id].labelModule.fontOptions.size * network.getScale()", target) >= threshold
    tab.close()
    assert tab.errors == []


def test_phone_width_keeps_the_graph_inside_the_screen(chromium: Any, big_site: Any) -> None:
    _, out = big_site
    page = chromium.new_page(viewport={"width": 390, "height": 844})
    page.goto((out / "overview.html").as_uri())
    wait_ready(page)
    box = page.locator("#graph").bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390
    assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1
    page.close()


# --------------------------------------------------------------------------- labels at the first zoom

DRAWN_LABELS = """() => {
    const t = network.body.nodes, s = network.getScale(), out = [];
    for (const id of network.body.nodeIndices) {
        const L = t[id].labelModule;  // what vis-network itself draws, not graph.js's own list
        if (!L.visible() || !t[id].options.label) continue;
        const a = network.canvasToDOM({x: L.size.left, y: L.size.top});
        const b = network.canvasToDOM({x: L.size.left + L.size.width, y: L.size.top + L.size.height});
        const px = Math.min(L.fontOptions.size * s, t[id].options.scaling.label.maxVisible);
        out.push({id: id, box: [a.x, a.y, b.x, b.y], px: px});
    }
    return out; }"""


def _overlapping(labels: list[dict[str, Any]]) -> list[tuple[str, str]]:
    pairs = []
    for i, la in enumerate(labels):
        a = la["box"]
        for lb in labels[i + 1:]:
            b = lb["box"]
            if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]:
                pairs.append((la["id"], lb["id"]))
    return pairs


def test_labels_do_not_overlap_at_the_first_zoom(chromium: Any, demo_site: Any) -> None:
    g, report = demo_site
    bulletin = views.page_path(next(n for n, d in g.nodes(data=True) if d.get("kind") == "bulletin"))
    entity = max((p for p in report.graph_pages if p not in ("overview.html", bulletin)), key=report.graph_pages.get)
    assert report.graph_pages[entity] >= 50 and report.graph_pages[bulletin] >= 100  # dense enough to collide
    tab = Tab(chromium)
    for name in (bulletin, entity):
        page = tab.open(report.out_dir / name)
        labels = page.evaluate(DRAWN_LABELS)
        assert _overlapping(labels) == [], name
        assert len(labels) >= 30, name  # most nodes keep a label, not just a few
        assert all(la["px"] >= 9.5 for la in labels), name  # readable, not 6-px text
        focus = page.evaluate("nodes.get().filter(n => n.borderWidth === 4).map(n => n.id)")
        assert set(focus) <= {la["id"] for la in labels}, name  # the page's own node is labelled
        # graph.js's list of the labels it placed is the same set
        assert sorted(page.evaluate("__wxLabels.map(l => l.id)")) == sorted(la["id"] for la in labels), name
        # a zoom (mouse wheel) places the labels again: more of them, still apart
        box = page.locator("#graph").bounding_box()
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.mouse.wheel(0, -400)
        page.wait_for_timeout(100)
        zoomed = page.evaluate(DRAWN_LABELS)
        assert _overlapping(zoomed) == [], name
        seen = [la for la in zoomed if 0 <= la["box"][0] and la["box"][2] <= box["width"]]
        assert len(seen) >= 10, name
    # a search hit gets its label even where a more connected node's label stood
    page = tab.open(report.out_dir / bulletin)
    hidden = page.evaluate("nodes.get().filter(n => n.label !== n.short && n.kind !== 'metric').map(n => n.full)")
    assert hidden, "the dense page should hide some labels at the first zoom"
    page.fill("#search", hidden[0])
    page.press("#search", "Enter")
    labels = page.evaluate(DRAWN_LABELS)
    assert page.evaluate("network.getSelectedNodes()")[0] in {la["id"] for la in labels}
    assert _overlapping(labels) == []
    tab.close()
    assert tab.errors == []
    assert [u for u in tab.requests if not u.startswith("file://")] == []


def test_phone_width_keeps_entity_and_bulletin_graphs_inside_the_screen(chromium: Any, demo_site: Any) -> None:
    g, report = demo_site
    bulletin = views.page_path(next(n for n, d in g.nodes(data=True) if d.get("kind") == "bulletin"))
    entity = max((p for p in report.graph_pages if p not in ("overview.html", bulletin)), key=report.graph_pages.get)
    page = chromium.new_page(viewport={"width": 390, "height": 844})
    for name in (bulletin, entity):
        page.goto((report.out_dir / name).as_uri())
        wait_ready(page)
        for sel in ("#graph", "#graph canvas"):
            box = page.locator(sel).bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390, (name, sel, box)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1, name
        # the drawing is fitted inside the canvas, and its labels do not overlap either
        inside = page.evaluate("""() => {
            const r = document.querySelector('#graph canvas').getBoundingClientRect();
            return Object.values(network.getPositions()).map(p => network.canvasToDOM(p))
                .every(p => p.x >= 0 && p.x <= r.width && p.y >= 0 && p.y <= r.height); }""")
        assert inside, name
        assert _overlapping(page.evaluate(DRAWN_LABELS)) == [], name
    page.close()
