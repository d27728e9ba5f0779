"""Choose the language-model backend once, from settings.

`REHEARSE_LLM_URL` selects an OpenAI-compatible server (arrives with the serving issue);
otherwise the embedded llama.cpp model at `REHEARSE_MODEL` or the bundled GGUF. The model
file is checked here, so a bad path fails with a one-line message before anything loads.
"""

from __future__ import annotations

from rehearsal.errors import RehearseError
from rehearsal.llm.base import Backend
from rehearsal.llm.llama_cpp import LlamaCppBackend
from rehearsal.models import resolve_model_path
from rehearsal.settings import Settings


def create_backend(settings: Settings) -> Backend:
    """The backend the settings ask for (not yet loaded: models load on first use)."""
    if settings.llm_url:
        raise RehearseError(
            "REHEARSE_LLM_URL is not supported yet in this version; unset it to use the "
            "embedded model"
        )
    return LlamaCppBackend(
        resolve_model_path(settings),
        threads=settings.threads,
        context_tokens=settings.context_tokens,
        seed=settings.seed,
    )
