"""`rehearse ui`: serve the web app (the same as `python app.py`)."""

from __future__ import annotations

import typer

from rehearsal.settings import get_settings


def ui(
    host: str | None = typer.Option(None, "--host", help="Address to listen on [127.0.0.1]."),
    port: int | None = typer.Option(None, "--port", help="Port to listen on [7860]."),
) -> None:
    """Open the rehearsal web app in your browser at http://HOST:PORT."""
    from rehearsal.web.launch import launch

    settings = get_settings()
    overrides = {k: v for k, v in {"host": host, "port": port}.items() if v is not None}
    launch(settings.model_copy(update=overrides))


def register(app: typer.Typer) -> None:
    app.command()(ui)
