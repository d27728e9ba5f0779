"""Render the prompt templates in prompts/ with Jinja, failing loudly on a missing value.

Every prompt the app sends lives as a file under prompts/ (`*.j2`); `StrictUndefined`
turns a typo in a template or a forgotten variable into an error instead of a silently
empty prompt. What goes into the templates is decided by the modules that call `render`.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template


@lru_cache(maxsize=4)
def environment(prompts_dir: Path) -> Environment:
    return Environment(
        loader=FileSystemLoader(str(prompts_dir)),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
    )


def render(prompts_dir: Path, template: str, **values: Any) -> str:
    """The template `template` (a path under prompts_dir) rendered with `values`."""
    return environment(prompts_dir).get_template(template).render(**values)


@lru_cache(maxsize=4096)
def _compiled(prompts_dir: Path, source: str) -> Template:
    # Compiling is most of the cost of a short template (about half a millisecond each, and
    # a coaching turn renders seven); the texts are the writers' banks, so few and reused.
    return environment(prompts_dir).from_string(source)


def render_string(prompts_dir: Path, source: str, **values: Any) -> str:
    """A template given as text (e.g. a persona card field), rendered strictly."""
    return _compiled(prompts_dir, source).render(**values)
