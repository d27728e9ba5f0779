"""Start the web app from settings: check the binding, build the UI, launch Gradio.

A non-loopback host is refused unless `REHEARSE_AUTH=user:password` is set, because the
rehearsals are private. The theme uses the system's fonts so the browser fetches nothing
from another host. What the page shows is `rehearsal.web.ui`'s business.
"""

from __future__ import annotations

import ipaddress

from rehearsal.errors import RehearseError
from rehearsal.settings import Settings

SYSTEM_FONTS = ("ui-sans-serif", "system-ui", "-apple-system", "Segoe UI", "sans-serif")
SYSTEM_MONO = ("ui-monospace", "SFMono-Regular", "Menlo", "Consolas", "monospace")


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def parse_auth(settings: Settings) -> tuple[str, str] | None:
    """The (user, password) pair from `REHEARSE_AUTH`, or None; refuses an open network bind."""
    if settings.auth is None:
        if not is_loopback(settings.host):
            raise RehearseError(
                f"refusing to listen on {settings.host} without a password: set "
                "REHEARSE_AUTH=user:password, or use --host 127.0.0.1"
            )
        return None
    user, sep, password = settings.auth.get_secret_value().partition(":")
    if not sep or not user or not password:
        raise RehearseError("REHEARSE_AUTH must look like user:password")
    return user, password


def theme() -> object:
    import gradio as gr

    return gr.themes.Soft(
        primary_hue="teal", neutral_hue="slate", font=SYSTEM_FONTS, font_mono=SYSTEM_MONO
    )


def launch(settings: Settings) -> None:
    """Serve the app until interrupted."""
    from rehearsal.services import Services
    from rehearsal.web.ui import CSS, build_ui

    auth = parse_auth(settings)
    services = Services(settings)
    services.warm_up()
    demo = build_ui(services)
    demo.queue(default_concurrency_limit=4).launch(
        server_name=settings.host,
        server_port=settings.port,
        auth=auth,
        theme=theme(),
        css=CSS,
        show_error=True,
        inbrowser=False,
        footer_links=[],
    )
