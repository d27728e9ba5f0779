"""Shared fixtures: an isolated data dir, settings pointing at it, a built index, the CLI.

The real bundled models are used (they are small); only the LLM has a scripted fake for
deterministic domain tests (`rehearsal.llm.fake`).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from rehearsal.settings import Settings

REPO = Path(__file__).resolve().parent.parent
RUN_ENV_DROP = ("REHEARSE_MODEL", "REHEARSE_LLM_URL", "REHEARSE_CHROMA_URL", "REHEARSE_CONFIG")


@pytest.fixture(scope="session")
def shared_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data dir with the index built once for the whole run (read-only use, please)."""
    home = tmp_path_factory.mktemp("home")
    from rehearsal.retrieval import ingest

    ingest(Settings(home=home))
    return home


@pytest.fixture(scope="session")
def shared_settings(shared_home: Path) -> Settings:
    return Settings(home=shared_home)


@pytest.fixture(scope="session")
def retriever(shared_settings: Settings):
    from rehearsal.retrieval import open_retriever

    return open_retriever(shared_settings)


@pytest.fixture(scope="session")
def analyzer(shared_settings: Settings):
    """The analyser, fitted once per run (its fit is cached in the shared home, so homes
    made with `tests.fakes.home_like` afterwards start fast too)."""
    from rehearsal.analysis.analyzer import build_analyzer

    return build_analyzer(shared_settings)


def cli_env(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in RUN_ENV_DROP}
    env["REHEARSE_HOME"] = str(home)
    env.update(extra)
    return env


@pytest.fixture(scope="session")
def app_url(shared_home: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real web app on a free loopback port, one for every UI test of the run."""
    from evals.servers import app_server

    with app_server(shared_home, tmp_path_factory.mktemp("app-logs")) as server:
        yield server.url + "/"


@pytest.fixture
def run_cli(shared_home: Path) -> Iterator:
    """Run `rehearse ARGS...` as a person would; returns the CompletedProcess."""

    def run(*args: str, home: Path | None = None, stdin: str | None = None, **env: str):
        return subprocess.run(
            [sys.executable, "-m", "rehearsal.cli", *args],
            input=stdin,
            capture_output=True,
            text=True,
            env=cli_env(home or shared_home, **env),
            cwd=REPO,
            timeout=300,
        )

    yield run


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """How many inputs the fuzz suite tried, by route (for the closing note of a run)."""
    fuzz = sys.modules.get("tests.test_fuzz")
    tried = getattr(fuzz, "TRIED", None)
    if tried:
        parts = ", ".join(f"{name} {count}" for name, count in sorted(tried.items()))
        terminalreporter.write_line(f"fuzz: {sum(tried.values())} inputs tried ({parts})")
