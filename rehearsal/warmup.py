"""Getting the coach ready: build each heavy part of `Services` in turn, telling a
progress callback which stage begins (the web app prints a line per stage while its page
already shows "getting the coach ready"). What each part is, and waiting for readiness,
are `rehearsal.services`' business.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rehearsal.services import Services

Progress = Callable[[str, int, int], None]  # (stage, number, of)


def _warm_model(services: Services) -> None:
    warm = getattr(services.backend, "warm", None)
    if callable(warm):
        warm("Sam: Hello.\nAlex:")  # loads the model and its first prompt work


def stages(services: Services) -> list[tuple[str, Callable[[], object]]]:
    """The stages, in order: index, embedder, analyser and safety model, coach, model."""
    return [
        ("the search index", lambda: services.retriever),
        ("the embedder", lambda: services.embedder),
        ("the analyser and the safety model", lambda: services.analyzer.warm_up()),
        ("the coach", lambda: services.coach),
        ("the partner's model", lambda: _warm_model(services)),
    ]


def warm_up(services: Services, progress: Progress | None = None) -> None:
    """Run every stage, telling `progress(stage, number, of)` as each begins."""
    todo = stages(services)
    for number, (stage, build) in enumerate(todo, start=1):
        if progress is not None:
            progress(stage, number, len(todo))
        build()
