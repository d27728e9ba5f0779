"""Build and open the Chroma index of the article: one record per passage and per question.

The chunks are the article's sections, as LangChain's Markdown header splitter cuts them
(`rag.corpus`): every section is short (at most a few hundred words), so a second,
size-based split would cut nothing. Each passage is embedded with its heading as context
and each enrichment question is its own record pointing at its section, all written through
LangChain's Chroma vector store. The collection records a fingerprint of corpus +
questions + embedder, so ingesting again does no work unless one of them changed. A missing
or corrupt embedded store is rebuilt with one log line. Ranking is left to `rag.retriever`.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings

from rag.corpus import Section
from rag.errors import IndexUnavailable, RagError

log = logging.getLogger(__name__)

COLLECTION = "article"
INDEX_FORMAT = 3


@dataclass(frozen=True)
class IngestResult:
    """What an ingest did: `built` is False when the index was already fresh."""

    built: bool
    records: int
    fingerprint: str


def fingerprint(sections: tuple[Section, ...], embedder_id: str) -> str:
    """A hash of everything the index's content depends on."""
    payload = {
        "format": INDEX_FORMAT,
        "embedder": embedder_id,
        "sections": [[s.id, s.title, s.text, list(s.questions)] for s in sections],
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()[:32]


def record_id(metadata: dict[str, Any]) -> str:
    """`kind:section:number`: stable ids, so a rebuild replaces records instead of adding."""
    return f"{metadata['kind']}:{metadata['section']}:{metadata['chunk']}"


def documents_for(sections: tuple[Section, ...]) -> list[Document]:
    """One passage per section (with its heading as context) and the question records."""
    documents: list[Document] = []
    for section in sections:
        meta = {**section.metadata(), "kind": "passage", "chunk": 0}
        documents.append(Document(page_content=f"{section.title}. {section.text}", metadata=meta))
        for number, question in enumerate(section.questions):
            meta = {**section.metadata(), "kind": "question", "chunk": number}
            documents.append(Document(page_content=question, metadata=meta))
    return documents


def open_client(index_dir: Path, chroma_url: str | None) -> Any:
    """A Chroma client: the embedded store under `index_dir`, or a server at `chroma_url`."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=True)
    if chroma_url:
        from urllib.parse import urlparse

        url = urlparse(chroma_url)
        return chromadb.HttpClient(
            host=url.hostname or "127.0.0.1",
            port=url.port or 8000,
            ssl=url.scheme == "https",
            settings=chroma_settings,
        )
    index_dir.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(index_dir), settings=chroma_settings)


def forget_clients() -> None:
    """Drop Chroma's per-path client cache, which would keep serving a broken store."""
    from chromadb.api.shared_system_client import SharedSystemClient

    SharedSystemClient._identifier_to_system.clear()


def stored_fingerprint(client: Any) -> str | None:
    """The fingerprint recorded on the collection, or None when there is no usable one."""
    try:
        collection = client.get_collection(COLLECTION)
        if collection.count() == 0:
            return None
        return str((collection.metadata or {}).get("fingerprint")) or None
    except Exception:  # chroma raises several types for a missing collection
        return None


def write_index(
    client: Any, sections: tuple[Section, ...], embedder: Embeddings, stamp: str, progress: bool
) -> IngestResult:
    """(Re)create the collection with every passage and question, embedded in batches."""
    from langchain_chroma import Chroma
    from tqdm import tqdm

    with contextlib.suppress(Exception):  # not there yet
        client.delete_collection(COLLECTION)
    store = Chroma(
        client=client,
        collection_name=COLLECTION,
        embedding_function=embedder,
        collection_metadata={"fingerprint": stamp, "hnsw:space": "cosine"},
    )
    documents = documents_for(sections)
    batches = [documents[i : i + 64] for i in range(0, len(documents), 64)]
    for batch in tqdm(batches, desc="Indexing the article", unit="batch", disable=not progress):
        ids = [record_id(d.metadata) for d in batch]
        store.add_documents(batch, ids=ids)
    return IngestResult(built=True, records=len(documents), fingerprint=stamp)


def ensure_index(
    index_dir: Path,
    chroma_url: str | None,
    sections: tuple[Section, ...],
    embedder: Callable[[], Embeddings],
    embedder_id: str,
    *,
    rebuild: bool = False,
    progress: bool = False,
) -> IngestResult:
    """Make the index current: no work when it already is, a rebuild when not or asked.

    `embedder` is only called (and the model only loaded) when there is work to do.
    """
    wanted = fingerprint(sections, embedder_id)
    if not chroma_url and index_dir.exists() and not index_dir.is_dir():
        raise IndexUnavailable(f"the index path {index_dir} is a file, not a folder")
    try:
        client = open_client(index_dir, chroma_url)
        current = stored_fingerprint(client)
    except Exception as error:
        if chroma_url:
            raise IndexUnavailable(
                f"the Chroma server at {chroma_url} did not answer ({type(error).__name__})"
            ) from None
        log.warning("the search index at %s was unreadable (%s); rebuilding it", index_dir, error)
        forget_clients()
        shutil.rmtree(index_dir, ignore_errors=True)
        client = _open_or_explain(index_dir)
        current = None
    if current == wanted and not rebuild:
        count = client.get_collection(COLLECTION).count()
        return IngestResult(built=False, records=count, fingerprint=wanted)
    if current is None and not rebuild:
        log.warning("no current search index found; building it")
    try:
        return write_index(client, sections, embedder(), wanted, progress)
    except Exception as error:
        if isinstance(error, IndexUnavailable | RagError):
            raise
        where = chroma_url or str(index_dir)
        raise IndexUnavailable(
            f"could not write the search index at {where} ({type(error).__name__}: "
            f"{str(error).splitlines()[0] if str(error) else 'no detail'})"
        ) from None


def _open_or_explain(index_dir: Path) -> Any:
    try:
        return open_client(index_dir, None)
    except Exception as error:
        raise IndexUnavailable(
            f"cannot open the search index at {index_dir} ({type(error).__name__}); check "
            "that the folder is writable"
        ) from None


def vector_store(client: Any, embedder: Embeddings) -> Any:
    """The index as LangChain's Chroma vector store, for reading."""
    from langchain_chroma import Chroma

    try:
        client.get_collection(COLLECTION)
    except Exception as error:
        raise IndexUnavailable(f"the search index has no collection ({error})") from None
    return Chroma(client=client, collection_name=COLLECTION, embedding_function=embedder)
