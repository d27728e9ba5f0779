"""The coach's words: a one-line verdict in the person's own words, then one next move.

The phrases are data (`prompts/coach/phrases.toml`, rendered with Jinja StrictUndefined):
a verdict quotes back a few of the person's words with what they did ("“I feel lonely
when…” — you spoke from your own experience"), a "why" sentence explains a pattern in
the partner's reply, and the next move belongs to the passage the ranking chose. Each
entry has a few variants, taken in turn, so consecutive tips do not repeat a sentence.
Choosing the passage is `rehearsal.coach.ranking`'s job.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Collection, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from rehearsal.analysis.analyzer import Analysis
from rehearsal.steps import StepTracker, StepUpdate
from rehearsal.templates import render, render_string
from rehearsal.vocabulary import PRAISE_ORDER, SKILLS, STEP_TITLES

EXCERPT_WORDS = 9
SAYS_SOMETHING = 4  # words: a shorter sentence ("ok.", "yeah fine.") is skipped when quoting
WARNING_ORDER = tuple(s.id for s in sorted(SKILLS, key=lambda s: s.weight) if s.harmful)


@lru_cache(maxsize=4)
def load_phrases(prompts_dir: Path) -> dict[str, Any]:
    with (prompts_dir / "coach" / "phrases.toml").open("rb") as handle:
        return tomllib.load(handle)


def excerpt(text: str, words: int = EXCERPT_WORDS) -> str:
    """A few words of a line, to quote back ("I feel lonely when we…"): its first sentence
    that says something, so "ok. you don't have to talk if…" is quoted from "you", not as
    "ok." (a leading "ok." or "yeah fine." says nothing the verdict is about)."""
    clean = " ".join(text.replace("“", "").replace("”", "").replace('"', "").split())
    sentences = re.split(r"(?<=[.!?])\s+", clean)
    at = next((i for i, s in enumerate(sentences) if len(s.split()) >= SAYS_SOMETHING), 0)
    first = sentences[at]
    lead = "…" if at else ""
    parts = first.split()
    short = " ".join(parts[:words])
    if len(parts) > words:
        return lead + short.rstrip(",;:") + "…"
    return lead + short  # a whole sentence needs no ellipsis ("That sounds really hard.")


class Wording:
    """The phrases for one turn: with the partner's name, variants chosen by turn number."""

    def __init__(self, prompts_dir: Path, partner: str, turn_number: int) -> None:
        self.prompts_dir = prompts_dir
        self.partner = partner
        self.turn = turn_number
        self.phrases = load_phrases(prompts_dir)

    def _in_turn(self, options: str | list[str]) -> list[str]:
        """Every variant, starting from this turn's."""
        listed = [options] if isinstance(options, str) else options
        start = self.turn % len(listed)
        return listed[start:] + listed[:start]

    def _render(self, text: str, **values: str) -> str:
        return render_string(self.prompts_dir, text, partner=self.partner, **values).strip()

    def _say(self, options: str | list[str], **values: str) -> str:
        return self._render(self._in_turn(options)[0], **values)

    @staticmethod
    def harm(analysis: Analysis) -> str | None:
        """The line's most harmful skill, the one its warning is about."""
        return next((f for f in WARNING_ORDER if analysis.skills.get(f)), None)

    def verdict(self, analysis: Analysis, update: StepUpdate) -> str:
        harmful = self.harm(analysis)
        if harmful is not None:
            return self._say(self.phrases["warning"][harmful], said=self._quote(analysis, harmful))
        praised = next((f for f in PRAISE_ORDER if analysis.skills.get(f)), None)
        if praised is not None:
            line = self._say(self.phrases["praise"][praised], said=self._quote(analysis, praised))
        else:
            line = self._say(self.phrases["neutral"]["text"], said=excerpt(analysis.text))
        skipped = self.phrases["skipped"]
        if update.skipped and update.step and any(analysis.skills.get(f) for f in skipped["when"]):
            line += " " + self._say(
                skipped["text"],
                step=STEP_TITLES[update.step],
                missing=STEP_TITLES[update.skipped[0]],
            )
        return line

    @staticmethod
    def _quote(analysis: Analysis, skill: str) -> str:
        """A few of the person's words: from the sentence that shows `skill`, if they said
        several ("sorry, i jumped in. what's been going on?" is asked from "what's")."""
        return excerpt(analysis.evidence.get(skill, analysis.text))

    def why(self, partner_line: str, title: str) -> str:
        return self._say(self.phrases["why"]["reasons"], said=excerpt(partner_line, 7), title=title)

    def tip(
        self,
        verdict: str,
        why: str | None,
        section: str,
        tracker: StepTracker,
        earlier: Sequence[str] = (),
        shown: Collection[str] = (),
        harm: str | None = None,
    ) -> str:
        """The verdict, the why and one next move: the cited passage's move, or the next
        step's once the cited step is done, and not advice one of the `earlier` tips of
        this talk already gave, or that asks for a skill this line just `shown`, while
        other advice fits. The variants of one source are one piece of advice said two
        ways ("name what you need" and "look for where your needs overlap"), so a source
        already heard gives way to the other, and with both heard to the step after the
        next one. When those were heard and this line did what a source asks for, the
        person is told the move was the right one ([shown]); only then a variant not yet
        said. After a line with a `harm` (its most harmful skill), the moves are the cited
        passage's and the one that repairs that harm ([repair]), then listening
        ([after_repair]) once those were heard, never a later step's."""
        moves, asks = self.phrases["move"], self.phrases["asks"]
        upcoming = tracker.suggested_next(onward=True)
        keys = [section, upcoming]
        if section.startswith("steps/") and section in tracker.covered:
            keys.reverse()
        keys.sort(key=lambda key: asks.get(key or "") in shown)  # stable: order kept otherwise
        after_next = tracker.todo(after=upcoming) if upcoming else []
        beyond = [step for step in after_next if asks.get(step) not in shown][:1]
        if harm is not None:
            repair = self.phrases["repair"][harm]
            keys = [section] if section == repair else [section, repair]
            listen = self.phrases["after_repair"]["section"]
            beyond = [] if listen in keys else [listen]
        sources = [moves[key] if key else [self.phrases["done"]["text"]] for key in keys]
        said = [[self._render(move) for move in self._in_turn(options)] for options in sources]
        later = [[self._render(move) for move in self._in_turn(moves[key])] for key in beyond]

        def heard(move: str) -> bool:
            return any(move in tip for tip in earlier)

        asked = [asks.get(key or "") not in shown for key in keys]
        useful = [variants for variants, ok in zip(said, asked, strict=True) if ok]
        fresh = [variants[0] for variants in useful + later if not any(map(heard, variants))]
        # Rather than ask again for what the line just did, or reword advice heard already,
        # say the move was the right one.
        shown_moves = self._in_turn(self.phrases["shown"]["text"]) if not all(asked) else []
        right = [self._render(move) for move in shown_moves]
        enough = [move for move in right if not heard(move)]
        unsaid = [move for variants in useful for move in variants if not heard(move)]
        # With everything heard, saying again that the move was right beats asking for the
        # check-in the line just planned (panel 14: "asks for check-in they just set").
        move = (fresh or enough or unsaid or right or [said[0][0]])[0]
        tip = render(self.prompts_dir, "coach/tip.j2", verdict=verdict, why=why, move=move)
        return " ".join(tip.split())
