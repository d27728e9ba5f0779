"""`rehearse chat` and `rehearse personas`: rehearse in the terminal, list the partners.

A `--script` is read and checked whole before the rehearsal starts (a line that is not
UTF-8 or too long is a one-line error naming it); typed lines are repaired instead. The
CLI rehearses as the local person (`LOCAL_OWNER`), and resumes only their sessions.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import typer

from rehearsal.commands.common import emit, read_lines
from rehearsal.errors import EmptyInputError, InputTooLong, RehearseError
from rehearsal.settings import get_settings
from rehearsal.store import LOCAL_OWNER
from rehearsal.text import user_line


def personas(as_json: bool = typer.Option(False, "--json", help="Print JSON lines.")) -> None:
    """The partners you can rehearse with (one per reason in the article)."""
    from rehearsal.services import Services

    for persona in Services(get_settings()).personas().values():
        if as_json:
            emit(
                {
                    "id": persona.id,
                    "title": persona.title,
                    "summary": persona.summary,
                    "section": persona.section,
                }
            )
        else:
            typer.echo(f"{persona.id:<26} {persona.summary}")


def chat(
    persona: str = typer.Option(
        "avoidant-attachment", "--persona", help="Persona id (see `rehearse personas`) or 'custom'."
    ),
    difficulty: str = typer.Option("medium", "--difficulty", help="easy, medium or hard."),
    partner_name: str = typer.Option("Sam", "--partner-name", help="Your partner's name."),
    context: str = typer.Option("", "--context", help="A few words about the real situation."),
    script: Path | None = typer.Option(None, "--script", help="File with one user turn per line."),
    as_json: bool = typer.Option(False, "--json", help="Print each turn as one JSON line."),
    resume: str | None = typer.Option(None, "--resume", help="Continue a stored session by id."),
) -> None:
    """Rehearse a conversation in the terminal (type /end or Ctrl-D to finish)."""
    from rehearsal.services import Services
    from rehearsal.session import PartnerSpoke, SafetyPause, TurnEnded, TurnStarted

    services = Services(get_settings())
    if script is not None:
        turns: Iterator[str] = iter(_script_turns(script))
    else:
        turns = _prompt_lines()
    rehearsal = (
        services.resume(resume, LOCAL_OWNER)
        if resume
        else services.start(persona, difficulty, partner_name, context, owner=LOCAL_OWNER)
    )
    name = rehearsal.partner.name
    typer.echo(
        f"session {rehearsal.id}: rehearsing with {name} "
        f"({rehearsal.partner.persona.title}, {difficulty})",
        err=True,
    )
    for text in turns:
        for event in rehearsal.send(text):
            if as_json:
                if isinstance(event, TurnEnded):
                    emit(event.turn.as_json())
                continue
            if isinstance(event, TurnStarted):
                typer.echo(f"  coach: {event.feedback.tip}", err=True)
                if event.feedback.rewrite:
                    typer.echo(f"  try:   {event.feedback.rewrite}", err=True)
                typer.echo(f"{name}: ", nl=False)
            elif isinstance(event, PartnerSpoke):
                typer.echo(event.text, nl=False)
            elif isinstance(event, SafetyPause):
                typer.echo(f"\n{event.message}\n", err=True)
            elif isinstance(event, TurnEnded) and event.turn.partner:
                typer.echo(f"\n  [openness {event.turn.openness}]", err=True)
    services.store.end_session(rehearsal.id)
    typer.echo(f"session {rehearsal.id} saved; `rehearse sessions show {rehearsal.id}`", err=True)


def _script_turns(script: Path) -> list[str]:
    """The script's turns, each checked before the rehearsal starts: blank lines (and lines
    of nothing but control characters) are skipped, a line too long is refused by number."""
    turns = []
    for number, line in read_lines(script, "script"):
        try:
            user_line(line)
        except EmptyInputError:
            continue
        except InputTooLong as error:
            raise RehearseError(f"{script}:{number}: {error}") from None
        turns.append(line)
    return turns


def _prompt_lines() -> Iterator[str]:
    """Lines typed (or piped) in, repaired where they are not UTF-8, until /end or EOF."""
    while True:
        try:
            if sys.stdin.isatty():
                line = input("you: ")
            else:
                line = sys.stdin.buffer.readline().decode("utf-8", errors="replace")
                if not line:
                    return
        except EOFError:
            return
        except UnicodeDecodeError:
            typer.echo("that line was not valid UTF-8; please type it again", err=True)
            continue
        if line.strip() == "/end":
            return
        try:
            said = user_line(line)
        except EmptyInputError:
            continue
        except InputTooLong as error:
            typer.echo(str(error), err=True)
            continue
        yield said


def register(app: typer.Typer) -> None:
    app.command()(chat)
    app.command()(personas)
