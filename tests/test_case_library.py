"""Every case in the library is assessed as a clinician expects."""
import pytest

import expert
from expert.cases import CaseError, parse_cases, load_case_library

CASES = load_case_library()


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_case_gets_the_expected_triage_and_leading_condition(case):
    assessment = expert.assess(case.presentation_dict())
    assert case.unmet(assessment) == [], [(e.condition, e.certainty) for e in assessment.differential[:4]]


def test_a_case_names_each_way_an_assessment_misses_it():
    case = next(c for c in CASES if c.expected.leading == "cauda_equina_syndrome")
    missed = case.unmet(expert.assess({"findings": {"knee_locking": True}}))
    assert any(m.startswith("triage ") and m.endswith("expected emergency") for m in missed)
    assert any(m.startswith("leading ") and m.endswith("expected cauda_equina_syndrome") for m in missed)


def test_case_ids_are_unique_and_cases_carry_their_domain():
    assert len({c.id for c in CASES}) == len(CASES)
    assert all(c.domain for c in CASES)


def test_a_malformed_case_file_names_the_case_and_the_problem():
    with pytest.raises(CaseError, match="case x-1:.*did you mean 'saddle_numbness'"):
        parse_cases("demo", "- id: x-1\n  title: t\n  story: s\n  presentation: {findings: {sadle_numbness: true}}\n"
                            "  expected: {triage: emergency, leading: cauda_equina_syndrome}\n")
    with pytest.raises(CaseError, match="unknown condition id"):
        parse_cases("demo", "- id: x-2\n  title: t\n  story: s\n  presentation: {}\n"
                            "  expected: {triage: routine, leading: meniscus}\n")
