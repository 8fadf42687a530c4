"""``legwise explain`` and ``legwise report``: output, exit codes, errors."""
import io
import json
from html.parser import HTMLParser
from pathlib import Path

from expert.cli import main

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "cauda_equina.json"
SCIATICA = json.dumps({"id": "sciatica", "findings": {"low_back_pain": True, "leg_pain_radiating_below_knee": True}})


def run(argv, capsys, monkeypatch=None, stdin=None):
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_why_not_cauda_equina_names_the_missing_red_flag_findings(capsys, monkeypatch):
    code, out, err = run(["explain", "-", "--why-not", "cauda_equina_syndrome"], capsys, monkeypatch, SCIATICA)
    assert code == 0 and err == ""
    summary = next(line for line in out.splitlines() if line.startswith("Unknown findings that could"))
    for finding in ("saddle_numbness", "bladder_dysfunction", "bowel_dysfunction"):
        assert finding in summary
    assert "low_back_pain" not in summary  # given as present: not missing
    assert "rf.cauda_equina.saddle_numbness" in out and "would fire with: Saddle numbness present" in out


def test_how_prints_a_tree_down_to_the_findings(capsys):
    code, out, err = run(["explain", str(EXAMPLE), "--how", "triage"], capsys)
    assert code == 0 and err == ""
    assert out.startswith("HOW triage: Triage (emergency")
    assert "└── " in out and "engine.triage.decide" in out and "findings: Saddle numbness" in out
    assert "concluded again" not in out and "source: " not in out  # the passages are --full's
    code, full, err = run(["explain", str(EXAMPLE), "--how", "triage", "--full"], capsys)
    assert code == 0 and err == ""
    assert "[given]" in full and "source: " in full


def _how_lines(capsys, monkeypatch, *extra):
    monkeypatch.setenv("COLUMNS", "80")
    code, out, err = run(["explain", str(EXAMPLE), "--how", "cauda_equina_syndrome", *extra], capsys)
    assert code == 0 and err == ""
    assert max(len(line) for line in out.splitlines()) <= 80  # the width rich was given
    return out.splitlines()


def test_how_of_the_example_reads_in_under_forty_lines_at_80_columns(capsys, monkeypatch):
    lines = _how_lines(capsys, monkeypatch)
    assert len(lines) <= 40, "\n".join(lines)
    text = "\n".join(lines)
    assert "concluded again" not in text
    # Each rule that concluded the evidence is named once, with its steps
    # grouped, and the findings it matched listed under it.
    assert text.count("rf.cauda_equina.back_and_both_legs") == 1 and text.count("findings: ") >= 4
    full = _how_lines(capsys, monkeypatch, "--full")
    assert len(full) > len(lines) and any(line.lstrip("│ ").startswith("source: ") for line in full)


def test_options_combine_and_json_carries_each(capsys):
    code, out, _ = run(["explain", str(EXAMPLE), "--how", "cauda_equina_syndrome", "--why-not", "stroke_or_tia",
                        "--certainty", "cauda_equina_syndrome", "--what-if", "-f", "json"], capsys)
    assert code == 0
    data = json.loads(out)
    assert data["case_id"] == "example-cauda-equina"
    assert data["how"][0]["conclusion"] == "cauda_equina_syndrome"
    assert data["why_not"][0]["target"] == "stroke_or_tia"
    steps = data["certainty"][0]["steps"]
    assert steps[-1]["running"] == data["certainty"][0]["certainty"]
    assert data["what_if"]["baseline"]["triage"] == "emergency"


def test_what_if_text_lists_changes_and_questions(capsys, monkeypatch):
    code, out, _ = run(["explain", "-", "--what-if"], capsys, monkeypatch, SCIATICA)
    assert code == 0
    assert out.startswith("WHAT IF: now triage routine")
    assert "Saddle numbness: unknown -> present: triage routine -> emergency" in out
    assert "Questions worth asking next" in out and "[red flag]" in out


def test_unknown_ids_exit_2_with_a_suggestion(capsys):
    code, out, err = run(["explain", str(EXAMPLE), "--how", "cauda_equina_syndrom"], capsys)
    assert code == 2 and out == "" and "did you mean 'cauda_equina_syndrome'" in err and "Traceback" not in err
    code, out, err = run(["explain", str(EXAMPLE), "--why-not", "stroke"], capsys)
    assert code == 2 and out == "" and "did you mean 'stroke_or_tia'" in err
    code, _, err = run(["explain", str(EXAMPLE), "--certainty", "anaemia"], capsys)
    assert code == 2 and "did you mean 'anemia'" in err


def test_nothing_to_explain_is_a_usage_error(capsys):
    code, out, err = run(["explain", str(EXAMPLE)], capsys)
    assert code == 2 and out == "" and "--how ID, --why-not ID" in err


def test_a_bad_id_writes_no_output_file(capsys, tmp_path):
    target = tmp_path / "out.txt"
    code, _, _ = run(["explain", str(EXAMPLE), "--how", "triage", "--how", "nonsense", "-o", str(target)], capsys)
    assert code == 2 and not target.exists()


def test_report_writes_one_self_contained_html_file(capsys, tmp_path):
    target = tmp_path / "report.html"
    code, out, err = run(["report", str(EXAMPLE), "--format", "html", "-o", str(target)], capsys)
    assert code == 0 and out == "" and err == ""
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]
    html = target.read_text(encoding="utf-8")
    HTMLParser().feed(html)
    assert html.startswith("<!DOCTYPE html>") and "TRIAGE: EMERGENCY" in html and "<script" not in html


def test_report_formats_on_stdout(capsys, monkeypatch):
    code, out, _ = run(["report", "-"], capsys, monkeypatch, SCIATICA)
    assert code == 0 and out.startswith("# legwise report: sciatica")
    code, out, _ = run(["report", str(EXAMPLE), "-f", "json"], capsys)
    assert code == 0 and json.loads(out)["triage"]["level"] == "emergency"


def test_report_refuses_bad_input_and_formats(capsys, monkeypatch, tmp_path):
    target = tmp_path / "r.md"
    code, out, err = run(["report", "-", "-o", str(target)], capsys, monkeypatch, '{"findings": {"sadle_numbness": true}}')
    assert code == 2 and out == "" and "did you mean 'saddle_numbness'" in err and not target.exists()
    code, _, err = run(["report", str(EXAMPLE), "-f", "pdf"], capsys)
    assert code == 2 and "pdf" in err
