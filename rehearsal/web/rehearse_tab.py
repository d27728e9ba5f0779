"""The Rehearse tab: the setup form, the stage (chat and coach), the safety pause, the report.

This module lays the tab out and handles starting, ending and starting over; the turn
handlers (send, try again, undo, stop) are `rehearsal.web.conversation`'s. Handlers only
translate between the domain (`Services`, `Rehearsal`) and Gradio components, each acts
for the asker (`rehearsal.web.owner`), and everything typed or named is shown as text.
"""

from __future__ import annotations

from typing import Any

import gradio as gr

from rehearsal.charts import openness_chart, progress_chart
from rehearsal.errors import RehearseError
from rehearsal.export import report_markdown
from rehearsal.services import Services
from rehearsal.web import conversation, views
from rehearsal.web.conversation import Stage
from rehearsal.web.owner import own, owner_of
from rehearsal.web.panel import fresh_panel

CUSTOM = "custom"
CONTEXT_LABEL = "A few words about the real situation (optional)"
CUSTOM_LABEL = "Describe your partner (required): why do they pull away?"


def persona_choices(services: Services) -> list[tuple[str, str]]:
    choices = [(p.title, p.id) for p in services.personas().values()]
    return [*choices, ("Describe your partner yourself", CUSTOM)]


def persona_summary(services: Services, persona_id: str) -> str:
    if persona_id == CUSTOM:
        return "Write who they are and why they pull away in the box below."
    persona = services.personas().get(persona_id)
    return views.literal(persona.summary) if persona else ""


def build(services: Services, state: gr.State) -> None:
    """Lay out the tab inside the current Blocks and wire its events."""
    with gr.Column(visible=True) as setup:
        gr.Markdown("### Who are you rehearsing with?")
        persona = gr.Dropdown(
            persona_choices(services), value="avoidant-attachment", label="Why they pull away"
        )
        summary = gr.Markdown(persona_summary(services, "avoidant-attachment"))
        with gr.Row():
            name = gr.Textbox("Sam", label="Their name", max_lines=1)
            you = gr.Textbox("", label="Your name (optional)", max_lines=1)
            difficulty = gr.Radio(["easy", "medium", "hard"], value="medium", label="Difficulty")
        context = gr.Textbox(label=CONTEXT_LABEL, lines=2)
        setup_note = gr.Markdown(elem_classes=["setup-note"])
        start = gr.Button("Start rehearsing", variant="primary")
    stage = conversation.build_stage(services, state)
    with gr.Column(visible=False, elem_classes=["report"]) as report_box:
        report_text = gr.Markdown()
        with gr.Row():
            arc = gr.Image(
                label="Openness, turn by turn", show_label=False, type="filepath", buttons=[]
            )
            trend = gr.Image(
                label="Progress across sessions", show_label=False, type="filepath", buttons=[]
            )
        transcript = gr.File(label="Transcript")
        again = gr.Button("New session", variant="primary")

    def on_persona(persona_id: str) -> Any:
        custom = persona_id == CUSTOM
        label = CUSTOM_LABEL if custom else CONTEXT_LABEL
        return persona_summary(services, persona_id), gr.update(label=label), ""

    persona.change(on_persona, persona, [summary, context, setup_note], api_visibility="private")

    def on_start(
        persona_id: str, partner: str, level: str, about: str, your: str, request: gr.Request
    ) -> Any:
        owner = owner_of(services, request)
        try:
            rehearsal = services.start(persona_id, level, partner, about, your, owner=owner)
        except RehearseError as error:
            keep = [gr.update()] * (len(stage.panel) + 5)
            said = str(error)
            return (*keep, f"⚠️ {views.literal(said[:1].upper() + said[1:])}")
        return (
            rehearsal,
            gr.update(visible=False),
            gr.update(visible=True),
            [],
            *fresh_panel(rehearsal),
            "Say hello when you're ready.",
            "",
        )

    start.click(
        on_start,
        [persona, name, difficulty, context, you],
        [state, setup, stage.box, stage.chat, *stage.panel, stage.status, setup_note],
        api_visibility="private",
    )

    def on_end(state: object, request: gr.Request) -> Any:
        rehearsal = own(services, state, request)
        if rehearsal is None:
            return gr.update(), "", None, None, None, gr.update()
        owner = rehearsal.record.owner
        try:
            services.store.end_session(rehearsal.id)
            report = services.report(rehearsal.id, owner)
            path, _ = services.export(rehearsal.id, owner)
        except RehearseError as error:
            raise gr.Error(str(error)) from None
        arc_png = openness_chart(
            report["openness"], services.chart_path(rehearsal.id), rehearsal.partner.name
        )
        trend_png = progress_chart(services.progress(owner), services.progress_path(owner))
        return (
            gr.update(visible=True),
            report_markdown(report),
            str(arc_png),
            str(trend_png),
            str(path),
            gr.update(visible=False),
        )

    stage.end.click(
        on_end,
        state,
        [report_box, report_text, arc, trend, transcript, stage.box],
        api_visibility="private",
    )

    def on_new() -> Any:
        hidden = gr.update(visible=False)
        return None, gr.update(visible=True), hidden, hidden, hidden, [], ""

    for button in (stage.new, again):
        button.click(
            on_new,
            None,
            [state, setup, stage.box, report_box, stage.safety, stage.chat, stage.status],
            api_visibility="private",
        )
    stage.chat.clear(
        on_new,
        None,
        [state, setup, stage.box, report_box, stage.safety, stage.chat, stage.status],
        api_visibility="private",
    )


__all__ = ["Stage", "build"]
