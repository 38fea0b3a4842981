"""Test helper (ontology/mapping/query tests): the seed's human gold reading as an
Extraction with provenance, so that the graph half can be tested independently of
the extractor's current quality.

The gold file has no offsets: this helper finds every annotated surface form in the
original seed text (first occurrence, ignoring whitespace), splits articles at their
titles and sentences at 。！？ and line ends, and adds GB/T 2260 codes for place
names found in data/divisions/adcodes.csv — roughly what nlp.extract produces.
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from pathlib import Path

from wuxing_kg import records

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "bulletins" / "ganzhou-wuxing-bulletin-2019-51.txt"
# The seed gold lives in the repository, so these tests run on a fresh clone.
GOLD = ROOT / "tests" / "fixtures" / "seed.gold.json"


def gold_path() -> Path:
    return GOLD


class _Finder:
    """Find strings in the original text ignoring whitespace; report original offsets."""

    def __init__(self, original: str) -> None:
        self.original = original
        self.index = [i for i, ch in enumerate(original) if not ch.isspace()]
        self.stripped = "".join(original[i] for i in self.index)

    def find(self, text: str, start: int = 0) -> tuple[int, int] | None:
        needle = re.sub(r"\s+", "", text)
        if not needle:
            return None
        # convert original start to stripped start
        s0 = next((k for k, i in enumerate(self.index) if i >= start), len(self.index))
        k = self.stripped.find(needle, s0)
        if k < 0:
            return None
        return self.index[k], self.index[k + len(needle) - 1] + 1


@lru_cache(maxsize=1)
def _divisions() -> dict[str, str]:
    out: dict[str, str] = {}
    with open(ROOT / "data" / "divisions" / "adcodes.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            out.setdefault(row["name"], row["adcode"][:6])
    return out


def seed_original() -> str:
    return SEED.read_text(encoding="utf-8")


def gold_extraction() -> records.Extraction:
    x = records.Extraction.from_json(gold_path().read_text(encoding="utf-8"))
    original = seed_original()
    finder = _Finder(original)
    x.sha256 = "0" * 64
    x.city, x.city_code, x.province = "赣州市", "360700", "江西省"

    # articles and sentences
    starts: list[int] = []
    for art in x.articles:
        hit = finder.find(art.title[:12], starts[-1] + 1 if starts else 0)
        starts.append(hit[0] if hit else (starts[-1] + 1 if starts else 0))
    ends = starts[1:] + [len(original)]
    for art, s, e in zip(x.articles, starts, ends):
        art.start, art.end = s, e
        for m in re.finditer(r"[^。！？\n]+[。！？]?", original[s:e]):
            if m.group().strip():
                art.sentences.append(records.SentenceRecord(m.group(), s + m.start(), s + m.end()))

    def prov(text: str) -> records.Provenance | None:
        hit = finder.find(text)
        if hit is None:
            return None
        a, b = hit
        for ai, art in enumerate(x.articles):
            for si, sent in enumerate(art.sentences):
                if sent.start <= a < sent.end:
                    return records.Provenance(ai, si, a, b)
        return records.Provenance(None, None, a, b)

    codes = _divisions()
    for pl in x.places:
        name = pl.canonical or pl.text
        if name in codes and pl.level in ("province", "city", "county"):
            pl.code = codes[name]
            if pl.level == "county" and pl.code.startswith("3607"):
                pl.parent, pl.parent_code = "赣州市", "360700"
        p = prov(pl.text)
        pl.mentions = [p] if p else []
    for o in x.organizations:
        if o.canonical.startswith("赣州市") or o.canonical.startswith("中共赣州市"):
            o.place, o.place_code = "赣州市", "360700"
        p = prov(o.text)
        o.mentions = [p] if p else []
    for pr in x.programs:
        p = prov(pr.text)
        pr.mentions = [p] if p else []
    for person in x.people:
        p = prov(person.name)
        person.mentions = [p] if p else []
    for m in x.metrics:
        m.prov = prov(m.text)
    for r in x.relations:
        r.prov = prov(r.tail) or prov(r.head)
    return x
