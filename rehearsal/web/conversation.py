"""The stage of the Rehearse tab: the chat, the box, the coach panel, and the turn handlers.

Sending, trying a line again, taking it back and stopping the partner mid-reply, each
turned from the domain's turn events (`rehearsal.session`) into component updates. While
the partner replies, the page says so ("Sam is typing…") and a line sent meanwhile waits
its turn (the box's submit runs "always last"). Each handler acts for the asker
(`rehearsal.web.owner`). Starting and ending a session are `rehearse_tab`'s.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import gradio as gr

from rehearsal.errors import RehearseError
from rehearsal.services import Services
from rehearsal.session import PartnerSpoke, Rehearsal, SafetyPause, TurnStarted
from rehearsal.web import views
from rehearsal.web.owner import own
from rehearsal.web.panel import FIRST_NOTE, panel_now

Chat = list[dict[str, Any]]


@dataclass
class Stage:
    """The components of a running rehearsal that other parts of the tab update."""

    box: gr.Row
    chat: gr.Chatbot
    message: gr.Textbox
    status: gr.Markdown
    panel: list[Any]
    end: gr.Button
    new: gr.Button
    safety: gr.Column


def build_stage(services: Services, state: gr.State) -> Stage:
    """Lay out the chat and the coach inside the current Blocks and wire the turns."""
    with gr.Row(visible=False, equal_height=False) as box:
        with gr.Column(scale=3, min_width=300):
            chat = gr.Chatbot(
                label="Conversation",
                show_label=False,
                height=420,
                latex_delimiters=[],
                buttons=[],
                elem_classes=["conversation"],
            )
            message = gr.Textbox(
                label="What you would say",
                placeholder="Type and press Enter",
                lines=1,
                max_lines=6,
                submit_btn="Send",
                stop_btn="Stop",
                elem_classes=["say"],
            )
            status = gr.Markdown(elem_classes=["status"])
            verdict = gr.Markdown(elem_classes=["verdict"])
            rewrite = gr.Textbox(label="A way to say it", interactive=False, visible=False)
            use_rewrite = gr.Button("Use this wording", size="sm", visible=False)
            with gr.Row(elem_classes=["turn-buttons"]):
                retry = gr.Button("Try it differently", size="sm", min_width=80)
                undo = gr.Button("Undo", size="sm", min_width=80)
                end = gr.Button("End session", size="sm", variant="primary", min_width=80)
                new = gr.Button("New session", size="sm", min_width=80)
        with gr.Column(scale=2, min_width=260, elem_classes=["coach"]):
            meter = gr.HTML(label="Openness")
            steps = gr.HTML(views.steps_html([], None), label="Steps")
            chips = gr.HTML(label="Skills")
            tip = gr.Markdown(FIRST_NOTE, label="Coach")
    with gr.Column(visible=False, elem_classes=["safety"]) as safety:
        support = gr.Markdown()
        with gr.Row():
            misunderstood = gr.Button("That's not what I meant", variant="primary")
            resume = gr.Button("Back to the rehearsal")

    panel = [verdict, meter, steps, chips, tip, rewrite, use_rewrite]
    stage = Stage(box, chat, message, status, panel, end, new, safety)

    def play(
        rehearsal: Rehearsal, text: str, history: Chat, events: Iterator[Any]
    ) -> Iterator[Any]:
        history = [*history, {"role": "user", "content": views.literal(text)}]
        typing = views.typing_cue(rehearsal.partner.name)
        yield {chat: history, message: "", status: typing}
        try:
            for event in events:
                if isinstance(event, TurnStarted):
                    fb = event.feedback.as_json()
                    history = [*history, {"role": "assistant", "content": "…"}]
                    yield {
                        chat: history,
                        verdict: views.verdict_markdown(fb),
                        meter: views.meter_html(event.state.openness, rehearsal.partner.name),
                        steps: views.steps_html(
                            list(event.tracker.covered),
                            event.tracker.current,
                            list(event.tracker.attempted),
                        ),
                        chips: views.chips_html(event.analysis.skills),
                        tip: views.tip_markdown(fb, event.feedback.title),
                        rewrite: gr.update(value=fb["rewrite"] or "", visible=bool(fb["rewrite"])),
                        use_rewrite: gr.update(visible=bool(fb["rewrite"])),
                    }
                elif isinstance(event, PartnerSpoke):
                    said = history[-1]["content"].rstrip("…") + views.literal(event.text)
                    history = [*history[:-1], {"role": "assistant", "content": said}]
                    yield {chat: history}
                elif isinstance(event, SafetyPause):
                    yield {
                        chat: history,
                        support: event.message,
                        box: gr.update(visible=False),
                        safety: gr.update(visible=True),
                        resume: gr.update(visible=not event.held),
                    }
        except RehearseError as error:
            said = views.literal(str(error))
            yield {message: text, status: f"⚠️ {said} Your conversation so far is saved."}
            return
        yield {status: ""}

    outputs = [chat, message, *panel, status, box, safety, support, resume]

    def on_send(text: str, history: Chat, state: object, request: gr.Request) -> Iterator[Any]:
        rehearsal = own(services, state, request)
        if rehearsal is None or not isinstance(text, str) or not text.strip():
            return
        yield from play(rehearsal, text, history, rehearsal.send(text))

    send_event = message.submit(
        on_send,
        [message, chat, state],
        outputs,
        api_visibility="private",
        concurrency_limit=None,
        trigger_mode="always_last",
    )

    def on_stop(history: Chat, state: object, request: gr.Request) -> Any:
        rehearsal = own(services, state, request)
        if rehearsal is None or not history or history[-1].get("role") != "assistant":
            return gr.update(), ""
        return [*history[:-1], views.stopped(history[-1])], ""

    message.stop(
        on_stop, [chat, state], [chat, status], cancels=[send_event], api_visibility="private"
    )

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
        first_tries = [views.first_try(m) for m in history[-2:]]
        yield from play(rehearsal, text, [*history[:-2], *first_tries], rehearsal.retry(text))

    retry.click(on_retry, [message, chat, state], outputs, api_visibility="private")

    def on_undo(history: Chat, state: object, request: gr.Request) -> Any:
        rehearsal = own(services, state, request)
        if rehearsal is None:
            return [history, "", *[gr.update()] * len(panel)]
        try:
            rehearsal.undo()
        except RehearseError as error:
            return [history, views.literal(str(error)), *[gr.update()] * len(panel)]
        return [history[:-2], "Took back your last line.", *panel_now(services, rehearsal)]

    undo.click(on_undo, [chat, state], [chat, status, *panel], api_visibility="private")
    use_rewrite.click(lambda text: text, rewrite, message, api_visibility="private")
    resume.click(
        lambda: (gr.update(visible=True), gr.update(visible=False)),
        None,
        [box, safety],
        api_visibility="private",
    )

    def on_misunderstood(history: Chat, state: object, request: gr.Request) -> Iterator[Any]:
        rehearsal = own(services, state, request)
        pause = rehearsal.last_pause() if rehearsal is not None else None
        if rehearsal is None or pause is None:
            return
        yield {box: gr.update(visible=True), safety: gr.update(visible=False)}
        events = rehearsal.resume_after_pause(misunderstood=True)
        yield from play(rehearsal, pause.user, history, events)

    misunderstood.click(on_misunderstood, [chat, state], outputs, api_visibility="private")
    return stage
