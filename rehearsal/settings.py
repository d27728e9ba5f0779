"""The one typed settings object of Rehearse, read from `REHEARSE_*` variables.

Sources, strongest first: arguments, environment variables (`REHEARSE_HOME`, ...), then an
optional TOML file (`REHEARSE_CONFIG`, default `$REHEARSE_HOME/config.toml`). Where the
defaults point (bundled model, bundled embedder) is resolved by `rehearsal.models`; this
module only describes and validates the values.
"""

from __future__ import annotations

import os
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from rehearsal.errors import ConfigError
from rehearsal.resources import default_corpus_path, default_prompts_dir

SECRET_FIELDS = ("auth", "llm_api_key")  # never echoed in an error message
DEFAULT_HOME = Path.home() / ".local" / "share" / "rehearse"


def _config_file() -> Path:
    explicit = os.environ.get("REHEARSE_CONFIG")
    if explicit:
        return Path(explicit).expanduser()
    home = Path(os.environ.get("REHEARSE_HOME") or DEFAULT_HOME).expanduser()
    return home / "config.toml"


class Settings(BaseSettings):
    """Everything a person or an operator may configure, with its default."""

    model_config = SettingsConfigDict(env_prefix="REHEARSE_", extra="ignore")

    home: Path = Field(
        default=DEFAULT_HOME,
        description="Data directory: the search index and the session database live here.",
    )
    model: Path | None = Field(
        default=None,
        description="Path to a GGUF model file; unset means the bundled SmolLM2-135M-Instruct.",
    )
    llm_url: str | None = Field(
        default=None,
        description="Base URL of an OpenAI-compatible server (e.g. http://127.0.0.1:8000/v1) "
        "to use instead of the embedded model.",
    )
    llm_model_name: str = Field(
        default="local",
        description="Model name sent to the OpenAI-compatible server.",
    )
    llm_api_key: SecretStr | None = Field(
        default=None, description="API key for the OpenAI-compatible server, if it wants one."
    )
    llm_timeout_s: float = Field(
        default=60.0, gt=0, description="Seconds to wait for the model server before giving up."
    )
    chroma_url: str | None = Field(
        default=None,
        description="URL of a Chroma server (e.g. http://127.0.0.1:8001) to use instead of "
        "the embedded store under `home`.",
    )
    embedder: Path | None = Field(
        default=None,
        description="Path to a sentence-transformers model folder; unset means the bundled "
        "all-MiniLM-L6-v2.",
    )
    host: str = Field(default="127.0.0.1", description="Address the web app listens on.")
    port: int = Field(default=7860, ge=1, le=65535, description="Port the web app listens on.")
    auth: SecretStr | None = Field(
        default=None,
        description="Who may use the web app, each seeing only their own sessions: "
        "`user:password` pairs separated by commas, or `@FILE`, a file of `user:hash` lines "
        "written by `rehearse users add`; required to listen on a non-loopback host.",
    )
    threads: int = Field(
        default_factory=lambda: max(1, os.cpu_count() or 1),
        ge=1,
        description="CPU threads for the embedded model.",
    )
    context_tokens: int = Field(
        default=2048, ge=512, description="Context window of the embedded model, in tokens."
    )
    temperature: float = Field(
        default=0.7, ge=0.0, le=2.0, description="Sampling temperature of the partner's voice."
    )
    seed: int = Field(default=7, description="Sampling seed, so a scripted rehearsal repeats.")
    partner_voice: Literal["lines", "guided", "free"] = Field(
        default="guided",
        description="How the partner speaks: 'lines' says only the written lines; 'guided' "
        "(the default, right for the bundled 135M model) lets model samples compete with "
        "them but refuses any word the lines and the conversation never used; 'free' (for "
        "a bigger model) allows new everyday words, still without invented people, places "
        "or things.",
    )
    partner_samples: int = Field(
        default=1,
        ge=0,
        le=8,
        description="Model samples drawn per reply to compete with the written lines "
        "(each costs generation time before the reply shows).",
    )
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(
        default="WARNING", description="Logging level for messages on stderr."
    )
    corpus_path: Path = Field(
        default_factory=default_corpus_path,
        description="The article, as Markdown with section ids on its headings.",
    )
    prompts_dir: Path = Field(
        default_factory=default_prompts_dir,
        description="Folder of prompt templates and persona cards.",
    )

    @field_validator("home", "model", "embedder", "corpus_path", "prompts_dir", mode="after")
    @classmethod
    def _expand_user(cls, value: Path | None) -> Path | None:
        return value.expanduser() if value is not None else None

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml = TomlConfigSettingsSource(settings_cls, toml_file=_config_file())
        return (init_settings, env_settings, toml)

    @property
    def index_dir(self) -> Path:
        """Where the embedded Chroma store lives."""
        return self.home / "index"

    @property
    def sessions_db(self) -> Path:
        """The SQLite file holding every rehearsal."""
        return self.home / "sessions.sqlite3"

    @property
    def temp_dir(self) -> Path:
        """Where the web app's temporary copies (Gradio's cache) live, one folder a process."""
        return self.home / "tmp"

    @property
    def users_file(self) -> Path:
        """Where `rehearse users add` keeps the web app's users (name and password hash)."""
        return self.home / "users"


def _one_line(error: ValidationError) -> str:
    """The first invalid setting, named as a person sets it, and what is wrong with it."""
    problems = error.errors()
    first = problems[0]
    name = ".".join(str(part) for part in first["loc"]) or "settings"
    env = f"REHEARSE_{name.upper()}"
    shown = first.get("input") is not None and name not in SECRET_FIELDS
    given = f" (got {repr(first['input'])[:60]})" if shown else ""
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    return f"setting {name!r} ({env} or {name} in {_config_file()}): {first['msg']}{given}{more}"


def load_settings(**overrides: Any) -> Settings:
    """Settings from the environment and config file (and `overrides`), validated; a bad
    value or an unreadable config file is a one-line `ConfigError`."""
    try:
        return Settings(**overrides)
    except ValidationError as error:
        raise ConfigError(" ".join(_one_line(error).split())) from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"config file {_config_file()} is not valid TOML: {error}") from None
    except OSError as error:
        raise ConfigError(
            f"cannot read config file {_config_file()}: {error.strerror or error}"
        ) from None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once (see `load_settings` for errors)."""
    return load_settings()
