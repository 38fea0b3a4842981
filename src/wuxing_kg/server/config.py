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
    site: Path | None = None  # a prebuilt `wuxing-kg view` directory; None = build on demand
