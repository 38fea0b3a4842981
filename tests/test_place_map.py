"""places.html (views/placemap.py): the graph's places at their position from the national
division table, each a link to its page; from file://, with no request leaving it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx
import pytest

import browser_tab
from wuxing_kg import views
from wuxing_kg.views.browser import browser as open_browser
from wuxing_kg.views.browser import chromium_available
from wuxing_kg.views.placemap import MAP_PAGE, place_points, positions


def _graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    for iri, label, code in [("p:bj", "北京市", "110000"), ("p:sh", "上海市", "310000"), ("p:cd", "成都市", "510100"),
                             ("p:town", "某某镇", None)]:
        g.add_node(iri, kind="place", label=label, iri=iri, **({"code": code} if code else {}))
    g.add_edge("p:cd", "p:bj", relation="cooperates_with")
    return g


def test_places_with_a_division_code_are_drawn_where_they_lie() -> None:
    assert positions()["110000"][0] > positions()["510100"][0]  # Beijing lies east of Chengdu
    pages = {n: f"{n[2:]}.html" for n in _graph().nodes}
    points, unplaced = place_points(_graph(), pages)
    by = {p.label: p for p in points}
    assert set(by) == {"北京市", "上海市", "成都市"} and unplaced == [("某某镇", "town.html")]
    assert by["北京市"].x > by["成都市"].x and by["北京市"].y < by["成都市"].y  # east and north
    assert by["上海市"].href == "sh.html" and by["成都市"].level == "city"
    assert all(0 <= p.x <= 960 and 0 <= p.y <= 640 for p in points)


@pytest.mark.slow
@pytest.mark.skipif(not chromium_available(), reason="/usr/bin/chromium missing (make browser installs it)")
def test_the_place_map_opens_from_file_and_links_each_place(tmp_path: Path) -> None:
    report = views.build_site(_graph(), tmp_path)
    assert (tmp_path / MAP_PAGE).exists() and MAP_PAGE in (tmp_path / "index.html").read_text(encoding="utf-8")
    with open_browser() as chromium:
        tab = browser_tab.Tab(chromium)
        page: Any = tab.open(tmp_path / MAP_PAGE)
        hrefs = page.evaluate("[...document.querySelectorAll('#place-map a')].map(a => a.getAttribute('href'))")
        assert sorted(hrefs) == sorted(report.pages[n] for n in ("p:bj", "p:sh", "p:cd"))
        assert page.evaluate("document.querySelectorAll('#unplaced a').length") == 1
        box = page.evaluate("document.getElementById('place-map').getBoundingClientRect().width")
        assert 0 < box <= 1280
        page.click("#place-map a.place.city")
        page.wait_for_load_state()
        assert page.url.endswith(report.pages["p:cd"])
        assert tab.errors == [] and all(r.startswith("file://") for r in tab.requests)
        tab.close()
