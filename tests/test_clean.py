"""Cleaning with an exact offset map back to the original text."""

from __future__ import annotations

import random
import unicodedata
from pathlib import Path

import pytest

from wuxing_kg.reading import bulletin_from_text
from wuxing_kg.reading.clean import clean_text as clean
from wuxing_kg.reading.mapped import MappedText

SEED = Path(__file__).resolve().parent.parent / "data" / "bulletins" / "ganzhou-wuxing-bulletin-2019-51.txt"

TRADITIONAL = (
    "今年以來，縣農業農村局積極推進高標準農田建設，新建農田 2.5 萬畝，同比增長 12.5%。"
    "該局強調「必須堅決完成任務。」會議要求各單位加強協調，確保項目順利實施。"
)
SIMPLIFIED = (
    "今年以来，县农业农村局积极推进高标准农田建设，新建农田2.5万亩，同比增长12.5%。"
    "该局强调「必须坚决完成任务。」会议要求各单位加强协调，确保项目顺利实施。"
)

_PUNCT = {"，": ",", "：": ":", "；": ";", "（": "(", "）": ")", "？": "?", "！": "!", "。": ".", "“": '"', "”": '"'}


def _same_char(orig: str, new: str) -> bool:
    """A cleaned char is its original, or its full-width/ASCII/Simplified counterpart."""
    if orig == new or unicodedata.normalize("NFKC", orig) == new:
        return True
    if _PUNCT.get(new) == orig:
        return True
    from opencc import OpenCC

    return OpenCC("t2s").convert(orig) == new


def assert_offset_map(original: str, text: str, offsets: list[int]) -> None:
    assert len(offsets) == len(text) + 1
    assert offsets[-1] == len(original)
    assert all(a < b for a, b in zip(offsets, offsets[1:])), "offsets must increase strictly"
    for i, ch in enumerate(text):
        assert _same_char(original[offsets[i]], ch), (i, original[offsets[i]], ch)


# --------------------------------------------------------------------------- single steps


def test_page_break_rejoin() -> None:
    head = "高位推动，层层立下军令状。市委书记在市委全会上强调“小区配套幼儿园专项治理是硬任务，必须坚"
    assert len(head) >= 40
    c = clean(head + "\n\n决完成”，要求各县狠抓落实。\n\n市林业局推动森林旅游高质量发展\n\n一是大力推动项目创建。")
    assert "必须坚决完成”，要求" in c.text
    # a heading after a complete block is never merged, and short blocks never join
    assert "\n\n市林业局推动森林旅游高质量发展\n\n一是" in c.text


def test_page_break_rejoin_twice_and_not_into_section_or_footer() -> None:
    long_open = "实行区域联动招商、探索中介招商、推动并购招商、强化小分队招商及推行各项招商引资的具体措施和办法"
    c = clean(long_open + "\n\n以商招商和产业链招商并重，持续扩大招商引资的规模和质\n\n量。")
    assert c.text == long_open + "以商招商和产业链招商并重，持续扩大招商引资的规模和质量。"
    c = clean(long_open + "\n\n【工作简讯】\n\n县里开展活动。")
    assert "\n\n【工作简讯】" in c.text
    c = clean(long_open + "\n\n电话：8392217")
    assert "\n\n电话" in c.text


def test_short_heading_is_never_joined() -> None:
    c = clean("市商务局多项举措推动稳外资\n\n市商务局以外商投资法制定出台为契机。")
    assert c.text == "市商务局多项举措推动稳外资\n\n市商务局以外商投资法制定出台为契机。"


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("全市实际利用外资 11.18 亿美元", "全市实际利用外资11.18亿美元"),
        ("实现全县 131 个村", "实现全县131个村"),
        ("2019 年 8 月 16 日", "2019年8月16日"),
        ("第 51 期", "第51期"),
        ("同比分别下降 15.05%和 13.03%。", "同比分别下降15.05%和13.03%。"),
        ("采用 AI 技术", "采用AI技术"),
        ("抓实“三大工程” 推动工作", "抓实“三大工程” 推动工作"),  # space between Chinese words stays
        ("Annual report 2019", "Annual report 2019"),
    ],
)
def test_spaces_between_cjk_and_digits(raw: str, expected: str) -> None:
    assert clean(raw).text == expected


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("今年以来,市教育局强化担当:一是攻坚;二是克难.", "今年以来，市教育局强化担当：一是攻坚；二是克难。"),
        ("各县(市、区)要当好第一指挥官", "各县（市、区）要当好第一指挥官"),
        ('强调"必须坚决完成"!', "强调“必须坚决完成”！"),
        ("是否完成?", "是否完成？"),
        ("电话:8392217", "电话：8392217"),
        ("金额1,234.5万元,增长9.17%", "金额1,234.5万元，增长9.17%"),
        ("时间为2019-08-16,范围1-7月", "时间为2019-08-16，范围1-7月"),
        ("会议于10:30召开", "会议于10:30召开"),
        ("详见 http://www.example.gov.cn/a?id=1 网页", "详见http://www.example.gov.cn/a?id=1网页"),
        ("规划(2018-2030)》", "规划（2018-2030）》"),
        ("in English (see p. 3), ok", "in English (see p. 3), ok"),
    ],
)
def test_ascii_punctuation(raw: str, expected: str) -> None:
    assert clean(raw).text == expected


def test_fullwidth_digits_and_latin_become_ascii_but_chinese_punctuation_stays() -> None:
    c = clean("增长１２．５％，达到ＡＢＣ级，共３项。")
    assert c.text == "增长12.5%，达到ABC级，共3项。"


def test_crlf_zero_width_and_indentation() -> None:
    c = clean("　　第一段。\r\n\u200b　　第二段。\r\n")
    assert c.text == "第一段。\n第二段。"


def test_truncated_text_drops_broken_tail() -> None:
    c = clean("全县完成目标任务。三是加\ufffd")
    assert c.text == "全县完成目标任务。三是加"
    c = clean("全县完成目标任务。\ufffd\n")
    assert c.text == "全县完成目标任务。"


def test_source_line_is_removed_and_kept_as_url() -> None:
    c = clean("# source: https://example.gov.cn/x.html\n全县完成目标任务。")
    assert c.source_url == "https://example.gov.cn/x.html"
    assert c.text == "全县完成目标任务。"
    assert c.offsets[0] == len("# source: https://example.gov.cn/x.html\n")


# --------------------------------------------------------------------------- Traditional


def test_traditional_is_converted_with_exact_offsets() -> None:
    b = bulletin_from_text(TRADITIONAL)
    assert b.converted_from_traditional
    assert b.text == SIMPLIFIED
    assert b.original == TRADITIONAL  # untouched for provenance
    assert_offset_map(b.original, b.text, b.offsets)
    s = b.articles[0].sentences
    assert s[1].text == "该局强调「必须坚决完成任务。」"
    assert b.original_slice(s[1].start, s[1].end) == "該局強調「必須堅決完成任務。」"


def test_simplified_text_is_not_converted() -> None:
    b = bulletin_from_text(SEED.read_text(encoding="utf-8"))
    assert not b.converted_from_traditional
    c = clean("乾隆年间的文化遗存得到保护。")  # one t2s-variant char is no Traditional text
    assert not c.converted_from_traditional and "乾隆" in c.text


# --------------------------------------------------------------------------- the map


def test_offset_map_on_the_seed_and_messy_texts() -> None:
    texts = [
        SEED.read_text(encoding="utf-8"),
        "# source: http://x.cn\r\n今年以来,市教育局(市直)新增 3.3 万个学位,增长１２．５％.\r\n\r\n" + "坚" * 45 + "\n\n决完成\ufffd",
        TRADITIONAL,
        '他说:"好"!全县 131 个村.',
    ]
    for original in texts:
        c = clean(original)
        assert_offset_map(original, c.text, c.offsets)


def test_random_spans_map_back_to_their_original() -> None:
    """Property: for random spans of the cleaned text, the original slice cleans back to
    the same characters (whitespace aside, which the cleaner may drop)."""
    b = bulletin_from_text(SEED.read_text(encoding="utf-8"))
    rng = random.Random(51)
    for _ in range(300):
        s = rng.randrange(0, len(b.text))
        e = rng.randrange(s, min(len(b.text), s + 80) + 1)
        orig = b.original_slice(s, e)
        squeeze = lambda t: "".join(t.split())  # noqa: E731
        assert squeeze(orig) == squeeze(b.text[s:e]), (s, e)


def test_every_sentence_maps_to_its_original_text() -> None:
    original = SEED.read_text(encoding="utf-8")
    b = bulletin_from_text(original)
    for a in b.articles:
        for s in a.sentences:
            o = b.original_slice(s.start, s.end)
            assert "".join(o.split()) == "".join(s.text.split())
            so, eo = b.original_span(s.start, s.end)
            assert original[so:eo] == o
    # the page-broken sentence keeps its break in the original
    s = next(s for a in b.articles for s in a.sentences if "必须坚决完成" in s.text)
    assert "坚\n\n决完成" in b.original_slice(s.start, s.end)


def test_mapped_text_edits() -> None:
    mt = MappedText.identity("ab cd")
    mt2 = mt.apply([(2, 3, ""), (3, 4, "C")])
    assert mt2.text == "abCd" and mt2.offsets == [0, 1, 3, 4, 5]
    with pytest.raises(ValueError):
        mt.apply([(2, 4, ""), (3, 4, "")])


def test_cleaning_and_layout_scale_with_the_text() -> None:
    # Speed is measured in `make bench`, never asserted here; this checks that a long text
    # (the seed twenty times) is laid out as twenty times the seed's articles.
    seed = SEED.read_text(encoding="utf-8")
    one = bulletin_from_text(seed)
    body = seed[seed.index("【") :]
    twenty = bulletin_from_text(seed[: seed.index("【")] + body * 20)
    assert len(twenty.articles) >= 10 * len(one.articles)


def test_hard_wrapped_pdf_lines_are_reflowed() -> None:
    para1 = "今年以来，县农业农村局聚焦粮食安全，大力推进高标准农田建设，全年新建高标准农田2.5万亩，同比增长12.5%，超额完成省下达的目标任务，有力保障了粮食生产。"
    para2 = "下一步，该局将继续加大资金投入，强化建后管护，确保农田长期发挥效益，为乡村振兴提供坚实支撑，推动农业高质量发展迈上新台阶。"
    width = 26  # characters per printed line

    def wrap(p: str) -> list[str]:
        return [p[i : i + width] for i in range(0, len(p), width)]

    lines = ["县农业农村局推进高标准农田建设"] + wrap(para1) + wrap(para2)
    c = clean("\n".join(lines))
    assert c.text.split("\n") == ["县农业农村局推进高标准农田建设", para1, para2]
    assert_offset_map("\n".join(lines), c.text, c.offsets)


def test_page_number_lines_between_broken_halves() -> None:
    head = "高位推动，层层立下军令状。市委书记在市委全会上强调小区配套幼儿园专项治理是硬任务，必须坚"
    for furniture in ("- 3 -", "3", "第 3 页", "第3页 共12页", "— 12 —"):
        c = clean(head + "\n\n" + furniture + "\n\n决完成，要求各县狠抓落实。")
        assert c.text == head + "决完成，要求各县狠抓落实。", furniture


def test_paragraphs_are_not_reflowed() -> None:
    seed = SEED.read_text(encoding="utf-8")
    c = clean(seed)
    assert len([ln for ln in c.text.split("\n") if ln.strip()]) == 32  # 36 blocks − 4 page breaks


def test_letter_spaced_pdf_text_is_closed_up() -> None:
    raw = "市 教 育 局 扎 实 推 进 小 区 配 套 幼 儿 园 专 项 治 理\n今 年 以 来 ， 全 市 新 增 学 位 3.3 万 个 。"
    c = clean(raw)
    assert c.text == "市教育局扎实推进小区配套幼儿园专项治理\n今年以来，全市新增学位3.3万个。"
    assert_offset_map(raw, c.text, c.offsets)


def test_form_feed_is_a_page_break() -> None:
    head = "高位推动，层层立下军令状。市委书记在市委全会上强调小区配套幼儿园专项治理是硬任务，必须坚"
    c = clean(head + "\f决完成，要求各县狠抓落实。")
    assert c.text == head + "决完成，要求各县狠抓落实。"


def test_long_unterminated_blocks_are_read_whole() -> None:
    """A text whose blocks never end a sentence keeps one growing block (the re-join once
    re-read it for every line; `make bench` times it). Nothing is lost on the way."""
    line = "全市实际利用外资十一亿美元同比增长九个百分点居全省第一位推动高质量发展取得新成效并持续优化营商环境"
    b = bulletin_from_text((line + "\n\n") * 500)
    assert b.text.count(line) == 500


def test_source_line_after_a_bom_character() -> None:
    c = clean("\ufeff# source: https://example.gov.cn/y.html\r\n全县完成目标任务。")
    assert c.source_url == "https://example.gov.cn/y.html"
    assert c.text == "全县完成目标任务。"


def test_source_line_with_a_site_name_before_the_url() -> None:
    c = clean("# source: 某市人民政府网 https://example.gov.cn/z.html （2021年）\n全县完成目标任务。")
    assert c.source_url == "https://example.gov.cn/z.html"
    assert c.text == "全县完成目标任务。"


def test_wrapped_lines_stop_at_an_indented_new_paragraph() -> None:
    width = 26
    p1 = "今年以来，县农业农村局聚焦粮食安全，大力推进高标准农田建设，全年新建高标准农田2.5万亩，同比增长12.5%，超额完成省下达的目标任务"
    p2 = "下一步，该局将继续加大资金投入，强化建后管护，确保农田长期发挥效益，为乡村振兴提供坚实支撑，推动农业高质量发展迈上新台阶。"
    lines: list[str] = []
    for p in (p1, p2):
        chunk = ["　　" + p[: width - 2]] + [p[i : i + width] for i in range(width - 2, len(p), width)]
        lines.extend(chunk)
    c = clean("\n".join(lines))
    # p1 lacks its final 。 but the indented next line still starts a new paragraph
    assert c.text.split("\n") == [p1, p2]


def test_random_texts_keep_every_invariant() -> None:
    """Fuzz: odd mixes of punctuation, spaces, markers and broken characters never
    crash the reader and always give an exact, increasing map and sentences that are
    slices of the text."""
    pool = list("市县局办公室简报第期年月日今以来，。！？；：、“”‘’（）()【】《》\"',:;?!. \t\n\r\u3000\ufffd0123456789１２％Ａa一二三是—…-/%#@编电话") + [
        "\n\n", "# source: http://a.cn/2019/1/2/x\n", "【工作简讯】", "第 5 期", "2019 年 8 月 16 日", "一是", "（一）", "1.",
    ]  # fmt: skip
    rng = random.Random(2019)
    for _ in range(400):
        original = "".join(rng.choice(pool) for _ in range(rng.randint(0, 160)))
        b = bulletin_from_text(original)
        assert len(b.offsets) == len(b.text) + 1 and b.offsets[-1] == len(original)
        assert all(x < y for x, y in zip(b.offsets, b.offsets[1:]))
        for a in b.articles:
            assert 0 <= a.start <= a.end <= len(b.text)
            for s in a.sentences:
                assert s.text and b.text[s.start : s.end] == s.text and s.text.strip() == s.text
