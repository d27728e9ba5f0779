"""`rehearse drill`: the "I feel" drill in the terminal, as in the web app's drill tab.

Interactive by default: a practice situation is shown, each line typed is checked for the
four parts of an I-statement (`rehearsal.drill`), `/next` moves to another situation,
`/help` lists the commands and `/end` (or an empty line twice, or end of input) stops.
With `--line TEXT` one line is checked and the command exits; with `--json` too, one JSON
object goes to stdout. The checking itself is `rehearsal.drill`'s.
"""

from __future__ import annotations

import sys

import typer

from rehearsal.commands.common import emit, require_text
from rehearsal.settings import get_settings
from rehearsal.text import user_line

HELP = "Commands: /next (another situation), /help, /end. Write an “I feel” statement."


def _show(check: object) -> None:
    from rehearsal.drill import DrillCheck

    assert isinstance(check, DrillCheck)
    for label, ok in check.parts().items():
        typer.echo(f"  {'✓' if ok else '✗'} {label}")
    if check.complete:
        typer.echo("  All four parts are there. Well done.")
    for advice in check.advice:
        typer.echo(f"  {advice}")
    if check.suggestion:
        typer.echo(f"  One way to say it: {check.suggestion}")


def drill(
    line: str | None = typer.Option(None, "--line", help="Check this one line and exit."),
    situation: int = typer.Option(1, "--situation", min=1, help="Which situation (1, 2, …)."),
    as_json: bool = typer.Option(False, "--json", help="With --line: print one JSON object."),
) -> None:
    """Practise one “I feel” statement at a time: feeling, situation, no blame, a request."""
    from rehearsal.analysis.analyzer import build_analyzer
    from rehearsal.drill import check_statement, situations

    settings = get_settings()
    options = situations(settings.prompts_dir)
    number = (situation - 1) % len(options)
    if as_json and line is None:
        require_text(None, "--line")
    analyzer = build_analyzer(settings)
    if line is not None:
        text = user_line(line)
        check = check_statement(analyzer, text)
        if as_json:
            emit({"text": text, "practice": options[number], **check.as_json()})
        else:
            _show(check)
        return
    typer.echo(f"Situation {number + 1} of {len(options)}: {options[number]}")
    typer.echo(HELP)
    blank = False
    for raw in sys.stdin:
        said = raw.strip()
        if said in {"/end", "/quit"}:
            break
        if said == "/help":
            typer.echo(HELP)
            continue
        if said == "/next":
            number = (number + 1) % len(options)
            typer.echo(f"Situation {number + 1} of {len(options)}: {options[number]}")
            continue
        if not said:
            if blank:
                break
            blank = True
            typer.echo("(An empty line again, or /end, stops the drill.)")
            continue
        blank = False
        _show(check_statement(analyzer, user_line(said)))
    typer.echo("Drill over.")


def register(app: typer.Typer) -> None:
    app.command()(drill)
