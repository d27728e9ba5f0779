"""Assemble the page: tabs for Rehearse, the "I feel" drill, History and About, plus the
named API endpoints, and a "getting the coach ready" notice shown until the services'
warm-up is done. Receives its `Services`; holds no domain logic.
"""

from __future__ import annotations

from collections.abc import Iterator

import gradio as gr

from rehearsal.services import Services
from rehearsal.web import api, other_tabs, rehearse_tab

CSS = """
.steps { list-style: none; padding-left: 0; margin: 0; }
.steps .step { padding: 2px 0; }
.steps .current { font-weight: 600; }
.steps .todo { opacity: 0.75; }
.chip { display: inline-block; border-radius: 999px; padding: 1px 10px; margin: 2px;
        font-size: 0.85em; border: 1px solid currentColor; }
.chip.good { color: #0f5f58; background: #f0fdfa; }
.chip.bad { color: #991b1b; background: #fef2f2; }
.meter meter { width: 100%; height: 14px; }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
.safety { border: 2px solid #0f766e; border-radius: 12px; padding: 16px; }
.getting-ready { border-left: 4px solid #0f766e; padding-left: 12px; }
.verdict:empty, .status:empty { display: none; }
@media (max-width: 480px) {
  .gradio-container { padding: 4px !important; }
  .conversation { height: 300px !important; max-height: 300px !important; }
  .turn-buttons { flex-wrap: wrap !important; gap: 4px !important; }
  .turn-buttons button { flex: 1 1 45% !important; min-width: 0 !important; }
}
"""

INTRO = """# Rehearse
Practise a hard conversation with someone who is pulling away, before you have it for real.
Everything stays on this computer."""

GETTING_READY = (
    "⏳ **Getting the coach ready…** This takes a few seconds the first time; "
    "you can fill in the form meanwhile, and starting waits until it is ready."
)


def build_ui(services: Services) -> gr.Blocks:
    with gr.Blocks(title="Rehearse", analytics_enabled=False) as demo:
        gr.Markdown(INTRO)
        notice = gr.Markdown(
            GETTING_READY,
            visible=not services.ready.is_set(),
            elem_classes=["getting-ready"],
            elem_id="getting-ready",
        )
        state = gr.State(None)
        with gr.Tab("Rehearse"):
            rehearse_tab.build(services, state)
        with gr.Tab("“I feel” drill"):
            other_tabs.build_drill(services)
        with gr.Tab("History") as history:
            other_tabs.build_history(services, history)
        with gr.Tab("About"):
            other_tabs.build_about(services)
        api.build(services, state)

        def when_ready() -> Iterator[object]:
            if not services.ready.is_set():
                yield gr.update(visible=True)
            services.wait_ready(timeout_s=600)
            yield gr.update(visible=False)

        demo.load(
            when_ready,
            None,
            notice,
            api_visibility="private",
            concurrency_limit=None,
            show_progress="hidden",
        )
    return demo
