"""Psychological rules: the anxiety response is recognised from fight-or-flight
arousal and hyperventilation, but only when nothing more dangerous explains
the picture; absent hallmarks count against it, unknown findings never do;
slow breathing only when it is supported and no red flag is present."""
import pytest
from hypothesis import given

import expert
from tests.strategies import presentations

PANIC = {"anxiety_or_panic": True, "palpitations": True, "rapid_breathing": True,
         "tingling_lips_or_fingers": True, "lightheadedness": True, "heaviness": True,
         "resolves_when_calm": True}


def assess(findings, **person):
    return expert.assess({"findings": findings, **person})


def certainty(assessment, condition="anxiety_response"):
    return next((e.certainty for e in assessment.differential if e.condition == condition), 0.0)


def patterns(assessment):
    return {p.id for p in assessment.patterns}


def actions(assessment):
    return {r.id for r in assessment.recommendations}


def test_a_classic_panic_attack_is_the_anxiety_response_at_self_care():
    assessment = assess({**PANIC, "both_legs": True}, age=25)
    assert assessment.leading_condition == "anxiety_response"
    assert certainty(assessment) >= 0.7
    assert {"sympathetic_arousal", "hyperventilation"} <= patterns(assessment)
    assert assessment.triage.level == "self_care"
    assert "slow_breathing" in actions(assessment)
    assert "safety_net_emergency_signs" in actions(assessment)


@pytest.mark.parametrize("findings", [
    {"anxiety_or_panic": True, "palpitations": True, "resolves_when_calm": True},
    {"rapid_breathing": True, "tingling_lips_or_fingers": True, "resolves_when_calm": True},
    {"anxiety_or_panic": True, "tingling_lips_or_fingers": True, "lightheadedness": True, "heaviness": True},
])
def test_different_codings_of_the_same_panic_story_each_reach_support(findings):
    assessment = assess(findings)
    assert assessment.leading_condition == "anxiety_response"
    assert certainty(assessment) >= 0.5


def test_hyperventilation_is_recognised_without_the_word_panic():
    assessment = assess({"rapid_breathing": True, "lightheadedness": True})
    assert "hyperventilation" in patterns(assessment)
    assert "sympathetic_arousal" not in patterns(assessment)


# -- Only when nothing more dangerous explains the picture ------------------------------

@pytest.mark.parametrize("danger,leading", [
    ({"saddle_numbness": True, "bladder_dysfunction": True, "low_back_pain": True}, "cauda_equina_syndrome"),
    ({"facial_droop": True, "onset_sudden": True, "one_sided": True, "constant_weakness": True}, "stroke_or_tia"),
    ({"ascending_weakness": True, "rapidly_progressive": True, "recent_infection": True}, "guillain_barre_syndrome"),
    ({"cold_pale_leg": True, "sudden_severe_leg_pain": True}, "acute_limb_ischemia"),
])
def test_panic_symptoms_never_hide_a_red_flag(danger, leading):
    assessment = assess({**PANIC, **danger})
    assert assessment.triage.level == "emergency"
    assert assessment.leading_condition == leading
    assert certainty(assessment) < 0.5
    assert "slow_breathing" not in actions(assessment)
    entry = next((e for e in assessment.differential if e.condition == "anxiety_response"), None)
    assert entry is None or any(c.rule == "psych.anxiety.against.red_flag" for c in entry.contributions)


@pytest.mark.parametrize("other_cause", [
    {"brisk_reflexes": True, "leg_stiffness_spasticity": True},
    {"gives_way_on_pivoting": True, "recent_knee_injury": True},
    {"knee_locking": True},
    {"shaky_sweaty_hungry": True, "missed_meal_or_fasting": True, "glucose_lowering_medication": True},
    {"exertional_leg_pain": True, "relief_on_rest": True},
    {"leg_pain_radiating_below_knee": True, "low_back_pain": True, "leg_numbness_tingling": True},
    {"constant_weakness": True},
    {"one_sided": True},
])
def test_a_structural_neurological_vascular_or_metabolic_picture_counts_against_anxiety(other_cause):
    alone = {"anxiety_or_panic": True, "palpitations": True, "heaviness": True}
    assert certainty(assess({**alone, **other_cause})) < certainty(assess(alone))


def test_panic_symptoms_on_insulin_after_a_missed_meal_are_not_left_as_anxiety():
    assessment = assess({"anxiety_or_panic": True, "palpitations": True, "shaky_sweaty_hungry": True,
                         "missed_meal_or_fasting": True, "glucose_lowering_medication": True})
    assert assessment.leading_condition != "anxiety_response"
    assert assessment.triage.level != "self_care"


# -- Absent counts against, unknown never does ------------------------------------------

def test_not_settling_when_calm_counts_against_but_unknown_does_not():
    base = {"anxiety_or_panic": True, "palpitations": True, "heaviness": True}
    unknown, absent = assess(base), assess({**base, "resolves_when_calm": False})
    assert 0 < certainty(absent) < certainty(unknown)
    entry = next(e for e in absent.differential if e.condition == "anxiety_response")
    assert "resolves_when_calm" in entry.against
    assert "resolves_when_calm" not in next(e for e in unknown.differential
                                            if e.condition == "anxiety_response").against


@given(presentations)
def test_forgetting_an_absent_finding_never_lowers_the_anxiety_response(data):
    assessment = expert.assess(data)
    for finding in [f for f, value in data["findings"].items() if value is False][:3]:
        forgotten = {k: v for k, v in data["findings"].items() if k != finding}
        assert certainty(expert.assess({**data, "findings": forgotten})) >= certainty(assessment), finding


# -- Safety -------------------------------------------------------------------------------

@given(presentations)
def test_the_anxiety_response_never_sets_more_than_self_care_and_never_beside_a_red_flag(data):
    assessment = expert.assess(data)
    if "anxiety_response" in assessment.triage.because:
        assert assessment.triage.level == "self_care"
    if assessment.red_flags:
        assert certainty(assessment) < 0.5
        assert "slow_breathing" not in actions(assessment)
