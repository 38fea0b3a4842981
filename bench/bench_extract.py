"""Extraction throughput: the whole ``nlp.extract`` against raw ``jieba.lcut``.

Both run over the same text (the bundled bulletins in data/bulletins, read once) in
the same process, in turn, one pass each per round, to about one second of work each
after a warm-up run (the spaCy pipeline and jieba's dictionary load once and are not
counted), timed by CPU time so that other jobs on the machine do not count. The figure to
report is the ratio: how many times slower than bare word segmentation the full
extraction (layout-independent: one Doc per article, all rule components) is.
More passes then show where the time goes: seconds per pass and share per pipeline
component (each component's call wrapped with a clock, in this bench only), the rest
(bulletin context, tokenizer and Doc making, segmentation, collecting the record) as
"outside", averaged over PROFILE_PASSES passes (one pass is a few hundredths of a second:
alone it is too noisy to rank the components).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BULLETINS = ROOT / "data" / "bulletins"
TARGET_SECONDS = 1.0
PROFILE_PASSES = 10


def _interleaved_rates(works: list[Callable[[], object]], chars: int) -> tuple[list[float], int]:
    """Characters per second of each ``work`` (each handles ``chars`` characters), and the rounds.

    The works run in turn, one pass each per round, until the rounds add up to about
    TARGET_SECONDS per work (at least 5 rounds). Time is this process's CPU time: on a
    machine shared with other jobs, wall time counts their turns on the core too, and
    the turns expose every work to the same cache and frequency effects, so the ratio
    holds where absolute rates do not."""
    for work in works:
        work()  # warm-up: caches, dictionaries, compiled patterns
    spent = [0.0] * len(works)
    rounds = 0
    while rounds < 5 or min(spent) < TARGET_SECONDS:
        for k, work in enumerate(works):
            t0 = time.process_time()
            work()
            spent[k] += time.process_time() - t0
        rounds += 1
    return [chars * rounds / seconds for seconds in spent], rounds


def _pipeline_load_seconds() -> float:
    """get_nlp() in a fresh interpreter: the cost a `wuxing-kg extract` pays once."""
    import subprocess
    import sys

    code = (
        "import time, spacy; t = time.process_time();"
        "from wuxing_kg.nlp.pipeline import get_nlp; get_nlp()('市教育局');"
        "print(time.process_time() - t)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip().split()[-1])


def _forget_texts() -> None:
    """Empty the caches keyed by text (places per text, checked name bodies): a pass over
    the same bulletins again must not be served from the last pass's results."""
    from wuxing_kg.nlp import org_names, places

    places._find_places_cached.cache_clear()
    org_names._body_ok.cache_clear()


class _ComponentTimer:
    """Wraps each pipeline component's call with a clock (bench only: restored by `close`)."""

    def __init__(self, nlp: Any) -> None:
        self.nlp = nlp
        self.original = list(nlp._components)  # spaCy keeps (name, component) pairs here
        self.seconds: dict[str, float] = {name: 0.0 for name, _ in self.original}
        nlp._components[:] = [(name, self._timed(name, proc)) for name, proc in self.original]

    def _timed(self, name: str, proc: Callable[[Any], Any]) -> Callable[[Any], Any]:
        def call(doc: Any) -> Any:
            t0 = time.process_time()
            try:
                return proc(doc)
            finally:
                self.seconds[name] += time.process_time() - t0

        return call

    def close(self) -> None:
        self.nlp._components[:] = self.original


def _component_profile(work: Callable[[], object], passes: int = PROFILE_PASSES) -> None:
    """Print where a pass of ``work`` spends its time, per pipeline component (mean of ``passes``)."""
    from wuxing_kg.nlp.pipeline import get_nlp

    timer = _ComponentTimer(get_nlp())
    try:
        t0 = time.process_time()
        for _ in range(passes):
            work()
        total = (time.process_time() - t0) / passes
    finally:
        timer.close()
    print(f"where a pass goes ({total * 1000:.1f} ms of CPU time, mean of {passes} passes):")
    rows = [(name, seconds / passes) for name, seconds in timer.seconds.items()]
    rows.append(("(outside components)", total - sum(seconds for _, seconds in rows)))
    for name, seconds in sorted(rows, key=lambda r: -r[1]):
        print(f"  {name:<22} {seconds * 1000:8.2f} ms  {100 * seconds / total:5.1f} %")


def run() -> None:
    import jieba

    from wuxing_kg.nlp import extract
    from wuxing_kg.reading import read_bulletin

    jieba.setLogLevel(60)  # its "Building prefix dict" chatter goes to stderr
    paths = sorted(p for p in BULLETINS.iterdir() if p.is_file() and not p.name.startswith("."))
    bulletins = [read_bulletin(p) for p in paths]
    chars = sum(len(b.text) for b in bulletins)
    if not chars:
        print("no bundled bulletins in data/bulletins")
        return

    metrics = [0]

    def do_extract() -> None:
        _forget_texts()  # every pass reads the text as if for the first time
        metrics[0] = sum(len(extract(b).metrics) for b in bulletins)

    def do_jieba() -> None:
        for b in bulletins:
            jieba.lcut(b.text)

    load = _pipeline_load_seconds()
    print(f"pipeline load (fresh process, spaCy import excluded): {load:.2f} s")
    (extract_rate, jieba_rate), rounds = _interleaved_rates([do_extract, do_jieba], chars)
    print(f"bulletins: {len(bulletins)} ({chars:,} characters, {metrics[0]} metrics per pass)")
    print(f"nlp.extract : {extract_rate:12,.0f} chars/s  ({rounds} passes, CPU time, in turn with jieba's)")
    print(f"jieba.lcut  : {jieba_rate:12,.0f} chars/s  ({rounds} passes, CPU time)")
    print(f"ratio extract/jieba: {extract_rate / jieba_rate:.3f}  (jieba is {jieba_rate / extract_rate:.1f}x faster)")
    _component_profile(do_extract)


if __name__ == "__main__":
    run()
