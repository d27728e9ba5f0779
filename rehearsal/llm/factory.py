"""Choose the language-model backend once, from settings.

`REHEARSE_LLM_URL` selects an OpenAI-compatible server (`rehearsal.llm.openai_http`);
otherwise the embedded llama.cpp model at `REHEARSE_MODEL` or the bundled GGUF. The model
file is checked here, so a bad path fails with a one-line message before anything loads.
"""

from __future__ import annotations

from rehearsal.llm.base import Backend
from rehearsal.llm.llama_cpp import LlamaCppBackend
from rehearsal.models import resolve_model_path
from rehearsal.settings import Settings


def create_backend(settings: Settings) -> Backend:
    """The backend the settings ask for (not yet loaded: models load on first use)."""
    if settings.llm_url:
        from rehearsal.llm.openai_http import OpenAIBackend

        key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else None
        return OpenAIBackend(
            settings.llm_url,
            model=settings.llm_model_name,
            api_key=key,
            timeout_s=settings.llm_timeout_s,
        )
    return LlamaCppBackend(
        resolve_model_path(settings),
        threads=settings.threads,
        context_tokens=settings.context_tokens,
        seed=settings.seed,
    )
