"""Every session has an owner: services refuse anyone else's, the CLI is the local person's,
and REHEARSE_AUTH names several users (pairs, or a file of salted hashes)."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from rehearsal.accounts import add_user, hash_password, parse_auth
from rehearsal.errors import ConfigError, RehearseError
from rehearsal.settings import Settings
from rehearsal.store import LOCAL_OWNER, SessionStore
from tests.fakes import fake_services, home_like


def test_no_owner_reaches_another_owners_session(
    shared_settings: Settings, shared_home: Path, analyzer, tmp_path: Path
) -> None:
    home = home_like(shared_home, tmp_path / "home")
    services, _ = fake_services(shared_settings.model_copy(update={"home": home}), home)
    services.analyzer = analyzer
    alice = services.start("avoidant-attachment", owner="alice")
    alice.play("I feel lonely when we go days without talking.")
    services.export(alice.id, "alice")
    local = services.start("mental-health")
    for owner in ("bob", LOCAL_OWNER):
        with pytest.raises(RehearseError, match="no session") as raised:
            services.session(alice.id, owner)
        missing = str(raised.value).replace(alice.id, "X")
        with pytest.raises(RehearseError) as made_up:
            services.session("ffffffffffff", owner)
        assert missing == str(made_up.value).replace("ffffffffffff", "X"), "an existence oracle"
        for action in (services.report, services.export, services.delete, services.resume):
            with pytest.raises(RehearseError, match="no session"):
                action(alice.id, owner)
    assert [r.id for r in services.sessions("bob")] == []
    assert [r.id for r in services.sessions(LOCAL_OWNER)] == [local.id]
    assert [r.id for r in services.sessions("alice")] == [alice.id]
    assert services.progress("bob") == []
    assert len(services.progress("alice")) == 1
    assert [t.user for t in services.store.turns(alice.id)] == [
        "I feel lonely when we go days without talking."
    ]
    services.delete(alice.id, "alice")
    assert services.sessions("alice") == []


def test_the_cli_lists_and_touches_only_the_local_persons_sessions(run_cli, tmp_path: Path) -> None:
    store = SessionStore(tmp_path / "sessions.sqlite3")
    mine = store.create_session("mental-health", "Ash", "", "easy")
    theirs = store.create_session("mental-health", "Kim", "", "easy", owner="alice")
    store.close()
    listed = run_cli("sessions", "list", home=tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert mine.id in listed.stdout and theirs.id not in listed.stdout
    for command in ("show", "export", "delete", "report"):
        refused = run_cli("sessions", command, theirs.id, home=tmp_path)
        assert refused.returncode != 0 and refused.stdout == ""
        assert refused.stderr.count("\n") == 1 and "no session" in refused.stderr
    assert SessionStore(tmp_path / "sessions.sqlite3").get_session(theirs.id).owner == "alice"


def test_rehearse_auth_takes_several_users() -> None:
    accounts = parse_auth("ana:s3cret, ben:pa:ss:word ,cy:x")
    assert accounts.users == ["ana", "ben", "cy"]
    assert accounts.check("ana", "s3cret") and accounts.check("ben", "pa:ss:word")
    assert not accounts.check("ana", "pa:ss:word") and not accounts.check("dee", "x")
    for bad in ("", "ana", "ana:", ":pw", "a b:pw", "ana:1,ana:2"):
        with pytest.raises(ConfigError) as raised:
            parse_auth(bad)
        assert "\n" not in str(raised.value)


def test_a_users_file_holds_salted_hashes_and_is_private(tmp_path: Path) -> None:
    path = tmp_path / "users"
    assert add_user(path, "ana", "correct horse")
    assert add_user(path, "ben", "battery staple")
    assert not add_user(path, "ana", "new password")
    text = path.read_text()
    assert "correct horse" not in text and "new password" not in text
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    accounts = parse_auth(f"@{path}")
    assert accounts.users == ["ana", "ben"]
    assert accounts.check("ana", "new password") and not accounts.check("ana", "correct horse")
    assert hash_password("pw") != hash_password("pw"), "the hash must be salted"
    path.write_text("# users\ncy:pbkdf2_sha256$1000$c2FsdA==$" + _pbkdf2("pw") + "\n")
    assert parse_auth(f"@{path}").check("cy", "pw")
    with pytest.raises(ConfigError, match="cannot read the users file"):
        parse_auth(f"@{tmp_path / 'missing'}")


def _pbkdf2(password: str) -> str:
    import base64
    import hashlib

    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), b"salt", 1000)
    return base64.b64encode(digest).decode()


def test_users_add_reads_the_password_from_stdin(run_cli, tmp_path: Path) -> None:
    added = run_cli("users", "add", "ana", home=tmp_path, stdin="a long passphrase\n")
    assert added.returncode == 0, added.stderr
    assert "REHEARSE_AUTH=@" in added.stderr and "a long passphrase" not in added.stderr
    assert parse_auth(f"@{tmp_path / 'users'}").check("ana", "a long passphrase")
    assert stat.S_IMODE((tmp_path / "users").stat().st_mode) == 0o600
    bad = run_cli("users", "add", "a b", home=tmp_path, stdin="pw\n")
    assert bad.returncode != 0 and bad.stderr.count("\n") == 1
    empty = run_cli("users", "add", "cy", home=tmp_path, stdin="")
    assert empty.returncode != 0 and "empty" in empty.stderr
