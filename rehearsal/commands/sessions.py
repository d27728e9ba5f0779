"""`rehearse sessions list|show|export|delete|report`: the stored rehearsals."""

from __future__ import annotations

import typer

from rehearsal.commands.common import emit
from rehearsal.services import Services
from rehearsal.settings import get_settings
from rehearsal.store import SessionRecord

sessions_app = typer.Typer(help="Your stored rehearsals.", no_args_is_help=True)


def _services() -> Services:
    return Services(get_settings())


def _session(services: Services, session_id: str) -> SessionRecord:
    return services.session(session_id)


@sessions_app.command("list")
def list_sessions(as_json: bool = typer.Option(False, "--json", help="Print JSON lines.")) -> None:
    """Every stored rehearsal, oldest first."""
    services = _services()
    for record in services.store.list_sessions():
        turns = services.store.count_turns(record.id)
        if as_json:
            emit({**vars(record), "turns": turns})
        else:
            typer.echo(
                f"{record.id}  {record.created_at}  {record.persona:<26} "
                f"{record.partner_name:<10} {record.difficulty:<6} {turns} turns"
            )


@sessions_app.command("show")
def show(
    session_id: str, as_json: bool = typer.Option(False, "--json", help="Print JSON.")
) -> None:
    """The transcript and report of one session."""
    from rehearsal.export import session_json, session_markdown

    services = _services()
    record = _session(services, session_id)
    turns = services.store.turns(session_id, alternatives=True)
    report = services.report(session_id)
    typer.echo(
        session_json(record, turns, report) if as_json else session_markdown(record, turns, report)
    )


@sessions_app.command("report")
def report(session_id: str) -> None:
    """The end-of-session report as one JSON object."""
    services = _services()
    _session(services, session_id)
    emit(services.report(session_id))


@sessions_app.command("export")
def export(session_id: str) -> None:
    """Write the session as Markdown and JSON under REHEARSE_HOME/exports."""
    services = _services()
    _session(services, session_id)
    markdown_path, json_path = services.export(session_id)
    emit({"markdown": str(markdown_path), "json": str(json_path)})


@sessions_app.command("delete")
def delete(session_id: str) -> None:
    """Remove a session and every trace of it (rows, exports)."""
    services = _services()
    _session(services, session_id)
    services.delete(session_id)
    typer.echo(f"deleted {session_id}", err=True)


def register(app: typer.Typer) -> None:
    app.add_typer(sessions_app, name="sessions")
