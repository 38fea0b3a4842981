"""Memory per MB of text, stage by stage: read, extract, map to RDF, SHACL-validate.

A large text is made by repeating the realset dev texts (real pages, tests/realset/dev)
to ``$WUXING_KG_BENCH_MEMORY_KB`` kilobytes (default 256). Each stage runs in a fresh
interpreter that reports its own peak resident set size; the same stage on a one-line
text is the baseline (interpreter, spaCy pipeline, shapes graph), so the figure is what
the text itself costs: (peak − baseline) / MB of text. The target (issue 10) is at
most 100 MB per MB of text for the reading and extraction half. Seconds per MB are
printed too: they are what the default size limit (settings.DEFAULT_MAX_BYTES) rests on.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "realset" / "dev"
DEFAULT_KB = 256

# One program per stage; each prints "<peak RSS in kB> <seconds of the stage>".
_PRELUDE = """
import resource, sys, time
from wuxing_kg.reading import read_bulletin
path = sys.argv[1]
"""
_STAGES = {
    "read": "t = time.perf_counter(); b = read_bulletin(path, max_bytes=1 << 30)",
    "read+extract": (
        "from wuxing_kg.nlp import extract; extract(read_bulletin(sys.argv[2]))\n"
        "t = time.perf_counter(); x = extract(read_bulletin(path, max_bytes=1 << 30))"
    ),
    "read+extract+map": (
        "from wuxing_kg.nlp import extract; from wuxing_kg.rdf import mapping\n"
        "mapping.to_quads(extract(read_bulletin(sys.argv[2])))\n"
        "t = time.perf_counter(); q = mapping.to_quads(extract(read_bulletin(path, max_bytes=1 << 30))).quads"
    ),
    "read+extract+map+validate": (
        "from wuxing_kg.nlp import extract; from wuxing_kg.rdf import mapping; from wuxing_kg import validate\n"
        "validate.validate_bulletin(mapping.to_quads(extract(read_bulletin(sys.argv[2]))).quads)\n"
        "t = time.perf_counter()\n"
        "validate.validate_bulletin(mapping.to_quads(extract(read_bulletin(path, max_bytes=1 << 30))).quads)"
    ),
}
_REPORT = "\nprint(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, time.perf_counter() - t)"
TINY = "今年以来，某县新建村级服务站12个，同比增长5%。\n"


def big_text(kb: int) -> str:
    """The realset dev texts (without their # source: lines), repeated to `kb` kilobytes."""
    texts = []
    for p in sorted(CORPUS.glob("*.txt")):
        t = p.read_text(encoding="utf-8")
        texts.append(t.split("\n", 1)[1] if t.startswith("# source") else t)
    body = "\n".join(texts)
    out, size = [], 0
    while size < kb * 1024:
        out.append(body)
        size += len(body.encode("utf-8"))
    data = "\n".join(out).encode("utf-8")[: kb * 1024]
    return data.decode("utf-8", errors="ignore")


def _peak(stage: str, path: Path, warm: Path) -> tuple[float, float]:
    code = _PRELUDE + _STAGES[stage] + _REPORT
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
    out = subprocess.run([sys.executable, "-c", code, str(path), str(warm)], capture_output=True, text=True, check=True, env=env)
    kb, seconds = out.stdout.split()[-2:]
    return int(kb) / 1024, float(seconds)


def run() -> None:
    kb = int(os.environ.get("WUXING_KG_BENCH_MEMORY_KB", DEFAULT_KB))
    with tempfile.TemporaryDirectory() as tmp:
        big, tiny = Path(tmp) / "big.txt", Path(tmp) / "tiny.txt"
        big.write_text(big_text(kb), encoding="utf-8")
        tiny.write_text(TINY, encoding="utf-8")
        mb = big.stat().st_size / (1024 * 1024)
        print(f"text: {big.stat().st_size:,} bytes ({mb:.2f} MB), {len(big.read_text(encoding='utf-8')):,} characters")
        print(f"{'stage':28} {'baseline MB':>11} {'peak MB':>8} {'MB per MB':>10} {'s per MB':>9}")
        for stage in _STAGES:
            base, _ = _peak(stage, tiny, tiny)
            peak, seconds = _peak(stage, big, tiny)
            print(f"{stage:28} {base:11.0f} {peak:8.0f} {(peak - base) / mb:10.0f} {seconds / mb:9.1f}")
