"""The shipped safety classifier: trained on today's banks, loadable, and refusing bad files.

Lines here were written for these tests, not taken from the dev or test sets.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rehearsal.analysis.safety_bank import (
    bank_fingerprint,
    fold,
    load_bank,
    ordinary_lines,
    readings,
    training_rows,
)
from rehearsal.analysis.safety_model import CARD_FILE, REMEMBERED, SafetyModel
from rehearsal.errors import DataError
from tests.fakes import record_texts


def test_the_weights_were_trained_on_the_banks_as_they_are() -> None:
    card = json.loads(CARD_FILE.read_text(encoding="utf-8"))
    rows = training_rows(ordinary_lines())
    assert card["lines"] == len(rows)
    assert card["bank"] == bank_fingerprint(rows), (
        "a safety bank or the analyser's examples changed since the classifier was trained: "
        "run `make safety-model` and commit rehearsal/data/safety_classifier.*"
    )


def test_rows_with_context_are_read_as_the_check_reads_them() -> None:
    row = next(row for row in load_bank() if row.get("context"))
    earlier = [str(line) for line in row["context"]]  # type: ignore[attr-defined]
    expected = readings(str(row["text"]), earlier)[-1]
    assert expected in {row.text for row in training_rows()}


@pytest.fixture(scope="module")
def model() -> SafetyModel:
    return SafetyModel()


def test_it_hears_an_indirect_disclosure_and_leaves_ordinary_talk(model: SafetyModel) -> None:
    crisis, plan, fine = model.score(
        [
            fold("my cousin's old insulin pens are still in my fridge and thats all i need"),
            fold("she makes me hand over my wages on fridays and i get an allowance back"),
            fold("ive been so tired lately, work is a lot and we barely see each other"),
        ]
    )
    assert crisis.category == "self_harm" and crisis.crisis > 0.5
    assert plan.category == "abuse" and plan.crisis > 0.5
    assert fine.crisis < 0.5


def test_a_line_scores_the_same_whatever_it_is_read_with(model: SafetyModel) -> None:
    lines = [fold("i keep my sleeping pills in a jar for when im ready"), fold("ok")]
    together = model.score(lines)
    alone = [SafetyModel().score([line])[0] for line in lines]  # fresh: nothing remembered
    for one, other in zip(together, alone, strict=True):
        assert one.category == other.category
        assert one.crisis == pytest.approx(other.crisis, abs=1e-6)


@pytest.mark.parametrize("content", [b"", b"not a safetensors file", b"\x00" * 64])
def test_a_broken_weights_file_is_a_clear_error(tmp_path: Path, content: bytes) -> None:
    broken = tmp_path / "safety_classifier.safetensors"
    broken.write_bytes(content)
    with pytest.raises(DataError, match="make safety-model"):
        SafetyModel(broken).score(["hello"])


def test_the_bank_waiting_for_a_retrain_stays_readable() -> None:
    from rehearsal.analysis.safety_bank import UNUSED_BANK, load_bank

    rows = load_bank((UNUSED_BANK,))
    crises = [row for row in rows if row["safety"]]
    assert len(rows) > 600 and 0.3 < len(crises) / len(rows) < 0.7


def test_a_line_read_again_is_remembered_not_read_again(
    model: SafetyModel, monkeypatch: pytest.MonkeyPatch
) -> None:
    line = fold("we keep arguing about whose turn it is to cook")
    first = model.score([line])[0]
    read = record_texts(monkeypatch, model._encoder, "heads")
    again, _ = model.score([line, fold("shall we go for a walk later")])
    assert again == first
    assert read == [fold("shall we go for a walk later")]
    for number in range(REMEMBERED + 5):
        model.score([f"line number {number}"])
    assert model._remembered.cache_info().currsize == REMEMBERED
