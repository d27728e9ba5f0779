"""A load test of the web app with its partner in a model server (not a test: figures).

`python -m evals.load_test --sessions 8 --turns 4` starts llama-cpp-python's server with
the model of the settings (the bundled GGUF by default) and the app (`rehearse ui`) with
REHEARSE_LLM_URL pointing at it and a fresh REHEARSE_HOME, both on loopback (`--embedded`:
the app's own model instead). Then it plays that many trainees at once, one thread and one
`gradio_client` session each (`evals.trainees`), checks that every report is its own, and
prints one JSON object: throughput, time to the first partial reply (p50, p95), errors
(details on stderr). Bounded: a count for every loop, one time limit for all, and the
servers always stop. Starting the servers is `evals.servers`' job.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor, wait
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from evals import DATA_DIR
from evals.servers import app_server, llama_server
from evals.trainees import SessionResult, cross_talk, left, play_session
from rehearsal.personas import load_personas
from rehearsal.settings import Settings

SCRIPTS = ("skilled.txt", "mixed.txt")


def script_lines() -> list[str]:
    texts = [(DATA_DIR / "scripts" / name).read_text(encoding="utf-8") for name in SCRIPTS]
    return [line.strip() for text in texts for line in text.splitlines() if line.strip()]


def percentile(values: list[float], share: float) -> float | None:
    """Nearest-rank percentile (None for no values)."""
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[max(0, math.ceil(share * len(ordered)) - 1)], 3)


def run_sessions(url: str, sessions: int, turns: int, deadline: float) -> list[SessionResult]:
    lines = script_lines()
    personas = list(load_personas(Settings().prompts_dir))  # every card on disk
    results = [
        SessionResult(n, personas[n % len(personas)], f"Partner{n}") for n in range(sessions)
    ]
    pool = ThreadPoolExecutor(max_workers=sessions, thread_name_prefix="trainee")
    futures = [pool.submit(play_session, url, r, lines, turns, deadline) for r in results]
    wait(futures, timeout=max(1.0, deadline - time.monotonic()) + 30)
    pool.shutdown(wait=False, cancel_futures=True)
    return results


def summary(results: list[SessionResult], turns: int, wall_s: float) -> dict[str, Any]:
    firsts = [s for r in results for s in r.first_partial_s]
    replies = [s for r in results for s in r.reply_s]
    done = len(replies)
    return {
        "sessions": len(results),
        "turns": turns,
        "turns_done": done,
        "wall_s": round(wall_s, 1),
        "turns_per_min": round(done / wall_s * 60, 1) if wall_s > 0 else 0.0,
        "first_token_p50_s": percentile(firsts, 0.50),
        "first_token_p95_s": percentile(firsts, 0.95),
        "reply_p50_s": percentile(replies, 0.50),
        "errors": sum(len(r.errors) for r in results),
        "cpus": os.cpu_count(),
    }


def measure(args: argparse.Namespace, deadline: float) -> tuple[list[SessionResult], float, str]:
    """Start the servers, play every session, stop the servers: (results, wall_s, app log)."""
    from rehearsal.models import resolve_model_path
    from rehearsal.settings import Settings

    with tempfile.TemporaryDirectory(prefix="rehearse-load-") as folder, ExitStack() as servers:
        work, started = Path(folder), []
        env = {"REHEARSE_THREADS": str(args.threads)}
        if not args.embedded:
            model = resolve_model_path(Settings())
            options = {"interrupt": args.interrupt, "cache": not args.no_cache}
            started.append(llama_server(model, work, threads=args.threads, **options))
            env["REHEARSE_LLM_URL"] = started[0].url
        started.append(app_server(work / "home", work, env))
        for server in started:
            server.start_timeout_s = left(deadline)
            servers.enter_context(server)
        began = time.monotonic()
        results = run_sessions(started[-1].base_url, args.sessions, args.turns, deadline)
        return results, time.monotonic() - began, started[-1].log_tail()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals.load_test", description=__doc__)
    parser.add_argument("--sessions", type=int, default=8, help="concurrent trainees")
    parser.add_argument("--turns", type=int, default=4, help="turns per trainee")
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1, help="model threads")
    parser.add_argument("--time-limit", type=float, default=900.0, help="seconds for it all")
    parser.add_argument("--no-cache", action="store_true", help="llama server: --cache False")
    parser.add_argument("--interrupt", action="store_true", help="--interrupt_requests True")
    parser.add_argument("--embedded", action="store_true", help="the app's own model, no server")
    args = parser.parse_args(argv)
    if not (1 <= args.sessions <= 64 and 1 <= args.turns <= 50):
        parser.error("--sessions must be 1..64 and --turns 1..50")
    results, wall_s, app_log = measure(args, time.monotonic() + args.time_limit)
    for result in results:
        result.errors += cross_talk(result, args.turns)
    ids = [r.report["session"]["id"] for r in results if r.report is not None]
    if len(set(ids)) != len(ids):
        results[0].errors.append("two sessions share one session id")
    figures = summary(results, args.turns, wall_s)
    server = {"cache": not args.no_cache, "interrupt_requests": args.interrupt}
    figures["llama_cpp_server"] = None if args.embedded else server
    for error in (error for result in results for error in result.errors):
        print(error, file=sys.stderr)
    if figures["errors"]:
        print(f"the app's log ends with:\n{app_log}", file=sys.stderr)
    print(json.dumps(figures))
    return 0 if figures["errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
