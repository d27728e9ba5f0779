"""A scripted backend for deterministic tests, in the manner of simonw/llm's MockModel.

Queue replies with `enqueue`; each `stream` call pops the next one (or repeats a default)
and yields it word by word, honouring stop sequences like a real model. Every request is
recorded in `requests` so tests can inspect the prompts the domain built.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable, Iterator

from rehearsal.errors import BackendUnavailable
from rehearsal.llm.base import GenerationRequest


class FakeBackend:
    """Replays scripted replies; can be told to fail like an unreachable server."""

    def __init__(self, replies: Iterable[str] = (), default: str = "I hear you.") -> None:
        self._replies: deque[str] = deque(replies)
        self.default = default
        self.requests: list[GenerationRequest] = []
        self.fail_with: str | None = None
        self.warmed: list[str] = []

    @property
    def description(self) -> str:
        return "scripted fake"

    def enqueue(self, *replies: str) -> None:
        self._replies.extend(replies)

    def stream(self, request: GenerationRequest) -> Iterator[str]:
        self.requests.append(request)
        if self.fail_with is not None:
            raise BackendUnavailable(self.fail_with)
        reply = self._replies.popleft() if self._replies else self.default
        for stop in request.stop:
            if stop and stop in reply:
                reply = reply[: reply.index(stop)]
        yield from re.findall(r"\S+\s*|\s+", reply)

    def warm(self, prompt: str) -> None:
        self.warmed.append(prompt)
