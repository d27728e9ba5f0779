"""The language-model seam: one small protocol, several interchangeable backends.

`base` defines the protocol; `llama_cpp` runs a GGUF in-process; `openai_http` talks to
any OpenAI-compatible server (llama.cpp's, vLLM, Ollama); `fake` replays scripted replies
for tests; `factory.create_backend` picks one from settings, once.
"""

from rehearsal.llm.base import Backend, GenerationRequest
from rehearsal.llm.factory import create_backend

__all__ = ["Backend", "GenerationRequest", "create_backend"]
