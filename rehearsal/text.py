"""Text that is safe to keep and to show: repaired, bounded, free of control characters.

Everything a person types passes through `user_line` before anything reads it: invalid
Unicode (lone surrogates, which SQLite and UTF-8 refuse) is replaced, NUL and other control
characters and terminal escape sequences are removed, spaces are folded, and a line longer
than `MAX_USER_CHARS` is refused with a message that says so; `unlabelled` then takes the
speaker labels of the transcript ("Sam:") out of it, so no line can put words in the
partner's mouth in the history or the model's prompt. `storable` is the store's
last line of defence for any string, and `for_terminal` strips escape sequences from
stored text before it is printed, and `markdown_literal` makes text show as itself in
Markdown (no HTML, links or images). What the text means is other modules' business.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable

from rehearsal.errors import EmptyInputError, InputTooLong

MAX_USER_CHARS = 2000
MAX_NAME_CHARS = 40
_COLONS = "[:\uff1a\ufe55\ufe13\u2236\ua789\u02d0]"  # ":" and the characters that look like it
_ESCAPES = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])")


def _repair(text: str) -> str:
    """Each lone surrogate (invalid on its own) becomes one U+FFFD."""
    return "".join("\ufffd" if 0xD800 <= ord(char) <= 0xDFFF else char for char in text)


def storable(text: str) -> str:
    """Valid Unicode with no NUL: what SQLite and every export can hold."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = _repair(text)
    return text.replace("\x00", "")


def without_controls(text: str, *, keep_newlines: bool = False) -> str:
    """Escape sequences and control/format characters removed (newlines kept if asked)."""
    text = _ESCAPES.sub("", storable(text))
    kept = []
    for char in text:
        if char == "\n" and keep_newlines:
            kept.append(char)
        elif unicodedata.category(char) in ("Cc", "Cs") or char in "\u2028\u2029":
            kept.append(" ")
        elif unicodedata.category(char) == "Cf" and char not in "\u200d":
            continue
        else:
            kept.append(char)
    return "".join(kept)


def user_line(text: object, *, limit: int = MAX_USER_CHARS) -> str:
    """What the person typed, as one clean line; a clear error when there is nothing or too much."""
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    line = " ".join(without_controls(text).split())
    if not line:
        raise EmptyInputError("say something to your partner first")
    if len(line) > limit:
        raise InputTooLong(
            f"that is {len(line):,} characters; please keep one line under {limit:,} "
            "(say it in a few shorter turns)"
        )
    return line


def unlabelled(line: str, speakers: Iterable[str]) -> str:
    """`line` with each speaker label ("Sam:", "You :") turned into an address ("Sam,")."""
    for name in {speaker for speaker in speakers if speaker.strip()}:
        pattern = rf"({re.escape(name)})[\s\u200d]*{_COLONS}"
        line = re.sub(pattern, r"\1,", line, flags=re.IGNORECASE)
    return line


def display_name(text: object, default: str, *, limit: int = MAX_NAME_CHARS) -> str:
    """A name to show and to put in prompts: one short line of plain characters."""
    raw = text if isinstance(text, str) else ""
    name = " ".join(re.sub(_COLONS, " ", without_controls(raw)).split())[:limit].strip()
    name = re.sub(r"[<>\[\]{}()*_`#|\\]", "", name).strip()
    return name or default


def for_terminal(text: str) -> str:
    """Stored text made safe to print: no escape sequences or control characters."""
    return without_controls(text, keep_newlines=True)


# Markdown's punctuation, plus what makes a bare URL or address a link (":", "@", "www.").
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+!|~>:@-]|(?<=www)\.)", re.IGNORECASE)


def markdown_literal(text: str) -> str:
    """`text` to appear as itself inside Markdown: no HTML, links (bare URLs included),
    images or emphasis."""
    escaped = html.escape(without_controls(text), quote=False)
    return _MARKDOWN_SPECIALS.sub(r"\\\1", escaped)
