"""The sentence embedder, loaded once per process from a local folder, never from a hub.

Uses LangChain's HuggingFace integration over sentence-transformers, normalised vectors,
CPU, behind a small cache: a turn's line is read by the analysis, the safety check, the
coach and the partner's scoring, and the partner's written lines come back turn after
turn, so each text is embedded once. Which folder to load is the caller's decision, and
so is what to embed.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings

from rag.errors import EmbedderLoadError

_lock = threading.Lock()
_loaded: dict[Path, Embeddings] = {}
CACHED_TEXTS = 4096


class CachingEmbeddings(Embeddings):
    """`inner`, remembering the vectors of the last `size` texts it embedded."""

    def __init__(self, inner: Embeddings, size: int = CACHED_TEXTS) -> None:
        self.inner = inner
        self.size = size
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Each text's vector; the ones not seen lately are embedded together, in one batch."""
        with self._lock:
            missing = [text for text in dict.fromkeys(texts) if text not in self._vectors]
        fresh = self.inner.embed_documents(missing) if missing else []
        with self._lock:
            for text, vector in zip(missing, fresh, strict=True):
                self._vectors[text] = np.asarray(vector, dtype=np.float32)
            found = []
            for text in texts:
                kept = self._vectors.get(text)
                if kept is None:  # pushed out by a concurrent batch: embed it again
                    kept = np.asarray(self.inner.embed_query(text), dtype=np.float32)
                self._vectors[text] = kept
                self._vectors.move_to_end(text)
                found.append(kept.tolist())
            while len(self._vectors) > self.size:
                self._vectors.popitem(last=False)
        return found

    def embed_query(self, text: str) -> list[float]:
        """The vector of one text (the same as a document's: no query prompt is used)."""
        return self.embed_documents([text])[0]


def load_embedder(folder: Path) -> Embeddings:
    """The embedder stored in `folder`, loaded on first use and shared afterwards."""
    with _lock:
        if folder not in _loaded:
            from langchain_huggingface import HuggingFaceEmbeddings

            try:
                _loaded[folder] = CachingEmbeddings(
                    HuggingFaceEmbeddings(
                        model_name=str(folder),
                        model_kwargs={"device": "cpu", "local_files_only": True},
                        encode_kwargs={"normalize_embeddings": True},
                    )
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
