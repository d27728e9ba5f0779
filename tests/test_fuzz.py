"""Arbitrary text (surrogates, NUL, control characters, huge lines, emoji, right-to-left)
through /start and /send (the domain with a scripted voice, and the running app through
gradio_client), `analyze --batch` and `chat --script`: the store stays usable, no earlier
turn is lost, and every refusal is one line. Example counts are kept small for CI; the
number of inputs tried is printed at the end of the run (tests/conftest.py)."""

from __future__ import annotations

import json
import subprocess
import sys
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any, cast

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rehearsal.errors import RehearseError
from rehearsal.settings import Settings
from rehearsal.store import SessionStore
from rehearsal.text import MAX_NAME_CHARS, storable
from tests.conftest import REPO, cli_env
from tests.fakes import fake_services, home_like

CATEGORIES = (
    "Lu Ll Lt Lm Lo Mn Mc Me Nd Nl No Pc Pd Ps Pe Pi Pf Po Sm Sc Sk So Zs Zl Zp Cc Cf Cs Co"
)
ANY_CHAR = st.characters(categories=cast(Any, CATEGORIES.split()))  # lone surrogates too
NASTY = [
    "\x00",
    "\ud800",
    "\udfff",
    "\x1b[2J\x1b]0;title\x07",
    "\u202e",
    "\u200d",
    "\n",
    "\r\n",
    "Sam: ",
    "You: ",
    '<img src="http://198.51.100.1/x.png">',
    "![x](http://198.51.100.1/y.png)",
    "😢👩‍❤️‍👨🏽",
    "שלום אני מרגיש",
    "مرحبا",
    "\ufeff",
    "{{ name }}{% raw %}",
]
PIECES = st.one_of(st.text(ANY_CHAR, max_size=60), st.sampled_from(NASTY))
TEXT = st.one_of(
    st.lists(PIECES, max_size=6).map("".join),
    st.text(ANY_CHAR, min_size=1900, max_size=2600),  # around the 2,000-character cap
    st.integers(2001, 6000).map(lambda n: "é" * n),
)
LINE = st.one_of(TEXT, st.none(), st.integers(), st.just(["a", "list"]))
SHORT = st.lists(PIECES, min_size=1, max_size=4).map("".join)  # mostly said, not refused
TRIED: Counter[str] = Counter()
FEW = settings(max_examples=3, deadline=None, suppress_health_check=list(HealthCheck))
SOME = settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
MANY = settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))


def one_line(error: BaseException) -> None:
    assert isinstance(error, RehearseError), repr(error)
    assert str(error) and "\n" not in str(error) and len(str(error)) < 400, str(error)


def clean(text: str) -> bool:
    """No control characters or surrogates: what may be stored and shown."""
    return not any(unicodedata.category(c) in ("Cc", "Cs") for c in text)


@pytest.fixture(scope="module")
def services(shared_settings: Settings, analyzer: Any, tmp_path_factory: pytest.TempPathFactory):
    made, _ = fake_services(shared_settings, tmp_path_factory.mktemp("fuzz-store"))
    made.analyzer = analyzer
    return made


@pytest.fixture(scope="module")
def rehearsal(services):
    return services.start("avoidant-attachment", "medium", "Sam")


def _still_usable(store: SessionStore) -> None:
    assert not store._db.in_transaction
    store.end_session(store.create_session("mental-health", "Ash", "", "easy").id)


@MANY
@given(text=LINE)
def test_send_any_text(services, rehearsal, text: Any) -> None:
    TRIED["/send (domain)"] += 1
    store = services.store
    before = store.turns(rehearsal.id, alternatives=True)
    try:
        turn = rehearsal.play(text)
    except RehearseError as error:
        one_line(error)
        assert store.turns(rehearsal.id, alternatives=True) == before
    else:
        assert clean(turn["user"]) and len(turn["user"]) <= 2000
        after = store.turns(rehearsal.id, alternatives=True)
        assert after[: len(before)] == before and len(after) == len(before) + 1
        assert after[-1].user == turn["user"] and "sam:" not in turn["user"].lower()
    _still_usable(store)


def test_after_the_fuzz_a_normal_turn_still_works(services, rehearsal) -> None:
    turn = rehearsal.play("I feel lonely when we go days without talking.")
    assert turn["partner"] and turn["state"]["openness"] >= 0
    assert services.store.turns(rehearsal.id)[-1].user == turn["user"]


@MANY
@given(
    persona=st.one_of(st.sampled_from(["avoidant-attachment", "custom", "mental-health"]), LINE),
    difficulty=st.one_of(st.sampled_from(["easy", "medium", "hard"]), LINE),
    name=LINE,
    context=LINE,
    you=LINE,
)
def test_start_with_any_setup(services, persona, difficulty, name, context, you) -> None:
    TRIED["/start (domain)"] += 1
    try:
        started = services.start(persona, difficulty, name, context, you)
    except RehearseError as error:
        one_line(error)
    else:
        record = services.store.get_session(started.id)
        for field in (record.partner_name, record.user_name, record.context):
            assert clean(field)
        assert 0 < len(record.partner_name) <= MAX_NAME_CHARS
        assert not set(record.partner_name) & set("<>[]():")
        assert started.play("Hi, is now a good time?")["user"] == "Hi, is now a good time?"
    _still_usable(services.store)


@pytest.mark.slow
@SOME
@given(text=st.one_of(TEXT, st.none()))
def test_send_any_text_to_the_running_app(app_url: str, shared_home: Path, text: Any) -> None:
    TRIED["/send (gradio_client)"] += 1
    client = _client(app_url)
    store = SessionStore(shared_home / "sessions.sqlite3")
    before = store.turns(_APP["session"], alternatives=True)
    try:
        turn = client.predict(text, api_name="/send")
    except Exception as error:  # gradio_client's AppError carries the app's message
        assert "\n" not in str(error).strip(), str(error)
        assert store.turns(_APP["session"], alternatives=True) == before
    else:
        assert clean(turn["user"])
        after = store.turns(_APP["session"], alternatives=True)
        assert after[: len(before)] == before and after[-1].user == turn["user"]
    store.close()


@pytest.mark.slow
def test_after_the_app_fuzz_a_normal_turn_still_works(app_url: str, shared_home: Path) -> None:
    turn = _client(app_url).predict("How was your day?", api_name="/send")
    assert turn["partner"] and turn["user"] == "How was your day?"
    store = SessionStore(shared_home / "sessions.sqlite3")
    assert store.turns(_APP["session"])[-1].user == "How was your day?"
    store.close()


_APP: dict[str, Any] = {}  # one gradio_client session for all the examples


def _client(url: str) -> Any:
    if _APP.get("url") != url:
        from gradio_client import Client

        client = Client(url, verbose=False)
        started = client.predict("avoidant-attachment", "medium", "Sam", api_name="/start")
        _APP.update(url=url, client=client, session=started["session"])
    return _APP["client"]


def _run(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "rehearsal.cli", *args],
        capture_output=True,
        text=True,
        env=cli_env(home),
        cwd=REPO,
        timeout=600,
    )


def _refused_in_one_line(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode != 0 and result.stderr.count("\n") == 1, result.stderr


@pytest.fixture(scope="module")
def cli_home(shared_home: Path, analyzer: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return home_like(shared_home, tmp_path_factory.mktemp("fuzz-cli") / "home")


@pytest.mark.slow
@FEW
@given(texts=st.lists(TEXT, min_size=5, max_size=12), raw=st.lists(st.binary(max_size=40)))
def test_analyze_batch_with_any_text(cli_home: Path, tmp_path_factory, texts, raw) -> None:
    TRIED["analyze --batch"] += len(texts) + len(raw)
    batch = tmp_path_factory.mktemp("batch") / "batch.jsonl"
    lines = [json.dumps({"text": t}).encode() for t in texts] + raw
    batch.write_bytes(b"\n".join(lines) + b"\n")
    result = _run(cli_home, "analyze", "--batch", str(batch))
    if result.returncode == 0:
        rows = [json.loads(line) for line in result.stdout.splitlines()]
        assert len(rows) >= len(texts) and all("text" in row for row in rows)
    else:
        _refused_in_one_line(result)


@pytest.mark.slow
@FEW
@given(
    lines=st.lists(st.one_of(SHORT, SHORT, SHORT, st.binary(max_size=30)), min_size=2, max_size=5)
)
def test_chat_script_with_any_text(cli_home: Path, tmp_path_factory, lines) -> None:
    TRIED["chat --script"] += len(lines)
    script = tmp_path_factory.mktemp("script") / "script.txt"
    script.write_bytes(b"\n".join(_encoded(x) for x in lines))
    store = SessionStore(cli_home / "sessions.sqlite3")
    before = {r.id: store.turns(r.id, alternatives=True) for r in store.list_sessions()}
    result = _run(cli_home, "chat", "--script", str(script), "--json")
    if result.returncode == 0:
        turns = [json.loads(line) for line in result.stdout.splitlines()]
        assert all(clean(turn["user"]) for turn in turns)
    else:
        _refused_in_one_line(result)
    for session_id, turns in before.items():  # no earlier turn of any session is lost
        assert store.turns(session_id, alternatives=True) == turns
    store.close()
    shown = _run(cli_home, "sessions", "list")
    assert shown.returncode == 0, shown.stderr


def _encoded(line: str | bytes) -> bytes:
    """Bytes as they are (often not UTF-8); text as UTF-8, a lone surrogate as U+FFFD."""
    return line if isinstance(line, bytes) else storable(line).encode("utf-8")


@pytest.mark.slow
def test_after_the_cli_fuzz_a_normal_chat_still_works(cli_home: Path, tmp_path: Path) -> None:
    script = tmp_path / "script.txt"
    script.write_text("Hi, is now a good time to talk?\n")
    result = _run(cli_home, "chat", "--script", str(script), "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["user"] == "Hi, is now a good time to talk?"
