"""Assemble the page: tabs for Rehearse, the "I feel" drill, History and About, plus the
named API endpoints. Receives its `Services`; holds no domain logic.
"""

from __future__ import annotations

import gradio as gr

from rehearsal.services import Services
from rehearsal.web import api, other_tabs, rehearse_tab

CSS = """
.steps { list-style: none; padding-left: 0; margin: 0; }
.steps .step { padding: 2px 0; }
.steps .current { font-weight: 600; }
.steps .todo { opacity: 0.6; }
.chip { display: inline-block; border-radius: 999px; padding: 1px 10px; margin: 2px;
        font-size: 0.85em; border: 1px solid currentColor; }
.chip.good { color: #0f766e; } .chip.bad { color: #b91c1c; }
.meter meter { width: 100%; height: 14px; }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
.safety { border: 2px solid #0f766e; border-radius: 12px; padding: 16px; }
@media (max-width: 480px) { .gradio-container { padding: 4px !important; } }
"""

INTRO = """# Rehearse
Practise a hard conversation with someone who is pulling away, before you have it for real.
Everything stays on this computer."""


def build_ui(services: Services) -> gr.Blocks:
    with gr.Blocks(title="Rehearse", analytics_enabled=False) as demo:
        gr.Markdown(INTRO)
        state = gr.State(None)
        with gr.Tab("Rehearse"):
            rehearse_tab.build(services, state)
        with gr.Tab("“I feel” drill"):
            other_tabs.build_drill(services)
        with gr.Tab("History"):
            other_tabs.build_history(services)
        with gr.Tab("About"):
            other_tabs.build_about(services)
        api.build(services, state)
    return demo
