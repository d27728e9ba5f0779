"""The coach: one grounded, kind, specific nudge per turn, tied to the article.

Facts come from the analyser (step, skills), the step tracker (skipped steps, what is
next) and retrieval (which section applies); the wording comes from prompts/coach/. The
section is chosen by retrieval over the article's steps and recommendations, with the
section the turn calls for first: the recommendation that corrects a harmful line, a
skipped step, a partner pulling back, or the step the turn belongs to. The quote is the
exact sentence(s) of that section. Keeping score over a whole session is the report's job.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

from rag.corpus import Section
from rag.lexical import tokenize
from rehearsal.analysis.analyzer import Analysis
from rehearsal.partner_state import PartnerState
from rehearsal.resources import data_file
from rehearsal.steps import StepTracker, StepUpdate
from rehearsal.templates import render, render_string
from rehearsal.vocabulary import STEP_TITLES

RECOMMENDATION_CUES = data_file("coach_cues.toml")
QUOTE_WHOLE_UNDER = 240
PRIOR_BONUS = 1.0
COACHING_GROUPS = ("steps", "recommendations")
SENTENCE = re.compile(r"[^.!?]+[.!?]+[”\"]?")
CORRECTIVE = {
    "ultimatum": "recommendations/kind-firm-boundaries",
    "demand": "recommendations/requests-not-demands",
    "blame": "steps/2-speak-your-truth",
}


class RanksSections(Protocol):
    def retrieve(self, query: str, k: int = 3, *, groups: Any = None) -> list[Any]: ...


@dataclass(frozen=True)
class Feedback:
    tip: str
    section: str
    title: str
    quote: str
    rewrite: str | None

    def as_json(self) -> dict[str, str | None]:
        return {
            "tip": self.tip,
            "section": self.section,
            "quote": self.quote,
            "rewrite": self.rewrite,
        }


@lru_cache(maxsize=4)
def load_phrases(prompts_dir: Path) -> dict[str, dict[str, str]]:
    with (prompts_dir / "coach" / "phrases.toml").open("rb") as handle:
        return tomllib.load(handle)


@lru_cache(maxsize=1)
def recommendation_cues() -> dict[str, re.Pattern[str]]:
    with RECOMMENDATION_CUES.open("rb") as handle:
        return {sid: re.compile(p, re.IGNORECASE) for sid, p in tomllib.load(handle).items()}


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
        self, retriever: RanksSections, sections: dict[str, Section], prompts_dir: Path
    ) -> None:
        self.retriever = retriever
        self.sections = sections
        self.prompts_dir = prompts_dir

    def _say(self, text: str, partner: str) -> str:
        return render_string(self.prompts_dir, text, partner=partner)

    def focus(self, analysis: Analysis, update: StepUpdate, state: PartnerState) -> str | None:
        """The section this turn calls for before any retrieval, if one clearly applies.

        In order: an ultimatum's correction, a recommendation the person's words call for
        (chasing calls for space even when it also blames), the correction of a demand or
        blame, the listening they skipped, a partner pulling back, the turn's own step.
        """
        if analysis.skills.get("ultimatum"):
            return CORRECTIVE["ultimatum"]
        for section, cue in recommendation_cues().items():
            if cue.search(analysis.text):
                return section
        for flag, section in CORRECTIVE.items():
            if analysis.skills.get(flag):
                if flag == "blame" and analysis.step == "steps/1-set-a-relaxed-tone":
                    return "steps/1-set-a-relaxed-tone"
                return section
        if update.skipped:
            return update.skipped[0]
        if state.band == "guarded" and state.last_change < 0:
            return "recommendations/give-space-offer-to-talk"
        return analysis.step

    def choose_section(self, query: str, focus: str | None) -> str:
        hits = self.retriever.retrieve(query, k=6, groups=COACHING_GROUPS)
        scored = {hit.section: hit.score for hit in hits}
        if focus is not None:
            scored[focus] = scored.get(focus, 0.0) + PRIOR_BONUS
        best = max(scored, key=lambda sid: scored[sid])
        return best

    def feedback(
        self,
        analysis: Analysis,
        update: StepUpdate,
        tracker: StepTracker,
        state: PartnerState,
        partner: str,
    ) -> Feedback:
        phrases = load_phrases(self.prompts_dir)
        focus = self.focus(analysis, update, state)
        step_words = STEP_TITLES.get(analysis.step or "", "")
        query = " ".join([analysis.text[:500], step_words, *analysis.used()])
        section_id = self.choose_section(query, focus)
        warning = next(
            (phrases["warning"][f] for f in phrases["warning"] if analysis.skills.get(f)), None
        )
        praise = next(
            (phrases["praise"][f] for f in phrases["praise"] if analysis.skills.get(f)), None
        )
        skipped = None
        if update.skipped and update.step:
            skipped = render_string(
                self.prompts_dir,
                phrases["skipped"]["text"],
                step=STEP_TITLES[update.step],
                missing=STEP_TITLES[update.skipped[0]],
            )
        if section_id.startswith("recommendations/"):
            advice = phrases["recommendation"][section_id]
        else:
            upcoming = tracker.suggested_next()
            advice = phrases["next"][upcoming] if upcoming else phrases["next"]["done"]
        tip = render(
            self.prompts_dir,
            "coach/tip.j2",
            warning=warning,
            praise=praise,
            skipped=skipped,
            advice=advice,
        )
        section = self.sections[section_id]
        return Feedback(
            tip=self._say(" ".join(tip.split()), partner),
            section=section_id,
            title=section.title,
            quote=quote_from(section, query),
            rewrite=analysis.rewrite,
        )
