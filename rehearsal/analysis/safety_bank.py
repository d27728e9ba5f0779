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
from rehearsal.text import storable

BANK_FILES = tuple(data_file(f"safety_bank{n}.jsonl") for n in ("", "2", "3", "4"))
# A fifth bank (three more blind writers, half crises, half hard negatives) was tried on
# 2 Dec 2026: recall rose (chat-style 0.934 -> 0.961, tests 0.905 -> 0.916, 0.925 -> 0.938)
# but false alarms rose more (4 -> 11 of 80, 15 -> 23 of 115, ordinary lines 1 -> 5), and
# a higher pause threshold only traded one for the other, so it waits for more negatives.
UNUSED_BANK = data_file("safety_bank5.jsonl")
# The analyser's examples the classifier learned ordinary talk from. The later files
# (labelled_turns_chat3/4, lines written to sound harsh and not be) were tried as more
# negatives: chat-style recall 0.934 -> 0.882 and false alarms 4 -> 8 of 80, held-out
# test 0.905 -> 0.884 and 15 -> 20 of 115, so they wait for a retrain that measures better.
ORDINARY_FILES = tuple(
    data_file(name)
    for name in ("labelled_turns.jsonl", "labelled_turns_chat.jsonl", "labelled_turns_chat2.jsonl")
)
CUES_FILE = data_file("safety_cues.toml")
# Markup and links carry no disclosure: HTML tags, Markdown images and links (their text
# kept), bare addresses.
_MARKUP = re.compile(
    r"<[^<>]{0,300}>|!?\[([^\]]{0,300})\]\([^()]{0,1000}\)|\b(?:https?://|www\.)\S+", re.I
)
_WORD = re.compile(r"[^\W\d_]{2,}")
MAX_READ_CHARS = 4000  # twice what the app accepts in a line
MAX_PIECES = 24  # sentences of a line read on their own; a 2,000-character line has fewer
_SENTENCE_END = re.compile(r"(?<=[.!?;…])\s+|\n+")


def fold(text: str) -> str:
    """One spelling for the safety layers: invalid Unicode repaired, markup dropped,
    shorthand spelled out, contractions expanded."""
    readable = _MARKUP.sub(lambda match: f" {match.group(1) or ''} ", storable(text))
    return normalise(spell_out(readable), _LEXICON).strip()


def has_words(folded: str) -> bool:
    """Whether a folded line says anything the classifier can read (two letters or more)."""
    return _WORD.search(folded) is not None


def readings(text: str, earlier: Sequence[str] = ()) -> list[str]:
    """What the classifier reads of a line: the folded line, then the line after the earlier
    lines that say something (markup, links and "ok" alone are no context). Empty when the
    line itself says nothing the classifier can read."""
    folded = fold(text[:MAX_READ_CHARS])
    if not has_words(folded):
        return []
    context = earlier_readings(earlier)
    return [folded] + ([" ".join([*context, folded])] if context else [])


def earlier_readings(earlier: Sequence[str]) -> list[str]:
    """The earlier lines that say something, folded as each was read on its own turn."""
    return [line for line in (fold(e[-MAX_READ_CHARS:]) for e in earlier) if has_words(line)]


def pieces(folded: str) -> list[str]:
    """The sentences of a line of several, each read on its own: a disclosure said in
    passing inside a long message is itself a sentence. (Stretches of a long run-on line
    were tried too: they caught little and raised false alarms.)"""
    found = [part.strip() for part in _SENTENCE_END.split(folded) if len(part.split()) >= 3]
    return found[:MAX_PIECES] if len(found) > 1 else []


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
    """Every row of the training banks (seven writers, who never saw each other's)."""
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


def ordinary_lines() -> list[str]:
    """The everyday lines the classifier is trained to leave alone (`ORDINARY_FILES`)."""
    from rehearsal.analysis.classifier import load_examples

    return [example.text for example in load_examples(ORDINARY_FILES)]


def training_rows(ordinary: Sequence[str] = ()) -> list[TrainingRow]:
    """The banks' rows, then `ordinary` everyday lines as negatives, folded for the model."""
    rows = []
    for row in load_bank():
        earlier = [str(line) for line in row.get("context") or []]  # type: ignore[attr-defined]
        read = readings(str(row["text"]), earlier)
        if read:
            rows.append(
                TrainingRow(read[-1], str(row["safety"] or "none"), row.get("level") == "urgent")
            )
    rows += [TrainingRow(read[0], "none", False) for text in ordinary if (read := readings(text))]
    return rows


def bank_fingerprint(rows: Sequence[TrainingRow]) -> str:
    """What the weights were trained on, for the test that catches a stale model."""
    payload = json.dumps([[r.text, r.category, r.urgent] for r in rows], ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()[:20]
