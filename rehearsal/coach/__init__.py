"""The coach: one grounded, kind, specific nudge per turn, tied to the article.

Facts come from the analyser (step, skills), the step tracker (attempted, done, skipped,
what is next), the person's move and the partner's last reply; the passage comes from one
ranking over the whole article (`ranking`); the words come from prompts/coach/ through
`wording`, which speaks to what the person actually said. When the partner's reply shows
a pattern the article explains ("I don't deserve you", "I need space"), the feedback adds
*why they might say this* with that passage. Quotes are exact sentences of the article.
Keeping score over a session is the report's job.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rag.corpus import Section
from rag.lexical import tokenize
from rehearsal.analysis.analyzer import Analysis
from rehearsal.coach import wording
from rehearsal.coach.ranking import (
    ScoresSections,
    TurnFacts,
    features,
    load_weights,
    rank,
)
from rehearsal.partner_state import PartnerState
from rehearsal.steps import StepTracker, StepUpdate
from rehearsal.vocabulary import HARMFUL_FLAGS, STEP_TITLES

QUOTE_WHOLE_UNDER = 240
SENTENCE = re.compile(r"[^.!?]+[.!?]+[”\"]?")
INSIGHT_AT = 0.42  # how well the partner's words must match a reason to explain them


@dataclass(frozen=True)
class Insight:
    """Why the partner might have said what they said, from the article."""

    section: str
    title: str
    quote: str
    text: str

    def as_json(self) -> dict[str, str]:
        return {"section": self.section, "quote": self.quote, "text": self.text}


@dataclass(frozen=True)
class Feedback:
    verdict: str  # one line, in the person's own words
    tip: str  # the verdict, the why, and one next move
    section: str
    title: str
    quote: str
    rewrite: str | None
    why: Insight | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "tip": self.tip,
            "section": self.section,
            "quote": self.quote,
            "rewrite": self.rewrite,
            "verdict": self.verdict,
            "why": self.why.as_json() if self.why else None,
        }


def quote_from(section: Section, query: str) -> str:
    """The section's text if short, else its two consecutive sentences closest to `query`."""
    if len(section.text) <= QUOTE_WHOLE_UNDER:
        return section.text
    sentences = [match.group().strip() for match in SENTENCE.finditer(section.text)]
    wanted = set(tokenize(query))
    pairs = [" ".join(sentences[i : i + 2]) for i in range(max(1, len(sentences) - 1))]
    best = max(pairs, key=lambda pair: (len(wanted & set(tokenize(pair))), -pairs.index(pair)))
    return best if best in section.text else sentences[0]


class Coach:
    """Turns an analysed turn into feedback; holds no per-session state."""

    def __init__(
        self, retriever: ScoresSections, sections: dict[str, Section], prompts_dir: Path
    ) -> None:
        self.retriever = retriever
        self.sections = sections
        self.prompts_dir = prompts_dir

    def facts(
        self,
        analysis: Analysis,
        update: StepUpdate,
        tracker: StepTracker,
        state: PartnerState,
        *,
        move: str,
        partner_last: str | None,
        persona_section: str,
    ) -> TurnFacts:
        return TurnFacts(
            line=analysis.text,
            step=analysis.step,
            harmful=tuple(f for f in sorted(HARMFUL_FLAGS) if analysis.skills.get(f)),
            move=move,
            next_step=tracker.suggested_next(),
            skipped=update.skipped,
            withdrawing=state.band == "guarded" and state.last_change < 0,
            partner_last=partner_last,
            persona_section=persona_section,
            step_title=STEP_TITLES.get(analysis.step or "", ""),
        )

    def choose(self, facts: TurnFacts) -> tuple[str, Insight | None, dict[str, Any]]:
        """The passage for this turn, and an insight into the partner's words if any."""
        table = features(self.retriever, facts)
        ranked = rank(table, load_weights())
        best = ranked[0]
        insight = None
        if facts.partner_last:
            partner_best = max(table, key=lambda sid: table[sid]["partner"])
            if table[partner_best]["partner"] >= INSIGHT_AT and partner_best != best:
                section = self.sections[partner_best]
                insight = Insight(
                    partner_best,
                    section.title,
                    quote_from(section, facts.partner_last),
                    "",
                )
        return best, insight, table

    def feedback(
        self,
        analysis: Analysis,
        update: StepUpdate,
        tracker: StepTracker,
        state: PartnerState,
        partner: str,
        *,
        move: str = "other",
        partner_last: str | None = None,
        persona_section: str = "",
        turn_number: int = 0,
        earlier_tips: Sequence[str] = (),
    ) -> Feedback:
        facts = self.facts(
            analysis,
            update,
            tracker,
            state,
            move=move,
            partner_last=partner_last,
            persona_section=persona_section,
        )
        section_id, insight, _ = self.choose(facts)
        section = self.sections[section_id]
        words = wording.Wording(self.prompts_dir, partner, turn_number)
        verdict = words.verdict(analysis, update)
        why = None
        if insight is not None and partner_last:
            why = Insight(
                insight.section,
                insight.title,
                insight.quote,
                words.why(partner_last, insight.title, insight.section),
            )
        tip = words.tip(verdict, why.text if why else None, section_id, tracker, earlier_tips)
        query = " ".join([analysis.text, partner_last or ""])
        return Feedback(
            verdict=verdict,
            tip=tip,
            section=section_id,
            title=section.title,
            quote=quote_from(section, query),
            rewrite=analysis.rewrite,
            why=why,
        )
