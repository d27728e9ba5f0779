"""The "I feel" drill: practise one I-statement at a time and see how it is built.

For a practice situation the person writes an I-statement; the drill checks its four
parts (a real feeling named, the situation, no blame, a request that leaves a choice),
offers a template version when something is missing, and lists feeling words to choose
from. Reading the line uses the same analyser as the rehearsal; wording lives in data.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from rehearsal.analysis.analyzer import Analyzer
from rehearsal.analysis.rewrite import ALL_FEELINGS, FEELING_WORDS, PSEUDO_FEELINGS, rewrite
from rehearsal.vocabulary import HARMFUL_FLAGS

SITUATION_WORDS = re.compile(r"\b(?:when|whenever|after|since|if|every time|lately)\b", re.I)
ASK_WORDS = re.compile(
    r"\b(?:would you|could you|could we|can we|would it be ok|are you open|how about|"
    r"i'd love (?:it )?if|would you be willing)\b",
    re.I,
)


@dataclass(frozen=True)
class DrillCheck:
    feeling: bool
    situation: bool
    no_blame: bool
    request: bool
    feelings_used: tuple[str, ...]
    suggestion: str | None
    advice: tuple[str, ...]

    @property
    def complete(self) -> bool:
        return self.feeling and self.situation and self.no_blame and self.request

    def parts(self) -> dict[str, bool]:
        """The four parts, in the order they are shown, each there or not."""
        return {
            "a feeling named": self.feeling,
            "the situation": self.situation,
            "no blame": self.no_blame,
            "a request": self.request,
        }

    def as_json(self) -> dict[str, object]:
        """What `rehearse drill --json` prints for one line."""
        return {
            "feeling": self.feeling,
            "situation": self.situation,
            "no_blame": self.no_blame,
            "request": self.request,
            "complete": self.complete,
            "feelings_used": list(self.feelings_used),
            "advice": list(self.advice),
            "suggestion": self.suggestion,
        }


def situation_groups(prompts_dir: Path) -> dict[str, list[str]]:
    """The practice situations by group (everyday moments, then one per reason), as
    written in `prompts/drill_situations.toml`."""
    with (prompts_dir / "drill_situations.toml").open("rb") as handle:
        data = tomllib.load(handle)
    return {str(g["name"]): [str(s) for s in g["situations"]] for g in data["groups"]}


def situations(prompts_dir: Path) -> list[str]:
    """Every practice situation, in the order they are offered."""
    return [s for group in situation_groups(prompts_dir).values() for s in group]


def feeling_words() -> dict[str, tuple[str, ...]]:
    """Feeling words grouped by family, for the person to pick from."""
    return dict(FEELING_WORDS)


def check_statement(analyzer: Analyzer, text: str) -> DrillCheck:
    """How the four parts of an I-statement show up in `text`."""
    analysis = analyzer.analyze(text)
    words = set(re.findall(r"[a-z]+", text.lower()))
    used = tuple(sorted(word for word in ALL_FEELINGS if word in words))
    pseudo = [word for word in PSEUDO_FEELINGS if word in words]
    feeling = bool(used) and not re.search(r"\bi feel (?:like|that) you\b", text, re.I)
    situation = bool(SITUATION_WORDS.search(text))
    no_blame = not any(analysis.skills[flag] for flag in HARMFUL_FLAGS)
    request = bool(analysis.skills["request"] or ASK_WORDS.search(text))
    advice = []
    if not feeling:
        hint = f" (“{pseudo[0]}” describes what they did, not how you feel)" if pseudo else ""
        advice.append(f"Name a feeling — lonely, worried, hurt, confused…{hint}")
    if not situation:
        advice.append("Say when it happens: “…when we go days without talking”.")
    if not no_blame:
        advice.append("Describe what happened without judging them: no always/never, no labels.")
    if not request:
        advice.append("End with a request they can say no to: “Would you be willing to…?”")
    complete = feeling and situation and no_blame and request
    suggestion = None if complete else rewrite(text, {"blame": True})
    return DrillCheck(feeling, situation, no_blame, request, used, suggestion, tuple(advice))
