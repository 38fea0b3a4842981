"""The spaCy pipeline: `spacy.blank("zh")` (char segmenter) + rule components.

Components work on characters (`Doc.char_span`), never by joining tokens, and put
their results in `doc.spans[...]` with attributes in the `span._.wx` dict.
Order: wx_places → wx_orgs → wx_people → wx_programs → wx_metrics → wx_relations.
"""

from __future__ import annotations

import gc
from functools import lru_cache

import spacy
from spacy.language import Language

from .spans import SPAN_KEYS, add_span, context_of  # noqa: F401  re-exported for callers of pipeline
from .tokenizer import CharTokenizer


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    # Each component module registers its own factory when imported; none imports this module.
    from . import metrics, orgs, people, places, programs, relations  # noqa: F401

    nlp = spacy.blank("zh")  # default segmenter "char": one token per character
    nlp.tokenizer = CharTokenizer(nlp.vocab)  # the same tokens in linear time, the text kept
    nlp.add_pipe("wx_places")
    nlp.add_pipe("wx_orgs")
    nlp.add_pipe("wx_people")
    nlp.add_pipe("wx_programs")
    nlp.add_pipe("wx_metrics")
    nlp.add_pipe("wx_relations")
    _freeze_tables(nlp)
    return nlp


def _freeze_tables(nlp: Language) -> None:
    """Run the pipeline once (its reference tables load on first use) and read the township
    list, then move every object alive now to the collector's permanent generation: the
    ~130k objects of spaCy and the tables never become garbage, and each full collection
    rescanned them all (about 8 % of an extraction's CPU time). Garbage made before is
    collected first; objects made later are collected as usual (freed by reference count
    as ever, frozen ones too)."""
    from .divisions import townships_by_county

    nlp("2019年，市教育局投入资金1.5亿元，张三副局长出席“示范村”创建活动。")
    townships_by_county()  # read for a county's townships only: ~39k objects
    gc.collect()
    gc.freeze()
