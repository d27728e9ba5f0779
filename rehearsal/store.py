"""The session store: every rehearsal and every turn, in SQLite under REHEARSE_HOME.

A turn is written the moment it exists (the user's line with its analysis, feedback and
state), and the partner's reply is updated sentence by sentence while it streams, each
write committed, so killing the process mid-reply loses nothing already said. Deleting a
session removes its rows, overwrites them on disk (secure_delete), truncates the write-
ahead log and removes its exported files. Reports and exports read from here.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
    id TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    persona TEXT NOT NULL,
    partner_name TEXT NOT NULL,
    user_name TEXT NOT NULL,
    difficulty TEXT NOT NULL,
    context TEXT NOT NULL DEFAULT '',
    ended_at TEXT
);
CREATE TABLE IF NOT EXISTS turns (
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    user_text TEXT NOT NULL,
    analysis TEXT NOT NULL,
    feedback TEXT NOT NULL,
    state TEXT NOT NULL,
    partner_text TEXT NOT NULL DEFAULT '',
    partner_done INTEGER NOT NULL DEFAULT 0,
    alternative INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (session_id, idx)
);
"""


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class SessionRecord:
    id: str
    created_at: str
    persona: str
    partner_name: str
    user_name: str
    difficulty: str
    context: str
    ended_at: str | None


@dataclass(frozen=True)
class TurnRecord:
    idx: int
    created_at: str
    user_text: str
    analysis: dict[str, Any]
    feedback: dict[str, Any]
    state: dict[str, Any]
    partner_text: str
    partner_done: bool
    alternative: bool = False


class SessionStore:
    """Thread-safe access to the sessions database (one connection, one lock)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.exports_dir = path.parent / "exports"
        path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.row_factory = sqlite3.Row
        for pragma in (
            "journal_mode=WAL",
            "synchronous=FULL",
            "foreign_keys=ON",
            "secure_delete=ON",
        ):
            self._db.execute(f"PRAGMA {pragma}")
        self._db.executescript(SCHEMA)
        self._migrate()

    def _migrate(self) -> None:
        """Bring a database written by an earlier version up to this schema."""
        columns = {row[1] for row in self._db.execute("PRAGMA table_info(turns)")}
        if "alternative" not in columns:
            self._db.execute("ALTER TABLE turns ADD COLUMN alternative INTEGER NOT NULL DEFAULT 0")

    def _run(self, sql: str, params: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self._db.execute(sql, params).fetchall()

    def create_session(
        self, persona: str, partner_name: str, user_name: str, difficulty: str, context: str = ""
    ) -> SessionRecord:
        session_id = uuid.uuid4().hex[:12]
        self._run(
            "INSERT INTO sessions (id, created_at, persona, partner_name, user_name, difficulty,"
            " context) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (session_id, now(), persona, partner_name, user_name, difficulty, context),
        )
        return self.get_session(session_id)

    def get_session(self, session_id: str) -> SessionRecord:
        rows = self._run("SELECT * FROM sessions WHERE id = ?", (session_id,))
        if not rows:
            raise KeyError(session_id)
        return SessionRecord(**dict(rows[0]))

    def list_sessions(self) -> list[SessionRecord]:
        rows = self._run("SELECT * FROM sessions ORDER BY created_at, rowid")
        return [SessionRecord(**dict(row)) for row in rows]

    def add_turn(
        self,
        session_id: str,
        user_text: str,
        analysis: dict[str, Any],
        feedback: dict[str, Any],
        state: dict[str, Any],
    ) -> int:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            row = self._db.execute(
                "SELECT COALESCE(MAX(idx), -1) + 1 FROM turns WHERE session_id = ?", (session_id,)
            ).fetchone()
            idx = int(row[0])
            self._db.execute(
                "INSERT INTO turns (session_id, idx, created_at, user_text, analysis, feedback,"
                " state) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    session_id,
                    idx,
                    now(),
                    user_text,
                    json.dumps(analysis),
                    json.dumps(feedback),
                    json.dumps(state),
                ),
            )
            self._db.execute("COMMIT")
        return idx

    def set_partner_text(self, session_id: str, idx: int, text: str, done: bool) -> None:
        self._run(
            "UPDATE turns SET partner_text = ?, partner_done = ? WHERE session_id = ? AND idx = ?",
            (text, int(done), session_id, idx),
        )

    def remove_turn(self, session_id: str, idx: int) -> None:
        self._run("DELETE FROM turns WHERE session_id = ? AND idx = ?", (session_id, idx))

    def mark_alternative(self, session_id: str, idx: int) -> None:
        """Keep a turn for comparison but out of the conversation ("try it differently")."""
        self._run(
            "UPDATE turns SET alternative = 1 WHERE session_id = ? AND idx = ?", (session_id, idx)
        )

    def turns(self, session_id: str, *, alternatives: bool = False) -> list[TurnRecord]:
        """The session's turns in order; set-aside first tries only when asked for."""
        where = "" if alternatives else " AND alternative = 0"
        rows = self._run(
            f"SELECT * FROM turns WHERE session_id = ?{where} ORDER BY idx", (session_id,)
        )
        return [
            TurnRecord(
                idx=row["idx"],
                created_at=row["created_at"],
                user_text=row["user_text"],
                analysis=json.loads(row["analysis"]),
                feedback=json.loads(row["feedback"]),
                state=json.loads(row["state"]),
                partner_text=row["partner_text"],
                partner_done=bool(row["partner_done"]),
                alternative=bool(row["alternative"]),
            )
            for row in rows
        ]

    def end_session(self, session_id: str) -> None:
        self._run("UPDATE sessions SET ended_at = ? WHERE id = ?", (now(), session_id))

    def export_paths(self, session_id: str) -> tuple[Path, Path]:
        return (self.exports_dir / f"{session_id}.md", self.exports_dir / f"{session_id}.json")

    def delete_session(self, session_id: str) -> None:
        """Remove every trace: rows, their bytes on disk, the WAL, exported files."""
        self.get_session(session_id)
        self._run("DELETE FROM turns WHERE session_id = ?", (session_id,))
        self._run("DELETE FROM sessions WHERE id = ?", (session_id,))
        self._run("PRAGMA wal_checkpoint(TRUNCATE)")
        for path in self.export_paths(session_id):
            path.unlink(missing_ok=True)

    def close(self) -> None:
        with self._lock:
            self._db.close()
