"""The fine-tuning helpers: runs start from the same heads, differ after, and average."""

from __future__ import annotations

import torch

from evals.fine_tune import seeded_encoder, soup
from rehearsal.analysis.safety_model import Heads
from rehearsal.analysis.tuned_minilm import Encoder


def _heads(encoder: Encoder) -> dict[str, torch.Tensor]:
    return {name: value.clone() for name, value in encoder.heads.state_dict().items()}


def test_every_run_starts_from_the_same_heads_and_draws_its_own_order() -> None:
    first = seeded_encoder(0, Heads, run=0)
    first_draw = torch.rand(3)
    second = seeded_encoder(0, Heads, run=1)
    second_draw = torch.rand(3)
    for name, value in _heads(first).items():
        assert torch.equal(value, _heads(second)[name]), name
    assert not torch.equal(first_draw, second_draw)
    seeded_encoder(0, Heads, run=1)
    assert torch.equal(torch.rand(3), second_draw), "a run is deterministic"


def test_a_soup_is_the_mean_of_its_runs_weights() -> None:
    one, other = seeded_encoder(4, Heads), seeded_encoder(4, Heads)
    with torch.no_grad():
        for parameter in other.heads.parameters():
            parameter.add_(1.0)
        layer = other.body.encoder.layer[5].output.dense.weight
        layer.mul_(3.0)
    expected_layer = one.body.encoder.layer[5].output.dense.weight.detach() * 2.0
    expected_heads = {name: value + 0.5 for name, value in _heads(one).items()}
    mixed = soup([one, other])
    assert mixed is one and not mixed.training
    for name, value in _heads(mixed).items():
        assert torch.allclose(value, expected_heads[name]), name
    assert torch.allclose(mixed.body.encoder.layer[5].output.dense.weight, expected_layer)
