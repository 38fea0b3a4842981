"""The spaCy pipeline: `spacy.blank("zh")` (char segmenter) + rule components.

Components work on characters (`Doc.char_span`), never by joining tokens, and put
their results in `doc.spans[...]` with attributes in the `span._.wx` dict.
Order: wx_places → wx_orgs → wx_people → wx_programs → wx_metrics → wx_relations.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import spacy
from spacy.language import Language

from .spans import SPAN_KEYS, add_span, context_of  # noqa: F401  re-exported for callers of pipeline


@Language.factory("wx_relations")
def make_relations(nlp: Language, name: str) -> Any:
    from .relations import relations_component

    return relations_component


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    # The entity components register their own factories when their modules are imported.
    from . import orgs, people, places, programs  # noqa: F401

    nlp = spacy.blank("zh")  # default segmenter "char": one token per character
    nlp.add_pipe("wx_places")
    nlp.add_pipe("wx_orgs")
    nlp.add_pipe("wx_people")
    nlp.add_pipe("wx_programs")
    from . import metrics  # noqa: F401  registers the "wx_metrics" factory (nlp/metrics.py)

    nlp.add_pipe("wx_metrics")
    nlp.add_pipe("wx_relations")
    return nlp
