"""Retrieval over the article: corpus -> sections -> embeddings -> Chroma; a retriever.

A library of its own: it depends on nothing in `rehearsal`. It loads models only from
local folders (`local_files_only`) and turns Chroma telemetry off in its clients; an
application that wants the whole process offline sets that up itself before importing
it (Rehearse does, in `rehearsal.offline`). Errors are `rag.errors.RagError`.
"""
