"""The terminal as a new user meets it: `rehearse drill` (interactive and `--json`), and
`rehearse chat`'s /help, blank line, /end and `--resume` transcript."""

from __future__ import annotations

import json
import re


def test_drill_json_checks_one_line(run_cli) -> None:
    line = "I feel lonely when we go days without talking; would you call me tonight?"
    done = run_cli("drill", "--json", "--line", line)
    assert done.returncode == 0, done.stderr
    [printed] = done.stdout.splitlines()
    result = json.loads(printed)
    assert result["text"] == line and result["complete"] is True
    assert result["feelings_used"] == ["lonely"] and result["suggestion"] is None
    blamed = json.loads(run_cli("drill", "--json", "--line", "You never call me.").stdout)
    assert not blamed["no_blame"] and not blamed["complete"] and blamed["suggestion"]


def test_drill_json_without_a_line_is_one_line_error(run_cli) -> None:
    done = run_cli("drill", "--json")
    assert done.returncode != 0 and len(done.stderr.strip().splitlines()) == 1


def test_drill_in_the_terminal_checks_each_line_and_moves_on(run_cli) -> None:
    typed = "You never call me.\n/next\nI feel worried when you go quiet; could we talk?\n/end\n"
    done = run_cli("drill", stdin=typed)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert out.startswith("Situation 1 of ") and "Situation 2 of " in out
    assert "✗ no blame" in out and "All four parts are there." in out
    assert out.rstrip().endswith("Drill over.")


def test_chat_help_blank_line_end_and_resume_transcript(run_cli) -> None:
    done = run_cli(
        "chat", "--partner-name", "Noor", stdin="/help\n\nHi, is now a good time?\n/end\n"
    )
    assert done.returncode == 0, done.stderr
    assert "/end" in done.stderr and "/help" in done.stderr  # the help list
    assert "to finish" in done.stderr  # the blank line says how to end
    assert "Noor: " in done.stdout
    session = re.search(r"session ([0-9a-f]+) saved", done.stderr)
    assert session
    resumed = run_cli("chat", "--resume", session.group(1), stdin="/end\n")
    assert resumed.returncode == 0, resumed.stderr
    assert "you: Hi, is now a good time?" in resumed.stdout


def test_ui_says_where_it_is_and_each_stage_of_getting_ready(shared_home) -> None:
    import subprocess
    import sys

    from evals.servers import free_port
    from tests.conftest import REPO, cli_env

    port = str(free_port())
    process = subprocess.Popen(
        [sys.executable, "-m", "rehearsal.cli", "ui", "--port", port],
        env=cli_env(shared_home),
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    seen: list[str] = []
    try:
        assert process.stderr is not None
        for line in process.stderr:
            seen.append(line)
            if "ready in" in line or len(seen) > 200:
                break
    finally:
        process.terminate()
        process.wait(timeout=30)
    said = "".join(seen)
    assert f"open http://127.0.0.1:{port}" in said
    stages = re.findall(r"getting the coach ready \[(\d)/(\d)\]", said)
    assert [number for number, _ in stages] == ["1", "2", "3", "4", "5"], said
    assert said.index("open http") < said.index("[1/5]") and "ready in" in said


def test_a_scripted_chat_prints_a_readable_transcript_and_the_report(run_cli, tmp_path) -> None:
    # Found by hand: `chat --script … > out.txt` ran every reply into one line, without the
    # person's lines, and the rehearsal ended with no report.
    script = tmp_path / "talk.txt"
    script.write_text("Hi, is now a good time?\nI feel lonely when we don't talk.\n")
    done = run_cli("chat", "--partner-name", "Noor", "--script", str(script))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[:4:2] == ["you: Hi, is now a good time?", "you: I feel lonely when we don't talk."]
    assert all(line.startswith("Noor: ") and len(line) > len("Noor: ") for line in lines[1:4:2])
    assert "How it went with Noor" in done.stdout


def test_a_chat_where_nothing_was_said_keeps_no_session(run_cli, tmp_path) -> None:
    script = tmp_path / "empty.txt"
    script.write_text("\n\n")
    before = run_cli("sessions", "list").stdout
    done = run_cli("chat", "--script", str(script))
    assert done.returncode == 0, done.stderr
    assert "nothing was saved" in done.stderr
    assert run_cli("sessions", "list").stdout == before


def test_ui_stopped_by_sigterm_leaves_no_temp_copies(shared_home) -> None:
    # Found by hand: `kill` (SIGTERM, as a service manager stops it) left the transcript
    # copies in REHEARSE_HOME/tmp/gradio-PID until the next start; Ctrl+C removed them.
    import signal
    import subprocess
    import sys

    from evals.servers import free_port
    from tests.conftest import REPO, cli_env

    process = subprocess.Popen(
        [sys.executable, "-m", "rehearsal.cli", "ui", "--port", str(free_port())],
        env=cli_env(shared_home),
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    folder = shared_home / "tmp" / f"gradio-{process.pid}"
    try:
        assert process.stderr is not None
        for line in process.stderr:
            if "open http" in line:
                break
        assert folder.is_dir()
        (folder / "copy.md").write_text("a transcript")
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=60)
    assert not folder.exists()
