"""The shared names of Rehearse: the eight steps, the twelve skill flags, safety categories.

These ids are contracts (DESIGN.md): the CLI's JSON, the session store and the evals use
them verbatim. Meanings live in DESIGN.md and the article; behaviour lives elsewhere.
"""

from __future__ import annotations

from typing import Literal

STEP_IDS: tuple[str, ...] = (
    "steps/1-set-a-relaxed-tone",
    "steps/2-speak-your-truth",
    "steps/3-listen-deeply",
    "steps/4-express-empathy",
    "steps/5-discuss-needs",
    "steps/6-brainstorm-compromises",
    "steps/7-define-next-steps",
    "steps/8-check-in-regularly",
)

STEP_TITLES: dict[str, str] = {
    "steps/1-set-a-relaxed-tone": "Set a relaxed tone",
    "steps/2-speak-your-truth": "Speak your truth",
    "steps/3-listen-deeply": "Listen deeply",
    "steps/4-express-empathy": "Express empathy",
    "steps/5-discuss-needs": "Discuss needs",
    "steps/6-brainstorm-compromises": "Brainstorm compromises",
    "steps/7-define-next-steps": "Define next steps",
    "steps/8-check-in-regularly": "Check in regularly",
}

SKILL_FLAGS: tuple[str, ...] = (
    "i_statement",
    "blame",
    "demand",
    "request",
    "ultimatum",
    "empathy",
    "reflection",
    "open_question",
    "needs",
    "compromise",
    "next_step",
    "check_in",
)

# Flags that hurt the conversation; the rest are skills the article asks for.
HARMFUL_FLAGS: frozenset[str] = frozenset({"blame", "demand", "ultimatum"})

SafetyCategory = Literal["self_harm", "abuse"]
SAFETY_CATEGORIES: tuple[SafetyCategory, ...] = ("self_harm", "abuse")

PERSONA_IDS: tuple[str, ...] = (
    "fear-of-intimacy",
    "past-relationship-trauma",
    "avoidant-attachment",
    "feel-unworthy",
    "emotionally-overwhelmed",
    "not-ready-for-commitment",
    "mental-health",
)


def step_number(step_id: str) -> int:
    """1..8 for a step id."""
    return STEP_IDS.index(step_id) + 1
