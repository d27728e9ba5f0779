"""Open the retrieval stack from settings: sections, embedder, a fresh index, a retriever.

This is the one place that wires `rag.corpus`, `rag.embeddings`, `rag.index` and
`rag.retriever` together, so the CLI, the coach and the web app all get the same thing.
"""

from __future__ import annotations

from rag.corpus import load_sections
from rag.embeddings import embedder_fingerprint, load_embedder
from rag.index import COLLECTION, IngestResult, ensure_index, open_client
from rag.retriever import Retriever
from rehearsal.models import resolve_embedder_path
from rehearsal.settings import Settings


def ingest(settings: Settings, *, rebuild: bool = False, progress: bool = False) -> IngestResult:
    """Build or refresh the index the settings point to."""
    folder = resolve_embedder_path(settings)
    return ensure_index(
        settings.index_dir,
        settings.chroma_url,
        load_sections(settings.corpus_path),
        lambda: load_embedder(folder),
        embedder_fingerprint(folder),
        rebuild=rebuild,
        progress=progress,
    )


def open_retriever(settings: Settings) -> Retriever:
    """A retriever over a current index (built or healed first if needed)."""
    ingest(settings)
    embedder = load_embedder(resolve_embedder_path(settings))
    collection = open_client(settings.index_dir, settings.chroma_url).get_collection(COLLECTION)
    return Retriever(load_sections(settings.corpus_path), collection, embedder)
