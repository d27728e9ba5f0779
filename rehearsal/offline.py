"""Make every library in the process behave offline, before any of them is imported.

Importing this module (the `rehearsal` package does it first thing) sets the Hugging Face
offline flags, turns off Gradio analytics and Chroma telemetry, and tells anything that
honours DO_NOT_TRACK not to phone home. It only sets defaults: a variable the user set
explicitly is left alone. Blocking the network itself is left to the operating system.
"""

from __future__ import annotations

import os

OFFLINE_ENVIRONMENT: dict[str, str] = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_DATASETS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "GRADIO_ANALYTICS_ENABLED": "False",
    "ANONYMIZED_TELEMETRY": "False",
    "DO_NOT_TRACK": "1",
    "TOKENIZERS_PARALLELISM": "false",
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",
    "TRANSFORMERS_VERBOSITY": "error",
}


def apply() -> None:
    """Set the offline defaults in this process's environment."""
    for name, value in OFFLINE_ENVIRONMENT.items():
        os.environ.setdefault(name, value)


apply()
