"""The session store: every rehearsal and every turn, in SQLite under REHEARSE_HOME.

A turn is written the moment it exists (the user's line with its analysis, feedback and
state), and the partner's reply is updated sentence by sentence while it streams, each
write committed, so killing the process mid-reply loses nothing already said. Every write
is one transaction that rolls back when anything in it fails, so one bad request can never
leave the database locked or half-written for the next. Text is made storable first
(`rehearsal.text.storable`); a write SQLite refuses becomes a one-line `StoreError`. Every
session has an owner (`LOCAL_OWNER`, the person at this machine, or a web user's name);
deciding who may see which is `rehearsal.services`'. The database file is created 0600;
its tables and their migrations are `rehearsal.store_schema`'s.
Deleting a session removes its rows, overwrites them on disk (secure_delete) and truncates
the write-ahead log; files derived from a session are removed by `rehearsal.services`.
Reports and exports read `Turn`s from here.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from rehearsal.errors import StoreError
from rehearsal.private import private_file
from rehearsal.store_schema import LOCAL_OWNER, SCHEMA, SessionRecord, migrate, now
from rehearsal.text import storable
from rehearsal.turn import Turn

__all__ = ["LOCAL_OWNER", "SessionRecord", "SessionStore"]


def _json(value: Any) -> str:
    return storable(json.dumps(value, ensure_ascii=False, default=str))


class SessionStore:
    """Thread-safe access to the sessions database (one connection, one lock)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        private_file(path)  # SQLite gives its -wal and -shm files the database's mode
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.row_factory = sqlite3.Row
        for pragma in (
            "journal_mode=WAL",
            "synchronous=FULL",
            "foreign_keys=ON",
            "secure_delete=ON",
            "busy_timeout=5000",
        ):
            self._db.execute(f"PRAGMA {pragma}")
        self._db.executescript(SCHEMA)
        migrate(self._db)

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One write, all or nothing: committed on success, rolled back on any error."""
        with self._lock:
            try:
                self._db.execute("BEGIN IMMEDIATE")
                try:
                    yield self._db
                    self._db.execute("COMMIT")
                except BaseException:
                    if self._db.in_transaction:
                        self._db.execute("ROLLBACK")
                    raise
            except sqlite3.IntegrityError as error:
                if "FOREIGN KEY" in str(error):
                    raise StoreError("that session no longer exists; start a new one") from None
                raise StoreError(f"could not save to {self.path.name}: {error}") from None
            except sqlite3.Error as error:
                raise StoreError(
                    f"could not save to {self.path.name}: {error}; nothing was changed"
                ) from None

    def _read(self, sql: str, params: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self._db.execute(sql, params).fetchall()

    def create_session(
        self,
        persona: str,
        partner_name: str,
        user_name: str,
        difficulty: str,
        context: str = "",
        owner: str = LOCAL_OWNER,
    ) -> SessionRecord:
        session_id = uuid.uuid4().hex[:12]
        values = (persona, partner_name, user_name, difficulty, context, owner)
        with self._transaction() as db:
            db.execute(
                "INSERT INTO sessions (id, created_at, persona, partner_name, user_name,"
                " difficulty, context, owner) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (session_id, now(), *(storable(value) for value in values)),
            )
        return self.get_session(session_id)

    def get_session(self, session_id: str) -> SessionRecord:
        rows = self._read("SELECT * FROM sessions WHERE id = ?", (storable(session_id),))
        if not rows:
            raise KeyError(session_id)
        return SessionRecord(**dict(rows[0]))

    def list_sessions(self, owner: str | None = None) -> list[SessionRecord]:
        """The sessions of `owner` (everyone's when None), oldest first."""
        if owner is None:
            rows = self._read("SELECT * FROM sessions ORDER BY created_at, rowid")
        else:
            rows = self._read(
                "SELECT * FROM sessions WHERE owner = ? ORDER BY created_at, rowid",
                (storable(owner),),
            )
        return [SessionRecord(**dict(row)) for row in rows]

    def add_turn(self, session_id: str, turn: Turn) -> Turn:
        """Store a new turn at the end of the session; returns it with its index and time."""
        created = now()
        with self._transaction() as db:
            row = db.execute(
                "SELECT COALESCE(MAX(idx), -1) + 1 FROM turns WHERE session_id = ?", (session_id,)
            ).fetchone()
            idx = int(row[0])
            db.execute(
                "INSERT INTO turns (session_id, idx, created_at, user_text, analysis, feedback,"
                " state, partner_text, partner_done, alternative)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    session_id,
                    idx,
                    created,
                    storable(turn.user),
                    _json(turn.analysis),
                    _json(turn.coach),
                    _json(turn.state),
                    storable(turn.partner),
                    int(turn.complete),
                    int(turn.alternative),
                ),
            )
        return Turn(**{**vars(turn), "idx": idx, "created_at": created})

    def set_partner_text(self, session_id: str, idx: int, text: str, done: bool) -> None:
        with self._transaction() as db:
            db.execute(
                "UPDATE turns SET partner_text = ?, partner_done = ?"
                " WHERE session_id = ? AND idx = ?",
                (storable(text), int(done), session_id, idx),
            )

    def mark_false_alarm(self, session_id: str, idx: int) -> None:
        """Record that a safety pause was a misunderstanding (the person said so)."""
        with self._transaction() as db:
            row = db.execute(
                "SELECT analysis FROM turns WHERE session_id = ? AND idx = ?", (session_id, idx)
            ).fetchone()
            if row is None:
                return
            analysis = {**json.loads(row[0]), "false_alarm": True}
            db.execute(
                "UPDATE turns SET analysis = ? WHERE session_id = ? AND idx = ?",
                (_json(analysis), session_id, idx),
            )

    def remove_turn(self, session_id: str, idx: int) -> None:
        with self._transaction() as db:
            db.execute("DELETE FROM turns WHERE session_id = ? AND idx = ?", (session_id, idx))

    def mark_alternative(self, session_id: str, idx: int) -> None:
        """Keep a turn for comparison but out of the conversation ("try it differently")."""
        with self._transaction() as db:
            db.execute(
                "UPDATE turns SET alternative = 1 WHERE session_id = ? AND idx = ?",
                (session_id, idx),
            )

    def turns(self, session_id: str, *, alternatives: bool = False) -> list[Turn]:
        """The session's turns in order; set-aside first tries only when asked for."""
        where = "" if alternatives else " AND alternative = 0"
        rows = self._read(
            f"SELECT * FROM turns WHERE session_id = ?{where} ORDER BY idx", (session_id,)
        )
        return [
            Turn(
                user=row["user_text"],
                analysis=json.loads(row["analysis"]),
                coach=json.loads(row["feedback"]),
                state=json.loads(row["state"]),
                partner=row["partner_text"],
                complete=bool(row["partner_done"]),
                alternative=bool(row["alternative"]),
                idx=row["idx"],
                created_at=row["created_at"],
            )
            for row in rows
        ]

    def count_turns(self, session_id: str) -> int:
        rows = self._read(
            "SELECT COUNT(*) FROM turns WHERE session_id = ? AND alternative = 0", (session_id,)
        )
        return int(rows[0][0])

    def end_session(self, session_id: str) -> None:
        with self._transaction() as db:
            db.execute("UPDATE sessions SET ended_at = ? WHERE id = ?", (now(), session_id))

    def delete_session(self, session_id: str) -> None:
        """Remove the session's rows and their bytes on disk, and truncate the WAL."""
        self.get_session(session_id)
        with self._transaction() as db:
            db.execute("DELETE FROM turns WHERE session_id = ?", (session_id,))
            db.execute("DELETE FROM sessions WHERE id = ?", (session_id,))
        self._read("PRAGMA wal_checkpoint(TRUNCATE)")

    def close(self) -> None:
        with self._lock:
            self._db.close()
