"""Real servers for the server tests: the bundled model behind llama-cpp-python's
OpenAI-compatible server, and a Chroma server, each on a free loopback port.

Each context manager yields a running `ServerProcess` (its `url` is what the REHEARSE_*
settings take; `stop()`, `start()` and `restart()` keep the same port) and always stops
it. Starting, waiting and stopping are `evals.servers`' business, shared with the load test.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from evals.servers import ServerProcess, chroma_server, free_port, llama_server
from rehearsal.models import resolve_model_path
from rehearsal.settings import Settings

__all__ = ["ServerProcess", "free_port", "running_chroma", "running_llama"]


@contextmanager
def running_llama(log_dir: Path, *, threads: int = 2) -> Iterator[ServerProcess]:
    """The bundled GGUF served at `server.url` (`http://127.0.0.1:PORT/v1`)."""
    model = resolve_model_path(Settings(model=None))
    with llama_server(model, log_dir, threads=threads) as server:
        yield server


@contextmanager
def running_chroma(data_dir: Path, log_dir: Path) -> Iterator[ServerProcess]:
    """A Chroma server storing in `data_dir`, at `server.url` (`http://127.0.0.1:PORT`)."""
    with chroma_server(data_dir, log_dir) as server:
        yield server
