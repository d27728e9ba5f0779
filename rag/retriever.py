"""Find the article's sections that answer a query, best first.

Hybrid ranking, chosen by the retrieval eval (`rehearse eval retrieval`): a section's score
mixes (a) the dense similarity of the query to the section's passage, (b) its best dense
similarity to the questions the section answers (corpus/questions.toml), and (c) BM25 over
title, text and questions, normalised by the best BM25 score of the query. The records'
vectors are read once from LangChain's Chroma vector store (embedded or server) and every
query is compared with every record in memory: the order never depends on how the
approximate index happened to be built, and a turn costs one small matrix product rather
than a round trip per query. `signals` (and `signals_many`, several queries embedded in
one batch) gives the three parts per section for callers that rank with more features of
their own (the coach); building the query is the caller's job.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from rag.corpus import Section
from rag.errors import IndexUnavailable
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
class Signals:
    """How well one section matches a query, by each measure (all roughly 0..1)."""

    passage: float
    question: float
    lexical: float


@dataclass(frozen=True)
class RankingWeights:
    """How much each signal counts in a section's score."""

    passage: float = 0.30
    question: float = 0.50
    lexical: float = 0.20

    def score(self, signals: Signals) -> float:
        return (
            self.passage * signals.passage
            + self.question * signals.question
            + self.lexical * signals.lexical
        )


def clean_query(query: str) -> str:
    """Printable text, whitespace collapsed, cut to what the embedder can use."""
    printable = "".join(ch if ch.isprintable() else " " for ch in query)
    return " ".join(printable.split())[:MAX_QUERY_CHARS]


class Retriever:
    """Ranks sections for a query with dense (Chroma) and lexical (BM25) signals."""

    def __init__(
        self,
        sections: Sequence[Section],
        store: Any,
        weights: RankingWeights | None = None,
    ) -> None:
        self.sections = {section.id: section for section in sections}
        self.store = store  # a langchain_chroma.Chroma
        self.embedder = store.embeddings
        self.weights = weights or RankingWeights()
        self.lexical = LexicalIndex(tuple(sections))
        try:
            records = store.get(include=["embeddings", "metadatas"])
        except Exception as error:  # chroma and its HTTP client raise many types
            raise IndexUnavailable(f"the search index could not be read ({error})") from None
        vectors = np.array(records["embeddings"], dtype=np.float32)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        self._vectors = vectors / np.where(norms == 0, 1.0, norms)
        self._records = [(meta["section"], meta["kind"]) for meta in records["metadatas"]]

    def candidates(self, groups: Sequence[str] | None = None, leaf_only: bool = True) -> set[str]:
        return {
            sid
            for sid, section in self.sections.items()
            if (not leaf_only or section.is_leaf) and (not groups or section.group in groups)
        }

    def _dense(
        self, vector: np.ndarray, candidates: set[str]
    ) -> tuple[dict[str, float], dict[str, float]]:
        """Best cosine similarity per section, to its passage and to its questions."""
        similarity = self._vectors @ (vector / (np.linalg.norm(vector) or 1.0))
        passage: dict[str, float] = {}
        question: dict[str, float] = {}
        for (sid, kind), value in zip(self._records, similarity.tolist(), strict=True):
            if sid not in candidates:
                continue
            target = passage if kind == "passage" else question
            target[sid] = max(target.get(sid, -1.0), value)
        return passage, question

    def signals(
        self, query: str, *, groups: Sequence[str] | None = None, leaf_only: bool = True
    ) -> dict[str, Signals]:
        """Each candidate section's match to `query`, by measure; empty for an empty query."""
        return self.signals_many([query], groups=groups, leaf_only=leaf_only)[0]

    def signals_many(
        self,
        queries: Sequence[str | tuple[str, ...]],
        *,
        groups: Sequence[str] | None = None,
        leaf_only: bool = True,
    ) -> list[dict[str, Signals]]:
        """`signals` for several queries, embedded in one batch. A query given in parts is
        matched as their words together and as the blend (normalised sum) of the parts'
        vectors: parts already embedded (the embedder keeps them) cost nothing again."""
        split = [
            [clean_query(q)] if isinstance(q, str) else list(map(clean_query, q)) for q in queries
        ]
        texts = [" ".join(part for part in parts if part) for parts in split]
        candidates = self.candidates(groups, leaf_only)
        wanted = list(dict.fromkeys(part for parts in split for part in parts if part))
        if not wanted or not candidates:
            return [{} for _ in texts]
        embedded = (
            [self.embedder.embed_query(wanted[0])]
            if len(wanted) == 1
            else self.embedder.embed_documents(wanted)
        )
        vector_of = dict(zip(wanted, np.array(embedded, dtype=np.float32), strict=True))
        found: list[dict[str, Signals]] = []
        for text, parts in zip(texts, split, strict=True):
            if not text:
                found.append({})
                continue
            blend = np.sum([vector_of[part] for part in parts if part], axis=0)
            found.append(self._signals(text, blend / (np.linalg.norm(blend) or 1.0), candidates))
        return found

    def vector(self, text: str | None) -> np.ndarray:
        """The unit vector of `text` as a query is embedded (the embedder keeps it, so a text
        already matched costs nothing again); zeros for a text with nothing to embed."""
        cleaned = clean_query(text or "")
        if not cleaned:
            return np.zeros(self._vectors.shape[1], dtype=np.float32)
        vector = np.asarray(self.embedder.embed_query(cleaned), dtype=np.float32)
        return vector / (np.linalg.norm(vector) or 1.0)

    def _signals(self, text: str, vector: np.ndarray, candidates: set[str]) -> dict[str, Signals]:
        passage, question = self._dense(vector, candidates)
        lexical = self.lexical.scores(text)
        best_lexical = max((lexical[sid] for sid in candidates), default=0.0) or 1.0
        return {
            sid: Signals(
                passage=passage.get(sid, 0.0),
                question=question.get(sid, passage.get(sid, 0.0)),
                lexical=lexical.get(sid, 0.0) / best_lexical,
            )
            for sid in candidates
        }

    def hit(self, sid: str, score: float) -> Hit:
        section = self.sections[sid]
        return Hit(sid, section.title, round(score, 4), section.text)

    def retrieve(
        self,
        query: str,
        k: int = 3,
        *,
        groups: Sequence[str] | None = None,
        leaf_only: bool = True,
    ) -> list[Hit]:
        """The `k` best sections for `query`, best first. An empty query finds nothing."""
        found = self.signals(query, groups=groups, leaf_only=leaf_only)
        scored = sorted(
            ((self.weights.score(signals), sid) for sid, signals in found.items()), reverse=True
        )
        return [self.hit(sid, score) for score, sid in scored[:k]]
