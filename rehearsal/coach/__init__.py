"""The coach: one grounded, kind, specific nudge per turn, tied to the article.

Facts come from the analyser (step, skills), the step tracker (attempted, done, skipped,
what is next), the person's move and the partner's last reply; the passage comes from one
ranking over the whole article (`ranking`); the words come from prompts/coach/ through
`wording`, which speaks to what the person actually said. When the partner's reply shows
one of the article's reasons ("I don't deserve you", "after my divorce…"), the feedback
adds *why they might say this* with that passage, once a talk per reason. Quotes are exact
sentences of the article. Keeping score over a session is the report's job.
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
PERSONA_PRIOR = 0.2  # the lead the partner's own reason (the one the person chose) gets
INSIGHT_AT = 0.56  # how well the partner's words, with that lead, must match a reason


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


def explaining_reason(table: dict[str, dict[str, float]], facts: TurnFacts) -> str | None:
    """The reason the article gives that best explains the partner's last words, if they
    show one at all: the reasons/ sections only (confusion/ explains the person's own
    confusion, not the partner), the partner's chosen reason leading by `PERSONA_PRIOR`
    ("after my divorce…" is their past trauma, not an attachment style): another reason
    must match the words clearly better to be named instead."""
    scores = {
        sid: row["partner"] + PERSONA_PRIOR * (sid == facts.persona_section)
        for sid, row in table.items()
        if sid.startswith("reasons/") and not sid.endswith("/overview")
    }
    best = max(scores, key=lambda sid: scores[sid], default=None)
    return best if best is not None and scores[best] >= INSIGHT_AT else None


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
        explained = explaining_reason(table, facts)
        if explained is not None and explained != best and facts.partner_last:
            section = self.sections[explained]
            insight = Insight(explained, section.title, quote_from(section, facts.partner_last), "")
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
        # A reason is explained once a talk: the lesson is to look underneath, not a refrain.
        if (
            insight is not None
            and partner_last
            and not any(insight.title in t for t in earlier_tips)
        ):
            why = Insight(
                insight.section,
                insight.title,
                insight.quote,
                words.why(partner_last, insight.title),
            )
        # A harmful flag cancels the good in the line: "I feel… because you never…" is
        # still asked for an "I feel" line.
        harm = words.harm(analysis)
        shown = set() if harm else {skill for skill, used in analysis.skills.items() if used}
        tip = words.tip(
            verdict, why.text if why else None, section_id, tracker, earlier_tips, shown, harm
        )
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
