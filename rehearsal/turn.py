"""One turn of a rehearsal: the one shape a conversation is kept in.

A `Turn` is what the person said, the analyser's reading of it, the coach's feedback, the
state after it (openness, steps) and what the partner answered. The session store writes
and reads `Turn`s, `Rehearsal` plays and replays them, and the report, the export and the
JSON of `chat --json` and `/send` (DESIGN.md) are all made from them. Analysis, feedback
and state are kept as the JSON objects of DESIGN.md, so what is stored is what is shown.
Computing any of them is other modules' business.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any


@dataclass(frozen=True)
class Turn:
    """One thing the person said and everything that came of it."""

    user: str
    analysis: dict[str, Any]
    coach: dict[str, Any]
    state: dict[str, Any]
    partner: str = ""
    complete: bool = False  # the partner's reply was finished (a paused turn has none)
    alternative: bool = False  # a first try kept beside the line that replaced it
    idx: int = -1  # position in the session, given by the store
    created_at: str = ""

    def as_json(self) -> dict[str, Any]:
        """DESIGN.md's turn object (`chat --json`, `/send`)."""
        return {
            "user": self.user,
            "partner": self.partner,
            "analysis": self.analysis,
            "coach": self.coach,
            "state": self.state,
        }

    @property
    def safety(self) -> str | None:
        return self.analysis.get("safety")

    @property
    def paused(self) -> bool:
        """True when the rehearsal paused for the person's safety on this line."""
        return self.safety is not None or bool(self.analysis.get("held"))

    @property
    def false_alarm(self) -> bool:
        """A pause the person said was a misunderstanding (their line was then played)."""
        return bool(self.analysis.get("false_alarm"))

    @property
    def step(self) -> str | None:
        return self.analysis.get("step")

    @property
    def skills(self) -> dict[str, bool]:
        return dict(self.analysis.get("skills", {}))

    @property
    def openness(self) -> int:
        return int(self.state["openness"])

    def with_partner(self, text: str, *, complete: bool) -> Turn:
        return replace(self, partner=text, complete=complete)
