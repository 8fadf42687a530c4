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

from expert.cases import find_case, load_case_library  # noqa: E402
from expert import dsl  # noqa: E402
from expert.engine import working_memory as wm  # noqa: E402
from expert.explanations.screen import (MAY_CHANGE, SAME_FIRINGS, SAME_TRIAGE_AND_LEADER,  # noqa: E402
                                        Screen, concludes_only_inert, fit_can_matter)
from expert.explanations.what_if import Outcome, candidate_changes  # noqa: E402
from expert.knowledge_base import engine_for_this_thread  # noqa: E402


# Rules free to fire otherwise: they only recommend or name a cause to consider.
INERT = {r.id for r in default_knowledge_base().rules if concludes_only_inert(r)}


def check_skipped_changes_change_nothing(p, limit=None):
    """Every change the screen skips leaves the outcome as it was, and
    every rule firing as it did when the screen says so; returns how many
    it skipped."""
    baseline = engine_for_this_thread().infer(p)
    screen = Screen(baseline)
    fired = sorted(f.rule for f in baseline.firings)
    (triage,) = baseline.final_facts(wm.Triage)
    skipped = 0
    for change in candidate_changes(p)[:limit]:
        verdict = screen.verdict(change)
        if verdict == MAY_CHANGE:
            continue
        skipped += 1
        changed = engine_for_this_thread().infer(change.apply(p))
        assert [t["level"] for t in changed.final_facts(wm.Triage)] == [triage["level"]], change
        assert Outcome.of(changed).leading == Outcome.of(baseline).leading, change
        if verdict == SAME_TRIAGE_AND_LEADER:
            continue
        assert Outcome.of(changed) == Outcome.of(baseline), change
        if verdict == SAME_FIRINGS:
            assert ([r for r in sorted(f.rule for f in changed.firings) if r not in INERT]
                    == [r for r in fired if r not in INERT]), change
    return skipped


@settings(max_examples=30, deadline=None)
@given(presentations)
def test_a_change_the_screen_skips_changes_nothing(data):
    check_skipped_changes_change_nothing(parse_presentation(data), limit=40)


def test_the_screen_skips_most_changes_and_only_harmless_ones_on_library_cases():
    total = skipped = 0
    for case in load_case_library()[::4]:
        skipped += check_skipped_changes_change_nothing(case.presentation)
        total += len(candidate_changes(case.presentation))
    assert skipped > total / 2  # the screen earns its place (on the whole library: 12,202 skipped when written)


def test_rules_read_a_certainty_only_by_a_threshold():
    """The screen judges a rule reading a certainty that can only move within
    an interval by evaluating it at both ends: sound only for threshold
    comparisons."""
    kinds = {type(clause) for defined in default_knowledge_base().rules for top in defined.when
             for clause in top.leaves() if any(kind == "certainty" for kind, _ in clause.reads())}
    assert kinds <= {dsl.Supported, dsl.NotSupported}


def test_the_shipped_rules_that_read_the_fit_only_recommend():
    assert not fit_can_matter(default_knowledge_base())


def test_screened_results_equal_unscreened_ones(monkeypatch):
    cases = [SCIATICA, find_case("mech-meniscus-01").presentation]
    screened = [(what_if(p), questions_worth_asking(p)) for p in cases]
    monkeypatch.setattr(Screen, "verdict", lambda self, change: MAY_CHANGE)
    assert screened == [(what_if(p), questions_worth_asking(p)) for p in cases]


def test_runs_are_shared_between_what_if_and_questions():
    runs = {}
    what_if(SCIATICA, runs)
    before = len(runs)
    questions_worth_asking(SCIATICA, runs=runs)
    assert before and len(runs) - before < before  # most answers were already run
