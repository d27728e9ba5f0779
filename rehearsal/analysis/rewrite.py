"""A suggested blame-free rewrite of a harmful user turn.

When a turn blames, demands or threatens (the ``blame``, ``demand`` and ``ultimatum`` skill
flags), the coach offers the same concern as an "I feel … when … because …; would you …?"
line (DESIGN.md, ``rewrite`` under "rehearse analyze"; the article's "Speak your truth",
"Make requests, not demands" and "Set kind but firm boundaries").

How: deterministic templates, no model. The first topic (texting back, time together, going
quiet, honesty, commitment…) whose pattern matches picks a situation, a reason, a fitting
feeling and a request that leaves a choice. When no topic matches, the person's own words are
reused safely; failing that, a generic line about the distance between us. Ultimatums keep
the boundary ("this matters a lot to me and I need us to work on it") and drop the threat.

Also here: ``FEELING_WORDS`` (real feelings, shared with the "I feel" drill),
``PSEUDO_FEELINGS`` (words that sound like feelings but accuse, e.g. "ignored"), ``INSULTS``
and ``is_blame_free``, which the tests use to reject a rewrite that still blames.

Left to others: the words are data, ``rehearsal/data/rewrite_topics.toml`` (topics, templates,
shorthand, the generic line, own-words rules) and ``rehearsal/data/feelings.toml``; reusing
the person's own words is ``rehearsal.analysis.rewrite_fallback``'s job; deciding whether a
turn blames, demands or threatens is the analyser's (this module trusts the flags it is
given).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rehearsal.analysis.rewrite_fallback import OwnWords
from rehearsal.resources import data_file
from rehearsal.vocabulary import HARMFUL_FLAGS

__all__ = [
    "ALL_FEELINGS",
    "FEELING_WORDS",
    "INSULTS",
    "PSEUDO_FEELINGS",
    "TOPICS",
    "Topic",
    "is_blame_free",
    "rewrite",
    "topic_of",
]

TOPICS_FILE = data_file("rewrite_topics.toml")
FEELINGS_FILE = data_file("feelings.toml")


def _load(path: Path) -> dict[str, Any]:
    with path.open("rb") as handle:
        return tomllib.load(handle)


_FEELINGS = _load(FEELINGS_FILE)
_DATA = _load(TOPICS_FILE)

# Real feelings: what is going on inside the speaker, with nobody accused.
FEELING_WORDS: dict[str, tuple[str, ...]] = {
    group: tuple(words) for group, words in _FEELINGS["feeling_words"].items()
}
ALL_FEELINGS: frozenset[str] = frozenset(w for words in FEELING_WORDS.values() for w in words)
# Words that sound like feelings but describe what the other person did to us: they accuse.
PSEUDO_FEELINGS: frozenset[str] = frozenset(_FEELINGS["pseudo_feelings"]["words"])
# Character words: stripped from reused text, and a sign of blame in any line.
INSULTS: frozenset[str] = frozenset(_FEELINGS["insults"]["words"])


@dataclass(frozen=True)
class Topic:
    """One concern: how to spot it and how to say it without blame."""

    name: str
    pattern: re.Pattern[str]
    feeling: str  # a word from FEELING_WORDS
    situation: str  # reads after "I feel <feeling> when "
    reason: str  # reads after "because "
    ask: str  # a question that leaves a choice, without the "?"


def _topic(entry: Mapping[str, str]) -> Topic:
    pattern = re.compile("".join(entry["pattern"].splitlines()), re.IGNORECASE)
    fields = (entry[key] for key in ("feeling", "situation", "reason", "ask"))
    return Topic(entry["name"], pattern, *fields)


# First match wins, so the more specific concerns come first.
TOPICS: tuple[Topic, ...] = tuple(_topic(entry) for entry in _DATA["topics"])
_GENERIC = Topic("generic", re.compile(r"(?!)"), **_DATA["generic"])  # matches nothing
_LINE: str = _DATA["templates"]["line"]
_ULTIMATUM_LINE: str = _DATA["templates"]["ultimatum"]
_OWN_WORDS = OwnWords(_DATA["own_words"], INSULTS)

# Texting shorthand, so that patterns and reused words see ordinary spelling.
_SHORTHAND: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(rf"\b{short}\b", re.IGNORECASE), full) for short, full in _DATA["shorthand"].items()
)


def _normalise(text: str) -> str:
    text = text.replace("’", "'").replace("‘", "'")
    for pattern, full in _SHORTHAND:
        text = pattern.sub(full, text)
    return " ".join(text.split())


def topic_of(text: str) -> str | None:
    """The name of the first topic whose pattern the text matches, or None."""
    found = _find_topic(_normalise(text))
    return found.name if found else None


def _find_topic(text: str) -> Topic | None:
    for topic in TOPICS:
        if topic.pattern.search(text):
            return topic
    return None


def _compose(feeling: str, situation: str, reason: str, ask: str, ultimatum: bool) -> str:
    template = _ULTIMATUM_LINE if ultimatum else _LINE
    return template.format(feeling=feeling, situation=situation, reason=reason, ask=ask)


def rewrite(text: str, flags: Mapping[str, bool]) -> str | None:
    """A blame-free "I feel … when … because …; would you …?" version of a harmful turn.

    None unless a harmful flag (the registry's: blame, demand, ultimatum) is true; an
    ultimatum keeps its boundary and drops the threat. The result keeps
    the person's concern, starts with "I feel", names a word from ``FEELING_WORDS`` and ends
    with a question that leaves the partner a choice.
    """
    if not any(flags.get(flag) for flag in HARMFUL_FLAGS):
        return None
    ultimatum = bool(flags.get("ultimatum", False))
    normal = _normalise(text)
    topic = _find_topic(normal)
    if topic is not None:
        return _compose(topic.feeling, topic.situation, topic.reason, topic.ask, ultimatum)
    wording = _OWN_WORDS.wording(normal)
    if wording is not None:
        own = _compose(*wording, ultimatum)
        if is_blame_free(own) and len(own.split()) < 60:
            return own
    g = _GENERIC
    return _compose(g.feeling, g.situation, g.reason, g.ask, ultimatum)


# --- blame check -----------------------------------------------------------------------------

_PSEUDO = "|".join(sorted((re.escape(w) for w in PSEUDO_FEELINGS), key=len, reverse=True))
_BLAME = re.compile(
    "|".join(
        (
            # always/never aimed at the partner
            r"\byou(?:'re|'ve|'ll| are| have| will)?\s+(?:\w+\s+){0,2}?(?:always|never)\b",
            r"\b(?:always|never)\s+you\b",
            r"\byou (?:don't|do not|won't|can't) (?:\w+ )?ever\b",
            r"\bwhy (?:can't|won't|don't|do) you (?:\w+ )?(?:ever|always)\b",
            r"\bwhy can't you\b",
            r"\byou keep\b",
            # character and fault
            r"\byour fault\b",
            r"\byou(?:'re| are) (?:so|such|being|nothing but)\b",
            r"\byou still (?:haven't|don't|won't|can't|never)\b|\b(?:all|always) my fault\b",
            r"\byou(?:'ve| have)? (?:been )?"
            r"(?:ignor|abandon|manipulat|reject|neglect|attack)\w* me\b",
            r"\bwhat(?:'s| is) wrong with you\b",
            r"\bwhat(?:'s| is) your (?:problem|excuse)\b",
            r"\bclearly\b|\bobviously\b|\bwhat'?s (?:even )?the point\b",
            # threats
            r"\bif you (?:don't|do not|won't|can't|cannot)\b",
            r"\bor (?:else|i'll|i will|i'm|we're|we are)\b",
            r"\b(?:i'm|i am) (?:leaving|done|out|finished|ending)\b",
            r"\bwe(?:'re| are) (?:done|finished|over|through)\b",
            r"\bdon't bother\b|\bsee what happens\b",
            # accusations dressed as feelings
            r"\bi feel (?:like|that|as if|as though) (?:you|you're|you've|you'd)\b",
            r"\bi feel you(?:'re| are)?\b",
            rf"\bi feel (?:so |really |very |totally |completely )?(?:{_PSEUDO})\b",
            # sarcasm
            r"\boh (?:great|sure|wow|please|right|poor)\b|\bwow,? thanks\b|\bthanks for finally\b",
            r"\blook who\b|\bso much for\b|\byeah,? yeah\b|\bpoor you\b|\btypical\b",
            r"\bfor once\b|\btoo much to ask\b|\bmust be nice\b|\bbig surprise\b|\bgo figure\b",
            r"\bheard it (?:all|a hundred|a thousand|before)\b|\bwhat a surprise\b",
        )
    ),
    re.IGNORECASE,
)
_INSULT = re.compile(r"\b(?:" + "|".join(sorted(INSULTS)) + r")\b", re.IGNORECASE)
_SHOUTED = re.compile(r"\b(?!I\b|OK\b|TV\b)[A-Z]{2,}\b")


def is_blame_free(text: str) -> bool:
    """False if the line still accuses: always/never aimed at the partner, "your fault",
    "you're so…", an insult, "why can't you", "if you don't", a threat, "I feel like you…",
    a pseudo-feeling ("I feel ignored") or a sarcasm marker (including SHOUTED words)."""
    normal = _normalise(text)
    if _SHOUTED.search(normal):
        return False
    return not (_BLAME.search(normal) or _INSULT.search(normal))
