"""Where Rehearse's own files are: package data read through `importlib.resources`.

Three places ship inside the installed package: the prompts and persona cards
(`rehearsal.prompts`, the repository's top-level `prompts/`), the article
(`rehearsal.corpus`, the top-level `corpus/`) and the trained-analysis data
(`rehearsal/data/`). Nothing resolves through a checkout, so a wheel runs anywhere; the
settings (`prompts_dir`, `corpus_path`) can still point elsewhere. `regex_table` reads the
one format several of them share (section id = regex). What the files mean is left to the
modules that read them.
"""

from __future__ import annotations

import re
import tomllib
from importlib.resources import files
from pathlib import Path

from rehearsal.errors import DataError


def _folder(package: str) -> Path:
    # Installed packages live on the file system (Rehearse is not zip-safe): a real path.
    return Path(str(files(package)))


def data_file(name: str) -> Path:
    """A file of `rehearsal/data/` (cues, skills, training examples, safety tables)."""
    return _folder("rehearsal") / "data" / name


def regex_table(path: Path) -> dict[str, re.Pattern[str]]:
    """A TOML file of `id = 'regex'`, each compiled case-insensitively; a DataError naming
    the file when it cannot be read or a pattern does not compile."""
    try:
        with path.open("rb") as handle:
            return {key: re.compile(p, re.IGNORECASE) for key, p in tomllib.load(handle).items()}
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, re.error) as error:
        raise DataError(f"cannot read {path}: {error}") from None


def default_prompts_dir() -> Path:
    """The bundled prompts folder: templates, persona cards, line banks, support texts."""
    return _folder("rehearsal.prompts")


def default_corpus_path() -> Path:
    """The bundled article, as Markdown with a section id on every heading."""
    return _folder("rehearsal.corpus") / "article.md"
