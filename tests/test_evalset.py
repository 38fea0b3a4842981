"""The real extractor scored on the seed and on our own evaluation set.

Floors: the seed targets come from the issue (entity micro-F1 ≥ 0.95, metric F1 ≥ 0.97);
the evalset floors sit a little below what the extractor reached when they were last
raised, so a regression in generalisation fails here.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from wuxing_kg.cli import cli
from wuxing_kg.evaluate import ENTITY_TYPES, Report, evaluate_dir, gold_path_for

TESTS = Path(__file__).parent
REPO = TESTS.parent
EVALSET = TESTS / "evalset"
SEED_TEXT = REPO / "data" / "bulletins" / "ganzhou-wuxing-bulletin-2019-51.txt"
SEED_GOLD = TESTS / "fixtures" / "seed.gold.json"

SEED_ENTITY_F1 = 0.95
SEED_METRIC_F1 = 0.97
EVALSET_ENTITY_F1 = 0.97  # measured 0.987 at 02:15 UTC (57 files)
EVALSET_METRIC_F1 = 0.98  # measured 0.996 at 02:15 UTC


@pytest.fixture(scope="module")
def seed_dir(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("seed")
    shutil.copy(SEED_TEXT, d / SEED_TEXT.name)
    shutil.copy(SEED_GOLD, gold_path_for(d / SEED_TEXT.name))
    return d


@pytest.fixture(scope="module")
def seed_report(seed_dir) -> Report:
    return evaluate_dir(seed_dir)


@pytest.fixture(scope="module")
def evalset_report() -> Report:
    return evaluate_dir(EVALSET)


# ------------------------------------------------------------------ the set itself


def test_evalset_is_complete_and_well_formed():
    texts = sorted(EVALSET.glob("*.txt"))
    assert len(texts) >= 14
    for text in texts:
        gold = json.loads(gold_path_for(text).read_text(encoding="utf-8"))
        assert gold["source"] == text.name
        for key in ("organizations", "places", "programs", "people", "metrics", "relations"):
            assert isinstance(gold[key], list), (text.name, key)
        for m in gold["metrics"]:
            assert isinstance(m["value"], (int, float)) and m["unit"], (text.name, m)
            assert m["qualifier"] in (None, "以上", "余", "多", "约", "以内"), (text.name, m)
            assert m["change_direction"] in ((None,) if not m["is_change"] else ("up", "down")), (text.name, m)
    # The variety the set promises: a truncated file, Traditional text, ASCII punctuation, PDF breaks.
    decoded = {t.name: t.read_bytes().decode("utf-8", "ignore") for t in texts}
    assert any(_ends_mid_character(t.read_bytes()) for t in texts)
    assert any("務" in s for s in decoded.values())  # Traditional (Simplified: 务)
    assert sum(s.count(",") >= 3 and s.count('"') >= 2 for s in decoded.values()) >= 3  # ASCII punctuation
    assert any(s.startswith("# source:") for s in decoded.values())
    assert any("\n\n" in s and " 亿元" in s for s in decoded.values())  # PDF-style extraction

def _ends_mid_character(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start >= len(data) - 3
    return False


# ------------------------------------------------------------------ floors


def test_seed_meets_the_issue_targets(seed_report):
    assert len(seed_report.documents) == 1
    assert seed_report.entity_f1 >= SEED_ENTITY_F1, seed_report.to_table(details=True)
    assert seed_report.entities["metric"].f1 >= SEED_METRIC_F1, seed_report.to_table(details=True)


def test_evalset_meets_its_floors(evalset_report):
    assert len(evalset_report.documents) == len(list(EVALSET.glob("*.txt")))
    assert evalset_report.skipped == []
    assert evalset_report.entity_f1 >= EVALSET_ENTITY_F1, evalset_report.to_table(details=True)
    assert evalset_report.entities["metric"].f1 >= EVALSET_METRIC_F1, evalset_report.to_table(details=True)


def test_evalset_headers_are_read(evalset_report):
    # Dates (from the masthead, a 发布时间 line or the # source: URL) and full-bulletin headers.
    header = evalset_report.header
    assert header["date"].accuracy >= 0.9
    assert header["issue"].accuracy >= 0.9


# ------------------------------------------------------------------ CLI


def test_cli_eval_table(seed_dir):
    result = CliRunner().invoke(cli, ["eval", str(seed_dir)])
    assert result.exit_code == 0, result.output
    assert "entity micro-F1" in result.output
    for kind in ENTITY_TYPES:
        assert kind in result.output
    assert "relations*" in result.output


def test_cli_eval_json_with_details(seed_dir):
    result = CliRunner().invoke(cli, ["eval", str(seed_dir), "--format", "json", "--details"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["documents"] == 1
    assert data["entity_f1"] >= SEED_ENTITY_F1
    assert set(data["entities"]) == set(ENTITY_TYPES)
    doc = data["per_document"][0]
    assert doc["source"] == SEED_TEXT.name
    assert set(doc["misses"]) >= set(ENTITY_TYPES) | {"relation"}


def test_cli_eval_help_has_an_example():
    result = CliRunner().invoke(cli, ["eval", "--help"])
    assert result.exit_code == 0
    assert "wuxing-kg eval tests/evalset" in result.output


def test_cli_eval_compare_with_a_saved_run(seed_dir, tmp_path):
    runner = CliRunner()
    saved = runner.invoke(cli, ["eval", str(seed_dir), "--format", "json", "--details"])
    assert saved.exit_code == 0
    before = tmp_path / "before.json"
    before.write_text(saved.output, encoding="utf-8")
    result = runner.invoke(cli, ["eval", str(seed_dir), "--compare", str(before)])
    assert result.exit_code == 0, result.output
    assert "changes since the saved report" in result.output
    assert "(+0.0)" in result.output  # same extractor, same text: nothing changed


HELDOUT = TESTS / "heldout"
# Floors a little below what the extractor measured (0.92 entity / 0.97 metric on the
# blind half, ~1.0 on the tuned half): they catch a regression, not a target.
HELDOUT_ENTITY_F1 = 0.90
HELDOUT_METRIC_F1 = 0.95


def test_heldout_set_keeps_its_floors():
    report = evaluate_dir(HELDOUT)
    assert len(report.documents) == len(list(HELDOUT.glob("*.txt"))) == 12
    assert report.entity_f1 >= HELDOUT_ENTITY_F1, report.to_table(details=True)
    assert report.entities["metric"].f1 >= HELDOUT_METRIC_F1, report.to_table(details=True)
