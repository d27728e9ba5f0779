"""Which passage of the article this turn calls for: one ranking over every section.

Every leaf section of every group (reasons, confusion, impacts, steps, recommendations,
walk-away) is a candidate. Each gets a feature vector: how well retrieval matches it to
the person's line, to the line read with the partner's last reply and where the talk
stands, and to the partner's reply alone (for what the partner's words reveal); how often
readers chose it for turns like this one (`section_model`); and what the analysis knows,
as evidence rather than a gate: the step the line attempts, the step to try next, the
correction a blame, demand or ultimatum calls for, listening skipped, a "why" question, a
partner pulling back, signs of walking away, cues for a recommendation, and the section's
group. A linear model weighs them; its weights are fitted on coach training sessions
(`evals/coach_fit.py` writes `rehearsal/data/coach_weights.toml`). Wording the tip is
`rehearsal.coach.wording`'s job.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

from rehearsal.coach.neighbours import Neighbours, key, load_neighbours
from rehearsal.coach.section_model import SectionModel, inputs, load_section_model
from rehearsal.errors import DataError
from rehearsal.report import walk_away_signs
from rehearsal.resources import data_file, regex_table

WEIGHTS_FILE = data_file("coach_weights.toml")
CUES_FILE = data_file("coach_cues.toml")
GROUPS = ("reasons", "confusion", "impacts", "steps", "recommendations", "walk-away")
CORRECTIONS = {
    "ultimatum": ("recommendations/kind-firm-boundaries",),
    "demand": ("recommendations/requests-not-demands",),
    "blame": ("steps/2-speak-your-truth", "recommendations/look-for-root-fear"),
}
FEATURES: tuple[str, ...] = (
    "line",
    "query",
    "learned",
    "neighbours",
    "partner",
    "line_top",
    "partner_top",
    "step_attempted",
    "step_next",
    "corrective",
    "skipped",
    "why_question",
    "persona_reason",
    "withdrawing",
    "walk_away_sign",
    "recommendation_cue",
    "focus",
    *(f"group:{g}" for g in GROUPS),
)


class ScoresSections(Protocol):
    def signals_many(
        self,
        queries: Sequence[str | tuple[str, ...]],
        *,
        groups: Any = None,
        leaf_only: bool = True,
    ) -> list[dict[str, Any]]: ...

    def candidates(self, groups: Any = None, leaf_only: bool = True) -> set[str]: ...

    def vector(self, text: str | None) -> Any: ...

    weights: Any


@dataclass(frozen=True)
class TurnFacts:
    """What is known about the turn when the coach chooses a passage."""

    line: str
    step: str | None
    harmful: tuple[str, ...]
    move: str
    next_step: str | None
    skipped: tuple[str, ...]
    withdrawing: bool
    partner_last: str | None
    persona_section: str
    step_title: str = ""


@lru_cache(maxsize=1)
def recommendation_cues() -> dict[str, re.Pattern[str]]:
    """The words that call for each recommendation, by section id."""
    return regex_table(CUES_FILE)


@lru_cache(maxsize=2)
def load_weights(path: Path = WEIGHTS_FILE) -> dict[str, float]:
    try:
        with path.open("rb") as handle:
            weights = {k: float(v) for k, v in tomllib.load(handle)["weights"].items()}
    except (OSError, tomllib.TOMLDecodeError, KeyError, ValueError) as error:
        raise DataError(f"coach weights {path} are unreadable: {error}") from None
    missing = set(FEATURES) - set(weights)
    if missing:
        raise DataError(f"coach weights {path} lack {', '.join(sorted(missing))}")
    return weights


def focus(facts: TurnFacts) -> str | None:
    """The section the analysis alone points to, by the article's priorities: an
    ultimatum's correction, a recommendation the person's words call for, the correction
    of a demand or blame, the listening they skipped, a partner pulling back, a "why"
    question's answer (the partner's reason), the line's own step. One feature among the
    others, not a verdict."""
    if "ultimatum" in facts.harmful:
        return CORRECTIONS["ultimatum"][0]
    for section, cue in recommendation_cues().items():
        if cue.search(facts.line):
            return section
    for flag in ("demand", "blame"):
        if flag in facts.harmful:
            return CORRECTIONS[flag][0]
    if facts.skipped:
        return facts.skipped[0]
    if facts.withdrawing:
        return "recommendations/give-space-offer-to-talk"
    if facts.move == "why" and facts.persona_section:
        return facts.persona_section
    return facts.step


def _top(scores: Mapping[str, float], n: int = 3) -> set[str]:
    return set(sorted(scores, key=lambda sid: -scores[sid])[:n])


def features(
    retriever: ScoresSections,
    facts: TurnFacts,
    sections: SectionModel | None = None,
    nearest: Neighbours | None = None,
) -> dict[str, dict[str, float]]:
    """Every candidate section's features for this turn (`sections` and `nearest`: the
    learned model and the labelled turns, the shipped ones unless given)."""
    # The query is the line, the partner's last reply and the step, blended from vectors
    # the turn has already (the line's, the reply's, the step title's): no embedder pass.
    combined = (facts.line, facts.partner_last or "", facts.step_title)
    found = retriever.signals_many([facts.line, combined])
    # The partner's line is scored among the sections that explain a partner only (its
    # lexical signals are relative to the candidates).
    found.append(
        retriever.signals_many([facts.partner_last], groups=("reasons", "confusion"))[0]
        if facts.partner_last
        else {}
    )
    line, query, partner = (
        {sid: retriever.weights.score(signals) for sid, signals in table.items()} for table in found
    )
    line_vector, partner_vector = retriever.vector(facts.line), retriever.vector(facts.partner_last)
    learned = (sections or load_section_model()).scores(
        inputs(line_vector, partner_vector, facts.harmful)
    )
    voted = (nearest or load_neighbours()).scores(key(line_vector, partner_vector))
    cued = {sid for sid, cue in recommendation_cues().items() if cue.search(facts.line)}
    signs = set(walk_away_signs([facts.line]))
    corrective = {sid for flag in facts.harmful for sid in CORRECTIONS.get(flag, ())}
    line_top, partner_top = _top(line), _top(partner, 1)
    focused = focus(facts)
    table = {}
    # Every candidate, even for a line with nothing to embed (a zero-width joiner, say).
    for sid in retriever.candidates():
        group = sid.split("/", 1)[0]
        row = {
            "line": line.get(sid, 0.0),
            "query": query.get(sid, 0.0),
            "learned": learned.get(sid, 0.0),
            "neighbours": voted.get(sid, 0.0),
            "partner": partner.get(sid, 0.0),
            "line_top": float(sid in line_top),
            "partner_top": float(sid in partner_top),
            "step_attempted": float(sid == facts.step),
            "step_next": float(sid == facts.next_step),
            "corrective": float(sid in corrective),
            "skipped": float(sid in facts.skipped),
            "why_question": float(
                facts.move == "why" and (group == "reasons" or sid.endswith("look-for-root-fear"))
            ),
            "persona_reason": float(sid == facts.persona_section and facts.move == "why"),
            "withdrawing": float(facts.withdrawing and sid.endswith("give-space-offer-to-talk")),
            "walk_away_sign": float(sid in signs),
            "recommendation_cue": float(sid in cued),
            "focus": float(sid == focused),
        }
        row.update({f"group:{g}": float(group == g) for g in GROUPS})
        table[sid] = row
    return table


def rank(table: Mapping[str, Mapping[str, float]], weights: Mapping[str, float]) -> list[str]:
    """Section ids, best first, by the weighted sum of their features."""

    def score(sid: str) -> float:
        return sum(weights[name] * value for name, value in table[sid].items())

    return sorted(table, key=lambda sid: (-score(sid), sid))
