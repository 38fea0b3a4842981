"""Bulletin → Extraction: the spaCy pipeline and its rule-based components."""

from __future__ import annotations

from .extract import extract

__all__ = ["extract"]
