"""Settings of one `wuxing-kg serve` run: every limit is a CLI option."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
DEFAULT_TIMEOUT = 10.0
DEFAULT_MAX_ROWS = 10_000
DEFAULT_MAX_REQUEST_BYTES = 1024 * 1024
DEFAULT_WORKERS = max(2, min(4, os.cpu_count() or 2))
# A query still running after DEFAULT_SLOW_AFTER s leaves the fast lane for the slow one
# (pool.py), which holds up to DEFAULT_SLOW_LANE such queries at a time.
DEFAULT_SLOW_AFTER = 0.25
DEFAULT_SLOW_LANE = 4

ASSETS_DIR = Path(__file__).resolve().parent.parent / "server_assets"


@dataclass(frozen=True)
class ServerConfig:
    store: Path
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    timeout: float = DEFAULT_TIMEOUT
    max_rows: int = DEFAULT_MAX_ROWS
    max_request_bytes: int = DEFAULT_MAX_REQUEST_BYTES
    workers: int = DEFAULT_WORKERS
    slow_lane: int = DEFAULT_SLOW_LANE
    slow_after: float = DEFAULT_SLOW_AFTER
    site: Path | None = None  # a prebuilt `wuxing-kg view` directory; None = build on demand
