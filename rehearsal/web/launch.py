"""Start the web app from settings: check the binding, build the UI, launch Gradio.

A non-loopback host is refused unless REHEARSE_AUTH names who may log in, because the
rehearsals are private; with it, each user sees only their own sessions. Before Gradio is
imported, this process gets a private umask and its own Gradio temp folder under
REHEARSE_HOME (`GRADIO_TEMP_DIR`), and the folders of processes that are gone are removed,
so no copy outlives its server. The `Guard` middleware adds the Content-Security-Policy,
serves derived files only to their owner and slows down wrong logins. The theme uses the
system's fonts so the browser fetches nothing from another host. What the page shows is
`rehearsal.web.ui`'s business.
"""

from __future__ import annotations

import atexit
import ipaddress
import logging
import os
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

from rehearsal.accounts import Accounts
from rehearsal.accounts import parse_auth as parse_accounts
from rehearsal.errors import RehearseError
from rehearsal.private import private_dir, private_umask
from rehearsal.settings import Settings

if TYPE_CHECKING:
    import gradio as gr

    from rehearsal.services import Services

log = logging.getLogger(__name__)
SYSTEM_FONTS = ("ui-sans-serif", "system-ui", "-apple-system", "Segoe UI", "sans-serif")
# Keys Gradio announces to screen readers but ships no English for (it would read out
# "common.complete" after every event).
MISSING_TRANSLATIONS = {"en": {"common.complete": "Done"}}
SYSTEM_MONO = ("ui-monospace", "SFMono-Regular", "Menlo", "Consolas", "monospace")


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def parse_auth(settings: Settings) -> Accounts | None:
    """The users of `REHEARSE_AUTH`, or None; refuses an open network bind."""
    if settings.auth is None:
        if not is_loopback(settings.host):
            raise RehearseError(
                f"refusing to listen on {settings.host} without a password: set "
                "REHEARSE_AUTH=user:password (or @FILE, see `rehearse users add`), "
                "or use --host 127.0.0.1"
            )
        return None
    return parse_accounts(settings.auth.get_secret_value())


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def gradio_temp_dir(settings: Settings) -> Path:
    """This process's Gradio folder under REHEARSE_HOME/tmp (those of dead processes go)."""
    root = private_dir(settings.temp_dir, "the temp folder")
    for folder in root.glob("gradio-*"):
        pid = folder.name.removeprefix("gradio-")
        if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)
    mine = private_dir(root / f"gradio-{os.getpid()}", "the temp folder")
    atexit.register(shutil.rmtree, mine, ignore_errors=True)
    return mine


def use_private_temp(settings: Settings) -> Path:
    """Point Gradio at this process's folder; must run before Gradio is imported."""
    private_umask()
    folder = gradio_temp_dir(settings)
    if "gradio" in sys.modules and os.environ.get("GRADIO_TEMP_DIR") != str(folder):
        log.warning(
            "Gradio was imported before its temp folder was set; some copies may land in %s",
            tempfile.gettempdir(),
        )
    os.environ["GRADIO_TEMP_DIR"] = str(folder)
    return folder


def theme() -> object:
    import gradio as gr

    return gr.themes.Soft(
        primary_hue="teal", neutral_hue="slate", font=SYSTEM_FONTS, font_mono=SYSTEM_MONO
    )


def serve(services: Services, settings: Settings, accounts: Accounts | None = None) -> gr.Blocks:
    """Build the page over `services` and start serving it; returns at once."""
    import gradio as gr  # after the private temp folder is set
    from starlette.middleware import Middleware

    from rehearsal.web.guard import Guard, login_check
    from rehearsal.web.throttle import LoginThrottle
    from rehearsal.web.ui import CSS, build_ui

    demo = build_ui(services)
    try:
        demo.queue(default_concurrency_limit=4).launch(
            server_name=settings.host,
            server_port=settings.port,
            auth=login_check(accounts, LoginThrottle()) if accounts else None,
            theme=theme(),
            css=CSS,
            show_error=True,
            inbrowser=False,
            footer_links=[],
            prevent_thread_lock=True,
            i18n=gr.I18n(**MISSING_TRANSLATIONS),
            quiet=True,
            app_kwargs={"middleware": [Middleware(Guard, services=services)]},
        )
    except OSError as error:
        raise RehearseError(
            f"cannot listen on {settings.host}:{settings.port}: {error}; "
            "choose another --port or stop the other server"
        ) from None
    return demo


def say(line: str) -> None:
    sys.stderr.write(f"rehearse: {line}\n")
    sys.stderr.flush()


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # as Ctrl+C: the server closes and the temp folder goes


def launch(settings: Settings) -> None:
    """Serve the page first, then get the coach ready behind its notice; serve until
    interrupted (Ctrl+C, or SIGTERM from a service manager or `kill`). Each stage is told on
    stderr as it begins."""
    accounts = parse_auth(settings)
    use_private_temp(settings)
    signal.signal(signal.SIGTERM, _interrupt)
    t0 = time.perf_counter()
    say("starting the page…")
    from rehearsal.services import Services

    services = Services(settings)
    services.expect_warm_up()
    demo = serve(services, settings, accounts)
    say(
        f"open http://{settings.host}:{settings.port} (page up in {time.perf_counter() - t0:.1f} s)"
    )

    def stage(name: str, number: int, of: int) -> None:
        say(f"getting the coach ready [{number}/{of}] {name}… ({time.perf_counter() - t0:.1f} s)")

    try:
        services.warm_up(stage)
    except BaseException:
        demo.close()
        raise
    say(f"ready in {time.perf_counter() - t0:.1f} s; press Ctrl+C to stop")
    demo.block_thread()
