"""Draw the report's charts as PNG files with matplotlib (no display needed).

The openness arc of one session and the trend across sessions. The numbers come from
`rehearsal.report`; where the files go is the caller's choice (each is written 0600).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from rehearsal.private import private_file

TEAL = "#0f766e"
GREY = "#94a3b8"


def openness_chart(arc: list[int], path: Path, partner: str = "Your partner") -> Path:
    """A line of the partner's openness after each turn (turn 0 is the start)."""
    figure, axis = plt.subplots(figsize=(6, 2.6), dpi=110)
    axis.plot(range(len(arc)), arc, marker="o", color=TEAL)
    axis.axhspan(75, 100, color=TEAL, alpha=0.08)
    axis.set_ylim(0, 100)
    axis.set_xlabel("turn")
    axis.set_ylabel("openness")
    axis.set_title(f"How open {partner} felt, turn by turn", fontsize=10)
    axis.grid(alpha=0.3)
    figure.tight_layout()
    private_file(path)  # 0600, whatever the umask
    figure.savefig(path)
    plt.close(figure)
    return path


def progress_chart(points: list[dict[str, Any]], path: Path) -> Path:
    """Steps covered and share of skilled lines per session, oldest first."""
    figure, axis = plt.subplots(figsize=(6, 2.6), dpi=110)
    x = range(1, len(points) + 1)
    axis.plot(
        x,
        [p["steps_covered"] for p in points],
        marker="o",
        color=TEAL,
        label="steps covered (of 8)",
    )
    axis.set_ylim(0, 8.5)
    axis.set_xlabel("session")
    axis.set_ylabel("steps")
    share = axis.twinx()
    share.plot(
        x,
        [100 * p["skilled_share"] for p in points],
        marker="s",
        color=GREY,
        label="skilled lines (%)",
    )
    share.set_ylim(0, 105)
    share.set_ylabel("% skilled")
    axis.set_title("Your progress across sessions", fontsize=10)
    figure.legend(loc="lower right", fontsize=8)
    figure.tight_layout()
    private_file(path)  # 0600, whatever the umask
    figure.savefig(path)
    plt.close(figure)
    return path
