"""The shortcuts that make the entity components fast (indexes by first or last character,
caches per text, str.find instead of a pattern per word) find exactly what the plain scans
they replace find: each test compares a shortcut with the plain scan, or checks that a
cached result cannot be changed by a caller."""

from __future__ import annotations

import re

import spacy

from wuxing_kg.nlp import org_names, people, places
from wuxing_kg.nlp.spans import doc_text, wx_of


def test_doc_text_is_the_doc_text_read_once() -> None:
    doc = spacy.blank("zh").make_doc("县文化馆举办书法展，市民踊跃参观。")
    assert doc_text(doc) == doc.text
    doc.user_data["wx_text"] = "kept"  # the second read comes from user_data, not the tokens
    assert doc_text(doc) == "kept"


def test_wx_of_reads_what_span_underscore_reads() -> None:
    """wx_of reads the value where spaCy keeps a span extension; every span of a real
    pipeline run (all groups, spans without a value too) reads the same both ways."""
    from wuxing_kg.nlp.pipeline import get_nlp

    doc = get_nlp()("2021年，县农业农村局在某镇投入资金320万元，实施“美丽乡村”建设工程。")
    spans = [s for key in doc.spans for s in doc.spans[key]]
    assert spans and any(s._.wx for s in spans)
    assert all(wx_of(s) is s._.wx for s in spans)
    bare = doc[0:2]  # a span no component wrote to
    assert wx_of(bare) is None and bare._.wx is None


def test_pipeline_freezes_its_tables_for_the_collector() -> None:
    import gc

    from wuxing_kg.nlp.pipeline import get_nlp

    get_nlp()
    assert gc.get_freeze_count() > 10_000  # spaCy's and the tables' objects, the township list


def test_find_places_gives_each_caller_its_own_list() -> None:
    text = "四川省成都市和浙江省杭州市签订合作协议。"
    first = places.find_places(text)
    first.clear()  # a caller may change its list
    again = places.find_places(text)
    assert [h.text for h in again] == ["四川省", "成都市", "浙江省", "杭州市"]
    assert again == places.find_places(text, within=None)


def test_occurrences_are_those_of_finditer() -> None:
    for word, text in (("aa", "aaaaa"), ("某镇", "某镇某镇x某镇"), ("乙", "甲丙"), ("ab", "abab ab")):
        assert places._occurrences(word, text) == [m.start() for m in re.finditer(re.escape(word), text)]


def test_suffix_index_agrees_with_the_plain_scan() -> None:
    """For every suffix, written at the start of a name and after it, the indexed lookup
    returns what a scan of all suffixes, longest first, returns."""

    def plain_kind_len(name: str) -> int:
        return next((len(s) for s, _ in org_names._suffixes() if name.endswith(s)), 0)

    for suffix, _kind in org_names._suffixes():
        for text in (suffix, suffix + "理", "某某" + suffix):
            pos = text.find(suffix)
            plain = next((p for p in org_names._suffixes() if text.startswith(p[0], pos)
                          and text[pos + len(p[0]) : pos + len(p[0]) + 1] not in org_names._SUFFIX_NOT_AFTER.get(p[0], ())
                          and not (p[0] == "局" and pos > 0 and text[pos - 1] in org_names._JU_WORD_BEFORE)), None)
            assert org_names._suffix_at(text, pos) == plain, text
            assert org_names._kind_suffix_len(text) == plain_kind_len(text), text


def test_title_index_agrees_with_the_plain_scan() -> None:
    titles = people._titles()
    for title in titles:
        text = "某某" + title + "张三"
        assert people._title_at(text, 2) == next(t for t in titles if text.startswith(t, 2))
    assert people._title_at("", 0) is None


def test_period_prefilter_admits_every_first_character() -> None:
    """The lookahead before the period alternatives lists every character a period phrase
    can start with (computed from the parsed patterns), so it hides no match."""
    from regex_first_chars import chars_missed
    from wuxing_kg.nlp import periods

    assert chars_missed(periods._ALTERNATIVES, f"[{periods.PERIOD_FIRST_CHARS}]") == []


def test_place_scan_prefilter_finds_what_the_full_scan_finds(monkeypatch, seed_path) -> None:
    """The scan skips positions where no name's first two characters stand; with the skip
    disabled (every character admitted) it finds the same places."""
    texts = [seed_path.read_text(encoding="utf-8"), "粤港澳大湾区建设，河南社区和成都市武侯区、赣县区合作。"]
    fast = [places.find_places(t, within=w) for t in texts for w in (None, "360700")]
    places._find_places_cached.cache_clear()
    monkeypatch.setattr(places, "_name_first_pairs", lambda: (frozenset(), frozenset("".join(texts))))
    try:
        assert [places.find_places(t, within=w) for t in texts for w in (None, "360700")] == fast
    finally:
        places._find_places_cached.cache_clear()


def test_positions_after_a_role_noun_are_those_of_the_plain_loop(seed_path) -> None:
    for text in (seed_path.read_text(encoding="utf-8"), "返乡创业人员刘红梅创办合作社", "员", "", "党员干部群众"):
        expected = [i for i in range(1, len(text)) if text[i - 1] in people._ROLE_LAST_CHARS]
        assert people._after_role_last_char(text) == expected


def test_char_positions_are_those_of_the_plain_loop() -> None:
    from wuxing_kg.nlp.spans import char_positions

    text = "县委、县政府，召开会议；部署工作：推进-项目]^\\"
    for chars in (set("，,；;：:"), frozenset("县会-]^\\"), frozenset()):
        for lo, hi in ((0, len(text)), (3, 9), (5, 2), (0, len(text) - 2)):
            assert char_positions(text, chars, lo, hi) == [i for i in range(lo, hi) if text[i] in chars]


def test_quantity_prefilter_admits_every_first_character() -> None:
    from regex_first_chars import chars_missed
    from wuxing_kg.nlp import numbers

    lookahead = f"(?=[{numbers.QUANTITY_FIRST_CHARS}])"
    pattern = numbers._quantity_re().pattern
    assert pattern.startswith(lookahead)
    assert chars_missed(pattern[len(lookahead) :], f"[{numbers.QUANTITY_FIRST_CHARS}]") == []


def test_unquoted_campaign_scan_starts_where_the_plain_scan_finds_its_first_match(seed_path) -> None:
    """The scan starts _UNQUOTED_BODY_MAX characters before the first campaign word: it
    finds every match the scan from the start finds (texts with none, one, several)."""
    from wuxing_kg.nlp import programs

    texts = [seed_path.read_text(encoding="utf-8"), "县里开展河道专项整治和非法采砂专项整治行动。",
             "没有这类词的句子。", "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥联防联控", "攻坚战"]
    for text in texts:
        plain = [(m.span(), m.groups()) for m in programs._UNQUOTED.finditer(text)]
        first = programs._UNQUOTED_END.search(text)
        start = max(0, first.start() - programs._UNQUOTED_BODY_MAX) if first else len(text)
        assert [(m.span(), m.groups()) for m in programs._UNQUOTED.finditer(text, start)] == plain
