"""The semantic safety layer: MiniLM fine-tuned to hear indirect disclosures of danger.

Rules (`rehearsal.analysis.safety`) catch what is said plainly; people in danger more often
say it in passing ("dont think ill be around for her birthday", "he has my cards"). A
linear model over frozen sentence embeddings could not tell those from sadness about the
relationship (recall 0.76 with 11 false alarms in 80 on the chat-style dev set), so this
layer is the bundled all-MiniLM-L6-v2 with its transformer layers fine-tuned and two small
heads: none / self_harm / abuse, and urgent vs concern. The tuned layers ship as
`rehearsal/data/safety_classifier.safetensors` (21 MB, half precision) and load once, on
the first score, whatever embedder retrieval uses (`tuned_minilm` builds and loads them).

Training is `evals/safety_train.py`'s; the data is
`rehearsal.analysis.safety_bank`'s; what a score means is `safety_check`'s.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import torch

from rehearsal.analysis.tuned_minilm import ShippedEncoder
from rehearsal.resources import data_file

WEIGHTS_FILE = data_file("safety_classifier.safetensors")
CARD_FILE = WEIGHTS_FILE.with_suffix(".json")
CATEGORIES = ("none", "self_harm", "abuse")
REMEMBERED = 512  # texts whose scores are kept (a line is at most 4,000 characters)


@dataclass(frozen=True)
class SafetyScore:
    """How the classifier reads one text."""

    crisis: float  # P(self_harm or abuse)
    category: str  # the likelier of the two
    urgent: float  # P(urgent | crisis)


class Heads(torch.nn.Module):
    def __init__(self, width: int) -> None:
        super().__init__()
        self.category = torch.nn.Linear(width, len(CATEGORIES))
        self.level = torch.nn.Linear(width, 2)  # concern, urgent

    def forward(self, vectors: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        return self.category(vectors), self.level(vectors)


class SafetyModel:
    """Scores folded lines; loads on first use, then thread-safe."""

    def __init__(self, weights: Path = WEIGHTS_FILE) -> None:
        self.weights = weights
        # int8 linear layers: nearly the same verdicts as float (one crisis of 76 fewer on
        # the chat-style dev set; README).
        self._encoder = ShippedEncoder(weights, Heads, "make safety-model")
        self._remembered = lru_cache(maxsize=REMEMBERED)(self._read)  # thread-safe

    def warm_up(self) -> None:
        self.score(["hello"])

    def score(self, folded: Sequence[str]) -> list[SafetyScore]:
        """One score per folded text, each read on its own; the last few hundred texts are
        remembered, so a person's earlier lines, read again as context, cost nothing."""
        return [self._remembered(text) for text in folded]

    def _read(self, text: str) -> SafetyScore:
        return _score(self._encoder.heads([text])[0])


def _score(outputs: tuple[torch.Tensor, ...]) -> SafetyScore:
    category, level = outputs
    by_class = dict(zip(CATEGORIES, torch.softmax(category, -1)[0].tolist(), strict=True))
    urgent = float(torch.softmax(level, -1)[0, 1])
    likelier = max(("self_harm", "abuse"), key=lambda c: by_class[c])
    return SafetyScore(1.0 - by_class["none"], likelier, urgent)
