"""What the person just did (their *move*) and the words a reply can take from it (*slots*).

A move is read from the analyser's skill flags and from the cue patterns of
`prompts/partner/moves.toml`; when a line does several things, the partner answers the
first in that file's priority order (a proposal before the feeling around it). Slots come
from `prompts/partner/slots.toml`: the day or time named, the activity proposed, when to
check in, and the feeling named (from the feeling words of the "I feel" drill). What the
partner then says is the bank's and the chooser's business.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rehearsal.analysis.rewrite import ALL_FEELINGS
from rehearsal.errors import DataError
from rehearsal.vocabulary import check_skill_keys

MOVES: tuple[str, ...] = (
    "opener",
    "small_talk",
    "feeling",
    "question",
    "why",
    "empathy",
    "needs",
    "proposal",
    "agree",
    "check_in",
    "space",
    "reassure",
    "repair",
    "blame",
    "demand",
    "ultimatum",
    "other",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
FEELING = re.compile(
    r"\bi(?:'m| am|m| feel| felt| get| got|'ve been| have been| been| keep feeling)\s+"
    r"(?:so |really |a bit |a little |kind of |kinda |quite |very |pretty |super |just |"
    r"feeling |more |too |sort of |honestly )*([a-z]+)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Cues:
    flags: dict[str, str]
    patterns: dict[str, re.Pattern[str]]
    priority: tuple[str, ...]
    slots: dict[str, tuple[tuple[re.Pattern[str], str], ...]]


@dataclass(frozen=True)
class Reading:
    """The person's move and the slots a reply can fill from their line."""

    move: str
    moves: tuple[str, ...]  # every move the line makes, in priority order
    slots: dict[str, str] = field(default_factory=dict)


def _compile(pattern: str, source: Path) -> re.Pattern[str]:
    try:
        return re.compile("".join(pattern.splitlines()), re.IGNORECASE)
    except re.error as error:
        raise DataError(f"{source}: bad pattern {pattern[:40]!r}: {error}") from None


@lru_cache(maxsize=4)
def load_cues(prompts_dir: Path) -> Cues:
    moves_file = prompts_dir / "partner" / "moves.toml"
    slots_file = prompts_dir / "partner" / "slots.toml"
    try:
        moves = tomllib.loads(moves_file.read_text(encoding="utf-8"))
        slots = tomllib.loads(slots_file.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise DataError(f"cannot read the partner's cue files: {error}") from None
    check_skill_keys(moves["flags"], f"{moves_file} [flags]", complete=False)
    priority = tuple(moves["priority"]["order"])
    unknown = (set(priority) | set(moves["flags"].values()) | set(moves["cues"])) - set(MOVES)
    if unknown or set(priority) != set(MOVES):
        raise DataError(f"{moves_file}: moves must be exactly {', '.join(MOVES)}")
    return Cues(
        flags=dict(moves["flags"]),
        patterns={move: _compile(p, moves_file) for move, p in moves["cues"].items()},
        priority=priority,
        slots={
            kind: tuple((_compile(p, slots_file), said) for p, said in table.items())
            for kind, table in slots.items()
        },
    )


def _slot(cues: Cues, kind: str, text: str) -> str | None:
    """How the partner says the first thing of this kind the person named, if any."""
    found = [
        (match.start(), said)
        for pattern, said in cues.slots.get(kind, ())
        if (match := pattern.search(text)) is not None
    ]
    return min(found)[1] if found else None


def feeling_named(text: str) -> str | None:
    """The first real feeling word the person names about themselves ("I feel lonely")."""
    for match in FEELING.finditer(text):
        word = match.group(1).lower()
        if word in ALL_FEELINGS:
            return word
    return None


def slots_of(cues: Cues, text: str) -> dict[str, str]:
    """The slots this line fills (day, when, activity, proposal, feeling)."""
    found: dict[str, str] = {}
    for kind in ("day", "when", "activity"):
        value = _slot(cues, kind, text)
        if value:
            found[kind] = value
    if "activity" not in found and (generic := _slot(cues, "generic_activity", text)):
        found["activity"] = generic
    feeling = feeling_named(text)
    if feeling:
        found["feeling"] = feeling
    activity, day = found.get("activity"), found.get("day")
    if activity and day and day != "every week":
        found["proposal"] = f"{activity} on {day}" if day in WEEKDAYS else f"{activity} {day}"
    elif activity:
        found["proposal"] = activity
    elif day and day in WEEKDAYS:
        found["proposal"] = day
    return found


def read_move(prompts_dir: Path, text: str, skills: Mapping[str, bool]) -> Reading:
    """The move the partner answers, every move the line makes, and its slots."""
    cues = load_cues(prompts_dir)
    made = {cues.flags[flag] for flag, used in skills.items() if used and flag in cues.flags}
    made |= {move for move, pattern in cues.patterns.items() if pattern.search(text)}
    slots = slots_of(cues, text)
    if "request" in skills and skills["request"] and "activity" in slots:
        made.add("proposal")
    ordered = tuple(move for move in cues.priority if move in made) or ("other",)
    return Reading(move=ordered[0], moves=ordered, slots=slots)
