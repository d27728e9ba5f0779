"""Rehearse against real servers: the partner in llama-cpp-python's OpenAI-compatible
server and the index in a Chroma server, chosen by settings alone; and what a person sees
when the model server goes away mid-session and comes back.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evals.retrieval import load_cases
from rehearsal.errors import BackendUnavailable
from rehearsal.services import Services
from rehearsal.settings import Settings
from rehearsal.store import SessionStore
from tests.conftest import REPO
from tests.servers import free_port, running_chroma, running_llama

CORPUS = (REPO / "corpus" / "article.md").read_text(encoding="utf-8")
MIXED = REPO / "evals" / "data" / "scripts" / "mixed.txt"
SKILLED = (REPO / "evals" / "data" / "scripts" / "skilled.txt").read_text().splitlines()


@pytest.mark.slow
def test_ingest_and_chat_through_both_servers(run_cli, tmp_path: Path) -> None:
    home = tmp_path / "home"
    with running_llama(tmp_path) as llama, running_chroma(tmp_path / "chroma", tmp_path) as chroma:
        urls = {"REHEARSE_LLM_URL": llama.url, "REHEARSE_CHROMA_URL": chroma.url}
        ingest = run_cli("ingest", home=home, **urls)
        assert ingest.returncode == 0, ingest.stderr
        assert not (home / "index").exists()  # the index went to the server
        args = ("chat", "--persona", "avoidant-attachment", "--script", str(MIXED), "--json")
        chat = run_cli(*args, home=home, **urls)
    assert chat.returncode == 0, chat.stderr
    turns = [json.loads(line) for line in chat.stdout.splitlines()]
    assert len(turns) == 10
    assert [t["user"] for t in turns] == [line for line in MIXED.read_text().splitlines() if line]
    assert all(t["partner"].strip() for t in turns)
    assert all(isinstance(t["coach"]["quote"], str) for t in turns)
    assert all(t["coach"]["quote"] in CORPUS for t in turns)


@pytest.mark.slow
def test_chroma_server_ranks_like_the_embedded_store(
    retriever, shared_home: Path, tmp_path: Path
) -> None:
    """Ingest into an empty Chroma server, then rank every dev query through it."""
    from rehearsal.retrieval import open_retriever

    with running_chroma(tmp_path / "chroma", tmp_path) as chroma:
        served = open_retriever(Settings(home=tmp_path / "home", chroma_url=chroma.url))
        assert not (tmp_path / "home" / "index").exists()
        for case in load_cases():
            expected = retriever.retrieve(case.query, k=3)
            got = served.retrieve(case.query, k=3)
            assert [h.section for h in got] == [h.section for h in expected], case.query
            for ours, theirs in zip(got, expected, strict=True):
                assert ours.score == pytest.approx(theirs.score, abs=1e-3), case.query


@pytest.mark.slow
def test_model_server_dies_mid_session_and_comes_back(shared_home: Path, tmp_path: Path) -> None:
    with running_llama(tmp_path) as server:
        services = Services(Settings(home=shared_home, llm_url=server.url))
        services.store = SessionStore(tmp_path / "sessions.sqlite3")
        rehearsal = services.start("avoidant-attachment", "medium", "Jordan")
        for text in SKILLED[:2]:
            assert rehearsal.play(text)["partner"].strip()

        server.stop()
        with pytest.raises(BackendUnavailable) as failure:
            rehearsal.play(SKILLED[2])
        message = str(failure.value)
        assert server.url in message and "\n" not in message

        stored = services.store.turns(rehearsal.id)
        assert [t.user for t in stored] == SKILLED[:3]
        assert all(t.complete and t.partner.strip() for t in stored[:2])
        third = stored[2]
        assert third.analysis["skills"] and third.coach["section"] and third.state
        assert not third.complete

        server.start()
        fourth = rehearsal.play(SKILLED[3])
        assert fourth["partner"].strip()
        stored = services.store.turns(rehearsal.id)
        assert len(stored) == 4 and stored[3].complete and stored[3].partner.strip()


@pytest.mark.slow
def test_cli_says_in_one_line_when_no_model_server_answers(run_cli, tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}/v1"
    args = ("chat", "--script", str(MIXED), "--json")
    result = run_cli(*args, home=tmp_path, REHEARSE_LLM_URL=url)
    assert result.returncode == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith(f"rehearse: the model server at {url} ")
    assert sum(url in line for line in result.stderr.splitlines()) == 1
