"""The plain summary that opens every output: triage, the findings that set
it, the leading cause (or that no known cause fits), what to do now."""
import io
import json
import re
from pathlib import Path

import pytest
from rich.console import Console

import expert
from expert.cases import load_case_library
from expert.explanations.how import explain_how
from expert.terminal import render_assessment
from facts.vocabulary import ACTIONS, FIT_STATUSES, TRIAGE_ADVICE, label_of

CASES = load_case_library()
EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "cauda_equina.json"


def _words(text: str) -> str:
    """Text with box drawing and line breaks gone: what a reader reads."""
    return " ".join(re.sub(r"[│╭╮╰╯─]", " ", text).split())


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_the_summary_names_what_set_the_triage(case):
    assessment = expert.assess(case.presentation)
    summary = assessment.summary
    assert summary.triage == assessment.triage.level and summary.advice == TRIAGE_ADVICE[summary.triage]
    lines = summary.text.splitlines()
    assert lines[0] == f"{summary.triage.replace('_', ' ').upper()}: {summary.advice}"
    assert summary.text.count(summary.advice.rstrip(".")) == 1  # the advice is said once
    # The findings named are present, rest under the triage's derivation, and
    # are named by their labels; with none, the rule that set the level is.
    assert 1 <= len(summary.because) <= 3 or (not summary.because and summary.reason_rule)
    present = {f for f, value in case.presentation.findings.items() if value}
    under_triage = {f for f, value in explain_how(expert.infer(case.presentation), "triage").input_findings() if value}
    assert set(summary.because) <= present & under_triage
    for finding in summary.because:
        assert label_of(finding) in lines[1]
    assert summary.reason and summary.reason in summary.text
    assert set(summary.red_flags) <= {flag.id for flag in assessment.red_flags}
    for flag in summary.red_flags:
        assert label_of(flag) in lines[1]
    if summary.leading:
        assert summary.leading == assessment.leading_condition and label_of(summary.leading) in summary.text
    else:
        assert FIT_STATUSES[summary.fit] in summary.text
    for action in summary.also_now:
        assert ACTIONS[action].label in summary.text and ACTIONS[action].label.rstrip(".") != summary.advice.rstrip(".")


@pytest.mark.parametrize("case", CASES[::7], ids=lambda c: c.id)
def test_the_summary_comes_first_in_json_and_on_the_terminal(case):
    assessment = expert.assess(case.presentation)
    data = json.loads(assessment.to_json())
    assert list(data)[:2] == ["schema_version", "summary"]
    assert data["summary"] == assessment.summary.model_dump(mode="json")
    buffer = io.StringIO()
    render_assessment(assessment, Console(file=buffer, width=80, color_system=None))
    out = buffer.getvalue()
    panel = _words(out[:out.index("╰")])  # the first block printed
    assert f"TRIAGE: {assessment.triage.level.replace('_', ' ').upper()}" in panel
    for line in assessment.summary.text.splitlines()[1:]:
        assert _words(line) in panel
    assert panel.count(assessment.summary.advice.rstrip(".")) == 1


def test_the_cauda_equina_summary_says_why_it_is_an_emergency_and_what_to_do():
    summary = expert.assess(expert.load_presentation(str(EXAMPLE))).summary
    assert summary.because[:2] == ["saddle_numbness", "bladder_dysfunction"]
    assert summary.red_flags == ["suspected_cauda_equina"] and summary.leading == "cauda_equina_syndrome"
    assert summary.reason_rule == "rf.cauda_equina.saddle_numbness"
    assert summary.also_now == ["emergency_mri_spine"]  # calling emergency services is the advice itself
    assert len(summary.text.splitlines()) == 4
