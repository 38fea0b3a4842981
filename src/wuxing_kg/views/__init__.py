"""Interactive graph pages (vis-network, fully inlined, offline) built from the NetworkX projection.

    from wuxing_kg import network, views
    report = views.build_site(network.project(store), "visualizations")
    views.page_path(iri)   # → "e-….html", the page of an entity inside the site
"""

from .overview import AtlasReport, build_atlas
from .site import PAGE_KINDS, SiteReport, build_site, page_nodes, page_path, script_json

__all__ = ["AtlasReport", "build_atlas", "PAGE_KINDS", "SiteReport", "build_site", "page_nodes", "page_path", "script_json"]
