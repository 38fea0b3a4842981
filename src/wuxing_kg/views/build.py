"""Store → site in one call (what `wuxing-kg view` and the server run)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from .. import network
from .extras import collect
from .site import SiteReport, build_site

if TYPE_CHECKING:
    from ..store import Store


def build_from_store(
    store: Store,
    out_dir: str | os.PathLike[str],
    *,
    bulletin: str | None = None,
    assets: str = "shared",
    incremental: bool = False,
) -> SiteReport:
    """Project the store (or one bulletin) and write the site; closes the store after
    projecting and reading the series and what each issue adds."""
    with store:
        graph = network.project(store, bulletin=bulletin)
        extras = collect(store)
    return build_site(graph, out_dir, assets=assets, extras=extras, incremental=incremental)
