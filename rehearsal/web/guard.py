"""What the web app's server adds to Gradio's on every request: headers, owners, logins.

`Guard` is an ASGI middleware on Gradio's FastAPI app. Every HTTP response gets a
Content-Security-Policy allowing only the app's own origin (plus inline and evaluated
code and data: images, which Gradio's page needs), so nothing in the page can fetch from
another host; and `nosniff`, `no-referrer` and same-origin framing. A file Gradio would
serve (`/gradio_api/file=...`) that is derived from a session is served only to that
session's owner, whatever its path (a leftover of a deleted session to no one). It also
notes the client's address for `login_check`, the password check Gradio calls on each
login, which waits out `LoginThrottle`'s growing delay first. Who owns what is `Services`'.
"""

from __future__ import annotations

import asyncio
import contextvars
from collections.abc import Awaitable, Callable, Coroutine, MutableMapping
from pathlib import PurePosixPath
from typing import Any

from starlette.requests import Request

from rehearsal.accounts import Accounts
from rehearsal.services import Services
from rehearsal.store import LOCAL_OWNER
from rehearsal.web.throttle import LoginThrottle

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self' 'unsafe-inline' 'unsafe-eval'",  # Gradio's HTML templates
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "media-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "worker-src 'self' blob:",
        "frame-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'self'",
    ]
)
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"SAMEORIGIN"),
]
_CLIENT: contextvars.ContextVar[str] = contextvars.ContextVar("rehearse_client", default="?")


def login_check(
    accounts: Accounts, throttle: LoginThrottle
) -> Callable[[str, str], Coroutine[Any, Any, bool]]:
    """The `auth` callable for Gradio: wait out the delay, then check the password."""

    async def check(username: str, password: str) -> bool:
        keys = [f"user:{username}", f"address:{_CLIENT.get()}"]
        await asyncio.sleep(throttle.wait_s(keys))
        ok = await asyncio.to_thread(accounts.check, username, password)
        (throttle.succeeded if ok else throttle.failed)(keys)
        return ok

    return check


class Guard:
    """The ASGI middleware; `services` says who owns which file."""

    def __init__(self, app: Callable[[Scope, Receive, Send], Awaitable[None]], services: Services):
        self.app = app
        self.services = services

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        client = scope.get("client")
        _CLIENT.set(str(client[0]) if client else "?")

        async def with_headers(message: MutableMapping[str, Any]) -> None:
            if message["type"] == "http.response.start":
                ours = {name for name, _ in HEADERS}
                kept = [(k, v) for k, v in message.get("headers", []) if k.lower() not in ours]
                message["headers"] = [*kept, *HEADERS]
            await send(message)

        path = str(scope.get("path", ""))
        if "/file=" in path and not self._may_read(scope, path.split("/file=", 1)[1]):
            await with_headers({"type": "http.response.start", "status": 404, "headers": []})
            await with_headers({"type": "http.response.body", "body": b"Not found"})
            return
        await self.app(scope, receive, with_headers)

    def _may_read(self, scope: Scope, path: str) -> bool:
        owner = self.services.derived.owner_of(PurePosixPath(path).name, self.services.store)
        return owner is None or owner == self._user(scope)

    def _user(self, scope: Scope) -> str | None:
        """The logged-in user of the request (the local person without REHEARSE_AUTH)."""
        if self.services.settings.auth is None:
            return LOCAL_OWNER
        app = scope.get("app")
        cookie_id, tokens = getattr(app, "cookie_id", None), getattr(app, "tokens", {})
        cookies = Request(scope).cookies
        token = cookies.get(f"access-token-{cookie_id}") or cookies.get(
            f"access-token-unsecure-{cookie_id}"
        )
        user = tokens.get(token) if token else None
        return user if isinstance(user, str) else None
