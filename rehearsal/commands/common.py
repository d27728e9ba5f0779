"""What every subcommand shares: JSON lines out, batch files in, settings.

All JSON goes to stdout, one object per line; progress and logs go to stderr.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from rehearsal.errors import EmptyInputError, RehearseError


def emit(payload: Any) -> None:
    """Write one JSON object as one line on stdout."""
    sys.stdout.write(json.dumps(payload, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def read_batch(path: Path, field: str) -> Iterator[str]:
    """The `field` of each JSON line of `path` (`-` for stdin); blank lines are skipped."""
    handle = sys.stdin if str(path) == "-" else None
    try:
        lines = handle.readlines() if handle else path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise RehearseError(f"cannot read batch file {path}: {error.strerror}") from None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            value = record[field]
        except (json.JSONDecodeError, KeyError, TypeError):
            raise RehearseError(
                f"{path}:{number}: expected a JSON object with a {field!r} field"
            ) from None
        if not isinstance(value, str):
            raise RehearseError(f"{path}:{number}: {field!r} must be a string")
        yield value


def read_lines(path: Path) -> list[str]:
    """The non-blank lines of a script file (`-` for stdin), stripped.

    Bytes that are not UTF-8 are a one-line error naming the line, never a traceback.
    """
    try:
        data = sys.stdin.buffer.read() if str(path) == "-" else path.read_bytes()
    except OSError as error:
        raise RehearseError(f"cannot read script {path}: {error.strerror}") from None
    lines = []
    for number, raw in enumerate(data.splitlines(), start=1):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise RehearseError(
                f"{path}:{number}: not UTF-8 text; save the file as UTF-8"
            ) from None
        if line.strip():
            lines.append(line.strip())
    return lines


def require_text(value: str | None, what: str) -> str:
    """`value`, or a clear error when it is missing or blank."""
    if value is None or not value.strip():
        raise EmptyInputError(f"empty {what}: give some text (or --batch FILE)")
    return value
