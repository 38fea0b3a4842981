"""Headless Chromium for the page tests, the screenshots and the page benchmark.

Debian's /usr/bin/chromium driven by the PyPI `playwright` package (no `playwright
install`, which would download a browser). playwright is a test/bench dependency,
imported only here and only when a browser is asked for.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CHROMIUM = os.environ.get("WUXING_KG_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
# The page script sets window.graphReady once vis-network has stabilised (or drawn,
# when physics is off). Events may fire before a test attaches a listener, so wait on it.
READY = "window.graphReady === true"


def chromium_available() -> bool:
    return Path(CHROMIUM).is_file()


@contextmanager
def browser() -> Iterator[Any]:
    try:  # a test extra, not a runtime dependency: only the browser tests and screenshots need it
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        raise RuntimeError(
            "the browser needs playwright, which is not installed: pip install 'wuxing-kg[test]' "
            "(or pip install playwright)"
        ) from exc

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


def wait_ready(page: Any, timeout_ms: int = 120_000) -> None:
    """Wait until a graph page is drawn (pages without a graph are ready at load)."""
    if page.evaluate("document.getElementById('graph-data') !== null"):
        page.wait_for_function(READY, timeout=timeout_ms)
