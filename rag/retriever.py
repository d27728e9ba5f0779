"""Find the article's sections that answer a query, best first.

Hybrid ranking, chosen by the retrieval eval (`rehearse eval retrieval`): a section's score
mixes (a) the dense similarity of the query to the section's passage, (b) its best dense
similarity to the questions the section answers (corpus/questions.toml), and (c) BM25 over
title, text and questions, normalised by the best BM25 score of the query. Dense search
runs in Chroma (embedded or server) over every record, so the order never depends on
how the approximate index happened to be built; filters narrow by group. Building the query
from a conversation is the caller's job (`rag.queries`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from langchain_core.embeddings import Embeddings

from rag.corpus import Section
from rag.lexical import LexicalIndex

MAX_QUERY_CHARS = 2000


@dataclass(frozen=True)
class Hit:
    """One retrieved section, as the CLI and the coach report it."""

    section: str
    title: str
    score: float
    text: str

    def as_json(self) -> dict[str, str | float]:
        return {
            "section": self.section,
            "title": self.title,
            "score": self.score,
            "text": self.text,
        }


@dataclass(frozen=True)
class RankingWeights:
    """How much each signal counts in a section's score."""

    passage: float = 0.30
    question: float = 0.50
    lexical: float = 0.20


def clean_query(query: str) -> str:
    """Printable text, whitespace collapsed, cut to what the embedder can use."""
    printable = "".join(ch if ch.isprintable() else " " for ch in query)
    return " ".join(printable.split())[:MAX_QUERY_CHARS]


class Retriever:
    """Ranks sections for a query with dense (Chroma) and lexical (BM25) signals."""

    def __init__(
        self,
        sections: Sequence[Section],
        collection: Any,
        embedder: Embeddings,
        weights: RankingWeights | None = None,
    ) -> None:
        self.sections = {section.id: section for section in sections}
        self.collection = collection
        self.embedder = embedder
        self.weights = weights or RankingWeights()
        self.lexical = LexicalIndex(tuple(sections))
        # Rank every record: a top-k cut of the approximate (HNSW) index drops a section's
        # only passage on some builds and not others, so results would depend on the build.
        self.dense_k = max(1, int(collection.count()))

    def _candidates(self, groups: Sequence[str] | None, leaf_only: bool) -> set[str]:
        return {
            sid
            for sid, section in self.sections.items()
            if (not leaf_only or section.is_leaf) and (not groups or section.group in groups)
        }

    def _dense(self, query: str, candidates: set[str]) -> tuple[dict[str, float], dict[str, float]]:
        """Best cosine similarity per section, to its passage and to its questions."""
        found = self.collection.query(
            query_embeddings=[self.embedder.embed_query(query)],
            n_results=self.dense_k,
            include=["distances"],
        )
        passage: dict[str, float] = {}
        question: dict[str, float] = {}
        for record_id, distance in zip(found["ids"][0], found["distances"][0], strict=True):
            kind, sid, _ = record_id.split(":")  # ids are written by rag.index.record_id
            if sid not in candidates:
                continue
            target = passage if kind == "passage" else question
            target[sid] = max(target.get(sid, -1.0), 1.0 - float(distance))
        return passage, question

    def retrieve(
        self,
        query: str,
        k: int = 3,
        *,
        groups: Sequence[str] | None = None,
        leaf_only: bool = True,
    ) -> list[Hit]:
        """The `k` best sections for `query`, best first. An empty query finds nothing."""
        text = clean_query(query)
        candidates = self._candidates(groups, leaf_only)
        if not text or not candidates:
            return []
        passage, question = self._dense(text, candidates)
        lexical = self.lexical.scores(text)
        best_lexical = max((lexical[sid] for sid in candidates), default=0.0) or 1.0
        w = self.weights
        scored = []
        for sid in candidates:
            score = (
                w.passage * passage.get(sid, 0.0)
                + w.question * question.get(sid, passage.get(sid, 0.0))
                + w.lexical * lexical.get(sid, 0.0) / best_lexical
            )
            scored.append((score, sid))
        scored.sort(reverse=True)
        return [
            Hit(sid, self.sections[sid].title, round(score, 4), self.sections[sid].text)
            for score, sid in scored[:k]
        ]
