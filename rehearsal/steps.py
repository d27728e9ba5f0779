"""Follow the conversation along the article's eight steps: attempted, and done with skill.

A line *attempts* the step the analyser reads in it; it *covers* (does) that step only when
it was said with skill, with no blame, demand or ultimatum in it: a blaming line attempts
"Speak your truth" but does not speak it. The tracker keeps, in order, the steps attempted
and the steps done, the step the person is on now, and flags the article's core warning:
reaching for solutions (step 5 or later) before listening, once, when the talk first gets
there (a line of empathy done with skill counts as having listened: you cannot validate what
you did not hear). It is immutable: each
turn gives a new tracker, so a rehearsal can be replayed from its stored turns. Wording
the advice is the coach's job.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from rehearsal.vocabulary import HARMFUL_FLAGS, STEP_IDS, STEP_TITLES, step_number

LISTEN = "steps/3-listen-deeply"
LISTENED_BY = frozenset({LISTEN, "steps/4-express-empathy"})
SOLUTIONS_FROM = 5


def done_with_skill(step: str | None, skills: Mapping[str, bool]) -> bool:
    """True when a line that attempts `step` also does it (nothing harmful in it)."""
    return step is not None and not any(skills.get(flag) for flag in HARMFUL_FLAGS)


@dataclass(frozen=True)
class StepUpdate:
    """What one turn did to the path through the steps."""

    step: str | None
    done: bool
    skipped: tuple[str, ...]


@dataclass(frozen=True)
class StepTracker:
    attempted: tuple[str, ...] = ()
    covered: tuple[str, ...] = ()
    current: str | None = None

    def after(self, step: str | None, *, done: bool) -> tuple[StepTracker, StepUpdate]:
        """The tracker after one turn on `step` (None: the turn belongs to no step)."""
        if step is None:
            return self, StepUpdate(step=None, done=False, skipped=())
        skipped: tuple[str, ...] = ()
        if (
            step_number(step) >= SOLUTIONS_FROM
            and self.attempted  # an opening line skips nothing: nobody has spoken yet
            and not any(step_number(s) >= SOLUTIONS_FROM for s in self.attempted)
            and not LISTENED_BY & set(self.covered)
        ):
            skipped = (LISTEN,)
        attempted = self.attempted if step in self.attempted else (*self.attempted, step)
        covered = self.covered if not done or step in self.covered else (*self.covered, step)
        tracker = replace(self, attempted=attempted, covered=covered, current=step)
        return tracker, StepUpdate(step=step, done=done, skipped=skipped)

    def todo(self, after: str | None = None) -> list[str]:
        """The steps not done yet, in the article's order; with `after`, only those after it."""
        steps = STEP_IDS[STEP_IDS.index(after) + 1 :] if after in STEP_IDS else STEP_IDS
        return [step for step in steps if step not in self.covered]

    def suggested_next(self, *, onward: bool = False) -> str | None:
        """The first step in the article's order that has not been done yet; `onward`,
        the first after the one the talk is on (mid-talk, the next move goes forward: a
        person brainstorming is not sent back to their opening "I feel"), else the first."""
        todo = (self.todo(after=self.current) if onward and self.current else []) or self.todo()
        return todo[0] if todo else None

    def checklist(self) -> list[dict[str, object]]:
        """The eight steps, each attempted and/or done, for the report and the page."""
        return [
            {
                "step": step,
                "title": STEP_TITLES[step],
                "attempted": step in self.attempted,
                "done": step in self.covered,
                "current": step == self.current,
            }
            for step in STEP_IDS
        ]

    def as_json(self) -> dict[str, object]:
        return {
            "step": self.current,
            "steps_covered": [s for s in STEP_IDS if s in self.covered],
            "steps_attempted": [s for s in STEP_IDS if s in self.attempted],
        }
