"""The model files: bundled by default, overridable, and checked with a clear message."""

from __future__ import annotations

from pathlib import Path

import pytest

from rehearsal.errors import ModelFileError
from rehearsal.llm.factory import create_backend
from rehearsal.models import resolve_embedder_path, resolve_model_path
from rehearsal.settings import Settings


def test_bundled_model_is_a_gguf() -> None:
    path = resolve_model_path(Settings())
    assert path.name == "SmolLM2-135M-Instruct.Q4_1.gguf"
    assert path.read_bytes()[:4] == b"GGUF"


def test_bundled_embedder_folder_is_found() -> None:
    folder = resolve_embedder_path(Settings())
    assert (folder / "config.json").is_file()


def test_missing_model_gives_one_line_with_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(ModelFileError) as caught:
        create_backend(Settings(model=tmp_path / "nope.gguf"))
    message = str(caught.value)
    assert "\n" not in message
    assert "not found" in message and "REHEARSE_MODEL" in message


def test_non_gguf_file_is_refused(tmp_path: Path) -> None:
    fake = tmp_path / "model.gguf"
    fake.write_text("this is not a model")
    with pytest.raises(ModelFileError, match="not a GGUF"):
        resolve_model_path(Settings(model=fake))


def test_a_model_that_fails_to_load_is_a_clear_error(tmp_path: Path) -> None:
    from rehearsal.errors import BackendUnavailable
    from rehearsal.llm.base import GenerationRequest

    broken = tmp_path / "broken.gguf"
    broken.write_bytes(b"GGUF" + b"\x00" * 64)
    backend = create_backend(Settings(model=broken))
    with pytest.raises(BackendUnavailable) as caught:
        list(backend.stream(GenerationRequest("hello")))
    message = str(caught.value)
    assert "failed to load" in message and "REHEARSE_MODEL" in message
    assert "\n" not in message
