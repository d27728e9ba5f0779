"""Retrieval over the article: corpus -> sections -> embeddings -> Chroma, and a retriever.

Importing `rehearsal` first makes the process offline before any embedding library loads.
"""

import rehearsal as _rehearsal  # noqa: F401  (offline flags before HF/Chroma load)
