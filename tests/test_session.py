"""A rehearsal end to end with a scripted voice: JSON turns, safety pause, store, resume."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from rehearsal.errors import BackendUnavailable
from rehearsal.settings import Settings
from rehearsal.store import SessionStore
from rehearsal.vocabulary import SKILL_FLAGS
from tests.conftest import REPO
from tests.fakes import fake_services

CORPUS = (REPO / "corpus" / "article.md").read_text(encoding="utf-8")


def test_turn_json_has_the_design_shape(shared_settings: Settings, tmp_path: Path) -> None:
    services, _ = fake_services(shared_settings, tmp_path, "I'm fine. Really.")
    rehearsal = services.start("avoidant-attachment", "medium", "Jordan")
    turn = rehearsal.play("You never make time for me. Explain yourself.")
    assert set(turn) == {"user", "partner", "analysis", "coach", "state"}
    assert turn["partner"].strip()  # what the partner says is tested in test_partner.py
    assert set(turn["analysis"]["skills"]) == set(SKILL_FLAGS)
    assert {"tip", "section", "quote", "rewrite"} <= set(turn["coach"])  # DESIGN.md's four
    assert set(turn["coach"]) - {"tip", "section", "quote", "rewrite"} <= {"verdict", "why"}
    assert turn["coach"]["quote"] in CORPUS
    assert turn["coach"]["rewrite"]
    assert turn["state"]["openness"] < 30
    assert set(turn["state"]) == {"openness", "step", "steps_covered", "steps_attempted"}


def test_unsafe_turn_pauses_without_a_partner_reply(
    shared_settings: Settings, tmp_path: Path
) -> None:
    services, backend = fake_services(shared_settings, tmp_path)
    rehearsal = services.start("feel-unworthy")
    turn = rehearsal.play("Honestly I've been thinking about ending my life.")
    assert turn["partner"] == ""
    assert turn["analysis"]["safety"] == "self_harm"
    assert "988" in turn["coach"]["tip"] or "112" in turn["coach"]["tip"]
    assert backend.requests == []
    assert turn["state"]["openness"] == 30


def test_every_turn_is_stored_and_a_session_resumes(
    shared_settings: Settings, tmp_path: Path
) -> None:
    services, _ = fake_services(shared_settings, tmp_path, "Okay.", "Maybe.", "I'm listening.")
    rehearsal = services.start("past-relationship-trauma", "easy", "Kim")
    replies = [
        rehearsal.play(text)["partner"]
        for text in ("Is now a good time to talk?", "I feel scared when you go quiet.")
    ]
    stored = services.store.turns(rehearsal.id)
    assert [t.user for t in stored] == [
        "Is now a good time to talk?",
        "I feel scared when you go quiet.",
    ]
    assert [t.partner for t in stored] == replies and all(replies)
    resumed = services.resume(rehearsal.id)
    assert resumed.state.openness == rehearsal.state.openness
    assert resumed.tracker.covered == rehearsal.tracker.covered
    assert [e.partner for e in resumed.spoken()] == replies
    assert resumed.play("What do you need from me?")["partner"] not in ("", *replies)


KILLED_MID_REPLY = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from rehearsal.llm.fake import FakeBackend
    from rehearsal.services import Services
    from rehearsal.settings import Settings
    from rehearsal.store import SessionStore

    class SlowBackend(FakeBackend):
        def stream(self, request):
            for piece in super().stream(request):
                yield piece
                time.sleep(0.05)

    services = Services(Settings(home=Path(sys.argv[1])), backend=SlowBackend(
        ["I'm okay.", "First sentence here. Second one. " + "Still talking. " * 3]))
    services.store = SessionStore(Path(sys.argv[2]) / "sessions.sqlite3")
    rehearsal = services.start("mental-health")
    rehearsal.play("Is now an okay time to talk?")
    for event in rehearsal.send("I feel lonely when we don't talk."):
        if type(event).__name__ == "PartnerSpoke":
            print("SPOKE", flush=True)
            time.sleep(60)
    """
)


def test_sigkill_mid_reply_loses_nothing_already_said(shared_home: Path, tmp_path: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-c", KILLED_MID_REPLY, str(shared_home), str(tmp_path)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=REPO,
    )
    assert process.stdout is not None
    deadline = time.time() + 180
    while time.time() < deadline and process.stdout.readline().strip() != "SPOKE":
        pass
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    store = SessionStore(tmp_path / "sessions.sqlite3")
    (session,) = store.list_sessions()
    first, second = store.turns(session.id)
    assert (first.user, first.complete) == ("Is now an okay time to talk?", True)
    assert first.partner.strip()
    assert second.user == "I feel lonely when we don't talk."
    assert second.partner.strip() and second.partner.rstrip()[-1] in ".!?"  # a whole sentence
    assert second.complete is False
    assert second.analysis["skills"]["i_statement"] is True
    assert json.dumps(second.coach)


def test_undo_and_try_it_differently(shared_settings: Settings, tmp_path: Path) -> None:
    services, _ = fake_services(shared_settings, tmp_path, "Fine.", "Whatever.", "Thanks.")
    rehearsal = services.start("feel-unworthy", "medium", "Dee")
    rehearsal.play("Is now an okay time to talk?")
    before = rehearsal.state.openness
    rehearsal.play("You never listen to me.")
    assert rehearsal.state.openness < before
    retried = "".join(
        getattr(event, "text", "")
        for event in rehearsal.retry("I feel lonely when we go days without talking.")
    )
    assert retried.strip()
    assert rehearsal.state.openness > before
    assert rehearsal.turns[-1].user == "I feel lonely when we go days without talking."
    kept = services.store.turns(rehearsal.id, alternatives=True)
    assert [t.alternative for t in kept] == [False, True, False]
    assert len(services.store.turns(rehearsal.id)) == 2
    rehearsal.undo()
    assert rehearsal.state.openness == before
    assert len(services.store.turns(rehearsal.id)) == 1


def test_a_resumed_rehearsal_is_the_same_as_the_live_one(
    shared_settings: Settings, tmp_path: Path
) -> None:
    services, _ = fake_services(shared_settings, tmp_path)
    live = services.start("fear-of-intimacy", "hard", "Noor")
    for line in (
        "hey, have you got a minute? no pressure",
        "You never tell me anything.",
        "Sorry. I feel shut out when we stop talking.",
        "Honestly I've been thinking about ending my life.",
        "What's been going on for you?",
    ):
        live.play(line)
    resumed = services.resume(live.id)
    assert resumed.turns == live.turns
    assert resumed.state == live.state
    assert resumed.tracker == live.tracker


def test_a_failed_reply_said_again_counts_once(shared_settings: Settings, tmp_path: Path) -> None:
    services, backend = fake_services(shared_settings, tmp_path, "Okay.", "Thank you.")
    rehearsal = services.start("mental-health", "medium", "Ash")
    rehearsal.play("Is now an okay time to talk?")
    once = services.start("mental-health", "medium", "Ash")
    once.play("Is now an okay time to talk?")
    line = "I feel lonely when we go days without talking."
    backend.fail_with = "the model server did not answer"
    with pytest.raises(BackendUnavailable):
        rehearsal.play(line)
    assert [t.user for t in services.store.turns(rehearsal.id)][-1] == line
    backend.fail_with = None
    rehearsal.play(line)
    stored = services.store.turns(rehearsal.id)
    assert [t.user for t in stored] == ["Is now an okay time to talk?", line]
    assert stored[-1].complete
    once.play(line)
    assert rehearsal.state.openness == once.state.openness
    assert rehearsal.tracker == once.tracker
    assert services.report(rehearsal.id)["skills"]["i_statement"] == 1


def test_a_reply_stopped_midway_is_kept_unfinished_and_the_next_turn_follows(
    shared_settings: Settings, tmp_path: Path
) -> None:
    from collections.abc import Generator

    from rehearsal.session import PartnerSpoke

    services, _ = fake_services(shared_settings, tmp_path)
    rehearsal = services.start("avoidant-attachment")
    events = rehearsal.send("Can we talk about last weekend?")
    assert isinstance(events, Generator)
    said = next(piece.text for piece in events if isinstance(piece, PartnerSpoke))
    events.close()  # what Stop does to the reply being streamed
    [stopped] = rehearsal.turns
    assert stopped.partner == said and not stopped.complete
    assert services.store.turns(rehearsal.id)[0].partner == said
    rehearsal.play("Thank you for telling me.")
    assert [t.user for t in rehearsal.turns] == [
        "Can we talk about last weekend?",
        "Thank you for telling me.",
    ]


@pytest.mark.parametrize("line", ["\u200d", "\u200d\u200d ok", "👍"])
def test_a_line_with_nothing_to_embed_still_gets_a_coached_turn(
    shared_settings: Settings, tmp_path: Path, line: str
) -> None:
    # Found by the fuzz test: a lone zero-width joiner left the coach with no candidates.
    services, _ = fake_services(shared_settings, tmp_path, "Okay.")
    rehearsal = services.start("avoidant-attachment", "medium", "Sam")
    list(rehearsal.send("hi, can we talk for a minute?"))
    list(rehearsal.send(line))
    (last,) = services.store.turns(rehearsal.id)[-1:]
    assert last.coach["section"] and last.partner
