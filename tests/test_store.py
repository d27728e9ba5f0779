"""The store under failure: a write that fails mid-turn rolls back, nothing earlier is lost,
and the next turn, other sessions and other processes carry on."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from rehearsal.errors import RehearseError, StoreError
from rehearsal.settings import Settings
from rehearsal.store import LOCAL_OWNER, SessionStore
from rehearsal.turn import Turn
from tests.fakes import fake_services


class FailingDb:
    """The store's connection, except that statements starting with `prefix` fail
    (`times` times) with the error a full disk or a broken file gives."""

    def __init__(self, db: sqlite3.Connection, prefix: str, times: int = 1) -> None:
        self._db, self.prefix, self.times, self.failed = db, prefix, times, 0

    def execute(self, sql: str, params: Any = ()) -> sqlite3.Cursor:
        if self.times and sql.lstrip().startswith(self.prefix):
            self.times -= 1
            self.failed += 1
            raise sqlite3.OperationalError("disk I/O error (injected)")
        return self._db.execute(sql, params)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._db, name)


def _assert_one_line(error: BaseException) -> None:
    assert isinstance(error, RehearseError), repr(error)
    assert str(error) and "\n" not in str(error)


@pytest.mark.parametrize("prefix", ["INSERT INTO turns", "UPDATE turns SET partner_text"])
def test_a_failed_write_mid_turn_loses_nothing_and_wedges_nothing(
    shared_settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, prefix: str
) -> None:
    services, _ = fake_services(shared_settings, tmp_path)
    store = services.store
    mine = services.start("avoidant-attachment", "medium", "Jordan")
    other = services.start("mental-health", "easy", "Kim")
    mine.play("Is now a good time to talk?")
    other.play("Hey, how was your day?")
    before = [t.user for t in store.turns(mine.id)]

    failing = FailingDb(store._db, prefix, times=2)  # the retry in the except fails too
    monkeypatch.setattr(store, "_db", failing)
    with pytest.raises(RehearseError) as raised:
        mine.play("I feel lonely when we go days without talking.")
    _assert_one_line(raised.value)
    assert failing.failed >= 1
    assert not store._db.in_transaction, "a failed write left its transaction open"
    monkeypatch.setattr(store, "_db", failing._db)

    # Nothing said before is lost; the next turn, the other session and a new one all work.
    assert [t.user for t in store.turns(mine.id)][: len(before)] == before
    assert mine.play("What's been on your mind lately?")["user"] == (
        "What's been on your mind lately?"
    )
    assert other.play("Would you like a quiet evening together?")["partner"]
    assert services.start("feel-unworthy").play("Hi, love.")["user"] == "Hi, love."
    assert [t.user for t in store.turns(other.id)] == [
        "Hey, how was your day?",
        "Would you like a quiet evening together?",
    ]
    # Another process can write: no lock was left behind.
    elsewhere = SessionStore(store.path)
    elsewhere.create_session("mental-health", "Ash", "", "easy")
    elsewhere.close()


def test_the_transaction_rolls_back_every_statement_of_a_failed_write(tmp_path: Path) -> None:
    store = SessionStore(tmp_path / "s.sqlite3")
    session = store.create_session("mental-health", "Ash", "", "easy")
    store.add_turn(session.id, Turn("first", {}, {}, {"openness": 30}))
    with pytest.raises(ZeroDivisionError), store._transaction() as db:
        db.execute("DELETE FROM turns WHERE session_id = ?", (session.id,))
        _ = 1 / 0
    assert [t.user for t in store.turns(session.id)] == ["first"]
    assert not store._db.in_transaction


def test_a_line_sent_after_its_session_was_deleted_is_one_line(
    shared_settings: Settings, tmp_path: Path
) -> None:
    services, _ = fake_services(shared_settings, tmp_path)
    gone = services.start("avoidant-attachment")
    kept = services.start("avoidant-attachment")
    services.delete(gone.id)
    with pytest.raises(StoreError, match="no longer exists") as raised:
        gone.play("Are you still there?")
    _assert_one_line(raised.value)
    assert kept.play("Are you still there?")["partner"]
    assert [r.id for r in services.store.list_sessions()] == [kept.id]


def test_text_sqlite_refuses_is_repaired_before_it_is_written(tmp_path: Path) -> None:
    store = SessionStore(tmp_path / "s.sqlite3")
    session = store.create_session("mental-health", "A\ud800sh\x00", "", "easy", "ctx\udfff")
    turn = store.add_turn(session.id, Turn("I feel \ud800 sad\x00", {"t": "\ud83d"}, {}, {}))
    store.set_partner_text(session.id, turn.idx, "ok\udc00", done=True)
    (stored,) = store.turns(session.id)
    assert stored.user == "I feel \ufffd sad" and stored.partner == "ok\ufffd"
    assert stored.analysis == {"t": "\ufffd"}
    assert store.get_session(session.id).partner_name == "A\ufffdsh"


def test_an_old_database_gains_owners_and_its_sessions_are_the_local_persons(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.sqlite3"
    old = sqlite3.connect(path)
    old.executescript(
        "CREATE TABLE sessions (id TEXT PRIMARY KEY, created_at TEXT NOT NULL, persona TEXT"
        " NOT NULL, partner_name TEXT NOT NULL, user_name TEXT NOT NULL, difficulty TEXT NOT"
        " NULL, context TEXT NOT NULL DEFAULT '', ended_at TEXT);"
        "INSERT INTO sessions VALUES ('0123456789ab', '2026-01-01T00:00:00+00:00',"
        " 'mental-health', 'Ash', '', 'easy', '', NULL);"
    )
    old.commit()
    old.close()
    store = SessionStore(path)
    (record,) = store.list_sessions(LOCAL_OWNER)
    assert record.id == "0123456789ab" and record.owner == LOCAL_OWNER
    assert store.list_sessions("alice") == []
    store.create_session("mental-health", "Kim", "", "easy", owner="alice")
    assert [r.partner_name for r in store.list_sessions("alice")] == ["Kim"]
