"""The session database's tables, the record of a session, and bringing old files up to date.

Two tables: `sessions` (who, with which persona and partner, whose: `owner`) and `turns`
(each line with its analysis, feedback, state and the partner's reply). `migrate` adds the
columns later versions introduced to a database written by an earlier one, in place:
sessions from before owners existed belong to the local person (`LOCAL_OWNER`). Reading
and writing rows is `rehearsal.store`'s.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime

LOCAL_OWNER = ""  # the person at this machine: the CLI, and the web app without REHEARSE_AUTH

SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
    id TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    persona TEXT NOT NULL,
    partner_name TEXT NOT NULL,
    user_name TEXT NOT NULL,
    difficulty TEXT NOT NULL,
    context TEXT NOT NULL DEFAULT '',
    ended_at TEXT,
    owner TEXT NOT NULL DEFAULT ''
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
    """The time now, as stored (UTC, to the second)."""
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
    owner: str = LOCAL_OWNER


def migrate(db: sqlite3.Connection) -> None:
    """Bring a database written by an earlier version up to this schema."""
    columns = {row[1] for row in db.execute("PRAGMA table_info(turns)")}
    if "alternative" not in columns:
        db.execute("ALTER TABLE turns ADD COLUMN alternative INTEGER NOT NULL DEFAULT 0")
    columns = {row[1] for row in db.execute("PRAGMA table_info(sessions)")}
    if "owner" not in columns:  # sessions from before owners were the local person's
        db.execute("ALTER TABLE sessions ADD COLUMN owner TEXT NOT NULL DEFAULT ''")
