"""Coach eval: does each turn cite a passage a careful reader would pick, quoted verbatim?

Dev sets, labelled from the article alone by helpers who never saw the coach's code:
`coach_dev.jsonl` (101 turns of scripted sessions, steps and recommendations only) and
`coach_chat_dev.jsonl` (116 turns in 14 sessions, every group of the article, with what
the partner said before each line); and a test set, `coach_test.jsonl` (86 turns in 10
sessions, written like the chat set by another helper when the section model was
fitted), measured, never tuned on; and `coach_rare_dev.jsonl` (341 turns in 36 sessions
by three more helpers, heavy in what the coach cites least: the person worn down and
weighing leaving, trying to understand the partner, seeing what the distance does), which
was written as training and kept apart instead (fitted on, it cost the scripted set 5
turns of 101). `replay` plays a session's lines through the real
analyser, step tracker, openness and coach, with the labelled partner line as the
partner's last reply (the coach's facts do not depend on the partner's voice). The
training sessions (`rehearsal/data/coach_training.jsonl`) replay the same way for
`evals.coach_fit`.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from evals import DATA_DIR
from rehearsal.analysis.analyzer import TurnContext
from rehearsal.llm.fake import FakeBackend
from rehearsal.partner.moves import read_move
from rehearsal.partner_state import initial_state, update
from rehearsal.services import Services
from rehearsal.session import RECENT_TIPS
from rehearsal.settings import Settings
from rehearsal.steps import StepTracker, done_with_skill

COACH_DEV = DATA_DIR / "coach_dev.jsonl"
CHAT_DEV = DATA_DIR / "coach_chat_dev.jsonl"
TEST = DATA_DIR / "coach_test.jsonl"
RARE_DEV = DATA_DIR / "coach_rare_dev.jsonl"
# Guards against regressions at today's level (issue 14 asks for 0.90 on the chat set).
THRESHOLDS = {
    "section_accuracy": 0.75,
    "chat_section_accuracy": 0.75,
    "test_section_accuracy": 0.65,
    "rare_section_accuracy": 0.65,
    "quote_verbatim": 1.0,
}


@dataclass
class CoachReport:
    turns: int
    section_accuracy: float
    first_choice: float
    quote_verbatim: float
    by_group: dict[str, float] = field(default_factory=dict)
    misses: list[tuple[str, list[str], str]] = field(default_factory=list)

    def summary(self) -> dict[str, float]:
        return {
            "section_accuracy": self.section_accuracy,
            "first_choice": self.first_choice,
            "quote_verbatim": self.quote_verbatim,
        }


def load_sessions(path: Path) -> dict[str, list[dict[str, Any]]]:
    sessions: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            sessions[row["session"]].append(row)
    return {sid: sorted(rows, key=lambda r: r["turn"]) for sid, rows in sessions.items()}


def replay(
    services: Services, rows: list[dict[str, Any]], *, feedback: bool = True
) -> Iterator[tuple[dict, Any, Any]]:
    """(row, the coach's facts, its feedback or None) for each line of one session."""
    persona = services.persona(rows[0]["persona"])
    tracker, state = StepTracker(), initial_state("medium")
    earlier: list[str] = []
    tips: list[str] = []
    for row in rows:
        partner_last = row.get("partner_before")
        context = TurnContext(tracker.current, partner_last, tuple(earlier[-2:]))
        analysis = services.analyzer.analyze(row["text"], context)
        earlier.append(row["text"])
        done = done_with_skill(analysis.step, analysis.skills)
        tracker, step_update = tracker.after(analysis.step, done=done)
        state = update(state, persona, analysis.skills, row["text"])
        move = read_move(services.settings.prompts_dir, row["text"], analysis.skills).move
        facts = services.coach.facts(
            analysis,
            step_update,
            tracker,
            state,
            move=move,
            partner_last=partner_last,
            persona_section=persona.section,
        )
        said = (
            services.coach.feedback(
                analysis,
                step_update,
                tracker,
                state,
                "Sam",
                move=move,
                partner_last=partner_last,
                persona_section=persona.section,
                turn_number=row["turn"],
                earlier_tips=tips[-RECENT_TIPS:],
            )
            if feedback
            else None
        )
        if said is not None:
            tips.append(said.tip)
        yield row, facts, said


def evaluate_coach(settings: Settings, path: Path = COACH_DEV) -> CoachReport:
    services = Services(settings, backend=FakeBackend(default="Okay."))
    corpus = settings.corpus_path.read_text(encoding="utf-8")
    accepted = first = verbatim = total = 0
    misses = []
    group_hits: dict[str, list[bool]] = defaultdict(list)
    for rows in load_sessions(path).values():
        for row, _, feedback in replay(services, rows):
            total += 1
            ok = feedback.section in row["acceptable"]
            accepted += ok
            first += feedback.section == row["acceptable"][0]
            group_hits[row["acceptable"][0].split("/")[0]].append(ok)
            quotes = [(feedback.section, feedback.quote)]
            if feedback.why is not None:
                quotes.append((feedback.why.section, feedback.why.quote))
            verbatim += all(q in corpus and q in services.sections[sid].text for sid, q in quotes)
            if not ok:
                misses.append((row["text"], row["acceptable"], feedback.section))
    n = max(1, total)
    return CoachReport(
        turns=total,
        section_accuracy=round(accepted / n, 4),
        first_choice=round(first / n, 4),
        quote_verbatim=round(verbatim / n, 4),
        by_group={g: round(sum(v) / len(v), 3) for g, v in sorted(group_hits.items())},
        misses=misses,
    )


def summary_all(settings: Settings) -> tuple[dict[str, CoachReport], dict[str, float]]:
    """Each set's report by name, and the figures the thresholds read."""
    paths = (COACH_DEV, CHAT_DEV, TEST, RARE_DEV)
    reports = {path.stem: evaluate_coach(settings, path) for path in paths}
    tidy, chat, test, rare = reports.values()
    figures = {
        **tidy.summary(),
        "chat_section_accuracy": chat.section_accuracy,
        "chat_first_choice": chat.first_choice,
        "test_section_accuracy": test.section_accuracy,
        "test_first_choice": test.first_choice,
        "rare_section_accuracy": rare.section_accuracy,
        "rare_first_choice": rare.first_choice,
        "quote_verbatim": min(r.quote_verbatim for r in reports.values()),
    }
    return reports, figures
