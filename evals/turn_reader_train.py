"""Fine-tune the turn reader: MiniLM's transformer layers and a step head and a flag head.

The product reads each line's step and skills with `rehearsal.analysis.turn_reader` beside
the linear models of `rehearsal.analysis.classifier`. This script is the only way the
reader's weights are made: it reads the analyser's labelled examples
(`rehearsal/data/labelled_turns*.jsonl`, written by helpers who never saw the dev sets;
the rows the classifier keeps for flags only train only the flag head here too),
fine-tunes for a few epochs on the CPU (about three minutes on two quiet cores), and writes
`rehearsal/data/turn_reader.safetensors` and its `.json` card (the examples' fingerprint,
so a test can tell when they changed and the weights did not).

Run it with `make analysis-model` after editing the examples. Evaluation is
`rehearse eval analysis`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import torch

from evals.fine_tune import FROZEN_LAYERS, command_line, save, seeded_encoder, soup, tune
from rehearsal.analysis.classifier import NO_STEP, LabelledTurn, load_examples
from rehearsal.analysis.patterns import normalise
from rehearsal.analysis.tuned_minilm import Encoder
from rehearsal.analysis.turn_reader import (
    STEP_LABELS,
    WEIGHTS_FILE,
    TurnHeads,
    examples_fingerprint,
)
from rehearsal.vocabulary import SKILL_FLAGS

EPOCHS = 6
RUNS = 1  # an average of three read the dev sets no better (the same totals on both)
FLAG_LOSS = 3.0  # twelve yes/no flags against one step: the flags weigh as much in all


def fit(
    examples: Sequence[LabelledTurn], frozen_layers: int, epochs: int = EPOCHS, run: int = 0
) -> Encoder:
    """A fine-tuned reader; deterministic for a given seed, run, examples and torch build."""
    encoder = seeded_encoder(frozen_layers, TurnHeads, run)
    steps = torch.tensor([STEP_LABELS.index(e.step or NO_STEP) for e in examples])
    trains_step = torch.tensor([e.trains_step for e in examples])
    flags = torch.tensor([[float(e.skills[f]) for f in SKILL_FLAGS] for e in examples])

    def loss_of(batch: list[int], outputs: tuple[torch.Tensor, ...]) -> torch.Tensor:
        step, shown = outputs
        loss = FLAG_LOSS * torch.nn.functional.binary_cross_entropy_with_logits(shown, flags[batch])
        stepped = trains_step[batch]
        if stepped.any():
            loss = loss + torch.nn.functional.cross_entropy(step[stepped], steps[batch][stepped])
        return loss

    return tune(encoder, [normalise(example.text) for example in examples], loss_of, epochs)


def main(
    frozen_layers: int = FROZEN_LAYERS,
    epochs: int = EPOCHS,
    runs: int = RUNS,
    weights: Path = WEIGHTS_FILE,
) -> None:
    examples = load_examples()
    print(f"{len(examples)} labelled examples")
    encoder = soup([fit(examples, frozen_layers, epochs, run) for run in range(runs)])
    save(
        encoder,
        weights,
        frozen_layers,
        epochs,
        runs,
        len(examples),
        examples=examples_fingerprint(examples),
    )


if __name__ == "__main__":
    command_line(__doc__.splitlines()[0], main, EPOCHS, RUNS, WEIGHTS_FILE)
