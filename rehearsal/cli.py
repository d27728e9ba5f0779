"""The `rehearse` command line: a Typer app whose subcommands live in `rehearsal.commands`.

This module owns the root (`--version`, logging to stderr, a private umask) and the error
contract: a `RehearseError` (a bad setting or config file included) becomes one line on
stderr and a non-zero exit, never a traceback. Other
installed packages add commands through the `rehearse.commands` entry point group (the
evals package adds `eval` and `bench`), so the product never imports them.
"""

from __future__ import annotations

import logging
import sys

import typer

from rehearsal import __version__
from rehearsal.errors import RehearseError
from rehearsal.private import private_umask
from rehearsal.settings import get_settings

app = typer.Typer(
    name="rehearse",
    help="Rehearse a hard conversation with a partner who is pulling away, offline.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"rehearse {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """Rehearse a hard conversation, with a coach beside you. Everything stays on this machine."""
    logging.basicConfig(
        level=get_settings().log_level, stream=sys.stderr, format="rehearse: %(message)s"
    )


PLUGIN_GROUP = "rehearse.commands"


def _register() -> None:
    from importlib.metadata import entry_points

    from rehearsal.commands import analysis, chat, drill, retrieval, sessions, users, web

    for module in (web, chat, drill, sessions, retrieval, analysis, users):
        module.register(app)
    plugins = {plugin.name: plugin for plugin in entry_points(group=PLUGIN_GROUP)}
    for plugin in plugins.values():  # one per name, however many copies are installed
        plugin.load()(app)


def main() -> None:
    """Entry point of the `rehearse` script."""
    private_umask()
    _register()
    try:
        app()
    except RehearseError as error:
        sys.stderr.write(f"rehearse: {error}\n")
        sys.exit(2)
    except KeyboardInterrupt:
        sys.stderr.write("rehearse: interrupted\n")
        sys.exit(130)


if __name__ == "__main__":
    main()
