"""The safety check of one user turn: is the person in danger, from themselves or their partner?

`check(text)` returns a `SafetyCategory` or None:

- ``"self_harm"``: the user's own thoughts of suicide or self-injury, direct ("I want to
  kill myself") or indirect ("everyone would be better off without me").
- ``"abuse"``: violence, threats, coercive control or fear of the partner ("he hit me",
  "she checks my phone and won't let me see my friends", "he said he'd kill himself if I
  leave": coercion by the partner is abuse, not the user's self-harm).

How it works, in plain ``re`` compiled once at import:

1. The text is normalised (`rehearsal.analysis.safety_rules.normalise`).
2. Idioms are blanked out ("dying to see you", "I could kick myself", "die of
   embarrassment", "hit me up"), so they cannot trigger a rule.
3. The rule tables are tried in order: `ABUSE_OVERRIDES`, `SELF_HARM_RULES`,
   `ABUSE_RULES`; the first hit that survives the negation and subject filters
   (`safety_rules.first_hit`) names the category. A turn with both kinds of crisis is
   reported as self-harm, the more urgent one, except that a partner telling the user to
   kill themselves is abuse.

This module loads the tables, idioms and word lists from `rehearsal/data/safety_rules.toml`
and compiles them. Idioms and the topic itself ("this is killing me", "he pushes me away")
do not match by construction: violence needs a person as subject and "me" as object,
self-harm needs the user as subject. Rules lean to recall: a false alarm costs a pause and
a kind message, a miss costs far more. English is recognised, plus a few obvious Spanish,
French and German phrases; any other text is handled without error and returns None.

Left to others: what to do with a category. The analyser reports it (with the classifier
of `safety_check`); the rehearsal loop decides to pause, shows the support text of
`rehearsal.support` instead of the partner's reply, and does not send the turn to the
partner model. Nothing here logs or stores the text.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rehearsal.analysis.safety_rules import Lexicon, Rule, first_hit, normalise
from rehearsal.resources import data_file
from rehearsal.vocabulary import SafetyCategory, SafetyLevel

__all__ = [
    "ABUSE_OVERRIDES",
    "ABUSE_RULES",
    "SELF_HARM_RULES",
    "Finding",
    "Rule",
    "check",
    "find",
]

RULES_FILE = data_file("safety_rules.toml")


def _load(path: Path = RULES_FILE) -> dict[str, Any]:
    with path.open("rb") as handle:
        return tomllib.load(handle)


def _unwrap(text: str) -> str:
    """One regex from a TOML string wrapped over lines: each line stripped, then joined."""
    return "".join(line.strip() for line in text.splitlines())


def _fill(text: str, fragments: dict[str, str]) -> str:
    """`text` unwrapped, with each ``{NAME}`` replaced by its fragment."""
    text = _unwrap(text)
    for name, fragment in fragments.items():
        text = text.replace("{" + name + "}", fragment)
    return text


def _fragments(raw: dict[str, str]) -> dict[str, str]:
    """The fragments, each filled in with the ones before it."""
    fragments: dict[str, str] = {}
    for name, text in raw.items():
        fragments[name] = _fill(text, fragments)
    return fragments


_DATA = _load()
_FRAGMENTS = _fragments(_DATA["fragments"])
_PEOPLE: dict[str, frozenset[str]] = {
    "partner_words": frozenset(_DATA["people"]["partner_words"]),
    "other_people": frozenset(_DATA["people"]["partner_words"] + _DATA["people"]["other_people"]),
}


def _rules(table: str, category: SafetyCategory, not_subjects: str = "") -> tuple[Rule, ...]:
    """The rules of one table, compiled; `not_subjects` names the [people] list by default."""
    rules = []
    for entry in _DATA[table]:
        alternatives = [_fill(pattern, _FRAGMENTS) for pattern in entry["patterns"]]
        others = entry.get("not_subjects", not_subjects)
        rules.append(
            Rule(
                name=entry["name"],
                category=category,
                level=entry.get("level", "urgent"),
                patterns=tuple(re.compile(a, re.IGNORECASE) for a in alternatives),
                negatable=entry.get("negatable", True),
                not_subjects=_PEOPLE[others] if others else frozenset(),
                subject_led=tuple(a.startswith(_FRAGMENTS["PARTNER"]) for a in alternatives),
            )
        )
    return tuple(rules)


def _lexicon(normalising: dict[str, Any], negation: dict[str, Any]) -> Lexicon:
    not_negating = "|".join(_unwrap(phrase) for phrase in negation["not_negating"])
    return Lexicon(
        quotes=str.maketrans(normalising["quotes"]),
        words=normalising["words"],
        not_without_apostrophe=frozenset(normalising["not_without_apostrophe"]),
        would_before=frozenset(normalising["would_before"]),
        is_before=frozenset(normalising["is_before"]),
        suffixes=normalising["suffixes"],
        phrases=tuple(
            (re.compile(_unwrap(rewrite["pattern"]), re.IGNORECASE), rewrite["replacement"])
            for rewrite in normalising["phrases"]
        ),
        clause_break=re.compile(_unwrap(negation["clause_break"]), re.IGNORECASE),
        negators=frozenset(negation["negators"]),
        not_negating=re.compile(rf"\b(?:{not_negating})\b", re.IGNORECASE),
        first_person=frozenset(_DATA["people"]["first_person"]),
    )


ABUSE_OVERRIDES = _rules("abuse_overrides", "abuse")
SELF_HARM_RULES = _rules("self_harm_rules", "self_harm", not_subjects="other_people")
ABUSE_RULES = _rules("abuse_rules", "abuse")
_RULES: tuple[Rule, ...] = (*ABUSE_OVERRIDES, *SELF_HARM_RULES, *ABUSE_RULES)
_IDIOMS = re.compile("|".join(_unwrap(p) for p in _DATA["idioms"]["patterns"]), re.IGNORECASE)
_SUBJECT = re.compile(_FRAGMENTS["PARTNER"], re.IGNORECASE)
_LEXICON = _lexicon(_DATA["normalise"], _DATA["negation"])


@dataclass(frozen=True)
class Finding:
    """Why a turn was flagged: the category, the rule's name and the words it matched."""

    category: SafetyCategory
    rule: str
    matched: str
    level: SafetyLevel = "urgent"


def find(text: str) -> Finding | None:
    """Like `check`, but says which rule fired on which words (for evals and debugging)."""
    if not isinstance(text, str) or not text.strip():
        return None
    normalised = _IDIOMS.sub(" ~ ", normalise(text, _LEXICON))
    subjects = [m.start() for m in _SUBJECT.finditer(normalised)]
    for rule in _RULES:
        match = first_hit(rule, normalised, subjects, _LEXICON)
        if match is not None:
            return Finding(rule.category, rule.name, match.group(0).strip(), rule.level)
    return None


def blank_idioms(normalised: str) -> str:
    """The line without its figures of speech ("he hit the roof", "dying to see you"), for
    a reader that would hear them as danger; `normalised` is already spelled out."""
    return " ".join(_IDIOMS.sub(" ", normalised).split())


def check(text: str) -> SafetyCategory | None:
    """The safety category of one user turn: "self_harm", "abuse", or None."""
    finding = find(text)
    return finding.category if finding else None
