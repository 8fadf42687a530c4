"""The command line: output formats, exit codes, errors on stderr only."""
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from expert.cli import main

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "cauda_equina.json"


def run(argv, capsys, stdin=None, monkeypatch=None):
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_assess_text_puts_triage_first_and_the_disclaimer(capsys):
    code, out, err = run(["assess", str(EXAMPLE)], capsys)
    assert code == 0 and err == ""
    assert out.index("TRIAGE: EMERGENCY") < out.index("Differential")
    assert "Cauda equina syndrome" in out
    assert "not a diagnosis" in out


def test_assess_text_says_when_no_known_cause_fits_and_what_to_consider(capsys, monkeypatch):
    code, out, _ = run(["assess", "-"], capsys, monkeypatch=monkeypatch,
                       stdin='{"age": 72, "findings": {"slow_movement_or_tremor": true, "balance_problems": true}}')
    assert code == 0
    assert "No cause legwise knows fits these findings" in out
    assert "Not explained:" in out and "(parkinsonism)" in out and "outside.parkinsonism" in out


def test_assess_text_keeps_every_condition_id_whole(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    code, out, _ = run(["assess", "-"], capsys, monkeypatch=monkeypatch,
                       stdin='{"findings": {"calf_swelling_tenderness_one_side": true}}')
    assert code == 0
    assert "[deep_vein_thrombosis], beyond the source documents" in out  # on a line of its own, whole
    assert max(len(line) for line in out.splitlines()) <= 80


def _assessed_at(width: int, case=EXAMPLE) -> str:
    import expert
    from rich.console import Console

    from expert.terminal import render_assessment

    buffer = io.StringIO()
    render_assessment(expert.assess(expert.load_presentation(str(case))),
                      Console(file=buffer, width=width, color_system=None, highlight=False, markup=False))
    return buffer.getvalue()


@pytest.mark.parametrize("width", [80, 60])
def test_assess_text_fits_narrow_terminals_without_cutting_an_id(width):
    import expert

    out = _assessed_at(width)
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= width
    assert "…" not in out  # nothing is cut short
    assessment = expert.assess(expert.load_presentation(str(EXAMPLE)))
    ids = [e.condition for e in assessment.differential] + [f.id for f in assessment.red_flags]
    ids += [p.id for p in assessment.patterns]
    for identifier in ids:  # every id whole on one line
        assert any(identifier in line for line in lines), identifier
    # No cell wraps a label over many lines: the differential is a list, each
    # condition's head on one line, its id on the next.
    for rank, entry in enumerate(assessment.differential, start=1):
        head = next(i for i, line in enumerate(lines) if line.startswith(f"  {rank}. {entry.label}"))
        assert f"[{entry.condition}]" in lines[head + 1] or f"[{entry.condition}]" in lines[head + 2]
    assert "┃" not in out  # no table at this width
    assert _assessed_at(width) == out  # deterministic


def test_assess_text_at_wide_terminals_keeps_the_table_with_whole_ids():
    out = _assessed_at(120)
    assert "┃ Condition" in out and "[cauda_equina_syndrome]" in out and "[lumbar_radiculopathy]" in out


def test_assess_text_honours_no_color(monkeypatch):
    import expert
    from rich.console import Console

    from expert.terminal import render_assessment

    assessment = expert.assess(expert.load_presentation(str(EXAMPLE)))
    coloured = io.StringIO()
    render_assessment(assessment, Console(file=coloured, width=80, force_terminal=True))
    assert "\x1b[" in coloured.getvalue() and "41m" in coloured.getvalue()  # white on red, in colour
    monkeypatch.setenv("NO_COLOR", "1")
    plain = io.StringIO()
    render_assessment(assessment, Console(file=plain, width=80, force_terminal=True))
    parameters = [int(p) for codes in re.findall(r"\x1b\[([0-9;]*)m", plain.getvalue())
                  for p in codes.split(";") if p]
    assert parameters  # still bold and italic
    assert not [p for p in parameters if 30 <= p <= 49 or 90 <= p <= 107]  # but no colour


def test_assess_json_follows_the_contract(capsys):
    code, out, _ = run(["assess", str(EXAMPLE), "--format", "json"], capsys)
    assert code == 0
    data = json.loads(out)
    assert data["triage"]["level"] == "emergency"
    assert data["differential"][0]["condition"] == "cauda_equina_syndrome"
    for key in ("red_flags", "recommendations", "trace"):
        assert data[key]
    step = data["trace"][0]
    assert {"step", "rule", "matched", "asserted"} <= set(step)


def test_assess_reads_stdin(capsys, monkeypatch):
    code, out, _ = run(["assess", "-", "-f", "json"], capsys, stdin='findings: {cold_pale_leg: true}\n',
                       monkeypatch=monkeypatch)
    assert code == 0 and json.loads(out)["triage"]["level"] == "emergency"


def test_misspelt_finding_exits_2_with_a_suggestion(capsys, monkeypatch):
    code, out, err = run(["assess", "-"], capsys, stdin='{"findings": {"sadle_numbness": true}}',
                         monkeypatch=monkeypatch)
    assert code == 2 and out == ""
    assert "did you mean 'saddle_numbness'" in err and "Traceback" not in err


def test_missing_file_exits_2(capsys, tmp_path):
    code, out, err = run(["assess", str(tmp_path / "nope.json")], capsys)
    assert code == 2 and "no such file" in err


def test_output_file_is_written_whole(capsys, tmp_path):
    target = tmp_path / "out.json"
    code, out, _ = run(["assess", str(EXAMPLE), "-f", "json", "-o", str(target)], capsys)
    assert code == 0 and out == ""
    assert json.loads(target.read_text())["case_id"] == "example-cauda-equina"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask  # as a plain open() would make it


def test_bad_input_writes_no_output_file(capsys, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"age": 999}')
    target = tmp_path / "out.json"
    code, _, _ = run(["assess", str(bad), "-o", str(target)], capsys)
    assert code == 2 and not target.exists()


def test_usage_errors_exit_2(capsys):
    code, _, err = run(["assess"], capsys)
    assert code == 2 and "Missing argument" in err
    code, _, _ = run(["assess", str(EXAMPLE), "--format", "xml"], capsys)
    assert code == 2


def test_internal_errors_exit_1_without_a_traceback(capsys, monkeypatch):
    def broken(*_):
        raise RuntimeError("boom")

    monkeypatch.setattr("expert.assess", broken)
    code, _, err = run(["assess", str(EXAMPLE)], capsys)
    assert code == 1 and "internal error: RuntimeError: boom" in err and "Traceback" not in err


def test_rules_lists_every_rule_with_its_citation(capsys):
    import rules

    code, out, _ = run(["rules", "--format", "json"], capsys)
    listed = json.loads(out)
    knowledge = [r for r in listed if r["module"].startswith("rules.")]
    assert code == 0 and len(knowledge) == len(rules.knowledge_base())
    assert all(r["citation"]["passage"] for r in knowledge)


def test_findings_lists_the_vocabulary(capsys):
    code, out, _ = run(["findings", "-f", "json", "-c", "joints"], capsys)
    assert code == 0 and {"id": "knee_locking"}.items() <= json.loads(out)[1].items()
    code, _, err = run(["findings", "-c", "elbows"], capsys)
    assert code == 2 and "unknown finding category" in err


def test_console_script_is_installed():
    done = subprocess.run([sys.executable, "-m", "expert", "assess", str(EXAMPLE), "-f", "json"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["triage"]["level"] == "emergency"


def test_an_interrupt_a_library_wrapped_in_its_own_error_is_still_an_interrupt(capsys, monkeypatch):
    def wraps_the_interrupt(*_):
        try:
            raise KeyboardInterrupt
        except BaseException as error:  # as a library that catches everything while it works
            raise RuntimeError("while building a model") from error

    monkeypatch.setattr("expert.assess", wraps_the_interrupt)
    code, _, err = run(["assess", str(EXAMPLE)], capsys)
    assert code == 130 and err.strip() == "legwise: interrupted"
