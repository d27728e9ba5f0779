"""Lexical matching of a query against sections: BM25 over title, text and questions.

Dense embeddings miss rare, decisive words ("parents", "cheated", "ultimatum"); BM25
catches them. Tokens are lower-cased, stop words dropped and crudely stemmed so "pulls",
"pulling" and "pulled" meet. Fusion with the dense ranking is `rag.retriever`'s job.
"""

from __future__ import annotations

import re

from rank_bm25 import BM25Okapi

from rag.corpus import Section

WORD = re.compile(r"[a-z0-9]+")
_STOP_WORD_TEXT = """
    a about after again all am an and any are as at be because been being but by can
    could did do does doing don for from had has have having he her here hers him his
    how i if in into is it its itself just me more most my myself no nor not now of off
    on once only or other our ours out over own same she should so some such than that
    the their theirs them then there these they this those through to too under until up
    very was we were what when where which while who whom why will with would you your
    yours yourself im ive id dont doesnt didnt isnt wasnt cant wont s t re ve ll d m
"""
STOP_WORDS = frozenset(_STOP_WORD_TEXT.split())
SUFFIXES = ("ingly", "edly", "ness", "ment", "ing", "ies", "ied", "ed", "es", "ly", "s")


def stem(word: str) -> str:
    """A crude suffix stripper: good enough to join the forms of a word in this corpus."""
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def tokenize(text: str) -> list[str]:
    """Content-word stems of `text`."""
    words = WORD.findall(text.lower().replace("’", "").replace("'", ""))
    return [stem(word) for word in words if word not in STOP_WORDS]


class LexicalIndex:
    """BM25 over sections; scores every section for a query."""

    def __init__(self, sections: tuple[Section, ...]) -> None:
        self.section_ids = [section.id for section in sections]
        corpus = [
            tokenize(" ".join([section.title, section.text, *section.questions]))
            for section in sections
        ]
        self._bm25 = BM25Okapi(corpus)

    def scores(self, query: str) -> dict[str, float]:
        """BM25 score of each section id for `query` (0 where nothing matches)."""
        tokens = tokenize(query)
        if not tokens:
            return dict.fromkeys(self.section_ids, 0.0)
        values = self._bm25.get_scores(tokens)
        return {sid: float(v) for sid, v in zip(self.section_ids, values, strict=True)}
