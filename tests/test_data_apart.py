"""The eval sets stay apart from the training data: no new near-copies, and the known ones
are listed only while they are still there (so the list shrinks as they are removed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from evals.data_apart import FAMILIES, known_leaks, near_copies


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_no_eval_line_is_near_copied_in_training_beyond_the_known(family: str) -> None:
    found = {(eval_file, text) for eval_file, text, _ in near_copies(family)}
    new = found - known_leaks()
    assert not new, f"eval lines near-copied in {family} training data: {sorted(new)}"


def test_every_known_leak_is_still_there() -> None:
    found = {(f, text) for family in FAMILIES for f, text, _ in near_copies(family)}
    gone = known_leaks() - found
    assert not gone, f"remove these from evals/data/known_leaks.json: {sorted(gone)}"


def test_a_line_copied_into_training_is_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import evals.data_apart as data_apart

    (tmp_path / "labelled_turns_x.jsonl").write_text(
        '{"text": "I feel so alone when you go quiet for days on end"}\n', encoding="utf-8"
    )
    (tmp_path / "analysis_x.jsonl").write_text(
        '{"text": "i feel so alone when u go quiet for days on end"}\n'
        '{"text": "what would help you feel less trapped by the plans"}\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(data_apart, "DATA_DIR", tmp_path)
    monkeypatch.setattr(data_apart, "data_file", lambda name: tmp_path / name)
    assert data_apart.near_copies("analysis") == [
        (
            "analysis_x.jsonl",
            "i feel so alone when u go quiet for days on end",
            "labelled_turns_x.jsonl",
        )
    ]
