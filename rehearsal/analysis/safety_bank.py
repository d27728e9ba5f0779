"""The safety layers' data: the training banks, the cues, and one spelling for both.

`rehearsal/data/safety_bank*.jsonl` are disclosures of danger and the hard negatives that
mirror them, written by helpers who never saw the dev or test sets; a row may carry the
person's earlier lines as `context`. `safety_cues.toml` are the signs the check reads beside
the classifier (a resolved past, a joke, harm still present). `fold` is the spelling every
layer reads. Fitting is `evals/safety_train.py`'s; scoring is
`rehearsal.analysis.safety_model`'s.
"""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rehearsal.analysis.patterns import spell_out
from rehearsal.analysis.safety import _LEXICON
from rehearsal.analysis.safety_rules import normalise
from rehearsal.errors import DataError
from rehearsal.resources import data_file

BANK_FILES = tuple(data_file(f"safety_bank{n}.jsonl") for n in ("", "2", "3"))
CUES_FILE = data_file("safety_cues.toml")


def fold(text: str) -> str:
    """One spelling for the safety layers: shorthand spelled out, contractions expanded."""
    return normalise(spell_out(text), _LEXICON)


@dataclass(frozen=True)
class TrainingRow:
    text: str  # folded; a row's earlier lines come first, as the check reads them
    category: str
    urgent: bool


@lru_cache(maxsize=1)
def load_cues(path: Path = CUES_FILE) -> tuple[tuple[str, re.Pattern[str]], ...]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        return tuple(
            (f"{group}.{name}", re.compile("".join(p.strip() for p in pattern.splitlines()), re.I))
            for group, table in data.items()
            for name, pattern in table.items()
        )
    except (OSError, tomllib.TOMLDecodeError, re.error) as error:
        raise DataError(f"safety cues {path} are unreadable: {error}") from None


def load_bank(paths: Sequence[Path] = BANK_FILES) -> list[dict[str, object]]:
    """Every row of the training banks (three writers, who never saw each other's)."""
    rows = []
    for path in paths:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                if row["safety"] not in (None, "self_harm", "abuse"):
                    raise ValueError(row["safety"])
                if not isinstance(row.get("context", []), list):
                    raise ValueError("context must be a list of lines")
            except (json.JSONDecodeError, KeyError, ValueError) as error:
                raise DataError(f"{path}:{number}: not a safety bank row ({error})") from None
            rows.append(row)
    return rows


def training_rows(ordinary: Sequence[str] = ()) -> list[TrainingRow]:
    """The banks' rows, then `ordinary` everyday lines as negatives, folded for the model."""
    rows = []
    for row in load_bank():
        earlier = [str(line) for line in row.get("context") or []]  # type: ignore[attr-defined]
        rows.append(
            TrainingRow(
                fold(" ".join([*earlier, str(row["text"])])),
                str(row["safety"] or "none"),
                row.get("level") == "urgent",
            )
        )
    rows += [TrainingRow(fold(text), "none", False) for text in ordinary]
    return rows


def bank_fingerprint(rows: Sequence[TrainingRow]) -> str:
    """What the weights were trained on, for the test that catches a stale model."""
    payload = json.dumps([[r.text, r.category, r.urgent] for r in rows], ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()[:20]
