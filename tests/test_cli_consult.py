"""``legwise consult`` from scripted answers: transcript, summary, saved files, errors."""
import io
import json
import subprocess
import sys
from pathlib import Path

import expert
from expert.cases import find_case
from expert.cli import main
from expert.consult import Consultation, reply_from_findings, typed_reply
from facts.vocabulary import label_of

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "cauda_equina.json"


def run(argv, capsys, monkeypatch, stdin=""):
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def partial_case(tmp_path) -> Path:
    """The example's patient when only the saddle numbness is known: an
    emergency already, with questions left about its cause."""
    path = tmp_path / "partial.json"
    path.write_text(json.dumps({"id": "partial", "age": 46, "sex": "male", "findings": {"saddle_numbness": True}}))
    return path


def script_for(case, limit=None):
    """The replies a user with this case would type, found by consulting the
    library session the command drives."""
    session = Consultation(age=case.presentation.age, sex=case.presentation.sex)
    replies = []
    while (question := session.next_question()) is not None and (limit is None or len(replies) < limit):
        value = reply_from_findings(question, case.presentation.findings)
        replies.append(typed_reply(value, question))
        session.answer(value)
    return replies, session


def test_scripted_consult_of_a_library_case_saves_a_valid_case(capsys, monkeypatch, tmp_path):
    case = find_case("rf-cauda-equina-01")
    replies, session = script_for(case, limit=12)
    answers = tmp_path / "answers.txt"
    answers.write_text("# one reply a line\n" + "\n".join(replies) + "\nquit\n")
    saved = tmp_path / "case.json"
    code, out, err = run(["consult", "--age", "46", "--sex", "male", "--answers", str(answers),
                          "--save-case", str(saved)], capsys, monkeypatch)
    assert code == 0, err
    assert "TRIAGE IS NOW EMERGENCY" in out and "TRIAGE: EMERGENCY" in out
    # The script quits, unless nothing was left worth asking before its end.
    ending = "The consultation is over: nothing left" if session.finished else "Stopped on request."
    assert "not a diagnosis" in out and ending in out
    data = json.loads(saved.read_text())
    assert data["findings"] == session.presentation.findings and data["age"] == 46
    code, assessed, _ = run(["assess", str(saved), "-f", "json"], capsys, monkeypatch)
    assert code == 0 and json.loads(assessed)["triage"]["level"] == "emergency"


def test_piped_commands_why_how_back_help(capsys, monkeypatch, tmp_path):
    code, out, err = run(["consult", "--case", str(partial_case(tmp_path))], capsys, monkeypatch,
                         "help\nwhy\nn\nback\nstatus\nhow\nhow cauda_equina_syndrome\nhow cauda_equina_syndrom\n")
    assert code == 0, err
    assert "undo the last answer" in out            # help
    assert "Why ask about" in out and "Rules that read it:" in out
    assert "Undid Q1" in out
    assert "HOW triage" in out and "HOW cauda_equina_syndrome" in out
    assert "did you mean 'cauda_equina_syndrome'" in out
    assert "End of input: stopping here." in out and "legwise assessment" in out


def test_the_first_question_is_a_red_flag_question(capsys, monkeypatch):
    code, out, _ = run(["consult"], capsys, monkeypatch, "quit\n")
    assert code == 0
    first = next(line for line in out.splitlines() if line.startswith("Q1."))
    assert first.endswith("(red-flag question)")


def test_a_bad_scripted_answer_exits_2_naming_the_line_and_writes_nothing(capsys, monkeypatch, tmp_path):
    saved = tmp_path / "case.json"
    code, _, err = run(["consult", "--save-case", str(saved)], capsys, monkeypatch, "n\nyse\n")
    assert code == 2 and "stdin, line 2" in err and "did you mean 'yes'" in err
    assert "Traceback" not in err and not saved.exists()


def test_starting_from_a_case_file(capsys, monkeypatch, tmp_path):
    case = partial_case(tmp_path)
    code, out, _ = run(["consult", "--case", str(case), "--max-questions", "2"], capsys, monkeypatch,
                       "n\nn\n")
    assert code == 0
    known = expert.load_presentation(case).findings
    assert f"Starting from {len(known)} known findings" in out
    assert "red-flag question" not in out      # already an emergency
    assert "reached the question limit" in out and "TRIAGE: EMERGENCY" in out


def test_a_case_file_with_nothing_left_worth_asking_ends_at_once(capsys, monkeypatch):
    # The README example: an emergency whose cause is clear; nothing left could
    # raise the triage or is worth asking about the cause.
    code, out, _ = run(["consult", "--case", str(EXAMPLE)], capsys, monkeypatch, "")
    assert code == 0 and "Q1." not in out
    assert "The consultation is over: nothing left to ask" in out and "TRIAGE: EMERGENCY" in out


def test_saves_the_report(capsys, monkeypatch, tmp_path):
    html, markdown = tmp_path / "r.html", tmp_path / "r.md"
    assert run(["consult", "--save-report", str(html)], capsys, monkeypatch, "y\n")[0] == 0
    assert html.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    code = run(["consult", "--save-report", str(markdown), "--report-format", "markdown"], capsys, monkeypatch,
               "y\n")[0]
    assert code == 0 and markdown.read_text(encoding="utf-8").startswith("# legwise report")


def test_usage_errors_exit_2_before_asking(capsys, monkeypatch, tmp_path):
    code, out, err = run(["consult", "--save-case", str(tmp_path / "no" / "case.json")], capsys, monkeypatch)
    assert code == 2 and "does not exist" in err and out == ""
    code, _, err = run(["consult", "--answers", str(tmp_path / "missing.txt")], capsys, monkeypatch)
    assert code == 2 and "no such file" in err
    code, _, err = run(["consult", "--case", str(tmp_path / "missing.json")], capsys, monkeypatch)
    assert code == 2 and "no such file" in err
    code, _, _ = run(["consult", "--sex", "f"], capsys, monkeypatch)
    assert code == 2


def test_consult_runs_as_a_console_command_with_piped_input():
    done = subprocess.run([sys.executable, "-m", "expert", "consult", "--max-questions", "1"],
                          input="y\n", capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "Q1." in done.stdout and "legwise assessment" in done.stdout


def test_a_checklist_is_shown_numbered_and_answered_by_number(capsys, monkeypatch):
    code, out, err = run(["consult", "--age", "50", "--save-case", "-"], capsys, monkeypatch, stdin="2 ?1\nquit\n")
    assert code == 0, err
    first = Consultation(age=50).next_question()
    assert f"Q1. {first.text}" in out
    for number, finding in enumerate(first.covers, start=1):
        assert f"{number:2d}. {label_of(finding)}" in out
    saved = json.loads(out[out.index("\n{\n") + 1:out.index("\n}\n") + 2])
    assert saved["findings"][first.covers[1]] is True and first.covers[0] not in saved["findings"]
    assert all(saved["findings"][f] is False for f in first.covers[2:])


def test_a_checklist_reply_out_of_range_exits_2_naming_the_line(capsys, monkeypatch):
    code, out, err = run(["consult", "--age", "50"], capsys, monkeypatch, stdin="99\n")
    assert code == 2
    assert "stdin, line 1" in err and "'99' is not one of this checklist's findings" in err
