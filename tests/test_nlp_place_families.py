"""Place rule families: the township table, bare township names in lists, name boundaries;
on sentences written for these tests (汾西县 of 临汾 and its townships from the national list)."""

from __future__ import annotations

from wuxing_kg.nlp.divisions import townships_by_county
from wuxing_kg.nlp.places import find_places

FENXI = "141034"  # 汾西县


def _hits(text: str, within: str | None = FENXI) -> dict[str, str]:
    return {h.text: (h.canonical or h.text) for h in find_places(text, within=within)}


def test_the_township_table_has_the_national_township_level() -> None:
    towns = {t.name for t in townships_by_county()[FENXI]}
    assert {"僧念镇", "对竹镇", "团柏乡"} <= towns
    assert sum(len(v) for v in townships_by_county().values()) > 38000


def test_bare_township_names_of_the_focus_county_in_a_list() -> None:
    hits = _hits("像僧念、对竹、团柏等乡镇，民宿发展较快。")
    assert hits["僧念"] == "僧念镇" and hits["对竹"] == "对竹镇" and hits["团柏"] == "团柏乡"
    assert "团柏" not in _hits("团柏树很高。")  # alone a short name is not taken
    assert "僧念" not in _hits("像僧念、对竹、团柏等乡镇", within="141000")  # only for the article's county


def test_full_township_names_of_the_focus_county_anywhere() -> None:
    assert "和平镇" in _hits("记者走进和平镇看到，")


def test_name_boundaries_before_townships_and_villages() -> None:
    assert "清泉村" in _hits("驻清泉村工作队帮助村民。", within=None)
    assert "驻清泉村" not in _hits("驻清泉村工作队帮助村民。", within=None)
    hits = _hits("该乡柳沟村建成了合作社。", within=None)
    assert "柳沟村" in hits and not any(k.startswith("该") for k in hits)


def test_kinds_brands_and_counts_are_not_townships() -> None:
    hits = _hits("打造“花海小镇”，发挥社区作用，建设互嵌式社区，形成三市六村格局。", within=None)
    assert not any(k.endswith(("小镇", "发挥社区", "互嵌式社区", "六村")) for k in hits)


def test_a_village_after_its_township_with_zhong() -> None:
    hits = _hits("在汾西县对竹镇中村村，一个合作社", within=FENXI)
    assert "对竹镇" in hits and "中村村" in hits


def test_zone_names_do_not_swallow_the_verb_or_a_community() -> None:
    hits = _hits("申报升级国家高新区，建成幸福社区文化新区。", within=None)
    assert not any(k.endswith(("高新区", "新区")) for k in hits)


def test_a_province_short_name_opening_a_township_name_is_part_of_it() -> None:
    hits = _hits("在河北乡调研，湖南乡村振兴成效明显。", within=None)
    assert "河北" not in hits  # 河北乡 is a township name, not the province
    assert "湖南" in hits  # 乡村 starts a word: the province stays
