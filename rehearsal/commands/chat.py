"""`rehearse chat` and `rehearse personas`: rehearse in the terminal, list the partners.

Interactive use reads one line at a time: a blank line is not an ending (it says how to
end), `/end` asks before ending, `/help` lists the commands, and after a safety pause
`/continue` says the pause was a misunderstanding (the line is then played). `--resume`
prints the conversation so far first. `--script FILE` plays one line per turn; with
`--json` each turn is one JSON line on stdout. What a turn does is `rehearsal.session`'s.
A `--script` is read and checked whole before the rehearsal starts (a line that is not
UTF-8 or too long is a one-line error naming it); typed lines are repaired instead. The
CLI rehearses as the local person (`LOCAL_OWNER`), and resumes only their sessions.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import typer

from rehearsal.commands.common import emit, read_lines, show_markdown
from rehearsal.errors import EmptyInputError, InputTooLong, RehearseError
from rehearsal.export import report_markdown
from rehearsal.settings import get_settings
from rehearsal.store import LOCAL_OWNER
from rehearsal.text import for_terminal, user_line

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
    lines = iter(_script_turns(script)) if script is not None else _prompt_lines(interactive)
    rehearsal = (
        services.resume(resume, LOCAL_OWNER)
        if resume
        else services.start(
            persona, difficulty, partner_name, context, your_name, owner=LOCAL_OWNER
        )
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
        if not interactive and not as_json:
            typer.echo(f"you: {for_terminal(text)}")  # typed lines echo themselves
        if command == "/continue":
            events = rehearsal.resume_after_pause(misunderstood=True)
        else:
            events = rehearsal.send(text)
        _render(events, name, as_json)
    if not rehearsal.turns:  # nothing was said: nothing to keep
        services.delete(rehearsal.id, LOCAL_OWNER)
        typer.echo("nothing was said, so nothing was saved", err=True)
        return
    services.store.end_session(rehearsal.id)
    if not as_json:
        show_markdown(report_markdown(services.report(rehearsal.id, LOCAL_OWNER)))
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
            typer.echo("")  # ends the partner's line where the transcript goes
            typer.echo(f"  [openness {event.turn.openness}]", err=True)


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


def _prompt_lines(interactive: bool) -> Iterator[str]:
    """Lines typed (or piped) in, repaired where they are not UTF-8, until EOF. A blank
    line is not an ending: typed, it says how to end."""
    while True:
        try:
            if interactive:
                line = input("you: ")
            else:
                line = sys.stdin.buffer.readline().decode("utf-8", errors="replace")
                if not line:
                    return
        except EOFError:
            return
        try:
            said = user_line(line)
        except EmptyInputError:
            if interactive:
                typer.echo("  (type what you'd say, /help for commands, /end to finish)", err=True)
            continue
        except InputTooLong as error:
            typer.echo(str(error), err=True)
            continue
        yield said


def register(app: typer.Typer) -> None:
    app.command()(chat)
    app.command()(personas)
