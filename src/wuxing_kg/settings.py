"""Defaults in one place. Environment variables override them; CLI options override both."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
# Repository root when running from a checkout (ontology/ and data/ live there);
# the same files are also looked up inside the package for an installed wheel.
REPO_DIR = PACKAGE_DIR.parent.parent

DEFAULT_STORE = "./wuxing-kg-store"
STORE_ENV = "WUXING_KG_STORE"

# Files bigger than this are refused before they are read (bytes).
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
MAX_BYTES_ENV = "WUXING_KG_MAX_BYTES"

# All IRIs minted by the project live under this base (see ontology/README.md).
BASE_IRI = "https://w3id.org/wuxing-kg/"
ONTOLOGY_IRI = BASE_IRI + "ontology#"
ID_IRI = BASE_IRI + "id/"
# Named graph that holds reference data (ontology, administrative divisions).
REFERENCE_GRAPH = BASE_IRI + "graph/reference"
# Named graph that describes the others (VoID: size, things per class), kept by the
# store's writer (store_summary.py); not a bulletin, not in the merged default graph.
SUMMARY_GRAPH = BASE_IRI + "graph/summary"

ONTOLOGY_DIR = REPO_DIR / "ontology"
DATA_DIR = REPO_DIR / "data"


def store_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The store location: explicit option, else $WUXING_KG_STORE, else ./wuxing-kg-store."""
    return Path(explicit or os.environ.get(STORE_ENV) or DEFAULT_STORE)


def max_bytes(explicit: int | None = None) -> int:
    if explicit is not None:
        return explicit
    env = os.environ.get(MAX_BYTES_ENV)
    return int(env) if env else DEFAULT_MAX_BYTES
