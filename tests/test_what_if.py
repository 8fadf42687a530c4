"""WHAT IF: every reported change really changes the outcome when applied."""
from hypothesis import given, settings

import expert
from expert.knowledge_base import default_knowledge_base
from expert.explanations.what_if import Change, outcome, questions_worth_asking, rule_reads, what_if
from facts.presentation import parse_presentation
from tests.strategies import presentations

SCIATICA = {"findings": {"low_back_pain": True, "leg_pain_radiating_below_knee": True,
                         "saddle_numbness": False}}


def test_outcome_agrees_with_the_assessment():
    p = parse_presentation(SCIATICA)
    assessment = expert.assess(p)
    brief = outcome(p)
    assert brief.triage == assessment.triage.level
    assert brief.leading == assessment.leading_condition


def test_red_flag_findings_are_the_first_changes_and_questions():
    result = what_if(SCIATICA)
    first = result.scenarios[0]
    assert first.triage_changed and first.outcome.triage == "emergency"
    questions = questions_worth_asking(SCIATICA)
    assert questions[0].red_flag and questions[0].if_yes.triage == "emergency"
    # saddle numbness was answered (absent): it is never asked again
    assert "saddle_numbness" not in {q.finding for q in questions}


def test_a_known_finding_is_flipped_not_unset():
    result = what_if({"findings": {"saddle_numbness": True}})
    changes = {s.change for s in result.scenarios}
    assert Change("saddle_numbness", True, False) in changes


def test_every_candidate_finding_is_read_by_some_rule():
    reads = rule_reads()
    assert "saddle_numbness" in reads.red_flag
    assert all(rule_ids for rule_ids in reads.any.values())


@settings(max_examples=15)
@given(presentations)
def test_what_if_changes_really_change_the_outcome(data):
    p = parse_presentation(data)
    result = what_if(p)
    for scenario in result.scenarios:
        after = expert.assess(scenario.change.apply(p))
        assert (after.triage.level, after.leading_condition) == (scenario.outcome.triage, scenario.outcome.leading)
        assert (after.triage.level != result.baseline.triage) == scenario.triage_changed
        assert (after.leading_condition != result.baseline.leading) == scenario.leading_changed


# -- The screen: skipping runs never changes what WHAT IF reports -------------

from expert.cases import find_case  # noqa: E402
from expert.explanations.screen import Screen, _Unsettled, evaluate  # noqa: E402


def _settled(p):
    try:
        return evaluate(p, default_knowledge_base())
    except _Unsettled:
        return None


@settings(max_examples=150)
@given(presentations)
def test_the_screens_evaluation_agrees_with_the_engine_when_settled(data):
    p = parse_presentation(data)
    brief = _settled(p)
    if brief is not None:
        engine = outcome(p)
        assert (brief.triage, brief.leading) == (engine.triage, engine.leading)


def test_the_screen_agrees_with_the_engine_on_every_candidate_change():
    for case_id in ("neuro-sciatica-01", "rf-stroke-01"):
        p = find_case(case_id).presentation
        for change in what_if_candidates(p):
            brief = _settled(change.apply(p))
            if brief is not None:
                engine = outcome(change.apply(p))
                assert (brief.triage, brief.leading) == (engine.triage, engine.leading), change


def what_if_candidates(p):
    from expert.explanations.what_if import candidate_changes
    return candidate_changes(p)


def test_screened_results_equal_unscreened_ones(monkeypatch):
    cases = [SCIATICA, find_case("mech-meniscus-01").presentation]
    screened = [(what_if(p), questions_worth_asking(p)) for p in cases]
    monkeypatch.setattr(Screen, "may_change", lambda self, change: True)
    assert screened == [(what_if(p), questions_worth_asking(p)) for p in cases]


def test_runs_are_shared_between_what_if_and_questions():
    runs = {}
    what_if(SCIATICA, runs)
    before = len(runs)
    questions_worth_asking(SCIATICA, runs=runs)
    assert before and len(runs) - before < before  # most answers were already run
