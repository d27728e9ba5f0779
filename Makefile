# Two commands set everything up on a fresh clone and reuse it afterwards:
#   make run   -> venv, CPU torch, the project, the search index, then the web app
#   make test  -> the same set-up, then ruff, mypy and pytest
# The venv is rebuilt only when pyproject.toml changes (a stamp file records the install).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# llama-cpp-python compiles from source; use both cores.
export CMAKE_BUILD_PARALLEL_LEVEL ?= 2
# ...and without llama.cpp's AMX kernels: a machine whose CPU reports AMX but cannot run it
# (a virtual machine here, 2 Dec 2026) dies with a general protection fault at the first
# decode, and a 135M model gains nothing from them. Built apart, never from pip's cache,
# so that a wheel compiled with AMX elsewhere is not reused.
LLAMA_CFLAGS := $(if $(filter x86_64,$(shell uname -m)),-mno-amx-tile -mno-amx-int8 -mno-amx-bf16)

.PHONY: run test install index lint typecheck pytest bench eval safety-model analysis-model coach-model clean

run: index
	$(BIN)/rehearse ui

test: index lint typecheck pytest

install: $(STAMP)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	# The CPU build of torch that lies on disk; an unpinned torch would pull a CUDA build.
	$(BIN)/python -m pip install --quiet torch==2.13.0
	CFLAGS="$(LLAMA_CFLAGS)" CXXFLAGS="$(LLAMA_CFLAGS)" \
		$(BIN)/python -m pip install --quiet --no-cache-dir 'llama-cpp-python[server]>=0.3.7'
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

index: $(STAMP)
	$(BIN)/rehearse ingest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/pytest -q

bench: index
	$(BIN)/rehearse bench

eval: index
	$(BIN)/rehearse eval

# Refit the shipped safety classifier after editing rehearsal/data/safety_bank*.jsonl
# (about five minutes on two cores); tests/test_safety_model.py fails until you do.
safety-model: $(STAMP)
	$(BIN)/python -m evals.safety_train

# Refit the analyser's tuned turn reader after editing rehearsal/data/labelled_turns*.jsonl
# (about three minutes on two cores); tests/test_turn_reader.py fails until you do.
analysis-model: $(STAMP)
	$(BIN)/python -m evals.turn_reader_train

# Refit the coach's section model and ranking weights after editing
# rehearsal/data/coach_training*.jsonl (about three minutes); tests/test_section_model.py
# fails until you do.
coach-model: $(STAMP)
	$(BIN)/python -m evals.coach_fit --write

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
