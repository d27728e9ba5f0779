"""Linguistic cues for the skill flags: named regular expressions, one table per flag.

The table itself is data, `rehearsal/data/cues.toml`.

Each cue is evidence, not a verdict: `cue_vector` turns an utterance into 0/1 features that
the classifier (`rehearsal.analysis.classifier`) weighs together with sentence embeddings,
so a cue that misfires in one context can be outweighed. The cues encode what embeddings
miss: "I feel like you…" is blame not an I-statement, "Why can't you ever…?" is blame in a
question's clothes, "Can you just…" is a demand, "…or we're done" is an ultimatum.
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from pathlib import Path

from rehearsal.resources import data_file
from rehearsal.vocabulary import check_skill_keys

CUES_FILE = data_file("cues.toml")
SHORTHAND_FILE = data_file("shorthand.toml")


def _load_cues(path: Path = CUES_FILE) -> dict[str, dict[str, re.Pattern[str]]]:
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    fragments: dict[str, str] = data["fragments"]
    check_skill_keys(data["cues"], str(path), complete=False)
    compiled: dict[str, dict[str, re.Pattern[str]]] = {}
    for flag, cues in data["cues"].items():
        compiled[flag] = {}
        for name, pattern in cues.items():
            for key, fragment in fragments.items():
                pattern = pattern.replace("{" + key + "}", fragment)
            flags = 0 if name.startswith("caps_") else re.IGNORECASE
            compiled[flag][name] = re.compile(pattern, flags)
    return compiled


COMPILED = _load_cues()
CUE_NAMES: tuple[str, ...] = tuple(
    f"{flag}.{name}" for flag, cues in COMPILED.items() for name in cues
)


def _load_shorthand(path: Path = SHORTHAND_FILE) -> tuple[re.Pattern[str], dict[str, str]]:
    with path.open("rb") as handle:
        words: dict[str, str] = tomllib.load(handle)["words"]
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![\w'])(?:{alternatives})(?![\w'])", re.IGNORECASE), words


_SHORTHAND, _SPELLED = _load_shorthand()


def spell_out(text: str) -> str:
    """Texting shorthand spelled out ("u dont" -> "you don't"), whole words only."""
    return _SHORTHAND.sub(lambda m: _SPELLED[m.group(0).lower()], text)


def normalise(text: str) -> str:
    """Straight apostrophes, shorthand spelled out, printable characters, single spaces."""
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    printable = "".join(ch if ch.isprintable() else " " for ch in text)
    return " ".join(spell_out(printable).split())


@lru_cache(maxsize=2048)
def matched_cues(text: str) -> frozenset[str]:
    """The names (`flag.cue`) of every cue found in `text`."""
    clean = normalise(text)[:2000]
    return frozenset(
        f"{flag}.{name}"
        for flag, cues in COMPILED.items()
        for name, pattern in cues.items()
        if pattern.search(clean)
    )


def cue_vector(text: str) -> list[float]:
    """0/1 for each cue in `CUE_NAMES`, plus a question-mark feature."""
    found = matched_cues(text)
    return [1.0 if name in found else 0.0 for name in CUE_NAMES] + [float("?" in text)]
