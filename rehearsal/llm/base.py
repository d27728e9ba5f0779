"""The protocol every language-model backend implements: stream text for a prompt.

A backend takes a plain-text prompt (the partner and the coach build transcript-style
prompts themselves) and yields text pieces as they are generated, stopping at any of the
stop sequences or after `max_tokens`. Prompt building, cleaning and persona logic are
left to their own modules; loading, locking and transport are each backend's business.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable


@dataclass(frozen=True)
class GenerationRequest:
    """One completion to generate."""

    prompt: str
    stop: tuple[str, ...] = field(default_factory=tuple)
    max_tokens: int = 96
    temperature: float = 0.7
    seed: int | None = None


@runtime_checkable
class Backend(Protocol):
    """Streams a completion; raises `BackendUnavailable` when the model cannot answer."""

    @property
    def description(self) -> str:
        """A short human-readable name of the model behind this backend."""
        ...

    def stream(self, request: GenerationRequest) -> Iterator[str]:
        """Yield the completion of `request.prompt` piece by piece."""
        ...

    def warm(self, prompt: str) -> None:
        """Read `prompt` ahead of time so a later prompt that starts with it starts fast."""
        ...


def complete(backend: Backend, request: GenerationRequest) -> str:
    """The whole completion as one string."""
    return "".join(backend.stream(request))
