"""`wuxing-kg push` of the ~1 M-quad bench store to the oxigraph server, against a local
`wuxing-kg export --format nq` of the same store (target: push within 3× the export).

The store is bench_store's synthetic corpus (reused from $WUXING_BENCH_STORE when set,
copied first: a push writes its records into the store). The server is the `oxigraph`
binary of the test extra, on a free loopback port with an on-disk database in a temp
folder, started before the clock runs. Timed, each as the real command in a fresh
process: the export to a file; a first push (every graph PUT, parsed and stored by the
server); a second push with nothing changed (every graph's digest computed, nothing sent);
`push --all` onto the full server (every graph replaced). Next to each wall time, the
CPU seconds of the command and of the server meanwhile: on a shared, loaded machine the
wall ratio mostly measures the wait for a core, the CPU ratio the work done.
"""

from __future__ import annotations

import os
import resource
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


_TICK = os.sysconf("SC_CLK_TCK")


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _server_cpu(proc: subprocess.Popen) -> float:
    """CPU seconds of the running server (all its threads, from /proc)."""
    fields = Path(f"/proc/{proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / _TICK


def _timed(args: list[str], server: subprocess.Popen | None = None) -> tuple[float, float, float]:
    """(wall s, cpu s of the command, cpu s of the server meanwhile) of one command."""
    cpu0, t0 = _children_cpu(), time.perf_counter()
    server0 = _server_cpu(server) if server else 0.0
    done = subprocess.run([*CLI, *args], capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args[:4])}… failed: {done.stderr[-2000:]}")
    wall, cpu = time.perf_counter() - t0, _children_cpu() - cpu0
    return wall, cpu, (_server_cpu(server) - server0) if server else 0.0


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
            first = _timed(["--store", str(store), "push", "--endpoint", endpoint], proc)
            unchanged = _timed(["--store", str(store), "push", "--endpoint", endpoint], proc)
            again = _timed(["--store", str(store), "push", "--all", "--endpoint", endpoint], proc)
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    print(f"store: {quads} quads in {graphs} graphs; N-Quads {size / 1e6:.0f} MB; "
          f"{os.cpu_count()} cores, load average (1 min) {os.getloadavg()[0]:.1f}")
    print(f"export --format nq:        {export[0]:6.1f} s wall, {export[1]:6.1f} s cpu")
    for label, (wall, cpu, server) in (("push (first, every graph)", first), ("push (nothing changed)", unchanged),
                                       ("push --all (replace all)", again)):
        print(f"{label + ':':<26} {wall:6.1f} s wall = {wall / export[0]:.2f}x the export; "
              f"cpu: push {cpu:.1f} s + server {server:.1f} s = {(cpu + server) / export[1]:.2f}x the export's")
    print("target: the first push within 3x the export's wall time")

if __name__ == "__main__":
    run()
