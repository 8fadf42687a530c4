"""Honest files and clean interrupts (expert/cli/output.py, expert/launch.py),
through the real command line."""
import random
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

from expert.cli import main

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "cauda_equina.json"


def legwise_command() -> list[str]:
    script = Path(sys.executable).with_name("legwise")
    return [str(script)] if script.exists() else [sys.executable, "-m", "expert"]


def test_a_read_only_output_file_is_refused_and_left_alone(capsys, tmp_path):
    target = tmp_path / "report.md"
    target.write_text("keep me\n")
    target.chmod(0o444)
    code = main(["report", str(EXAMPLE), "-f", "markdown", "-o", str(target)])
    _, err = capsys.readouterr()
    assert code == 2 and "read-only" in err and "internal error" not in err
    assert target.read_text() == "keep me\n" and stat.S_IMODE(target.stat().st_mode) == 0o444


def test_a_read_only_directory_is_refused_with_exit_2(capsys, tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        code = main(["assess", str(EXAMPLE), "-o", str(folder / "out.txt")])
        _, err = capsys.readouterr()
        assert code == 2 and "not writable" in err and "internal error" not in err
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o755)


def test_a_directory_as_output_is_refused(capsys, tmp_path):
    code = main(["assess", str(EXAMPLE), "-o", str(tmp_path)])
    _, err = capsys.readouterr()
    assert code == 2 and "is a directory" in err


def test_replacing_a_writable_file_keeps_its_mode(capsys, tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("old\n")
    target.chmod(0o640)
    assert main(["assess", str(EXAMPLE), "-o", str(target)]) == 0
    assert "TRIAGE" in target.read_text() and stat.S_IMODE(target.stat().st_mode) == 0o640


def _interrupt_once(delay: float, output: Path) -> subprocess.CompletedProcess:
    # Background processes may inherit an ignored SIGINT; restore Python's default.
    process = subprocess.Popen(legwise_command() + ["report", str(EXAMPLE), "-f", "html", "-o", str(output)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    time.sleep(delay)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=60)
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


def test_ctrl_c_at_any_moment_exits_130_with_one_line_and_no_partial_file(tmp_path):
    # From the moment legwise's own code runs (the interpreter's first few
    # milliseconds, before any of it, are Python's): start-up imports, the
    # engine's construction, the run, the report.
    randomness = random.Random(11)
    for attempt in range(12):
        output = tmp_path / f"report-{attempt}.html"
        result = _interrupt_once(0.25 + randomness.random() * 1.5, output)
        err = result.stderr.decode()
        assert "Traceback" not in err, err
        if result.returncode == 0:  # it finished first
            assert output.read_text().rstrip().endswith("</html>")
            continue
        assert result.returncode == 130, (result.returncode, err)
        assert err.strip() == "legwise: interrupted"
        # Interrupted before the rename, there is no file; after it (while
        # the process winds down), the file is whole. Never part of one.
        assert not output.exists() or output.read_text().rstrip().endswith("</html>")
        assert [p.name for p in tmp_path.iterdir() if p.name.startswith(f".{output.name}")] == []
