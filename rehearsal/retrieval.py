"""Open the retrieval stack from settings: sections, embedder, a fresh index, a retriever.

The one place that wires `rag` (a library that knows nothing of Rehearse) to Rehearse's
settings and models, so the CLI, the analyser, the coach and the web app all get the same
thing. A `rag.errors.RagError` becomes a `RehearseError` whose one line says what to do,
and so does a data folder that cannot be written or an index path that is not a folder.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from langchain_core.embeddings import Embeddings

from rag.corpus import load_sections
from rag.embeddings import embedder_fingerprint, load_embedder
from rag.errors import EmbedderLoadError, RagError
from rag.index import IngestResult, ensure_index, open_client, vector_store
from rag.retriever import Retriever
from rehearsal.errors import ConfigError, EmbedderError, RehearseError
from rehearsal.models import resolve_embedder_path
from rehearsal.private import private_dir
from rehearsal.settings import Settings

T = TypeVar("T")


@contextmanager
def _explained(settings: Settings) -> Iterator[None]:
    try:
        yield
    except EmbedderLoadError as error:
        raise EmbedderError(
            f"{error}; set REHEARSE_EMBEDDER to a sentence-transformers folder, or unset it"
        ) from None
    except RagError as error:
        hint = (
            "check that the Chroma server is running, or unset REHEARSE_CHROMA_URL"
            if settings.chroma_url
            else f"check REHEARSE_HOME ({settings.home})"
        )
        raise RehearseError(f"{error}; {hint}") from None


def _guarded(settings: Settings, build: Callable[[], T]) -> T:
    with _explained(settings):
        return build()


def embedder(settings: Settings) -> Embeddings:
    """The configured sentence embedder, loaded once per process."""
    folder = resolve_embedder_path(settings)
    return _guarded(settings, lambda: load_embedder(folder))


def _check_index_dir(settings: Settings) -> None:
    """The embedded index needs a private, writable REHEARSE_HOME and a folder to live in."""
    if settings.chroma_url:
        return
    private_dir(settings.home)
    if settings.index_dir.exists() and not settings.index_dir.is_dir():
        raise ConfigError(
            f"the index path {settings.index_dir} is a file, not a folder; move it away "
            "and run `rehearse ingest` to rebuild the index"
        )


def ingest(settings: Settings, *, rebuild: bool = False, progress: bool = False) -> IngestResult:
    """Build or refresh the index the settings point to."""
    _check_index_dir(settings)
    folder = resolve_embedder_path(settings)
    return _guarded(
        settings,
        lambda: ensure_index(
            settings.index_dir,
            settings.chroma_url,
            load_sections(settings.corpus_path),
            lambda: load_embedder(folder),
            embedder_fingerprint(folder),
            rebuild=rebuild,
            progress=progress,
        ),
    )


def open_retriever(settings: Settings) -> Retriever:
    """A retriever over a current index (built or healed first if needed)."""
    ingest(settings)

    def build() -> Retriever:
        client = open_client(settings.index_dir, settings.chroma_url)
        store = vector_store(client, embedder(settings))
        return Retriever(load_sections(settings.corpus_path), store)

    return _guarded(settings, build)
