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


@eval_app.callback(invoke_without_command=True)
def run_all(context: typer.Context) -> None:
    """With no suite named, run every suite."""
    if context.invoked_subcommand is None:
        retrieval(show_misses=False)


def register(app: typer.Typer) -> None:
    app.add_typer(eval_app, name="eval")
