"""Write a dated evaluation report: Markdown plus PNG charts, under evals/reports/DATE/.

Charts: the step confusion matrix, recall@1 per section group, and the partner's openness
trajectories per persona. The figures come from the suites' runners; this only draws
and writes.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from evals.analysis import NO_STEP, AnalysisReport
from evals.partner import PartnerReport
from evals.retrieval import RetrievalReport
from rehearsal.vocabulary import STEP_IDS

REPORTS = Path(__file__).resolve().parent / "reports"


def _confusion_png(report: AnalysisReport, path: Path) -> None:
    labels = [*STEP_IDS, NO_STEP]
    grid = [[report.confusion[(want, got)] for got in labels] for want in labels]
    figure, axis = plt.subplots(figsize=(5.5, 5), dpi=110)
    axis.imshow(grid, cmap="Greens")
    short = [label.split("/")[-1].split("-")[0] if "/" in label else "none" for label in labels]
    axis.set_xticks(range(len(labels)), short)
    axis.set_yticks(range(len(labels)), short)
    axis.set_xlabel("predicted step")
    axis.set_ylabel("labelled step")
    for row, values in enumerate(grid):
        for column, value in enumerate(values):
            if value:
                axis.text(column, row, str(value), ha="center", va="center", fontsize=8)
    axis.set_title(f"Step confusion (accuracy {report.step_accuracy:.2f})")
    figure.tight_layout()
    figure.savefig(path)
    plt.close(figure)


def _groups_png(report: RetrievalReport, path: Path) -> None:
    groups = list(report.recall_at_1_by_group)
    figure, axis = plt.subplots(figsize=(6, 3), dpi=110)
    axis.bar(groups, [report.recall_at_1_by_group[g] for g in groups], color="#0f766e")
    axis.set_ylim(0, 1.05)
    axis.set_ylabel("recall@1")
    axis.set_title("Retrieval recall@1 per section group")
    figure.tight_layout()
    figure.savefig(path)
    plt.close(figure)


def _trajectories_png(report: PartnerReport, path: Path) -> None:
    figure, axes = plt.subplots(1, 3, figsize=(12, 3.4), dpi=100, sharey=True)
    for axis, run in zip(axes, ("skilled/medium", "mixed/medium", "hostile/medium"), strict=True):
        for persona, runs in report.trajectories.items():
            axis.plot(runs[run], marker=".", label=persona)
        axis.set_title(run.split("/")[0] + " script (medium)")
        axis.set_xlabel("turn")
        axis.set_ylim(0, 100)
    axes[0].set_ylabel("openness")
    axes[-1].legend(fontsize=7, loc="upper right")
    figure.tight_layout()
    figure.savefig(path)
    plt.close(figure)


def write_report(
    figures: dict[str, dict[str, Any]],
    retrieval: RetrievalReport,
    analysis: AnalysisReport,
    partner: PartnerReport,
) -> Path:
    """Write report.md and the charts; returns the report's folder."""
    folder = REPORTS / date.today().isoformat()
    folder.mkdir(parents=True, exist_ok=True)
    _confusion_png(analysis, folder / "step_confusion.png")
    _groups_png(retrieval, folder / "retrieval_groups.png")
    _trajectories_png(partner, folder / "openness_trajectories.png")
    lines = [f"# Rehearse evaluation — {date.today().isoformat()}", ""]
    for suite, values in figures.items():
        lines += [f"## {suite}", "", "| figure | value |", "|---|---|"]
        lines += [f"| {name} | {value} |" for name, value in values.items()]
        lines.append("")
    lines += [
        "## Per-flag precision and recall",
        "",
        "| flag | precision | recall | n |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| {flag} | {s.precision} | {s.recall} | {s.support} |"
        for flag, s in analysis.flags.items()
    ]
    lines += [
        "",
        "![step confusion](step_confusion.png)",
        "",
        "![retrieval per group](retrieval_groups.png)",
        "",
        "![openness trajectories](openness_trajectories.png)",
        "",
    ]
    (folder / "report.md").write_text("\n".join(lines), encoding="utf-8")
    return folder
