"""Invariants over generated presentations (hypothesis)."""
import json

from hypothesis import given, strategies as st

import expert
import rules
from expert.trace import Provenance
from facts.vocabulary import TRIAGE_LEVELS
from expert.dsl import AllOf
from tests.rule_helpers import facts_satisfying, minimal_findings, raised_red_flags, red_flag_rules
from tests.strategies import presentations

RED_FLAG_RULES = red_flag_rules(rules.knowledge_base())
KNOWLEDGE_RULES = {defined.id: defined for defined in rules.knowledge_base()}


@given(presentations, st.sampled_from(RED_FLAG_RULES))
def test_a_red_flag_pattern_is_emergency_whatever_else_is_present(data, flag_rule):
    findings = {**data["findings"], **minimal_findings(flag_rule.when)}
    assessment = expert.assess({**data, "findings": findings})
    assert assessment.triage.level == "emergency"
    assert raised_red_flags(flag_rule) <= {f.id for f in assessment.red_flags}


@given(presentations)
def test_every_valid_presentation_is_assessed_sanely(data):
    assessment = expert.assess(data)
    assert assessment.triage.level in TRIAGE_LEVELS
    assert assessment.triage.because
    if assessment.red_flags:
        assert assessment.triage.level == "emergency"
    for entry in assessment.differential:
        assert 0 < entry.certainty <= 1
    certainties = [e.certainty for e in assessment.differential]
    assert certainties == sorted(certainties, reverse=True)
    assert assessment.recommendations
    assert assessment.disclaimer


@given(presentations, st.randoms())
def test_same_input_same_output_byte_for_byte(data, random):
    shuffled = list(data["findings"].items())
    random.shuffle(shuffled)
    again = {**data, "findings": dict(shuffled)}
    assert expert.assess(data).to_json() == expert.assess(json.loads(json.dumps(again))).to_json()


@given(presentations)
def test_every_derived_fact_traces_back_to_the_input(data):
    inference = expert.infer(data)
    provenance = Provenance(inference)
    inputs = set(inference.inputs)
    for fact_id in inference.final:
        if fact_id in inputs:
            continue
        assert fact_id in provenance.asserted_by
        roots = provenance.input_facts(fact_id)
        assert roots and roots <= inputs, inference.facts[fact_id]


@given(presentations)
def test_every_red_flag_and_supporting_list_names_findings_given_as_present(data):
    assessment = expert.assess(data)
    present = {f for f, value in assessment.presentation.findings.items() if value}
    for flag in assessment.red_flags:
        assert flag.findings and set(flag.findings) <= present
    for entry in assessment.differential:
        assert set(entry.supporting) <= set(assessment.presentation.findings)


RED_FLAG_FINDINGS = sorted({f for r in RED_FLAG_RULES for f in minimal_findings(r.when)}
                           | {f for r in RED_FLAG_RULES for f in r.finding_ids()})


@given(presentations, st.sampled_from(RED_FLAG_FINDINGS))
def test_marking_a_red_flag_finding_absent_never_raises_urgency(data, finding):
    from facts.vocabulary import urgency_rank

    before = expert.assess(data).triage.level
    after = expert.assess({**data, "findings": {**data["findings"], finding: False}}).triage.level
    assert urgency_rank(after) <= urgency_rank(before)


@given(presentations)
def test_every_condition_in_the_differential_rests_on_a_finding_given_as_present(data):
    assessment = expert.assess(data)
    present = {f for f, value in assessment.presentation.findings.items() if value}
    for entry in assessment.differential:
        supporting = [c for c in entry.contributions if c.cf > 0]
        assert any(set(c.findings) & present for c in supporting), entry.condition


@given(presentations)
def test_a_rule_fires_once_per_binding_having_matched_every_fact_that_satisfies_it(data):
    inference = expert.infer(data)
    arguments = [(f.rule, repr(sorted(f.bindings.items()))) for f in inference.firings]
    repeated = sorted({a for a in arguments if arguments.count(a) > 1})
    assert not repeated, f"fired more than once with the same bindings: {repeated}"
    # Nothing is retracted, so working memory when a rule fired is the input
    # and whatever earlier firings asserted.
    memory = {i: inference.facts[i] for i in inference.inputs}
    for firing in inference.firings:
        defined = KNOWLEDGE_RULES.get(firing.rule)
        if defined is not None:
            assert set(firing.matched) == facts_satisfying(AllOf(defined.when), memory), firing
        assert not firing.retracted
        memory.update((i, inference.facts[i]) for i in firing.asserted)
