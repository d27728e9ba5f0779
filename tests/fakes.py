"""Test doubles shared by the domain tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

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


def home_like(shared_home: Path, home: Path) -> Path:
    """A fresh data dir with the shared run's search index and analyser cache (no sessions),
    so services or an app over it start without rebuilding either."""
    import shutil

    home.mkdir(parents=True, exist_ok=True)
    for part in ("index", "cache"):
        if (shared_home / part).is_dir():
            shutil.copytree(shared_home / part, home / part, dirs_exist_ok=True)
    return home


def record_texts(monkeypatch: pytest.MonkeyPatch, owner: Any, name: str) -> list[str]:
    """Every text passed to `owner.name(texts)` from now on, the call still made."""
    read: list[str] = []
    method = getattr(owner, name)

    def spy(texts: list[str]) -> Any:
        read.extend(texts)
        return method(texts)

    monkeypatch.setattr(owner, name, spy)
    return read
