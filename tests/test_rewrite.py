"""The suggested rewrite of a harmful turn: blame-free, same concern, a request with a choice."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest

from rehearsal.analysis.rewrite import (
    ALL_FEELINGS,
    FEELING_WORDS,
    INSULTS,
    PSEUDO_FEELINGS,
    TOPICS,
    is_blame_free,
    rewrite,
    topic_of,
)
from rehearsal.vocabulary import HARMFUL_FLAGS, SKILL_FLAGS

DEV = Path(__file__).resolve().parent.parent / "evals" / "data" / "analysis_dev.jsonl"

CHOICE = re.compile(
    r"\b(would you be willing to|would you|could we|could you|can we|how would you feel about"
    r"|what if we)\b[^?]*\?$"
)
FORBIDDEN = re.compile(
    r"\b(always|never|your fault|you're so|you are so|you're such|if you don't|or i'll"
    r"|or we're done|or we're finished|or else|i'm leaving|i'm done|we're done)\b",
    re.IGNORECASE,
)

# (text, harmful flag, what the rewrite must mention to keep the concern, or None)
OWN_LINES: list[tuple[str, str, str | None]] = [
    ("u never txt me back anymore", "blame", r"hear from you|text|message"),
    ("Oh sure, leave me on read again, that's fine.", "blame", r"hear from you|text"),
    ("Wow. Three hours and not one reply. Love that for me.", "blame", r"hear from you|text"),
    ("Text me back within an hour or we're done.", "ultimatum", r"hear from you|text"),
    ("I feel like you don't even want to see me anymore.", "blame", r"time together"),
    ("Why can't you ever make plans with me instead of bailing last minute?", "blame", r"plans"),
    ("You cancelled on me AGAIN. Typical.", "blame", r"plans"),
    ("Thanks for cancelling our anniversary dinner, really classy.", "blame", r"plans"),
    ("You're always glued to your phone, it's like I'm not even here.", "blame", r"phones"),
    ("Put the phone away. Now.", "demand", r"phones"),
    ("You'd rather hang out with your friends than with me.", "blame", r"friends"),
    ("I feel ignored every time you go quiet on me.", "blame", r"without really talking"),
    ("You've gone completely cold and you don't even care.", "blame", r"without really talking"),
    ("Stop shutting me out!", "demand", r"goes quiet"),
    ("Why do you always shut down the second I bring up the future?", "blame", r"quiet"),
    ("I'm done. Keep ignoring me and see what happens.", "ultimatum", r"talking"),
    ("Explain yourself.", "demand", r"understand"),
    ("Answer me.", "demand", r"understand|tell me"),
    ("Why won't you just tell me what's wrong?", "blame", r"understand|tell me"),
    ("If you don't start opening up to me, I'm leaving.", "ultimatum", r"understand|tell me"),
    ("You're such a liar, I know you're hiding something.", "blame", r"trust|whole story"),
    ("Where is this even going? Commit or stop wasting my time.", "ultimatum", r"future"),
    ("Either you cut back on work or I'm moving out.", "ultimatum", r"work"),
    ("You never say I love you anymore.", "blame", r"affection|love"),
    ("You're all over me in public and ice cold at home.", "blame", r"close one moment"),
    ("You never listen to a word I say.", "blame", r"heard|talks"),
    ("Stop interrupting me!", "demand", r"heard|talks"),
    ("You keep promising to change and nothing ever changes.", "blame", r"changes"),
    ("Go to couples counselling or I'm done.", "ultimatum", r"therapist"),
    ("You'll sit down and talk to me whether you like it or not.", "demand", r"talk"),
    # no topic: the person's own words, made safe
    ("You never wash the dishes.", "blame", r"you don't wash the dishes"),
    ("Why can't you ever pick up your socks?", "blame", r"pick up your socks"),
    ("You never take out the trash, so selfish", "blame", r"take out the trash"),
    ("You need to clean the kitchen tonight.", "demand", r"clean the kitchen tonight"),
    ("If you don't fix the car by Friday, I'm leaving.", "ultimatum", r"fix the car by Friday"),
    # nothing safe to reuse: a generic line
    ("It's always about what you want, you selfish child.", "blame", None),
    ("You're heartless, you know that?", "blame", None),
    ("You need to stop being so pathetic.", "demand", None),
    ("Stop being a coward.", "demand", None),
]


def assert_hard_requirements(line: str, out: str | None) -> None:
    assert out is not None, line
    assert out.startswith("I feel "), out
    feeling = re.match(r"I feel (\w+)", out)
    assert feeling and feeling.group(1) in ALL_FEELINGS, out
    assert is_blame_free(out), out
    assert not FORBIDDEN.search(out), out
    assert not re.search(r"\b(" + "|".join(INSULTS) + r")\b", out, re.IGNORECASE), out
    assert out.endswith("?") and CHOICE.search(out), out
    assert len(out.split()) < 60, out
    assert len(re.findall(r"[.?!](?:\s|$)", out)) <= 2, out


@pytest.mark.parametrize(("line", "flag", "concern"), OWN_LINES)
def test_own_lines_meet_the_hard_requirements_and_keep_the_concern(
    line: str, flag: str, concern: str | None
) -> None:
    out = rewrite(line, {flag: True})
    assert_hard_requirements(line, out)
    assert out is not None
    if concern is not None:
        assert re.search(concern, out, re.IGNORECASE), out


def test_ultimatum_keeps_the_boundary_without_the_threat() -> None:
    out = rewrite("If you don't start making time for me, I'm leaving.", {"ultimatum": True})
    assert out is not None
    assert out.startswith("I feel scared about where we're heading when")
    assert "matters a lot to me" in out
    assert not re.search(r"leav|done|over|unless", out)
    assert "time together" in out


def test_demand_becomes_a_request() -> None:
    out = rewrite("Explain yourself.", {"demand": True})
    assert out == (
        "I feel confused when I don't understand what's going on between us, because I want "
        "to understand you; would you be willing to tell me what's been happening for you, "
        "when you're ready?"
    )


def test_insults_are_stripped_from_reused_words() -> None:
    out = rewrite("You NEVER do anything nice for my birthday, you heartless jerk", {"blame": True})
    assert out is not None
    assert "you don't do anything nice for my birthday" in out
    assert "heartless" not in out and "jerk" not in out and "NEVER" not in out


@pytest.mark.parametrize(
    "flags",
    [
        {},
        {flag: False for flag in SKILL_FLAGS},
        {"i_statement": True, "request": True},
        {flag: flag not in HARMFUL_FLAGS for flag in SKILL_FLAGS},
    ],
)
def test_none_unless_a_harmful_flag_is_set(flags: dict[str, bool]) -> None:
    assert rewrite("You never make time for me.", flags) is None


def test_deterministic_and_fast() -> None:
    line = "you never answer when i call and then act like its my fault for worrying"
    first = rewrite(line, {"blame": True})
    start = time.perf_counter()
    for _ in range(200):
        assert rewrite(line, {"blame": True}) == first
        rewrite("You never wash the dishes, you lazy child.", {"blame": True})
    assert (time.perf_counter() - start) / 400 < 0.001


def test_feeling_words_are_real_feelings() -> None:
    assert 35 <= len(ALL_FEELINGS) <= 50
    assert sum(len(words) for words in FEELING_WORDS.values()) == len(ALL_FEELINGS)
    assert not ALL_FEELINGS & PSEUDO_FEELINGS
    assert {"ignored", "abandoned", "manipulated", "attacked"} <= PSEUDO_FEELINGS
    assert {"lonely", "hurt", "anxious", "scared", "frustrated", "confused", "hopeful"} <= (
        ALL_FEELINGS
    )


def test_topic_table_from_data_is_well_formed() -> None:
    names = [topic.name for topic in TOPICS]
    assert len(names) == len(set(names)) >= 20
    assert names[0] == "heated" and names[-1] == "openness"  # first match wins: order matters
    for topic in TOPICS:
        assert topic.feeling in ALL_FEELINGS, topic.name
        assert "\n" not in topic.pattern.pattern and topic.pattern.flags & re.IGNORECASE
        assert not topic.ask.endswith("?") and topic.situation and topic.reason, topic.name


@pytest.mark.parametrize(
    "line",
    [
        "You always do this.",
        "You never make time for me.",
        "You don't ever listen.",
        "It's your fault we're like this.",
        "You're so selfish.",
        "You're being ridiculous.",
        "Honestly, what a coward.",
        "Why can't you just listen?",
        "If you don't call me tonight, I'm leaving.",
        "Call me or we're done.",
        "I feel like you don't care.",
        "I feel that you're pushing me away.",
        "I feel ignored.",
        "I feel so abandoned by you.",
        "Oh great, another late night.",
        "Thanks for FINALLY calling.",
        "Well, look who showed up.",
    ],
)
def test_is_blame_free_catches_blame(line: str) -> None:
    assert not is_blame_free(line)


@pytest.mark.parametrize(
    "line",
    [
        "I feel lonely when we go days without talking; would you be willing to text me?",
        "I never want to lose you, and I'd always hoped we could talk like this.",
        "It sounds like work has been really draining for you lately.",
        "What do you need from me right now?",
        "I feel hopeful when we talk like this.",
    ],
)
def test_is_blame_free_lets_kind_lines_through(line: str) -> None:
    assert is_blame_free(line)


def _harmful_dev_lines() -> list[dict[str, object]]:
    rows = [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines() if line]
    return [row for row in rows if any(row["skills"][flag] for flag in HARMFUL_FLAGS)]


def test_every_harmful_dev_line_gets_a_blame_free_rewrite() -> None:
    rows = _harmful_dev_lines()
    assert len(rows) >= 30
    for row in rows:
        text, skills = row["text"], row["skills"]
        assert isinstance(text, str) and isinstance(skills, dict)
        out = rewrite(text, skills)
        assert out is not None, text
        assert out.startswith("I"), out
        assert re.match(r"I feel (\w+)", out) and out.split()[2] in ALL_FEELINGS, out
        assert is_blame_free(out), out
        assert_hard_requirements(text, out)


def test_harmless_dev_lines_get_no_rewrite() -> None:
    rows = [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines() if line]
    for row in rows:
        if not any(row["skills"][flag] for flag in HARMFUL_FLAGS):
            assert rewrite(row["text"], row["skills"]) is None, row["text"]


def test_most_harmful_dev_lines_match_a_topic() -> None:
    rows = _harmful_dev_lines()
    matched = sum(topic_of(str(row["text"])) is not None for row in rows)
    assert matched / len(rows) >= 0.85
