"""The named endpoints `/start`, `/send`, `/report` and `/continue` (after a safety pause:
"that's not what I meant") for `gradio_client` scripts, plus `/stream`, which yields the
partner's reply as it grows (for load tests and live clients).

State is the same per-session `gr.State` the page uses, so each client session has its
own rehearsal, and each endpoint acts for the logged-in owner (`rehearsal.web.owner`): a
rehearsal in the state that is not theirs is as good as none. Each endpoint returns
DESIGN.md's JSON; the work is the domain's.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import gradio as gr

from rehearsal.errors import RehearseError
from rehearsal.services import Services
from rehearsal.session import PartnerSpoke, Rehearsal, SafetyPause, TurnEnded
from rehearsal.web.owner import own, owner_of


def build(services: Services, state: gr.State) -> None:
    """Hidden components and events that expose the three endpoints."""
    with gr.Group(visible=False):
        persona = gr.Textbox(label="persona")
        difficulty = gr.Textbox(label="difficulty")
        partner_name = gr.Textbox(label="partner_name")
        your_name = gr.Textbox("", label="your_name")
        situation = gr.Textbox("", label="situation")
        message = gr.Textbox(label="message")
        result = gr.JSON(label="result")
        partial = gr.Textbox(label="partial")
        start_button, send_button, report_button, stream_button, continue_button = (
            gr.Button(visible=False) for _ in range(5)
        )

    def start(
        persona_id: str,
        level: str,
        name: str,
        you: str,
        about: str,
        request: gr.Request,
    ) -> tuple[Rehearsal, dict[str, Any]]:
        owner = owner_of(services, request)
        try:
            rehearsal = services.start(
                persona_id or "avoidant-attachment",
                level or "medium",
                name or "Sam",
                about or "",
                you or "",
                owner=owner,
            )
        except RehearseError as error:
            raise gr.Error(str(error)) from None
        return rehearsal, {
            "session": rehearsal.id,
            "persona": rehearsal.partner.persona.id,
            "partner_name": rehearsal.partner.name,
            "difficulty": rehearsal.state.difficulty,
            "state": rehearsal.state_json(),
        }

    def send(text: str, state: object, request: gr.Request) -> dict[str, Any]:
        rehearsal = own(services, state, request)
        if rehearsal is None:
            raise gr.Error("call /start first")
        try:
            return rehearsal.play(text)
        except RehearseError as error:
            raise gr.Error(str(error)) from None

    def stream(text: str, state: object, request: gr.Request) -> Iterator[str]:
        rehearsal = own(services, state, request)
        if rehearsal is None:
            raise gr.Error("call /start first")
        said = ""
        try:
            for event in rehearsal.send(text):
                if isinstance(event, PartnerSpoke):
                    said += event.text
                    yield said
                elif isinstance(event, SafetyPause):
                    yield event.message
        except RehearseError as error:
            raise gr.Error(str(error)) from None

    def report(state: object, request: gr.Request) -> dict[str, Any]:
        rehearsal = own(services, state, request)
        if rehearsal is None:
            raise gr.Error("call /start first")
        try:
            return services.report(rehearsal.id, rehearsal.record.owner)
        except RehearseError as error:
            raise gr.Error(str(error)) from None

    start_button.click(
        start,
        [persona, difficulty, partner_name, your_name, situation],
        [state, result],
        api_name="start",
    )
    send_button.click(send, [message, state], result, api_name="send")
    report_button.click(report, state, result, api_name="report")

    def resume_after_pause(state: object, request: gr.Request) -> dict[str, Any]:
        """After a safety pause: that's not what I meant. The paused line is played."""
        rehearsal = own(services, state, request)
        if rehearsal is None:
            raise gr.Error("call /start first")
        turn: dict[str, Any] = {}
        try:
            for event in rehearsal.resume_after_pause(misunderstood=True):
                if isinstance(event, TurnEnded):
                    turn = event.turn.as_json()
        except RehearseError as error:
            raise gr.Error(str(error)) from None
        return turn

    continue_button.click(resume_after_pause, state, result, api_name="continue")
    stream_button.click(stream, [message, state], partial, api_name="stream")
