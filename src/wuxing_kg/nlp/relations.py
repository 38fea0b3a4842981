"""(first version: filled in next)"""

from __future__ import annotations


def relations_component(doc):  # type: ignore[no-untyped-def]
    return doc
