"""Start the real web app in a subprocess for UI tests, and stop it afterwards."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.conftest import REPO, cli_env


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def running_app(home: Path, **env: str) -> Iterator[str]:
    """The app's URL while it runs on a free loopback port."""
    port = free_port()
    log = (home / f"app-{port}.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "rehearsal.cli", "ui", "--port", str(port)],
        env=cli_env(home, **env),
        cwd=REPO,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.time() + 180
        while True:
            if process.poll() is not None:
                raise RuntimeError((home / f"app-{port}.log").read_text()[-2000:])
            try:
                with urllib.request.urlopen(url, timeout=2):
                    break
            except OSError:
                if time.time() > deadline:
                    raise
                time.sleep(0.5)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
