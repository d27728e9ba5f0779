"""The coach's learned section model and its labelled neighbours: fitted on today's
training sessions, covering every section the coach can cite, refusing bad files, and
pulling their weight in the ranking.

Lines here were written for these tests, not taken from the dev sets.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from rehearsal.coach.neighbours import NEIGHBOURS_FILE, Neighbours, key, load_neighbours, votes
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
    assert load_neighbours().fingerprint == training_fingerprint(), (
        "coach training sessions changed since the coach was fitted: run `make coach-model` "
        "and commit rehearsal/data/coach_neighbours.safetensors"
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


def test_the_nearest_labelled_turns_vote_for_what_their_readers_chose(
    shared_settings: Settings, tmp_path: Path
) -> None:
    services, _ = fake_services(shared_settings, tmp_path)
    retriever = services.coach.retriever
    nearest = load_neighbours()
    assert set(nearest.sections) == retriever.candidates()
    blank = retriever.vector(None)
    worn = nearest.scores(
        key(
            retriever.vector("i do all the planning and driving, two years of it, and i am empty"),
            blank,
        )
    )
    assert worn["walk-away/exhausted-from-overgiving"] > worn["steps/1-set-a-relaxed-tone"]
    assert all(0.0 <= share <= 1.0 + 1e-6 for share in worn.values())


def test_votes_count_the_first_choice_most_and_a_mismatched_file_is_refused(
    tmp_path: Path,
) -> None:
    row = votes(["steps/b", "steps/a"], ("steps/a", "steps/b", "steps/c"))
    assert row[1] == 1.0 and 0.0 < row[0] < 1.0 and row[2] == 0.0
    alone = Neighbours(("steps/a", "steps/b"), np.ones((1, 4), np.float32), np.array([[1.0, 0.0]]))
    assert alone.scores(np.ones(4, np.float32)) == {"steps/a": 1.0, "steps/b": 0.0}
    short = tmp_path / "short.safetensors"
    Neighbours(("steps/a",), np.ones((2, 4), np.float32), np.ones((2, 3), np.float32)).save(short)
    with pytest.raises(DataError):
        load_neighbours(short)
    junk = tmp_path / "junk.safetensors"
    junk.write_bytes(b"not a tensor file")
    with pytest.raises(DataError):
        load_neighbours(junk)
    assert NEIGHBOURS_FILE.name == "coach_neighbours.safetensors"
