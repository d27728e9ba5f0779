"""Openness moves with how the person speaks, by persona and difficulty, deterministically."""

from __future__ import annotations

import pytest

from rehearsal.partner_state import RULES, initial_state, openness_change, update
from rehearsal.personas import get_persona, load_personas
from rehearsal.resources import default_prompts_dir
from rehearsal.vocabulary import SKILL_FLAGS

PROMPTS = default_prompts_dir()

PERSONA_IDS = tuple(load_personas(default_prompts_dir()))


def skills(*flags: str) -> dict[str, bool]:
    return {flag: flag in flags for flag in SKILL_FLAGS}


SKILLED = [
    skills("i_statement", "request"),
    skills("empathy", "reflection"),
    skills("open_question"),
    skills("needs", "request"),
    skills("compromise", "request"),
]
HOSTILE = [
    skills("blame"),
    skills("demand", "open_question"),
    skills("ultimatum"),
    skills("blame", "empathy"),
    skills(),
]


def test_seven_cards_load_with_weights_for_every_flag() -> None:
    personas = load_personas(PROMPTS)
    assert tuple(personas) == PERSONA_IDS
    assert all(set(p.weights) == set(SKILL_FLAGS) for p in personas.values())


@pytest.mark.parametrize("persona_id", PERSONA_IDS)
def test_skilled_reaches_70_on_medium_within_ten_turns(persona_id: str) -> None:
    persona = get_persona(PROMPTS, persona_id)
    state = initial_state("medium")
    for turn in range(10):
        state = update(state, persona, SKILLED[turn % len(SKILLED)], "I care about you.")
    assert state.openness >= 70


@pytest.mark.parametrize("persona_id", PERSONA_IDS)
def test_hostile_never_rises_above_start(persona_id: str) -> None:
    persona = get_persona(PROMPTS, persona_id)
    state = start = initial_state("medium")
    for turn in range(10):
        state = update(state, persona, HOSTILE[turn % len(HOSTILE)], "Answer me!")
        assert state.openness <= start.openness


@pytest.mark.parametrize("persona_id", PERSONA_IDS)
def test_hard_does_not_cave_before_six_turns(persona_id: str) -> None:
    persona = get_persona(PROMPTS, persona_id)
    best = skills(*SKILL_FLAGS[:1], "empathy", "reflection", "request", "needs", "open_question")
    state = initial_state("hard")
    for _ in range(5):
        state = update(state, persona, best, "Take your time. I love you, no pressure.")
    assert state.openness < 70
    assert RULES["hard"].start + 5 * RULES["hard"].max_gain < 70


def test_personas_react_differently() -> None:
    avoidant = get_persona(PROMPTS, "avoidant-attachment")
    unworthy = get_persona(PROMPTS, "feel-unworthy")
    not_ready = get_persona(PROMPTS, "not-ready-for-commitment")
    demand = skills("demand")
    assert openness_change(avoidant, demand, "Talk to me.", "medium") < openness_change(
        unworthy, demand, "Talk to me.", "medium"
    )
    assert openness_change(unworthy, skills("blame"), "You're selfish", "medium") <= -12
    assert openness_change(not_ready, skills(), "I want us to move in together", "medium") < 0


def test_same_input_same_result() -> None:
    persona = get_persona(PROMPTS, "mental-health")
    runs = {update(initial_state("easy"), persona, SKILLED[0], "hi").openness for _ in range(5)}
    assert len(runs) == 1
