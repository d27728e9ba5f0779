"""`rehearse analyze`: read one utterance (or a batch) as DESIGN.md specifies."""

from __future__ import annotations

from pathlib import Path

import typer

from rehearsal.commands.common import emit, read_batch, require_text
from rehearsal.settings import get_settings


def analyze(
    text: str | None = typer.Argument(None, help="What you would say to your partner."),
    batch: Path | None = typer.Option(
        None, "--batch", help='File of JSON lines {"text": ...} (- for stdin).'
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of text."),
) -> None:
    """Which step TEXT belongs to, which skills it uses, whether it is safe, a better way."""
    from rehearsal.analysis.analyzer import build_analyzer

    if batch is None:
        require_text(text, "text")
    analyzer = build_analyzer(get_settings())
    texts = read_batch(batch, "text") if batch is not None else [text or ""]
    for item in texts:
        if batch is not None and not item.strip():
            emit({"text": item, "error": "empty text"})
            continue
        result = analyzer.analyze(item)
        if as_json or batch is not None:
            emit(result.as_json())
            continue
        typer.echo(f"step:    {result.step or '-'}")
        typer.echo(f"skills:  {', '.join(result.used()) or '-'}")
        typer.echo(f"safety:  {result.safety or 'ok'}")
        if result.rewrite:
            typer.echo(f"try:     {result.rewrite}")


def register(app: typer.Typer) -> None:
    app.command()(analyze)
