"""Who may use the web app: the users of REHEARSE_AUTH, their passwords checked safely.

`REHEARSE_AUTH` is either `user:password` pairs separated by commas (`ana:s3cret,ben:pw`)
or `@FILE`, a file of `user:hash` lines as `rehearse users add NAME` writes them (the
hash is salted scrypt, `scrypt$N$r$p$SALT$HASH`; `pbkdf2_sha256$ROUNDS$SALT$HASH` is read
too). A malformed value is a one-line `ConfigError`. Checking a password takes the same
time whether or not the user exists. Slowing down repeated failures is the web layer's
job (`rehearsal.web.throttle`); deciding what each user may see is `rehearsal.services`'.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
from dataclasses import dataclass
from pathlib import Path

from rehearsal.errors import ConfigError
from rehearsal.private import write_private

NAME = re.compile(r"[^\s:,@][^\s:,]{0,63}")
SCRYPT = {"n": 2**14, "r": 8, "p": 1}


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    """A salted scrypt hash of `password`, as stored in a users file."""
    salt = salt or os.urandom(16)
    n, r, p = SCRYPT["n"], SCRYPT["r"], SCRYPT["p"]
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=32)
    return f"scrypt${n}${r}${p}${_b64(salt)}${_b64(digest)}"


def _matches(password: str, stored: str) -> bool:
    """Whether `password` is the one `stored` (a hash, or a plain password) stands for."""
    given = password.encode("utf-8")
    kind, _, rest = stored.partition("$")
    try:
        if kind == "scrypt":
            n, r, p, salt, digest = rest.split("$")
            expected = base64.b64decode(digest)
            derived = hashlib.scrypt(
                given, salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p), dklen=32
            )
            return hmac.compare_digest(derived, expected)
        if kind == "pbkdf2_sha256":
            rounds, salt, digest = rest.split("$")
            expected = base64.b64decode(digest)
            derived = hashlib.pbkdf2_hmac(
                "sha256", given, base64.b64decode(salt), int(rounds), len(expected)
            )
            return hmac.compare_digest(derived, expected)
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(given, stored.encode("utf-8"))


@dataclass(frozen=True)
class Accounts:
    """The users who may log in, each with a password or a password hash."""

    secrets: dict[str, str]

    @property
    def users(self) -> list[str]:
        return sorted(self.secrets)

    def check(self, user: str, password: str) -> bool:
        """Whether `password` is `user`'s (an unknown user costs the same time)."""
        stored = self.secrets.get(user)
        if stored is None:
            _matches(password, hash_password("", salt=b"\0" * 16))
            return False
        return _matches(password, stored)


def _parse_lines(entries: list[tuple[str, str]], where: str) -> Accounts:
    secrets: dict[str, str] = {}
    for label, entry in entries:
        user, sep, secret = entry.strip().partition(":")
        if not sep or not NAME.fullmatch(user) or not secret:
            raise ConfigError(
                f"{where}{label} must look like user:password (a name without spaces, "
                "colons or commas, then a password)"
            )
        if user in secrets:
            raise ConfigError(f"{where}{label}: user {user!r} is listed twice")
        secrets[user] = secret
    if not secrets:
        raise ConfigError(f"{where} names no user; add one with `rehearse users add NAME`")
    return Accounts(secrets)


def parse_auth(value: str) -> Accounts:
    """The users of a REHEARSE_AUTH value (pairs, or `@FILE`)."""
    if value.startswith("@"):
        path = Path(value[1:]).expanduser()
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as error:
            reason = getattr(error, "strerror", None) or "not a UTF-8 text file"
            raise ConfigError(f"cannot read the users file {path}: {reason}") from None
        entries = [
            (f":{number}", line)
            for number, line in enumerate(lines, start=1)
            if line.strip() and not line.lstrip().startswith("#")
        ]
        return _parse_lines(entries, str(path))
    entries = [(f" (entry {n})", e) for n, e in enumerate(value.split(","), start=1) if e.strip()]
    return _parse_lines(entries, "REHEARSE_AUTH")


def add_user(path: Path, name: str, password: str) -> bool:
    """Add `name` to the users file at `path` (or give them a new password); the file is
    written 0600. Returns True when the user was new."""
    if not NAME.fullmatch(name):
        raise ConfigError(f"{name!r} cannot be a user name: use letters, digits, . _ - (no spaces)")
    if not password:
        raise ConfigError("the password is empty; type one on the first line of stdin")
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    kept = [line for line in lines if line.partition(":")[0].strip() != name]
    write_private(path, "\n".join([*kept, f"{name}:{hash_password(password)}"]) + "\n")
    return len(kept) == len(lines)
