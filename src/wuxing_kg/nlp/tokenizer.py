"""The pipeline's tokenizer: one token per character, as spaCy's Chinese "char" segmenter
makes them, in linear time, with the text kept on the Doc.

spaCy's char segmenter aligns its words with the text by `text[pos:].index(word)` (a copy
of the rest of the text per character: quadratic in the article's length), and `doc.text`
is rebuilt from every token on each access. This tokenizer cuts the same words and
spaces in one regex pass and stores the text in `doc.user_data["wx_text"]`, where
`spans.doc_text` reads it.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc
from spacy.vocab import Vocab

# What spacy.util.get_words_and_spaces makes of list(text): every character that is not
# whitespace is a token; a run of whitespace is one token, less the one plain space that the
# character before it swallows as its trailing space (`\s` here and str.isspace there are
# the same Unicode whitespace).
_WHITESPACE_RUN = re.compile(r"(\s+)")


def words_and_spaces(text: str) -> tuple[list[str], list[bool]]:
    """The words and trailing-space flags spaCy's char segmenter gives ``text``."""
    parts = _WHITESPACE_RUN.split(text)  # chunk, run, chunk, …, chunk
    words: list[str] = list(parts[0])
    spaces: list[bool] = [False] * len(words)
    for k in range(1, len(parts), 2):
        run, chunk = parts[k], parts[k + 1]
        if run[0] == " " and parts[k - 1]:
            spaces[-1] = True
            run = run[1:]
        if run:
            words.append(run)
            spaces.append(False)
        words.extend(chunk)
        spaces.extend([False] * len(chunk))
    return words, spaces


class CharTokenizer:
    """`nlp.tokenizer` for `spacy.blank("zh")`: char tokens, the text kept on the Doc."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        words, spaces = words_and_spaces(text)
        doc = Doc(self.vocab, words=words, spaces=spaces)
        doc.user_data["wx_text"] = text
        return doc
