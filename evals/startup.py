"""How long `rehearse ui` takes to start: to the page answering (it then shows "getting
the coach ready") and to the coach being ready (its "ready in" line on stderr), on a home
already indexed (warm) and on an empty one (cold). Part of `rehearse bench`; the targets
are the bench's. Only 127.0.0.1 is used.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from evals.servers import LOOPBACK, free_port
from rehearsal.settings import Settings


def launch_ui(home: Path, stderr: int) -> tuple[subprocess.Popen[str], str, float]:
    """`rehearse ui` over `home` on a free loopback port: the process, its page's URL and
    the clock reading when it was started."""
    port = free_port()
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "rehearsal.cli", "ui", "--port", str(port)],
        env={**os.environ, "REHEARSE_HOME": str(home)},
        stdout=subprocess.DEVNULL,
        stderr=stderr,
        text=True,
    )
    return process, f"http://{LOOPBACK}:{port}/", started


def wait_for_page(
    process: subprocess.Popen[str], url: str, started: float, timeout_s: float
) -> float:
    """Seconds from `started` until `url` answers; an error if the app dies or is too slow."""
    while True:
        try:
            with urllib.request.urlopen(url, timeout=1):
                return time.perf_counter() - started
        except OSError:
            if process.poll() is not None or time.perf_counter() - started > timeout_s:
                raise RuntimeError("the web app did not start") from None
            time.sleep(0.1)


def start_to_ready(home: Path, timeout_s: float = 900.0) -> dict[str, float]:
    """`rehearse ui` over `home`: seconds to the page answering (it shows "getting the
    coach ready") and to the coach being ready (its "ready in" line on stderr)."""
    process, url, t0 = launch_ui(home, subprocess.PIPE)
    ready_s = 0.0
    try:
        page_s = wait_for_page(process, url, t0, timeout_s)
        assert process.stderr is not None
        for line in process.stderr:
            if "ready in" in line:
                ready_s = time.perf_counter() - t0
                break
        if not ready_s:
            raise RuntimeError("the web app stopped before the coach was ready")
    finally:
        process.terminate()
        process.wait(timeout=30)
    return {"page_s": round(page_s, 2), "ready_s": round(ready_s, 2)}


def start_times(settings: Settings) -> dict[str, float]:
    """Start to page and to coach ready: warm (this home, already indexed and fitted)
    and cold (an empty home: the index is built and the analyser fitted)."""
    import tempfile

    warm = start_to_ready(settings.home)
    with tempfile.TemporaryDirectory(prefix="rehearse-cold-") as empty:
        cold = start_to_ready(Path(empty))
    return {
        "warm_start_page_s": warm["page_s"],
        "warm_start_ready_s": warm["ready_s"],
        "cold_start_page_s": cold["page_s"],
        "cold_start_ready_s": cold["ready_s"],
    }
