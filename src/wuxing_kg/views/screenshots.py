"""Screenshots of the site for the README: the index and the most connected department.

    python -m wuxing_kg.views.screenshots --store wuxing-kg-store -o visualizations/screenshots
"""

from __future__ import annotations

import argparse
import tempfile
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from .. import network
from ..settings import store_path
from ..store import Store
from .browser import browser, wait_ready
from .extras import collect
from .site import build_site


def take_screenshots(
    store: str | Path, out_dir: str | Path, *, width: int = 1280, height: int = 900, chromium: Any = None
) -> list[Path]:
    """Write index.png, overview.png and department.png; `chromium` reuses an open
    playwright Browser (one sync playwright per thread)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    with Store(store, read_only=True) as s:
        g = network.project(s)
        extras = collect(s)
    top = network.most_connected(g, "organization", n=1)
    with tempfile.TemporaryDirectory() as tmp:
        report = build_site(g, tmp, extras=extras)
        shots = [("index.png", "index.html"), ("overview.png", "overview.html")]
        if top:
            shots.append(("department.png", report.pages[top[0][0]]))
        written: list[Path] = []
        with ExitStack() as stack:
            b = chromium if chromium is not None else stack.enter_context(browser())
            page = b.new_page(viewport={"width": width, "height": height})
            for name, html in shots:
                page.goto((Path(tmp) / html).as_uri())
                wait_ready(page)
                # the department's page whole: its outcome and relation tables are below the graph
                page.screenshot(path=str(out / name), full_page=name == "department.png")
                written.append(out / name)
            page.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", default=None, help="store path (default: $WUXING_KG_STORE or ./wuxing-kg-store)")
    parser.add_argument("-o", "--output", default="visualizations/screenshots")
    args = parser.parse_args(argv)
    for path in take_screenshots(store_path(args.store), args.output):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
