"""Measure how fast Rehearse is, on its real code paths, against the hardware's limit.

Every figure comes from the code people run: the app's backend against raw
llama-cpp-python on the same model and prompt (interleaved runs), first-token latency at
turns 1, 10 and 20 of a scripted rehearsal, the per-turn work outside the model, warm
retrieval and analysis, a full ingest, and a cold start of the web app measured from
process start to the page answering, with its peak memory after a few turns. Printing
is the CLI's job; targets are listed in TARGETS for it to compare against.
"""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from evals import DATA_DIR
from evals.startup import launch_ui, start_times, wait_for_page
from rehearsal.llm.base import GenerationRequest
from rehearsal.settings import Settings

TARGETS = {
    "gen_rate_ratio": (">=", 0.9),
    "ttft_ratio_20_1": ("<=", 1.5),
    "ttft_turn1_s": ("<=", 1.0),
    "first_visible_p50_s": ("<=", 1.0),
    "first_visible_max_s": ("<=", 1.5),
    "overhead_p50_ms": ("<=", 30.0),
    "retrieve_p50_ms": ("<", 30.0),
    "analyze_p50_ms": ("<", 20.0),
    "cold_start_s": ("<", 15.0),
    "warm_start_page_s": ("<", 10.0),
    "warm_start_ready_s": ("<", 10.0),
    "cold_start_page_s": ("<", 10.0),
    "ingest_s": ("<", 10.0),
    "peak_rss_mb": ("<", 1500.0),
}
BENCH_PROMPT = "Sam: Tell me about your week, honestly.\nAlex: Honestly, my week was"
SCRIPT = DATA_DIR / "scripts"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _rate(pieces: Iterator[str]) -> float:
    """Tokens per second between the first and the last streamed piece."""
    stamps = [time.perf_counter() for _ in pieces]
    return (len(stamps) - 1) / (stamps[-1] - stamps[0]) if len(stamps) > 2 else 0.0


def generation_rates(settings: Settings, rounds: int = 5, tokens: int = 96) -> dict[str, float]:
    """The app's backend and raw llama-cpp-python, interleaved, same model and prompt."""
    from llama_cpp import Llama

    from rehearsal.llm.llama_cpp import LlamaCppBackend
    from rehearsal.models import resolve_model_path

    path = resolve_model_path(settings)
    app = LlamaCppBackend(
        path, threads=settings.threads, context_tokens=settings.context_tokens, seed=settings.seed
    )
    raw = Llama(
        model_path=str(path),
        n_ctx=settings.context_tokens,
        n_threads=settings.threads,
        n_threads_batch=settings.threads,
        seed=settings.seed,
        verbose=False,
    )
    request = GenerationRequest(BENCH_PROMPT, stop=(), max_tokens=tokens, temperature=0.0)

    def raw_pieces() -> Iterator[str]:
        chunks: Any = raw.create_completion(
            BENCH_PROMPT, max_tokens=tokens, temperature=0.0, stream=True
        )
        for chunk in chunks:
            yield chunk["choices"][0]["text"]

    app_rates, raw_rates = [], []
    for _ in range(rounds):
        app_rates.append(_rate(app.stream(request)))
        raw_rates.append(_rate(raw_pieces()))
    app_rate, raw_rate = statistics.median(app_rates), statistics.median(raw_rates)
    return {
        "gen_rate_app_tps": round(app_rate, 1),
        "gen_rate_raw_tps": round(raw_rate, 1),
        "gen_rate_ratio": round(app_rate / raw_rate, 3) if raw_rate else 0.0,
    }


class FirstTokenClock:
    """Wraps the app's backend and notes when each turn's first model token arrives."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.first: float | None = None

    @property
    def description(self) -> str:
        return str(self.inner.description)

    def warm(self, prompt: str) -> None:
        self.inner.warm(prompt)

    def stream(self, request: GenerationRequest) -> Iterator[str]:
        for piece in self.inner.stream(request):
            if self.first is None:
                self.first = time.perf_counter()
            yield piece


def rehearsal_timings(settings: Settings, turns: int = 20) -> dict[str, Any]:
    """First-token latency per turn and the work before the model, over a real rehearsal.

    `ttft` is the first token from the model (what prefix reuse keeps flat);
    `first_visible` is the first checked sentence the person sees.
    """
    from rehearsal.llm.factory import create_backend
    from rehearsal.services import Services
    from rehearsal.session import PartnerSpoke, TurnStarted
    from rehearsal.store import SessionStore

    clock = FirstTokenClock(create_backend(settings))
    services = Services(settings, backend=clock)
    with tempfile.TemporaryDirectory() as scratch:
        services.store = SessionStore(Path(scratch) / "bench.sqlite3")
        services.warm_up()
        lines = [
            line
            for name in ("skilled", "mixed")
            for line in (SCRIPT / f"{name}.txt").read_text().splitlines()
            if line
        ]
        rehearsal = services.start("avoidant-attachment", "medium", "Sam")
        first_token, first_visible, overhead = [], [], []
        for number in range(turns):
            started = time.perf_counter()
            clock.first = None
            seen_first = False
            for event in rehearsal.send(lines[number % len(lines)]):
                now = time.perf_counter()
                if isinstance(event, TurnStarted):
                    overhead.append(1000 * (now - started))
                elif isinstance(event, PartnerSpoke) and not seen_first:
                    first_visible.append(now - started)
                    seen_first = True
            first_token.append((clock.first or time.perf_counter()) - started)
        services.store.close()
    return {
        "ttft_turn1_s": round(first_token[0], 3),
        "ttft_turn10_s": round(first_token[9], 3),
        "ttft_turn20_s": round(first_token[19], 3),
        "ttft_ratio_20_1": round(first_token[19] / first_token[0], 3),
        "first_visible_p50_s": round(percentile(first_visible, 0.5), 3),
        "first_visible_max_s": round(max(first_visible), 3),
        "overhead_p50_ms": round(percentile(overhead, 0.5), 1),
        "overhead_p95_ms": round(percentile(overhead, 0.95), 1),
    }


def component_timings(settings: Settings) -> dict[str, float]:
    """Warm retrieval and analysis latency over the dev sets, and a full ingest."""
    import json

    from rehearsal.retrieval import ingest
    from rehearsal.services import Services

    services = Services(settings)
    services.warm_up()
    queries = [json.loads(x)["query"] for x in (DATA_DIR / "retrieval_dev.jsonl").open()]
    texts = [json.loads(x)["text"] for x in (DATA_DIR / "analysis_dev.jsonl").open()]
    retrieve, analyze = [], []
    for query in queries:
        t0 = time.perf_counter()
        services.retriever.retrieve(query, k=3)
        retrieve.append(1000 * (time.perf_counter() - t0))
    for text in texts:
        t0 = time.perf_counter()
        services.analyzer.analyze(text)
        analyze.append(1000 * (time.perf_counter() - t0))
    with tempfile.TemporaryDirectory() as scratch:
        t0 = time.perf_counter()
        ingest(settings.model_copy(update={"home": Path(scratch)}), rebuild=True)
        ingest_s = time.perf_counter() - t0
    return {
        "retrieve_p50_ms": round(percentile(retrieve, 0.5), 1),
        "retrieve_p95_ms": round(percentile(retrieve, 0.95), 1),
        "analyze_p50_ms": round(percentile(analyze, 0.5), 1),
        "analyze_p95_ms": round(percentile(analyze, 0.95), 1),
        "ingest_s": round(ingest_s, 2),
    }


def cold_start(settings: Settings, turns: int = 3) -> dict[str, float]:
    """Process start to page answering for `rehearse ui`, then peak RSS after a few turns."""
    from gradio_client import Client

    process, url, t0 = launch_ui(settings.home, subprocess.DEVNULL)
    try:
        started_s = wait_for_page(process, url, t0, timeout_s=120)
        client = Client(url, verbose=False)
        client.predict("feel-unworthy", "medium", "Sam", api_name="/start")
        for line in (SCRIPT / "skilled.txt").read_text().splitlines()[:turns]:
            client.predict(line, api_name="/send")
        status = Path(f"/proc/{process.pid}/status").read_text()
        peak_kb = next(
            int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM")
        )
    finally:
        process.terminate()
        process.wait(timeout=30)
    return {"cold_start_s": round(started_s, 2), "peak_rss_mb": round(peak_kb / 1024, 1)}


def machine(settings: Settings) -> dict[str, Any]:
    from rehearsal.llm.factory import create_backend

    return {
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, {platform.system()}",
        "python": platform.python_version(),
        "threads": settings.threads,
        "model": create_backend(settings).description,
    }


def run_bench(settings: Settings, progress: Callable[[str], None]) -> dict[str, Any]:
    """Every figure, measured in one run."""
    figures: dict[str, Any] = machine(settings)
    for label, step in (
        ("generation rate", generation_rates),
        ("rehearsal latency", rehearsal_timings),
        ("retrieval, analysis, ingest", component_timings),
        ("cold start and memory", cold_start),
        ("start to page and to coach ready, warm and cold", start_times),
    ):
        progress(label)
        figures.update(step(settings))
    return figures
