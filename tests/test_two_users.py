"""Two users of one app (REHEARSE_AUTH from a users file): neither can list, read, export,
download or delete the other's sessions by any route, a deleted session leaves no trace
in any file, and wrong logins slow down."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from gradio_client import Client

from evals.servers import app_server
from rehearsal.accounts import add_user
from tests.fakes import home_like
from tests.gradio_raw import RawClient, file_urls

pytestmark = pytest.mark.slow
USERS = {"alice": "alice-pass-1", "bob": "bob-pass-2"}
SECRET = "Zebrafish7431"  # only ever in alice's words (no Markdown to escape)


@pytest.fixture(scope="module")
def two_user_app(
    shared_home: Path, analyzer: object, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Path]]:
    home = home_like(shared_home, tmp_path_factory.mktemp("two-users") / "home")
    users = home / "users"
    for name, password in USERS.items():
        add_user(users, name, password)
    logs = tmp_path_factory.mktemp("two-users-logs")
    with app_server(home, logs, {"REHEARSE_AUTH": f"@{users}"}) as server:
        yield server.url, home


@pytest.fixture(scope="module")
def alices_session(two_user_app: tuple[str, Path]) -> dict[str, Any]:
    """Alice rehearses in the page's way (fn_index calls), ends and exports the session."""
    url, _ = two_user_app
    alice = RawClient(url, "alice", USERS["alice"])
    started = alice.call(alice.fn("on_start"), ["avoidant-attachment", "Jordan", "medium", "", ""])
    assert started.success, started.text
    line = f"I feel lonely when we stop talking about the {SECRET}."
    sent = alice.call(alice.fn("on_send"), [line, [], None])
    assert sent.success and SECRET in sent.text, sent.text
    ended = alice.call(alice.fn("on_end"), [None])
    assert ended.success, ended.text
    listed = alice.call(alice.fn("rows"), [])
    ((session_id, *_),) = listed.data[0]["data"]
    exported = alice.call(alice.fn("on_export"), [session_id])
    urls = file_urls(exported.data) + file_urls(ended.data)
    assert len(urls) >= 3 and all(alice.get(u).status_code == 200 for u in urls), urls
    assert any(SECRET in alice.get(u).text for u in urls if u.endswith(".md"))
    return {"client": alice, "id": session_id, "urls": urls}


def _values(client: RawClient, fn_index: int, session_id: str) -> list[Any]:
    """Arguments for any handler: the other user's session id wherever text goes."""
    fill: dict[str, Any] = {"textbox": session_id, "dropdown": "avoidant-attachment"}
    fill |= {"radio": "medium", "chatbot": [], "state": None, "dataframe": None}
    return [fill.get(kind) for kind in client.input_types(fn_index)]


def test_neither_user_reaches_the_others_sessions_by_any_route(
    two_user_app: tuple[str, Path], alices_session: dict[str, Any]
) -> None:
    url, _ = two_user_app
    alice, session_id = alices_session["client"], alices_session["id"]
    bob = RawClient(url, "bob", USERS["bob"])

    # The History handlers, called directly with alice's id.
    assert bob.call(bob.fn("rows"), []).data[0]["data"] == []
    exported = bob.call(bob.fn("on_export"), [session_id])
    assert exported.data[0] is None and "No session" in exported.data[1]
    deleted = bob.call(bob.fn("on_delete"), [session_id])
    assert "No session" in deleted.data[-1]
    # Her files, downloaded with his login (or none): not found.
    for file_url in alices_session["urls"]:
        assert bob.get(file_url).status_code == 404, file_url
        assert RawClient(url).get(file_url).status_code in (401, 403, 404)
    # Her live rehearsal, reached by reusing her session hash: as good as none.
    hers = alice.session_hash
    assert not bob.call(bob.fn("report"), [None], hers).success
    assert not bob.call(bob.fn("send"), ["Tell me everything.", None], hers).success
    ended = bob.call(bob.fn("on_end"), [None], hers)
    assert SECRET not in ended.text and not file_urls(ended.data)
    bob.call(bob.fn("on_send"), ["Bob was here.", [], None], hers)
    bob.call(bob.fn("on_undo"), [[], None], hers)
    # Every handler by fn_index, in his session and in hers; those that replace the
    # session's rehearsal (start, new session) last, so the others meet hers first.
    names = [d.get("api_name") or "" for d in bob.config["dependencies"]]
    for fn_index in sorted(
        range(len(names)), key=lambda n: "start" in names[n] or "lambda" in names[n]
    ):
        for session in (bob.session_hash, alice.session_hash):
            outcome = bob.call(fn_index, _values(bob, fn_index, session_id), session)
            assert SECRET not in outcome.text, (fn_index, outcome.text[:500])
            assert not any(session_id in u for u in file_urls(outcome.data)), fn_index
    # The named API, through gradio_client with his login: only his own session.
    client = Client(url, auth=("bob", USERS["bob"]), verbose=False)
    client.predict("mental-health", "easy", "Kim", api_name="/start")
    client.predict("Hi, how was your day?", api_name="/send")
    report = client.predict(api_name="/report")
    assert report["session"]["id"] != session_id and SECRET not in str(report)
    # Alice still has her session, whole, and bob's is not in her list.
    rows = alice.call(alice.fn("rows"), []).data[0]["data"]
    assert [(row[0], row[5]) for row in rows] == [(session_id, 1)], "bob changed her session"
    assert all(alice.get(u).status_code == 200 for u in alices_session["urls"])
    assert report["session"]["id"] not in alice.call(alice.fn("rows"), []).text


def test_every_response_carries_a_policy_allowing_only_this_origin(
    two_user_app: tuple[str, Path], alices_session: dict[str, Any]
) -> None:
    alice = alices_session["client"]
    for path in ("/", "/config", alices_session["urls"][0], "/gradio_api/info"):
        policy = alice.get(path).headers.get("content-security-policy", "")
        assert policy.startswith("default-src 'self'"), (path, policy)
        assert "http:" not in policy and "https:" not in policy and "*" not in policy


def test_a_deleted_session_leaves_no_trace_in_any_file(
    two_user_app: tuple[str, Path], alices_session: dict[str, Any]
) -> None:
    _, home = two_user_app
    alice, session_id = alices_session["client"], alices_session["id"]
    copies = [p for p in (home / "tmp").rglob("*") if p.is_file() and session_id in p.name]
    assert copies, "the app should have served copies from its temp folder under the home"
    asked = alice.call(alice.fn("on_delete"), [session_id])  # the page asks first
    assert "cannot be undone" in asked.data[-1], asked.text
    deleted = alice.call(alice.fn("on_sure"), [session_id])
    assert "Deleted" in deleted.data[-1], deleted.text
    for file_url in alices_session["urls"]:
        assert alice.get(file_url).status_code == 404
    left = [p for p in home.rglob("*") if p.is_file() and session_id in p.name]
    assert not left, left
    holding = [p for p in home.rglob("*") if p.is_file() and SECRET.encode() in p.read_bytes()]
    assert not holding, holding


def test_files_the_app_writes_are_its_owners_alone(two_user_app: tuple[str, Path]) -> None:
    _, home = two_user_app
    written = [p for p in home.rglob("*") if not {"index", "cache"} & set(p.parts)]
    assert any(p.name == "sessions.sqlite3" for p in written)
    loose = [(p, oct(p.stat().st_mode)) for p in written if p.stat().st_mode & 0o077]
    assert not loose, loose


def test_wrong_logins_wait_longer_and_longer(two_user_app: tuple[str, Path]) -> None:
    url, _ = two_user_app
    waits = []
    for _ in range(3):
        began = time.monotonic()
        with pytest.raises(Exception):  # noqa: B017 - any refusal will do
            RawClient(url, "mallory", "guess")
        waits.append(time.monotonic() - began)
    assert waits[1] >= 0.5 and waits[2] >= 1.0 and waits[2] > waits[1], waits
    began = time.monotonic()
    RawClient(url, "alice", USERS["alice"])  # the right password: let in, after the wait
    assert time.monotonic() - began >= 2.0
    began = time.monotonic()
    RawClient(url, "alice", USERS["alice"])
    assert time.monotonic() - began < 2.0, "a successful login clears the count"


def test_without_auth_history_shows_the_local_persons_sessions(
    app_url: str, shared_home: Path
) -> None:
    """On loopback without REHEARSE_AUTH the page and the CLI share one owner."""
    from rehearsal.store import SessionStore

    store = SessionStore(shared_home / "sessions.sqlite3")
    local = store.create_session("mental-health", "Ash", "", "easy")
    web_user = store.create_session("mental-health", "Kim", "", "easy", owner="alice")
    store.close()
    page = RawClient(app_url)
    listed = [row[0] for row in page.call(page.fn("rows"), []).data[0]["data"]]
    assert local.id in listed and web_user.id not in listed
