"""The one error type of `rag`: something the caller can report in one line.

`rag` does not know how its caller talks to people; the caller (Rehearse's
`rehearsal.retrieval`) turns a `RagError` into its own error with its own advice.
"""

from __future__ import annotations


class RagError(Exception):
    """Retrieval cannot work: the embedder, the corpus or the index is unusable."""


class EmbedderLoadError(RagError):
    """The sentence-transformers folder could not be loaded."""


class IndexUnavailable(RagError):
    """The Chroma store (embedded or server) could not be opened or queried."""
