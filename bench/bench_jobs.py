"""`wuxing-kg ingest --jobs 2` against `--jobs 1` on 40 bulletins (target: ≥ 1.7× on 2 cores).

The batch: the seed bulletin re-issued as 40 issues (another issue number each), so each
file is a distinct bulletin (its own graph) of the seed's size (~4 k chars). Each run is
the real command in a fresh process on an empty store (start-up, spaCy, the reference
graph and every write included), alternated 1, 2, 1, 2 … and the best of each kept.

Reported: wall seconds and the ratio; CPU seconds of each run (this process's children),
which say what parallelism cost in extra work; and the load average before and after,
because the machine may be shared: on a loaded machine the wall ratio says less than
`2 × cpu(jobs 1) / cpu(jobs 2)`, the ratio two otherwise idle cores would give.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "bulletins" / "ganzhou-wuxing-bulletin-2019-51.txt"
BULLETINS = int(os.environ.get("WX_BENCH_BULLETINS", "40"))
RUNS = int(os.environ.get("WUXING_BENCH_RUNS", "2"))


def write_batch(folder: Path, n: int = BULLETINS) -> list[Path]:
    """n distinct bulletins made from the seed (issues 100, 101, …)."""
    text = SEED.read_text(encoding="utf-8")
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for i in range(n):
        body = text.replace("第 51 期", f"第 {100 + i} 期")
        path = folder / f"issue-{100 + i}.txt"
        path.write_text(body, encoding="utf-8")
        files.append(path)
    return files


_TICK = os.sysconf("SC_CLK_TCK")


def _tree_cpu(root: int, seen: dict[int, float]) -> None:
    """Record the cpu seconds so far of `root` and all its descendants (from /proc). The
    workers are children of the fork server, not of the command, so getrusage of this
    process's children would miss them."""
    stats = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            stats[int(entry.name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / _TICK)
    tree, grew = {root}, True
    while grew:
        more = {pid for pid, (ppid, _) in stats.items() if ppid in tree} - tree
        tree |= more
        grew = bool(more)
    for pid in tree:
        if pid in stats:
            seen[pid] = stats[pid][1]


def ingest_once(folder: Path, store: Path, jobs: int) -> tuple[float, float, float]:
    """(wall s, cpu s of the whole process tree, cpu s of the command's own process — the
    writer) of one `wuxing-kg ingest --jobs N` on an empty store (cpu sampled every 0.1 s:
    the last tenth of a second of a process is lost)."""
    shutil.rmtree(store, ignore_errors=True)
    cmd = [sys.executable, "-c", "from wuxing_kg.cli import main; main()", "--store", str(store), "ingest", "--jobs", str(jobs), str(folder)]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    cpu: dict[int, float] = {}
    while proc.poll() is None:
        _tree_cpu(proc.pid, cpu)
        time.sleep(0.1)
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise RuntimeError(f"ingest --jobs {jobs} failed: {proc.stderr.read()[-2000:] if proc.stderr else ''}")
    return wall, sum(cpu.values()), cpu.get(proc.pid, 0.0)


def run() -> None:
    with tempfile.TemporaryDirectory(prefix="wx-bench-ingest-") as tmp:
        folder = Path(tmp) / "batch"
        write_batch(folder)
        load_before = os.getloadavg()
        best: dict[int, tuple[float, float, float]] = {}
        for _ in range(RUNS):
            for jobs in (1, 2):
                wall, cpu, writer = ingest_once(folder, Path(tmp) / f"store-{jobs}", jobs)
                print(f"  --jobs {jobs}: {wall:6.1f} s wall, {cpu:6.1f} s cpu ({writer:.1f} s in the writer)", flush=True)
                if jobs not in best or wall < best[jobs][0]:
                    best[jobs] = (wall, cpu, writer)
        load_after = os.getloadavg()
    (w1, c1, _), (w2, c2, writer2) = best[1], best[2]
    print(f"{BULLETINS} bulletins, {os.cpu_count()} cores; load average (1 min) {load_before[0]:.1f} before, {load_after[0]:.1f} after")
    print(f"--jobs 1: {w1:.1f} s ({BULLETINS / w1:.2f} bulletins/s); --jobs 2: {w2:.1f} s ({BULLETINS / w2:.2f} bulletins/s)")
    print(f"speed-up --jobs 2 / --jobs 1: {w1 / w2:.2f}x wall (target >= 1.7x on 2 cores)")
    # On 2 idle cores the writer's work overlaps the workers' (it writes one bulletin while
    # they extract the next), so the run takes about max(workers' cpu / 2, writer's cpu).
    bound = c1 / max((c2 - writer2) / 2, writer2)
    print(f"cpu: --jobs 2 costs {c2 / c1:.2f}x the serial cpu ({writer2:.1f} s of it in the writer); "
          f"2 idle cores would give about {bound:.2f}x")

if __name__ == "__main__":
    run()
