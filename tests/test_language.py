"""The language check: English, Japanese and Korean texts are refused as "not Chinese
text" (Japanese not as "control characters"), unless allowed; Chinese text with
English words and URLs passes."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from test_reading import SAMPLE
from wuxing_kg.errors import BadInputError
from wuxing_kg.reading import allowing_non_chinese, read_bulletin
from wuxing_kg.reading.language import not_chinese_reason

JAPANESE = (
    "県農業部会報\n第7号\n2021年3月5日\n"
    "今年に入ってから、県の農業部門は高標準農地を二万五千ムー新たに整備し、前年に比べて"
    "十二・五パーセント増加しました。まず、全体の調整を強化しています。次に、監督を強めています。\n"
)
ENGLISH = (
    "Provincial Agriculture Bulletin\nIssue 7\n5 March 2021\n"
    "This year the county agriculture bureau built 25,000 mu of high-standard farmland, "
    "up 12.5% year on year. First, coordination was strengthened. Second, supervision.\n"
)
KOREAN = "도 농업 농촌청 업무 보고\n제7호\n올해 들어 군 농업국은 고표준 농지 2만 5천 무를 새로 조성했다.\n"


def refusal(path: Path) -> str:
    with pytest.raises(BadInputError) as info:
        read_bulletin(path)
    return info.value.why


@pytest.mark.parametrize("text", [JAPANESE, ENGLISH, KOREAN], ids=["ja", "en", "ko"])
def test_foreign_text_is_refused_as_not_chinese(tmp_path: Path, text: str) -> None:
    path = tmp_path / "foreign.txt"
    path.write_bytes(text.encode("utf-8"))
    why = refusal(path)
    assert why.startswith("not Chinese text"), why
    assert "control" not in why
    with allowing_non_chinese():  # the escape hatch reads it as it is
        assert read_bulletin(path).text.strip()


def test_japanese_names_kana_not_control_characters(tmp_path: Path) -> None:
    path = tmp_path / "ja.txt"
    path.write_bytes(JAPANESE.encode("utf-8"))
    assert "kana" in refusal(path)


def test_chinese_with_english_words_and_urls_passes(tmp_path: Path) -> None:
    text = (
        "# source: https://www.example.gov.cn/zwgk/2021/0315/content_index_with_long_english_path.html\n"
        + SAMPLE
        + "县里引进 Huawei Cloud 平台，联系邮箱 office@example.gov.cn，GDP 增长 6.5%。\n"
    )
    assert not_chinese_reason(text) is None
    path = tmp_path / "zh.txt"
    path.write_bytes(text.encode("gb18030"))
    assert read_bulletin(path).issue == "第7期"


def test_allowance_does_not_leak_out_of_its_block(tmp_path: Path) -> None:
    path = tmp_path / "en.txt"
    path.write_bytes(ENGLISH.encode())
    with allowing_non_chinese():
        read_bulletin(path)
    assert refusal(path).startswith("not Chinese text")


def test_cli_refuses_with_exit_2_and_flag_lets_it_through(tmp_path: Path) -> None:
    from wuxing_kg.cli import cli

    path = tmp_path / "en.txt"
    path.write_bytes(ENGLISH.encode())
    store = tmp_path / "store"
    runner = CliRunner()
    res = runner.invoke(cli, ["--store", str(store), "ingest", "--dry-run", str(path)])
    assert res.exit_code == 2, res.output
    assert "not Chinese text" in res.output
    res = runner.invoke(cli, ["--store", str(store), "ingest", "--dry-run", "--allow-non-chinese", str(path)])
    assert "not Chinese text" not in res.output
    assert res.exit_code in (0, 1), res.output
