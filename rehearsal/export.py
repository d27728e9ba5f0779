"""A session as Markdown (for people) and JSON (for scripts): transcript, coach, report.

The transcript shows each first try struck through above the line that replaced it; the
report shows the checklist (done, or only attempted), the balance of skills and each
retried line beside its better version. Where the files go is `rehearsal.services`'
decision; this module only formats, from `Turn`s and the report.
"""

from __future__ import annotations

import json
from typing import Any

from rehearsal.store import SessionRecord
from rehearsal.text import for_terminal
from rehearsal.text import markdown_literal as md
from rehearsal.turn import Turn
from rehearsal.vocabulary import skill_label


def session_json(session: SessionRecord, turns: list[Turn], report: dict[str, Any]) -> str:
    payload = {
        "session": vars(session),
        "turns": [
            {**turn.as_json(), "complete": turn.complete, "first_try": turn.alternative}
            for turn in turns
        ],
        "report": report,
    }
    return json.dumps(payload, ensure_ascii=False, indent=2)


def _you(session: SessionRecord) -> str:
    return md(session.user_name) if session.user_name else "You"


def session_markdown(session: SessionRecord, turns: list[Turn], report: dict[str, Any]) -> str:
    lines = [
        f"# Rehearsal with {md(session.partner_name)}",
        "",
        f"{session.created_at} · persona `{session.persona}` · {session.difficulty}",
        "",
    ]
    if session.context:
        lines += [f"*The situation:* {md(session.context)}", ""]
    lines += ["## Conversation", ""]
    for turn in turns:
        if turn.alternative:
            lines.append(f"~~**{_you(session)}:** {md(turn.user)}~~ *(first try)*  ")
            continue
        lines.append(f"**{_you(session)}:** {md(turn.user)}  ")
        if turn.paused:
            lines += ["*(rehearsal paused for your safety)*", ""]
            continue
        lines.append(
            f"**{md(session.partner_name)}:** {md(turn.partner) if turn.partner else '…'}  "
        )
        lines.append(f"> Coach: {turn.coach['tip']}")
        lines.append("")
    lines.append(report_markdown(report))
    return for_terminal("\n".join(lines).rstrip() + "\n")


def report_markdown(report: dict[str, Any]) -> str:
    """The end-of-session report for people: checklist, balance, retries, best lines, next."""
    lines = [f"## How it went with {md(report['session']['partner_name'])}", ""]
    for pause in report["safety"]:
        lines += [pause["note"], ""]
    for item in report["checklist"]:
        mark = "✓" if item["covered"] else ("◐" if item["attempted"] else "○")
        note = "" if item["covered"] or not item["attempted"] else " — attempted, not yet done"
        lines.append(f"- {mark} {item['title']}{note}")
    pairs = [
        f"**{skill_label(b['versus'])}** {b['versus_count']} vs **{skill_label(b['harmful'])}** "
        f"{b['count']}"
        if b["versus"]
        else f"**{skill_label(b['harmful'])}** {b['count']}"
        for b in report["balance"]
    ]
    lines += ["", " · ".join(pairs), ""]
    if report["retried"]:
        lines += ["**Said again, better**", ""]
        for pair in report["retried"]:
            lines += [f"- ~~“{md(pair['first_try'])}”~~", f"  → “{md(pair['retried'])}”"]
        lines.append("")
    if report["best_lines"]:
        lines += ["**Your best lines**", ""]
        lines += [f"- “{md(line['text'])}”" for line in report["best_lines"]]
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
