"""The written lines a partner can say: one bank per persona, by band and move.

A bank is `prompts/partner/lines/<persona>.toml` (see `prompts/partner/WRITING.md`): for
every openness band and every move a few lines, and lines about the setup situation.
Lines may carry slots (`{{ proposal }}`, `{{ day }}`…), rendered with Jinja
`StrictUndefined`; a line is offered only when every slot it names is known. Loading checks
the bank against the bands, moves and slots the partner knows, and names the file when it
is out of step. Choosing among the offered lines is `rehearsal.partner.choose`'s job.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from jinja2 import meta

from rehearsal.errors import DataError
from rehearsal.partner.moves import MOVES
from rehearsal.personas import BANDS
from rehearsal.templates import environment

SLOTS = frozenset({"proposal", "day", "feeling", "when", "user", "event", "work"})
SITUATION_KINDS = ("event", "work")


@dataclass(frozen=True)
class Line:
    """One written line, with the slots it needs."""

    text: str
    slots: frozenset[str]
    band: str
    move: str  # a move, or "situation:event" / "situation:work"


@dataclass(frozen=True)
class LineBank:
    persona: str
    lines: dict[tuple[str, str], tuple[Line, ...]]  # (band, move) -> lines
    prompts_dir: Path

    def cell(self, band: str, move: str) -> tuple[Line, ...]:
        return self.lines.get((band, move), ())

    def render(self, line: Line, slots: Mapping[str, str]) -> str | None:
        """The line with its slots filled, or None when one of them is unknown."""
        if not line.slots <= {name for name, value in slots.items() if value}:
            return None
        text = environment(self.prompts_dir).from_string(line.text).render(**slots)
        return sentence_case(" ".join(text.split()))

    def vocabulary(self) -> frozenset[str]:
        """Every word this persona's lines use (what a model sample may reuse)."""
        words: set[str] = set()
        for lines in self.lines.values():
            for line in lines:
                words.update(_words(line.text))
        return frozenset(words)


def sentence_case(text: str) -> str:
    """A capital at the start of every sentence (a slot may open one)."""
    return re.sub(r"(^|(?<!\.)[.!?]\s+)([a-z])", lambda m: m.group(1) + m.group(2).upper(), text)


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z']+", text.lower().replace("’", "'"))


def _slots_of(prompts_dir: Path, text: str, where: str) -> frozenset[str]:
    try:
        parsed = environment(prompts_dir).parse(text)
    except Exception as error:  # jinja2's TemplateSyntaxError and friends
        raise DataError(f"{where}: bad slot in {text!r}: {error}") from None
    names = frozenset(meta.find_undeclared_variables(parsed))
    if not names <= SLOTS:
        raise DataError(f"{where}: unknown slot {', '.join(sorted(names - SLOTS))}")
    return names


@lru_cache(maxsize=16)
def load_bank(prompts_dir: Path, persona: str) -> LineBank:
    """The bank of one persona, checked; a `DataError` names the file and the cell."""
    path = prompts_dir / "partner" / "lines" / f"{persona}.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise DataError(f"line bank {path} cannot be read: {error}") from None
    lines: dict[tuple[str, str], tuple[Line, ...]] = {}
    for band in BANDS:
        table = data.get(band, {})
        missing = [move for move in MOVES if not table.get(move)]
        if missing:
            raise DataError(f"line bank {path} [{band}]: no lines for {', '.join(missing)}")
        for move in MOVES:
            where = f"line bank {path} [{band}] {move}"
            lines[(band, move)] = tuple(
                Line(str(text), _slots_of(prompts_dir, str(text), where), band, move)
                for text in table[move]
            )
        for kind in SITUATION_KINDS:
            texts = data.get("situation", {}).get(band, {}).get(kind, [])
            where = f"line bank {path} [situation.{band}] {kind}"
            lines[(band, f"situation:{kind}")] = tuple(
                Line(str(text), _slots_of(prompts_dir, str(text), where), band, f"situation:{kind}")
                for text in texts
            )
    return LineBank(persona=persona, lines=lines, prompts_dir=prompts_dir)
