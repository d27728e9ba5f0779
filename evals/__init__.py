"""Evaluation runners over the labelled dev sets in `evals/data/`.

Each runner takes the real component (retriever, analyser, ...) and a dataset and returns
figures; `rehearse eval` prints them and writes a dated report. Thresholds CI enforces
live beside each runner.
"""

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
