"""`rehearse bench [--json]`: speed and memory figures against their targets."""

from __future__ import annotations

import typer

from rehearsal.commands.common import emit
from rehearsal.settings import get_settings


def bench(as_json: bool = typer.Option(False, "--json", help="Print one JSON object.")) -> None:
    """Measure generation rate, first-token latency, per-turn overhead, cold start, memory."""
    from rich.console import Console
    from rich.table import Table

    from rehearsal.bench import TARGETS, run_bench

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
    app.command()(bench)
