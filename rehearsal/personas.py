"""The simulated partners: the persona cards in prompts/personas/, plus a custom one.

A card (TOML) says who the partner is, what they fear, how they deflect, what helps them
open up or makes them withdraw, a stage direction per openness band,
and how many openness points each of the user's skills is worth to them (a skill the card
leaves out is worth its default from the skill registry). Every card on disk is a persona,
in the order its `order` says: adding one is adding a file. This module loads and
validates cards and renders their `{{ name }}`/`{{ user }}` placeholders; how openness
moves is `rehearsal.partner_state`'s job; what they say is `rehearsal.partner`'s, from the
line bank written for each card (prompts/partner/lines/<id>.toml).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from rehearsal.errors import DataError, RehearseError
from rehearsal.templates import render_string
from rehearsal.vocabulary import SKILLS, check_skill_keys

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
            weights={
                skill.id: float(data.get("weights", {}).get(skill.id, skill.weight))
                for skill in SKILLS
            },
            triggers=tuple(
                Trigger(name, re.compile(entry["pattern"], re.IGNORECASE), float(entry["points"]))
                for name, entry in data.get("triggers", {}).items()
            ),
        )
    except (KeyError, TypeError, ValueError, re.error) as error:
        raise DataError(f"persona card {source} is incomplete or invalid: {error}") from None
    check_skill_keys(data.get("weights", {}), f"persona card {source} [weights]", complete=False)
    if persona.id != source.stem:
        raise DataError(f"persona card {source}: id {persona.id!r} must match the file name")
    return persona


@lru_cache(maxsize=4)
def load_personas(prompts_dir: Path) -> dict[str, Persona]:
    """Every persona card in prompts_dir/personas, keyed by id, in the cards' order."""
    folder = prompts_dir / "personas"
    cards = []
    for path in sorted(folder.glob("*.toml")):
        try:
            with path.open("rb") as handle:
                data = tomllib.load(handle)
        except (OSError, tomllib.TOMLDecodeError) as error:
            raise DataError(f"persona card {path} cannot be read: {error}") from None
        cards.append((int(data.get("order", 999)), path.stem, _persona_from(data, path)))
    if not cards:
        raise DataError(f"no persona cards in {folder}")
    return {persona.id: persona for _, _, persona in sorted(cards, key=lambda c: c[:2])}


def get_persona(prompts_dir: Path, persona_id: str) -> Persona:
    personas = load_personas(prompts_dir)
    if persona_id not in personas:
        shown = repr(persona_id[:40])
        raise RehearseError(f"unknown persona {shown}; choose one of: {', '.join(personas)}")
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
