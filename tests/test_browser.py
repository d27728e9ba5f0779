"""The page in Debian's Chromium: a turn typed, the reply streamed, the coach's tip shown,
and not one request to any host but the app's own."""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import urlparse

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(), reason="needs Debian's chromium (.ci/run installs it)"
    ),
]
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def test_a_turn_in_the_browser_stays_on_this_machine(app_url: str, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    requested: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.on("request", lambda request: requested.append(request.url))
        page.goto(app_url)
        page.get_by_label("Their name").fill("Jordan")
        page.get_by_role("button", name="Start rehearsing").click()
        box = page.get_by_label("What you would say")
        box.fill("I feel lonely when we go days without really talking.")
        box.press("Enter")
        page.get_by_text("From the article").wait_for(timeout=120_000)
        bubbles = page.locator('[data-testid="bot"]')
        bubbles.first.wait_for(timeout=120_000)
        page.wait_for_function(
            "() => { const b = document.querySelectorAll('[data-testid=\"bot\"]');"
            " return b.length && b[b.length-1].innerText.trim().length > 3"
            " && !b[b.length-1].innerText.trim().endsWith('…'); }",
            timeout=120_000,
        )
        reply = bubbles.last.inner_text().strip()
        assert reply and reply != "…"
        assert page.get_by_text("“I feel” statement").first.is_visible()
        page.wait_for_timeout(500)
        page.screenshot(path=str(tmp_path / "desktop.png"), full_page=True)

        phone = browser.new_page(viewport={"width": 375, "height": 800})
        phone.on("request", lambda request: requested.append(request.url))
        phone.goto(app_url)
        phone.get_by_role("button", name="Start rehearsing").wait_for()
        width = phone.evaluate("document.documentElement.scrollWidth")
        phone.screenshot(path=str(tmp_path / "phone.png"), full_page=True)
        browser.close()

    assert width <= 375 + 1, "the page scrolls sideways at phone width"
    app_host = urlparse(app_url).netloc
    foreign = sorted(
        {
            url
            for url in requested
            if urlparse(url).scheme in ("http", "https", "ws", "wss")
            and urlparse(url).netloc != app_host
        }
    )
    assert requested and not foreign, foreign


PAYLOADS = [
    '<img src="http://198.51.100.1/x.png">',
    "![x](http://198.51.100.1/y.png) and <script>window.pwned = 1</script>",
]


def _wait_for_replies(page, count: int) -> None:
    page.wait_for_function(
        "n => { const b = document.querySelectorAll('[data-testid=\"bot\"]');"
        " return b.length >= n && b[n-1].innerText.trim().length > 1"
        " && !b[n-1].innerText.trim().endsWith('…'); }",
        arg=count,
        timeout=120_000,
    )


def test_html_and_markdown_images_show_as_text_and_fetch_nothing(app_url: str) -> None:
    from playwright.sync_api import sync_playwright

    requested: list[str] = []
    console: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.on("request", lambda request: requested.append(request.url))
        page.on("console", lambda message: console.append(message.text))
        response = page.goto(app_url)
        assert response is not None
        assert response.headers["content-security-policy"].startswith("default-src 'self'")
        page.get_by_label("Their name").fill('<img src="http://198.51.100.1/name.png">')
        page.get_by_label("A few words about the real situation (optional)").fill(PAYLOADS[0])
        page.get_by_role("button", name="Start rehearsing").click()
        box = page.get_by_label("What you would say")
        for number, payload in enumerate(PAYLOADS, start=1):
            box.fill(payload)
            box.press("Enter")
            _wait_for_replies(page, number)
        users = page.locator('[data-testid="user"]')
        assert users.nth(0).inner_text().strip() == PAYLOADS[0]
        assert "![x](http://198.51.100.1/y.png)" in users.nth(1).inner_text()
        page.get_by_role("button", name="End session").click()
        page.get_by_text("How it went with").wait_for(timeout=120_000)
        page.get_by_role("tab", name="History").click()
        page.locator("img[src*='progress-']:visible").first.wait_for(timeout=60_000)
        page.wait_for_timeout(1500)
        planted = page.locator('img[src*="198.51.100.1"], a[href*="198.51.100.1"]').count()
        pwned = page.evaluate("() => window.pwned")
        browser.close()

    assert planted == 0 and pwned is None
    blocked = [text for text in console if "Content Security Policy" in text]
    assert not blocked, blocked  # the policy blocks nothing the page itself needs
    foreign = sorted({url for url in requested if "198.51.100.1" in url})
    foreign += sorted(
        {
            url
            for url in requested
            if urlparse(url).scheme in ("http", "https", "ws", "wss")
            and urlparse(url).hostname != "127.0.0.1"
        }
    )
    assert requested and not foreign, foreign
