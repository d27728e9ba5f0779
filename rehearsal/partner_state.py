"""The partner's openness, 0–100, and how each analysed user turn moves it.

Deterministic given the analysis: the persona's weights score the skill flags the user
showed and the persona's triggers score sensitive topics. A turn that blames, demands or
threatens earns nothing for its good parts (a question wrapped in an accusation still
lands as an accusation). Difficulty sets the starting point and how fast trust can grow:
on hard, gains are smaller and capped, so the partner never caves at once. The band of
openness chooses the stage direction the partner's voice is given.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from rehearsal.personas import BANDS, Persona
from rehearsal.vocabulary import HARMFUL_FLAGS

Difficulty = Literal["easy", "medium", "hard"]
DIFFICULTIES: tuple[Difficulty, ...] = ("easy", "medium", "hard")


@dataclass(frozen=True)
class DifficultyRules:
    start: int
    gain: float
    loss: float
    max_gain: int


RULES: dict[Difficulty, DifficultyRules] = {
    "easy": DifficultyRules(start=45, gain=1.3, loss=0.8, max_gain=16),
    "medium": DifficultyRules(start=30, gain=1.0, loss=1.0, max_gain=12),
    "hard": DifficultyRules(start=15, gain=0.8, loss=1.25, max_gain=10),
}
BAND_FLOORS = (0, 25, 50, 75)


@dataclass(frozen=True)
class PartnerState:
    """Where the partner stands after some turns."""

    openness: int
    difficulty: Difficulty
    turns: int = 0
    last_change: int = 0

    @property
    def band(self) -> str:
        return band_of(self.openness)


def band_of(openness: int) -> str:
    for band, floor in reversed(list(zip(BANDS, BAND_FLOORS, strict=True))):
        if openness >= floor:
            return band
    return BANDS[0]


def initial_state(difficulty: Difficulty) -> PartnerState:
    if difficulty not in RULES:
        raise ValueError(f"difficulty must be one of {', '.join(DIFFICULTIES)}")
    return PartnerState(openness=RULES[difficulty].start, difficulty=difficulty)


def openness_change(
    persona: Persona, skills: Mapping[str, bool], text: str, difficulty: Difficulty
) -> int:
    """How many openness points this turn is worth to this persona."""
    rules = RULES[difficulty]
    points = [persona.weights[flag] for flag, used in skills.items() if used]
    points += [trigger.points for trigger in persona.triggers if trigger.pattern.search(text)]
    gains = sum(p for p in points if p > 0)
    losses = sum(p for p in points if p < 0)
    if any(skills.get(flag) for flag in HARMFUL_FLAGS):
        gains = 0.0
    return round(min(gains * rules.gain, rules.max_gain) + losses * rules.loss)


def update(
    state: PartnerState, persona: Persona, skills: Mapping[str, bool], text: str
) -> PartnerState:
    """The state after one user turn."""
    change = openness_change(persona, skills, text, state.difficulty)
    openness = max(0, min(100, state.openness + change))
    return PartnerState(
        openness=openness,
        difficulty=state.difficulty,
        turns=state.turns + 1,
        last_change=openness - state.openness,
    )
