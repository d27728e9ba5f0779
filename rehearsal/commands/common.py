"""What every subcommand shares: JSON lines out, text files in, settings.

All JSON goes to stdout, one object per line; progress and logs go to stderr. Input files
(`--batch`, `--script`, `-` for stdin) are read as bytes and decoded line by line, so a
line that is not UTF-8 is a one-line error naming the file, the line and the byte, never
a traceback; text that cannot be printed (a lone surrogate) is repaired on the way out.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import typer

from rehearsal.errors import EmptyInputError, RehearseError
from rehearsal.text import for_terminal, storable

# Characters some readers take for line breaks; inside JSON strings they can be escaped.
_LINE_BREAKS = {"\u0085": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def emit(payload: Any) -> None:
    """Write one JSON object as one line on stdout (one line for any reader of lines)."""
    text = storable(json.dumps(payload, ensure_ascii=False))
    for char, escaped in _LINE_BREAKS.items():
        text = text.replace(char, escaped)
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def read_lines(path: Path, what: str) -> list[tuple[int, str]]:
    """Every line of `path` (`-` for stdin) with its number, read before any is used; a
    line that is not UTF-8 is a `RehearseError` naming it."""
    try:
        data = sys.stdin.buffer.read() if str(path) == "-" else path.read_bytes()
    except OSError as error:
        raise RehearseError(f"cannot read {what} {path}: {error.strerror or error}") from None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]  # a byte-order mark some editors write
    lines = []
    for number, raw in enumerate(data.splitlines(), start=1):
        try:
            lines.append((number, raw.decode("utf-8")))
        except UnicodeDecodeError as error:
            raise RehearseError(
                f"{path}:{number}: not valid UTF-8 (byte 0x{raw[error.start]:02x} at column "
                f"{error.start + 1}); save the {what} as UTF-8"
            ) from None
    return lines


def read_batch(path: Path, field: str) -> Iterator[str]:
    """The `field` of each JSON line of `path` (`-` for stdin); blank lines are skipped."""
    for number, line in read_lines(path, "batch file"):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            value = record[field]
        except (ValueError, KeyError, TypeError, IndexError, RecursionError):
            raise RehearseError(
                f"{path}:{number}: expected a JSON object with a {field!r} field"
            ) from None
        if not isinstance(value, str):
            raise RehearseError(f"{path}:{number}: {field!r} must be a string")
        yield value


def require_text(value: str | None, what: str) -> str:
    """`value`, or a clear error when it is missing or blank."""
    if value is None or not value.strip():
        raise EmptyInputError(f"empty {what}: give some text (or --batch FILE)")
    return value


def show_markdown(text: str) -> None:
    """Markdown for people: drawn in a terminal, as written where stdout is a file or pipe."""
    if not sys.stdout.isatty():
        typer.echo(for_terminal(text))
        return
    from rich.console import Console
    from rich.markdown import Markdown

    Console().print(Markdown(text))
