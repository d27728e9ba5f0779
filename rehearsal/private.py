"""Keep what Rehearse writes private to the person running it.

The data folder (REHEARSE_HOME) is created 0700 and every file in it 0600: the processes
Rehearse starts (`rehearse ...`, `python app.py`) set the umask to 0077 for the files other
libraries write there (the search index, caches, Gradio's copies), and the files Rehearse
writes itself (the database, exports, charts, the users file) are opened 0600 whatever the
umask. A folder that cannot be created or written becomes a one-line `ConfigError` saying
which folder and what to do. What goes into the files is other modules' business.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from rehearsal.errors import ConfigError

DIR_MODE = 0o700
FILE_MODE = 0o600


def private_umask() -> None:
    """From now on, files and folders this process creates are its owner's alone."""
    os.umask(0o077)


def private_dir(path: Path, what: str = "REHEARSE_HOME") -> Path:
    """`path` as an existing, writable folder only its owner can enter (created if needed)."""
    try:
        if path.exists() and not path.is_dir():
            raise ConfigError(f"{what} {path} is a file, not a folder; move it or choose another")
        path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
        if path.stat().st_uid == os.geteuid():
            path.chmod(DIR_MODE)
        handle, probe = tempfile.mkstemp(dir=path, prefix=".write-test-")
        os.close(handle)
        os.unlink(probe)
    except OSError as error:
        raise ConfigError(
            f"cannot write to {what} {path}: {error.strerror or error}; "
            "choose a folder you can write (REHEARSE_HOME=...)"
        ) from None
    return path


def private_file(path: Path) -> Path:
    """Create `path` (empty) if missing and make it readable by its owner only."""
    path.parent.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT, FILE_MODE))
    path.chmod(FILE_MODE)
    return path


def write_private(path: Path, data: str | bytes) -> Path:
    """Write `data` (text as UTF-8) to `path`, readable by its owner only."""
    private_file(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    with open(path, "wb") as handle:
        handle.write(payload)
    return path
