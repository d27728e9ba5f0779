"""Is the person in danger? Rules and a semantic layer, read with the conversation so far.

Two layers decide together:

- the rules of `rehearsal.analysis.safety`, precise on what is said plainly ("he hit me",
  "I want to kill myself"), each with its level; a rule hit inside a clearly resolved past
  ("my ex used to hit me, that was years ago and I'm safe now") is left to the second
  layer instead of pausing at once;
- the classifier of `rehearsal.analysis.safety_model`, which hears what is said in passing.
  It reads the line alone and, when there are earlier lines, the line with them: "so I'm
  scared to bring it up again" after "he threatened me last week" is not the same line,
  and "gave away most of my stuff today" after "we move on Friday" is not either.

Two levels come out: *urgent* (intent, plan, means, immediate danger: the emergency number
first) and *concern* (control, fear, harm still present, or a disclosure the classifier is
less sure of: a gentle "are you safe?" check). Thresholds were set on cross-validated
scores of the training bank. What to do about a verdict is the rehearsal's business.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings

from rehearsal.analysis.patterns import spell_out
from rehearsal.analysis.safety import _LEXICON, find
from rehearsal.analysis.safety_model import SafetyModel, load_bank, load_cues
from rehearsal.analysis.safety_rules import normalise
from rehearsal.vocabulary import SafetyCategory, SafetyLevel

CONCERN_AT = 0.80  # classifier score for a gentle check (training CV: 0.8% of ordinary lines)
URGENT_AT = 0.95  # a classifier score as sure as a rule (training CV: 4% of hard negatives)
URGENT_LEVEL_AT = 0.6  # P(urgent | crisis) that makes a classifier hit urgent
CONTEXT_LINES = 2


@dataclass(frozen=True)
class SafetyVerdict:
    category: SafetyCategory | None = None
    level: SafetyLevel | None = None
    source: str = ""  # "rule", "classifier", "context"
    score: float = 0.0
    rule: str = ""


SAFE = SafetyVerdict()


def fold(text: str) -> str:
    """One spelling for the safety layers: shorthand spelled out, contractions expanded."""
    return normalise(spell_out(text), _LEXICON)


class SafetyCheck:
    """Rules plus the classifier; thread-safe once built."""

    def __init__(self, model: SafetyModel) -> None:
        self.model = model
        cues = dict(load_cues())
        self._resolved = cues["negative.resolved_past"]
        self._present = cues["abuse.now"]
        # Signs that a line the classifier finds alarming is something else: a joke or a
        # figure of speech, a resolved past, a free choice, an ordinary fear, a film.
        self._vetoes = [pattern for name, pattern in cues.items() if name.startswith("negative.")]

    def _resolved_past(self, folded: str) -> bool:
        return bool(self._resolved.search(folded)) and not self._present.search(folded)

    def _vetoed(self, folded: str, score: float) -> bool:
        """A classifier hit (not a rule) that the line, read with its context, explains
        away (a joke, a resolved past, a free choice, a house move), unless sure."""
        if score >= URGENT_AT and self._present.search(folded):
            return False
        return any(pattern.search(folded) for pattern in self._vetoes)

    def texts(self, text: str, context: Sequence[str] = ()) -> list[str]:
        """What the classifier reads: the folded line, and the line with its context."""
        earlier = [line for line in context[-CONTEXT_LINES:] if line.strip()]
        return [fold(text)] + ([fold(" ".join([*earlier, text]))] if earlier else [])

    def assess(
        self, text: str, context: Sequence[str] = (), vectors: np.ndarray | None = None
    ) -> SafetyVerdict:
        """The verdict on `text`, said after the person's `context` lines (oldest first).

        `vectors`, when given, are the embeddings of `self.texts(text, context)`.
        """
        if not text.strip():
            return SAFE
        texts = self.texts(text, context)
        folded = texts[0]
        rule = find(text)
        scores = self.model.score(texts, vectors)
        alone, with_context = scores[0], scores[-1]
        if rule is not None and not self._resolved_past(folded):
            level: SafetyLevel = rule.level
            if alone.urgent >= URGENT_LEVEL_AT and alone.crisis >= URGENT_AT:
                level = "urgent"
            return SafetyVerdict(rule.category, level, "rule", alone.crisis, rule.rule)
        best = max(scores, key=lambda s: s.crisis)
        if best.crisis < CONCERN_AT or self._vetoed(texts[-1], best.crisis):
            return SAFE
        source = "context" if best is with_context and best is not alone else "classifier"
        sure = best.crisis >= URGENT_AT and best.urgent >= URGENT_LEVEL_AT
        category: SafetyCategory = best.category  # type: ignore[assignment]
        return SafetyVerdict(category, "urgent" if sure else "concern", source, best.crisis)


def build_safety_check(
    embedder: Embeddings, cache_dir: Path | None, ordinary: Sequence[str] = ()
) -> SafetyCheck:
    """The check with its classifier fitted on the bundled bank (cached after the first fit).

    `ordinary` are everyday rehearsal lines (the analyser's training lines): negatives that
    teach the classifier that feelings, blame and plans are not danger.
    """
    rows = [*load_bank(), *({"text": t, "safety": None, "level": None} for t in ordinary)]
    model = SafetyModel.fit(embedder, [fold(str(r["text"])) for r in rows], rows, cache_dir)
    return SafetyCheck(model)
