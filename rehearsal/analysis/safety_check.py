"""Is the person in danger? Rules and a semantic layer, read with the conversation so far.

Two layers decide together:

- the rules of `rehearsal.analysis.safety`, precise on what is said plainly ("he hit me",
  "I want to kill myself"), each with its level; a rule hit inside a clearly resolved past
  ("my ex used to hit me, that was years ago and I'm safe now") is left to the second
  layer instead of pausing at once;
- the classifier of `rehearsal.analysis.safety_model`, which hears what is said in passing.
  It reads the line alone, each sentence of a long message, and, when there are earlier
  lines, the line with them: "so I'm scared to bring it up again" after "he threatened me
  last week" is not the same line, and "gave away most of my stuff today" after "we move
  on Friday" is not either. A line that alarms on its own keeps its own reading.

Two levels come out: *urgent* (intent, plan, means, immediate danger: the emergency number
first) and *concern* (control, fear, harm still present, or a disclosure the classifier is
less sure of: a gentle "are you safe?" check), the classifier's level head deciding for
what it hears. The thresholds were chosen on the chat-style dev set (README, "Safety");
the blind test sets measure them. What to do about a verdict is the rehearsal's business.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rehearsal.analysis.safety import blank_idioms, find
from rehearsal.analysis.safety_bank import earlier_readings, load_cues, pieces, readings
from rehearsal.analysis.safety_model import SafetyModel, SafetyScore
from rehearsal.vocabulary import SafetyCategory, SafetyLevel

CONCERN_AT = 0.9  # P(crisis) from the classifier that pauses for a gentle check
SURE_AT = 0.95  # a classifier this sure is not explained away by a joke or a resolved past
URGENT_LEVEL_AT = 0.5  # P(urgent | crisis) that makes a hit urgent
CONTEXT_LINES = 2
# The line is read after its context only when it, or one of the earlier lines on its own,
# is at least this alarming: no disclosure of the dev or test sets that its context made
# heard scored below 0.27 that way, and 96% of ordinary lines do (a MiniLM pass saved).
CONTEXT_WORTH_AT = 0.05


@dataclass(frozen=True)
class SafetyVerdict:
    category: SafetyCategory | None = None
    level: SafetyLevel | None = None
    source: str = ""  # "rule", "classifier", "context"
    score: float = 0.0
    rule: str = ""


SAFE = SafetyVerdict()


def as_heard(folded: Sequence[str]) -> list[str]:
    """What the classifier reads of folded lines: each without its figures of speech, as the
    rules read them ("he hit the roof" is anger; a reader of embeddings hears "hit")."""
    return [blank_idioms(line) for line in folded]


class SafetyCheck:
    """Rules plus the classifier; thread-safe once built."""

    def __init__(self, model: SafetyModel) -> None:
        self.model = model
        cues = dict(load_cues())
        self._resolved = cues["negative.resolved_past"]
        self._present = cues["present.now"]
        # Signs that a line the classifier finds alarming is something else: a joke or a
        # figure of speech, a resolved past, a free choice, an ordinary fear, a film.
        self._vetoes = [pattern for name, pattern in cues.items() if name.startswith("negative.")]

    def _resolved_past(self, folded: str) -> bool:
        return bool(self._resolved.search(folded)) and not self._present.search(folded)

    def _vetoed(self, folded: str, score: float) -> bool:
        """A classifier hit (not a rule) that the line, read with its context, explains
        away (a joke, a resolved past, a free choice, a house move), unless sure."""
        return score < SURE_AT and any(pattern.search(folded) for pattern in self._vetoes)

    def _context_worth_reading(self, alone: SafetyScore, context: Sequence[str]) -> bool:
        """Earlier lines were scored on their own turns, as `assess` reads them (without
        their idioms): the model's cache has them."""
        if alone.crisis >= CONTEXT_WORTH_AT:
            return True
        earlier = self.model.score(as_heard(earlier_readings(context[-CONTEXT_LINES:])))
        return any(score.crisis >= CONTEXT_WORTH_AT for score in earlier)

    def assess(self, text: str, context: Sequence[str] = ()) -> SafetyVerdict:
        """The verdict on `text`, said after the person's `context` lines (oldest first)."""
        if not text.strip():
            return SAFE
        read = as_heard(readings(text, context[-CONTEXT_LINES:]))
        alone = self.model.score(read[:1])[0] if read else None
        rule = find(text)
        if rule is not None and not (read and self._resolved_past(read[0])):
            level: SafetyLevel = rule.level
            if alone and alone.urgent >= URGENT_LEVEL_AT and alone.crisis >= SURE_AT:
                level = "urgent"
            return SafetyVerdict(
                rule.category, level, "rule", alone.crisis if alone else 1.0, rule.rule
            )
        if alone is None:
            return SAFE
        # A line that alarms on its own is read on its own (its category too); its context
        # and its sentences are read only when it does not.
        best, source = alone, "classifier"
        if alone.crisis < CONCERN_AT:
            with_context = len(read) > 1 and self._context_worth_reading(alone, context)
            others = self.model.score((read[1:] if with_context else []) + pieces(read[0]))
            best = max([alone, *others], key=lambda s: s.crisis)
            if with_context and best is others[0]:
                source = "context"
        # The line as said after its context is what a joke or a resolved past explains.
        if best.crisis < CONCERN_AT or self._vetoed(read[-1], best.crisis):
            return SAFE
        category: SafetyCategory = best.category  # type: ignore[assignment]
        heard: SafetyLevel = "urgent" if best.urgent >= URGENT_LEVEL_AT else "concern"
        return SafetyVerdict(category, heard, source, best.crisis)


def build_safety_check(model: SafetyModel | None = None) -> SafetyCheck:
    """The check with the shipped classifier (loaded on its first score)."""
    return SafetyCheck(model or SafetyModel())
