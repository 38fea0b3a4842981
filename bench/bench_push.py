"""`wuxing-kg push` of the ~1 M-quad bench store to the oxigraph server, against a local
`wuxing-kg export --format nq` of the same store (target: push within 3× the export).

The store is bench_store's synthetic corpus (reused from $WUXING_BENCH_STORE when set,
copied first: a push writes its records into the store). The server is the `oxigraph`
binary of the test extra, on a free loopback port with an on-disk database in a temp
folder, started before the clock runs. Timed, each as the real command in a fresh
process: the export to a file; a first push (every graph PUT, parsed and stored by the
server); a second push with nothing changed (every graph's digest computed, nothing sent);
`push --all` onto the full server (every graph replaced).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench.bench_store import KEEP_ENV, ensure_store

CLI = [sys.executable, "-c", "from wuxing_kg.cli import main; main()"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _timed(args: list[str]) -> float:
    t0 = time.perf_counter()
    done = subprocess.run([*CLI, *args], capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args[:4])}… failed: {done.stderr[-2000:]}")
    return time.perf_counter() - t0


def _start_server(data: Path) -> tuple[subprocess.Popen, str]:
    binary = Path(sys.executable).with_name("oxigraph")
    port = _free_port()
    proc = subprocess.Popen([str(binary), "serve", "--location", str(data), "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=2).read()
            return proc, f"{base}/store"
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("the oxigraph server did not start")


def run() -> None:
    if not Path(sys.executable).with_name("oxigraph").exists():
        print("skipped: the oxigraph server is not installed (pip install -e '.[test]')")
        return
    from wuxing_kg.store import Store

    with tempfile.TemporaryDirectory(prefix="wx-bench-push-") as tmp:
        store = Path(tmp) / "kg"
        keep = os.environ.get(KEEP_ENV)
        _, built = ensure_store(Path(keep) if keep else store)
        if built:
            print(f"bench store built in {built:.1f} s")
        if keep:
            shutil.copytree(keep, store)
        with Store(store, read_only=True) as s:
            quads, graphs = s.quad_count(), len(s.named_graphs())
        export = _timed(["--store", str(store), "export", "--format", "nq", "-o", str(Path(tmp) / "kg.nq")])
        size = (Path(tmp) / "kg.nq").stat().st_size
        proc, endpoint = _start_server(Path(tmp) / "server")
        try:
            first = _timed(["--store", str(store), "push", "--endpoint", endpoint])
            unchanged = _timed(["--store", str(store), "push", "--endpoint", endpoint])
            again = _timed(["--store", str(store), "push", "--all", "--endpoint", endpoint])
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    print(f"store: {quads} quads in {graphs} graphs; N-Quads {size / 1e6:.0f} MB; load average {os.getloadavg()[0]:.1f}")
    print(f"export --format nq:          {export:6.1f} s")
    print(f"push (first, every graph):   {first:6.1f} s  = {first / export:.2f}x the export (target <= 3x)")
    print(f"push (nothing changed):      {unchanged:6.1f} s  = {unchanged / export:.2f}x")
    print(f"push --all (replace all):    {again:6.1f} s  = {again / export:.2f}x")


if __name__ == "__main__":
    run()
