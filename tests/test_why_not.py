"""WHY NOT: read off the rules' own conditions, and in agreement with the engine."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import expert
from expert.cases import find_case
from expert.explanations.why_not import UnknownTarget, explain_why_not, presentation_of, render_why_not_text
from expert import dsl
from expert.knowledge_base import KnowledgeBase, default_knowledge_base
from expert.engine import working_memory as wm
from facts.presentation import parse_presentation
from facts.vocabulary import CONDITIONS, RED_FLAGS
from rules.sources import DOCUMENTS, LEGS_GIVING_OUT
from tests.strategies import presentations

SCIATICA = {"findings": {"low_back_pain": True, "leg_pain_radiating_below_knee": True}}
RED_FLAG_FINDINGS = {"saddle_numbness", "bladder_dysfunction", "bowel_dysfunction"}


def concluded_by(inference, rule_id: str, target: str) -> bool:
    """The rule fired and drew a conclusion about the target."""
    facts = [inference.facts[i] for i in inference.final]
    return any(
        (isinstance(f, wm.Evidence) and f["rule"] == rule_id and f["condition"] == target and f["cf"] > 0)
        or (isinstance(f, wm.RedFlag) and f["rule"] == rule_id
            and target in (f["id"], RED_FLAGS[f["id"]].condition))
        or (isinstance(f, wm.Pattern) and f["id"] == target)
        for f in facts)


def check_agrees_with_engine(presentation, target):
    presentation = parse_presentation(presentation)
    inference = expert.infer(presentation)
    why = explain_why_not(inference, target)
    fired = {f.rule for f in inference.firings}
    for rule in why.rules:
        if rule.status == "fired":
            assert rule.rule in fired and rule.steps
            continue
        assert rule.rule not in fired
        if rule.status == "blocked":
            assert any(c.status == "fails" for c in rule.checks) or rule.note
            continue
        # needs_unknown: blocked only by unknown findings, and the completion
        # gives only unknown findings; given, the rule fires and concludes.
        assert all(c.status in ("holds", "unknown") for c in rule.checks)
        assert all(f not in presentation.findings for f in rule.completion.findings)
        after = expert.infer(rule.completion.apply(presentation))
        assert concluded_by(after, rule.rule, target), (rule.rule, rule.completion)
        again = explain_why_not(after, target)
        assert next(r for r in again.rules if r.rule == rule.rule).status == "fired"
    return why


def test_sciatica_names_exactly_the_missing_red_flag_findings():
    why = check_agrees_with_engine(SCIATICA, "cauda_equina_syndrome")
    missing = {f.id for f in why.missing_findings}
    assert RED_FLAG_FINDINGS <= missing
    assert all(f.given is None for f in why.missing_findings)
    assert not missing & set(SCIATICA["findings"])
    assert not why.concluded and why.summary.startswith("Not concluded")
    text = render_why_not_text(why)
    for label in ("Saddle numbness", "New bladder dysfunction", "New loss of bowel control"):
        assert label in text.split("\n")[3]  # the summary line of unknown findings


def test_a_finding_given_as_absent_blocks_its_rule():
    why = check_agrees_with_engine({"findings": {**SCIATICA["findings"], "saddle_numbness": False}},
                                   "cauda_equina_syndrome")
    saddle = next(r for r in why.rules if r.rule == "rf.cauda_equina.saddle_numbness")
    assert saddle.status == "blocked" and saddle.completion is None
    assert saddle.checks[0].status == "fails" and "is absent" in saddle.checks[0].reason
    assert "saddle_numbness" in {f.id for f in why.blocking_findings}
    assert "saddle_numbness" not in {f.id for f in why.missing_findings}


def test_a_pattern_a_rule_needs_is_explained_in_turn():
    why = explain_why_not(expert.infer(SCIATICA), "cauda_equina_syndrome")
    needs_pattern = [c for r in why.rules for c in r.checks if c.explained] + \
        [p for r in why.rules for c in r.checks for p in c.parts if p.explained]
    assert needs_pattern
    for check in needs_pattern:
        sub = why.related[check.explained]
        assert sub.kind in ("pattern", "red_flag") and not sub.concluded and sub.rules
    assert set(why.rule_refs) >= {r.rule for w in [why, *why.related.values()] for r in w.rules}


def test_a_concluded_condition_that_ranks_low_says_so_and_shows_what_counts_against():
    case = find_case("rf-cauda-equina-01")
    inference = expert.infer(case.presentation)
    assessment = expert.assess(case.presentation)
    second = assessment.differential[1]
    why = explain_why_not(inference, second.condition)
    assert why.concluded and why.rank == 2 and "ranked 2 of" in why.summary
    assert {o.rule for o in why.opposing} == {c.rule for c in second.contributions if c.cf < 0}
    assert {r.rule for r in why.rules_with("fired")} == {c.rule for c in second.contributions if c.cf > 0}


def test_red_flags_and_patterns_can_be_asked_about_too():
    inference = expert.infer(SCIATICA)
    flag = explain_why_not(inference, "suspected_cauda_equina")
    assert flag.kind == "red_flag" and not flag.concluded and flag.rules_with("needs_unknown")
    pattern = explain_why_not(inference, "radicular_pain")
    assert pattern.kind == "pattern" and pattern.concluded and pattern.rules_with("fired")


def test_an_unknown_id_gets_a_did_you_mean():
    with pytest.raises(UnknownTarget, match="did you mean 'cauda_equina_syndrome'") as raised:
        explain_why_not(expert.infer(SCIATICA), "cauda_equina")
    assert isinstance(raised.value, ValueError)


def test_the_presentation_is_recovered_from_the_inference():
    p = parse_presentation({"age": 70, "sex": "female", "findings": {"smoker": True, "diabetes": False}})
    assert presentation_of(expert.infer(p)) == p.model_copy(update={"id": None})


@pytest.mark.parametrize("case_id", ["rf-stroke-01", "neuro-sciatica-01", "mech-meniscus-01", "circ-pad-01"])
def test_why_not_agrees_with_the_engine_for_the_emergency_conditions(case_id):
    presentation = find_case(case_id).presentation
    for condition, vocab in CONDITIONS.items():
        if vocab.urgency == "emergency":
            check_agrees_with_engine(presentation, condition)


@settings(max_examples=25)
@given(presentations, st.sampled_from(sorted(CONDITIONS)))
def test_why_not_agrees_with_the_engine_for_any_presentation(data, condition):
    why = check_agrees_with_engine(data, condition)
    rules = default_knowledge_base().by_id
    assert all(r.rule in rules for r in why.rules)


def test_a_clause_whose_parts_cannot_hold_together_fails_with_that_reason():
    contradictory = dsl.rule(
        id="test.why_not.contradictory", title="Swelling both ways", rationale="Cannot hold.",
        cites=LEGS_GIVING_OUT.quote("Any sudden, severe onset of weakness"),
        when=[dsl.present("knee_pain"), dsl.all_of(dsl.present("knee_swelling"), dsl.absent("knee_swelling"))],
        then=[dsl.supports("meniscal_tear", 0.5)])
    kb = KnowledgeBase((contradictory,), documents=DOCUMENTS)
    why = explain_why_not(kb.engine().infer(parse_presentation({"findings": {"knee_pain": True}})), "meniscal_tear")
    (checked,) = why.rules
    assert checked.status == "blocked" and checked.completion is None
    both = checked.checks[1]
    assert [part.status for part in both.parts] == ["unknown", "unknown"]
    assert both.status == "fails" and both.reason == "they cannot all hold together"
    assert "x all of (knee_swelling is present; knee_swelling is absent): they cannot all hold together" \
        in render_why_not_text(why)
