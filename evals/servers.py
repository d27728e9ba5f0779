"""Start and stop the real servers Rehearse can talk to, each on a free loopback port.

`llama_server` (llama-cpp-python's OpenAI-compatible server), `chroma_server` (a Chroma
server) and `app_server` (the Rehearse web app itself) describe a child process; a
`ServerProcess` starts it, waits until its health URL answers (for the app, also until it
logs "ready in": its page answers before the coach is ready), and stops it (terminate,
then kill), and can be stopped and started again on the same port. Logs go to a file in
the caller's folder. Used by the load test (`evals.load_test`) and by the server tests
(`tests/servers.py`); what is sent to the servers is left to them. Only 127.0.0.1 is used.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

LOOPBACK = "127.0.0.1"
REPO = Path(__file__).resolve().parent.parent
_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def free_port() -> int:
    """A TCP port nothing listens on right now, on the loopback interface."""
    with socket.socket() as probe:
        probe.bind((LOOPBACK, 0))
        return int(probe.getsockname()[1])


def answers(url: str, timeout_s: float = 2.0) -> bool:
    """Whether a GET of `url` gets a 2xx answer (never through a proxy)."""
    try:
        with _DIRECT.open(url, timeout=timeout_s) as response:
            return 200 <= int(response.status) < 300
    except OSError:
        return False


def clean_env(**extra: str) -> dict[str, str]:
    """This process's environment without any REHEARSE_* setting, plus `extra`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("REHEARSE_")}
    env.update(extra)
    return env


@dataclass
class ServerProcess:
    """One server as a child process on a fixed loopback port; a context manager."""

    name: str
    command: list[str]
    port: int
    health_path: str
    log_path: Path
    api_path: str = ""
    env: dict[str, str] = field(default_factory=clean_env)
    ready_text: str = ""  # also wait for this in the log (the app's "ready in" line)
    start_timeout_s: float = 180.0
    stop_timeout_s: float = 20.0
    process: subprocess.Popen[bytes] | None = None

    @property
    def base_url(self) -> str:
        return f"http://{LOOPBACK}:{self.port}"

    @property
    def url(self) -> str:
        """The URL a client is given (for the model server, the `/v1` API root)."""
        return self.base_url + self.api_path

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def log_tail(self, chars: int = 2000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-chars:]
        except OSError:
            return ""

    def start(self) -> None:
        """Launch the process and return once its health URL answers."""
        if self.running:
            return
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        logged_before = self.log_path.stat().st_size if self.log_path.exists() else 0
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                self.command, env=self.env, cwd=REPO, stdout=log, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + self.start_timeout_s
        while not self._ready(logged_before):
            if self.process.poll() is not None:
                self.process = None
                raise RuntimeError(f"{self.name} exited on start:\n{self.log_tail()}")
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"{self.name} did not answer in {self.start_timeout_s:.0f}s")
            time.sleep(0.25)

    def _ready(self, logged_before: int) -> bool:
        if not answers(self.base_url + self.health_path):
            return False
        if not self.ready_text:
            return True
        with self.log_path.open("rb") as log:
            log.seek(logged_before)
            return self.ready_text.encode() in log.read()

    def stop(self) -> None:
        """Terminate the process (kill it if it lingers); the port is free afterwards."""
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout=self.stop_timeout_s)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=self.stop_timeout_s)

    def restart(self) -> None:
        """Stop, then start again on the same port."""
        self.stop()
        self.start()

    def __enter__(self) -> ServerProcess:
        self.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.stop()


def llama_server(
    model: Path,
    log_dir: Path,
    *,
    threads: int = 2,
    context: int = 2048,
    port: int | None = None,
    interrupt: bool = False,
    cache: bool = False,
) -> ServerProcess:
    """llama-cpp-python's OpenAI-compatible server for one GGUF (`url` ends in `/v1`).

    It answers one request at a time. `interrupt` keeps its default of cutting off the
    running request when another arrives (concurrent sessions then starve each other);
    `cache` keeps each prompt's state in RAM so interleaved sessions reuse their prefixes.
    """
    port = port or free_port()
    command = [sys.executable, "-m", "llama_cpp.server", "--model", str(model)]
    command += ["--host", LOOPBACK, "--port", str(port), "--n_ctx", str(context)]
    command += ["--n_threads", str(threads), "--n_threads_batch", str(threads)]
    command += ["--interrupt_requests", str(interrupt), "--cache", str(cache)]
    command += ["--verbose", "False"]
    return ServerProcess(
        "llama.cpp server",
        command,
        port,
        "/v1/models",
        log_dir / f"llama-{port}.log",
        api_path="/v1",
    )


def chroma_executable() -> str:
    """The `chroma` command installed beside this Python, else the one on PATH."""
    beside = Path(sys.executable).parent / "chroma"
    found = str(beside) if beside.exists() else shutil.which("chroma")
    if found is None:
        raise RuntimeError("the `chroma` command is not installed (it comes with chromadb)")
    return found


def chroma_server(data_dir: Path, log_dir: Path, *, port: int | None = None) -> ServerProcess:
    """A Chroma server persisting to `data_dir`, telemetry off."""
    port = port or free_port()
    command = [chroma_executable(), "run", "--path", str(data_dir)]
    command += ["--host", LOOPBACK, "--port", str(port)]
    env = clean_env(ANONYMIZED_TELEMETRY="False")
    return ServerProcess(
        "Chroma server", command, port, "/api/v2/heartbeat", log_dir / f"chroma-{port}.log", env=env
    )


def app_server(
    home: Path, log_dir: Path, env: dict[str, str] | None = None, *, port: int | None = None
) -> ServerProcess:
    """The Rehearse web app (`rehearse ui`) with its data in `home`, plus REHEARSE_* `env`."""
    port = port or free_port()
    command = [sys.executable, "-m", "rehearsal.cli", "ui", "--host", LOOPBACK, "--port", str(port)]
    settings = clean_env(REHEARSE_HOME=str(home), **(env or {}))
    return ServerProcess(
        "Rehearse app",
        command,
        port,
        "/",
        log_dir / f"app-{port}.log",
        env=settings,
        ready_text="rehearse: ready in",
        start_timeout_s=600.0,
    )
