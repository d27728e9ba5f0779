"""Partner-behaviour eval: openness trajectories per persona for scripted conversations.

Openness is deterministic given the analysis, so the real analyser and persona weights
are run with a scripted voice: a skilled script should reach 70 within ten turns on
medium, a hostile one never rise above its start, and on hard a skilled script should
need at least six turns.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from evals import DATA_DIR
from rehearsal.llm.fake import FakeBackend
from rehearsal.services import Services
from rehearsal.settings import Settings
from rehearsal.store import SessionStore

SCRIPTS = DATA_DIR / "scripts"
THRESHOLDS = {"skilled_reach_70": 1.0, "hostile_never_above_start": 1.0, "hard_not_before_6": 1.0}


@dataclass
class PartnerReport:
    trajectories: dict[str, dict[str, list[int]]] = field(default_factory=dict)
    figures: dict[str, float] = field(default_factory=dict)


def script(name: str) -> list[str]:
    return [line for line in (SCRIPTS / f"{name}.txt").read_text().splitlines() if line]


def evaluate_partner(settings: Settings) -> PartnerReport:
    services = Services(settings, backend=FakeBackend(default="Okay."))
    report = PartnerReport()
    reached = hostile_ok = hard_ok = 0
    with tempfile.TemporaryDirectory() as scratch:
        services.store = SessionStore(Path(scratch) / "partner-eval.sqlite3")
        personas = list(services.personas())
        for persona in personas:
            runs: dict[str, list[int]] = {}
            for name, difficulty in (
                ("skilled", "medium"),
                ("hostile", "medium"),
                ("mixed", "medium"),
                ("skilled", "hard"),
            ):
                rehearsal = services.start(persona, difficulty, "Sam")
                arc = [rehearsal.state.openness]
                arc += [rehearsal.play(line)["state"]["openness"] for line in script(name)]
                runs[f"{name}/{difficulty}"] = arc
            report.trajectories[persona] = runs
            reached += max(runs["skilled/medium"]) >= 70
            hostile = runs["hostile/medium"]
            hostile_ok += max(hostile) <= hostile[0]
            hard = runs["skilled/hard"]
            first = next((turn for turn, value in enumerate(hard) if value >= 70), None)
            hard_ok += first is None or first >= 6
        services.store.close()
    n = len(report.trajectories)
    report.figures = {
        "skilled_reach_70": round(reached / n, 3),
        "hostile_never_above_start": round(hostile_ok / n, 3),
        "hard_not_before_6": round(hard_ok / n, 3),
    }
    return report
