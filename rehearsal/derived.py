"""The files derived from sessions: their names, whose they are, and removing every copy.

A session's exports (`exports/ID.md`, `exports/ID.json`) and openness chart
(`charts/ID-arc.png`) carry its id in their name; an owner's progress chart carries a key
made from the owner's name (`charts/progress-KEY.png`), which says nothing about them.
The web app hands these files to Gradio, which copies them under REHEARSE_HOME/tmp; the
name of a file is enough to tell whose data it holds (`Derived.owner_of`) and to find
every copy of it when its session is deleted (`Derived.remove`). Writing the files is the
callers' business; the session store says who owns which session.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from rehearsal.store import LOCAL_OWNER, SessionStore

SESSION_FILE = re.compile(r"(?P<id>[0-9a-f]{12})(?:\.md|\.json|-arc\.png)")
PROGRESS_FILE = re.compile(r"progress-(?P<key>[0-9a-f]{16})\.png")
NOBODY = "\x00nobody"  # the owner of a leftover whose session is gone: matches no one


def owner_key(owner: str) -> str:
    """A name for `owner` that is safe in a file name and says nothing about them."""
    return hashlib.sha256(f"rehearse-owner:{owner}".encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Derived:
    """Where the files derived from the sessions under one REHEARSE_HOME live."""

    home: Path
    temp_dir: Path

    def exports(self, session_id: str) -> tuple[Path, Path]:
        folder = self.home / "exports"
        return folder / f"{session_id}.md", folder / f"{session_id}.json"

    def chart(self, session_id: str) -> Path:
        return self.home / "charts" / f"{session_id}-arc.png"

    def progress(self, owner: str) -> Path:
        return self.home / "charts" / f"progress-{owner_key(owner)}.png"

    def owner_of(self, name: str, store: SessionStore) -> str | None:
        """Whose data a file called `name` holds (`NOBODY`'s when its session is gone);
        None when the name is not one of a derived file."""
        if match := SESSION_FILE.fullmatch(name):
            try:
                return store.get_session(match["id"]).owner
            except KeyError:
                return NOBODY
        if match := PROGRESS_FILE.fullmatch(name):
            owners = {record.owner for record in store.list_sessions()} | {LOCAL_OWNER}
            return next((o for o in owners if owner_key(o) == match["key"]), NOBODY)
        return None

    def remove(self, paths: Iterable[Path]) -> list[Path]:
        """Delete `paths` and every temporary copy of them; returns what was removed."""
        wanted = list(paths)
        names = {path.name for path in wanted}
        copies = [p for p in self.temp_dir.rglob("*") if p.name in names and p.is_file()]
        removed = []
        for path in [*wanted, *copies]:
            if path.exists():
                path.unlink()
                removed.append(path)
        for copy in copies:  # Gradio keeps each copy in a folder of its own
            folder = copy.parent
            if folder != self.temp_dir and folder.parent != self.temp_dir:
                _remove_if_empty(folder)
        return removed


def _remove_if_empty(folder: Path) -> None:
    with suppress(OSError):  # not empty, or already gone
        folder.rmdir()
