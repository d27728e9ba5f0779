"""Gradio's HTTP API without gradio_client: log in, call any handler by fn_index through
/gradio_api/queue/join, read its result from the event stream, fetch a served file.

The tests use it to act as a client who does not go through the page, calling hidden
handlers (History's export and delete) directly and reusing other clients' session hashes.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from typing import Any

import httpx


@dataclass
class Outcome:
    """What one call came to: success, the last output data, every message streamed."""

    success: bool
    data: list[Any]
    messages: list[dict[str, Any]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return json.dumps(self.messages, ensure_ascii=False)


class RawClient:
    """One browser-less client, logged in as `user` (or not logged in at all)."""

    def __init__(self, url: str, user: str | None = None, password: str | None = None) -> None:
        self.url = url.rstrip("/")
        self.http = httpx.Client(base_url=self.url, trust_env=False, timeout=300)
        self.session_hash = uuid.uuid4().hex[:11]
        if user is not None:
            response = self.http.post("/login", data={"username": user, "password": password})
            response.raise_for_status()
        self._config: dict[str, Any] | None = None

    @property
    def config(self) -> dict[str, Any]:
        if self._config is None:
            response = self.http.get("/config")
            response.raise_for_status()
            self._config = response.json()
        return self._config

    def fn(self, name: str) -> int:
        """The fn_index of the handler whose function is called `name`."""
        for number, dependency in enumerate(self.config["dependencies"]):
            if dependency.get("api_name") == name:
                return number
        raise KeyError(name)

    def input_types(self, fn_index: int) -> list[str]:
        types = {c["id"]: c["type"] for c in self.config["components"]}
        return [types[i] for i in self.config["dependencies"][fn_index]["inputs"]]

    def call(self, fn_index: int, data: list[Any], session_hash: str | None = None) -> Outcome:
        """Run handler `fn_index` with `data` in a session (this client's by default)."""
        session = session_hash or self.session_hash
        body = {"data": data, "fn_index": fn_index, "session_hash": session, "event_data": None}
        joined = self.http.post("/gradio_api/queue/join", json=body)
        if joined.status_code != 200:
            return Outcome(False, [], [{"msg": "refused", "status": joined.status_code}])
        messages: list[dict[str, Any]] = []
        with self.http.stream("GET", f"/gradio_api/queue/data?session_hash={session}") as feed:
            for line in feed.iter_lines():
                if not line.startswith("data:"):
                    continue
                message = json.loads(line[5:])
                messages.append(message)
                if message.get("msg") == "process_completed":
                    output = message.get("output") or {}
                    return Outcome(bool(message.get("success")), output.get("data") or [], messages)
                if message.get("msg") in ("close_stream", "unexpected_error"):
                    break
        return Outcome(False, [], messages)

    def get(self, url: str) -> httpx.Response:
        """GET a URL the app handed out (a file), as this client."""
        return self.http.get(url.removeprefix(self.url) if url.startswith(self.url) else url)


def file_urls(value: Any) -> list[str]:
    """Every served file's URL inside a handler's output."""
    if isinstance(value, dict):
        found = [value["url"]] if isinstance(value.get("url"), str) and value.get("path") else []
        return found + [url for item in value.values() for url in file_urls(item)]
    if isinstance(value, list):
        return [url for item in value for url in file_urls(item)]
    return []
