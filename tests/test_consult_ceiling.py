"""The triage ceiling: a sound bound on what answers still to come could do."""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import expert
from expert.consult.ceiling import askable_findings, triage_ceiling
from expert.rule_index import rule_reads
from facts.presentation import parse_presentation
from facts.vocabulary import urgency_rank
from tests.strategies import presentations

READ = sorted(rule_reads().any)


def ceiling_of(data, closed=()):
    presentation = parse_presentation(data)
    inference = expert.infer(presentation)
    return presentation, triage_ceiling(presentation, inference, askable_findings(presentation, closed))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(presentations, st.data())
def test_no_answers_raise_the_triage_above_the_ceiling_nor_without_a_raiser(data, draw):
    presentation = parse_presentation(data)
    unknown = [f for f in READ if f not in presentation.findings]
    closed = draw.draw(st.sets(st.sampled_from(unknown))) if unknown else set()
    presentation, ceiling = ceiling_of(data, closed)
    askable = sorted(askable_findings(presentation, closed))
    answers = draw.draw(st.dictionaries(st.sampled_from(askable), st.booleans(), max_size=12)) if askable else {}
    after = expert.assess(presentation.with_findings(**answers)).triage.level
    assert urgency_rank(after) <= urgency_rank(ceiling.level)
    # Answers to findings that are not raisers never raise the triage.
    others = {f: v for f, v in answers.items() if f not in ceiling.raisers}
    after_others = expert.assess(presentation.with_findings(**others)).triage.level
    assert urgency_rank(after_others) <= urgency_rank(ceiling.current)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(presentations)
def test_every_finding_that_raises_the_triage_alone_is_a_raiser(data):
    presentation, ceiling = ceiling_of(data)
    for finding in askable_findings(presentation):
        for value in (True, False):
            after = expert.assess(presentation.with_findings(**{finding: value})).triage.level
            if urgency_rank(after) > urgency_rank(ceiling.current):
                assert urgency_rank(ceiling.raisers[finding]) >= urgency_rank(after), (finding, value)


def test_a_red_flag_two_findings_away_makes_both_raisers_until_one_is_closed():
    # rf.stroke.sudden_one_sided_weakness: sudden onset, one side, constant weakness.
    presentation, ceiling = ceiling_of({"age": 70, "findings": {"onset_sudden": True}})
    assert ceiling.current != "emergency" and ceiling.level == "emergency"
    assert ceiling.raisers["one_sided"] == "emergency"
    # Once everything that could raise it is closed, nothing can.
    closed = set(ceiling.raisers)
    assert ceiling_of({"age": 70, "findings": {"onset_sudden": True}}, closed)[1].raisers == {}


def test_an_emergency_has_no_ceiling_above_it():
    presentation, ceiling = ceiling_of({"findings": {"saddle_numbness": True}})
    assert ceiling.current == ceiling.level == "emergency" and not ceiling.can_rise


def test_closing_a_finding_is_the_same_as_starting_without_it():
    data = {"age": 55, "findings": {"one_sided": True, "low_back_pain": True}}
    presentation, ceiling = ceiling_of(data)
    for finding in sorted(ceiling.raisers)[:5]:
        assert ceiling.without(finding).raisers == ceiling_of(data, {finding})[1].raisers
