"""reading.read_bulletin: formats, encodings and every refusal, on real files made here."""

from __future__ import annotations

import codecs
import io
import zipfile
from pathlib import Path

import pytest

from wuxing_kg.errors import BadInputError
from wuxing_kg.reading import allowing_non_chinese, read_bulletin
from wuxing_kg.reading.decode import decode_text

SEED = Path(__file__).resolve().parent.parent / "data" / "bulletins" / "ganzhou-wuxing-bulletin-2019-51.txt"

SAMPLE = (
    "省农业农村厅工作简报\n第 7 期\n省乡村振兴领导小组办公室\n2021 年 3 月 5 日\n"
    "【经验交流】\n县农业农村局推进高标准农田建设\n"
    "今年以来，县农业农村局新建高标准农田 2.5 万亩，同比增长 12.5%。一是强化统筹。二是加强监管。\n"
)


# --------------------------------------------------------------------------- helpers


def make_pdf(pages: list[list[str]], cjk: bool = True, encoding: str = "/UniGB-UCS2-H") -> bytes:
    """A minimal valid PDF with a text layer (Type0 font + UCS-2 CMap for Chinese,
    Helvetica for ASCII); one text line per entry; no page content → no text layer."""
    objs: list[bytes] = []

    def add(body: bytes) -> int:
        objs.append(body)
        return len(objs)

    if cjk:
        desc = add(
            b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
            b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> >>"
        )
        font = add(
            b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding %s "
            b"/DescendantFonts [%d 0 R] >>" % (encoding.encode(), desc)
        )
    else:
        font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    pages_id = add(b"")
    kids = []
    for lines in pages:
        ops = [b"BT /F1 12 Tf 50 780 Td 14 TL"]
        for ln in lines:
            if cjk:
                ops.append(b"<" + ln.encode("utf-16-be").hex().encode() + b"> Tj T*")
            else:
                esc = ln.encode("latin-1").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
                ops.append(b"(" + esc + b") Tj T*")
        ops.append(b"ET")
        stream = b"\n".join(ops) if lines else b""
        content = add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        kids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] "
                b"/Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>" % (pages_id, font, content)
            )
        )
    objs[pages_id - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids),
        len(kids),
    )
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, catalog, xref)
    return bytes(out)


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    p = tmp_path / name
    p.write_bytes(data)
    return p


def assert_sample(b) -> None:  # type: ignore[no-untyped-def]
    assert b.issue == "第7期"
    assert b.date is not None and b.date.isoformat() == "2021-03-05"
    assert b.issuer == "省乡村振兴领导小组办公室"
    assert [a.title for a in b.articles] == ["县农业农村局推进高标准农田建设"]
    assert "新建高标准农田2.5万亩" in b.text


# --------------------------------------------------------------------------- encodings


@pytest.mark.parametrize(
    "encoding,bom",
    [
        ("utf-8", b""),
        ("utf-8", codecs.BOM_UTF8),
        ("gb18030", b""),
        ("gbk", b""),
        ("utf-16-le", codecs.BOM_UTF16_LE),
        ("utf-16-be", codecs.BOM_UTF16_BE),
        ("utf-16-le", b""),
        ("utf-16-be", b""),
    ],
)
def test_text_encodings_are_detected(tmp_path: Path, encoding: str, bom: bytes) -> None:
    p = write(tmp_path, "b.txt", bom + SAMPLE.encode(encoding))
    b = read_bulletin(p)
    assert_sample(b)
    assert b.source == "b.txt"
    assert "\ufeff" not in b.original  # the BOM is not text


def test_gb18030_is_not_misread_as_utf8() -> None:
    text, enc = decode_text("市教育局扎实推进小区配套幼儿园专项治理。".encode("gb18030"))
    assert enc == "gb18030" and text.startswith("市教育局")


def test_seed_file_reads_with_sha256_of_bytes() -> None:
    import hashlib

    b = read_bulletin(SEED)
    assert b.sha256 == hashlib.sha256(SEED.read_bytes()).hexdigest()
    assert b.original == SEED.read_text(encoding="utf-8")
    assert len(b.articles) == 7


def test_source_line_is_metadata(tmp_path: Path) -> None:
    p = write(tmp_path, "s.txt", ("# source: https://example.gov.cn/a/1.html\n" + SAMPLE).encode())
    b = read_bulletin(p)
    assert b.source_url == "https://example.gov.cn/a/1.html"
    assert "source" not in b.text and "example" not in b.text
    assert b.original.startswith("# source:")  # provenance keeps the file as it was
    assert_sample(b)


def test_truncated_utf8_tail_is_dropped(tmp_path: Path) -> None:
    data = (SAMPLE.rstrip("\n") + "三是").encode("utf-8")[:-2]  # cut inside 是
    b = read_bulletin(write(tmp_path, "cut.txt", data))
    assert b.text.endswith("三")
    assert "\ufffd" not in b.text


def test_replacement_char_tail_is_dropped(tmp_path: Path) -> None:
    b = read_bulletin(write(tmp_path, "r.txt", (SAMPLE.rstrip() + "三是加\ufffd").encode()))
    assert b.text.endswith("三是加")


def test_truncated_gb18030_tail_is_dropped(tmp_path: Path) -> None:
    data = (SAMPLE.rstrip("\n") + "三是").encode("gb18030")[:-1]
    b = read_bulletin(write(tmp_path, "cut.txt", data))
    assert_sample(b)
    assert b.text.endswith("三")


# --------------------------------------------------------------------------- html / docx / pdf


def test_html_visible_text_with_blocks_as_lines(tmp_path: Path) -> None:
    html = (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>页面标题</title>"
        "<style>p{color:red}</style><script>var x = '不要我';</script></head><body>"
        "<div>省农业农村厅工作简报</div><p>第 7 期</p><p>省乡村振兴领导小组办公室<br>2021 年 3 月 5 日</p>"
        "<h3>【经验交流】</h3><h2>县农业农村局推进<span>高标准农田</span>建设</h2>"
        "<p>今年以来，县农业农村局新建高标准农田&nbsp;2.5 万亩，同比增长 12.5%。"
        "一是强化统筹。二是加强监管。</p><!-- 注释 --><noscript>请启用脚本</noscript></body></html>"
    )
    b = read_bulletin(write(tmp_path, "b.html", html.encode("utf-8")))
    assert_sample(b)
    for hidden in ("不要我", "color", "页面标题", "注释", "请启用脚本"):
        assert hidden not in b.original


def test_html_in_gbk(tmp_path: Path) -> None:
    html = "<html><head><meta charset='gbk'></head><body><p>" + SAMPLE.replace("\n", "</p><p>") + "</p></body></html>"
    b = read_bulletin(write(tmp_path, "b.htm", html.encode("gbk")))
    assert_sample(b)


def test_docx_paragraphs(tmp_path: Path) -> None:
    import docx

    d = docx.Document()
    for line in SAMPLE.strip().split("\n"):
        d.add_paragraph(line)
    t = d.add_table(rows=1, cols=2)
    t.cell(0, 0).text = "表格单元"
    t.cell(0, 1).text = "第二格"
    p = tmp_path / "b.docx"
    d.save(str(p))
    b = read_bulletin(p)
    assert_sample(b)
    assert "表格单元" in b.original and "第二格" in b.original


def test_pdf_with_cjk_text_layer_rejoins_page_break(tmp_path: Path) -> None:
    pages = [
        ["省农业农村厅工作简报", "第 7 期", "省乡村振兴领导小组办公室", "2021 年 3 月 5 日", "【经验交流】",
         "县农业农村局推进高标准农田建设",
         "今年以来，县农业农村局新建高标准农田 2.5 万亩，同比增长 12.5%，全面完成省下达的目标任务，必须坚"],
        ["决完成全年任务。一是强化统筹。二是加强监管。"],
    ]  # fmt: skip
    b = read_bulletin(write(tmp_path, "b.pdf", make_pdf(pages)))
    assert_sample(b)
    assert "必须坚决完成全年任务。" in b.text
    sents = [s.text for s in b.articles[0].sentences]
    assert any(s.endswith("必须坚决完成全年任务。") for s in sents)


def test_pdf_ascii_text_layer(tmp_path: Path) -> None:
    # English is refused by the language check unless allowed (tests/test_language.py)
    with allowing_non_chinese():
        b = read_bulletin(write(tmp_path, "a.pdf", make_pdf([["Annual report 2019", "Revenue grew 9.17% (2019-08-16)."]], cjk=False)))
    assert "Revenue grew 9.17%" in b.text
    assert "2019-08-16" in b.text


# --------------------------------------------------------------------------- refusals


def refused(path: Path, *fragments: str, **kw: int) -> str:
    with pytest.raises(BadInputError) as info:
        read_bulletin(path, **kw)
    msg = str(info.value)
    assert msg.startswith(str(path)) and "\n" not in msg
    for f in fragments:
        assert f in msg, msg
    assert info.value.exit_code == 2
    return msg


def test_refuses_missing_file(tmp_path: Path) -> None:
    refused(tmp_path / "nope.txt", "no such file")


def test_refuses_directory(tmp_path: Path) -> None:
    refused(tmp_path, "directory")


def test_refuses_empty_and_whitespace_only(tmp_path: Path) -> None:
    refused(write(tmp_path, "e.txt", b""), "empty file")
    refused(write(tmp_path, "w.txt", " \n\t\r\n\u3000\n".encode()), "empty file")
    refused(write(tmp_path, "m.txt", b"# source: http://x.cn/a\n\n"), "empty file")


def test_refuses_binary(tmp_path: Path) -> None:
    refused(write(tmp_path, "bin.txt", bytes(range(256)) * 8), "binary")
    refused(write(tmp_path, "ctl.txt", b"\x01\x02\x03\x04\x05abc\x06\x07\x08" * 50), "control")


def test_refuses_undecodable(tmp_path: Path) -> None:
    import random

    rng = random.Random(7)
    data = bytes(rng.choice(range(0x80, 0x100)) for _ in range(3000))
    refused(write(tmp_path, "u.txt", data))


def test_refuses_zip_and_png_disguised_as_txt(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("a.txt", "hello")
    refused(write(tmp_path, "z.txt", buf.getvalue()), "ZIP")
    refused(write(tmp_path, "p.txt", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100), "PNG")


def test_refuses_unknown_extension(tmp_path: Path) -> None:
    refused(write(tmp_path, "b.xlsx", b"whatever"), "unknown format", ".xlsx")


def test_refuses_too_large_before_reading(tmp_path: Path) -> None:
    p = write(tmp_path, "big.txt", SAMPLE.encode() * 10)
    refused(p, "too large", max_bytes=100)
    assert read_bulletin(p, max_bytes=10_000_000).issue == "第7期"


def test_size_limit_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WUXING_KG_MAX_BYTES", "50")
    refused(write(tmp_path, "big.txt", SAMPLE.encode()), "too large")


def test_refuses_pdf_without_text_layer(tmp_path: Path) -> None:
    refused(write(tmp_path, "scan.pdf", make_pdf([[]], cjk=False)), "no text layer")


def test_refuses_truncated_and_fake_pdf(tmp_path: Path) -> None:
    data = make_pdf([["Annual report"]], cjk=False)
    refused(write(tmp_path, "t.pdf", data[: len(data) // 3]), "PDF")
    refused(write(tmp_path, "f.pdf", b"not a pdf at all"), "not a valid .pdf")


def test_refuses_corrupt_docx(tmp_path: Path) -> None:
    import docx

    d = docx.Document()
    d.add_paragraph("县农业农村局推进高标准农田建设")
    good = tmp_path / "g.docx"
    d.save(str(good))
    data = good.read_bytes()
    refused(write(tmp_path, "t.docx", data[: len(data) // 2]), "docx")
    refused(write(tmp_path, "x.docx", SAMPLE.encode()), "not a valid .docx")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("a.txt", "not ooxml")
    refused(write(tmp_path, "z.docx", buf.getvalue()), "docx")


def test_big5_traditional_file(tmp_path: Path) -> None:
    text = "縣農業農村局推進高標準農田建設\n今年以來，縣農業農村局積極推進高標準農田建設，新建農田2.5萬畝，同比增長12.5%。該局強調必須堅決完成任務。\n"
    b = read_bulletin(write(tmp_path, "t.txt", text.encode("big5")))
    assert b.converted_from_traditional
    assert b.articles[0].title == "县农业农村局推进高标准农田建设"
    assert b.original == text


def test_utf8_with_one_damaged_byte_is_still_utf8(tmp_path: Path) -> None:
    data = bytearray(SAMPLE.encode("utf-8"))
    i = data.index("高标准".encode()) + 1
    data[i] = 0xFF  # one broken byte inside 高
    b = read_bulletin(write(tmp_path, "d.txt", bytes(data)))
    assert_sample_header = (b.issue, b.date.isoformat() if b.date else None)
    assert assert_sample_header == ("第7期", "2021-03-05")
    assert "\ufffd" in b.original and "新建" in b.text


def test_size_is_checked_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    p = tmp_path / "huge.txt"
    with p.open("wb") as f:  # sparse: 30 MB on paper, nothing on disk
        f.truncate(30 * 1024 * 1024)

    def no_read(self: Path) -> bytes:
        raise AssertionError("the file was read before its size was checked")

    monkeypatch.setattr(Path, "read_bytes", no_read)
    msg = refused(p, "too large")
    assert "31,457,280 bytes" in msg and "20,971,520" in msg


def test_html_page_furniture_is_dropped(tmp_path: Path) -> None:
    html = (
        "<html><body><header><div class='logo'>某市人民政府门户网站</div></header>"
        "<nav><ul><li><a href='/'>首页</a></li><li>政务公开</li></ul></nav>"
        "<div class='breadcrumb'>当前位置：首页 > 工作动态</div>"
        "<div id='main-content'><h1>县农业农村局推进高标准农田建设</h1>"
        "<div class='share-bar'>分享到：微信</div><p style='display:none'>隐藏文字</p>"
        "<p>今年以来，县农业农村局新建高标准农田 2.5 万亩。</p></div>"
        "<div class='footer'>版权所有：某市人民政府</div><footer>网站地图</footer></body></html>"
    )
    b = read_bulletin(write(tmp_path, "page.html", html.encode("utf-8")))
    for junk in ("门户网站", "首页", "当前位置", "分享到", "隐藏文字", "版权所有", "网站地图"):
        assert junk not in b.original, junk
    assert [a.title for a in b.articles] == ["县农业农村局推进高标准农田建设"]
    assert [s.text for s in b.articles[0].sentences] == ["今年以来，县农业农村局新建高标准农田2.5万亩。"]


def test_pdf_running_headers_and_page_numbers_do_not_break_sentences(tmp_path: Path) -> None:
    body1 = "今年以来，县农业农村局新建高标准农田 2.5 万亩，同比增长 12.5%，全面完成省下达的目标任务，必须坚"
    pages = [
        ["省农业农村厅工作简报", "第 7 期", "省乡村振兴领导小组办公室", "2021 年 3 月 5 日", "【经验交流】",
         "县农业农村局推进高标准农田建设", body1, "- 1 -"],
        ["省农业农村厅工作简报", "决完成全年任务。一是强化统筹。二是加强监管，确保建成一块、管好一块、见效一块，持续发挥农田效",
         "- 2 -"],
        ["省农业农村厅工作简报", "益。三是严格验收。", "- 3 -"],
    ]  # fmt: skip
    b = read_bulletin(write(tmp_path, "run.pdf", make_pdf(pages)))
    assert_sample(b)
    text = b.articles[0].text
    assert "必须坚决完成全年任务。" in text
    assert "持续发挥农田效益。三是严格验收。" in text
    assert b.original.count("省农业农村厅工作简报") == 1


def test_utf16_without_bom_and_without_ascii(tmp_path: Path) -> None:
    text = "县农业农村局推进高标准农田建设今年以来新建高标准农田成效明显"
    for enc in ("utf-16-le", "utf-16-be"):
        b = read_bulletin(write(tmp_path, f"{enc}.txt", text.encode(enc)))
        assert b.text == text


def test_only_a_broken_character_is_empty(tmp_path: Path) -> None:
    refused(write(tmp_path, "b.txt", "省".encode("utf-8")[:2]), "empty file", "broken character")


def test_valid_utf8_of_control_characters_is_binary(tmp_path: Path) -> None:
    refused(write(tmp_path, "c.txt", bytes(range(1, 9)) * 40), "control characters")


@pytest.mark.parametrize("text", ["这是一个测试", "发展", "县"])
def test_short_gbk_is_not_taken_for_utf8_or_big5(text: str) -> None:
    assert decode_text(text.encode("gbk")) == (text, "gb18030")


def test_short_big5_is_told_from_gbk_by_everyday_characters() -> None:
    text = "這是一個測試，經濟發展。"
    assert decode_text(text.encode("big5")) == (text, "big5")


def test_cut_character_followed_by_a_newline_is_still_utf8(tmp_path: Path) -> None:
    data = (SAMPLE.rstrip("\n") + "三是").encode("utf-8")[:-1] + b"\n"
    b = read_bulletin(write(tmp_path, "cutnl.txt", data))
    assert_sample(b)
    assert b.text.endswith("三")


def test_docx_masthead_in_a_text_box_is_read_once(tmp_path: Path) -> None:
    import docx
    from docx.oxml import parse_xml

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    box = "<w:txbxContent><w:p><w:r><w:t>省农业农村厅工作简报</w:t></w:r></w:p></w:txbxContent>"
    run = parse_xml(
        f'<w:r xmlns:w="{w}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        f'<mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx>{box}</wps:txbx></w:drawing></mc:Choice>'
        f"<mc:Fallback><w:pict><v:shape><v:textbox>{box}</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
    )
    d = docx.Document()
    anchor = d.add_paragraph()
    anchor._p.append(run)
    for line in SAMPLE.strip().split("\n")[1:]:
        d.add_paragraph(line)
    p = tmp_path / "box.docx"
    d.save(str(p))
    b = read_bulletin(p)
    assert b.original.count("省农业农村厅工作简报") == 1
    assert b.title == "省农业农村厅工作简报"
    assert_sample(b)


def test_refuses_pdf_whose_text_layer_is_glyph_codes(tmp_path: Path) -> None:
    # Identity-H without a ToUnicode map: the codes are glyph ids, read as UTF-16 they
    # give Latin-extended and Cyrillic soup, not the text
    soup = "".join(chr(c) for c in range(0x0100, 0x0180)) + "".join(chr(c) for c in range(0x0400, 0x0480))
    refused(write(tmp_path, "glyphs.pdf", make_pdf([[soup]], encoding="/Identity-H")), "not readable text")


def test_saved_web_page_under_a_source_line_in_a_txt(tmp_path: Path) -> None:
    page = (
        "# source: https://example.gov.cn/a/2.html\n<!DOCTYPE html><html><body><h1>县农业农村局推进高标准农田建设</h1>"
        "<p>今年以来，新建高标准农田2.5万亩。</p></body></html>"
    )
    b = read_bulletin(write(tmp_path, "saved.txt", page.encode("utf-8")))
    assert b.source_url == "https://example.gov.cn/a/2.html"
    assert "<" not in b.original
    assert [(a.title, [s.text for s in a.sentences]) for a in b.articles] == [
        ("县农业农村局推进高标准农田建设", ["今年以来，新建高标准农田2.5万亩。"])
    ]


def test_text_over_the_default_text_limit_is_refused_unless_a_limit_is_given(tmp_path: Path) -> None:
    from wuxing_kg.reading.formats import DEFAULT_MAX_TEXT_BYTES

    para = "今年以来，某县新建村级服务站12个，带动农户增收300万元。\n"
    reps = DEFAULT_MAX_TEXT_BYTES // len(para.encode("utf-8")) + 1
    p = write(tmp_path, "huge.txt", (para * reps).encode("gb18030"))  # 2 bytes a character on disk
    assert p.stat().st_size < DEFAULT_MAX_TEXT_BYTES < len((para * reps).encode("utf-8"))
    msg = refused(p, "text too large", "--max-bytes")
    assert "split the file" in msg
    from wuxing_kg.reading.formats import read_text

    text, _ = read_text(p, max_bytes=5 * DEFAULT_MAX_TEXT_BYTES)  # an explicit limit lets it in
    assert text.startswith("今年以来")
    from wuxing_kg import settings

    refused(p, "text too large", max_bytes=settings.DEFAULT_MAX_BYTES)  # what ingest passes on by default
