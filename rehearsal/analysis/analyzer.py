"""Analyse one user utterance: step, skill flags, safety category and level, a rewrite.

Combines the parts: `safety_check.SafetyCheck` for danger (rules and a classifier, with
the person's earlier lines as context), `classifier.TurnClassifier` (embeddings + cues) and
`turn_reader.TurnReader` (a tuned MiniLM) for the flags and the step, their readings of the
whole line averaged, `rewrite.rewrite` (templates) for blaming, demanding or threatening
lines. The conversation's context breaks near-ties of the step: a short or
generic line ("ok, go on") stays on the step the conversation is on, while a line whose
step is clear keeps it. Tracking steps over a session is `rehearsal.steps`'; coaching is
`rehearsal.coach`'s.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from rehearsal.analysis.classifier import NO_STEP, TurnClassifier, load_examples
from rehearsal.analysis.patterns import normalise
from rehearsal.analysis.rewrite import rewrite
from rehearsal.analysis.safety_check import SafetyCheck, build_safety_check
from rehearsal.analysis.turn_reader import TurnReader, blend
from rehearsal.errors import EmptyInputError
from rehearsal.settings import Settings
from rehearsal.vocabulary import SKILL_FLAGS, SafetyCategory, SafetyLevel

CONTEXT_BONUS = 0.15
CONFIDENT = 0.5  # a reading this sure of its step ignores the context
MAX_ANALYSED_CHARS = 2000
CLAUSE_MARGIN = 0.2  # how much surer a single clause must be than the whole line


@dataclass(frozen=True)
class TurnContext:
    """What the analyser may know about the conversation so far."""

    current_step: str | None = None
    partner_last: str | None = None
    earlier: tuple[str, ...] = ()  # the person's previous lines, oldest first


@dataclass(frozen=True)
class Analysis:
    """The reading of one utterance, in the shape of DESIGN.md's `analyze` JSON."""

    text: str
    step: str | None
    skills: dict[str, bool]
    safety: SafetyCategory | None
    rewrite: str | None
    safety_level: SafetyLevel | None = None
    # For a line of several sentences: the sentence, as typed, that shows each skill most
    # clearly (what the coach quotes back). Not part of the JSON contract.
    evidence: Mapping[str, str] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "step": self.step,
            "skills": dict(self.skills),
            "safety": self.safety,
            "safety_level": self.safety_level,
            "rewrite": self.rewrite,
        }

    def used(self) -> list[str]:
        """The flags that are set, in the canonical order."""
        return [flag for flag in SKILL_FLAGS if self.skills.get(flag)]


CLAUSE_BREAK = re.compile(r"(?<=[.!?…;])\s+|\s*(?:…|\.\.\.+)\s*|,\s+(?=but\b)")


def clauses(text: str) -> list[tuple[str, str]]:
    """The line's sentences (and "…, but …" halves) with at least three words each, as
    typed and as normalised for the classifier."""
    parts = ((part, normalise(part)) for part in CLAUSE_BREAK.split(text) if part)
    return [(said, clean) for said, clean in parts if len(clean.split()) >= 3]


class Analyzer:
    """Reads user turns; thread-safe once built (the models are only read)."""

    def __init__(
        self, classifier: TurnClassifier, safety: SafetyCheck, reader: TurnReader | None = None
    ) -> None:
        self.classifier = classifier
        self.safety = safety
        self.reader = reader

    def warm_up(self) -> None:
        """Load the tuned models now rather than on the first line."""
        self.safety.model.warm_up()
        if self.reader is not None:
            self.reader.warm_up()

    def analyze(self, text: str, context: TurnContext | None = None) -> Analysis:
        if not text or not text.strip():
            raise EmptyInputError("empty text: give an utterance to analyse (or --batch FILE)")
        clean = normalise(text)[:MAX_ANALYSED_CHARS] or "?"
        parts = clauses(" ".join(text.split())[:MAX_ANALYSED_CHARS])
        read = [clean, *(part for _, part in parts)] if len(parts) > 1 else [clean]
        earlier = context.earlier if context else ()
        # One batch of the embedder for the whole line and its clauses.
        vectors = np.array(self.classifier.embedder.embed_documents(read), dtype=np.float64)
        predictions = self.classifier.predict_many(read, vectors)
        prediction = predictions[0]
        if self.reader is not None:  # the two readers of the whole line, averaged
            prediction = blend(prediction, self.reader.read([clean])[0])
        thresholds = self.classifier.thresholds
        # A skill shows in a line when the line shows it, or when one of its clauses shows
        # it clearly (a feeling and a request run together are both there).
        skills = (
            {
                flag: prediction.flags[flag] >= thresholds[flag]
                or max(p.flags[flag] for p in predictions[1:]) >= thresholds[flag] + CLAUSE_MARGIN
                for flag in SKILL_FLAGS
            }
            if len(predictions) > 1
            else {flag: prediction.flags[flag] >= thresholds[flag] for flag in SKILL_FLAGS}
        )
        evidence = (
            {
                flag: parts[max(range(len(parts)), key=lambda n: predictions[n + 1].flags[flag])][0]
                for flag, shown in skills.items()
                if shown
            }
            if len(predictions) > 1
            else {}
        )
        step_scores = dict(prediction.steps)
        current = context.current_step if context else None
        if current in step_scores and max(step_scores.values()) < CONFIDENT:
            step_scores[current] += CONTEXT_BONUS
        best = max(step_scores, key=lambda label: step_scores[label])
        verdict = self.safety.assess(text, earlier)
        return Analysis(
            text=text,
            step=None if best == NO_STEP else best,
            skills=skills,
            safety=verdict.category,
            rewrite=rewrite(clean, skills),
            safety_level=verdict.level,
            evidence=evidence,
        )


def build_analyzer(settings: Settings) -> Analyzer:
    """An analyser fitted on the bundled examples with the configured embedder."""
    from rehearsal.retrieval import embedder as load_embedder

    embedder = load_embedder(settings)
    cache = settings.home / "cache"
    examples = load_examples()
    classifier = TurnClassifier.fit(embedder, examples, cache_dir=cache)
    safety = build_safety_check()
    return Analyzer(classifier, safety, TurnReader())
