"""The end-of-session report and the progress across sessions, computed from the store.

Everything here is recomputed from stored turns, so a report always matches the turns it
summarises: the eight-step checklist (attempted and done), counts of every skill (first
tries included: a line that blamed and was then said again kindly counts both), each
retried line beside its better version, the partner's openness arc, the person's best
lines, what to practise next with its passage, and, when what the person described
matches the article's signs that it may be time to walk away, a gentle note citing them.
A session the rehearsal paused for the person's safety (not a false alarm) says so first,
with support lines (the note's text is the caller's, from prompts/safety/), and suggests
nothing to practise next; after a pause for a dangerous partner, no gentle walk-away note
either ("rehearsing is worthwhile either way" is not for them). Drawing charts is
`rehearsal.charts`'; wording it for people is `rehearsal.export`'s.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from rag.corpus import Section
from rehearsal.partner_state import RULES
from rehearsal.resources import data_file, regex_table
from rehearsal.steps import StepTracker, done_with_skill
from rehearsal.store import SessionRecord
from rehearsal.turn import Turn
from rehearsal.vocabulary import HARMFUL_FLAGS, PRAISE_ORDER, SKILL_FLAGS, SKILLS, STEP_TITLES

WALK_AWAY_SIGNS = data_file("walk_away.toml")
GENTLE_NOTE = (
    "Some of what you described matches what the article calls signs that it may be time to "
    "walk away. Only you can judge your relationship, and rehearsing is worthwhile either "
    "way — but your well-being matters too."
)


@lru_cache(maxsize=1)
def _signs() -> dict[str, re.Pattern[str]]:
    return regex_table(WALK_AWAY_SIGNS)


def walk_away_signs(texts: list[str]) -> list[str]:
    """The walk-away section ids whose signs appear in what the person said (the report's
    note, and one feature of the coach's ranking for a single line)."""
    return [sid for sid, pattern in _signs().items() if any(pattern.search(t) for t in texts)]


def _good_points(turn: Turn) -> int:
    skills = turn.skills
    if any(skills.get(flag) for flag in HARMFUL_FLAGS):
        return 0
    return sum(1 for flag in PRAISE_ORDER if skills.get(flag))


def _used(turn: Turn) -> list[str]:
    return [flag for flag in SKILL_FLAGS if turn.skills.get(flag)]


def retried_pairs(turns: list[Turn]) -> list[dict[str, Any]]:
    """Each first try beside the line that replaced it (the next line kept in the talk)."""
    pairs = []
    for position, turn in enumerate(turns):
        if not turn.alternative:
            continue
        better = next((t for t in turns[position + 1 :] if not t.alternative), None)
        if better is None:
            continue
        pairs.append(
            {
                "turn": better.idx,
                "first_try": turn.user,
                "first_skills": _used(turn),
                "retried": better.user,
                "retried_skills": _used(better),
            }
        )
    return pairs


def safety_pauses(turns: list[Turn]) -> list[dict[str, Any]]:
    """Each category the rehearsal paused for (not a false alarm), with its latest level."""
    latest: dict[str, str | None] = {}
    for turn in turns:
        if turn.paused and not turn.false_alarm:
            category = turn.safety or "abuse"  # a held turn: the partner is dangerous
            latest[category] = turn.analysis.get("safety_level") or latest.get(category)
    return [{"category": c, "level": level} for c, level in latest.items()]


def build_report(
    session: SessionRecord,
    turns: list[Turn],
    sections: dict[str, Section],
    support_note: Callable[[str], str] | None = None,
) -> dict[str, Any]:
    """The report of one session as JSON-ready data; `turns` may include first tries.
    `support_note(category)`: what to tell the person about a safety pause."""
    safety = safety_pauses(turns)
    for pause in safety:
        pause["note"] = support_note(pause["category"]) if support_note else ""
    dangerous_partner = any(pause["category"] == "abuse" for pause in safety)
    said = [turn for turn in turns if not turn.paused]
    played = [turn for turn in said if not turn.alternative]
    counts = {flag: sum(bool(t.skills.get(flag)) for t in said) for flag in SKILL_FLAGS}
    tracker = StepTracker()
    for turn in played:
        tracker, _ = tracker.after(turn.step, done=done_with_skill(turn.step, turn.skills))
    start = RULES[session.difficulty].start  # type: ignore[index]
    best = sorted(played, key=lambda t: (-_good_points(t), t.idx))[:3]
    best_lines = [
        {"turn": t.idx, "text": t.user, "skills": [f for f in PRAISE_ORDER if t.skills.get(f)]}
        for t in best
        if _good_points(t) > 0
    ]
    next_step = tracker.suggested_next()
    practise = None
    if next_step is not None and not safety:
        practise = {
            "step": next_step,
            "title": STEP_TITLES[next_step],
            "section": next_step,
            "quote": sections[next_step].text,
        }
    signs = walk_away_signs([session.context, *(t.user for t in played)])
    walk_away = None
    if signs and not dangerous_partner:
        walk_away = {
            "message": GENTLE_NOTE,
            "signs": [
                {"section": sid, "title": sections[sid].title, "quote": sections[sid].text}
                for sid in signs
            ],
        }
    return {
        "session": {
            "id": session.id,
            "persona": session.persona,
            "partner_name": session.partner_name,
            "difficulty": session.difficulty,
            "created_at": session.created_at,
            "turns": len(played),
        },
        "checklist": [
            {
                "step": item["step"],
                "title": item["title"],
                "attempted": item["attempted"],
                "covered": item["done"],
            }
            for item in tracker.checklist()
        ],
        "skills": counts,
        "balance": [
            {
                "harmful": s.id,
                "count": counts[s.id],
                "versus": s.versus,
                "versus_count": counts[s.versus] if s.versus else None,
            }
            for s in SKILLS
            if s.harmful
        ],
        "retried": retried_pairs(turns),
        "openness": [start, *(t.openness for t in played)],
        "best_lines": best_lines,
        "practise_next": practise,
        "walk_away": walk_away,
        "safety_pauses": sum(1 for t in turns if t.paused and not t.false_alarm),
        "safety": safety,
    }


def progress(reports: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One point per session, oldest first, for the trend across sessions."""
    points = []
    for number, report in enumerate(reports, start=1):
        skills = report["skills"]
        good = sum(skills[f] for f in PRAISE_ORDER)
        harmful = sum(skills[f] for f in HARMFUL_FLAGS)
        points.append(
            {
                "number": number,
                "session": report["session"]["id"],
                "date": report["session"]["created_at"][:10],
                "steps_covered": sum(item["covered"] for item in report["checklist"]),
                "final_openness": report["openness"][-1],
                "skilled_share": round(good / (good + harmful), 3) if good + harmful else 0.0,
            }
        )
    return points
