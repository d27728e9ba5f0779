"""The real situation the person describes at setup, as the partner knows it.

From "a few words about the real situation" (any persona) this module takes what the
partner can refer to without inventing anything: an event between them ("my sister's
birthday" becomes "your sister's birthday" in the partner's mouth) and the pressure in the
partner's life ("his new job" becomes "my new job"), using the nouns listed in
`prompts/partner/situation.toml`, and says when the person's line brings one of them up.
The whole text also goes into the model's prompt, in the person's words. Which line the
partner then says is the bank's and the chooser's business.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rehearsal.errors import DataError

# From the person's words to the partner's: "my" is the person's, "his/her/their" the
# partner's own; "our" and "the" stay.
FLIP = {"my": "your", "his": "my", "her": "my", "their": "my", "our": "our", "the": "the"}


@dataclass(frozen=True)
class Situation:
    text: str = ""
    slots: dict[str, str] = field(default_factory=dict)  # "event", "work"
    keywords: dict[str, frozenset[str]] = field(default_factory=dict)

    def mentioned(self, line: str) -> list[str]:
        """Which of the situation's facts ("event", "work") the person's line brings up."""
        words = set(re.findall(r"[a-z]+", line.lower()))
        return [kind for kind, keys in self.keywords.items() if words & keys]


@lru_cache(maxsize=4)
def _vocabulary(prompts_dir: Path) -> tuple[dict[str, tuple[str, ...]], str]:
    path = prompts_dir / "partner" / "situation.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        nouns = {"event": tuple(data["events"]), "work": tuple(data["work"])}
        modifiers = "|".join(re.escape(m) for m in data["modifiers"])
    except (OSError, tomllib.TOMLDecodeError, KeyError) as error:
        raise DataError(f"cannot read {path}: {error}") from None
    return nouns, rf"(?:[a-z]+'s\s+)?(?:(?:{modifiers})\s+){{0,2}}"


def _phrase(text: str, nouns: tuple[str, ...], modifier: str) -> tuple[str, str] | None:
    """(the phrase in the partner's words, its head noun) for the first noun found."""
    alternatives = "|".join(re.escape(n) for n in sorted(nouns, key=len, reverse=True))
    pattern = re.compile(
        rf"\b(?:(my|his|her|their|our|the)\s+)?({modifier})({alternatives})\b", re.IGNORECASE
    )
    match = pattern.search(text)
    if match is None:
        return None
    owner, middle, noun = (match.group(1) or "").lower(), match.group(2).lower(), match.group(3)
    middle = " ".join(w for w in middle.split() if w not in FLIP and w not in ("a", "an"))
    said = " ".join(part for part in (FLIP.get(owner, "the"), middle, noun.lower()) if part)
    return said, noun.lower().split()[-1]


def read_situation(prompts_dir: Path, text: str) -> Situation:
    """The facts the partner can refer to in `text` (empty when there is no text)."""
    clean = " ".join(text.split())
    if not clean:
        return Situation()
    slots: dict[str, str] = {}
    keywords: dict[str, frozenset[str]] = {}
    nouns, modifier = _vocabulary(prompts_dir)
    for kind, listed in nouns.items():
        found = _phrase(clean, listed, modifier)
        if found is not None:
            slots[kind], head = found
            words = {w.removesuffix("'s") for w in slots[kind].split()[1:]} | {head}
            keywords[kind] = frozenset(words - set(FLIP.values()))
    return Situation(text=clean, slots=slots, keywords=keywords)
