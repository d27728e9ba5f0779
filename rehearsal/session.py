"""One rehearsal, turn by turn: the data flow of DESIGN.md in one place.

text -> safety -> analysis -> step tracker -> partner state -> coach (retrieval) ->
store -> partner reply (streamed, each sentence stored as it comes).

`Rehearsal.send` yields events a UI or the CLI renders: `TurnStarted` (analysis, coach
feedback and the state after the turn, already stored), `PartnerSpoke` (one piece of the
reply), `SafetyPause` (the turn was unsafe: support text, no reply), and finally
`TurnEnded` with the whole `Turn`. A turn takes effect (openness, steps) through
`_commit`, the same code that rebuilds a stored rehearsal in `Rehearsal.from_turns`. When
the model fails mid-reply, the line stays said (stored, and in effect, with what the
partner managed to say); sending that same line again replaces it rather than counting it
twice. Building the parts is `rehearsal.services`'.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from rehearsal.analysis.analyzer import Analysis, Analyzer, TurnContext
from rehearsal.coach import Coach, Feedback
from rehearsal.errors import RehearseError
from rehearsal.partner import Partner
from rehearsal.partner.moves import read_move
from rehearsal.partner_state import PartnerState, initial_state, update
from rehearsal.steps import StepTracker, done_with_skill
from rehearsal.store import SessionRecord, SessionStore
from rehearsal.support import support_message, walk_away_message
from rehearsal.text import unlabelled, user_line
from rehearsal.turn import Turn

RECENT_TIPS = 12  # the coach's last tips (a talk's worth), whose next moves it does not repeat


@dataclass(frozen=True)
class TurnStarted:
    analysis: Analysis
    feedback: Feedback
    state: PartnerState
    tracker: StepTracker


@dataclass(frozen=True)
class PartnerSpoke:
    text: str


@dataclass(frozen=True)
class SafetyPause:
    """The rehearsal stopped for the person's safety; `held` when it stays stopped because
    the partner is dangerous (only "That's not what I meant" resumes it)."""

    category: str
    level: str | None
    message: str
    held: bool = False


@dataclass(frozen=True)
class TurnEnded:
    turn: Turn


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
    turns: list[Turn] = field(default_factory=list)
    _failed: Turn | None = None

    @classmethod
    def from_turns(cls, turns: Sequence[Turn], **parts: Any) -> Rehearsal:
        """A rehearsal rebuilt from its stored turns, without asking the model anything."""
        rehearsal = cls(**parts)
        for turn in turns:
            rehearsal._commit(turn)
        return rehearsal

    @property
    def id(self) -> str:
        return self.record.id

    def state_json(
        self, state: PartnerState | None = None, tracker: StepTracker | None = None
    ) -> dict[str, Any]:
        """DESIGN.md's state object, now or for a state about to take effect."""
        return {"openness": (state or self.state).openness, **(tracker or self.tracker).as_json()}

    def spoken(self) -> list[Turn]:
        """The turns the partner answered, the transcript the partner remembers."""
        return [turn for turn in self.turns if not turn.paused]

    def last_pause(self) -> Turn | None:
        """The latest safety pause the person has not called a misunderstanding, if any."""
        for turn in reversed(self.turns):
            if turn.paused and not turn.false_alarm:
                return turn
            if not turn.paused:
                return None
        return None

    @property
    def held(self) -> bool:
        """True once the person has said the partner hurts, threatens or controls them:
        the rehearsal does not coach a gentler approach to that partner."""
        return any(t.safety == "abuse" and not t.false_alarm for t in self.turns)

    def _commit(self, turn: Turn) -> None:
        """Let one finished turn take effect: the one path for live turns and replays."""
        self.turns.append(turn)
        if turn.paused:
            return
        done = done_with_skill(turn.step, turn.skills)
        self.tracker, _ = self.tracker.after(turn.step, done=done)
        self.state = PartnerState(
            openness=turn.openness,
            difficulty=self.state.difficulty,
            turns=self.state.turns + 1,
            last_change=turn.openness - self.state.openness,
        )

    def _replay(self, turns: Sequence[Turn]) -> None:
        self.state = initial_state(self.state.difficulty)
        self.tracker = StepTracker()
        self.turns = []
        for turn in turns:
            self._commit(turn)

    def send(self, text: object) -> Iterator[TurnEvent]:
        """Play one user turn; the partner's reply streams as `PartnerSpoke` events."""
        line = unlabelled(user_line(text), (self.partner.name, self.partner.voice.user))
        failed, self._failed = self._failed, None
        if failed is not None and failed.user == line and self.turns[-1:] == [failed]:
            self.undo()  # the line whose reply failed, said again: it replaces that turn
        yield from self._play(line, check_safety=True)

    def _play(self, line: str, *, check_safety: bool) -> Iterator[TurnEvent]:
        spoken = self.spoken()
        last = spoken[-1].partner if spoken else None
        # The person's last lines, less any they said were misunderstood (and its replay):
        # a dismissed alarm is not context that alarms again.
        dismissed = {t.user for t in self.turns if t.false_alarm}
        earlier = tuple(t.user for t in self.turns if t.user not in dismissed)[-2:]
        context = TurnContext(self.tracker.current, last, earlier)
        analysis = self.analyzer.analyze(line, context)
        if self.held and check_safety:
            yield from self._hold(analysis)
            return
        if analysis.safety is not None and check_safety:
            yield from self._pause(analysis)
            return
        if analysis.safety is not None:  # said again after "that's not what I meant"
            analysis = replace(analysis, safety=None, safety_level=None)
        done = done_with_skill(analysis.step, analysis.skills)
        tracker, step_update = self.tracker.after(analysis.step, done=done)
        state = update(self.state, self.partner.persona, analysis.skills, line)
        feedback = self.coach.feedback(
            analysis,
            step_update,
            tracker,
            state,
            self.partner.name,
            move=read_move(self.partner.prompts_dir, line, analysis.skills).move,
            partner_last=last,
            persona_section=self.partner.persona.section,
            turn_number=len(self.turns),
            earlier_tips=[t.coach["tip"] for t in self.turns[-RECENT_TIPS:] if t.coach.get("tip")],
        )
        turn = self.store.add_turn(
            self.id,
            Turn(line, analysis.as_json(), feedback.as_json(), self.state_json(state, tracker)),
        )
        yield TurnStarted(analysis, feedback, state, tracker)
        said = ""
        stream = self.partner.respond(self.spoken(), line, analysis.skills, state)
        try:
            while True:
                try:
                    piece = next(stream)
                except StopIteration as finished:
                    reply = finished.value
                    break
                said += piece
                self.store.set_partner_text(self.id, turn.idx, said, done=False)
                yield PartnerSpoke(piece)
        except GeneratorExit:  # stopped mid-reply: keep what was said, as unfinished
            self._commit(turn.with_partner(said, complete=False))
            raise
        except RehearseError:
            turn = turn.with_partner(said, complete=False)
            self.store.set_partner_text(self.id, turn.idx, said, done=False)
            self._commit(turn)
            self._failed = turn
            raise
        turn = turn.with_partner(reply.text, complete=True)
        self.store.set_partner_text(self.id, turn.idx, turn.partner, done=True)
        self._commit(turn)
        yield TurnEnded(turn)

    def _pause(self, analysis: Analysis) -> Iterator[TurnEvent]:
        assert analysis.safety is not None
        sections = self.coach.sections
        message = support_message(
            self.partner.prompts_dir,
            sections,
            analysis.safety,
            analysis.safety_level,
            self.partner.name,
        )
        held = analysis.safety == "abuse"  # no coaching a gentler approach to that partner
        yield from self._stop(
            analysis.as_json(), message, analysis.safety, analysis.safety_level, held=held
        )

    def _hold(self, analysis: Analysis) -> Iterator[TurnEvent]:
        """The partner is dangerous: offer what the article says about walking away."""
        message = walk_away_message(
            self.partner.prompts_dir, self.coach.sections, self.partner.name
        )
        pause = self.last_pause()
        level = pause.analysis.get("safety_level") if pause else "concern"
        yield from self._stop(
            {**analysis.as_json(), "held": True}, message, "abuse", level, held=True
        )

    def _stop(
        self,
        analysis: dict[str, Any],
        message: str,
        category: str,
        level: str | None,
        *,
        held: bool = False,
    ) -> Iterator[TurnEvent]:
        # The message names what it cites; the walk-away sign's own sentence (a partner who
        # won't commit) is not shown beside a crisis.
        coach = {"tip": message, "section": None, "quote": None, "rewrite": None}
        turn = self.store.add_turn(
            self.id, Turn(analysis["text"], analysis, coach, self.state_json(), complete=True)
        )
        self._commit(turn)
        yield SafetyPause(category, level, message, held=held)
        yield TurnEnded(turn)

    def resume_after_pause(self, *, misunderstood: bool) -> Iterator[TurnEvent]:
        """Leave the safety pause. `misunderstood`: the person says the pause was a false
        alarm, so it is marked as one and their line is played as an ordinary turn.
        Without that, a dangerous partner keeps the rehearsal held."""
        pause = self.last_pause()
        if pause is None:
            return
        if not misunderstood:
            if self.held:
                raise RehearseError(
                    "the rehearsal stays paused while your partner makes you unsafe; "
                    "choose “That's not what I meant” if I misunderstood"
                )
            return
        for turn in self.turns:
            if turn.paused and not turn.false_alarm:
                self.store.mark_false_alarm(self.id, turn.idx)
        self.turns = [
            replace(t, analysis={**t.analysis, "false_alarm": True})
            if t.paused and not t.false_alarm
            else t
            for t in self.turns
        ]
        yield from self._play(pause.user, check_safety=False)

    def _take_back(self) -> Turn:
        if not self.turns:
            raise RehearseError("there is no turn to take back")
        last = self.turns[-1]
        self._replay(self.turns[:-1])
        return last

    def undo(self) -> None:
        """Take back the last turn entirely, as if it had not been said."""
        self.store.remove_turn(self.id, self._take_back().idx)

    def retry(self, text: object) -> Iterator[TurnEvent]:
        """Say the last turn differently; the first try is kept beside it for the report."""
        line = user_line(text)
        self.store.mark_alternative(self.id, self._take_back().idx)
        yield from self.send(line)

    def play(self, text: object) -> dict[str, Any]:
        """Play one turn to the end and return its JSON (for scripts and the API)."""
        turn: dict[str, Any] = {}
        for event in self.send(text):
            if isinstance(event, TurnEnded):
                turn = event.turn.as_json()
        return turn
