"""Run every bench/bench_*.py module (or those named on the command line).

Each module exposes ``run() -> None`` and prints its own report. Every figure is a
ratio against a baseline measured in the same run (absolute times are noisy).

    python -m bench                 # all
    python -m bench extract store   # bench_extract.py and bench_store.py
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
import time

import bench


def main(argv: list[str]) -> int:
    names = sorted(m.name for m in pkgutil.iter_modules(bench.__path__) if m.name.startswith("bench_"))
    wanted = [f"bench_{a}" for a in argv] or names
    for name in wanted:
        if name not in names:
            print(f"unknown benchmark {name[6:]!r}; known: {', '.join(n[6:] for n in names)}", file=sys.stderr)
            return 2
    for name in wanted:
        print(f"\n=== {name[6:]} ===", flush=True)
        t0 = time.perf_counter()
        importlib.import_module(f"bench.{name}").run()
        print(f"({name[6:]} took {time.perf_counter() - t0:.1f} s)", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
