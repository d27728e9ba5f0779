"""Wire the domain together once per process: models, retrieval, analysis, coach, store.

Heavy parts (the LLM, the embedder, the index, the analyser's models) are built lazily on
first use and shared by every session; each rehearsal gets its own partner, tracker and
state. The CLI and the web app both receive a `Services` and nothing else.

Every session has an owner, and every method that finds a session takes the owner asking
for it: another owner's session is "no session", exactly like one that never existed. The
CLI asks as `LOCAL_OWNER`, the web app as the logged-in user (`rehearsal.web.owner`).
Exports are written 0600; every file derived from a session goes with it
(`rehearsal.derived` names them and finds their copies).
"""

from __future__ import annotations

import threading
from functools import cached_property, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rag.corpus import Section, load_sections
from rehearsal.derived import Derived
from rehearsal.errors import RehearseError
from rehearsal.partner_state import DIFFICULTIES, Difficulty, initial_state
from rehearsal.personas import Persona, custom_persona, get_persona, load_personas
from rehearsal.private import private_dir, write_private
from rehearsal.settings import Settings
from rehearsal.store import LOCAL_OWNER, SessionRecord, SessionStore
from rehearsal.text import display_name, without_controls

if TYPE_CHECKING:
    from langchain_core.embeddings import Embeddings

    from rag.retriever import Retriever
    from rehearsal.analysis.analyzer import Analyzer
    from rehearsal.coach import Coach
    from rehearsal.llm.base import Backend
    from rehearsal.session import Rehearsal
    from rehearsal.warmup import Progress

MAX_SITUATION_CHARS = 600


class Services:
    """The shared, lazily built parts of Rehearse."""

    def __init__(self, settings: Settings, backend: Backend | None = None) -> None:
        self.settings = settings
        self._backend = backend
        self._lock = threading.Lock()
        self.ready = threading.Event()  # cleared while a warm-up runs (`expect_warm_up`)
        self.ready.set()

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
        private_dir(self.settings.home)
        return SessionStore(self.settings.sessions_db)

    def expect_warm_up(self) -> None:
        """Mark the services as getting ready: `start` waits until `warm_up` is done."""
        self.ready.clear()

    def wait_ready(self, timeout_s: float | None = None) -> bool:
        """Wait for a warm-up in progress (returns at once when none is)."""
        return self.ready.wait(timeout_s)

    def warm_up(self, progress: Progress | None = None) -> None:
        """Build every heavy part now, stage by stage (`rehearsal.warmup`), so the first
        turn is not the slow one; `ready` is set when done, even on failure."""
        from rehearsal.warmup import warm_up

        try:
            warm_up(self, progress)
        finally:
            self.ready.set()

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
        owner: str = LOCAL_OWNER,
    ) -> Rehearsal:
        """A new rehearsal of `owner`'s, stored at once (any odd value is refused or cleaned)."""
        if not isinstance(difficulty, str) or difficulty not in DIFFICULTIES:
            raise RehearseError(f"difficulty must be one of: {', '.join(DIFFICULTIES)}")
        if not isinstance(persona_id, str):
            persona_id = ""
        name = display_name(partner_name, "Sam")
        you = display_name(your_name, "")
        if you.lower() == name.lower():
            you = ""
        about = context if isinstance(context, str) else ""
        situation = " ".join(without_controls(about).split())[:MAX_SITUATION_CHARS]
        if persona_id == "custom" and not situation:
            raise RehearseError(
                "describe your partner first (in the situation box, or with --context in "
                "the terminal): who they are and why they pull away"
            )
        self.wait_ready()
        persona = self.persona(persona_id, situation)
        record = self.store.create_session(persona_id, name, you, difficulty, situation, owner)
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

    def session(self, session_id: object, owner: str = LOCAL_OWNER) -> SessionRecord:
        """`owner`'s session `session_id`; anyone else's is as missing as a made-up id."""
        wanted = " ".join(str(session_id or "").split())
        try:
            record = self.store.get_session(wanted)
        except KeyError:
            record = None
        if record is None or record.owner != owner:
            raise RehearseError(f"no session {wanted[:40]!r}; see `rehearse sessions list`")
        return record

    def sessions(self, owner: str = LOCAL_OWNER) -> list[SessionRecord]:
        """`owner`'s sessions, oldest first."""
        return self.store.list_sessions(owner)

    def resume(self, session_id: str, owner: str = LOCAL_OWNER) -> Rehearsal:
        """A stored rehearsal, rebuilt from its turns without asking the model again."""
        record = self.session(session_id, owner)
        persona = self.persona(record.persona, record.context)
        return self._rehearsal(record, persona, self.store.turns(record.id))

    def report(self, session_id: str, owner: str = LOCAL_OWNER) -> dict[str, Any]:
        """The end-of-session report, recomputed from the stored turns (first tries too)."""
        from rehearsal.report import build_report
        from rehearsal.support import report_note

        record = self.session(session_id, owner)
        turns = self.store.turns(record.id, alternatives=True)
        note = partial(
            report_note, self.settings.prompts_dir, self.sections, partner=record.partner_name
        )
        return build_report(record, turns, self.sections, note)

    def progress(self, owner: str = LOCAL_OWNER) -> list[dict[str, Any]]:
        """One point per session of `owner`'s with at least one turn, oldest first."""
        from rehearsal.report import progress

        reports = [self.report(r.id, owner) for r in self.sessions(owner)]
        return progress([r for r in reports if r["session"]["turns"] > 0])

    @cached_property
    def derived(self) -> Derived:
        """Names and owners of the files derived from sessions (exports, charts, copies)."""
        return Derived(self.settings.home, self.settings.temp_dir)

    def export_paths(self, session_id: str) -> tuple[Path, Path]:
        return self.derived.exports(session_id)

    def chart_path(self, session_id: str) -> Path:
        return self.derived.chart(session_id)

    def progress_path(self, owner: str = LOCAL_OWNER) -> Path:
        """Where `owner`'s progress chart goes (each owner has their own)."""
        return self.derived.progress(owner)

    def export(self, session_id: str, owner: str = LOCAL_OWNER) -> tuple[Path, Path]:
        """Write the session as Markdown and JSON under REHEARSE_HOME/exports (0600)."""
        from rehearsal.export import session_json, session_markdown

        record = self.session(session_id, owner)
        turns = self.store.turns(record.id, alternatives=True)
        report = self.report(record.id, owner)
        markdown_path, json_path = self.export_paths(record.id)
        write_private(markdown_path, session_markdown(record, turns, report))
        write_private(json_path, session_json(record, turns, report))
        return markdown_path, json_path

    def delete(self, session_id: str, owner: str = LOCAL_OWNER) -> None:
        """Remove a session and every trace of it: rows, exports, charts (the owner's
        progress chart too, redrawn without it) and the web app's temporary copies."""
        record = self.session(session_id, owner)
        self.store.delete_session(record.id)
        self.derived.remove(
            [*self.export_paths(record.id), self.chart_path(record.id), self.progress_path(owner)]
        )
