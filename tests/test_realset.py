"""The extractor scored on tests/realset/dev: real public government pages, gold written blind.

Floors sit a little below what the extractor measured on the dev half when they were last
set, one per figure the issue names (entity F1, each type's F1, metric subject / period /
indicator accuracy, relation recall), so a regression in any of them fails `make test`.
The blind half (tests/realset/blind) is never scored here: it is scored once, by hand, at
the end of a round of tuning (`wuxing-kg eval tests/realset/blind`), then moves into dev.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wuxing_kg.evaluate import Report, evaluate_dir, gold_path_for

DEV = Path(__file__).parent / "realset" / "dev"

# Measured on the dev half (see the commit that set them); floors = measured minus a margin.
FLOORS: dict[str, float] = {
    # measured at the start of the third round on 62 dev texts (the second blind batch moved
    # in, before any tuning on it): entity 0.886; org 0.841, place 0.901, programme 0.759,
    # person 0.874, metric 0.948; subject 0.757, period 0.867, indicator 0.767; relations 0.637.
    # Re-measured 2026-12-03 ~17:50 UTC after the third round's entity tuning (h-tune-entities):
    # entity 0.902; org 0.870, place 0.901, programme 0.801, person 0.944; relations 0.653
    # (metric figures unchanged by it).
    "entity_f1": 0.89,
    "organization_f1": 0.85,
    "place_f1": 0.88,
    "program_f1": 0.78,
    "person_f1": 0.92,
    # metric figures re-measured 17:45 UTC after the metric tuner (h-tune-metrics), 62 dev
    # texts: metric 0.955, subject 0.811, period 0.866, indicator 0.788
    "metric_f1": 0.94,
    "subject_accuracy": 0.79,
    "period_accuracy": 0.85,
    "indicator_accuracy": 0.77,
    "relation_recall": 0.63,
}


@pytest.fixture(scope="module")
def dev_report() -> Report:
    return evaluate_dir(DEV)


def test_dev_half_is_real_and_annotated():
    texts = sorted(DEV.glob("*.txt"))
    assert len(texts) >= 10
    for text in texts:
        first = text.read_text(encoding="utf-8", errors="replace").splitlines()[0]
        assert first.startswith("# source: http"), text.name
        gold = json.loads(gold_path_for(text).read_text(encoding="utf-8"))
        for key in ("organizations", "places", "programs", "people", "metrics", "relations"):
            assert isinstance(gold[key], list), (text.name, key)


def _figures(report: Report) -> dict[str, float]:
    attrs = report.metric_attributes
    out = {"entity_f1": report.entity_f1, "relation_recall": report.relations.recall}
    out.update({f"{kind}_f1": c.f1 for kind, c in report.entities.items()})
    out.update({f"{a}_accuracy": attrs[a].accuracy for a in ("subject", "period", "indicator")})
    return out


@pytest.mark.parametrize("figure", sorted(FLOORS))
def test_dev_half_keeps_its_floor(dev_report, figure):
    assert dev_report.skipped == []
    measured = _figures(dev_report)[figure]
    assert measured >= FLOORS[figure], f"{figure} {measured:.3f} < floor {FLOORS[figure]}\n" + dev_report.to_table(details=True)


BLIND = Path(__file__).parent / "realset" / "blind"


def test_corpus_size_and_blind_half_shape():
    """Issue 9's corpus: >= 60 real texts in all, >= 20 of them blind, every one sourced.

    The blind gold is only loaded here (never scored against the extractor), so this test does
    not spend the blind half.
    """
    blind = sorted(BLIND.glob("*.txt"))
    assert len(blind) >= 20
    assert len(blind) + len(sorted(DEV.glob("*.txt"))) >= 60
    provinces = {t.name.split("-")[0] for t in blind + sorted(DEV.glob("*.txt"))}
    assert len(provinces) >= 20, sorted(provinces)
    for text in blind:
        body = text.read_text(encoding="utf-8")
        assert body.splitlines()[0].startswith("# source: http"), text.name
        gold = json.loads(gold_path_for(text).read_text(encoding="utf-8"))
        assert gold["source"] == text.name
        for key in ("organizations", "places", "programs", "people", "metrics", "relations"):
            assert isinstance(gold[key], list), (text.name, key)
