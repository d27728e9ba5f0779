"""Choose, don't hope: score every candidate reply and keep the best one.

Candidates are the bank's lines for the plan and the model's samples. Each is first held to
hard rules: in character (`guard.problems`), never voicing a crisis of its own, not a
repeat of anything the partner said earlier, not a parrot of the person's line, and, for a
model sample, nothing the conversation, the situation or the persona never mentioned (no
new people, places or things). Survivors are scored with the sentence embedder the app
already loads: how well the reply answers the person's line, how close it is to the
written lines for this band and move (fits the persona), how fresh it is against earlier
replies, and a small bonus for a line that takes up the person's own words (a slot) or
the situation they brought up. Producing the candidates is the partner's business.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher

import numpy as np
from langchain_core.embeddings import Embeddings

from rehearsal.analysis.safety import check as crisis_in
from rehearsal.partner.guard import problems

WEIGHTS = {"answers": 0.40, "fits": 0.40, "fresh": 0.20}
SLOT_BONUS = 0.08
SITUATION_BONUS = 0.12
REPEAT_SIMILARITY = 0.88
PARROT_SIMILARITY = 0.90
# Things a small model makes up: people, places, pets, jobs, objects, events.
RISKY = re.compile(
    r"\b(?:mom|mum|mother|dad|father|sister|brother|son|daughter|kids?|child(?:ren)?|baby|"
    r"grandma|grandpa|aunt|uncle|cousin|friends?|boss|wife|husband|girlfriend|boyfriend|ex|"
    r"dog|cat|pet|gym|office|school|college|church|hospital|doctor|therapist|party|wedding|"
    r"birthday|gift|present|car|house|flat|apartment|town|city|beach|holiday|trip|restaurant|"
    r"cafe|bar|pub|hotel|money|job|shop|store|phone|book|game|team|class|girl|boy|man|woman)\b",
    re.IGNORECASE,
)
NAME = re.compile(r"(?<=[a-z,;] )[A-Z][a-z]+")
CALENDAR = frozenset(
    [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ]
)


@dataclass(frozen=True)
class Candidate:
    text: str
    source: str  # "bank" or "model"
    uses_slot: bool = False
    about_situation: bool = False


@dataclass
class Choice:
    best: Candidate | None
    scores: dict[str, float] = field(default_factory=dict)
    rejected: dict[str, list[str]] = field(default_factory=dict)


def _normal(text: str) -> str:
    return " ".join(re.findall(r"[a-z']+", text.lower()))


def invents(text: str, known: str, names: Sequence[str]) -> bool:
    """True when `text` names a person, place or thing that `known` never mentions."""
    context = _normal(known)
    for match in RISKY.finditer(text):
        if not re.search(rf"\b{re.escape(match.group(0).lower())}", context):
            return True
    allowed = {n.lower() for n in names if n} | CALENDAR
    return any(m.group(0).lower() not in allowed for m in NAME.finditer(text))


def hard_problems(
    candidate: Candidate,
    *,
    user_line: str,
    earlier: Sequence[str],
    partner: str,
    user: str,
    known: str,
    vocabulary: frozenset[str] | None,
) -> list[str]:
    """Why this candidate cannot be said at all (empty when it can)."""
    found = problems(candidate.text, partner=partner, user=user, user_text=user_line)
    if crisis_in(candidate.text) is not None:
        found.append("voices_crisis")
    said = _normal(candidate.text)
    if any(SequenceMatcher(None, _normal(e), said).ratio() > 0.8 for e in earlier):
        found.append("repeats")
    if candidate.source == "model":
        if invents(candidate.text, known, (partner, user)):
            found.append("invents")
        if vocabulary is not None and set(said.split()) - vocabulary:
            found.append("new_words")
    return found


def choose(
    candidates: Sequence[Candidate],
    *,
    embedder: Embeddings,
    user_line: str,
    targets: Sequence[str],
    earlier: Sequence[str],
    partner: str,
    user: str,
    known: str,
    vocabulary: frozenset[str] | None = None,
    on_plan: float = 0.0,
) -> Choice:
    """The best candidate to say now, with every score and every rejection.

    A model sample must come within `on_plan` (cosine) of one of the written lines for
    this band and move: with a small model, that keeps it saying what the plan says.
    """
    choice = Choice(best=None)
    fine: list[Candidate] = []
    for candidate in dict.fromkeys(candidates):
        reasons = hard_problems(
            candidate,
            user_line=user_line,
            earlier=earlier,
            partner=partner,
            user=user,
            known=known,
            vocabulary=vocabulary,
        )
        if reasons:
            choice.rejected[candidate.text] = reasons
        else:
            fine.append(candidate)
    if not fine:
        return choice
    texts = [c.text for c in fine]
    vectors = np.array(embedder.embed_documents([user_line, *texts, *targets, *earlier]))
    user_vec = vectors[0]
    cand = vectors[1 : 1 + len(texts)]
    target = vectors[1 + len(texts) : 1 + len(texts) + len(targets)]
    before = vectors[1 + len(texts) + len(targets) :]
    answers = cand @ user_vec
    for number, candidate in enumerate(fine):
        if answers[number] > PARROT_SIMILARITY:
            choice.rejected[candidate.text] = ["parrots"]
            continue
        others = [t for t, text in zip(target, targets, strict=True) if text != candidate.text]
        fits = float(np.mean([cand[number] @ t for t in others])) if others else 0.0
        nearest = max((float(cand[number] @ t) for t in target), default=0.0)
        if candidate.source == "model" and nearest < on_plan:
            choice.rejected[candidate.text] = ["off_plan"]
            continue
        closest = max((float(cand[number] @ b) for b in before), default=0.0)
        if closest > REPEAT_SIMILARITY:
            choice.rejected[candidate.text] = ["repeats"]
            continue
        score = (
            WEIGHTS["answers"] * float(answers[number])
            + WEIGHTS["fits"] * fits
            + WEIGHTS["fresh"] * (1.0 - closest)
            + SLOT_BONUS * candidate.uses_slot
            + SITUATION_BONUS * candidate.about_situation
        )
        choice.scores[candidate.text] = round(score, 4)
        if choice.best is None or score > choice.scores[choice.best.text]:
            choice.best = candidate
    return choice
