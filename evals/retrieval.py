"""Retrieval eval: recall@1, recall@3 and MRR of the retriever on labelled user questions.

The dev set (`evals/data/retrieval_dev.jsonl`, lines `{"query", "section"}`) was written
independently of the enrichment questions in corpus/questions.toml, so the figures are
not measured on the data the retriever was built from.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from evals import DATA_DIR

DEV_SET = DATA_DIR / "retrieval_dev.jsonl"
THRESHOLDS = {"recall_at_1": 0.85, "recall_at_3": 0.95}


class RanksSections(Protocol):
    def retrieve(self, query: str, k: int = 3) -> list: ...


@dataclass(frozen=True)
class RetrievalCase:
    query: str
    section: str


@dataclass
class RetrievalReport:
    cases: int
    recall_at_1: float
    recall_at_3: float
    mrr: float
    recall_at_1_by_group: dict[str, float] = field(default_factory=dict)
    misses: list[tuple[str, str, list[str]]] = field(default_factory=list)

    def summary(self) -> dict[str, float]:
        return {"recall_at_1": self.recall_at_1, "recall_at_3": self.recall_at_3, "mrr": self.mrr}


def load_cases(path: Path = DEV_SET) -> list[RetrievalCase]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [RetrievalCase(**json.loads(line)) for line in lines if line.strip()]


def evaluate(
    retriever: RanksSections, cases: list[RetrievalCase], depth: int = 10
) -> RetrievalReport:
    """Rank every case's query and score where its labelled section lands."""
    first = third = reciprocal = 0.0
    by_group: dict[str, list[int]] = defaultdict(list)
    misses = []
    for case in cases:
        ranked = [hit.section for hit in retriever.retrieve(case.query, k=depth)]
        rank = ranked.index(case.section) + 1 if case.section in ranked else None
        first += rank == 1
        third += rank is not None and rank <= 3
        reciprocal += 1.0 / rank if rank else 0.0
        by_group[case.section.split("/")[0]].append(int(rank == 1))
        if rank != 1:
            misses.append((case.query, case.section, ranked[:3]))
    n = len(cases) or 1
    return RetrievalReport(
        cases=len(cases),
        recall_at_1=round(first / n, 4),
        recall_at_3=round(third / n, 4),
        mrr=round(reciprocal / n, 4),
        recall_at_1_by_group={g: round(sum(v) / len(v), 4) for g, v in sorted(by_group.items())},
        misses=misses,
    )
