"""Which sections a turn like this one calls for, learned from labelled sessions.

Retrieval says how much a section's words match the person's line; this model says how
often careful readers chose that section for lines and partner replies like these. It is
one logistic regression per leaf section over the person's line vector, the partner's
last reply vector (the bundled MiniLM's, already embedded for retrieval, so it costs a
small matrix product) and the harmful skills the analyser found, fitted by
`evals/coach_fit.py` on the coach's training sessions and shipped as
`rehearsal/data/coach_sections.safetensors`, with the section ids and a fingerprint of the
training files in its metadata. Its probability is one feature of the coach's ranking
(`rehearsal.coach.ranking`), never a verdict on its own. `save_tensors` and `load_tensors`
read and write that kind of file for the labelled neighbours too (`rehearsal.coach.neighbours`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from safetensors import SafetensorError, safe_open
from safetensors.numpy import save_file

from rehearsal.errors import DataError
from rehearsal.resources import data_file

MODEL_FILE = data_file("coach_sections.safetensors")
HARMFUL = ("blame", "demand", "ultimatum")  # the analyser's harmful flags, in input order
TRAINING_FILES = tuple(
    data_file(n)
    for n in (
        "coach_training.jsonl",
        "coach_training2.jsonl",
        "coach_training3.jsonl",
        "coach_training4.jsonl",
    )
)


def training_fingerprint(paths: Sequence[Path] = TRAINING_FILES) -> str:
    """A digest of the training sessions, so a stale model is noticed."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def inputs(line: np.ndarray, partner: np.ndarray, harmful: Sequence[str]) -> np.ndarray:
    """The model's input for one turn: the line's vector, the partner's reply's (zeros when
    there is none), and 0/1 for each harmful flag."""
    flags = np.array([float(flag in harmful) for flag in HARMFUL], dtype=np.float32)
    return np.concatenate([line, partner, flags]).astype(np.float32)


@dataclass(frozen=True)
class SectionModel:
    """P(a careful reader would cite the section) for a line and the partner's reply."""

    sections: tuple[str, ...]
    coef: np.ndarray  # (sections, inputs): see `inputs`
    intercept: np.ndarray  # (sections,)
    fingerprint: str = ""

    def scores(self, features: np.ndarray) -> dict[str, float]:
        """Each section's probability for a turn's `inputs`."""
        logits = self.coef @ features.astype(np.float32) + self.intercept
        probabilities = 1.0 / (1.0 + np.exp(-np.clip(logits, -30.0, 30.0)))
        return dict(zip(self.sections, probabilities.tolist(), strict=True))

    def save(self, path: Path = MODEL_FILE) -> None:
        tensors = {"coef": self.coef, "intercept": self.intercept}
        save_tensors(path, tensors, np.float32, self.sections, self.fingerprint)


def save_tensors(
    path: Path,
    tensors: dict[str, np.ndarray],
    dtype: type[np.floating],
    sections: Sequence[str],
    fingerprint: str,
) -> None:
    """A coach model file: its tensors as `dtype`, its section ids and training fingerprint
    in the metadata (the section model and the labelled neighbours both)."""
    save_file(
        {name: tensor.astype(dtype) for name, tensor in tensors.items()},
        str(path),
        metadata={"sections": json.dumps(list(sections)), "fingerprint": fingerprint},
    )


def load_tensors(
    path: Path, names: Sequence[str], what: str
) -> tuple[dict[str, np.ndarray], tuple[str, ...], str]:
    """A file `save_tensors` wrote: its tensors (float32), section ids and fingerprint; a
    DataError naming `what` when it cannot be read."""
    try:
        with safe_open(str(path), framework="np") as handle:
            metadata = handle.metadata() or {}
            tensors = {name: handle.get_tensor(name).astype(np.float32) for name in names}
        sections = tuple(json.loads(metadata["sections"]))
    except (OSError, SafetensorError, KeyError, ValueError) as error:
        raise DataError(f"{what} {path} is unreadable: {error}") from None
    return tensors, sections, metadata.get("fingerprint", "")


@lru_cache(maxsize=2)
def load_section_model(path: Path = MODEL_FILE) -> SectionModel:
    """The shipped model, read once."""
    tensors, sections, fingerprint = load_tensors(
        path, ("coef", "intercept"), "the coach's section model"
    )
    model = SectionModel(sections, tensors["coef"], tensors["intercept"], fingerprint)
    if model.coef.shape[0] != len(sections) or model.intercept.shape != (len(sections),):
        raise DataError(f"the coach's section model {path} does not match its section list")
    return model
