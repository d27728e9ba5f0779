"""The web app in this test process over a scripted partner, for deterministic browser tests.

Real analysis, retrieval, coach and store (over a copy of the shared index); the partner's
voice is a `SlowFake` that speaks word by word with a pause, so a test can act while the
partner is still "typing". `browser_page` opens Debian's Chromium at a given viewport.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from evals.servers import free_port
from rehearsal.llm.base import GenerationRequest
from rehearsal.llm.fake import FakeBackend
from rehearsal.services import Services
from rehearsal.settings import Settings
from tests.fakes import home_like

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]


class SlowFake(FakeBackend):
    """A scripted partner that waits `delay_s` before each word."""

    def __init__(self, default: str, delay_s: float = 0.0) -> None:
        super().__init__((), default=default)
        self.delay_s = delay_s

    def stream(self, request: GenerationRequest) -> Iterator[str]:
        for piece in super().stream(request):
            if self.delay_s and request.max_tokens > 1:
                time.sleep(self.delay_s)
            yield piece


@dataclass
class FakeApp:
    url: str
    services: Services
    backend: SlowFake


@contextmanager
def fake_app(shared_home: Path, home: Path, *, delay_s: float = 0.0) -> Iterator[FakeApp]:
    from rehearsal.web.launch import serve

    settings = Settings(home=home_like(shared_home, home), port=free_port(), partner_samples=1)
    backend = SlowFake("I hear you, and I am trying to say more than I usually do.", delay_s)
    services = Services(settings, backend=backend)
    services.warm_up()
    demo = serve(services, settings)
    try:
        yield FakeApp(f"http://127.0.0.1:{settings.port}/", services, backend)
    finally:
        demo.close()


def start_rehearsal(page: Any, url: str, name: str = "Sam") -> Any:
    """Open the app, start a rehearsal with `name`; returns the message box."""
    page.goto(url)
    page.get_by_label("Their name").fill(name)
    page.get_by_role("button", name="Start rehearsing").click()
    box = page.get_by_label("What you would say")
    box.wait_for(timeout=60_000)
    return box


def wait_for_reply(page: Any, count: int, timeout_ms: int = 60_000) -> None:
    """Until the `count`-th partner bubble holds a finished line."""
    page.wait_for_function(
        "n => { const b = document.querySelectorAll('[data-testid=\"bot\"]');"
        " return b.length >= n && b[n-1].innerText.trim().length > 1"
        " && !b[n-1].innerText.trim().endsWith('…'); }",
        arg=count,
        timeout=timeout_ms,
    )
