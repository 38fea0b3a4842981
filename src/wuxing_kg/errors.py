"""Errors that carry their CLI exit code (0 ok, 1 runtime error, 2 usage or bad input)."""

from __future__ import annotations


class WuxingError(Exception):
    """Base class: a clear one-line message meant for the user."""

    exit_code = 1


class BadInputError(WuxingError):
    """A file that cannot be read as a bulletin (empty, binary, too big, unknown format …)."""

    exit_code = 2

    def __init__(self, path: str, why: str) -> None:
        super().__init__(f"{path}: {why}")
        self.path = path
        self.why = why


class StoreBusyError(WuxingError):
    """Another process holds the store for writing."""

    exit_code = 1


class ValidationFailed(WuxingError):
    """A bulletin's graph does not conform to the SHACL shapes; nothing was stored."""

    exit_code = 1


class QueryError(WuxingError):
    """A SPARQL query that does not parse, or a canned query / parameter that does not exist."""

    exit_code = 2
