"""Wire the domain together once per process: models, retrieval, analysis, coach, store.

Heavy parts (the LLM, the embedder, the index, the analyser's models) are built lazily on
first use and shared by every session; each rehearsal gets its own partner, tracker and
state. The CLI and the web app both receive a `Services` and nothing else. Files derived
from a session (exports, charts) are named and removed here, with the session.
"""

from __future__ import annotations

import threading
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rag.corpus import Section, load_sections
from rehearsal.errors import RehearseError
from rehearsal.partner_state import DIFFICULTIES, Difficulty, initial_state
from rehearsal.personas import Persona, custom_persona, get_persona, load_personas
from rehearsal.settings import Settings
from rehearsal.store import SessionRecord, SessionStore
from rehearsal.text import display_name, without_controls

if TYPE_CHECKING:
    from langchain_core.embeddings import Embeddings

    from rag.retriever import Retriever
    from rehearsal.analysis.analyzer import Analyzer
    from rehearsal.coach import Coach
    from rehearsal.llm.base import Backend
    from rehearsal.session import Rehearsal

MAX_SITUATION_CHARS = 600


class Services:
    """The shared, lazily built parts of Rehearse."""

    def __init__(self, settings: Settings, backend: Backend | None = None) -> None:
        self.settings = settings
        self._backend = backend
        self._lock = threading.Lock()

    @cached_property
    def backend(self) -> Backend:
        if self._backend is None:
            from rehearsal.llm.factory import create_backend

            self._backend = create_backend(self.settings)
        return self._backend

    @cached_property
    def retriever(self) -> Retriever:
        from rehearsal.retrieval import open_retriever

        with self._lock:
            return open_retriever(self.settings)

    @cached_property
    def embedder(self) -> Embeddings:
        from rehearsal.retrieval import embedder

        return embedder(self.settings)

    @cached_property
    def analyzer(self) -> Analyzer:
        from rehearsal.analysis.analyzer import build_analyzer

        with self._lock:
            return build_analyzer(self.settings)

    @cached_property
    def sections(self) -> dict[str, Section]:
        return {section.id: section for section in load_sections(self.settings.corpus_path)}

    @cached_property
    def coach(self) -> Coach:
        from rehearsal.coach import Coach

        return Coach(self.retriever, self.sections, self.settings.prompts_dir)

    @cached_property
    def store(self) -> SessionStore:
        return SessionStore(self.settings.sessions_db)

    def warm_up(self) -> None:
        """Build the index and the analyser now, so the first turn is not the slow one."""
        _ = (self.retriever, self.analyzer)

    def personas(self) -> dict[str, Persona]:
        return load_personas(self.settings.prompts_dir)

    def persona(self, persona_id: str, description: str = "") -> Persona:
        """A built-in persona, or a custom one reacting like the closest built-in."""
        if persona_id != "custom":
            return get_persona(self.settings.prompts_dir, persona_id)
        hits = self.retriever.retrieve(description or "pulls away", k=1, groups=["reasons"])
        closest = hits[0].section.split("/", 1)[1] if hits else next(iter(self.personas()))
        return custom_persona(description, get_persona(self.settings.prompts_dir, closest))

    def start(
        self,
        persona_id: str,
        difficulty: str = "medium",
        partner_name: str = "Sam",
        context: str = "",
        your_name: str = "",
    ) -> Rehearsal:
        """A new rehearsal, stored at once."""
        if difficulty not in DIFFICULTIES:
            raise RehearseError(f"difficulty must be one of: {', '.join(DIFFICULTIES)}")
        name = display_name(partner_name, "Sam")
        you = display_name(your_name, "")
        if you.lower() == name.lower():
            you = ""
        situation = " ".join(without_controls(context or "").split())[:MAX_SITUATION_CHARS]
        persona = self.persona(persona_id, situation)
        record = self.store.create_session(persona_id, name, you, difficulty, situation)
        rehearsal = self._rehearsal(record, persona, [])
        rehearsal.partner.warm(rehearsal.state)
        return rehearsal

    def _rehearsal(self, record: SessionRecord, persona: Persona, turns: list[Any]) -> Rehearsal:
        from rehearsal.partner import Partner
        from rehearsal.session import Rehearsal

        difficulty: Difficulty = record.difficulty  # type: ignore[assignment]
        partner = Partner(
            self.backend,
            persona,
            name=record.partner_name,
            user=record.user_name,
            situation=record.context,
            prompts_dir=self.settings.prompts_dir,
            embedder=self.embedder,
            temperature=self.settings.temperature,
            seed=self.settings.seed,
            context_tokens=self.settings.context_tokens,
            samples=self.settings.partner_samples,
            mode=self.settings.partner_voice,
        )
        return Rehearsal.from_turns(
            turns,
            record=record,
            store=self.store,
            analyzer=self.analyzer,
            coach=self.coach,
            partner=partner,
            state=initial_state(difficulty),
        )

    def session(self, session_id: str) -> SessionRecord:
        try:
            return self.store.get_session(session_id)
        except KeyError:
            raise RehearseError(
                f"no session {session_id!r}; see `rehearse sessions list`"
            ) from None

    def resume(self, session_id: str) -> Rehearsal:
        """A stored rehearsal, rebuilt from its turns without asking the model again."""
        record = self.session(session_id)
        persona = self.persona(record.persona, record.context)
        return self._rehearsal(record, persona, self.store.turns(session_id))

    def report(self, session_id: str) -> dict[str, Any]:
        """The end-of-session report, recomputed from the stored turns (first tries too)."""
        from rehearsal.report import build_report

        record = self.session(session_id)
        return build_report(record, self.store.turns(session_id, alternatives=True), self.sections)

    def progress(self) -> list[dict[str, Any]]:
        """One point per stored session with at least one turn, oldest first."""
        from rehearsal.report import progress

        reports = [self.report(r.id) for r in self.store.list_sessions()]
        return progress([r for r in reports if r["session"]["turns"] > 0])

    def export_paths(self, session_id: str) -> tuple[Path, Path]:
        folder = self.settings.home / "exports"
        return folder / f"{session_id}.md", folder / f"{session_id}.json"

    def chart_path(self, session_id: str) -> Path:
        return self.settings.home / "charts" / f"{session_id}-arc.png"

    def export(self, session_id: str) -> tuple[Path, Path]:
        """Write the session as Markdown and JSON under REHEARSE_HOME/exports."""
        from rehearsal.export import session_json, session_markdown

        record = self.session(session_id)
        turns = self.store.turns(session_id, alternatives=True)
        report = self.report(session_id)
        markdown_path, json_path = self.export_paths(session_id)
        markdown_path.parent.mkdir(parents=True, exist_ok=True)
        markdown_path.write_text(session_markdown(record, turns, report), encoding="utf-8")
        json_path.write_text(session_json(record, turns, report), encoding="utf-8")
        return markdown_path, json_path

    def delete(self, session_id: str) -> None:
        """Remove a session and every trace of it: rows, exports, charts."""
        self.session(session_id)
        self.store.delete_session(session_id)
        for path in (*self.export_paths(session_id), self.chart_path(session_id)):
            path.unlink(missing_ok=True)
