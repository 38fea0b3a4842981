"""A Chromium tab for the page tests that records console errors, page errors and requests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from wuxing_kg.views.browser import wait_ready


class Tab:
    def __init__(self, chromium: Any) -> None:
        self.page = chromium.new_page(viewport={"width": 1280, "height": 900})
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))

    def open(self, path: Path, timeout_ms: int = 120_000) -> Any:
        self.page.goto(path.as_uri(), timeout=timeout_ms)
        wait_ready(self.page, timeout_ms=timeout_ms)
        return self.page

    def close(self) -> None:
        self.page.close()
