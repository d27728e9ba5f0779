"""The report matches the turns it summarises; export then delete leaves nothing behind."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from rehearsal.drill import check_statement, feeling_words, situations
from rehearsal.report import walk_away_signs
from rehearsal.resources import default_prompts_dir
from rehearsal.settings import Settings
from rehearsal.vocabulary import SKILL_FLAGS, STEP_IDS
from tests.conftest import REPO
from tests.fakes import fake_services

LINES = [
    "Hey, is now an okay time to talk? No pressure.",
    "You never make time for me anymore.",
    "I feel lonely when we go days without talking.",
    "What's been going on for you lately?",
    "That sounds really hard, thank you for telling me.",
    "I've tried everything and nothing changes, I'm exhausted.",
]


def test_report_numbers_recompute_from_the_turns(shared_settings: Settings, tmp_path: Path) -> None:
    services, _ = fake_services(shared_settings, tmp_path, "Okay.", "Hm.", "Maybe.")
    rehearsal = services.start("emotionally-overwhelmed", "medium", "Ari")
    played = [rehearsal.play(line) for line in LINES]
    report = services.report(rehearsal.id)

    assert report["session"]["turns"] == len(LINES)
    for flag in SKILL_FLAGS:
        assert report["skills"][flag] == sum(t["analysis"]["skills"][flag] for t in played)
    steps = {t["analysis"]["step"] for t in played}
    harmless = {
        t["analysis"]["step"]
        for t in played
        if not any(t["analysis"]["skills"][flag] for flag in ("blame", "demand", "ultimatum"))
    }
    assert [i["attempted"] for i in report["checklist"]] == [s in steps for s in STEP_IDS]
    assert [i["covered"] for i in report["checklist"]] == [s in harmless for s in STEP_IDS]
    assert report["openness"] == [30, *(t["state"]["openness"] for t in played)]
    balance = {item["harmful"]: item for item in report["balance"]}
    assert balance["blame"]["count"] == report["skills"]["blame"] >= 1
    assert balance["blame"]["versus_count"] == report["skills"]["i_statement"]
    assert all(line["text"] in LINES for line in report["best_lines"])
    assert "You never make time for me anymore." not in [
        line["text"] for line in report["best_lines"]
    ]
    signs = {sign["section"] for sign in report["walk_away"]["signs"]}
    assert {"walk-away/pattern-is-relentless", "walk-away/exhausted-from-overgiving"} <= signs
    corpus = (REPO / "corpus" / "article.md").read_text(encoding="utf-8")
    assert all(sign["quote"] in corpus for sign in report["walk_away"]["signs"])


def test_no_walk_away_note_for_an_ordinary_rehearsal() -> None:
    assert walk_away_signs(["I miss you", "What do you need from me?", "this is killing me"]) == []


@pytest.mark.parametrize(
    ("line", "sign"),
    [
        ("im just so drained tbh", "walk-away/exhausted-from-overgiving"),
        ("weve had this talk like five times", "walk-away/pattern-is-relentless"),
        ("i dont believe u anymore when u say that", "walk-away/lost-trust"),
        ("see u always brush it off and say im dramatic", "walk-away/needs-dismissed"),
        ("so thats a no to counselling", "walk-away/unwilling-to-address"),
    ],
)
def test_walk_away_signs_are_read_as_people_type_them(line: str, sign: str) -> None:
    assert sign in walk_away_signs([line])


def test_everyday_tiredness_and_counts_are_not_signs() -> None:
    lines = ["im tired from work, can we talk tomorrow", "i texted you 3 times today lol"]
    assert walk_away_signs(lines) == []


def test_export_then_delete_leaves_no_row_and_no_file(run_cli, shared_home: Path) -> None:
    script = shared_home.parent / "script.txt"
    script.write_text("Is now a good time?\nI feel worried when you go quiet.\n")
    chat = run_cli("chat", "--persona", "mental-health", "--script", str(script), "--json")
    assert chat.returncode == 0, chat.stderr
    session_id = json.loads(run_cli("sessions", "list", "--json").stdout.splitlines()[-1])["id"]
    exported = json.loads(run_cli("sessions", "export", session_id).stdout)
    markdown, as_json = Path(exported["markdown"]), Path(exported["json"])
    assert "I feel worried when you go quiet." in markdown.read_text()
    assert json.loads(as_json.read_text())["session"]["id"] == session_id

    deleted = run_cli("sessions", "delete", session_id)
    assert deleted.returncode == 0, deleted.stderr
    assert not markdown.exists() and not as_json.exists()
    database = shared_home / "sessions.sqlite3"
    with sqlite3.connect(database) as db:
        for table in ("sessions", "turns"):
            column = "id" if table == "sessions" else "session_id"
            count = db.execute(f"SELECT COUNT(*) FROM {table} WHERE {column} = ?", (session_id,))
            assert count.fetchone()[0] == 0
    raw = b"".join(p.read_bytes() for p in shared_home.glob("sessions.sqlite3*"))
    assert b"I feel worried when you go quiet." not in raw
    assert run_cli("sessions", "show", session_id).returncode == 2


def test_drill_checks_the_four_parts(shared_settings: Settings, tmp_path: Path) -> None:
    services, _ = fake_services(shared_settings, tmp_path)
    good = check_statement(
        services.analyzer,
        "I feel lonely when we go days without talking; "
        "would you be willing to text me once a day?",
    )
    assert good.complete and "lonely" in good.feelings_used and good.suggestion is None
    weak = check_statement(services.analyzer, "I feel like you don't care about me.")
    assert not weak.feeling and not weak.no_blame and not weak.complete
    assert weak.suggestion and weak.suggestion.startswith("I feel")
    assert len(weak.advice) >= 2
    assert sum(len(words) for words in feeling_words().values()) >= 30
    assert situations(default_prompts_dir())
