"""The rewrite's fallback when no topic matches: the person's own words, made safe.

"you never call me back" becomes "when you don't call me back", "you need to clean the
kitchen" becomes "would you be willing to clean the kitchen". The rules are tried in order;
the first whose pattern matches and whose clause survives cleaning (insults and fillers gone,
shouting lowered, nothing unsafe left, one to ten words) gives the wording: a feeling, a
situation, a reason and an ask.

Left to others: the rules and word lists are data (``[own_words]`` in
``rehearsal/data/rewrite_topics.toml``), loaded and handed over by
``rehearsal.analysis.rewrite``, which also decides when the fallback is needed, composes the
line and rejects it unless it is blame-free.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

__all__ = ["OwnWords", "Wording"]

Wording = tuple[str, str, str, str]  # feeling, situation, reason, ask


def _regex(pattern: str) -> re.Pattern[str]:
    """A case-insensitive pattern from a TOML string whose lines are joined with nothing."""
    return re.compile("".join(pattern.splitlines()), re.IGNORECASE)


def _words(words: list[str], before: str, after: str) -> re.Pattern[str]:
    return re.compile(before + "(?:" + "|".join(words) + ")" + after, re.IGNORECASE)


def _negated(clause: str) -> str:
    """'call me back' -> "you don't call me back"; 'be honest' -> "you're not honest"."""
    first, _, rest = clause.partition(" ")
    if first == "be":
        return f"you're not {rest}".strip()
    if first in {"have", "do"} and not rest:
        return f"you don't {first}"
    return f"you don't {clause}"


class OwnWords:
    """The ``[own_words]`` rules, compiled; ``insults`` are never reused."""

    def __init__(self, table: Mapping[str, Any], insults: frozenset[str]) -> None:
        clause = "".join(table["clause"].splitlines())
        self._insults = insults
        self._fillers = _words(table["fillers"], r"\b", r"\b")
        self._dangling = _words(table["dangling"], r"\s*\b", "$")
        self._unsafe = _regex(table["unsafe"])
        self._rules = [
            (_regex(rule["pattern"].replace("{CLAUSE}", clause)), rule) for rule in table["rules"]
        ]

    def wording(self, text: str) -> Wording | None:
        """The first rule's wording whose clause is safe to reuse, or None."""
        for pattern, rule in self._rules:
            found = pattern.search(text)
            if found and (clause := self._clean(found.group(1))):
                fill = {"clause": clause, "negated": _negated(clause)}
                return (
                    rule["feeling"],
                    rule["situation"].format(**fill),
                    rule["reason"].format(**fill),
                    rule["ask"].format(**fill),
                )
        return None

    def _clean(self, clause: str) -> str | None:
        """The reusable part of a clause: insults and fillers gone, shouting lowered, or None."""
        words = []
        insulted = False
        for word in clause.split():
            if word.strip("'").lower() in self._insults:
                insulted = True
                continue
            words.append(word.lower() if word.isupper() and len(word) > 1 else word)
        cleaned = " ".join(self._fillers.sub(" ", " ".join(words)).split())
        while self._dangling.search(cleaned):
            if insulted:  # "being so <insult>": what is left is a fragment of a character attack
                return None
            cleaned = self._dangling.sub("", cleaned)
        if not cleaned or self._unsafe.search(cleaned) or cleaned.lower() == "stop":
            return None
        if not 1 <= len(cleaned.split()) <= 10:
            return None
        cleaned = cleaned[0].lower() + cleaned[1:]
        return re.sub(r"\bi\b", "I", cleaned)
