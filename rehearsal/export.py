"""A session as Markdown (for people) and JSON (for scripts): transcript, coach, report.

Writing the files under REHEARSE_HOME/exports is `rehearsal.store`'s path decision; this
module only formats.
"""

from __future__ import annotations

import json
from typing import Any

from rehearsal.store import SessionRecord, TurnRecord


def session_json(session: SessionRecord, turns: list[TurnRecord], report: dict[str, Any]) -> str:
    payload = {
        "session": vars(session),
        "turns": [
            {
                "user": t.user_text,
                "partner": t.partner_text,
                "analysis": t.analysis,
                "coach": t.feedback,
                "state": t.state,
                "complete": t.partner_done,
            }
            for t in turns
        ],
        "report": report,
    }
    return json.dumps(payload, ensure_ascii=False, indent=2)


def session_markdown(
    session: SessionRecord, turns: list[TurnRecord], report: dict[str, Any]
) -> str:
    lines = [
        f"# Rehearsal with {session.partner_name}",
        "",
        f"{session.created_at} · persona `{session.persona}` · {session.difficulty}",
        "",
        "## Conversation",
        "",
    ]
    for turn in turns:
        lines.append(f"**You:** {turn.user_text}  ")
        if turn.analysis.get("safety"):
            lines += ["*(rehearsal paused for your safety)*", ""]
            continue
        lines.append(f"**{session.partner_name}:** {turn.partner_text or '…'}  ")
        lines.append(f"> Coach: {turn.feedback['tip']}")
        lines.append("")
    lines.append(report_markdown(report))
    return "\n".join(lines).rstrip() + "\n"


def report_markdown(report: dict[str, Any]) -> str:
    """The end-of-session report for people: checklist, balance, best lines, next step."""
    lines = [f"## How it went with {report['session']['partner_name']}", ""]
    lines += [
        f"- {'✓' if item['covered'] else '○'} {item['title']}" for item in report["checklist"]
    ]
    balance = report["balance"]
    lines += [
        "",
        f"**“I feel” statements** {balance['i_statements']} vs **blame** "
        f"{balance['blame']} · **requests** {balance['requests']} vs **demands** "
        f"{balance['demands']} · **ultimatums** {balance['ultimatums']}",
        "",
    ]
    if report["best_lines"]:
        lines += ["**Your best lines**", ""]
        lines += [f"- “{line['text']}”" for line in report["best_lines"]]
        lines.append("")
    if report["practise_next"]:
        practise = report["practise_next"]
        lines += [f"**Practise next: {practise['title']}**", "", f"> {practise['quote']}", ""]
    if report["walk_away"]:
        lines += [report["walk_away"]["message"], ""]
        lines += [
            f"> **{sign['title']}** — {sign['quote']}" for sign in report["walk_away"]["signs"]
        ]
    return "\n".join(lines)
