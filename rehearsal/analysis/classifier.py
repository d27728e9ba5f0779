"""The trained part of turn analysis: skill flags and step from embeddings plus cues.

Each utterance becomes one feature vector, its MiniLM sentence embedding joined with the
0/1 linguistic cues of `rehearsal.analysis.patterns`. One logistic regression per skill
flag and one multinomial regression over the eight steps (plus "no step") are fitted on
the labelled examples in `rehearsal/data/labelled_turns*.jsonl` (tidy sentences, and
lines typed as people type in a chat box) when first needed; the examples' embeddings
are cached under REHEARSE_HOME so later starts only refit (well under a second). Safety,
rewrites and the conversation's context are the analyser's business.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings
from sklearn.linear_model import LogisticRegression

from rehearsal.analysis.patterns import CUE_NAMES, cue_vector
from rehearsal.errors import DataError
from rehearsal.resources import data_file
from rehearsal.vocabulary import SKILL_FLAGS, STEP_IDS, check_skill_keys

log = logging.getLogger(__name__)

EXAMPLE_FILES = (data_file("labelled_turns.jsonl"),)
NO_STEP = "none"
FLAG_REGULARISATION = 4.0
STEP_REGULARISATION = 8.0


@dataclass(frozen=True)
class LabelledTurn:
    text: str
    step: str | None
    skills: dict[str, bool]


@dataclass(frozen=True)
class Prediction:
    """Flag probabilities and step probabilities for one utterance."""

    flags: dict[str, float]
    steps: dict[str, float]


def load_examples(paths: Sequence[Path] = EXAMPLE_FILES) -> list[LabelledTurn]:
    """Every labelled example; a row out of step with the skill registry names its line."""
    examples = []
    for path in paths:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            try:
                row = json.loads(line)
                text, step, skills = row["text"], row["step"], row["skills"]
            except (json.JSONDecodeError, KeyError, TypeError):
                raise DataError(f"{where}: expected {{text, step, skills}}") from None
            check_skill_keys(skills, where, complete=True)
            if step is not None and step not in STEP_IDS:
                raise DataError(f"{where}: unknown step {step!r}")
            examples.append(LabelledTurn(text, step, {k: bool(v) for k, v in skills.items()}))
    return examples


class TurnClassifier:
    """Fitted flag and step models over embedding + cue features."""

    def __init__(
        self,
        embedder: Embeddings,
        flag_models: dict[str, LogisticRegression],
        step_model: LogisticRegression,
    ) -> None:
        self.embedder = embedder
        self.flag_models = flag_models
        self.step_model = step_model

    @classmethod
    def fit(
        cls, embedder: Embeddings, examples: Sequence[LabelledTurn], cache_dir: Path | None = None
    ) -> TurnClassifier:
        vectors = _embed_examples(embedder, [example.text for example in examples], cache_dir)
        features = np.hstack([vectors, np.array([cue_vector(e.text) for e in examples])])
        flag_models = {}
        for flag in SKILL_FLAGS:
            labels = np.array([example.skills[flag] for example in examples])
            flag_models[flag] = LogisticRegression(
                C=FLAG_REGULARISATION, max_iter=3000, class_weight="balanced"
            ).fit(features, labels)
        steps = [example.step or NO_STEP for example in examples]
        step_model = LogisticRegression(C=STEP_REGULARISATION, max_iter=3000).fit(features, steps)
        return cls(embedder, flag_models, step_model)

    def features(self, text: str) -> np.ndarray:
        vector = np.array(self.embedder.embed_query(text), dtype=np.float64)
        return np.concatenate([vector, np.array(cue_vector(text))])[None, :]

    def predict(self, text: str) -> Prediction:
        row = self.features(text)
        flags = {
            flag: float(model.predict_proba(row)[0][list(model.classes_).index(True)])
            for flag, model in self.flag_models.items()
        }
        step_probabilities = self.step_model.predict_proba(row)[0]
        steps = {
            str(label): float(probability)
            for label, probability in zip(self.step_model.classes_, step_probabilities, strict=True)
        }
        return Prediction(flags=flags, steps=steps)


def _fingerprint(texts: Sequence[str], embedder: Embeddings) -> str:
    digest = hashlib.sha256(json.dumps(list(texts)).encode())
    digest.update(str(getattr(embedder, "model_name", type(embedder).__name__)).encode())
    digest.update(str(len(CUE_NAMES)).encode())
    return digest.hexdigest()[:20]


def _embed_examples(embedder: Embeddings, texts: list[str], cache_dir: Path | None) -> np.ndarray:
    """Embeddings of the labelled examples, from the cache when it matches."""
    cache = cache_dir / f"turn-examples-{_fingerprint(texts, embedder)}.npy" if cache_dir else None
    if cache is not None and cache.is_file():
        try:
            vectors = np.load(cache)
            if vectors.shape[0] == len(texts):
                return vectors
        except (OSError, ValueError):
            log.warning("ignoring an unreadable analyser cache at %s", cache)
    vectors = np.array(embedder.embed_documents(texts), dtype=np.float64)
    if cache is not None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        np.save(cache, vectors)
    return vectors
