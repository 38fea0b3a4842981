"""`/view/`: the static site of `wuxing-kg view`, given or built in the background."""

from __future__ import annotations

import asyncio
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path
from typing import Any

from .config import ServerConfig
from .pool import mp_context
from .snapshots import store_signature


class SiteHolder:
    """Serves `--site DIR`, or builds the site with `views.build_site` in the background.

    Without `--site`, a build starts when the server starts and again when the store's
    files changed (checked at most every 5 s, one build at a time). Each build goes to
    a fresh directory and is switched in whole, so a request never sees a half-written
    site; the previous build is kept until the next switch (pages still being loaded).
    /view/ waits for the first build; /id/ never waits (it answers a generated page).
    """

    CHECK_EVERY = 5.0

    def __init__(self, config: ServerConfig) -> None:
        self.config = config
        self.fixed = config.site
        self._root: Path | None = None  # cache directory of this server process
        self._current: Path | None = None
        self._previous: Path | None = None
        self._built_signature: tuple[tuple[str, int, int], ...] | None = None
        self._checked_at = float("-inf")
        self._lock = threading.Lock()
        self._building: threading.Thread | None = None
        self._builds = 0
        self.error: str | None = None

    def start(self) -> None:
        if self.fixed is None:
            self._root = Path(tempfile.mkdtemp(prefix="wuxing-kg-site-"))
            self.current()

    def close(self) -> None:
        if self._building is not None:
            self._building.join(timeout=0.1)
        if self._root is not None:
            import shutil

            shutil.rmtree(self._root, ignore_errors=True)

    def current(self) -> Path | None:
        """The newest complete build (never blocks); starts a rebuild when the store changed."""
        if self.fixed is not None:
            return self.fixed
        with self._lock:
            now = time.monotonic()
            if now - self._checked_at >= self.CHECK_EVERY and self._building is None and self._root is not None:
                self._checked_at = now
                signature = store_signature(self.config.store)
                if signature != self._built_signature:
                    self._building = threading.Thread(target=self._build, args=(signature,), daemon=True)
                    self._building.start()
            return self._current

    def _build(self, signature: tuple[tuple[str, int, int], ...]) -> None:
        assert self._root is not None
        self._builds += 1
        target = self._root / f"build-{self._builds}"
        try:
            # In a child process: the projection and layout are pure-Python CPU work that
            # would hold the GIL against the event loop if run in a thread here.
            child = mp_context().Process(target=_build_site_child, args=(str(self.config.store), str(target)), daemon=True)  # type: ignore[attr-defined]
            child.start()
            child.join()
            if child.exitcode != 0:
                raise RuntimeError(f"site build exited with code {child.exitcode}")
        except Exception as exc:  # noqa: BLE001 - the endpoint keeps working without pages
            self.error = f"{type(exc).__name__}: {exc}"
            import shutil

            shutil.rmtree(target, ignore_errors=True)
            with self._lock:
                self._built_signature = signature  # do not retry until the store changes
                self._building = None
            return
        with self._lock:
            stale, self._previous, self._current = self._previous, self._current, target
            self._built_signature = signature
            self._building = None
            self.error = None
        if stale is not None:
            import shutil

            shutil.rmtree(stale, ignore_errors=True)

    async def directory(self, *, wait: float = 0.0) -> Path | None:
        """The site directory; with `wait`, waits that long for a first build in progress."""
        directory = self.current()
        deadline = time.monotonic() + wait
        while directory is None and self._building is not None and time.monotonic() < deadline:
            await asyncio.sleep(0.1)
            directory = self.current()
        return directory

    async def page_url(self, iri: str) -> str | None:
        directory = await self.directory()
        if directory is None:
            return None
        try:
            from ..views import page_path
        except ImportError:
            return None
        relative = page_path(iri)
        if not (directory / relative).is_file():
            return None
        return "/view/" + urllib.parse.quote(relative)

    async def serve(self, request: Any) -> Any:
        from starlette.responses import FileResponse, PlainTextResponse

        directory = await self.directory(wait=120.0)
        if directory is None:
            why = f" ({self.error})" if self.error else ""
            return PlainTextResponse(
                f"No graph pages available{why}. Build them with `wuxing-kg view -o DIR` and start the server with --site DIR.\n",
                status_code=404,
            )
        relative = request.path_params.get("path", "") or "index.html"
        target = site_file(directory, relative)
        if target is None:
            return PlainTextResponse("Not found\n", status_code=404)
        return FileResponse(target)


def site_file(directory: Path, relative: str) -> Path | None:
    """The file `relative` names inside the site, or None: outside it, missing, or a name
    the file system cannot hold (a NUL byte, a component too long), which would otherwise
    raise from the path calls and answer 500."""
    if any(ord(ch) < 0x20 for ch in relative):
        return None
    try:
        root = directory.resolve()
        target = (root / relative).resolve()
        if target.is_dir():
            target = target / "index.html"
        if root != target and root not in target.parents:
            return None
        return target if target.is_file() else None
    except (OSError, ValueError):
        return None


def _build_site_child(store_path: str, out: str) -> None:
    import sys

    try:
        build_site_into(Path(store_path), Path(out))
    except Exception as exc:  # noqa: BLE001 - reported through the exit code and stderr
        print(f"wuxing-kg serve: building the graph pages failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        sys.exit(1)


def build_site_into(store_path: Path, out: Path) -> Path:
    """Build the `wuxing-kg view` site of the store (opened read-only) into `out`: the same
    pages as `view`, series and what each issue adds included."""
    from ..store import Store
    from ..views.build import build_from_store

    build_from_store(Store(store_path, read_only=True), out)
    return out
