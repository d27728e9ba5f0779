"""An OpenAI-compatible HTTP backend: llama.cpp's server, vLLM, Ollama and the like.

Uses the `openai` client's plain completions endpoint (the partner's prompt is a
transcript, not a chat), streaming, with stop sequences, a timeout and bounded retries
for the connection phase. Once text has started to flow, a failure is not retried (the
caller keeps what was said). Any failure becomes `BackendUnavailable` with a one-line
message that says what to check. Prompt building is the caller's job.
"""

from __future__ import annotations

from collections.abc import Iterator

import openai

from rehearsal.errors import BackendUnavailable
from rehearsal.llm.base import GenerationRequest

RETRIES = 2


class OpenAIBackend:
    """Streams completions from an OpenAI-compatible server."""

    def __init__(self, base_url: str, *, model: str, api_key: str | None, timeout_s: float) -> None:
        self.base_url = base_url.rstrip("/")
        self.model = model
        self._client = openai.OpenAI(
            base_url=self.base_url,
            api_key=api_key or "not-needed",
            timeout=timeout_s,
            max_retries=RETRIES,
        )

    @property
    def description(self) -> str:
        return f"OpenAI-compatible server at {self.base_url} (model {self.model})"

    def _unavailable(self, error: Exception) -> BackendUnavailable:
        reason = type(error).__name__
        return BackendUnavailable(
            f"the model server at {self.base_url} did not answer ({reason}); check that it "
            "is running, or unset REHEARSE_LLM_URL to use the embedded model"
        )

    def stream(self, request: GenerationRequest) -> Iterator[str]:
        try:
            chunks = self._client.completions.create(
                model=self.model,
                prompt=request.prompt,
                max_tokens=request.max_tokens,
                temperature=request.temperature,
                stop=list(request.stop)[:4] or None,
                seed=request.seed,
                stream=True,
            )
        except openai.OpenAIError as error:
            raise self._unavailable(error) from None
        try:
            for chunk in chunks:
                if chunk.choices and chunk.choices[0].text:
                    yield chunk.choices[0].text
        except (openai.OpenAIError, OSError) as error:
            raise self._unavailable(error) from None
        except Exception as error:  # httpx stream errors surface as their own types
            if type(error).__module__.startswith(("httpx", "httpcore")):
                raise self._unavailable(error) from None
            raise

    def warm(self, prompt: str) -> None:
        """Servers with a prompt cache (llama.cpp's) keep it; failures are left to the turn."""
        try:
            for _ in self.stream(GenerationRequest(prompt=prompt, max_tokens=1, temperature=0.0)):
                pass
        except BackendUnavailable:
            pass
