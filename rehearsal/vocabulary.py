"""The shared names of Rehearse: the eight steps, the skill registry, safety categories.

Step ids and safety categories are contracts of DESIGN.md. Skills are defined once, in
`rehearsal/data/skills.toml` (id, label, harmful or not, praise order, the skill a harmful
one is weighed against, default openness weight); every module takes its list of skills
from `SKILLS` here. `check_skill_keys` is how data files (persona cards, training rows)
are held to that registry, with an error that names the file. Meanings live in DESIGN.md
and the article; behaviour lives elsewhere.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from rehearsal.errors import DataError
from rehearsal.resources import data_file

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

SafetyCategory = Literal["self_harm", "abuse"]
SAFETY_CATEGORIES: tuple[SafetyCategory, ...] = ("self_harm", "abuse")
SafetyLevel = Literal["urgent", "concern"]
SAFETY_LEVELS: tuple[SafetyLevel, ...] = ("urgent", "concern")

SKILLS_FILE = data_file("skills.toml")


@dataclass(frozen=True)
class Skill:
    """One skill flag, as `skills.toml` defines it."""

    id: str
    label: str
    harmful: bool
    weight: float
    praise: int | None = None
    versus: str | None = None


def load_skills(path: Path = SKILLS_FILE) -> tuple[Skill, ...]:
    """The registry, in its canonical order; a malformed file is a `DataError` naming it."""
    try:
        with path.open("rb") as handle:
            rows = tomllib.load(handle)["skill"]
        skills = tuple(
            Skill(
                id=str(row["id"]),
                label=str(row["label"]),
                harmful=bool(row["harmful"]),
                weight=float(row["weight"]),
                praise=int(row["praise"]) if "praise" in row else None,
                versus=row.get("versus"),
            )
            for row in rows
        )
    except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError, ValueError) as error:
        raise DataError(f"skill registry {path} is unreadable or incomplete: {error}") from None
    ids = [skill.id for skill in skills]
    if len(set(ids)) != len(ids):
        raise DataError(f"skill registry {path} defines a skill twice")
    for skill in skills:
        if skill.versus is not None and skill.versus not in ids:
            raise DataError(f"skill registry {path}: {skill.id}.versus names no skill")
        if not skill.harmful and skill.praise is None:
            raise DataError(f"skill registry {path}: helpful skill {skill.id} needs a praise order")
    return skills


SKILLS: tuple[Skill, ...] = load_skills()
SKILL_BY_ID: dict[str, Skill] = {skill.id: skill for skill in SKILLS}
SKILL_FLAGS: tuple[str, ...] = tuple(SKILL_BY_ID)
HARMFUL_FLAGS: frozenset[str] = frozenset(s.id for s in SKILLS if s.harmful)
PRAISE_ORDER: tuple[str, ...] = tuple(
    s.id for s in sorted((s for s in SKILLS if not s.harmful), key=lambda s: s.praise or 0)
)


def skill_label(flag: str) -> str:
    return SKILL_BY_ID[flag].label


def check_skill_keys(keys: Iterable[str], source: str, *, complete: bool) -> None:
    """Loudly refuse skill names that the registry does not know (or, if `complete`, lacks).

    `source` names the file (and line) so the person fixing it knows where to look.
    """
    given = set(keys)
    unknown = sorted(given - set(SKILL_FLAGS))
    if unknown:
        raise DataError(
            f"{source}: unknown skill {', '.join(unknown)}; skills are defined in {SKILLS_FILE}"
        )
    missing = sorted(set(SKILL_FLAGS) - given) if complete else []
    if missing:
        raise DataError(
            f"{source}: no value for skill {', '.join(missing)} (defined in {SKILLS_FILE})"
        )


def step_number(step_id: str) -> int:
    """1..8 for a step id."""
    return STEP_IDS.index(step_id) + 1
