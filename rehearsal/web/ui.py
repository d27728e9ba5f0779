"""The Gradio page. For now: what Rehearse is, and a look-up into the article.

It only turns domain results into components; the retriever is opened by `rag.service`.
The rehearsal itself (chat, coach panel, report) arrives with the web-app issue.
"""

from __future__ import annotations

import gradio as gr

from rehearsal.settings import Settings

INTRO = """# Rehearse
Practise a hard conversation with someone who is pulling away, before you have it for real.
Everything runs on this computer: nothing you type leaves it."""


def build_ui(settings: Settings) -> gr.Blocks:
    from rag.service import open_retriever

    retriever = open_retriever(settings)

    def look_up(question: str) -> str:
        hits = retriever.retrieve(question, k=3) if question.strip() else []
        return "\n\n".join(f"**{hit.title}**\n\n> {hit.text}" for hit in hits) or "Ask a question."

    with gr.Blocks(title="Rehearse") as demo:
        gr.Markdown(INTRO)
        with gr.Tab("Ask the article"):
            question = gr.Textbox(label="Your question", placeholder="Why does he pull away?")
            answer = gr.Markdown()
            question.submit(look_up, question, answer, api_name="look_up")
    return demo
