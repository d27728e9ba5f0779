"""The matching engine of the safety check: normalise a turn, try one rule, filter its hits.

- `normalise` folds the text: Unicode NFKC, accents and control characters dropped,
  curly apostrophes straightened, contractions expanded ("won't" -> "will not", also the
  apostrophe-less "dont", "im"), a few typos and slang forms mended.
- `first_hit` tries one `Rule` and returns its first match that survives two filters: a
  negation just before the hit, in its clause, cancels it ("I would never hurt myself",
  "he has never hit me"), except for phrases that do not negate what follows ("I can't
  believe he hit me"); and a hit whose subject is someone the rule excludes ("my friend
  is suicidal") is dropped.

Left to others: every pattern and word list. `rehearsal.analysis.safety` loads them from
`rehearsal/data/safety_rules.toml` and hands them in as `Rule`s and a `Lexicon`; it also
decides which rules run, in what order, and what a hit means.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rehearsal.vocabulary import SafetyCategory, SafetyLevel

NEGATION_WINDOW = 4  # words before a hit, in its clause, that can negate it
SUBJECT_LOOKBACK = 6  # words before a self-harm hit searched for its subject

_WORDISH = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?")
_WORD = re.compile(r"[a-z]+", re.IGNORECASE)
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")
_USER_FIRST = re.compile(r"(?:i|my|me)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Rule:
    """One named group of patterns for one category.

    ``negatable``: a negation just before the hit cancels it ("I would never hurt
    myself"); patterns that hold their own negation ("I don't want to live") start at it,
    so it never lies before the hit.
    ``not_subjects``: for self-harm, the hit is dropped when the nearest person named
    before it, in its clause, is one of these words ("my friend wants to die").
    ``subject_led``: per pattern, whether it starts with the partner as subject; those are
    only tried where a subject was found (one scan for all of them keeps this fast).
    """

    name: str
    category: SafetyCategory
    patterns: tuple[re.Pattern[str], ...]
    level: SafetyLevel = "urgent"
    negatable: bool = True
    not_subjects: frozenset[str] = frozenset()
    subject_led: tuple[bool, ...] = ()


@dataclass(frozen=True)
class Lexicon:
    """The word tables that normalisation and the filters read (see safety_rules.toml)."""

    quotes: dict[int, str]  # a str.translate table
    words: dict[str, str]
    not_without_apostrophe: frozenset[str]
    would_before: frozenset[str]
    is_before: frozenset[str]
    suffixes: dict[str, str]
    phrases: tuple[tuple[re.Pattern[str], str], ...]
    clause_break: re.Pattern[str]
    negators: frozenset[str]
    not_negating: re.Pattern[str]
    first_person: frozenset[str]


def _rewrite_word(word: str, lexicon: Lexicon) -> str:
    lower = word.lower()
    if lower in lexicon.words:
        return lexicon.words[lower]
    if lower.endswith("n't"):
        return lower[:-3] + " not"
    if lower in lexicon.not_without_apostrophe:
        return lower[:-2] + " not"
    if "'" in lower:
        stem, _, tail = lower.partition("'")
        if "'" + tail in lexicon.suffixes:
            return stem + lexicon.suffixes["'" + tail]
        if tail == "d" and stem in lexicon.would_before:
            return stem + " would"
        if tail == "s" and stem in lexicon.is_before:
            return stem + " is"
    return word


def normalise(text: str, lexicon: Lexicon) -> str:
    """Fold text so the patterns see one spelling (see the module docstring)."""
    text = unicodedata.normalize("NFKC", text).translate(lexicon.quotes)
    kept: list[str] = []
    for ch in unicodedata.normalize("NFKD", text):
        kind = unicodedata.category(ch)
        if kind in ("Mn", "Cf"):  # accents; zero-width and other format characters
            continue
        kept.append(" " if kind == "Cc" and ch != "\n" else ch)
    text = "".join(kept)
    text = _WORDISH.sub(lambda match: _rewrite_word(match.group(0), lexicon), text)
    for pattern, replacement in lexicon.phrases:
        text = pattern.sub(replacement, text)
    return _SPACES.sub(" ", text)


def _clause_before(text: str, start: int, lexicon: Lexicon) -> str:
    """The part of the clause that precedes position `start`."""
    return lexicon.clause_break.split(text[max(0, start - 300) : start])[-1]


def is_negated(text: str, match: re.Match[str], lexicon: Lexicon) -> bool:
    """True when the words just before the hit, and its subject-verb gap, negate it."""
    before = lexicon.not_negating.sub(" ", _clause_before(text, match.start(), lexicon))
    words = _WORD.findall(before)[-NEGATION_WINDOW:]
    for name in ("gap2", "gap"):
        gap = match.groupdict().get(name)
        if gap:
            words += _WORD.findall(lexicon.not_negating.sub(" ", gap))
    return sum(w.lower() in lexicon.negators for w in words) % 2 == 1


def subject_is_other(
    text: str, match: re.Match[str], others: frozenset[str], lexicon: Lexicon
) -> bool:
    """True when the nearest person named before the hit, in its clause, is in `others`."""
    if not others or _USER_FIRST.match(match.group(0)):
        return False
    words = _WORD.findall(_clause_before(text, match.start(), lexicon).lower())
    for word in reversed(words[-SUBJECT_LOOKBACK:]):
        if word in lexicon.first_person:
            return False
        if word in others:
            return True
    return False


def first_hit(
    rule: Rule, text: str, subjects: Sequence[int], lexicon: Lexicon
) -> re.Match[str] | None:
    """The first match of `rule` in normalised `text` that survives the filters.

    `subjects` are the positions where a partner subject starts; subject-led patterns are
    tried only there.
    """
    for pattern, subject_led in zip(rule.patterns, rule.subject_led, strict=True):
        matches: Iterable[re.Match[str] | None]
        if subject_led:
            matches = (pattern.match(text, at) for at in subjects)
        else:
            matches = pattern.finditer(text)
        for match in matches:
            if match is None:
                continue
            if rule.negatable and is_negated(text, match, lexicon):
                continue
            if subject_is_other(text, match, rule.not_subjects, lexicon):
                continue
            return match
    return None
