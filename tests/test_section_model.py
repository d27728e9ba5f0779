"""The coach's learned section model: fitted on today's training sessions, covering every
section the coach can cite, refusing bad files, and pulling its weight in the ranking.

Lines here were written for these tests, not taken from the dev sets.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from rehearsal.coach.section_model import (
    MODEL_FILE,
    SectionModel,
    inputs,
    load_section_model,
    training_fingerprint,
)
from rehearsal.errors import DataError
from rehearsal.settings import Settings
from tests.fakes import fake_services


def test_the_model_was_fitted_on_the_training_sessions_as_they_are() -> None:
    assert load_section_model().fingerprint == training_fingerprint(), (
        "coach training sessions changed since the coach was fitted: run `make coach-model` "
        "and commit rehearsal/data/coach_sections.safetensors and coach_weights.toml"
    )


def test_the_model_scores_every_section_the_coach_can_cite(
    shared_settings: Settings, tmp_path: Path
) -> None:
    services, _ = fake_services(shared_settings, tmp_path)
    retriever = services.coach.retriever
    model = load_section_model()
    assert set(model.sections) == retriever.candidates()
    blank = retriever.vector(None)
    scores = model.scores(inputs(retriever.vector("hey can we talk tonight?"), blank, ()))
    assert all(0.0 <= p <= 1.0 for p in scores.values())


def test_what_readers_chose_shows_in_its_scores(shared_settings: Settings, tmp_path: Path) -> None:
    services, _ = fake_services(shared_settings, tmp_path)
    retriever = services.coach.retriever
    model = load_section_model()
    why = model.scores(
        inputs(
            retriever.vector("why does she go quiet for days right after we have a lovely weekend"),
            retriever.vector("i don't know. things get too much and i shut down."),
            (),
        )
    )
    assert why["confusion/emotional-whiplash"] > why["steps/7-define-next-steps"]
    plan = model.scores(
        inputs(
            retriever.vector("ok so saturday mornings, coffee at the market, phones away. deal?"),
            retriever.vector("yeah. i'd like that."),
            (),
        )
    )
    assert plan["steps/7-define-next-steps"] > plan["reasons/fear-of-intimacy"]


def test_a_damaged_or_mismatched_file_is_refused(tmp_path: Path) -> None:
    junk = tmp_path / "junk.safetensors"
    junk.write_bytes(b"\x00\x01 not a model")
    with pytest.raises(DataError):
        load_section_model(junk)
    short = tmp_path / "short.safetensors"
    SectionModel(("steps/a", "steps/b"), np.zeros((3, 4), np.float32), np.zeros(2)).save(short)
    with pytest.raises(DataError):
        load_section_model(short)
    assert MODEL_FILE.name == "coach_sections.safetensors"
