"""`rehearse eval [SUITE]`: run the labelled dev sets and print the figures.

Each suite prints a summary on stderr and one JSON object on stdout; a figure below its
threshold makes the command exit non-zero (CI relies on this).
"""

from __future__ import annotations

import typer

from rehearsal.commands.common import emit
from rehearsal.errors import RehearseError
from rehearsal.settings import get_settings

eval_app = typer.Typer(help="Measure Rehearse on its labelled dev sets.", no_args_is_help=False)


def _check(suite: str, figures: dict[str, float], thresholds: dict[str, float]) -> None:
    failed = [
        f"{name} {figures[name]:.3f} < {minimum}"
        for name, minimum in thresholds.items()
        if figures[name] < minimum
    ]
    if failed:
        raise RehearseError(f"{suite} eval below threshold: " + ", ".join(failed))


@eval_app.command("retrieval")
def retrieval(
    show_misses: bool = typer.Option(False, "--misses", help="List the queries ranked wrong."),
) -> None:
    """Recall@1, recall@3 and MRR of retrieval on evals/data/retrieval_dev.jsonl."""
    from evals.retrieval import THRESHOLDS, evaluate, load_cases
    from rag.service import open_retriever

    report = evaluate(open_retriever(get_settings()), load_cases())
    typer.echo(
        f"retrieval: {report.cases} questions  recall@1 {report.recall_at_1:.3f}  "
        f"recall@3 {report.recall_at_3:.3f}  MRR {report.mrr:.3f}",
        err=True,
    )
    for group, value in report.recall_at_1_by_group.items():
        typer.echo(f"  {group:<16} recall@1 {value:.3f}", err=True)
    if show_misses:
        for query, expected, got in report.misses:
            typer.echo(f"  miss: {query!r}\n        want {expected}, got {got}", err=True)
    emit(
        {
            "suite": "retrieval",
            "cases": report.cases,
            **report.summary(),
            "recall_at_1_by_group": report.recall_at_1_by_group,
        }
    )
    _check("retrieval", report.summary(), THRESHOLDS)


@eval_app.command("analysis")
def analysis(
    show_errors: bool = typer.Option(False, "--errors", help="List the utterances read wrong."),
) -> None:
    """Step accuracy, per-flag precision/recall and safety on the analysis dev sets."""
    from evals.analysis import THRESHOLDS, confusion_rows, evaluate_analysis, evaluate_safety
    from rehearsal.analysis.analyzer import build_analyzer
    from rehearsal.analysis.safety import check

    report = evaluate_analysis(build_analyzer(get_settings()))
    safety = evaluate_safety(check)
    typer.echo(
        f"analysis: {report.cases} utterances  step accuracy {report.step_accuracy:.3f}  "
        f"flag accuracy {report.flag_accuracy:.3f}",
        err=True,
    )
    for flag, score in report.flags.items():
        typer.echo(
            f"  {flag:<14} precision {score.precision:.2f}  recall {score.recall:.2f}  "
            f"(n={score.support})",
            err=True,
        )
    typer.echo("  step confusion (rows: labelled, columns: predicted)", err=True)
    for row in confusion_rows(report):
        typer.echo("    " + " ".join(f"{cell:>8}" for cell in row), err=True)
    figures = {**report.summary(), **safety.summary()}
    typer.echo(
        f"safety: {safety.caught}/{safety.crises} crises caught "
        f"({safety.wrong_category} wrong category), "
        f"{safety.false_alarms}/{safety.negatives} false alarms",
        err=True,
    )
    if show_errors:
        for text, want, got in report.step_errors:
            typer.echo(f"  step: {text!r}: want {want}, got {got}", err=True)
        for text, want_safety, got_safety in safety.misses:
            typer.echo(f"  safety: {text!r}: want {want_safety}, got {got_safety}", err=True)
    emit(
        {
            "suite": "analysis",
            "cases": report.cases,
            **figures,
            "flags": {flag: vars(score) for flag, score in report.flags.items()},
        }
    )
    _check("analysis", figures, THRESHOLDS)


@eval_app.command("coach")
def coach(
    show_misses: bool = typer.Option(False, "--misses", help="List the turns cited wrong."),
) -> None:
    """Whether each turn of the scripted sessions cites a section a careful reader would."""
    from evals.coach import THRESHOLDS, evaluate_coach

    report = evaluate_coach(get_settings())
    typer.echo(
        f"coach: {report.turns} turns  section accepted {report.section_accuracy:.3f}  "
        f"first choice {report.first_choice:.3f}  quotes verbatim {report.quote_verbatim:.3f}",
        err=True,
    )
    if show_misses:
        for text, acceptable, got in report.misses:
            typer.echo(f"  miss: {text!r}\n        want {acceptable}, got {got}", err=True)
    emit({"suite": "coach", "turns": report.turns, **report.summary()})
    _check("coach", report.summary(), THRESHOLDS)


@eval_app.callback(invoke_without_command=True)
def run_all(context: typer.Context) -> None:
    """With no suite named, run every suite."""
    if context.invoked_subcommand is None:
        retrieval(show_misses=False)
        analysis(show_errors=False)
        coach(show_misses=False)


def register(app: typer.Typer) -> None:
    app.add_typer(eval_app, name="eval")
