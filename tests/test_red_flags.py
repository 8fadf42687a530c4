"""Red flags: each one recognised, near misses not, and always emergency."""
import pytest

import expert
import rules
from tests.rule_helpers import NOTHING_KNOWN, red_flag_rules

RED_FLAG_CASES = [
    ("suspected_stroke_or_tia", {"facial_droop": True}),
    ("suspected_stroke_or_tia", {"onset_sudden": True, "one_sided": True, "constant_weakness": True}),
    ("suspected_stroke_or_tia", {"arm_weakness_same_side": True, "one_sided": True}),
    ("suspected_stroke_or_tia", {"slurred_speech": True, "onset_sudden": True}),
    ("suspected_stroke_or_tia", {"confusion": True, "one_sided": True}),
    ("suspected_stroke_or_tia", {"onset_sudden": True, "one_sided": True, "symptoms_now_resolved": True}),
    ("suspected_cauda_equina", {"saddle_numbness": True}),
    ("suspected_cauda_equina", {"bladder_dysfunction": True, "low_back_pain": True}),
    ("suspected_cauda_equina", {"bowel_dysfunction": True, "both_legs": True}),
    ("suspected_guillain_barre", {"ascending_weakness": True, "rapidly_progressive": True}),
    ("suspected_acute_limb_ischemia", {"cold_pale_leg": True}),
    ("suspected_acute_limb_ischemia", {"sudden_severe_leg_pain": True}),
    ("rapid_bilateral_weakness", {"rapidly_progressive": True, "both_legs": True}),
]


@pytest.mark.parametrize("red_flag,findings", RED_FLAG_CASES)
def test_red_flag_is_recognised_and_triaged_emergency(red_flag, findings):
    assessment = expert.assess({"findings": findings})
    assert assessment.triage.level == "emergency"
    assert red_flag in assessment.triage.because
    flags = {f.id: f for f in assessment.red_flags}
    assert set(flags[red_flag].findings) <= set(findings)
    assert any(r.id == "call_emergency_services" for r in assessment.recommendations)


NEAR_MISSES = [
    {"facial_droop": False, "slurred_speech": False, "one_sided": True},
    {"onset_sudden": True, "one_sided": True},  # sudden one-sided buckling alone is not a stroke sign
    {"saddle_numbness": False, "bladder_dysfunction": False, "bowel_dysfunction": False, "low_back_pain": True},
    {"ascending_weakness": True, "onset_gradual": True, "rapidly_progressive": False},
    {"cold_pale_leg": False, "sudden_severe_leg_pain": False, "exertional_leg_pain": True},
    {"rapidly_progressive": False, "both_legs": True},
    {"confusion": True},  # confusion alone is not a one-sided deficit
]


@pytest.mark.parametrize("findings", NEAR_MISSES)
def test_near_misses_raise_no_red_flag(findings):
    assessment = expert.assess({"findings": findings})
    assert assessment.red_flags == []
    assert assessment.triage.level != "emergency"


def test_rapid_progression_without_a_red_flag_is_urgent():
    assessment = expert.assess({"findings": {"rapidly_progressive": True, "one_sided": True}})
    assert assessment.triage.level == "urgent"
    assert "triage.rapid_progression" in assessment.triage.because


def test_every_red_flag_rule_reads_only_findings_given_as_present():
    """So that adding findings can never remove a red flag (monotonic safety)."""
    def positive(condition):
        # Reads only findings, and only answers "present" can make it hold.
        return all(kind == "finding" for kind, _ in condition.reads()) and not any(
            leaf.negated for leaf in condition.leaves()) and all(
            value is True for way in condition.completions(NOTHING_KNOWN) for _, _, value in way)

    flag_rules = red_flag_rules(rules.knowledge_base())
    assert flag_rules
    for defined in flag_rules:
        assert all(positive(c) for c in defined.when), defined.id


def test_every_red_flag_names_a_contract_condition_it_supports():
    assessment = expert.assess({"findings": {"saddle_numbness": True}})
    assert assessment.differential[0].condition == "cauda_equina_syndrome"
