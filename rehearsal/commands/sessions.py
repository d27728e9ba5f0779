"""`rehearse sessions list|show|export|delete|report`: the stored rehearsals.

The CLI is the local person's: it lists and touches only their sessions (`LOCAL_OWNER`),
never those of the web app's users. Stored text is printed without terminal escapes.
"""

from __future__ import annotations

import typer

from rehearsal.commands.common import emit, show_markdown
from rehearsal.services import Services
from rehearsal.settings import get_settings
from rehearsal.store import LOCAL_OWNER, SessionRecord
from rehearsal.text import for_terminal

sessions_app = typer.Typer(help="Your stored rehearsals.", no_args_is_help=True)


def _services() -> Services:
    return Services(get_settings())


def _session(services: Services, session_id: str) -> SessionRecord:
    return services.session(session_id, LOCAL_OWNER)


@sessions_app.command("list")
def list_sessions(as_json: bool = typer.Option(False, "--json", help="Print JSON lines.")) -> None:
    """Every stored rehearsal, oldest first."""
    services = _services()
    for record in services.sessions(LOCAL_OWNER):
        turns = services.store.count_turns(record.id)
        if as_json:
            emit({**vars(record), "turns": turns})
        else:
            typer.echo(
                for_terminal(
                    f"{record.id}  {record.created_at}  {record.persona:<26} "
                    f"{record.partner_name:<10} {record.difficulty:<6} "
                    f"{turns} turn{'' if turns == 1 else 's'}"
                )
            )


@sessions_app.command("show")
def show(
    session_id: str, as_json: bool = typer.Option(False, "--json", help="Print JSON.")
) -> None:
    """The transcript and report of one session."""
    from rehearsal.export import session_json, session_markdown

    services = _services()
    record = _session(services, session_id)
    turns = services.store.turns(record.id, alternatives=True)
    report = services.report(record.id, LOCAL_OWNER)
    if as_json:
        typer.echo(session_json(record, turns, report))
    else:
        show_markdown(session_markdown(record, turns, report))


@sessions_app.command("report")
def report(session_id: str) -> None:
    """The end-of-session report as one JSON object."""
    services = _services()
    emit(services.report(session_id, LOCAL_OWNER))


@sessions_app.command("export")
def export(session_id: str) -> None:
    """Write the session as Markdown and JSON under REHEARSE_HOME/exports."""
    services = _services()
    markdown_path, json_path = services.export(session_id, LOCAL_OWNER)
    emit({"markdown": str(markdown_path), "json": str(json_path)})


@sessions_app.command("delete")
def delete(session_id: str) -> None:
    """Remove a session and every trace of it (rows, exports, charts)."""
    services = _services()
    record = _session(services, session_id)
    services.delete(record.id, LOCAL_OWNER)
    typer.echo(f"deleted {record.id}", err=True)


def register(app: typer.Typer) -> None:
    app.add_typer(sessions_app, name="sessions")
