"""Errors a person can act on: each carries a one-line message that says what to do.

The CLI prints `str(error)` on stderr and exits non-zero; the web app shows it in the
page. Anything else is a bug and keeps its traceback.
"""

from __future__ import annotations


class RehearseError(Exception):
    """A failure with a message meant for the person running Rehearse."""


class ModelFileError(RehearseError):
    """The GGUF model is missing, unreadable or not a GGUF file."""


class EmbedderError(RehearseError):
    """The sentence-transformers embedder folder is missing or unusable."""


class BackendUnavailable(RehearseError):
    """The language model (embedded or server) could not answer."""


class DataError(RehearseError):
    """A data file (skill registry, persona card, training rows, line bank) is out of step."""


class EmptyInputError(RehearseError):
    """A command was given nothing to work on."""


class InputTooLong(RehearseError):
    """A line is longer than anyone would say in one turn (and than the model can read)."""


class ConfigError(RehearseError):
    """A setting (environment variable or config file) is invalid, or its folder unusable."""


class StoreError(RehearseError):
    """The session database refused a write; nothing of that write was kept."""
