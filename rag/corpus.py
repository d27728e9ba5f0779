"""Read the article into sections: id, group, title, text, and what each section answers.

`corpus/article.md` carries a section id on every heading (`### Listen deeply
{#steps/3-listen-deeply}`); LangChain's Markdown header splitter cuts it into sections that
keep their heading context. `corpus/questions.toml` adds, per section, the questions and
plain-speech statements it answers, used to enrich retrieval. Embedding and storage are
left to `rag.index`.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from langchain_text_splitters import MarkdownHeaderTextSplitter

HEADING_ID = re.compile(r"^(?P<title>.*?)\s*\{#(?P<id>[a-z0-9/-]+)\}\s*$")
STEP_NUMBER = re.compile(r"^steps/(?P<number>[1-8])-")
PERSONA_GROUP = "reasons"


@dataclass(frozen=True)
class Section:
    """One section of the article, the unit that retrieval returns."""

    id: str
    title: str
    group_title: str
    text: str
    questions: tuple[str, ...] = field(default_factory=tuple)

    @property
    def group(self) -> str:
        return self.id.split("/", 1)[0]

    @property
    def is_leaf(self) -> bool:
        return "/" in self.id and not self.id.endswith("/overview")

    @property
    def step_number(self) -> int | None:
        match = STEP_NUMBER.match(self.id)
        return int(match["number"]) if match else None

    @property
    def persona(self) -> str | None:
        return self.id.split("/", 1)[1] if self.group == PERSONA_GROUP and self.is_leaf else None

    def metadata(self) -> dict[str, str | int]:
        """Flat metadata for the vector store (no None values: Chroma refuses them)."""
        meta: dict[str, str | int] = {
            "section": self.id,
            "group": self.group,
            "title": self.title,
            "leaf": int(self.is_leaf),
        }
        if self.step_number is not None:
            meta["step"] = self.step_number
        if self.persona is not None:
            meta["persona"] = self.persona
        return meta


def _split_heading(heading: str) -> tuple[str, str]:
    match = HEADING_ID.match(heading)
    if match is None:
        raise ValueError(f"heading without a section id: {heading!r}")
    return match["title"], match["id"]


def parse_sections(markdown: str, questions: dict[str, list[str]] | None = None) -> list[Section]:
    """Split the article's Markdown into sections, in reading order."""
    splitter = MarkdownHeaderTextSplitter(
        headers_to_split_on=[("##", "group"), ("###", "leaf")], strip_headers=True
    )
    body = re.sub(r"<!--.*?-->", "", markdown, flags=re.DOTALL)
    sections: list[Section] = []
    for document in splitter.split_text(body):
        headings = document.metadata
        if "group" not in headings:
            continue
        group_title, group_id = _split_heading(headings["group"])
        title, section_id = _split_heading(headings.get("leaf", headings["group"]))
        paragraphs = [line.strip() for line in document.page_content.splitlines() if line.strip()]
        sections.append(
            Section(
                id=section_id,
                title=title,
                group_title=group_title if section_id != group_id else title,
                text="\n\n".join(paragraphs),
                questions=tuple((questions or {}).get(section_id, ())),
            )
        )
    return sections


def read_questions(path: Path) -> dict[str, list[str]]:
    """The enrichment questions per section id, or nothing if the file is absent."""
    if not path.is_file():
        return {}
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    return {section: list(entry.get("questions", [])) for section, entry in data.items()}


@lru_cache(maxsize=4)
def load_sections(corpus_path: Path) -> tuple[Section, ...]:
    """The article's sections, with enrichment from `questions.toml` beside it."""
    questions = read_questions(corpus_path.with_name("questions.toml"))
    markdown = corpus_path.read_text(encoding="utf-8")
    return tuple(parse_sections(markdown, questions))
