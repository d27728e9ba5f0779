"""Follow the conversation along the article's eight steps.

The tracker records which steps the person has covered, in what order, the step they are
on now, when they jumped to solutions without listening first (the skipped step), and
the step to try next. It reads only the analyser's step for each turn; wording the advice
is the coach's job.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rehearsal.vocabulary import STEP_IDS, STEP_TITLES, step_number

# The article's core warning: reaching for solutions (needs, compromises, plans) before
# hearing the partner out. Jumping to step 5 or later without listening is flagged.
LISTEN = "steps/3-listen-deeply"
SOLUTIONS_FROM = 5


@dataclass(frozen=True)
class StepUpdate:
    """What one turn did to the path through the steps."""

    step: str | None
    new: bool
    skipped: tuple[str, ...]


@dataclass
class StepTracker:
    covered: list[str] = field(default_factory=list)
    current: str | None = None
    out_of_order: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)

    def track(self, step: str | None) -> StepUpdate:
        """Record the step of one turn (None: the turn belongs to no step)."""
        if step is None:
            return StepUpdate(step=None, new=False, skipped=())
        new = step not in self.covered
        skipped: tuple[str, ...] = ()
        if new:
            if step_number(step) >= SOLUTIONS_FROM and LISTEN not in self.covered:
                skipped = (LISTEN,)
            if skipped:
                self.out_of_order.append((step, skipped))
            self.covered.append(step)
        self.current = step
        return StepUpdate(step=step, new=new, skipped=skipped)

    def suggested_next(self) -> str | None:
        """The first step in the article's order that has not been covered yet."""
        return next((step for step in STEP_IDS if step not in self.covered), None)

    def checklist(self) -> list[dict[str, object]]:
        """The eight steps with covered/current marks, for reports and the UI."""
        return [
            {
                "step": step,
                "title": STEP_TITLES[step],
                "covered": step in self.covered,
                "current": step == self.current,
            }
            for step in STEP_IDS
        ]

    def as_json(self) -> dict[str, object]:
        return {"step": self.current, "steps_covered": [s for s in STEP_IDS if s in self.covered]}
