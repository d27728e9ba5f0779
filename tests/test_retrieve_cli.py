"""`rehearse retrieve` as DESIGN.md specifies it, and the retriever on awkward queries."""

from __future__ import annotations

import json
from pathlib import Path


def test_json_shape_and_best_first(run_cli) -> None:
    result = run_cli("retrieve", "his parents were cold when he was a kid", "-k", "4", "--json")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["query"] == "his parents were cold when he was a kid"
    results = payload["results"]
    assert len(results) == 4
    assert set(results[0]) == {"section", "title", "score", "text"}
    assert results[0]["section"] == "reasons/avoidant-attachment"
    scores = [hit["score"] for hit in results]
    assert scores == sorted(scores, reverse=True)


def test_batch_prints_one_object_per_line(run_cli, tmp_path: Path) -> None:
    batch = tmp_path / "queries.jsonl"
    queries = ["she checks out every time things get serious", "how do I start the talk calmly?"]
    batch.write_text("\n".join(json.dumps({"query": q}) for q in queries) + "\n")
    result = run_cli("retrieve", "--batch", str(batch), "-k", "2")
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["query"] for line in lines] == queries
    assert all(len(line["results"]) == 2 for line in lines)


def test_empty_query_exits_non_zero_with_a_clear_message(run_cli) -> None:
    result = run_cli("retrieve", "   ")
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [
        "rehearse: empty query: give some text (or --batch FILE)"
    ]


def test_bad_batch_line_names_the_line(run_cli, tmp_path: Path) -> None:
    batch = tmp_path / "bad.jsonl"
    batch.write_text('{"query": "fine"}\nnot json\n')
    result = run_cli("retrieve", "--batch", str(batch))
    assert result.returncode != 0
    assert "bad.jsonl:2" in result.stderr


def test_huge_and_foreign_queries_return_results(retriever) -> None:
    huge = "why does he pull away when we get close " * 500
    assert len(huge) >= 20000
    assert retriever.retrieve(huge, k=3)
    for query in (
        "¿Por qué mi pareja se aleja de mí?",
        "彼はなぜ距離を置くの？",
        "🙁💔",
        "a\x00b\x1bc",
    ):
        assert len(retriever.retrieve(query, k=3)) == 3


def test_group_filter(retriever) -> None:
    hits = retriever.retrieve("how do we agree what to do next", k=5, groups=["steps"])
    assert hits and all(hit.section.startswith("steps/") for hit in hits)
