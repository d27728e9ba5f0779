"""Draw the report's charts as PNG files with matplotlib (no display needed).

The openness arc of one session and the trend across sessions. Each figure carries its
own title inside a top margin (the page shows the images without a label badge), whole
numbers on the turn and session axes, the legend below the plot, and type sized to stay
readable when a phone shrinks the image to 375 px. The numbers come from
`rehearsal.report`; where the files go is the caller's choice (each is written 0600).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from rehearsal.private import private_file

TEAL = "#0f766e"
GREY = "#64748b"
SIZE = (5.0, 3.4)
FONT = 14


def _save(figure: Figure, path: Path) -> Path:
    private_file(path)  # 0600, whatever the umask
    figure.savefig(path)
    plt.close(figure)
    return path


def _whole_numbers(axis: Any, last: int, first: int) -> None:
    last = max(last, first)
    if last - first <= 10:
        axis.set_xticks(range(first, last + 1))
    else:
        axis.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=8))
    axis.set_xlim(first - 0.5, last + 0.5)


def openness_figure(arc: list[int], partner: str = "Your partner") -> Figure:
    figure, axis = plt.subplots(figsize=SIZE, dpi=110)
    axis.plot(range(len(arc)), arc, marker="o", color=TEAL)
    axis.axhspan(75, 100, color=TEAL, alpha=0.08)
    axis.set_ylim(0, 105)
    axis.set_yticks([0, 25, 50, 75, 100])
    _whole_numbers(axis, len(arc) - 1, 0)
    axis.set_xlabel("turn", fontsize=FONT)
    axis.set_ylabel("openness", fontsize=FONT)
    axis.tick_params(labelsize=FONT - 1)
    figure.suptitle(f"How open {partner} felt, turn by turn", fontsize=FONT + 1)
    axis.grid(alpha=0.3)
    figure.tight_layout(rect=(0, 0, 1, 0.94))
    return figure


def openness_chart(arc: list[int], path: Path, partner: str = "Your partner") -> Path:
    """A line of the partner's openness after each turn (turn 0 is the start)."""
    return _save(openness_figure(arc, partner), path)


def progress_figure(points: list[dict[str, Any]]) -> Figure:
    figure, axis = plt.subplots(figsize=SIZE, dpi=110)
    x = list(range(1, len(points) + 1))
    steps = axis.plot(
        x, [p["steps_covered"] for p in points], marker="o", color=TEAL, label="steps (of 8)"
    )
    axis.set_ylim(0, 8.5)
    axis.set_yticks(range(0, 9, 2))
    axis.set_xlabel("session", fontsize=FONT)
    axis.set_ylabel("steps", fontsize=FONT)
    share = axis.twinx()
    skilled = share.plot(
        x,
        [100 * p["skilled_share"] for p in points],
        marker="s",
        linestyle="--",
        color=GREY,
        label="skilled lines (%)",
    )
    share.set_ylim(0, 106)
    share.set_ylabel("% skilled", fontsize=FONT)
    _whole_numbers(axis, len(points), 1)
    for each in (axis, share):
        each.tick_params(labelsize=FONT - 1)
    figure.suptitle("Your progress across sessions", fontsize=FONT + 1)
    lines = steps + skilled
    figure.legend(
        handles=lines,
        labels=[str(line.get_label()) for line in lines],
        loc="lower center",
        ncol=2,
        fontsize=FONT - 1,
        frameon=False,
    )
    figure.tight_layout(rect=(0, 0.08, 1, 0.94))
    return figure


def progress_chart(points: list[dict[str, Any]], path: Path) -> Path:
    """Steps covered and share of skilled lines per session, oldest first."""
    return _save(progress_figure(points), path)
