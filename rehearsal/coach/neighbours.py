"""What careful readers chose for the labelled turns most like this one.

The section model (`rehearsal.coach.section_model`) draws one straight line per section
through the training turns; this looks up the `K` training turns nearest to this one
(cosine over the person's line and, weighed by `PARTNER_WEIGHT`, the partner's last
reply: the bundled MiniLM vectors retrieval has already made) and lets them vote for the
passages their labellers accepted (the first choice counts 1, the others `LATER_CHOICE`),
each vote weighed by the square of its similarity. It catches what a straight line
misses: a kind of turn readers answered with a passage the line's words alone don't
point to ("you said that last year. and the year before" → walk-away/). Its score is one
feature of the coach's ranking (`rehearsal.coach.ranking`), never a verdict.
`evals/coach_fit.py` builds it from the training sessions and ships it as
`rehearsal/data/coach_neighbours.safetensors`, with a fingerprint of those sessions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from rehearsal.coach.section_model import load_tensors, save_tensors
from rehearsal.errors import DataError
from rehearsal.resources import data_file

NEIGHBOURS_FILE = data_file("coach_neighbours.safetensors")
K = 10
PARTNER_WEIGHT = 1.0
LATER_CHOICE = 0.6  # a passage the labeller accepted but did not choose first


def key(line: np.ndarray, partner: np.ndarray) -> np.ndarray:
    """A turn's look-up key: both unit vectors side by side (zeros for a missing reply)."""

    def unit(vector: np.ndarray) -> np.ndarray:
        norm = float(np.linalg.norm(vector))
        return vector / norm if norm else vector

    return np.concatenate([unit(line), PARTNER_WEIGHT * unit(partner)]).astype(np.float32)


def votes(acceptable: Sequence[str], sections: Sequence[str]) -> np.ndarray:
    """One labelled turn's votes, in `sections` order."""
    row = np.zeros(len(sections), np.float32)
    for rank, sid in enumerate(acceptable):
        if sid in sections:
            row[list(sections).index(sid)] = 1.0 if rank == 0 else LATER_CHOICE
    return row


@dataclass(frozen=True)
class Neighbours:
    """The labelled training turns, as keys and the votes of their labellers."""

    sections: tuple[str, ...]
    keys: np.ndarray  # (turns, key size), see `key`
    labels: np.ndarray  # (turns, sections), see `votes`
    fingerprint: str = ""

    def scores(self, turn_key: np.ndarray) -> dict[str, float]:
        """Each section's share of the nearest turns' votes (0 to 1)."""
        if not len(self.keys):
            return dict.fromkeys(self.sections, 0.0)
        similarity = self.keys @ np.asarray(turn_key, np.float32)
        nearest = np.argpartition(-similarity, K)[:K] if len(similarity) > K else slice(None)
        weight = np.maximum(similarity[nearest], 0.0) ** 2
        total = float(weight.sum()) or 1.0
        share = (weight[:, None] * self.labels[nearest]).sum(axis=0) / total
        return dict(zip(self.sections, share.tolist(), strict=True))

    def save(self, path: Path = NEIGHBOURS_FILE) -> None:
        tensors = {"keys": self.keys, "labels": self.labels}
        save_tensors(path, tensors, np.float16, self.sections, self.fingerprint)


@lru_cache(maxsize=2)
def load_neighbours(path: Path = NEIGHBOURS_FILE) -> Neighbours:
    """The shipped turns, read once."""
    tensors, sections, fingerprint = load_tensors(
        path, ("keys", "labels"), "the coach's labelled turns"
    )
    keys, labels = tensors["keys"], tensors["labels"]
    if labels.shape != (keys.shape[0], len(sections)):
        raise DataError(f"the coach's labelled turns {path} do not match their section list")
    return Neighbours(sections, keys, labels, fingerprint)
