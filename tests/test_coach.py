"""The coach: grounded quotes from the cited section, the right section for the turn."""

from __future__ import annotations

from pathlib import Path

from evals.coach import evaluate_coach
from rehearsal.settings import Settings
from tests.fakes import fake_services


def test_scripted_sessions_cite_what_a_careful_reader_would(shared_settings: Settings) -> None:
    report = evaluate_coach(shared_settings)
    assert report.turns >= 80
    assert report.quote_verbatim == 1.0
    assert report.section_accuracy >= 0.8, report.misses


def test_harmful_lines_get_their_correction(shared_settings: Settings, tmp_path: Path) -> None:
    services, _ = fake_services(shared_settings, tmp_path)
    rehearsal = services.start("avoidant-attachment")
    cases = {
        "If you don't start making time for me, I'm leaving.": (
            "recommendations/kind-firm-boundaries"
        ),
        "Explain yourself. Now.": "recommendations/requests-not-demands",
        "u there?? why r u ignoring me": "recommendations/give-space-offer-to-talk",
    }
    for text, section in cases.items():
        coach = rehearsal.play(text)["coach"]
        assert coach["section"] == section, (text, coach)
        assert coach["quote"] in services.sections[section].text


def test_jumping_to_solutions_before_listening_is_named(
    shared_settings: Settings, tmp_path: Path
) -> None:
    services, _ = fake_services(shared_settings, tmp_path)
    rehearsal = services.start("fear-of-intimacy")
    rehearsal.play("Hey, is now an okay time to talk? No pressure.")
    coach = rehearsal.play("What if we tried a date night every Friday?")["coach"]
    assert coach["section"] == "steps/3-listen-deeply"
    assert "Listen deeply" in coach["tip"]
