"""The sentence embedder, loaded once per process from a local folder, never from a hub.

Uses LangChain's HuggingFace integration over sentence-transformers, normalised vectors,
CPU. Which folder to load is the caller's decision, and so is what to embed.
"""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path

from langchain_core.embeddings import Embeddings

from rag.errors import EmbedderLoadError

_lock = threading.Lock()
_loaded: dict[Path, Embeddings] = {}


def load_embedder(folder: Path) -> Embeddings:
    """The embedder stored in `folder`, loaded on first use and shared afterwards."""
    with _lock:
        if folder not in _loaded:
            from langchain_huggingface import HuggingFaceEmbeddings

            try:
                _loaded[folder] = HuggingFaceEmbeddings(
                    model_name=str(folder),
                    model_kwargs={"device": "cpu", "local_files_only": True},
                    encode_kwargs={"normalize_embeddings": True},
                )
            except (OSError, ValueError) as error:
                raise EmbedderLoadError(f"cannot load the embedder at {folder}: {error}") from None
        return _loaded[folder]


def embedder_fingerprint(folder: Path) -> str:
    """A short hash of the embedder's identity (its config files), for index freshness."""
    digest = hashlib.sha256(folder.name.encode())
    for name in ("config.json", "modules.json", "sentence_bert_config.json"):
        path = folder / name
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
