"""The whole safety check (rules + classifier + context) and what a pause does to a rehearsal.

Lines here were written for these tests, not taken from the dev or test sets.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from rehearsal.analysis.safety_check import SafetyCheck
from rehearsal.export import report_markdown
from rehearsal.services import Services
from rehearsal.session import PartnerSpoke, SafetyPause, TurnEnded
from rehearsal.settings import Settings
from rehearsal.support import NOT_SAFE, support_message
from tests.fakes import fake_services, record_texts


@pytest.fixture(scope="module")
def check(shared_settings: Settings) -> SafetyCheck:
    return Services(shared_settings).analyzer.safety


@pytest.mark.parametrize(
    ("text", "context", "category", "level"),
    [
        ("I have the pills ready for tonight", [], "self_harm", "urgent"),
        ("he checks my phone every night and won't let me see my friends", [], "abuse", "concern"),
        # Read on its own first: a self-harm line after talk of control is still self-harm.
        (
            "i keep my sleeping pills in a jar for when im ready",
            ["he checks my phone"],
            "self_harm",
            None,
        ),
        # One sentence of a long message.
        (
            "ive been putting my sleeping tablets aside for weeks, theres enough now. "
            + "anyway we have been talking about the holiday and his mum for ages. " * 6,
            [],
            "self_harm",
            None,
        ),
        (
            "so I'm scared to bring it up tomorrow",
            ["he said he'd hurt me if I ever mentioned his drinking again"],
            "abuse",
            None,
        ),
    ],
)
def test_crises_with_category_and_level(
    check: SafetyCheck, text: str, context: list[str], category: str, level: str | None
) -> None:
    verdict = check.assess(text, context)
    assert verdict.category == category
    if level is not None:
        assert verdict.level == level


@pytest.mark.parametrize(
    ("text", "context"),
    [
        ("so I'm scared to bring it up tomorrow", []),
        ("my ex hit me years ago but I'm safe now and Jo is lovely", []),
        ("gave away most of my clothes today", ["we're moving to a tiny flat on friday"]),
        ("Closeness scares me, that's all", []),
        ("I feel so lonely when you work late", []),
        ("you never listen to me, it's exhausting", []),
        ("if you can't commit then I'm done", []),
        ("I'm scared you'll say no if I ask to move in", []),
        # An idiom is blanked for the classifier too, not only for the rules.
        ("he hit the roof when i told him about the new job", []),
    ],
)
def test_ordinary_talk_and_resolved_pasts_do_not_pause(
    check: SafetyCheck, text: str, context: list[str]
) -> None:
    assert check.assess(text, context).category is None


@pytest.mark.parametrize(
    ("text", "context"),
    [
        ('<img src="http://198.51.100.1/x.png">', []),
        ("http://example.com/a?b=c", ['<img src="http://198.51.100.1/x.png">']),
        ("![x](http://198.51.100.1/y.png) and <script>window.pwned = 1</script>", ["<b>hi</b>"]),
        ("ok", ["https://example.com", "🙂🙂🙂"]),
        ("1234 5678", ["%%%% $$$$"]),
    ],
)
def test_markup_links_and_noise_say_nothing_even_after_each_other(
    check: SafetyCheck, text: str, context: list[str]
) -> None:
    # Found by the browser test: junk lines read together once sounded like abuse.
    assert check.assess(text, context).category is None


def _events(events: object) -> list[object]:
    return list(events)  # type: ignore[call-overload]


def test_a_false_alarm_is_one_step_from_resuming_and_the_line_is_kept(
    shared_settings: Settings, tmp_path: Path
) -> None:
    services, backend = fake_services(shared_settings, tmp_path, "Okay.")
    rehearsal = services.start("mental-health", "medium", "Ash")
    line = "after this week I just want to disappear for good"
    paused = _events(rehearsal.send(line))
    assert any(isinstance(e, SafetyPause) for e in paused)
    assert backend.requests == []
    played = _events(rehearsal.resume_after_pause(misunderstood=True))
    assert any(isinstance(e, PartnerSpoke) for e in played)
    (ended,) = [e for e in played if isinstance(e, TurnEnded)]
    assert ended.turn.user == line and ended.turn.partner
    stored = services.store.turns(rehearsal.id)
    assert [t.user for t in stored] == [line, line]
    assert stored[0].false_alarm and not stored[1].paused
    assert services.report(rehearsal.id)["safety_pauses"] == 0


def test_ordinary_talk_after_ordinary_talk_is_not_read_again_with_it(
    check: SafetyCheck, monkeypatch: pytest.MonkeyPatch
) -> None:
    earlier = ["we had a nice weekend at her parents", "work has been busy for both of us"]
    for line in earlier:
        check.assess(line)
    read = record_texts(monkeypatch, check.model, "score")
    assert check.assess("can we plan a quiet evening on friday", earlier).category is None
    # The line alone, and the earlier lines' remembered scores: never the three together.
    assert not any("weekend" in text and "friday" in text for text in read)
    # An alarming earlier line makes the next line worth reading with it.
    read.clear()
    threat = ["he said he'd hurt me if I ever mentioned his drinking again"]
    assert check.assess("so yeah i'll keep quiet about it", threat).category == "abuse"
    assert any("drinking" in text and "quiet" in text for text in read)


def test_a_line_said_to_be_misunderstood_is_no_context_for_the_next(
    shared_settings: Settings, tmp_path: Path
) -> None:
    # Found by hand in the terminal: after /continue, the dismissed line, read as context,
    # paused the next ordinary line again.
    services, _ = fake_services(shared_settings, tmp_path, "Okay.")
    rehearsal = services.start("avoidant-attachment", "medium", "Sam")
    line = "honestly i dont think ill be around for christmas so it doesnt matter much"
    assert any(isinstance(e, SafetyPause) for e in _events(rehearsal.send(line)))
    _events(rehearsal.resume_after_pause(misunderstood=True))
    then = _events(rehearsal.send("would you be up for a call on sundays?"))
    assert not any(isinstance(e, SafetyPause) for e in then)
    assert any(isinstance(e, PartnerSpoke) for e in then)


def test_a_dangerous_partner_holds_the_rehearsal(shared_settings: Settings, tmp_path: Path) -> None:
    services, backend = fake_services(shared_settings, tmp_path, "Okay.")
    rehearsal = services.start("avoidant-attachment", "medium", "Sam")
    events = _events(rehearsal.send("last night he grabbed me by the throat when I asked"))
    (pause,) = [e for e in events if isinstance(e, SafetyPause)]
    assert pause.category == "abuse" and pause.held
    then = _events(rehearsal.send("how do I ask him gently to stop drinking?"))
    (held,) = [e for e in then if isinstance(e, SafetyPause)]
    assert held.held and "walk away" in held.message
    assert not any(isinstance(e, PartnerSpoke) for e in then) and backend.requests == []
    with pytest.raises(Exception, match="stays paused"):
        _events(rehearsal.resume_after_pause(misunderstood=False))
    resumed = _events(rehearsal.resume_after_pause(misunderstood=True))
    assert any(isinstance(e, PartnerSpoke) for e in resumed)


@pytest.mark.parametrize("category", ["self_harm", "abuse"])
@pytest.mark.parametrize("level", ["urgent", "concern"])
def test_support_texts(shared_settings: Settings, category: str, level: str) -> None:
    services = Services(shared_settings)
    message = support_message(
        shared_settings.prompts_dir, services.sections, category, level, "Sam"
    )
    lower = " ".join(message.lower().split())
    bullets = [part for part in message.split("\n- ")[1:]]  # each bullet, wrapped lines and all
    if level == "urgent":
        assert "emergency number" in bullets[0].lower()
    else:
        assert "are you safe" in lower
    assert "999" in message and "911" in message and "112" in message
    assert "findahelpline.com" in lower and "not a therapist" in lower
    if category == "self_harm":
        assert "988" in message and "116 123" in message
    else:
        assert "1-800-799-7233" in message and "0808 2000 247" in message
    not_safe = services.sections[NOT_SAFE]
    # Found by hand: every crisis was answered with the sign's sentence about a partner
    # who "won't make a firm commitment", a suicidal line too.
    assert not_safe.text not in message and "commitment" not in lower
    if category == "abuse":
        assert not_safe.title in message and "there comes a point where you may need" in lower
    else:
        assert "walk away" not in lower


def _paused_session(services: Services, lines: list[str]) -> str:
    rehearsal = services.start("avoidant-attachment", "medium", "Sam")
    for line in lines:
        _events(rehearsal.send(line))
    return rehearsal.id


def test_the_report_of_a_session_paused_for_a_dangerous_partner_coaches_no_approach(
    shared_settings: Settings, tmp_path: Path
) -> None:
    # Found by hand: after "he hit me", the report said "Practise next: Speak your truth"
    # and that rehearsing is worthwhile either way, with no support line.
    services, _ = fake_services(shared_settings, tmp_path, "Okay.")
    session = _paused_session(
        services, ["I feel lonely when we don't talk.", "last week he hit me when I asked"]
    )
    report = services.report(session)
    assert report["practise_next"] is None and report["walk_away"] is None
    (pause,) = report["safety"]
    assert pause["category"] == "abuse" and "1-800-799-7233" in pause["note"]
    text = report_markdown(report)
    assert text.splitlines()[2].startswith("**This rehearsal was paused for your safety.**")
    assert "Practise next" not in text and "worthwhile either way" not in text
    assert services.sections[NOT_SAFE].title in text


def test_the_report_of_a_self_harm_pause_leads_with_support(
    shared_settings: Settings, tmp_path: Path
) -> None:
    services, _ = fake_services(shared_settings, tmp_path, "Okay.")
    session = _paused_session(services, ["I want to kill myself tonight"])
    report = services.report(session)
    assert [p["category"] for p in report["safety"]] == ["self_harm"]
    text = report_markdown(report)
    assert "988" in text and "116 123" in text and "Practise next" not in text
    assert text.splitlines()[2].startswith("**This rehearsal was paused for your safety.**")


def test_a_false_alarm_leaves_the_report_as_it_was(
    shared_settings: Settings, tmp_path: Path
) -> None:
    services, _ = fake_services(shared_settings, tmp_path, "Okay.")
    rehearsal = services.start("mental-health", "medium", "Ash")
    _events(rehearsal.send("after this week I just want to disappear for good"))
    _events(rehearsal.resume_after_pause(misunderstood=True))
    report = services.report(rehearsal.id)
    assert report["safety"] == [] and report["practise_next"] is not None
