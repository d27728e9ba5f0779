"""`rehearse eval` and `rehearse bench`: the measuring commands, added by the evals package.

`rehearsal.cli` finds this module through the `rehearse.commands` entry point, so the
product never imports the evals package; an install without it simply has no `eval` or
`bench`.

`rehearse eval [SUITE] [--quick] [--json]`: measure Rehearse on its labelled dev sets.

With no suite, every suite runs (retrieval, analysis, safety, coach, partner behaviour),
a summary table goes to stdout and a dated report with charts to evals/reports/ (not with
--quick, which CI uses). A figure below its threshold makes the command exit non-zero.
Details of a suite go to stderr; `--json` prints one object per suite on stdout.
"""

from __future__ import annotations

from typing import Any

import typer

from rehearsal.commands.common import emit
from rehearsal.errors import RehearseError
from rehearsal.settings import get_settings

eval_app = typer.Typer(help="Measure Rehearse on its labelled dev sets.")


def _below(figures: dict[str, Any], thresholds: dict[str, float]) -> list[str]:
    return [
        f"{name} {figures[name]:.3f} < {minimum}"
        for name, minimum in thresholds.items()
        if figures[name] < minimum
    ]


def _finish(suite: str, figures: dict[str, Any], thresholds: dict[str, float]) -> None:
    emit({"suite": suite, **figures})
    failed = _below(figures, thresholds)
    if failed:
        raise RehearseError(f"{suite} eval below threshold: " + ", ".join(failed))


@eval_app.command("retrieval")
def retrieval(misses: bool = typer.Option(False, "--misses", help="List wrong rankings.")) -> None:
    """Recall@1, recall@3 and MRR on evals/data/retrieval_dev.jsonl."""
    from evals.retrieval import THRESHOLDS, evaluate, load_cases
    from rehearsal.retrieval import open_retriever

    report = evaluate(open_retriever(get_settings()), load_cases())
    for group, value in report.recall_at_1_by_group.items():
        typer.echo(f"  {group:<16} recall@1 {value:.3f}", err=True)
    for query, expected, got in report.misses if misses else []:
        typer.echo(f"  miss: {query!r}: want {expected}, got {got}", err=True)
    _finish("retrieval", {"cases": report.cases, **report.summary()}, THRESHOLDS)


@eval_app.command("analysis")
def analysis(errors: bool = typer.Option(False, "--errors", help="List wrong readings.")) -> None:
    """Step accuracy, flag accuracy, per-flag precision/recall and the safety check."""
    from evals.analysis import THRESHOLDS, confusion_rows, summary_both
    from rehearsal.analysis.analyzer import build_analyzer

    analyzer = build_analyzer(get_settings())
    report, figures = summary_both(analyzer)
    for flag, score in report.flags.items():
        typer.echo(
            f"  {flag:<14} precision {score.precision:.2f}  recall {score.recall:.2f}"
            f"  (n={score.support})",
            err=True,
        )
    for row in confusion_rows(report):
        typer.echo("    " + " ".join(f"{cell:>8}" for cell in row), err=True)
    for text, want, got in report.step_errors if errors else []:
        typer.echo(f"  step: {text!r}: want {want}, got {got}", err=True)
    _finish("analysis", {"cases": report.cases, **figures}, THRESHOLDS)


@eval_app.command("safety")
def safety(misses: bool = typer.Option(False, "--misses", help="List wrong verdicts.")) -> None:
    """Crises caught (right category), levels, false alarms, and ordinary talk left alone."""
    from evals import safety as safety_eval
    from rehearsal.analysis.analyzer import build_analyzer

    check = build_analyzer(get_settings()).safety
    for name in safety_eval.SETS if misses else ():
        for text, want, got in safety_eval.evaluate_set(
            check.assess, safety_eval.DATA_DIR / name
        ).misses:
            typer.echo(f"  {name}: {text!r}: want {want}, got {got}", err=True)
    _finish("safety", safety_eval.evaluate_safety(check.assess), safety_eval.THRESHOLDS)


@eval_app.command("coach")
def coach(misses: bool = typer.Option(False, "--misses", help="List turns cited wrong.")) -> None:
    """Whether each turn cites a passage a careful reader would, quoted verbatim."""
    from evals.coach import THRESHOLDS, summary_all

    reports, figures = summary_all(get_settings())
    for name, report in reports.items():
        groups = ", ".join(f"{g} {v:.2f}" for g, v in report.by_group.items())
        typer.echo(f"  {name}: by the group of the best passage: {groups}", err=True)
        for text, acceptable, got in report.misses if misses else []:
            typer.echo(f"  miss: {text!r}: want {acceptable}, got {got}", err=True)
    turns = sum(report.turns for report in reports.values())
    _finish("coach", {"turns": turns, **figures}, THRESHOLDS)


@eval_app.command("partner")
def partner(
    write_panel: bool = typer.Option(
        False, "--write-panel", help="Save the transcripts and a blinded packet for readers."
    ),
) -> None:
    """Openness per persona, then the partner's replies: the proxy and the panel's verdict."""
    from evals import partner_quality
    from evals.partner import THRESHOLDS, evaluate_partner

    report = evaluate_partner(get_settings())
    emit({"suite": "partner", **report.figures})
    quality = partner_quality.evaluate_quality(get_settings(), write_panel=write_panel)
    failed = _below(report.figures, THRESHOLDS) + _below(quality, partner_quality.THRESHOLDS)
    emit({"suite": "partner_quality", **quality})
    if failed:
        raise RehearseError("partner eval below threshold: " + ", ".join(failed))


@eval_app.callback(invoke_without_command=True)
def run_all(
    context: typer.Context,
    quick: bool = typer.Option(False, "--quick", help="Figures and thresholds only, no report."),
) -> None:
    """With no suite named, run every suite, print a summary and write a dated report."""
    if context.invoked_subcommand is not None:
        return
    from rich.console import Console
    from rich.table import Table

    from evals import analysis as analysis_eval
    from evals import coach as coach_eval
    from evals import partner as partner_eval
    from evals import partner_quality
    from evals import retrieval as retrieval_eval
    from evals import safety as safety_eval
    from evals.report import write_report
    from rehearsal.analysis.analyzer import build_analyzer
    from rehearsal.retrieval import open_retriever

    settings = get_settings()
    retrieval_report = retrieval_eval.evaluate(
        open_retriever(settings), retrieval_eval.load_cases()
    )
    analyzer = build_analyzer(settings)
    analysis_report, analysis_figures = analysis_eval.summary_both(analyzer)
    safety_figures = safety_eval.evaluate_safety(analyzer.safety.assess)
    _, coach_figures = coach_eval.summary_all(settings)
    partner_report = partner_eval.evaluate_partner(settings)
    quality = partner_quality.evaluate_quality(settings)
    suites: dict[str, tuple[dict[str, Any], dict[str, float]]] = {
        "retrieval": (retrieval_report.summary(), retrieval_eval.THRESHOLDS),
        "analysis": (analysis_figures, analysis_eval.THRESHOLDS),
        "safety": (safety_figures, safety_eval.THRESHOLDS),
        "coach": (coach_figures, coach_eval.THRESHOLDS),
        "partner": (partner_report.figures, partner_eval.THRESHOLDS),
        "partner_quality": (quality, partner_quality.THRESHOLDS),
    }
    table = Table(title="Rehearse eval")
    for column in ("suite", "figure", "value", "threshold"):
        table.add_column(column)
    failed = []
    for suite, (figures, thresholds) in suites.items():
        for name, value in figures.items():
            table.add_row(
                suite, name, f"{value:.3f}", f">= {thresholds[name]}" if name in thresholds else ""
            )
        failed += [f"{suite}: {item}" for item in _below(figures, thresholds)]
    Console().print(table)
    if not quick:
        folder = write_report(
            {s: f for s, (f, _) in suites.items()},
            retrieval_report,
            analysis_report,
            partner_report,
        )
        typer.echo(f"report written to {folder}/report.md", err=True)
    if failed:
        raise RehearseError("eval below threshold: " + "; ".join(failed))


def bench(as_json: bool = typer.Option(False, "--json", help="Print one JSON object.")) -> None:
    """Measure generation rate, first-token latency, per-turn overhead, cold start, memory."""
    from rich.console import Console
    from rich.table import Table

    from evals.bench import TARGETS, run_bench

    console = Console(stderr=True)
    figures = run_bench(get_settings(), lambda label: console.print(f"measuring {label}…"))
    if as_json:
        emit(figures)
        return
    table = Table(title="Rehearse bench")
    for column in ("figure", "value", "target", "ok"):
        table.add_column(column)
    for name, value in figures.items():
        target = TARGETS.get(name)
        verdict = ""
        if target and isinstance(value, int | float):
            op, limit = target
            ok = {"<": value < limit, "<=": value <= limit, ">=": value >= limit}[op]
            verdict = "yes" if ok else "NO"
        table.add_row(name, str(value), f"{target[0]} {target[1]}" if target else "", verdict)
    Console().print(table)


def register(app: typer.Typer) -> None:
    """Add `eval` and `bench` to the `rehearse` command line (the entry point's target)."""
    app.add_typer(eval_app, name="eval")
    app.command()(bench)
