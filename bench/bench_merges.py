"""Entity resolution on tests/realset/dev: the share of short/long name pairs joined, and
merges across places (issue 12, item 3; a quality figure, not a speed one).

Pairs a reader would join are listed in bench/merge_pairs.json with their evidence: derived
from the gold of all 62 texts (each gold organisation's surface forms in the text — its
`text`, the forms its note names ("also X"), its canonical — two by two; gold items of one
canonical across texts of one place; programmes written quoted and unquoted; forms of a gold
body found in the text by the national short/long table, 政府 / 人民政府 and bare levels) and
reviewed by hand. `excluded` there lists candidates that are no two names of one body
(anaphora such as 分局 or 我辦, a span naming two bodies, a name inside another word), with
the reason; `gold_surfaces` below re-derives the automatic part and a test checks each such
pair is listed or excluded. A pair is joined when the extractor's organisations (programmes)
written with those two forms end on one node — one canonical name (one programme key and
scope) — measured without entity resolution and with it (`resolve.resolve`). Every merge
made is checked for crossing places: the divisions named at the start of the kept name and
of each merged name (national data, historical names resolved to the current division)
must agree.

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


def auto_pairs() -> set[frozenset[tuple[str, str]]]:
    """The pairs `gold_surfaces` gives, each as {(file, form), (file, form)}: within one text,
    and across texts for gold items of one canonical."""
    out: set[frozenset[tuple[str, str]]] = set()
    by_canonical: dict[str, list[tuple[str, set[str]]]] = {}
    for gold_path in sorted(DEV.glob("*.gold.json")):
        name = gold_path.name.replace(".gold.json", ".txt")
        text = (DEV / name).read_text(encoding="utf-8")
        for canonical, forms in gold_surfaces(json.loads(gold_path.read_text(encoding="utf-8")), text).items():
            out |= {frozenset({(name, a), (name, b)}) for a, b in itertools.combinations(sorted(forms), 2)}
            by_canonical.setdefault(canonical, []).append((name, forms))
    for items in by_canonical.values():
        for (na, fa), (nb, fb) in itertools.combinations(items, 2):
            out |= {frozenset({(na, a), (nb, b)}) for a in fa for b in fb if a != b}
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


PAIRS = Path(__file__).with_name("merge_pairs.json")


def _program_node(x: Any, surface: str, other: str, text: str, norm: Any) -> str | None:
    """The programme node (key and scope, as rdf.iris.program keys it) where the text writes
    `surface` (its first occurrence not inside `other`): a programme written so, else one
    whose mention overlaps that occurrence."""
    from wuxing_kg.rdf.iris import program_key

    inside = {i + other.index(surface) for i in _occurrences(text, other)} if surface in other and surface != other else set()
    for start in _occurrences(text, surface):
        if start in inside:
            continue
        end = start + len(surface)
        for p in x.programs:
            if any(m.start < end and start < m.end for m in p.mentions):
                return f"{program_key(p.text)}@{p.place or p.lead}"  # as rdf.iris.program keys the node
        return None
    return None


def load_pairs() -> list[dict[str, Any]]:
    return list(json.loads(PAIRS.read_text(encoding="utf-8"))["pairs"])


def measure() -> dict[str, Any]:
    """The pairs of bench/merge_pairs.json (from the gold, reviewed by hand): how many end on
    one node without and with resolution, and every merge checked for crossing places."""
    from wuxing_kg import nlp, reading, resolve
    from wuxing_kg.evaluate import norm

    pairs = load_pairs()
    files = sorted({p[side]["file"] for p in pairs for side in ("a", "b")} | {g.name.replace(".gold.json", ".txt") for g in DEV.glob("*.gold.json")})
    read: dict[str, tuple[str, Any, Any]] = {}
    merges: list[Any] = []
    for name in files:
        raw = nlp.extract(reading.read_bulletin(DEV / name))
        resolved, made = resolve.resolve(raw)
        merges += made
        read[name] = ((DEV / name).read_text(encoding="utf-8"), raw, resolved)
    out: dict[str, Any] = {"pairs": 0, "before": 0, "after": 0, "extracted": 0, "extracted_after": 0, "missed": []}
    for p in pairs:
        (fa, a), (fb, b) = ((p[s]["file"], p[s]["form"]) for s in ("a", "b"))
        other_a, other_b = (b, a) if fa == fb else ("", "")
        nodes = []
        for which in (1, 2):  # 1: raw extraction, 2: resolved
            if p["kind"] == "program":
                na = _program_node(read[fa][which], a, other_a, read[fa][0], norm)
                nb = _program_node(read[fb][which], b, other_b, read[fb][0], norm)
            else:
                na = _node_of(read[fa][which], a, {other_a} - {""}, read[fa][0], norm)
                nb = _node_of(read[fb][which], b, {other_b} - {""}, read[fb][0], norm)
            nodes.append((na, nb))
        (ba, bb), (aa, ab) = nodes
        joined = aa is not None and aa == ab
        out["pairs"] += 1
        out["before"] += ba is not None and ba == bb
        out["after"] += joined
        if ba is not None and bb is not None:
            out["extracted"] += 1
            out["extracted_after"] += joined
        if not joined:
            out["missed"].append(f"{fa}: {a} → {aa} | {fb}: {b} → {ab}")
    crossing = [m for m in merges if m.kind == "organization" and crosses_places(m)]
    return {"within": out, "merges": len(merges), "crossing": [m.to_json() for m in crossing],
            "rules": sorted({m.rule for m in merges})}


def _share(d: dict[str, int], key: str) -> str:
    return f"{d[key]}/{d['pairs']} ({100 * d[key] / d['pairs']:.0f}%)" if d["pairs"] else "0/0"


def run() -> None:
    r = measure()
    w = r["within"]
    print(f"pairs a reader joins (bench/merge_pairs.json): {w['pairs']}; on one node without resolution "
          f"{_share(w, 'before')}, with {_share(w, 'after')}")
    print(f"  of which both forms read by the NLP: {w['extracted']}; joined with resolution "
          f"{w['extracted_after']}/{w['extracted']} ({100 * w['extracted_after'] / max(w['extracted'], 1):.0f}%)")
    for miss in w["missed"]:
        print("  not joined:", miss)
    print(f"merges made: {r['merges']} (rules: {', '.join(r['rules'])}); across places: {len(r['crossing'])}")
    for m in r["crossing"]:
        print("  CROSSES PLACES:", m)


if __name__ == "__main__":
    run()
