"""Settings come from REHEARSE_* variables and an optional TOML file, env winning."""

from __future__ import annotations

from pathlib import Path

import pytest

from rehearsal.settings import Settings


def test_defaults_point_home_and_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("REHEARSE_HOME", "REHEARSE_HOST", "REHEARSE_PORT", "REHEARSE_CONFIG"):
        monkeypatch.delenv(name, raising=False)
    settings = Settings()
    assert settings.home == Path.home() / ".local" / "share" / "rehearse"
    assert (settings.host, settings.port) == ("127.0.0.1", 7860)
    assert settings.model is None and settings.llm_url is None and settings.chroma_url is None


def test_environment_variables_are_read(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("REHEARSE_HOME", str(tmp_path))
    monkeypatch.setenv("REHEARSE_PORT", "8123")
    monkeypatch.setenv("REHEARSE_THREADS", "3")
    monkeypatch.setenv("REHEARSE_LLM_URL", "http://127.0.0.1:9000/v1")
    settings = Settings()
    assert settings.home == tmp_path
    assert settings.port == 8123 and settings.threads == 3
    assert settings.llm_url == "http://127.0.0.1:9000/v1"
    assert settings.sessions_db.parent == tmp_path


def test_config_file_is_read_and_environment_wins(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    config = tmp_path / "rehearse.toml"
    config.write_text('port = 9001\nhost = "127.0.0.2"\n')
    monkeypatch.setenv("REHEARSE_CONFIG", str(config))
    monkeypatch.setenv("REHEARSE_PORT", "9002")
    monkeypatch.delenv("REHEARSE_HOST", raising=False)
    settings = Settings()
    assert settings.host == "127.0.0.2"
    assert settings.port == 9002


def test_every_field_is_described() -> None:
    assert all(field.description for field in Settings.model_fields.values())


def test_invalid_port_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REHEARSE_PORT", "70000")
    with pytest.raises(ValueError):
        Settings()
