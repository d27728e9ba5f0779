"""What Rehearse writes is its owner's alone: the home 0700, every file in it 0600."""

from __future__ import annotations

import json
import shutil
import stat
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def test_the_home_and_everything_the_cli_writes_in_it_are_private(
    run_cli, shared_home: Path, analyzer: object, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    home.mkdir(mode=0o755)
    home.chmod(0o755)
    # The analyser's cache, copied in private, so the test does not refit it.
    shutil.copytree(shared_home / "cache", home / "cache")
    for path in [home / "cache", *(home / "cache").rglob("*")]:
        path.chmod(0o700 if path.is_dir() else 0o600)
    assert run_cli("ingest", home=home).returncode == 0
    script = tmp_path / "script.txt"
    script.write_text("Hi, is now a good time to talk?\nI feel lonely when we don't talk.\n")
    chat = run_cli("chat", "--persona", "mental-health", "--script", str(script), home=home)
    assert chat.returncode == 0, chat.stderr
    (session,) = [
        json.loads(line)
        for line in run_cli("sessions", "list", "--json", home=home).stdout.splitlines()
    ]
    assert run_cli("sessions", "export", session["id"], home=home).returncode == 0
    assert run_cli("users", "add", "ana", home=home, stdin="pw\n").returncode == 0

    assert stat.S_IMODE(home.stat().st_mode) == 0o700
    written = list(home.rglob("*"))
    names = {path.name for path in written}
    assert {"sessions.sqlite3", f"{session['id']}.md", "users", "chroma.sqlite3"} <= names
    loose = [
        (str(p), oct(stat.S_IMODE(p.stat().st_mode))) for p in written if p.stat().st_mode & 0o077
    ]
    assert not loose, loose
