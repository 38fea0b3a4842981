"""Entity resolution on tests/realset/dev: the share of short/long name pairs joined, and
merges across places (issue 12, item 3; a quality figure, not a speed one).

Pairs a reader would join come from the gold alone: for each gold organisation, its
surface forms that occur in the text as written — the gold `text`, the forms its note
names ("also X"), and the canonical (full) name — taken two by two; and across texts,
the surfaces of gold items with the same canonical in two texts of one place. A pair is
joined when the extractor's organisations written with those two surfaces end on one
node (one canonical name) — measured without entity resolution (the NLP's own prefix
canonicalisation) and with it (`resolve.resolve`). Every merge made is checked for
crossing places: the divisions named at the start of the kept name and of each merged
name (national data, historical names resolved to the current division) must agree.

    python -m bench merges
"""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT / "tests" / "realset" / "dev"
_ALSO = re.compile(r"also ([^\s;,()（）]+)")


def gold_surfaces(gold: dict[str, Any], text: str) -> dict[str, set[str]]:
    """canonical → the surface forms of that gold organisation found in the text."""
    out: dict[str, set[str]] = {}
    for o in gold.get("organizations", []):
        forms = {o["text"], o["canonical"], *_ALSO.findall(o.get("note", "") or "")}
        out.setdefault(o["canonical"], set()).update(f for f in forms if f and f in text)
    return out


def _node_of(x: Any, surface: str, other_forms: set[str], text: str, norm: Any) -> str | None:
    """The canonical name of the organisation the extractor read where the text writes
    `surface` (its first occurrence that is not inside a longer form of the same body):
    an organisation written so, else one whose mention covers that occurrence."""
    want = norm(surface)
    for o in x.organizations:
        if norm(o.text) == want:
            return norm(o.canonical)
    for o in x.organizations:
        if norm(o.canonical) == want:
            return want
    longer = [f for f in other_forms if surface in f and f != surface]
    inside = {i + f.index(surface) for f in longer for i in _occurrences(text, f)}
    for start in _occurrences(text, surface):
        if start in inside:
            continue
        end = start + len(surface)
        for o in x.organizations:
            if any(m.start <= start and end <= m.end for m in o.mentions):
                return norm(o.canonical)
        return None
    return None


def _occurrences(text: str, needle: str) -> list[int]:
    return [m.start() for m in re.finditer(re.escape(needle), text)]


def _place_code(name: str) -> str | None:
    """The innermost division a name opens with: divisions written one after the other
    (天津市河西区…) are followed to the last; former names → the current division."""
    from wuxing_kg.nlp.divisions import table

    t = table()
    code, at = None, 0
    while at < len(name):
        for end in range(min(len(name), at + t.max_len), at + 1, -1):
            d = t.lookup(name[at:end])
            if d is not None:
                code, at = d.code, end
                break
        else:
            return code
    return code


def crosses_places(merge: Any) -> bool:
    kept = _place_code(merge.into)
    return any((code := _place_code(n)) is not None and kept is not None and code != kept for n in merge.names)


def measure() -> dict[str, Any]:
    from wuxing_kg import nlp, reading, resolve
    from wuxing_kg.evaluate import norm

    within = {"pairs": 0, "before": 0, "after": 0, "extracted": 0, "extracted_after": 0}
    across: dict[str, list[tuple[str, set[str], dict[str, str | None], dict[str, str | None]]]] = {}
    merges: list[Any] = []
    for gold_path in sorted(DEV.glob("*.gold.json")):
        text = gold_path.with_name(gold_path.name.replace(".gold.json", ".txt")).read_text(encoding="utf-8")
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        raw = nlp.extract(reading.read_bulletin(gold_path.with_name(gold_path.name.replace(".gold.json", ".txt"))))
        resolved, made = resolve.resolve(raw)
        merges += made
        for canonical, forms in gold_surfaces(gold, text).items():
            before = {f: _node_of(raw, f, forms, text, norm) for f in forms}
            after = {f: _node_of(resolved, f, forms, text, norm) for f in forms}
            for a, b in itertools.combinations(sorted(forms), 2):
                within["pairs"] += 1
                within["before"] += before[a] is not None and before[a] == before[b]
                joined = after[a] is not None and after[a] == after[b]
                within["after"] += joined
                # both forms read as organisations by the NLP: the pairs resolution can join
                if before[a] is not None and before[b] is not None:
                    within["extracted"] += 1
                    within["extracted_after"] += joined
            across.setdefault(canonical, []).append((gold_path.name, forms, before, after))
    cross = {"pairs": 0, "before": 0, "after": 0}
    for items in across.values():
        for (_, fa, ba, aa), (_, fb, bb, ab) in itertools.combinations(items, 2):
            for a, b in itertools.product(sorted(fa), sorted(fb)):
                if a == b:
                    continue  # the same surface in two texts is no short/long pair
                cross["pairs"] += 1
                cross["before"] += ba[a] is not None and ba[a] == bb[b]
                cross["after"] += aa[a] is not None and aa[a] == ab[b]
    crossing = [m for m in merges if m.kind == "organization" and crosses_places(m)]
    return {"within": within, "across": cross, "merges": len(merges), "crossing": [m.to_json() for m in crossing]}


def _share(d: dict[str, int], key: str) -> str:
    return f"{d[key]}/{d['pairs']} ({100 * d[key] / d['pairs']:.0f}%)" if d["pairs"] else "0/0"


def run() -> None:
    r = measure()
    w, a = r["within"], r["across"]
    print(f"within texts: {w['pairs']} pairs; joined without resolution {_share(w, 'before')}, with {_share(w, 'after')}")
    print(f"  of which both forms extracted by the NLP: {w['extracted']}; joined with resolution "
          f"{w['extracted_after']}/{w['extracted']} ({100 * w['extracted_after'] / max(w['extracted'], 1):.0f}%)")
    print(f"across texts of one place: {a['pairs']} pairs; joined without resolution {_share(a, 'before')}, with {_share(a, 'after')}")
    print(f"merges made: {r['merges']}; across places: {len(r['crossing'])}")
    for m in r["crossing"]:
        print("  CROSSES PLACES:", m)


if __name__ == "__main__":
    run()
