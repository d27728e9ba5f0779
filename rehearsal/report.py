"""The end-of-session report and the progress across sessions, computed from the store.

Everything here is recomputed from stored turns, so a report always matches the turns it
summarises: the eight-step checklist, counts of every skill, the partner's openness arc,
the person's best lines, what to practise next with its passage, and, when what the
person described matches the article's signs that it may be time to walk away, a gentle
note citing them. Drawing charts is `rehearsal.charts`'; showing it is the UI's.
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

from rag.corpus import Section
from rehearsal.partner_state import RULES
from rehearsal.store import SessionRecord, TurnRecord
from rehearsal.vocabulary import HARMFUL_FLAGS, SKILL_FLAGS, STEP_IDS, STEP_TITLES

WALK_AWAY_SIGNS = Path(__file__).resolve().parent / "data" / "walk_away.toml"
PRAISE_ORDER = (
    "empathy",
    "reflection",
    "i_statement",
    "open_question",
    "needs",
    "request",
    "compromise",
    "next_step",
    "check_in",
)
GENTLE_NOTE = (
    "Some of what you described matches what the article calls signs that it may be time to "
    "walk away. Only you can judge your relationship, and rehearsing is worthwhile either "
    "way — but your well-being matters too."
)


@lru_cache(maxsize=1)
def _signs() -> dict[str, re.Pattern[str]]:
    with WALK_AWAY_SIGNS.open("rb") as handle:
        return {sid: re.compile(p, re.IGNORECASE) for sid, p in tomllib.load(handle).items()}


def walk_away_signs(texts: list[str]) -> list[str]:
    """The walk-away section ids whose signs appear in what the person said."""
    found = [sid for sid, pattern in _signs().items() if any(pattern.search(t) for t in texts)]
    return found


def _good_points(turn: TurnRecord) -> int:
    skills = turn.analysis["skills"]
    if any(skills.get(flag) for flag in HARMFUL_FLAGS):
        return 0
    return sum(1 for flag in PRAISE_ORDER if skills.get(flag))


def build_report(
    session: SessionRecord, turns: list[TurnRecord], sections: dict[str, Section]
) -> dict[str, Any]:
    """The report of one session as JSON-ready data."""
    played = [turn for turn in turns if not turn.analysis.get("safety")]
    counts = {
        flag: sum(bool(t.analysis["skills"].get(flag)) for t in played) for flag in SKILL_FLAGS
    }
    covered = [step for step in STEP_IDS if any(t.analysis.get("step") == step for t in played)]
    start = RULES[session.difficulty].start  # type: ignore[index]
    arc = [start, *(int(t.state["openness"]) for t in played)]
    best = sorted(played, key=lambda t: (-_good_points(t), t.idx))[:3]
    best_lines = [
        {
            "turn": t.idx,
            "text": t.user_text,
            "skills": [f for f in PRAISE_ORDER if t.analysis["skills"].get(f)],
        }
        for t in best
        if _good_points(t) > 0
    ]
    next_step = next((step for step in STEP_IDS if step not in covered), None)
    practise = None
    if next_step is not None:
        section = sections[next_step]
        practise = {
            "step": next_step,
            "title": STEP_TITLES[next_step],
            "section": next_step,
            "quote": section.text,
        }
    signs = walk_away_signs([session.context, *(t.user_text for t in played)])
    walk_away = None
    if signs:
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
            {"step": s, "title": STEP_TITLES[s], "covered": s in covered} for s in STEP_IDS
        ],
        "skills": counts,
        "balance": {
            "i_statements": counts["i_statement"],
            "blame": counts["blame"],
            "requests": counts["request"],
            "demands": counts["demand"],
            "ultimatums": counts["ultimatum"],
        },
        "openness": arc,
        "best_lines": best_lines,
        "practise_next": practise,
        "walk_away": walk_away,
        "safety_pauses": len(turns) - len(played),
    }


def progress(reports: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One point per session, oldest first, for the trend across sessions."""
    points = []
    for report in reports:
        skills = report["skills"]
        good = sum(skills[f] for f in PRAISE_ORDER)
        harmful = sum(skills[f] for f in HARMFUL_FLAGS)
        points.append(
            {
                "session": report["session"]["id"],
                "date": report["session"]["created_at"][:10],
                "steps_covered": sum(item["covered"] for item in report["checklist"]),
                "final_openness": report["openness"][-1],
                "skilled_share": round(good / (good + harmful), 3) if good + harmful else 0.0,
            }
        )
    return points
