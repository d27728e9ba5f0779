"""What a new user runs into in Chromium (issue 15), one test per thing a regression could
bring back; the app runs in-process over a scripted, slowable partner (`tests.ui_app`)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.ui_app import CHROMIUM, FLAGS, FakeApp, fake_app, start_rehearsal, wait_for_reply

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian's chromium"),
]
SHOTS = Path(__file__).resolve().parent.parent / "build" / "screens"


@pytest.fixture(scope="module")
def app(shared_home: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[FakeApp]:
    with fake_app(shared_home, tmp_path_factory.mktemp("ui-home")) as running:
        yield running


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any, app: FakeApp) -> Iterator[Any]:
    app.backend.delay_s = 0.0
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


@pytest.fixture
def phone(browser: Any, app: FakeApp) -> Iterator[Any]:
    app.backend.delay_s = 0.0
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    yield context.new_page()
    context.close()


def shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def say(page: Any, box: Any, text: str, count: int) -> None:
    box.fill(text)
    box.press("Enter")
    wait_for_reply(page, count)


def test_a_first_try_shows_as_plain_struck_through_text(page: Any, app: FakeApp) -> None:
    box = start_rehearsal(page, app.url)
    say(page, box, "You never make time for me.", 1)
    box.fill("I feel lonely when we go days without talking.")
    page.get_by_role("button", name="Try it differently").click()
    page.get_by_text("I feel lonely when we go days").first.wait_for()
    wait_for_reply(page, 2)
    chat = page.locator(".conversation").inner_text()
    shot(page, "first-try")
    assert "'type'" not in chat and "[{" not in chat
    struck = page.locator(".conversation del, .conversation s").all_inner_texts()
    assert "You never make time for me." in struck
    assert len(struck) == 2 and all(text.strip() for text in struck)
    assert chat.count("(first try)") == 2


def test_enter_while_the_partner_types_shows_a_cue_and_sends_the_line_after(
    page: Any, app: FakeApp
) -> None:
    app.backend.delay_s = 0.25
    box = start_rehearsal(page, app.url, name="Robin")
    box.fill("Hi, is now a good time to talk?")
    box.press("Enter")
    page.get_by_text("Robin is typing…").wait_for(timeout=20_000)
    box.fill("I missed you this week.")
    box.press("Enter")
    wait_for_reply(page, 2, timeout_ms=90_000)
    users = page.locator('[data-testid="user"]').all_inner_texts()
    assert [u.strip() for u in users] == [
        "Hi, is now a good time to talk?",
        "I missed you this week.",
    ]
    page.get_by_text("Robin is typing…").wait_for(state="hidden")
    assert box.input_value() == ""


def test_undo_puts_the_coach_panel_back_on_the_turn_before(page: Any, app: FakeApp) -> None:
    box = start_rehearsal(page, app.url)
    say(page, box, "I feel lonely when we go days without really talking.", 1)
    before = page.locator(".coach").inner_text()
    verdict = page.locator(".block.verdict").inner_text()
    say(page, box, "You always ignore me and you never listen. Explain yourself.", 2)
    page.get_by_label("A way to say it").wait_for()
    assert page.locator(".coach").inner_text() != before
    page.get_by_role("button", name="Undo").click()
    page.get_by_text("Took back your last line.").wait_for()
    assert page.locator(".coach").inner_text() == before
    assert page.locator(".block.verdict").inner_text() == verdict
    assert not page.get_by_label("A way to say it").is_visible()


def test_describing_the_partner_with_an_empty_box_is_told_inline(page: Any, app: FakeApp) -> None:
    page.goto(app.url)
    page.get_by_label("Why they pull away").click()
    page.get_by_role("option", name="Describe your partner yourself").click()
    box = page.get_by_label(re.compile("Describe your partner \\(required\\)"))
    box.wait_for()
    page.get_by_role("button", name="Start rehearsing").click()
    page.get_by_text("describe your partner first").wait_for()
    shot(page, "custom-empty")
    assert page.get_by_label("Their name").is_visible()
    assert page.get_by_text("Error", exact=True).count() == 0
    box.fill("She grew up with parents who fought, and goes quiet when we argue.")
    page.get_by_role("button", name="Start rehearsing").click()
    page.get_by_label("What you would say").wait_for()


def test_the_report_leads_to_a_new_session(page: Any, app: FakeApp) -> None:
    box = start_rehearsal(page, app.url)
    say(page, box, "I feel worried when you go quiet; would you tell me what's up?", 1)
    page.get_by_role("button", name="End session").click()
    page.get_by_text("How it went with").wait_for(timeout=60_000)
    shot(page, "report")
    page.get_by_role("button", name="New session").click()
    page.get_by_role("button", name="Start rehearsing").wait_for()
    assert not page.get_by_text("How it went with").is_visible()


def test_the_chat_has_no_clear_button_that_leaves_the_session_running(
    page: Any, app: FakeApp
) -> None:
    box = start_rehearsal(page, app.url)
    say(page, box, "Hi, is now a good time?", 1)
    clear = page.locator(".conversation").get_by_role("button", name=re.compile("clear", re.I))
    if clear.count():  # if Gradio shows one, it starts over, as "New session" does
        clear.first.click()
        page.get_by_role("button", name="Start rehearsing").wait_for()


def test_history_loads_when_opened_and_asks_before_deleting(page: Any, app: FakeApp) -> None:
    box = start_rehearsal(page, app.url, name="Kim")
    say(page, box, "Hi, is now a good time?", 1)
    page.get_by_role("tab", name="History").click()
    kim = page.locator("span.text:visible:text-is('Kim')")
    kim.first.wait_for(timeout=30_000)
    page.get_by_role("button", name="Delete").click()
    page.get_by_text("Pick a session first").wait_for()
    kim.first.click()
    page.wait_for_function(
        "() => [...document.querySelectorAll('input, textarea')]"
        ".some(e => /^[0-9a-f]{12}$/.test(e.value))"
    )
    page.get_by_role("button", name="Delete").click()
    page.get_by_text("This cannot be undone.").wait_for()
    page.get_by_role("button", name="Keep it").click()
    page.get_by_text("Kept.").wait_for()
    assert kim.count() >= 1


def test_the_drill_offers_situations_to_pick_from(page: Any, app: FakeApp) -> None:
    page.goto(app.url)
    page.get_by_role("tab", name="“I feel” drill").click()
    pick = page.get_by_label("Pick a situation to practise with")
    assert pick.is_enabled()
    pick.click()
    options = page.get_by_role("option")
    assert options.count() >= 10
    page.get_by_role("option", name=re.compile("^Mental health")).first.click()
    page.get_by_text("The situation: Your partner has stayed in bed").wait_for()


def test_stop_keeps_what_was_said_and_marks_it_stopped(page: Any, app: FakeApp) -> None:
    app.backend.delay_s = 0.4
    box = start_rehearsal(page, app.url)
    box.fill("Can we talk about last weekend?")
    box.press("Enter")
    page.wait_for_function(
        "() => { const b = document.querySelectorAll('[data-testid=\"bot\"]');"
        " return b.length && b[0].innerText.trim().length > 2; }",
        timeout=30_000,
    )
    page.get_by_role("button", name="Stop").click()
    page.get_by_text("(stopped)").wait_for()
    bubble = page.locator('[data-testid="bot"]').last.inner_text()
    said = bubble.replace("(stopped)", "").strip()
    assert said and "…" not in bubble
    app.backend.delay_s = 0.0
    say(page, box, "Thank you for telling me.", 2)


def test_on_a_phone_the_coachs_verdict_shows_without_scrolling(phone: Any, app: FakeApp) -> None:
    phone.goto(app.url)
    phone.get_by_role("button", name="Start rehearsing").wait_for()
    shot(phone, "phone-setup")
    summary = phone.get_by_text(
        "Learned early to need no one; goes quiet"
    ).first  # the persona, in full
    assert summary.is_visible()
    box = start_rehearsal(phone, app.url)
    box.fill("You never make time for me.")
    box.press("Enter")
    wait_for_reply(phone, 1)
    verdict = phone.locator(".block.verdict")
    verdict.wait_for()
    shot(phone, "phone-turn")
    top = verdict.evaluate("e => e.getBoundingClientRect().top")
    assert 0 <= top < 740 - 20, top
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 376


def _contrast(foreground: str, background: str) -> float:
    def luminance(rgb: str) -> float:
        values = [int(v) / 255 for v in re.findall(r"\d+", rgb)[:3]]
        lin = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in values]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


# What the page says to a screen reader (aria-live regions), as it changes.
ANNOUNCEMENTS = """new MutationObserver(() => document.querySelectorAll('[aria-live]')
  .forEach(e => e.textContent.trim() && window.announced(e.textContent.trim())))
  .observe(document, {subtree: true, childList: true, characterData: true});"""
RAW_KEY = r"\b(common|chat|upload_text|errors|dataframe)\.[a-z_]+\b"


def test_named_buttons_no_raw_keys_keyboard_use_and_chip_contrast(page: Any, app: FakeApp) -> None:
    announced: list[str] = []
    page.expose_function("announced", lambda text: announced.append(text))
    page.add_init_script(ANNOUNCEMENTS)
    page.goto(app.url)
    page.get_by_role("button", name="Start rehearsing").focus()
    page.keyboard.press("Enter")
    box = page.get_by_label("What you would say")
    box.wait_for(timeout=30_000)
    assert page.get_by_role("button", name="Send").count() == 1
    box.focus()
    page.keyboard.type("You never listen and you always ignore me.")
    page.keyboard.press("Enter")
    wait_for_reply(page, 1)
    page.get_by_label("A way to say it").wait_for()
    stop = page.get_by_role("button", name="Stop")
    assert stop.count() == 1
    box.focus()
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.innerText || document.activeElement.ariaLabel")
    assert focused.strip() in {"Send", "Stop", "Use this wording", "Try it differently"}
    page.keyboard.press("Escape")  # nothing breaks, the rehearsal stays
    assert box.is_visible()
    page.wait_for_timeout(6000)  # Gradio announces a finished event at most every 5 s
    text = page.locator("body").inner_text() + "\n".join(announced)
    assert announced and not re.search(RAW_KEY, text), text
    for chip in page.locator(".chip").all():
        colour, background = chip.evaluate(
            "e => [getComputedStyle(e).color, getComputedStyle(e).backgroundColor]"
        )
        assert _contrast(colour, background) >= 4.5, (chip.inner_text(), colour, background)


def test_the_page_says_the_coach_is_getting_ready_and_start_waits(page: Any, app: FakeApp) -> None:
    app.services.expect_warm_up()
    try:
        page.goto(app.url)
        page.get_by_text("Getting the coach ready").wait_for()
        page.get_by_role("button", name="Start rehearsing").click()
        page.wait_for_timeout(1000)
        assert not page.get_by_label("What you would say").is_visible()
    finally:
        app.services.ready.set()
    page.get_by_label("What you would say").wait_for(timeout=30_000)
    page.get_by_text("Getting the coach ready").wait_for(state="hidden")
