"""Coach eval: does each turn cite a section a careful reader would pick, with a verbatim quote?

The dev set (`evals/data/coach_dev.jsonl`: scripted sessions, each turn with the sections a
careful reader accepts, best first) was labelled from the article alone, independently of
the coach's code. Sessions are played through the real rehearsal loop (analysis, steps,
openness, retrieval, coach) with a scripted partner voice, since the coach's facts do not
depend on what the partner says.
"""

from __future__ import annotations

import json
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from evals import DATA_DIR
from rehearsal.llm.fake import FakeBackend
from rehearsal.services import Services
from rehearsal.settings import Settings
from rehearsal.store import SessionStore

COACH_DEV = DATA_DIR / "coach_dev.jsonl"
THRESHOLDS = {"section_accuracy": 0.80, "quote_verbatim": 1.0}


@dataclass
class CoachReport:
    turns: int
    section_accuracy: float
    first_choice: float
    quote_verbatim: float
    misses: list[tuple[str, list[str], str]] = field(default_factory=list)

    def summary(self) -> dict[str, float]:
        return {
            "section_accuracy": self.section_accuracy,
            "first_choice": self.first_choice,
            "quote_verbatim": self.quote_verbatim,
        }


def load_sessions(path: Path = COACH_DEV) -> dict[str, list[dict[str, Any]]]:
    sessions: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            sessions[row["session"]].append(row)
    return {sid: sorted(rows, key=lambda r: r["turn"]) for sid, rows in sessions.items()}


def evaluate_coach(settings: Settings, path: Path = COACH_DEV) -> CoachReport:
    services = Services(settings, backend=FakeBackend(default="Okay."))
    corpus = settings.corpus_path.read_text(encoding="utf-8")
    accepted = first = verbatim = total = 0
    misses = []
    with tempfile.TemporaryDirectory() as scratch:
        services.store = SessionStore(Path(scratch) / "coach-eval.sqlite3")
        for rows in load_sessions(path).values():
            rehearsal = services.start(rows[0]["persona"], "medium", "Sam")
            for row in rows:
                coach = rehearsal.play(row["text"])["coach"]
                total += 1
                if coach["section"] is None:
                    continue
                accepted += coach["section"] in row["acceptable"]
                first += coach["section"] == row["acceptable"][0]
                section_text = services.sections[coach["section"]].text
                verbatim += coach["quote"] in corpus and coach["quote"] in section_text
                if coach["section"] not in row["acceptable"]:
                    misses.append((row["text"], row["acceptable"], coach["section"]))
        services.store.close()
    n = max(1, total)
    return CoachReport(
        turns=total,
        section_accuracy=round(accepted / n, 4),
        first_choice=round(first / n, 4),
        quote_verbatim=round(verbatim / n, 4),
        misses=misses,
    )
