"""The "I feel" drill, History and About tabs: thin views over the domain.

History lists, exports and deletes only the asker's own sessions (`rehearsal.web.owner`),
whichever way its handlers are called; each owner's progress chart is their own.
"""

from __future__ import annotations

from typing import Any

import gradio as gr

from rehearsal.charts import progress_chart
from rehearsal.drill import DrillCheck, check_statement, feeling_words, situation_groups
from rehearsal.errors import RehearseError
from rehearsal.services import Services
from rehearsal.web import views
from rehearsal.web.owner import owner_of

PICK_FIRST = "Pick a session first: click its row in the table."

ABOUT = """
### How it works
You rehearse with a simulated partner who loves you but is pulling away for one of the seven
reasons in the article *Why do people who love you push you away?*. How open they become
depends on how you speak to them, not on chance.

A coach reads each line you write: which of the article's **eight steps** you are on, which
**skills** you used (“I feel” statements, requests, empathy…) or slipped into (blame, demands,
ultimatums), and which **passage of the article** applies. Those facts come from analysers and
a search of the article; the language model only gives your partner a voice.

### Private by design
Everything runs on this computer: the model, the search index and your saved sessions (in
your data folder). Nothing you type is sent anywhere, and the page loads nothing from the
internet. You can export or delete any session in *History*.

### Not therapy
This is a practice tool, not a therapist or counsellor. If you or someone else is in danger,
call your local emergency number.
"""


def build_drill(services: Services) -> None:
    groups = situation_groups(services.settings.prompts_dir)
    options = [(f"{group} — {text}", text) for group, texts in groups.items() for text in texts]
    situation = gr.Dropdown(
        options, value=options[0][1], label="Pick a situation to practise with", interactive=True
    )
    shown = gr.Markdown(f"**The situation:** {options[0][1]}")
    statement = gr.Textbox(
        label="Your “I feel” statement",
        lines=2,
        placeholder="I feel … when … because …; would you …?",
    )
    check = gr.Button("Check it", variant="primary")
    result = gr.Markdown()
    words = "\n".join(
        f"- **{family}**: {', '.join(group)}" for family, group in feeling_words().items()
    )
    gr.Markdown(f"**Feeling words to choose from**\n\n{words}")

    def on_situation(text: str) -> tuple[str, str, str]:
        return f"**The situation:** {text}", "", ""

    situation.change(on_situation, situation, [shown, statement, result], api_visibility="private")

    def on_check(text: str) -> str:
        if not isinstance(text, str) or not text.strip():
            return "Write a sentence first."
        try:
            verdict = check_statement(services.analyzer, text)
        except RehearseError as error:
            return f"⚠️ {error}"
        return drill_markdown(verdict)

    check.click(on_check, statement, result, api_visibility="private")
    statement.submit(on_check, statement, result, api_visibility="private")


def drill_markdown(verdict: DrillCheck) -> str:
    lines = [f"- {'✓' if ok else '✗'} {label}" for label, ok in verdict.parts().items()]
    if verdict.complete:
        lines.append("\nAll four parts are there. Well done.")
    lines += [f"\n{advice}" for advice in verdict.advice]
    if verdict.suggestion:
        lines.append(f"\n**One way to say it:** {verdict.suggestion}")
    return "\n".join(lines)


def build_history(services: Services, tab: gr.Tab) -> None:
    table = gr.Dataframe(
        headers=["session", "date", "partner", "persona", "difficulty", "turns"],
        label="Your sessions",
        interactive=False,
        wrap=True,
    )
    trend = gr.Image(
        label="Progress across sessions", show_label=False, type="filepath", buttons=[]
    )
    refresh = gr.Button("Refresh")
    with gr.Row():
        chosen = gr.Textbox(label="Session id (click a row to pick it)", max_lines=1)
        export = gr.Button("Export")
        delete = gr.Button("Delete", variant="stop")
    with gr.Row(visible=False) as confirm_row:
        sure = gr.Button("Yes, delete it for good", variant="stop")
        cancel = gr.Button("Keep it")
    files = gr.File(label="Exported files", file_count="multiple")
    note = gr.Markdown()

    def rows(request: gr.Request) -> tuple[list[list[Any]], str | None]:
        owner = owner_of(services, request)
        records = services.sessions(owner)
        data = [
            [
                r.id,
                r.created_at[:16].replace("T", " "),
                r.partner_name,
                r.persona,
                r.difficulty,
                services.store.count_turns(r.id),
            ]
            for r in reversed(records)
        ]
        points = services.progress(owner)
        chart = str(progress_chart(points, services.progress_path(owner))) if points else None
        return data, chart

    def picked(session_id: object) -> str:
        return " ".join(str(session_id or "").split())

    def on_export(session_id: object, request: gr.Request) -> tuple[list[str] | None, str]:
        if not picked(session_id):
            return None, PICK_FIRST
        try:
            paths = services.export(picked(session_id), owner_of(services, request))
        except RehearseError:
            return None, "No session with that id."
        return [str(path) for path in paths], "Exported."

    def on_delete(session_id: object, request: gr.Request) -> tuple[Any, str]:
        if not picked(session_id):
            return gr.update(visible=False), PICK_FIRST
        try:
            record = services.session(picked(session_id), owner_of(services, request))
        except RehearseError:
            return gr.update(visible=False), "No session with that id."
        ask = f"Delete the session with {views.literal(record.partner_name)} ({record.id})?"
        return gr.update(visible=True), f"{ask} This cannot be undone."

    def on_sure(
        session_id: object, request: gr.Request
    ) -> tuple[list[list[Any]], str | None, Any, str]:
        try:
            services.delete(picked(session_id), owner_of(services, request))
            message = "Deleted, with every trace of it."
        except RehearseError:
            message = "No session with that id."
        data, chart = rows(request)
        return data, chart, gr.update(visible=False), message

    tab.select(rows, None, [table, trend], api_visibility="private")
    refresh.click(rows, None, [table, trend], api_visibility="private")
    export.click(on_export, chosen, [files, note], api_visibility="private")
    delete.click(on_delete, chosen, [confirm_row, note], api_visibility="private")
    sure.click(on_sure, chosen, [table, trend, confirm_row, note], api_visibility="private")
    cancel.click(
        lambda: (gr.update(visible=False), "Kept."),
        None,
        [confirm_row, note],
        api_visibility="private",
    )

    chosen.change(lambda: gr.update(visible=False), None, confirm_row, api_visibility="private")

    def on_select(event: gr.SelectData) -> str:
        return str(event.row_value[0]) if event.row_value else ""

    table.select(on_select, None, chosen, api_visibility="private")


def build_about(services: Services) -> None:
    gr.Markdown(ABOUT)
    with gr.Accordion("Read the article", open=False):
        gr.Markdown(_article_markdown(services))


def _article_markdown(services: Services) -> str:
    import re

    text = services.settings.corpus_path.read_text(encoding="utf-8")
    text = re.sub(r"<!--.*?-->", "", text, flags=re.DOTALL)
    return re.sub(r"\s*\{#[a-z0-9/-]+\}", "", text)
