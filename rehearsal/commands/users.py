"""`rehearse users add NAME`: let one more person log in to the web app.

The password is read from stdin (asked twice on a terminal, never echoed; the first line
otherwise), hashed with salted scrypt and written to a users file (0600, default
`$REHEARSE_HOME/users`) that `REHEARSE_AUTH=@FILE` points the web app at. Checking
passwords is `rehearsal.accounts`'.
"""

from __future__ import annotations

import getpass
import sys
from pathlib import Path

import typer

from rehearsal.accounts import add_user, parse_auth
from rehearsal.errors import RehearseError
from rehearsal.private import private_dir
from rehearsal.settings import get_settings

users_app = typer.Typer(help="Who may log in to the web app.", no_args_is_help=True)


def _password() -> str:
    if sys.stdin.isatty():
        first = getpass.getpass("password: ")
        if getpass.getpass("again: ") != first:
            raise RehearseError("the two passwords differ; nothing was changed")
        return first
    return sys.stdin.buffer.readline().decode("utf-8").rstrip("\r\n")


@users_app.command("add")
def add(
    name: str = typer.Argument(..., help="The user name to log in with."),
    file: Path | None = typer.Option(None, "--file", help="The users file [$REHEARSE_HOME/users]."),
) -> None:
    """Add a user (or set a new password), reading the password from stdin."""
    if file is None:
        path = private_dir(get_settings().home) / "users"
    else:
        path = file.expanduser()
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        password = _password()
    except UnicodeDecodeError:
        raise RehearseError("the password is not valid UTF-8; nothing was changed") from None
    new = add_user(path, name, password)
    parse_auth(f"@{path}")  # the file must still read back
    typer.echo(
        f"{'added' if new else 'changed the password of'} {name} in {path}; "
        f"serve with REHEARSE_AUTH=@{path}",
        err=True,
    )


@users_app.command("list")
def list_users(
    file: Path | None = typer.Option(None, "--file", help="The users file [$REHEARSE_HOME/users]."),
) -> None:
    """The user names in a users file (never their passwords)."""
    path = file.expanduser() if file else get_settings().users_file
    for user in parse_auth(f"@{path}").users:
        typer.echo(user)


def register(app: typer.Typer) -> None:
    app.add_typer(users_app, name="users")
