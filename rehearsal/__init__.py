"""Rehearse: practise a hard conversation with a simulated partner, with a coach beside you.

The package's first act is to make the process offline (see `rehearsal.offline`), so that
no library imported later can reach a model hub or send telemetry.
"""

from rehearsal import offline as _offline  # noqa: F401  (must run before HF/Gradio/Chroma load)

__version__ = "0.1.0"
