"""The shipped turn reader: trained on today's examples, loadable, refusing bad files, and
read together with the linear models.

Lines here were written for these tests, not taken from the dev sets.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from safetensors.torch import save_file

from rehearsal.analysis.classifier import Prediction, load_examples
from rehearsal.analysis.patterns import normalise
from rehearsal.analysis.turn_reader import (
    CARD_FILE,
    STEP_LABELS,
    TurnReader,
    blend,
    examples_fingerprint,
)
from rehearsal.errors import DataError
from rehearsal.vocabulary import SKILL_FLAGS


@pytest.fixture(scope="module")
def reader() -> TurnReader:
    return TurnReader()


def test_the_weights_were_trained_on_the_examples_as_they_are() -> None:
    card = json.loads(CARD_FILE.read_text(encoding="utf-8"))
    examples = load_examples()
    assert card["lines"] == len(examples)
    assert card["examples"] == examples_fingerprint(examples), (
        "the analyser's labelled examples changed since the turn reader was trained: "
        "run `make analysis-model` and commit rehearsal/data/turn_reader.*"
    )


@pytest.mark.parametrize(
    ("line", "step", "flag"),
    [
        pytest.param(
            "whats been the hardest part of this month for u, if u want to say",
            2,
            "open_question",
            marks=pytest.mark.xfail(
                strict=True,
                reason="since labelled_turns_chat6 the reader hears 'this month' with 'if u want' "
                "as a check-in (step 8 at 0.92); 'lately' still reads as listening",
            ),
        ),
        ("whats been the hardest part for u lately, if u want to say", 2, "open_question"),
        ("i get lonely on the nights we dont speak at all", 1, "i_statement"),
        ("so starting this friday we each pick one evening just for us, deal?", 6, "next_step"),
    ],
)
def test_it_reads_the_step_and_the_skill(
    reader: TurnReader, line: str, step: int, flag: str
) -> None:
    (reading,) = reader.read([normalise(line)])
    assert max(reading.steps, key=lambda label: reading.steps[label]) == STEP_LABELS[step]
    assert reading.flags[flag] > 0.5
    assert reading.flags["blame"] < 0.5


def test_a_line_reads_the_same_whatever_it_is_read_with(reader: TurnReader) -> None:
    lines = ["you never listen to me, ever", "ok"]
    together = reader.read(lines)
    alone = [reader.read([line])[0] for line in lines]
    for one, other in zip(together, alone, strict=True):
        assert one.flags == pytest.approx(other.flags, abs=1e-6)


def test_two_readings_are_averaged() -> None:
    steps = dict.fromkeys(STEP_LABELS, 0.0)
    first = Prediction(dict.fromkeys(SKILL_FLAGS, 0.2), {**steps, STEP_LABELS[0]: 1.0})
    second = Prediction(dict.fromkeys(SKILL_FLAGS, 0.6), {**steps, STEP_LABELS[1]: 1.0})
    both = blend(first, second)
    assert both.flags["blame"] == pytest.approx(0.4)
    assert both.steps[STEP_LABELS[0]] == both.steps[STEP_LABELS[1]] == pytest.approx(0.5)


@pytest.mark.parametrize("content", [b"", b"not a safetensors file", b"\x00" * 64])
def test_a_broken_weights_file_is_a_clear_error(tmp_path: Path, content: bytes) -> None:
    broken = tmp_path / "turn_reader.safetensors"
    broken.write_bytes(content)
    with pytest.raises(DataError, match="make analysis-model"):
        TurnReader(broken).read(["hello"])


def test_weights_for_other_heads_are_refused(tmp_path: Path) -> None:
    import torch

    alien = tmp_path / "turn_reader.safetensors"
    save_file(
        {
            "body.encoder.layer.5.output.dense.bias": torch.zeros(384),
            "heads.step.weight": torch.zeros(3, 384),
        },
        str(alien),
    )
    with pytest.raises(DataError, match="does not fit"):
        TurnReader(alien).read(["hello"])
