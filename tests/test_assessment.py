"""The assessment says what it does not know: the red-flag questions unanswered."""
from hypothesis import HealthCheck, given, settings

import expert
from tests.strategies import presentations


def test_an_empty_presentation_lists_every_standalone_red_flag_finding():
    unknown = expert.assess({}).unanswered_red_flag_findings
    assert {"saddle_numbness", "bladder_dysfunction", "facial_droop", "cold_pale_leg"} <= set(unknown)
    assert "both_legs" not in unknown  # needs another finding too


def test_answered_findings_and_raised_red_flags_are_not_listed():
    unknown = expert.assess({"findings": {"saddle_numbness": True, "facial_droop": False}}).unanswered_red_flag_findings
    assert "saddle_numbness" not in unknown and "facial_droop" not in unknown
    assert "bladder_dysfunction" not in unknown  # cauda equina is already flagged
    assert "cold_pale_leg" in unknown


def test_a_finding_that_completes_a_red_flag_with_what_is_known_is_listed():
    unknown = expert.assess({"findings": {"one_sided": True, "onset_sudden": True}}).unanswered_red_flag_findings
    assert "constant_weakness" in unknown


def test_every_listed_finding_really_raises_a_red_flag_when_present():
    findings = {"low_back_pain": True, "one_sided": True}
    for finding in expert.assess({"findings": findings}).unanswered_red_flag_findings:
        assert expert.assess({"findings": {**findings, finding: True}}).red_flags, finding


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(presentations)
def test_any_listed_finding_raises_a_new_red_flag_on_the_engine(data):
    """What the rules' own meaning says is one answer away, the engine confirms."""
    assessment = expert.assess(data)
    before = {flag.id for flag in assessment.red_flags}
    for finding in assessment.unanswered_red_flag_findings:
        after = expert.assess({**data, "findings": {**data.get("findings", {}), finding: True}})
        assert {flag.id for flag in after.red_flags} - before, finding
