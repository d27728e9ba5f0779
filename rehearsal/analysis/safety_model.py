"""The semantic safety layer: a small classifier that hears indirect disclosures of danger.

Rules (`rehearsal.analysis.safety`) catch what is said plainly; people in danger more often
say it in passing ("dont think ill be around for her birthday", "he has my cards"). This
layer reads a line as its sentence embedding (the MiniLM the app already loads) plus the
0/1 cues of `rehearsal/data/safety_cues.toml` (danger words, and the signs that something
is past, a joke or a free choice), and weighs them with logistic regressions fitted on
`rehearsal/data/safety_bank*.jsonl`: disclosures and the hard negatives that mirror them.
One model says none / self_harm / abuse, another urgent / concern. The fit is cached under
REHEARSE_HOME. Deciding what a score means, with the rules and the conversation's
context, is `rehearsal.analysis.safety_check`'s job.
"""

from __future__ import annotations

import hashlib
import json
import logging
import pickle
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings
from sklearn.linear_model import LogisticRegression

from rehearsal.errors import DataError
from rehearsal.resources import data_file

log = logging.getLogger(__name__)

BANK_FILES = (data_file("safety_bank.jsonl"), data_file("safety_bank2.jsonl"))
CUES_FILE = data_file("safety_cues.toml")
CATEGORIES = ("none", "self_harm", "abuse")
FIT_FORMAT = 1


@dataclass(frozen=True)
class SafetyScore:
    """How the classifier reads one text."""

    crisis: float  # P(self_harm or abuse)
    category: str  # the likelier of the two
    urgent: float  # P(urgent | crisis)


@lru_cache(maxsize=1)
def load_cues(path: Path = CUES_FILE) -> tuple[tuple[str, re.Pattern[str]], ...]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        return tuple(
            (f"{group}.{name}", re.compile("".join(p.strip() for p in pattern.splitlines()), re.I))
            for group, table in data.items()
            for name, pattern in table.items()
        )
    except (OSError, tomllib.TOMLDecodeError, re.error) as error:
        raise DataError(f"safety cues {path} are unreadable: {error}") from None


def cue_vector(folded: str) -> list[float]:
    """0/1 per cue for a line already folded by the safety rules' normaliser."""
    return [1.0 if pattern.search(folded) else 0.0 for _, pattern in load_cues()]


def load_bank(paths: Sequence[Path] = BANK_FILES) -> list[dict[str, str | None]]:
    """Every row of the training banks (two writers, who never saw each other's)."""
    rows = []
    for path in paths:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                if row["safety"] not in (None, "self_harm", "abuse"):
                    raise ValueError(row["safety"])
            except (json.JSONDecodeError, KeyError, ValueError) as error:
                raise DataError(f"{path}:{number}: not a safety bank row ({error})") from None
            rows.append(row)
    return rows


class SafetyModel:
    """Scores folded lines; thread-safe once fitted (only read)."""

    def __init__(
        self, embedder: Embeddings, category: LogisticRegression, level: LogisticRegression
    ) -> None:
        self.embedder = embedder
        self.category = category
        self.level = level

    @classmethod
    def fit(
        cls,
        embedder: Embeddings,
        folded: Sequence[str],
        rows: Sequence[dict[str, str | None]],
        cache_dir: Path | None = None,
    ) -> SafetyModel:
        stamp = _fingerprint(folded, rows, embedder)
        cache = cache_dir / f"safety-model-{stamp}.pkl" if cache_dir else None
        if cache is not None and cache.is_file():
            try:
                with cache.open("rb") as handle:
                    category, level = pickle.load(handle)  # our own file, written below
                return cls(embedder, category, level)
            except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
                log.warning("ignoring an unreadable safety cache at %s", cache)
        features = _features(embedder, list(folded))
        labels = np.array([row["safety"] or "none" for row in rows])
        category = LogisticRegression(C=1.0, max_iter=5000, class_weight="balanced")
        category.fit(features, labels)
        crisis = labels != "none"
        urgent = np.array([row["level"] == "urgent" for row in rows])[crisis]
        level = LogisticRegression(C=1.0, max_iter=5000, class_weight="balanced")
        level.fit(features[crisis], urgent)
        if cache is not None:
            try:
                cache.parent.mkdir(parents=True, exist_ok=True)
                partial = cache.with_suffix(".tmp")
                with partial.open("wb") as handle:
                    pickle.dump((category, level), handle)
                partial.replace(cache)
            except OSError as error:
                log.warning("could not cache the safety model (%s)", error.strerror)
        return cls(embedder, category, level)

    def score(self, folded: Sequence[str], vectors: np.ndarray | None = None) -> list[SafetyScore]:
        """One score per folded text (embedded together, in one batch, or given)."""
        features = _features(self.embedder, list(folded), vectors)
        probabilities = self.category.predict_proba(features)
        classes = list(self.category.classes_)
        urgent = self.level.predict_proba(features)[:, list(self.level.classes_).index(True)]
        scores = []
        for row, p_urgent in zip(probabilities, urgent, strict=True):
            by_class = dict(zip(classes, row, strict=True))
            category = max(("self_harm", "abuse"), key=lambda c: by_class.get(c, 0.0))
            scores.append(SafetyScore(1.0 - by_class["none"], category, float(p_urgent)))
        return scores


def _features(
    embedder: Embeddings, folded: list[str], vectors: np.ndarray | None = None
) -> np.ndarray:
    if vectors is None and len(folded) == 1:
        vectors = np.array([embedder.embed_query(folded[0])], dtype=np.float64)
    elif vectors is None:
        vectors = np.array(embedder.embed_documents(folded), dtype=np.float64)
    return np.hstack([vectors, np.array([cue_vector(text) for text in folded])])


def _fingerprint(
    folded: Sequence[str], rows: Sequence[dict[str, str | None]], embedder: Embeddings
) -> str:
    import sklearn

    digest = hashlib.sha256(json.dumps(list(folded)).encode())
    digest.update(json.dumps([[r["safety"], r["level"]] for r in rows]).encode())
    digest.update(CUES_FILE.read_bytes())
    digest.update(str(getattr(embedder, "model_name", type(embedder).__name__)).encode())
    digest.update(f"{FIT_FORMAT} {sklearn.__version__}".encode())
    return digest.hexdigest()[:20]
