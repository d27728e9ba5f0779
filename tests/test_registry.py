"""One registry of skills, persona ids from the cards on disk, loud errors for data out of step."""

from __future__ import annotations

import json
import shutil
import tomllib
from pathlib import Path

import pytest

from rehearsal.analysis.classifier import load_examples
from rehearsal.errors import DataError
from rehearsal.personas import load_personas
from rehearsal.resources import data_file, default_prompts_dir, regex_table
from rehearsal.vocabulary import (
    HARMFUL_FLAGS,
    PRAISE_ORDER,
    SKILL_FLAGS,
    SKILLS,
    load_skills,
    skill_label,
)


def test_the_registry_defines_the_twelve_flags_of_design_md() -> None:
    assert SKILL_FLAGS == (
        "i_statement",
        "blame",
        "demand",
        "request",
        "ultimatum",
        "empathy",
        "reflection",
        "open_question",
        "needs",
        "compromise",
        "next_step",
        "check_in",
    )
    assert {"blame", "demand", "ultimatum"} == HARMFUL_FLAGS
    assert set(PRAISE_ORDER) == set(SKILL_FLAGS) - HARMFUL_FLAGS
    assert skill_label("i_statement") == "“I feel” statement"


def test_every_data_file_agrees_with_the_registry() -> None:
    examples = load_examples()
    assert all(set(example.skills) == set(SKILL_FLAGS) for example in examples)
    phrases = tomllib.loads((default_prompts_dir() / "coach" / "phrases.toml").read_text())
    assert set(phrases["praise"]) <= set(PRAISE_ORDER)
    assert set(phrases["warning"]) <= HARMFUL_FLAGS
    cues = tomllib.loads(data_file("cues.toml").read_text())
    assert set(cues["cues"]) <= set(SKILL_FLAGS)


def _copy_prompts(tmp_path: Path) -> Path:
    folder = tmp_path / "prompts"
    shutil.copytree(default_prompts_dir(), folder)
    load_personas.cache_clear()
    return folder


def test_an_eighth_persona_is_one_more_card(tmp_path: Path) -> None:
    folder = _copy_prompts(tmp_path)
    card = (folder / "personas" / "mental-health.toml").read_text()
    card = card.replace('id = "mental-health"', 'id = "grieving"').replace("order = 7", "order = 8")
    card = card.replace("\n[weights]\n", "\n[weights]\n# only some skills set\n")
    lines = [line for line in card.splitlines() if not line.startswith("needs =")]
    (folder / "personas" / "grieving.toml").write_text("\n".join(lines) + "\n")
    personas = load_personas(folder)
    assert list(personas)[-1] == "grieving"
    assert len(personas) == 8
    default = next(skill.weight for skill in SKILLS if skill.id == "needs")
    assert personas["grieving"].weights["needs"] == default


def test_a_card_with_an_unknown_skill_names_its_file(tmp_path: Path) -> None:
    folder = _copy_prompts(tmp_path)
    path = folder / "personas" / "feel-unworthy.toml"
    path.write_text(path.read_text().replace("\n[weights]\n", "\n[weights]\nsulking = 3\n"))
    with pytest.raises(DataError, match=r"feel-unworthy\.toml.*unknown skill sulking"):
        load_personas(folder)


def test_a_training_row_without_a_flag_names_its_line(tmp_path: Path) -> None:
    row = {"text": "hi", "step": None, "skills": dict.fromkeys(SKILL_FLAGS[1:], False)}
    path = tmp_path / "rows.jsonl"
    path.write_text("\n" + json.dumps(row) + "\n")
    with pytest.raises(DataError, match=r"rows\.jsonl:2: no value for skill i_statement"):
        load_examples([path])


def test_a_broken_registry_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "skills.toml"
    path.write_text('[[skill]]\nid = "x"\nlabel = "x"\nharmful = false\nweight = 1\n')
    with pytest.raises(DataError, match="needs a praise order"):
        load_skills(path)
    path.write_text("not toml [")
    with pytest.raises(DataError, match=r"skills\.toml"):
        load_skills(path)


@pytest.mark.parametrize(
    "body", [b'"walk-away/lost-trust" = "(unclosed"\n', b"not = toml = at all\n", b"\xff\xfe = 1"]
)
def test_a_broken_regex_table_names_its_file(tmp_path: Path, body: bytes) -> None:
    table = tmp_path / "signs.toml"
    table.write_bytes(body)
    with pytest.raises(DataError, match=r"signs\.toml"):
        regex_table(table)


def test_the_shipped_regex_tables_compile() -> None:
    for name in ("walk_away.toml", "coach_cues.toml"):
        assert regex_table(data_file(name))
