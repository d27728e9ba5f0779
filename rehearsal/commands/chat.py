"""`rehearse chat` and `rehearse personas`: rehearse in the terminal, list the partners.

Interactive use reads one line at a time: a blank line is not an ending (it says how to
end), `/end` asks before ending, `/help` lists the commands, and after a safety pause
`/continue` says the pause was a misunderstanding (the line is then played). `--resume`
prints the conversation so far first. `--script FILE` plays one line per turn; with
`--json` each turn is one JSON line on stdout. What a turn does is `rehearsal.session`'s.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import typer

from rehearsal.commands.common import emit, read_lines
from rehearsal.errors import RehearseError
from rehearsal.settings import get_settings
from rehearsal.text import for_terminal

HELP = """commands:
  /end       finish the rehearsal (you'll be asked to confirm) and save it
  /undo      take back your last line
  /continue  after a safety pause: that's not what I meant (your line is played)
  /help      this list
Anything else is what you say to your partner. Ctrl-D also ends."""


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
    your_name: str = typer.Option("", "--your-name", help="Your own name (optional)."),
    context: str = typer.Option("", "--context", help="A few words about the real situation."),
    script: Path | None = typer.Option(None, "--script", help="File with one user turn per line."),
    as_json: bool = typer.Option(False, "--json", help="Print each turn as one JSON line."),
    resume: str | None = typer.Option(None, "--resume", help="Continue a stored session by id."),
) -> None:
    """Rehearse a conversation in the terminal (type /help for commands, /end to finish)."""
    from rehearsal.services import Services

    services = Services(get_settings())
    interactive = script is None and sys.stdin.isatty()
    lines = iter(read_lines(script)) if script is not None else _prompt_lines(interactive)
    rehearsal = (
        services.resume(resume)
        if resume
        else services.start(persona, difficulty, partner_name, context, your_name)
    )
    name = rehearsal.partner.name
    typer.echo(
        f"session {rehearsal.id}: rehearsing with {name} ({rehearsal.partner.persona.title}, "
        f"{rehearsal.state.difficulty}); /help for commands, /end to finish",
        err=True,
    )
    if resume and not as_json:
        _show_transcript(rehearsal)
    for text in lines:
        command = text.strip().lower()
        if command == "/help":
            typer.echo(HELP, err=True)
            continue
        if command == "/end":
            if not interactive or typer.confirm("End the rehearsal?", default=True, err=True):
                break
            continue
        if command == "/undo":
            try:
                rehearsal.undo()
                typer.echo("  (took back your last line)", err=True)
            except RehearseError as error:
                typer.echo(f"  {error}", err=True)
            continue
        if command == "/continue":
            events = rehearsal.resume_after_pause(misunderstood=True)
        else:
            events = rehearsal.send(text)
        _render(events, name, as_json)
    services.store.end_session(rehearsal.id)
    typer.echo(f"session {rehearsal.id} saved; `rehearse sessions show {rehearsal.id}`", err=True)


def _render(events: Iterator[object], name: str, as_json: bool) -> None:
    from rehearsal.session import PartnerSpoke, SafetyPause, TurnEnded, TurnStarted

    for event in events:
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
            from rich.console import Console
            from rich.markdown import Markdown

            Console(stderr=True).print(Markdown(event.message))
            hint = "/continue if I misunderstood you, /end to finish"
            if not event.held:
                hint = "/continue if I misunderstood you; or just carry on when you're ready"
            typer.echo(f"  ({hint})", err=True)
        elif isinstance(event, TurnEnded) and event.turn.partner:
            typer.echo(f"\n  [openness {event.turn.openness}]", err=True)


def _show_transcript(rehearsal: object) -> None:
    from rehearsal.session import Rehearsal

    assert isinstance(rehearsal, Rehearsal)
    name = rehearsal.partner.name
    for turn in rehearsal.turns:
        typer.echo(f"you: {for_terminal(turn.user)}")
        if turn.paused:
            typer.echo("  (the rehearsal paused here for your safety)", err=True)
        else:
            typer.echo(f"{name}: {for_terminal(turn.partner)}")


def _prompt_lines(interactive: bool) -> Iterator[str]:
    while True:
        try:
            line = input("you: ") if interactive else sys.stdin.readline()
        except EOFError:
            return
        if line == "" and not interactive:
            return
        if not line.strip():
            if interactive:
                typer.echo("  (type what you'd say, /help for commands, /end to finish)", err=True)
            continue
        yield line.strip()


def register(app: typer.Typer) -> None:
    app.command()(chat)
    app.command()(personas)
