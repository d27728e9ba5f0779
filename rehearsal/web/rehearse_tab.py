"""The Rehearse tab: setup, the chat with a streaming partner, the coach panel, the report.

Event handlers only translate between the domain (`Services`, `Rehearsal` and its turn
events) and Gradio components; every decision is made in the domain. Each acts for the
asker (`rehearsal.web.owner`) and only on their own rehearsal, and everything typed or
named is shown as text (`views.literal`), never as HTML, links or images.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import gradio as gr

from rehearsal.charts import openness_chart, progress_chart
from rehearsal.errors import RehearseError
from rehearsal.export import report_markdown
from rehearsal.services import Services
from rehearsal.session import PartnerSpoke, Rehearsal, SafetyPause, TurnStarted
from rehearsal.web import views
from rehearsal.web.owner import own, owner_of

Chat = list[dict[str, str]]


def persona_choices(services: Services) -> list[tuple[str, str]]:
    choices = [(f"{p.title} — {p.summary}", p.id) for p in services.personas().values()]
    return [*choices, ("Describe your partner yourself (uses the context box)", "custom")]


def build(services: Services, state: gr.State) -> None:
    """Lay out the tab inside the current Blocks and wire its events."""
    with gr.Column(visible=True) as setup:
        gr.Markdown("### Who are you rehearsing with?")
        persona = gr.Dropdown(
            persona_choices(services), value="avoidant-attachment", label="Why they pull away"
        )
        with gr.Row():
            name = gr.Textbox("Sam", label="Their name", max_lines=1)
            you = gr.Textbox("", label="Your name (optional)", max_lines=1)
            difficulty = gr.Radio(["easy", "medium", "hard"], value="medium", label="Difficulty")
        context = gr.Textbox(label="Optional: a few words about the real situation", lines=2)
        start = gr.Button("Start rehearsing", variant="primary")
    with gr.Row(visible=False, equal_height=False) as stage:
        with gr.Column(scale=3, min_width=300):
            chat = gr.Chatbot(label="Conversation", height=420, latex_delimiters=[], buttons=[])
            message = gr.Textbox(
                label="What you would say",
                placeholder="Type and press Enter",
                lines=1,
                max_lines=6,
                submit_btn=True,
                stop_btn=True,
            )
            with gr.Row():
                retry = gr.Button("Try it differently", size="sm")
                undo = gr.Button("Undo", size="sm")
                end = gr.Button("End session", size="sm", variant="primary")
                new = gr.Button("New session", size="sm")
            status = gr.Markdown(elem_classes=["status"])
        with gr.Column(scale=2, min_width=260, elem_classes=["coach"]):
            meter = gr.HTML(label="Openness")
            steps = gr.HTML(views.steps_html([], None), label="Steps")
            chips = gr.HTML(label="Skills")
            tip = gr.Markdown("The coach will comment on each thing you say.", label="Coach")
            rewrite = gr.Textbox(label="A way to say it", interactive=False, visible=False)
            use_rewrite = gr.Button("Use this wording", size="sm", visible=False)
    with gr.Column(visible=False, elem_classes=["safety"]) as safety:
        support = gr.Markdown()
        with gr.Row():
            misunderstood = gr.Button("That's not what I meant", variant="primary")
            resume = gr.Button("Back to the rehearsal")
    with gr.Column(visible=False) as report_box:
        report_text = gr.Markdown()
        with gr.Row():
            arc = gr.Image(label="Openness, turn by turn", type="filepath")
            trend = gr.Image(label="Across sessions", type="filepath")
        transcript = gr.File(label="Transcript")

    panel = [meter, steps, chips, tip, rewrite, use_rewrite]

    def on_start(
        persona_id: str, partner: str, level: str, about: str, your: str, request: gr.Request
    ) -> Any:
        owner = owner_of(services, request)
        try:
            rehearsal = services.start(persona_id, level, partner, about, your, owner=owner)
        except RehearseError as error:
            raise gr.Error(str(error)) from None
        return (
            rehearsal,
            gr.update(visible=False),
            gr.update(visible=True),
            [],
            views.meter_html(rehearsal.state.openness, rehearsal.partner.name),
            views.steps_html([], None),
            "",
            "Say hello when you're ready.",
            gr.update(value="", visible=False),
            gr.update(visible=False),
            "",
        )

    start.click(
        on_start,
        [persona, name, difficulty, context, you],
        [state, setup, stage, chat, *panel, status],
        api_visibility="private",
    )

    def play(
        rehearsal: Rehearsal, text: str, history: Chat, events: Iterator[Any]
    ) -> Iterator[Any]:
        history = [*history, {"role": "user", "content": views.literal(text)}]
        yield {chat: history, message: "", status: ""}
        try:
            for event in events:
                if isinstance(event, TurnStarted):
                    fb = event.feedback
                    history = [*history, {"role": "assistant", "content": "…"}]
                    yield {
                        chat: history,
                        meter: views.meter_html(event.state.openness, rehearsal.partner.name),
                        steps: views.steps_html(
                            list(event.tracker.covered),
                            event.tracker.current,
                            list(event.tracker.attempted),
                        ),
                        chips: views.chips_html(event.analysis.skills),
                        tip: views.tip_markdown(fb.as_json(), fb.title),
                        rewrite: gr.update(value=fb.rewrite or "", visible=bool(fb.rewrite)),
                        use_rewrite: gr.update(visible=bool(fb.rewrite)),
                    }
                elif isinstance(event, PartnerSpoke):
                    said = history[-1]["content"].rstrip("…") + views.literal(event.text)
                    history = [*history[:-1], {"role": "assistant", "content": said}]
                    yield {chat: history}
                elif isinstance(event, SafetyPause):
                    yield {
                        chat: history,
                        support: event.message,
                        stage: gr.update(visible=False),
                        safety: gr.update(visible=True),
                        resume: gr.update(visible=not event.held),
                    }
        except RehearseError as error:
            said = views.literal(str(error))
            yield {message: text, status: f"⚠️ {said} Your conversation so far is saved."}

    outputs = [chat, message, *panel, status, stage, safety, support, resume]

    def on_send(text: str, history: Chat, state: object, request: gr.Request) -> Iterator[Any]:
        rehearsal = own(services, state, request)
        if rehearsal is None or not isinstance(text, str) or not text.strip():
            return
        yield from play(rehearsal, text, history, rehearsal.send(text))

    send_event = message.submit(
        on_send, [message, chat, state], outputs, api_visibility="private", concurrency_limit=None
    )
    message.stop(None, None, None, cancels=[send_event])

    def on_retry(text: str, history: Chat, state: object, request: gr.Request) -> Iterator[Any]:
        rehearsal = own(services, state, request)
        if rehearsal is None or not rehearsal.turns or not isinstance(text, str):
            return
        if not text.strip():
            yield {
                message: rehearsal.turns[-1].user,
                status: "Edit your last line, then press *Try it differently* again.",
            }
            return
        first_try = [{**m, "content": f"~~{m['content']}~~ *(first try)*"} for m in history[-2:]]
        yield from play(rehearsal, text, [*history[:-2], *first_try], rehearsal.retry(text))

    retry.click(on_retry, [message, chat, state], outputs, api_visibility="private")

    def on_undo(history: Chat, state: object, request: gr.Request) -> Any:
        rehearsal = own(services, state, request)
        if rehearsal is None:
            return history, ""
        try:
            rehearsal.undo()
        except RehearseError as error:
            return history, str(error)
        return history[:-2], "Took back your last line."

    undo.click(on_undo, [chat, state], [chat, status], api_visibility="private")
    use_rewrite.click(lambda text: text, rewrite, message, api_visibility="private")
    resume.click(
        lambda: (gr.update(visible=True), gr.update(visible=False)),
        None,
        [stage, safety],
        api_visibility="private",
    )

    def on_misunderstood(history: Chat, state: object, request: gr.Request) -> Iterator[Any]:
        rehearsal = own(services, state, request)
        pause = rehearsal.last_pause() if rehearsal is not None else None
        if rehearsal is None or pause is None:
            return
        yield {stage: gr.update(visible=True), safety: gr.update(visible=False)}
        events = rehearsal.resume_after_pause(misunderstood=True)
        yield from play(rehearsal, pause.user, history, events)

    misunderstood.click(on_misunderstood, [chat, state], outputs, api_visibility="private")

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

    end.click(
        on_end,
        state,
        [report_box, report_text, arc, trend, transcript, stage],
        api_visibility="private",
    )
    new.click(
        lambda: (
            None,
            gr.update(visible=True),
            gr.update(visible=False),
            gr.update(visible=False),
            gr.update(visible=False),
            [],
        ),
        None,
        [state, setup, stage, report_box, safety, chat],
        api_visibility="private",
    )
