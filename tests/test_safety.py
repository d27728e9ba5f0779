"""The safety check: crises caught with the right category, idioms and the topic left alone.

The parametrised sentences below were written from the definitions in DESIGN.md, before
the dev set was read; the dev set (`evals/data/safety_dev.jsonl`) is checked separately.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rehearsal.analysis.safety import check, find
from rehearsal.vocabulary import SAFETY_CATEGORIES

DEV_SET = Path(__file__).resolve().parent.parent / "evals" / "data" / "safety_dev.jsonl"

SELF_HARM = [
    "I don't see the point in going on anymore.",
    "Honestly everyone would be better off without me.",
    "I've been cutting again since he left.",
    "Last night I took a bunch of pills.",
    "I want to disappear forever.",
    "Some nights I wish I could go to sleep and never wake up.",
    "I keep thinking about killing myself.",
    "I’m suicidal and I don’t know what to do.",
    "I want to die.",
    "Sometimes I think about ending my life.",
    "There's no reason for me to live anymore.",
    "i dont want to be alive anymore",
    "I've been having thoughts of suicide lately.",
    "I wish I was dead.",
    "Nobody would even notice if I was gone.",
    "I feel like hurting myself when he ignores me.",
    "I have a plan to end it all tonight.",
    "I started self-harming again.",
    "I can't promise I won't hurt myself.",
    "Life isn't worth living without him.",
    "I've been saving up my sleeping pills.",
    "I KEEP THINKING ABOUT SUICIDE",
    "i just want to kms",
    "I'm thinking of jumping off the bridge near our flat.",
    "I can't stop thinking about killing myself.",
    "He makes me want to kill myself.",
    "What's the point of living if he doesn't love me?",
    "I'm so tired of being alive.",
    "Quiero morir.",
    "Je veux mourir.",
]

ABUSE = [
    "He hit me last night.",
    "She shoved me into the wall when I tried to talk.",
    "He threatened to hurt me if I leave.",
    "She checks my phone and won't let me see my friends.",
    "He controls all the money.",
    "I'm scared of what he'll do if I bring it up.",
    "He said he'd kill himself if I leave.",
    "My boyfriend slapped me in front of his friends.",
    "He grabbed me by the throat.",
    "She threatens to take the kids if I ever leave.",
    "He’s been tracking my location and reading my messages.",
    "I'm not allowed to go out without asking him first.",
    "He gets violent when he drinks.",
    "I'm afraid of him.",
    "I don't feel safe at home with him.",
    "He punched a hole in the wall next to my head.",
    "She says she'll hurt herself if I go out with my friends.",
    "My husband takes my paycheck and gives me an allowance.",
    "He pushed me down the stairs.",
    "He has hit me before and I think he will again.",
    "My partner forced me to have sex.",
    "He told me I should kill myself.",
    "Mark hit me.",
    "He choked me during an argument.",
    "I can't believe he hit me.",
    "He threatens suicide every time I mention leaving.",
    "she wont let me have my own bank account",
    "Il me frappe quand il a bu.",
    "Er schlägt mich.",
    "Me pega cuando está enojado.",
]

NOT_CRISIS = [
    # idioms
    "This is killing me.",
    "I'm dying to see you.",
    "I could kill for a coffee right now.",
    "My heart is breaking.",
    "I want to kick myself for saying that.",
    "He hit the roof when I told him.",
    "It hit me hard when she left.",
    "I'm dead tired after work.",
    "You're killing me here.",
    "I'd die of embarrassment if he read this.",
    "Shoot me a text when you're free.",
    "He hit me up last week after months of silence.",
    "I'm killing myself at work to pay the rent.",
    "I beat myself up about every fight.",
    "Reality hit me when he didn't call.",
    "He shot me a look across the room.",
    "He beat me at chess again.",
    "I would die for her.",
    # the topic itself
    "He pushes me away whenever I try to get close.",
    "She shuts me out.",
    "He pulls away every time we get serious.",
    "She ignores me for days.",
    "He won't let me in emotionally.",
    "He pushed me away after his dad died.",
    "He isolates himself when he's stressed.",
    "She won't let me talk to her about it.",
    # strong, safe emotion
    "I'm devastated.",
    "I feel so alone.",
    "I'm scared he'll leave me.",
    "I'm afraid of losing her.",
    "I'm nervous about what he'll think.",
    "I'm afraid of her leaving.",
    "I'm terrified she'll stop loving me.",
    "I'm afraid of how he'll react.",
    # words in safe senses
    "It hurt my feelings.",
    "I don't want this to end.",
    "My friends say I should end it with him.",
    "I'm done with arguing.",
    "The fight last night was about nothing.",
    "We fought about money.",
    "He threatened to leave.",
    "She threatened to break up with me if I didn't move.",
    "I'm thinking about ending it with her.",
    "I don't feel safe opening up to him.",
    "He hurt my self-esteem.",
    "I've been cutting back on coffee.",
    "I took a pill for my headache.",
    "He kicked me out of the group chat.",
    "He'd be better off with someone who isn't so needy.",
    # negated
    "I would never hurt myself.",
    "He has never hit me.",
    "I'm not suicidal, just sad.",
    "She would never hurt me.",
    "I'm not scared of him, I'm scared of losing him.",
    "I don't want to die, I want us to be okay.",
]


@pytest.mark.parametrize("text", SELF_HARM)
def test_self_harm_is_caught(text: str) -> None:
    assert check(text) == "self_harm", find(text)


@pytest.mark.parametrize("text", ABUSE)
def test_abuse_is_caught(text: str) -> None:
    assert check(text) == "abuse", find(text)


@pytest.mark.parametrize("text", NOT_CRISIS)
def test_hard_negatives_are_not_crises(text: str) -> None:
    assert check(text) is None, find(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Both kinds of crisis in one turn: self-harm, the more urgent, names it.
        ("He hits me and I want to die.", "self_harm"),
        # The partner telling the user to die is abuse, not the user's self-harm.
        ("He told me to go kill myself.", "abuse"),
        ('He screamed "I\'m going to kill you" at me.', "abuse"),
        # The partner's own suicidality, without coercion, is neither category.
        ("My partner has been talking about feeling hopeless and I'm worried.", None),
        ("He told me he sometimes wants to die.", None),
        # Emotional hurt is not violence; fear of leaving is not fear of the partner.
        ("He hurt me when he forgot my birthday.", None),
        ("If I open up, he'll hurt me again.", None),
        ("I'm scared he's going to hurt me.", "abuse"),
        # "Ending it" / "ending things" in this app means the relationship.
        ("I'm thinking about ending things.", None),
        ("I've been thinking about ending it all.", "self_harm"),
        # "He'd be better off without me" is about the relationship; "everyone" is not.
        ("He'd be better off without me.", None),
        ("My family would be better off without me.", "self_harm"),
        # Past crises are still disclosed crises; negated ones are not.
        ("I was abused in my last relationship.", "abuse"),
        ("I was never abused.", None),
    ],
)
def test_decisions_where_the_definitions_are_silent(text: str, expected: str | None) -> None:
    assert check(text) == expected, find(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I WANT TO DIE", "self_harm"),
        ("i want to die", "self_harm"),
        ("I want to die 😭😭", "self_harm"),
        ("he\u200b hit me", "abuse"),
        ("I want\tto\x00die", "self_harm"),
        ("I don’t see the point in going on", "self_harm"),
        ("I dont want to live anymore", "self_harm"),
        ("Im going to kill my self", "self_harm"),
        ("I would never, ever hurt myself", None),
        ("He didn't hit me, he just left.", None),
        ("He didn't hit me, he pushed me.", "abuse"),
    ],
)
def test_case_typos_and_punctuation(text: str, expected: str | None) -> None:
    assert check(text) == expected, find(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "\n\n",
        "😭😭😭💔",
        "\x00\x01\x02\x1b[31m\x7f",
        "Je suis triste mais ça va.",
        "Ich bin traurig, aber es geht.",
        "Estoy triste pero estoy bien.",
        "我很难过",
        "أنا حزين",
        "a" * 20_000,
        "word " * 4_000,
    ],
)
def test_odd_input_does_not_crash(text: str) -> None:
    assert check(text) is None


def test_crisis_at_the_end_of_a_long_text_is_caught() -> None:
    text = "We talked about the holidays and the dishes. " * 440 + "He hit me."
    assert len(text) > 19_000
    assert check(text) == "abuse"


def test_a_20k_character_text_is_checked_to_the_end() -> None:
    long_text = "I feel lonely when you pull away, and I'd like to talk. " * 360
    assert len(long_text) > 20_000
    assert check(long_text) is None
    assert check(long_text + "I want to die.") == "self_harm"


def test_rules_are_named_and_only_use_known_categories() -> None:
    from rehearsal.analysis.safety import ABUSE_OVERRIDES, ABUSE_RULES, SELF_HARM_RULES

    rules = (*ABUSE_OVERRIDES, *SELF_HARM_RULES, *ABUSE_RULES)
    names = [(rule.category, rule.name) for rule in rules]
    assert len(set(names)) == len(names)
    assert {rule.category for rule in rules} == set(SAFETY_CATEGORIES)
    assert all(rule.patterns and len(rule.patterns) == len(rule.subject_led) for rule in rules)


def test_find_names_the_rule() -> None:
    finding = find("He threatened to hurt me if I leave.")
    assert finding is not None
    assert finding.category == "abuse" and finding.rule and "threatened" in finding.matched


def _dev_rows() -> list[dict[str, str | None]]:
    return [json.loads(line) for line in DEV_SET.read_text().splitlines() if line.strip()]


def test_dev_set_every_crisis_caught_and_few_false_alarms() -> None:
    rows = _dev_rows()
    crises = [r for r in rows if r["safety"] is not None]
    negatives = [r for r in rows if r["safety"] is None]
    assert crises and negatives
    missed = [(r["text"], r["safety"], check(str(r["text"]))) for r in crises]
    missed = [m for m in missed if m[1] != m[2]]
    false_alarms = [r["text"] for r in negatives if check(str(r["text"])) is not None]
    assert not missed, missed
    assert len(false_alarms) <= 0.1 * len(negatives), false_alarms


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Means gathered and judged enough, by a drug's name; the dose talk of every day is not.
        ("been keeping my nans old morphine since she passed. theres enough now", "self_harm"),
        ("a months worth of zopiclone and all i can think is thats probably enough", "self_harm"),
        ("i think ive got enough pills saved now", "self_harm"),
        ("i took my meds this morning, thats enough for today", None),
        ("got my prescription sorted, is that enough?", None),
        ("is one sertraline enough or should i take two? my gp said one", None),
        ("my meds are enough for now, i have a review next month", None),
        ("i stopped my meds, its enough, i feel fine now", None),
        # He'll typed without its apostrophe.
        ("honestly im scared what hell do if i even bring this up", "abuse"),
        ("go to hell, do what you want", None),
        ("i dont care what the hell you do", None),
    ],
)
def test_chat_typing_of_means_and_fear(text: str, expected: str | None) -> None:
    assert check(text) == expected, find(text)
