"""Snapshot of the extractor's output on every corpus text, and a diff against an earlier one.

A speed change must leave the output as it was: take a snapshot before the change, then
after it compare (`--against`). Texts: tests/realset/dev, tests/realset/blind (when there),
tests/evalset, tests/heldout and the seed bulletin (data/bulletins). One JSON file per text
(the Extraction's to_dict), named after its folder and file.

    python -m bench.snapshot_extract /tmp/snap-before
    python -m bench.snapshot_extract /tmp/snap-after --against /tmp/snap-before
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ("tests/realset/dev", "tests/realset/blind", "tests/evalset", "tests/heldout", "data/bulletins")


def corpus_texts() -> list[Path]:
    """Every corpus text, in a stable order."""
    out: list[Path] = []
    for rel in CORPORA:
        folder = ROOT / rel
        if folder.is_dir():
            out += sorted(p for p in folder.glob("*.txt") if not p.name.startswith("."))
    return out


def snapshot_name(path: Path) -> str:
    return str(path.relative_to(ROOT)).replace("/", "__") + ".json"


def take(out_dir: Path) -> int:
    from wuxing_kg.nlp import extract
    from wuxing_kg.reading import read_bulletin

    out_dir.mkdir(parents=True, exist_ok=True)
    texts = corpus_texts()
    for path in texts:
        data = extract(read_bulletin(path)).to_dict()
        text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True)
        (out_dir / snapshot_name(path)).write_text(text + "\n", encoding="utf-8")
    return len(texts)


def compare(new_dir: Path, old_dir: Path, *, context: int = 2) -> int:
    """Print a unified diff per text that differs; the number of texts that differ."""
    differing = 0
    names = sorted({p.name for p in old_dir.glob("*.json")} | {p.name for p in new_dir.glob("*.json")})
    for name in names:
        old, new = old_dir / name, new_dir / name
        a = old.read_text(encoding="utf-8").splitlines() if old.is_file() else []
        b = new.read_text(encoding="utf-8").splitlines() if new.is_file() else []
        if a != b:
            differing += 1
            print("".join(f"{ln}\n" for ln in difflib.unified_diff(a, b, str(old), str(new), n=context, lineterm="")))
    print(f"{len(names)} texts, {differing} differ")
    return differing


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path, help="folder for the snapshot (one JSON per text)")
    ap.add_argument("--against", type=Path, help="an earlier snapshot to diff the new one against")
    args = ap.parse_args(argv)
    n = take(args.out)
    print(f"{n} texts extracted into {args.out}")
    if args.against:
        return 1 if compare(args.out, args.against) else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
