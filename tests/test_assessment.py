"""The assessment says what it does not know: the red-flag questions unanswered."""
from hypothesis import HealthCheck, given, settings

import expert
from expert.assessment import FactRecord, TraceStep, trusted
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


def test_trusted_builds_what_model_construct_builds():
    # build_assessment's shortcut for trace steps and fact records must stay
    # pydantic's model_construct, field for field (and the same fields set).
    record_fields = {"ref": "f-1", "type": "Finding", "data": {"id": "x", "present": True}}
    step_fields = {"step": 1, "rule": "r", "matched": [], "bindings": {"a": 1},
                   "asserted": [], "retracted": [], "reaffirmed": []}
    for model, fields in ((FactRecord, record_fields), (TraceStep, step_fields)):
        assert list(fields) == list(model.model_fields)
        built, constructed = trusted(model, dict(fields)), model.model_construct(**fields)
        assert built == constructed
        assert built.model_fields_set == constructed.model_fields_set
        assert built.model_dump_json() == constructed.model_dump_json() == model(**fields).model_dump_json()
        assert not model.__pydantic_post_init__ and not model.__private_attributes__
