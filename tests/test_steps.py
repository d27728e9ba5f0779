"""The step tracker: attempted vs done, and the one warning about solving before listening."""

from __future__ import annotations

from rehearsal.steps import LISTEN, StepTracker

TONE, TRUTH, EMPATHY = (
    "steps/1-set-a-relaxed-tone",
    "steps/2-speak-your-truth",
    "steps/4-express-empathy",
)
NEEDS, IDEAS, PLAN = (
    "steps/5-discuss-needs",
    "steps/6-brainstorm-compromises",
    "steps/7-define-next-steps",
)


def play(*turns: tuple[str | None, bool]) -> list[tuple[str, ...]]:
    tracker, warnings = StepTracker(), []
    for step, done in turns:
        tracker, update = tracker.after(step, done=done)
        warnings.append(update.skipped)
    return warnings


def test_solving_before_listening_is_named_once() -> None:
    warnings = play((TONE, True), (IDEAS, True), (NEEDS, True), (PLAN, True))
    assert warnings == [(), (LISTEN,), (), ()]


def test_empathy_done_counts_as_having_listened() -> None:
    assert play((TRUTH, True), (EMPATHY, True), (IDEAS, True))[-1] == ()


def test_blaming_empathy_does_not_count_and_listening_does() -> None:
    assert play((EMPATHY, False), (IDEAS, True))[-1] == (LISTEN,)
    assert play((LISTEN, True), (PLAN, True))[-1] == ()


def test_a_blaming_line_attempts_a_step_without_covering_it() -> None:
    tracker, update = StepTracker().after(TRUTH, done=False)
    assert TRUTH in tracker.attempted and TRUTH not in tracker.covered
    assert not update.done
    assert tracker.after(None, done=False)[0] == tracker


def test_an_opening_line_skips_nothing() -> None:
    assert play((IDEAS, True), (PLAN, True)) == [(), ()]


def test_mid_talk_the_next_step_goes_forward() -> None:
    tracker = StepTracker()
    for step in (TONE, LISTEN, IDEAS):
        tracker, _ = tracker.after(step, done=True)
    assert tracker.suggested_next() == TRUTH  # the report's "practise next": the first not done
    assert tracker.suggested_next(onward=True) == PLAN
    tracker, _ = tracker.after("steps/8-check-in-regularly", done=True)
    assert tracker.suggested_next(onward=True) == TRUTH  # nothing after: back to the first
