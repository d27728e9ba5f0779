"""Turn analysis: the dev-set figures, the hard cases, the CLI contract, robustness."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from evals.analysis import evaluate_analysis
from rehearsal.analysis.analyzer import Analyzer, TurnContext, build_analyzer
from rehearsal.analysis.patterns import cue_vector
from rehearsal.errors import EmptyInputError
from rehearsal.settings import Settings
from rehearsal.vocabulary import SKILL_FLAGS


@pytest.fixture(scope="session")
def analyzer(shared_settings: Settings) -> Analyzer:
    return build_analyzer(shared_settings)


def test_dev_set_figures(analyzer: Analyzer) -> None:
    report = evaluate_analysis(analyzer)
    assert report.cases >= 200
    assert report.step_accuracy >= 0.85, report.step_errors
    assert report.flag_accuracy >= 0.93


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        ("I feel like you're a terrible partner.", {"blame"}, {"i_statement"}),
        ("Why can't you ever just answer your phone?", {"blame"}, {"open_question"}),
        ("I feel lonely when we go days without talking.", {"i_statement"}, {"blame"}),
        ("Explain yourself.", {"demand"}, {"request"}),
        ("Would you be willing to try a phone-free dinner once a week?", {"request"}, {"demand"}),
        ("If you don't start making time for me, I'm leaving.", {"ultimatum"}, {"request"}),
        ("That sounds really hard. Thank you for telling me.", {"empathy"}, {"blame"}),
        ("It sounds like you need space when things get intense.", {"reflection"}, {"blame"}),
        ("What goes through your mind when I bring up the future?", {"open_question"}, {"demand"}),
        ("Let's revisit this in two weeks and see how it feels.", {"check_in"}, {"blame"}),
        # Giving a choice is not a threat: "if you don't want to" offers, it does not warn.
        (
            "u dont have to talk about it if u dont want to, im around all evening",
            set(),
            {"ultimatum", "blame", "demand"},
        ),
        ("if u dont start answering my texts im done", {"ultimatum"}, {"request"}),
        ("you just dont want to be with me anymore", {"blame"}, {"empathy"}),
        # Waving a feeling away in validation's words (read as empathy by the embeddings).
        ("thats kinda silly tbh", {"blame"}, {"empathy"}),
        (
            "so its good but you want to get away from it? that makes zero sense to me tbh",
            {"blame"},
            {"empathy"},
        ),
        ("thats not silly at all, anyone would feel that", {"empathy"}, {"blame"}),
    ],
)
def test_hard_and_plain_cases(
    analyzer: Analyzer, text: str, present: set[str], absent: set[str]
) -> None:
    skills = analyzer.analyze(text).skills
    assert all(skills[flag] for flag in present), skills
    assert not any(skills[flag] for flag in absent), skills


def test_the_matrix_reading_is_the_fitted_models_reading(analyzer: Analyzer) -> None:
    classifier = analyzer.classifier
    texts = ["i feel lonely when we dont talk", "You never listen. Fix it or we're done."]
    read = classifier.predict_many(texts)
    rows = np.hstack(
        [
            np.array(classifier.embedder.embed_documents(texts)),
            np.array([cue_vector(text) for text in texts]),
        ]
    )
    steps = classifier.step_model.predict_proba(rows)
    for n, prediction in enumerate(read):
        for flag, model in classifier.flag_models.items():
            expected = model.predict_proba(rows)[n, list(model.classes_).index(True)]
            assert prediction.flags[flag] == pytest.approx(expected, abs=1e-9)
        expected_steps = dict(zip(map(str, classifier.step_model.classes_), steps[n], strict=True))
        assert prediction.steps == pytest.approx(expected_steps, abs=1e-9)


def test_rewrite_only_for_harmful_lines(analyzer: Analyzer) -> None:
    harmful = analyzer.analyze("You never make time for me.")
    assert harmful.rewrite is not None and harmful.rewrite.startswith("I feel")
    assert analyzer.analyze("I miss you and I'd love to talk tonight.").rewrite is None


def test_context_keeps_a_generic_line_on_the_current_step(analyzer: Analyzer) -> None:
    context = TurnContext(current_step="steps/3-listen-deeply", partner_last="It's hard to say.")
    assert analyzer.analyze("Okay. Go on.", context).step == "steps/3-listen-deeply"


@pytest.mark.parametrize(
    "text",
    ["x" * 20000, "😢💔🙏", "¿Por qué me evitas?", "彼は遠い", "a\x00b\x07c\x1b[31m", "   .   "],
)
def test_awkward_input_is_analysed_without_a_crash(analyzer: Analyzer, text: str) -> None:
    result = analyzer.analyze(text)
    assert set(result.skills) == set(SKILL_FLAGS)
    json.dumps(result.as_json())


def test_empty_input_is_refused(analyzer: Analyzer) -> None:
    with pytest.raises(EmptyInputError):
        analyzer.analyze("  \n ")


def test_cli_json_contract(run_cli) -> None:
    result = run_cli("analyze", "Answer me right now.", "--json")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert set(payload) == {"text", "step", "skills", "safety", "safety_level", "rewrite"}
    assert set(payload["skills"]) == set(SKILL_FLAGS)
    assert payload["skills"]["demand"] is True
    assert payload["rewrite"]


def test_cli_batch_and_empty(run_cli, tmp_path: Path) -> None:
    batch = tmp_path / "turns.jsonl"
    texts = ["I feel scared when you go quiet.", "I want to end my life."]
    batch.write_text("\n".join(json.dumps({"text": t}) for t in texts) + "\n")
    result = run_cli("analyze", "--batch", str(batch))
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["text"] for line in lines] == texts
    assert lines[1]["safety"] == "self_harm"
    empty = run_cli("analyze", "")
    assert empty.returncode != 0
    assert "empty text" in empty.stderr
