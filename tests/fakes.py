"""Test doubles shared by the domain tests."""

from __future__ import annotations

from pathlib import Path

from rehearsal.llm.fake import FakeBackend
from rehearsal.services import Services
from rehearsal.settings import Settings
from rehearsal.store import SessionStore


def fake_services(
    settings: Settings, store_dir: Path, *replies: str
) -> tuple[Services, FakeBackend]:
    """Real analysis, retrieval and personas; a scripted partner voice; a private store."""
    backend = FakeBackend(replies)
    services = Services(settings, backend=backend)
    services.store = SessionStore(store_dir / "sessions.sqlite3")
    return services, backend
