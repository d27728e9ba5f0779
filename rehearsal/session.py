"""One rehearsal, turn by turn: the data flow of DESIGN.md in one place.

text -> safety -> analysis -> step tracker -> partner state -> coach (retrieval) ->
store -> partner reply (streamed, each sentence stored as it comes).

`Rehearsal.send` yields events a UI or the CLI renders: `TurnStarted` (analysis, coach
feedback and the new state, already stored), `PartnerSpoke` (one piece of the reply),
`SafetyPause` (the turn was unsafe: support text, no reply), and finally `TurnEnded`
with the whole turn as DESIGN.md's JSON. Building the parts is `rehearsal.services`'.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from rehearsal.analysis.analyzer import Analysis, Analyzer, TurnContext
from rehearsal.analysis.safety import support_message
from rehearsal.coach import Coach, Feedback
from rehearsal.errors import EmptyInputError, RehearseError
from rehearsal.partner import Exchange, Partner
from rehearsal.partner_state import PartnerState, update
from rehearsal.steps import StepTracker
from rehearsal.store import SessionRecord, SessionStore


@dataclass(frozen=True)
class TurnStarted:
    analysis: Analysis
    feedback: Feedback
    state: PartnerState


@dataclass(frozen=True)
class PartnerSpoke:
    text: str


@dataclass(frozen=True)
class SafetyPause:
    category: str
    message: str


@dataclass(frozen=True)
class TurnEnded:
    turn: dict[str, Any]


TurnEvent = TurnStarted | PartnerSpoke | SafetyPause | TurnEnded


@dataclass
class Rehearsal:
    """A live session: the partner, the analyser and coach, and everything said so far."""

    record: SessionRecord
    store: SessionStore
    analyzer: Analyzer
    coach: Coach
    partner: Partner
    state: PartnerState
    tracker: StepTracker = field(default_factory=StepTracker)
    history: list[Exchange] = field(default_factory=list)
    turns: list[dict[str, Any]] = field(default_factory=list)
    _before_last: tuple[PartnerState, StepTracker, int, int] | None = None
    _last_idx: int | None = None

    @property
    def id(self) -> str:
        return self.record.id

    def state_json(self) -> dict[str, Any]:
        return {"openness": self.state.openness, **self.tracker.as_json()}

    def send(self, text: str) -> Iterator[TurnEvent]:
        """Play one user turn; the partner's reply streams as `PartnerSpoke` events."""
        if not text.strip():
            raise EmptyInputError("say something to your partner first")
        snapshot = (self.state, copy.deepcopy(self.tracker), len(self.history), len(self.turns))
        partner_last = self.history[-1].partner if self.history else None
        analysis = self.analyzer.analyze(text, TurnContext(self.tracker.current, partner_last))
        if analysis.safety is not None:
            yield from self._pause(analysis)
            return
        step_update = self.tracker.track(analysis.step)
        self.state = update(self.state, self.partner.persona, analysis.skills, text)
        feedback = self.coach.feedback(
            analysis, step_update, self.tracker, self.state, self.partner.name
        )
        idx = self.store.add_turn(
            self.id, text, analysis.as_json(), feedback.as_json(), self.state_json()
        )
        self._before_last, self._last_idx = snapshot, idx
        yield TurnStarted(analysis, feedback, self.state)
        said = ""
        try:
            for piece in self.partner.respond(self.history, text, self.state):
                said += piece
                self.store.set_partner_text(self.id, idx, said, done=False)
                yield PartnerSpoke(piece)
        except RehearseError:
            self.store.set_partner_text(self.id, idx, said, done=False)
            raise
        reply = self.partner.last.text
        self.store.set_partner_text(self.id, idx, reply, done=True)
        self.history.append(Exchange(text, reply, self.partner.stage(self.state)))
        turn = {
            "user": text,
            "partner": reply,
            "analysis": analysis.as_json(),
            "coach": feedback.as_json(),
            "state": self.state_json(),
        }
        self.turns.append(turn)
        yield TurnEnded(turn)

    def _pause(self, analysis: Analysis) -> Iterator[TurnEvent]:
        assert analysis.safety is not None
        self._before_last = self._last_idx = None
        message = support_message(analysis.safety)
        coach = {"tip": message, "section": None, "quote": None, "rewrite": None}
        self.store.add_turn(self.id, analysis.text, analysis.as_json(), coach, self.state_json())
        yield SafetyPause(analysis.safety, message)
        turn = {
            "user": analysis.text,
            "partner": "",
            "analysis": analysis.as_json(),
            "coach": coach,
            "state": self.state_json(),
        }
        self.turns.append(turn)
        yield TurnEnded(turn)

    def _rewind(self) -> int:
        if self._before_last is None or self._last_idx is None:
            raise RehearseError("there is no turn to take back")
        self.state, self.tracker, history_len, turns_len = self._before_last
        del self.history[history_len:]
        del self.turns[turns_len:]
        idx, self._before_last, self._last_idx = self._last_idx, None, None
        return idx

    def undo(self) -> None:
        """Take back the last turn entirely, as if it had not been said."""
        self.store.remove_turn(self.id, self._rewind())

    def retry(self, text: str) -> Iterator[TurnEvent]:
        """Say the last turn differently; the first try is kept for comparison."""
        self.store.mark_alternative(self.id, self._rewind())
        yield from self.send(text)

    def play(self, text: str) -> dict[str, Any]:
        """Play one turn to the end and return its JSON (for scripts and the API)."""
        turn: dict[str, Any] = {}
        for event in self.send(text):
            if isinstance(event, TurnEnded):
                turn = event.turn
        return turn
