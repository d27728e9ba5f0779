"""One simulated trainee of the load test, over `gradio_client`: start, stream, report.

`play_session` drives one client session through the app's named endpoints (`/start`,
`/stream` per turn, timing submit -> first non-empty partial reply, `/report`) and
records what it saw; `cross_talk` says whether the report it got back is its own. Every
wait is bounded by a deadline. Running many at once and the figures are
`evals.load_test`'s business; what a turn does is the app's.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import rehearsal  # noqa: F401  (offline defaults first: no telemetry from gradio_client)

POLL_S = 0.02
CALL_TIMEOUT_S = 120.0


@dataclass
class SessionResult:
    """What one simulated trainee did and saw."""

    number: int
    persona: str
    partner_name: str
    sent: list[str] = field(default_factory=list)
    first_partial_s: list[float] = field(default_factory=list)
    reply_s: list[float] = field(default_factory=list)
    report: dict[str, Any] | None = None
    errors: list[str] = field(default_factory=list)


def left(deadline: float) -> float:
    """Seconds until `deadline`; TimeoutError once it has passed."""
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise TimeoutError("the time limit ran out")
    return remaining


def stream_turn(client: Any, text: str, deadline: float) -> tuple[float, float]:
    """Play one turn through /stream: (seconds to the first partial, to the whole reply)."""
    started = time.perf_counter()
    job = client.submit(text, api_name="/stream")
    first: float | None = None
    for _ in range(int(CALL_TIMEOUT_S / POLL_S)):
        done = job.done()
        if first is None and any(isinstance(o, str) and o.strip() for o in job.outputs()):
            first = time.perf_counter() - started
        if done:
            break
        if time.monotonic() > deadline:
            job.cancel()
            raise TimeoutError("the time limit ran out mid-turn")
        time.sleep(POLL_S)
    else:
        job.cancel()
        raise TimeoutError(f"no whole reply in {CALL_TIMEOUT_S:.0f}s")
    job.result(timeout=min(CALL_TIMEOUT_S, left(deadline)))  # raises the app's error
    if first is None:
        raise RuntimeError("the partner's reply was empty")
    return first, time.perf_counter() - started


def play_session(
    url: str, result: SessionResult, lines: list[str], turns: int, deadline: float
) -> SessionResult:
    """One trainee's whole session; failures are recorded, never raised."""
    from gradio_client import Client

    client = None
    try:
        client = Client(url, verbose=False, download_files=False)
        start = client.submit(result.persona, "medium", result.partner_name, api_name="/start")
        start.result(timeout=min(CALL_TIMEOUT_S, left(deadline)))
        for turn in range(turns):
            text = lines[(result.number * turns + turn) % len(lines)]
            result.sent.append(text)
            first, whole = stream_turn(client, text, deadline)
            result.first_partial_s.append(first)
            result.reply_s.append(whole)
        report = client.submit(api_name="/report")
        result.report = report.result(timeout=min(CALL_TIMEOUT_S, left(deadline)))
    except Exception as error:
        message = f"{type(error).__name__}: {error}".splitlines()[0]
        result.errors.append(f"session {result.number}: {message}")
    finally:
        if client is not None:
            client.close()
    return result


def cross_talk(result: SessionResult, turns: int) -> list[str]:
    """Why this session's report is not its own, if it is not."""
    if result.report is None:
        return []
    session, tag = result.report["session"], f"session {result.number}"
    found = []
    if session["partner_name"] != result.partner_name or session["persona"] != result.persona:
        found.append(f"{tag}: report is for {session['partner_name']} ({session['persona']})")
    if session["turns"] != turns:
        found.append(f"{tag}: report counts {session['turns']} turns, not {turns}")
    strangers = [
        b["text"] for b in result.report.get("best_lines", []) if b["text"] not in result.sent
    ]
    if strangers:
        found.append(f"{tag}: report quotes lines it never sent: {strangers[:2]}")
    return found
