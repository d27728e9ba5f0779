"""With no network at all, the CLI works and both bundled models load and answer."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap

import pytest

from rehearsal.offline import OFFLINE_ENVIRONMENT
from tests.conftest import REPO

LOAD_BOTH_MODELS = textwrap.dedent(
    """
    from rag.embeddings import load_embedder
    from rehearsal.llm import GenerationRequest, create_backend
    from rehearsal.llm.base import complete
    from rehearsal.models import resolve_embedder_path
    from rehearsal.settings import Settings

    settings = Settings()
    request = GenerationRequest("Sam: How was your day?\\nAlex:", stop=("\\n",), max_tokens=16)
    reply = complete(create_backend(settings), request)
    vector = load_embedder(resolve_embedder_path(settings)).embed_query("he pulls away")
    assert reply.strip(), "the model gave an empty answer"
    assert len(vector) == 384
    print("answered:", reply.strip())
    """
)


def _no_network_available() -> bool:
    unshare = shutil.which("unshare")
    return unshare is not None and subprocess.run([unshare, "-n", "true"]).returncode == 0


needs_unshare = pytest.mark.skipif(
    not _no_network_available(), reason="unshare -n needs root (CI runs as root)"
)


def _offline(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["unshare", "-n", *command], capture_output=True, text=True, cwd=REPO, timeout=300
    )


@needs_unshare
def test_help_and_version_work_without_network() -> None:
    help_run = _offline(sys.executable, "-m", "rehearsal.cli", "--help")
    assert help_run.returncode == 0, help_run.stderr
    assert "retrieve" in help_run.stdout and "ui" in help_run.stdout
    version = _offline(sys.executable, "-m", "rehearsal.cli", "--version")
    assert version.stdout.startswith("rehearse ")


@needs_unshare
@pytest.mark.slow
def test_both_bundled_models_load_and_answer_without_network() -> None:
    result = _offline(sys.executable, "-c", LOAD_BOTH_MODELS)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "answered:" in result.stdout


def test_offline_flags_are_set_before_libraries_load() -> None:
    probe = (
        "import os, sys, rehearsal; "
        "print(os.environ['HF_HUB_OFFLINE'], 'transformers' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin"},
        cwd=REPO,
    )
    assert result.stdout.split() == ["1", "False"]
    assert OFFLINE_ENVIRONMENT["GRADIO_ANALYTICS_ENABLED"] == "False"
    assert OFFLINE_ENVIRONMENT["ANONYMIZED_TELEMETRY"] == "False"
