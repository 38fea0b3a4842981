"""Incremental site writing: a page is rewritten only when what it shows changed.

Beside the site, ``.wuxing-kg-site.json`` keeps, for every file the last build wrote, a
hash of that file's inputs (the nodes, edges, facts and tables the page renders) and a
fingerprint of the code that renders (templates, scripts, styles and the views modules)
with the build settings. A build hashes each page's inputs first and renders only the
pages whose hash differs, so after one more bulletin only the pages of the entities it
touched — and the index and overview, which show everything — are rendered and written.
A change of code or settings makes every page stale; files the last build wrote that
this build does not are removed (an entity whose bulletin was removed loses its page).
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any

MANIFEST_NAME = ".wuxing-kg-site.json"
MANIFEST_VERSION = 1
_HERE = Path(__file__).resolve().parent


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Hash of everything that turns inputs into bytes: this package's sources, templates
    and assets, and the vis-network copy (pyvis's version)."""
    import pyvis

    h = hashlib.sha256(str(getattr(pyvis, "__version__", "")).encode())
    for path in sorted(p for p in _HERE.rglob("*") if p.is_file() and p.suffix in (".py", ".j2", ".js", ".css")):
        h.update(path.relative_to(_HERE).as_posix().encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def input_hash(*parts: Any) -> str:
    """A stable hash of JSON-able page inputs (dict order does not matter)."""
    text = json.dumps(parts, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _safe_name(name: str) -> bool:
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts and name != MANIFEST_NAME


class SiteFiles:
    """Writes the files of one build into `out_dir`, skipping the unchanged ones."""

    def __init__(self, out_dir: Path, *, incremental: bool, settings: str) -> None:
        self.out_dir = out_dir
        self.signature = f"{code_fingerprint()}|{settings}"
        signature, self.previous = self._load()  # what the last build wrote (removed if not rewritten)
        self.reusable = incremental and signature == self.signature
        self.outputs: dict[str, str] = {}
        self.written = 0
        self.skipped = 0
        self.bytes = 0
        self.removed: list[str] = []

    def _load(self) -> tuple[str | None, dict[str, str]]:
        try:
            data = json.loads((self.out_dir / MANIFEST_NAME).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None, {}
        if not isinstance(data, dict) or data.get("version") != MANIFEST_VERSION or not isinstance(data.get("files"), dict):
            return None, {}
        return str(data.get("signature")), {str(k): str(v) for k, v in data["files"].items()}

    def unchanged(self, name: str, key: str) -> bool:
        """True (and the file is kept) when the last build wrote `name` from the same inputs."""
        if self.reusable and self.previous.get(name) == key and (self.out_dir / name).is_file():
            self.outputs[name] = key
            self.skipped += 1
            return True
        return False

    def write(self, name: str, content: str | bytes, key: str | None = None) -> None:
        data = content.encode("utf-8") if isinstance(content, str) else content
        key = key or hashlib.sha256(data).hexdigest()
        if key != self.outputs.get(name) and self.unchanged(name, key):
            return
        path = self.out_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        self.outputs[name] = key
        self.written += 1
        self.bytes += len(data)

    def finish(self) -> None:
        """Remove what the last build wrote and this one did not; save the manifest."""
        for name in sorted(set(self.previous) - set(self.outputs)):
            if _safe_name(name) and (self.out_dir / name).is_file():
                (self.out_dir / name).unlink()
                self.removed.append(name)
        manifest = {"version": MANIFEST_VERSION, "signature": self.signature, "files": self.outputs}
        tmp = self.out_dir / (MANIFEST_NAME + ".tmp")
        tmp.write_text(json.dumps(manifest, ensure_ascii=False, indent=0, sort_keys=True), encoding="utf-8")
        os.replace(tmp, self.out_dir / MANIFEST_NAME)
