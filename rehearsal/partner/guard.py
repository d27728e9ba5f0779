"""Keep the partner in character: clean each reply and say what is wrong with it.

`clean` removes what small models add around a line (role labels, stage directions in
brackets, quotes, a second speaker) and keeps at most three sentences. `problems` names
why a cleaned reply cannot be shown: empty, talks as an AI or assistant, gives advice,
speaks as the user, narrates the partner in the third person, says the same sentence
twice, or repeats an earlier line. Choosing among candidates is `rehearsal.partner.choose`'s.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from difflib import SequenceMatcher

MAX_SENTENCES = 3
SENTENCE_END = re.compile(r"(?<=[.!?…])[\"')\]]*\s+")
BRACKETED = re.compile(r"\([^)]*\)|\[[^\]]*\]|\*[^*]*\*")
AI_TALK = re.compile(
    r"\b(?:as an ai|an ai\b|a bot\b|language model|assistant|chatbot|artificial intelligence|"
    r"openai|my (?:instructions|programming|prompt|training)|i(?:'m| am) (?:just )?a (?:program|"
    r"computer|model)|how (?:can|may) i (?:help|assist)|i can(?:not|'t) (?:help|assist) with|"
    r"as a (?:simulated|virtual)|role-?play|this conversation is a simulation|counsell?or|"
    r"give advice|transcript|help you in any way|here to help|happy to help)",
    re.IGNORECASE,
)
ADVICE = re.compile(
    r"\b(?:you should|you ought to|i (?:would )?(?:suggest|recommend|advise)|my advice|"
    r"it(?:'s| is) important (?:to|that)|here are (?:some|a few)|tips?\b|try to communicate|"
    r"(?<!i'll )(?<!i will )(?<!i )try to (?:understand|be more)|"
    r"consider (?:talking|seeing|trying|seeking)|seek (?:professional|help)|"
    r"a therapist can|communication is key|healthy relationship)",
    re.IGNORECASE,
)


def _label(name: str) -> re.Pattern[str]:
    return re.compile(rf"(?:^|\s){re.escape(name)}\s*:", re.IGNORECASE)


def clean(reply: str, *, partner: str, user: str) -> str:
    """The reply as one line: no labels, no bracketed directions, at most three sentences."""
    text = reply.strip()
    text = re.sub(rf"^\s*{re.escape(partner)}\s*:\s*", "", text, flags=re.IGNORECASE)
    for speaker in (user, partner):
        match = _label(speaker).search(text)
        if match:
            text = text[: match.start()]
    text = text.split("\n", 1)[0]
    text = BRACKETED.sub(" ", text)
    text = " ".join(text.split()).strip(" \"'“”")
    sentences = [s for s in SENTENCE_END.split(text) if s.strip()]
    return " ".join(sentences[:MAX_SENTENCES]).strip()


def _normal(text: str) -> str:
    return " ".join(re.findall(r"[a-z']+", text.lower()))


def problems(
    reply: str,
    *,
    partner: str,
    user: str,
    earlier: Sequence[str] = (),
    user_text: str | None = None,
) -> list[str]:
    """Why `reply` (already cleaned) must not be shown; empty when it is fine.

    `earlier` are the partner's previous replies: saying one of them again (or starting to,
    since replies are checked sentence by sentence) is a repeat.
    """
    found = []
    words = _normal(reply)
    if len(words) < 2 and not re.search(
        r"\b(?:no|yes|ok|okay|fine|sure|maybe|yeah|hm+|sorry)\b", words
    ):
        found.append("empty")
    if AI_TALK.search(reply):
        found.append("ai_talk")
    if ADVICE.search(reply):
        found.append("advice")
    if _label(user).search(" " + reply) or (user_text and _normal(user_text) == words):
        found.append("speaks_as_user")
    if "*" in reply or re.search(
        rf"\b{re.escape(partner)}\s+(?:is|was|feels|felt|says|said|looks|sighs)\b", reply, re.I
    ):
        found.append("narrates")
    if any(
        _normal(line).startswith(words) or SequenceMatcher(None, _normal(line), words).ratio() > 0.8
        for line in earlier
    ):
        found.append("repeats")
    sentences = [_normal(s) for s in SENTENCE_END.split(reply) if _normal(s)]
    if len(set(sentences)) < len(sentences):
        found.append("repeats_itself")
    return found
