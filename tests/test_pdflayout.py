"""Unit rules of reading/pdflayout.py on hand-made rows and glyphs (positions in points)."""

from __future__ import annotations

from wuxing_kg.reading.pdflayout import Glyph, Row, baselines, drop_running_rows, gutter_of, paragraphs


def row(text: str, y: float, *, x0: float = 90, x1: float = 500, size: float = 16, page: int = 0, font: str = "FangSong", column: int = 0) -> Row:
    return Row(x0, x1, y, size, text, page, font, column)


def test_running_header_dropped_when_the_masthead_title_is_larger() -> None:
    pages = [
        [row("某县工作简报 第3期", 760, size=10.5), row("某县工作简报", 700, size=30), row("正文第一页。", 600), row("— 1 —", 40, size=12)],
        [row("某县工作简报 第3期", 760, size=10.5), row("正文第二页。", 600), row("— 2 —", 40, size=12)],
    ]
    kept = [[r.text for r in rows] for rows in drop_running_rows(pages)]
    assert kept == [["某县工作简报", "正文第一页。"], ["正文第二页。"]]


def test_series_title_repeated_as_running_header_stays_on_page_one() -> None:
    pages = [[row("某县工作简报", 760), row("正文。", 600)], [row("某县工作简报", 760), row("续文。", 600)]]
    kept = [[r.text for r in rows] for rows in drop_running_rows(pages)]
    assert kept == [["某县工作简报", "正文。"], ["续文。"]]


def test_paragraph_lines_join_but_a_headline_in_another_face_does_not() -> None:
    rows = [
        row("某镇建成服务中心", 700, x1=220, font="SimHei"),  # same size, 黑体 over 仿宋
        row("　　今年以来，某镇聚焦群众办事难点，在镇政府所在地建成便", 675, x0=122),
        row("民服务中心，设置综合窗口12个。", 650, x1=330),
        row("另一段落首行缩进，开始新的段落。", 625, x0=122, x1=400),
    ]
    assert paragraphs(rows) == [
        "某镇建成服务中心",
        "　　今年以来，某镇聚焦群众办事难点，在镇政府所在地建成便民服务中心，设置综合窗口12个。",
        "另一段落首行缩进，开始新的段落。",
    ]


def test_gutter_found_only_on_a_two_column_page() -> None:
    def glyphs(x0: float, x1: float, y: float) -> list[Glyph]:
        return [Glyph(x, x + 16, y, 16, "字") for x in range(int(x0), int(x1) - 15, 16)]

    two = [g for k in range(8) for g in glyphs(90, 290, 700 - 25 * k) + glyphs(320, 520, 700 - 25 * k)]
    one = [g for k in range(8) for g in glyphs(90, 520, 700 - 25 * k)]
    gutter = gutter_of(baselines(two), 612)
    assert gutter is not None and 290 <= gutter <= 320
    assert gutter_of(baselines(one), 612) is None


def test_table_cells_on_one_baseline_stay_one_line() -> None:
    from wuxing_kg.reading.pdflayout import rows_of

    def cell(text: str, x0: float, y: float) -> list[Glyph]:
        return [Glyph(x0 + 12 * k, x0 + 12 * (k + 1), y, 12, ch) for k, ch in enumerate(text)]

    glyphs = [g for y in (700, 680, 660, 640, 620, 600) for g in cell("粮食产量", 90, y) + cell("万吨", 300, y) + cell("18.35", 420, y)]
    rows, gutter = rows_of(glyphs, 0, 612)
    assert gutter is None
    assert [r.text for r in rows][:1] == ["粮食产量    万吨    18.35"]


def test_masthead_issuer_and_date_far_apart_stay_one_row_on_a_two_column_page() -> None:
    from wuxing_kg.reading.pdflayout import reading_order, rows_of

    def text(s: str, x0: float, y: float) -> list[Glyph]:
        return [Glyph(x0 + 16 * k, x0 + 16 * (k + 1), y, 16, ch) for k, ch in enumerate(s)]

    glyphs = text("某县乡村振兴办公室", 90, 740) + text("2024年6月1日", 420, 740)  # no space glyphs between
    for k in range(8):
        glyphs += text("左栏正文左栏正文左栏正文", 90, 700 - 25 * k) + text("右栏正文右栏正文右栏正文", 320, 700 - 25 * k)
    rows, gutter = rows_of(glyphs, 0, 612)
    assert gutter is not None
    ordered = [r.text for r in reading_order(rows, gutter)]
    assert ordered[0] == "某县乡村振兴办公室    2024年6月1日"
    assert ordered[1:9] == ["左栏正文左栏正文左栏正文"] * 8 and ordered[9:] == ["右栏正文右栏正文右栏正文"] * 8
