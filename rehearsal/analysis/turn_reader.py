"""The tuned turn reader: MiniLM fine-tuned to read a line's step and skill flags.

The analyser's linear models (`classifier`) read a frozen sentence embedding and cues; this
reader tunes the transformer itself on the same labelled examples. Their errors differ, and
their average reads the step better than either alone (README: on the chat-style dev set
0.84 linear, 0.87 tuned, 0.89 averaged); the analyser averages their readings of the line.
The weights ship as `rehearsal/data/turn_reader.safetensors` with a `.json` card naming the
examples they were trained on; they load once, on the first reading (`tuned_minilm`).
Training is `evals/turn_reader_train.py`'s; combining the readings is `analyzer`'s.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path

import torch

from rehearsal.analysis.classifier import NO_STEP, LabelledTurn, Prediction
from rehearsal.analysis.tuned_minilm import ShippedEncoder
from rehearsal.resources import data_file
from rehearsal.vocabulary import SKILL_FLAGS, STEP_IDS

WEIGHTS_FILE = data_file("turn_reader.safetensors")
CARD_FILE = WEIGHTS_FILE.with_suffix(".json")
STEP_LABELS = (*STEP_IDS, NO_STEP)
REMAKE = "make analysis-model"


class TurnHeads(torch.nn.Module):
    def __init__(self, width: int) -> None:
        super().__init__()
        self.step = torch.nn.Linear(width, len(STEP_LABELS))
        self.flags = torch.nn.Linear(width, len(SKILL_FLAGS))

    def forward(self, vectors: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        return self.step(vectors), self.flags(vectors)


def examples_fingerprint(examples: Sequence[LabelledTurn]) -> str:
    """What the reader learnt from: every example's text and labels."""
    rows = [[e.text, e.step, e.skills, e.trains_step] for e in examples]
    return hashlib.sha256(json.dumps(rows, sort_keys=True).encode()).hexdigest()[:20]


class TurnReader:
    """Reads normalised lines; loads on first use, then thread-safe (only read)."""

    def __init__(self, weights: Path = WEIGHTS_FILE) -> None:
        self.weights = weights
        self._encoder = ShippedEncoder(weights, TurnHeads, REMAKE)

    def warm_up(self) -> None:
        self.read(["hello"])

    def read(self, texts: Sequence[str]) -> list[Prediction]:
        """Step and flag probabilities per text, each read on its own."""
        return [
            Prediction(
                flags=dict(zip(SKILL_FLAGS, torch.sigmoid(flags)[0].tolist(), strict=True)),
                steps=dict(zip(STEP_LABELS, torch.softmax(step, -1)[0].tolist(), strict=True)),
            )
            for step, flags in self._encoder.heads(texts)
        ]


def blend(first: Prediction, second: Prediction) -> Prediction:
    """The plain average of two readings of the same line."""
    return Prediction(
        flags={flag: (p + second.flags[flag]) / 2 for flag, p in first.flags.items()},
        steps={label: (p + second.steps.get(label, 0.0)) / 2 for label, p in first.steps.items()},
    )
