"""The retriever on the dev set: it must beat naive dense retrieval by a wide margin."""

from __future__ import annotations

from evals.retrieval import load_cases


def test_dev_set_recall(retriever) -> None:
    from evals.retrieval import evaluate

    report = evaluate(retriever, load_cases())
    assert report.cases >= 80
    assert report.recall_at_1 >= 0.88, report.misses
    assert report.recall_at_3 >= 0.95, report.misses
