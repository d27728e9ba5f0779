"""`rehearse ingest` and `rehearse retrieve`: build the index, query it, as DESIGN.md says."""

from __future__ import annotations

from pathlib import Path

import typer

from rehearsal.commands.common import emit, read_batch, require_text
from rehearsal.settings import get_settings


def ingest(
    rebuild: bool = typer.Option(False, "--rebuild", help="Rebuild even if the index is current."),
) -> None:
    """Build or refresh the search index of the article (does nothing when current)."""
    from rehearsal.retrieval import ingest as run_ingest

    result = run_ingest(get_settings(), rebuild=rebuild, progress=True)
    state = "built" if result.built else "already current"
    typer.echo(f"index {state}: {result.records} records", err=True)


def retrieve(
    query: str | None = typer.Argument(None, help="What to look up, in plain words."),
    k: int = typer.Option(3, "-k", min=1, max=50, help="How many sections to return."),
    batch: Path | None = typer.Option(
        None, "--batch", help='File of JSON lines {"query": ...} (- for stdin).'
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of text."),
) -> None:
    """Find the article's sections that answer QUERY, best first."""
    from rehearsal.retrieval import open_retriever

    if batch is None:
        require_text(query, "query")
    retriever = open_retriever(get_settings())
    queries = read_batch(batch, "query") if batch is not None else [query or ""]
    for text in queries:
        hits = retriever.retrieve(text, k=k)
        if as_json or batch is not None:
            emit({"query": text, "results": [hit.as_json() for hit in hits]})
            continue
        for rank, hit in enumerate(hits, start=1):
            typer.echo(f"{rank}. [{hit.section}] {hit.title} ({hit.score:.3f})\n   {hit.text}\n")


def register(app: typer.Typer) -> None:
    app.command()(ingest)
    app.command()(retrieve)
