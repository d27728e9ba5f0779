"""Are the eval sets apart from the training data? Eval lines that a training line near-copies.

Each family's eval sets (`evals/data/`) are compared with the files its models learn from
(`rehearsal/data/`): a line of four words or more whose lower-cased text a training line
matches at a difflib ratio above 0.9 is a near-copy, and a figure measured on it is partly
a figure on the training data. `evals/data/known_leaks.json` lists the near-copies found
when this check was written (25, from earlier rounds of data; removing them changed no
figure by more than 0.005), which leave the training files when the models are next
retrained; `tests/test_data_apart.py` fails on any other. Run `python -m evals.data_apart`
to list them.
"""

from __future__ import annotations

import difflib
import json
from pathlib import Path

from evals import DATA_DIR
from rehearsal.resources import data_file

FAMILIES = {
    "analysis": ("labelled_turns*.jsonl", "analysis_*.jsonl"),
    "coach": ("coach_training*.jsonl", "coach_*.jsonl"),
    "safety": ("safety_bank*.jsonl", "safety_*.jsonl"),
}
KNOWN_LEAKS = DATA_DIR / "known_leaks.json"
NEAR = 0.9
SHORTEST = 4  # words: "ok", "lol" and "did u eat yet" are everyone's


def _texts(folder: Path, pattern: str) -> list[tuple[str, str]]:
    rows = []
    for path in sorted(folder.glob(pattern)):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rows.append((path.name, str(json.loads(line)["text"]).lower()))
    return rows


def near_copies(family: str) -> list[tuple[str, str, str]]:
    """(eval file, eval line, training file) for each eval line a training line near-copies."""
    training_pattern, eval_pattern = FAMILIES[family]
    training = _texts(data_file(""), training_pattern)
    found = []
    for eval_file, text in _texts(DATA_DIR, eval_pattern):
        if len(text.split()) < SHORTEST:
            continue
        matcher = difflib.SequenceMatcher(None, "", text, autojunk=False)
        for training_file, other in training:
            if abs(len(other) - len(text)) > 0.25 * max(len(other), len(text)):
                continue
            matcher.set_seq1(other)
            quick = matcher.real_quick_ratio() > NEAR and matcher.quick_ratio() > NEAR
            if quick and matcher.ratio() > NEAR:
                found.append((eval_file, text, training_file))
                break
    return found


def known_leaks() -> set[tuple[str, str]]:
    """(eval file, lower-cased line) of the near-copies known and due to leave training."""
    listed = json.loads(KNOWN_LEAKS.read_text(encoding="utf-8"))
    return {(name, text) for name, texts in listed.items() for text in texts}


if __name__ == "__main__":
    for family in FAMILIES:
        for eval_file, text, training_file in near_copies(family):
            print(f"{family}: {eval_file}: {text!r} is near-copied in {training_file}")
