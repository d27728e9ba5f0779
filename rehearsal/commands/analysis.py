"""`rehearse analyze`: read one utterance (or a batch) as DESIGN.md specifies.

Each text is cleaned as a typed line is (`rehearsal.text.user_line`) before it is read;
in a batch, a text that is empty or too long gets an `error` line and the rest go on.
"""

from __future__ import annotations

from pathlib import Path

import typer

from rehearsal.commands.common import emit, read_batch, require_text
from rehearsal.errors import EmptyInputError, InputTooLong
from rehearsal.settings import get_settings
from rehearsal.text import user_line


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
        try:
            line = user_line(item)
        except EmptyInputError:
            if batch is None:
                raise
            emit({"text": item, "error": "empty text"})
            continue
        except InputTooLong as error:
            if batch is None:
                raise
            emit({"text": item, "error": str(error)})
            continue
        result = analyzer.analyze(line)
        if as_json or batch is not None:
            emit({**result.as_json(), "text": item})
            continue
        typer.echo(f"step:    {result.step or '-'}")
        typer.echo(f"skills:  {', '.join(result.used()) or '-'}")
        typer.echo(f"safety:  {result.safety or 'ok'}")
        if result.rewrite:
            typer.echo(f"try:     {result.rewrite}")


def register(app: typer.Typer) -> None:
    app.command()(analyze)
