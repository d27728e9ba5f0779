"""The simulated partners: seven persona cards from prompts/personas/, plus a custom one.

A card (TOML) says who the partner is, what they fear, how they deflect, what helps them
open up or makes them withdraw, a stage direction and fallback lines per openness band,
and how many openness points each of the user's skills is worth to them. This module
loads and validates cards and renders their `{{ name }}`/`{{ user }}` placeholders; how
openness moves is `rehearsal.partner_state`'s job, the voice is `rehearsal.partner`'s.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from rehearsal.errors import RehearseError
from rehearsal.prompts import render_string
from rehearsal.vocabulary import PERSONA_IDS, SKILL_FLAGS

BANDS: tuple[str, ...] = ("guarded", "wary", "opening", "open")
CUSTOM_ID = "custom"


@dataclass(frozen=True)
class Trigger:
    """A topic this partner is sensitive to, and what raising it does to their openness."""

    name: str
    pattern: re.Pattern[str]
    points: float


@dataclass(frozen=True)
class Persona:
    id: str
    section: str
    title: str
    summary: str
    who: str
    voice: str
    fears: tuple[str, ...]
    deflections: tuple[str, ...]
    opens_up_when: tuple[str, ...]
    withdraws_when: tuple[str, ...]
    stage: dict[str, str]
    lines: dict[str, tuple[str, ...]]
    weights: dict[str, float]
    triggers: tuple[Trigger, ...]

    def render(self, text: str, *, name: str, user: str, prompts_dir: Path) -> str:
        """A card field with the partner's and the user's names filled in."""
        return render_string(prompts_dir, text, name=name, user=user)


def _persona_from(data: dict, source: Path) -> Persona:
    try:
        persona = Persona(
            id=data["id"],
            section=data["section"],
            title=data["title"],
            summary=data["summary"],
            who=data["who"].strip(),
            voice=data["voice"],
            fears=tuple(data["fears"]),
            deflections=tuple(data["deflections"]),
            opens_up_when=tuple(data["opens_up_when"]),
            withdraws_when=tuple(data["withdraws_when"]),
            stage={band: data["stage"][band] for band in BANDS},
            lines={band: tuple(data["lines"][band]) for band in BANDS},
            weights={flag: float(data["weights"][flag]) for flag in SKILL_FLAGS},
            triggers=tuple(
                Trigger(name, re.compile(entry["pattern"], re.IGNORECASE), float(entry["points"]))
                for name, entry in data.get("triggers", {}).items()
            ),
        )
    except (KeyError, TypeError, re.error) as error:
        raise RehearseError(f"persona card {source} is incomplete or invalid: {error}") from None
    if not all(persona.lines[band] for band in BANDS):
        raise RehearseError(f"persona card {source} needs fallback lines for every band")
    return persona


@lru_cache(maxsize=4)
def load_personas(prompts_dir: Path) -> dict[str, Persona]:
    """The seven built-in personas, keyed by id, in the article's order."""
    folder = prompts_dir / "personas"
    personas = {}
    for persona_id in PERSONA_IDS:
        path = folder / f"{persona_id}.toml"
        if not path.is_file():
            raise RehearseError(f"persona card missing: {path}")
        with path.open("rb") as handle:
            personas[persona_id] = _persona_from(tomllib.load(handle), path)
    return personas


def get_persona(prompts_dir: Path, persona_id: str) -> Persona:
    personas = load_personas(prompts_dir)
    if persona_id not in personas:
        raise RehearseError(f"unknown persona {persona_id!r}; choose one of: {', '.join(personas)}")
    return personas[persona_id]


def custom_persona(description: str, base: Persona) -> Persona:
    """A partner described by the user, reacting like the closest built-in persona."""
    text = " ".join(description.split())[:600]
    if not text:
        raise RehearseError("describe your partner in a sentence or two for a custom persona")
    who = (
        "{{ name }} is {{ user }}'s partner. In {{ user }}'s words: "
        + text.replace("{", "(").replace("}", ")")
        + " {{ name }} loves {{ user }} but has been pulling away."
    )
    return replace(
        base,
        id=CUSTOM_ID,
        title=f"Your description (reacts like: {base.title.lower()})",
        summary=text[:100],
        who=who,
    )
