"""Take the README's screenshot (docs/screenshot.png): `rehearse ui` with the real bundled
model over a home already indexed, four good turns in Chromium, the desktop page.

`python -m evals.screenshot HOME` (HOME: a REHEARSE_HOME with the index built). What the
page shows is the app's business; this only drives it and saves the picture.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from evals.servers import REPO, app_server

LINES = [
    "Hi Sam, is now an okay time to talk for a few minutes?",
    "I feel lonely when we go days without really talking, because I miss you.",
    "It sounds like you've had a lot on your mind lately. What's been going on for you?",
    "That sounds really hard. What would help you feel less pressured?",
]


def main(home: Path, out: Path = REPO / "docs" / "screenshot.png") -> None:
    from playwright.sync_api import sync_playwright

    from tests.ui_app import CHROMIUM, FLAGS, start_rehearsal, wait_for_reply

    with app_server(home, Path(tempfile.mkdtemp())) as server, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(server.url + "/")
        page.get_by_text("Getting the coach ready").wait_for(state="hidden", timeout=120_000)
        box = start_rehearsal(page, server.url + "/")
        for number, line in enumerate(LINES, start=1):
            box.fill(line)
            box.press("Enter")
            wait_for_reply(page, number, 120_000)
            page.get_by_text("Sam is typing…").wait_for(state="hidden", timeout=60_000)
        page.wait_for_timeout(800)
        page.screenshot(path=str(out), full_page=True)
        browser.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]))
