"""The coach's panel as it stands: the values of the verdict, openness meter, steps,
skill chips, tip and rewrite, in `Stage.panel`'s order, before the first line or after
the latest turn still standing (so an undo puts it back where it was). Reads the
rehearsal; laying the components out and updating them mid-turn is `conversation`'s.
"""

from __future__ import annotations

from typing import Any

import gradio as gr

from rehearsal.services import Services
from rehearsal.session import Rehearsal
from rehearsal.web import views

FIRST_NOTE = "The coach will comment on each thing you say."


def fresh_panel(rehearsal: Rehearsal) -> list[Any]:
    """The panel's values before the first line (same order as `Stage.panel`)."""
    return [
        "",
        views.meter_html(rehearsal.state.openness, rehearsal.partner.name),
        views.steps_html([], None),
        "",
        FIRST_NOTE,
        gr.update(value="", visible=False),
        gr.update(visible=False),
    ]


def panel_now(services: Services, rehearsal: Rehearsal) -> list[Any]:
    """The panel for the rehearsal as it stands (after an undo: the turn before)."""
    spoken = rehearsal.spoken()
    if not spoken:
        return fresh_panel(rehearsal)
    last = spoken[-1]
    tracker = rehearsal.tracker
    section = services.sections.get(last.coach.get("section") or "")
    rewrite = last.coach.get("rewrite") or ""
    return [
        views.verdict_markdown(last.coach),
        views.meter_html(rehearsal.state.openness, rehearsal.partner.name),
        views.steps_html(list(tracker.covered), tracker.current, list(tracker.attempted)),
        views.chips_html(last.analysis.get("skills", {})),
        views.tip_markdown(last.coach, section.title if section else ""),
        gr.update(value=rewrite, visible=bool(rewrite)),
        gr.update(visible=bool(rewrite)),
    ]
