"""An embedded llama.cpp backend: a GGUF model loaded in this process, lazily and once.

One `Llama` instance serves every session; a lock held for the whole of each stream makes
concurrent sessions queue instead of corrupting its state. llama.cpp reuses the cached
prefix of the previous prompt by itself, so callers keep the stable part of their prompts
first. A prompt the model refuses (longer than its context) is a one-line
`BackendUnavailable`. Where the model file comes from is `rehearsal.models`' business.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rehearsal.errors import BackendUnavailable
from rehearsal.llm.base import GenerationRequest

if TYPE_CHECKING:
    from llama_cpp import Llama


class LlamaCppBackend:
    """Streams completions from a local GGUF model."""

    def __init__(self, model_path: Path, *, threads: int, context_tokens: int, seed: int) -> None:
        self.model_path = model_path
        self.threads = threads
        self.context_tokens = context_tokens
        self.seed = seed
        self._llama: Llama | None = None
        self._load_lock = threading.Lock()
        self._generate_lock = threading.Lock()

    @property
    def description(self) -> str:
        return f"llama.cpp ({self.model_path.name}, {self.threads} threads)"

    @property
    def llama(self) -> Llama:
        """The loaded model; loads it on first use."""
        with self._load_lock:
            if self._llama is None:
                from llama_cpp import Llama

                try:
                    self._llama = Llama(
                        model_path=str(self.model_path),
                        n_ctx=self.context_tokens,
                        n_threads=self.threads,
                        n_threads_batch=self.threads,
                        seed=self.seed,
                        verbose=False,
                    )
                except (ValueError, RuntimeError, OSError) as error:
                    raise BackendUnavailable(
                        f"the model {self.model_path.name} failed to load ({error}); "
                        "check REHEARSE_MODEL points to a valid GGUF file"
                    ) from None
            return self._llama

    def stream(self, request: GenerationRequest) -> Iterator[str]:
        llama = self.llama
        with self._generate_lock:
            if request.seed is not None:
                llama.set_seed(request.seed)
            try:
                chunks: Any = llama.create_completion(
                    prompt=request.prompt,
                    max_tokens=request.max_tokens,
                    temperature=request.temperature,
                    stop=list(request.stop) or None,
                    stream=True,
                )
                for chunk in chunks:
                    text = chunk["choices"][0]["text"]
                    if text:
                        yield text
            except ValueError as error:  # e.g. "Requested tokens (…) exceed context window"
                raise BackendUnavailable(
                    f"the model could not read this turn ({error}); try a shorter line"
                ) from None

    def count_tokens(self, text: str) -> int:
        """How many tokens this model reads `text` as (for budgeting its context)."""
        return len(self.llama.tokenize(text.encode("utf-8", "replace"), add_bos=True))

    def warm(self, prompt: str) -> None:
        for _ in self.stream(GenerationRequest(prompt=prompt, max_tokens=1, temperature=0.0)):
            pass
