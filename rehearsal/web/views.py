"""Turn domain objects into what the page shows: Markdown and small HTML fragments.

Pure functions, no Gradio: the coach panel, the step checklist, skill chips, the openness
meter, the report. Text that comes from a person or a model is escaped (`literal`, and
`html.escape` inside fragments), so it shows as itself: no HTML, links or images, nothing
fetched. Deciding anything is left to the domain; laying it out to `ui`.
"""

from __future__ import annotations

import html
from typing import Any

from rehearsal.text import markdown_literal
from rehearsal.vocabulary import HARMFUL_FLAGS, STEP_IDS, STEP_TITLES, skill_label


def steps_html(covered: list[str], current: str | None, attempted: list[str] | None = None) -> str:
    """The eight steps: done (✓), attempted but not yet done with skill (◐), to do (○)."""
    tried = attempted or []
    items = []
    for number, step in enumerate(STEP_IDS, start=1):
        if step in covered:
            mark, state = "✓", "done"
        elif step in tried:
            mark, state = "◐", "attempted"
        else:
            mark, state = "○", "todo"
        classes = f"step {state}" + (" current" if step == current else "")
        spoken = state + (", you are here" if step == current else "")
        items.append(
            f'<li class="{classes}"><span aria-hidden="true">{"●" if step == current else mark}'
            f"</span> {number}. {html.escape(STEP_TITLES[step])}"
            f'<span class="sr-only"> ({spoken})</span></li>'
        )
    return f'<ol class="steps" aria-label="The eight steps">{"".join(items)}</ol>'


def chips_html(skills: dict[str, bool]) -> str:
    used = [flag for flag, on in skills.items() if on]
    if not used:
        return '<p class="chips muted">No particular skill in that line.</p>'
    chips = [
        f'<span class="chip {"bad" if f in HARMFUL_FLAGS else "good"}">'
        f"{html.escape(skill_label(f))}</span>"
        for f in used
    ]
    return f'<p class="chips" aria-label="Skills in your last line">{" ".join(chips)}</p>'


def meter_html(openness: int, partner: str) -> str:
    return (
        f'<div class="meter"><label>How open {html.escape(partner)} feels: '
        f"<strong>{openness}</strong>/100</label>"
        f'<meter min="0" max="100" low="25" high="75" optimum="100" value="{openness}">'
        f"{openness}</meter></div>"
    )


def literal(text: object) -> str:
    """`text` (typed by a person, or said by the model) to show as itself in Markdown."""
    return markdown_literal(text if isinstance(text, str) else "")


def tip_markdown(feedback: dict[str, Any], section_title: str) -> str:
    tip = literal(feedback["tip"])
    if not feedback.get("section"):
        return tip
    quote = literal(feedback["quote"])
    return f"{tip}\n\n**From the article — {literal(section_title)}**\n\n> {quote}"


def message_text(content: object) -> str:
    """The text of one chat message as Gradio hands it back: a string, a text part
    (`{"type": "text", "text": …}`) or a list of them."""
    if isinstance(content, str):
        return content
    if isinstance(content, dict):
        return str(content.get("text") or "")
    if isinstance(content, list):
        return " ".join(message_text(part) for part in content).strip()
    return ""


def first_try(message: dict[str, Any]) -> dict[str, Any]:
    """A message of a line said again, struck through and marked as the first try."""
    lines = [line for line in message_text(message.get("content")).splitlines() if line]
    struck = "\n".join(f"~~{line.strip()}~~" for line in lines) or "~~…~~"
    return {"role": message.get("role", "user"), "content": f"{struck} *(first try)*"}


def stopped(message: dict[str, Any]) -> dict[str, Any]:
    """The partner's bubble after the person pressed Stop: what was said, marked stopped."""
    said = message_text(message.get("content")).rstrip().removesuffix("…").rstrip()
    if said.endswith("*(stopped)*"):
        return {"role": "assistant", "content": said}
    return {"role": "assistant", "content": f"{said} *(stopped)*".strip()}


def typing_cue(partner: str) -> str:
    return f"*{literal(partner)} is typing…*"


def verdict_markdown(feedback: dict[str, Any]) -> str:
    """The coach's one-line verdict, shown right under the box (first on a phone)."""
    verdict = feedback.get("verdict") or ""
    return f"**Coach:** {literal(verdict)}" if verdict else ""
