"""`rehearse chat` and `rehearse personas`: rehearse in the terminal, list the partners."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import typer

from rehearsal.commands.common import emit
from rehearsal.errors import RehearseError
from rehearsal.settings import get_settings


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
        try:
            lines = [line.strip() for line in script.read_text(encoding="utf-8").splitlines()]
        except OSError as error:
            raise RehearseError(f"cannot read script {script}: {error.strerror}") from None
        turns = iter([line for line in lines if line])
    else:
        turns = _prompt_lines()
    rehearsal = (
        services.resume(resume)
        if resume
        else services.start(persona, difficulty, partner_name, context)
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


def _prompt_lines() -> Iterator[str]:
    while True:
        try:
            line = input("you: ") if sys.stdin.isatty() else sys.stdin.readline()
        except EOFError:
            return
        if line == "" or line.strip() == "/end":
            return
        if line.strip():
            yield line.strip()


def register(app: typer.Typer) -> None:
    app.command()(chat)
    app.command()(personas)
