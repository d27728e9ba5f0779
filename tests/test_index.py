"""The Chroma index: each passage once, idempotent ingest, self-healing when damaged."""

from __future__ import annotations

from pathlib import Path

from rag.index import COLLECTION, open_client
from rehearsal.retrieval import ingest
from rehearsal.settings import Settings
from tests.test_corpus import EXPECTED_LEAVES


def test_every_leaf_passage_is_indexed_exactly_once(shared_settings: Settings) -> None:
    collection = open_client(shared_settings.index_dir, None).get_collection(COLLECTION)
    passages = collection.get(where={"kind": "passage"}, include=["metadatas"])
    sections = [meta["section"] for meta in passages["metadatas"]]
    leaf_sections = [sid for sid in sections if sid in EXPECTED_LEAVES]
    assert sorted(leaf_sections) == sorted(EXPECTED_LEAVES)
    questions = collection.get(where={"kind": "question"}, include=["metadatas"])
    assert {meta["section"] for meta in questions["metadatas"]} >= EXPECTED_LEAVES


def test_second_ingest_does_no_work(shared_settings: Settings) -> None:
    again = ingest(shared_settings)
    assert again.built is False
    assert again.records > 40


def test_rebuild_is_forced_on_request(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path)
    first = ingest(settings)
    forced = ingest(settings, rebuild=True)
    assert first.built and forced.built
    assert forced.fingerprint == first.fingerprint and forced.records == first.records


def test_deleted_index_heals_itself(run_cli, tmp_path: Path) -> None:
    assert run_cli("ingest", home=tmp_path).returncode == 0
    for path in sorted((tmp_path / "index").rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    result = run_cli(
        "retrieve", "why does she go cold after a great weekend?", "--json", home=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert '"section"' in result.stdout


def test_corrupted_index_heals_itself_with_one_log_line(run_cli, tmp_path: Path) -> None:
    assert run_cli("ingest", home=tmp_path).returncode == 0
    database = tmp_path / "index" / "chroma.sqlite3"
    database.write_bytes(b"this is not a database" * 100)
    result = run_cli("ingest", home=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "rebuilding" in result.stderr
    assert "Traceback" not in result.stderr
    assert "index built" in result.stderr
