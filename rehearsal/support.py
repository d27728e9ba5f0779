"""What the person sees when the rehearsal pauses for their safety, from prompts/safety/.

Four texts, by category and level (`urgent_self_harm.md`, `concern_abuse.md`…): urgent
ones give the emergency number first; concern ones open with a gentle "are you safe?".
The abuse ones name the article's walk-away sign on not feeling safe, by its title and the
sentence that introduces the signs, quoted; not the sign's own sentence, which is about a
partner who won't commit, and not at all for self-harm, where a passage about leaving a
distant partner has nothing to offer. When the person has said their partner hurts,
threatens or controls them, `walk_away_message` is what the rehearsal offers instead of
coaching a gentler approach to that partner: the article's signs that it may be time to
walk away, by title, and support lines. `report_note` is what the end-of-session report
says about a pause. Deciding when to pause is `rehearsal.session`'s job; these texts are
the writers'.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from rag.corpus import Section
from rehearsal.templates import render

NOT_SAFE = "walk-away/not-safe-or-accepted"
WALK_AWAY_INTRO = "walk-away/overview"
WALK_AWAY_SIGNS = (NOT_SAFE, "walk-away/toll-on-self-esteem", "walk-away/needs-dismissed")


def _intro(sections: Mapping[str, Section]) -> str:
    text = sections[WALK_AWAY_INTRO].text
    start = text.find("there comes a point")
    return text[start:] if start >= 0 else text


def support_message(
    prompts_dir: Path,
    sections: Mapping[str, Section],
    category: str,
    level: str | None,
    partner: str,
) -> str:
    """The support text for one pause (Markdown)."""
    not_safe = sections[NOT_SAFE]
    return render(
        prompts_dir,
        f"safety/{level or 'urgent'}_{category}.md",
        partner=partner,
        walk_away_intro=_intro(sections),
        walk_away_title=not_safe.title,
    ).strip()


def walk_away_message(prompts_dir: Path, sections: Mapping[str, Section], partner: str) -> str:
    """What the rehearsal offers once the person has said the partner is dangerous."""
    signs = [{"title": sections[s].title} for s in WALK_AWAY_SIGNS]
    return render(
        prompts_dir,
        "safety/walk_away.md",
        partner=partner,
        signs=signs,
        walk_away_intro=_intro(sections),
    ).strip()


def report_note(
    prompts_dir: Path, sections: Mapping[str, Section], category: str, partner: str
) -> str:
    """What the end-of-session report says when the rehearsal paused for `category`."""
    return render(
        prompts_dir,
        f"safety/report_{category}.md",
        partner=partner,
        walk_away_title=sections[NOT_SAFE].title,
    ).strip()
