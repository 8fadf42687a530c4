"""Circulatory rules: claudication told from its neurogenic twin, venous congestion
from tired muscles and from a medicine, acute ischaemia from the claudication
behind it; absent hallmarks count against, unknown findings never do; next
steps follow a supported condition; only acute ischaemia is an emergency."""
import pytest
from hypothesis import given

import expert
from expert.dsl import Weigh
from facts.vocabulary import CONDITIONS
from rules import circulatory
from tests.strategies import presentations

CIRCULATORY = sorted(c for c, v in CONDITIONS.items() if v.category == "circulatory" and not v.beyond_sources)

CLASSIC_PAD = {"exertional_leg_pain": True, "relief_on_rest": True, "smoker": True,
               "weak_or_absent_foot_pulses": True}
CLASSIC_CVI = {"heaviness": True, "worse_end_of_day": True, "better_with_elevation": True,
               "varicose_veins": True, "leg_swelling": True}
CLASSIC_ALI = {"cold_pale_leg": True, "sudden_severe_leg_pain": True, "onset_sudden": True,
               "weak_or_absent_foot_pulses": True, "one_sided": True}


def assess(findings, **person):
    return expert.assess({"findings": findings, **person})


def certainty(assessment, condition):
    return next((e.certainty for e in assessment.differential if e.condition == condition), 0.0)


def patterns(assessment):
    return {p.id for p in assessment.patterns}


def actions_for(assessment, condition):
    return {r.id for r in assessment.recommendations if condition in r.serves}


# -- Classic pictures lead, with their patterns ------------------------------------

@pytest.mark.parametrize("condition,findings,pattern,level", [
    ("peripheral_artery_disease", CLASSIC_PAD, "vascular_claudication", "routine"),
    ("chronic_venous_insufficiency", CLASSIC_CVI, "venous_congestion", "routine"),
    ("acute_limb_ischemia", CLASSIC_ALI, "limb_ischemia_signs", "emergency"),
])
def test_a_classic_picture_leads_confidently_through_its_pattern(condition, findings, pattern, level):
    assessment = assess(findings)
    assert assessment.leading_condition == condition
    assert assessment.differential[0].certainty >= 0.7
    assert pattern in patterns(assessment)
    assert assessment.triage.level == level


def test_every_circulatory_condition_is_covered_by_a_classic_picture():
    covered = {assess(f).leading_condition for f in (CLASSIC_PAD, CLASSIC_CVI, CLASSIC_ALI)}
    assert covered == set(CIRCULATORY)


def test_symptoms_on_walking_eased_by_standing_still_is_vascular_claudication():
    assessment = assess({"symptoms_on_standing_or_walking": True, "relief_on_rest": True})
    assert "vascular_claudication" in patterns(assessment)
    assert assessment.leading_condition == "peripheral_artery_disease"


def test_the_walking_route_to_vascular_claudication_needs_no_sitting_relief():
    assessment = assess({"symptoms_on_standing_or_walking": True, "relief_on_rest": True,
                         "relief_on_sitting_or_bending_forward": True})
    assert "vascular_claudication" not in patterns(assessment)


# -- Vascular versus neurogenic claudication ------------------------------------------

def test_relief_only_on_sitting_or_leaning_forward_points_away_from_pad():
    vascular = assess({"exertional_leg_pain": True, "relief_on_rest": True})
    neurogenic = assess({"exertional_leg_pain": True, "relief_on_sitting_or_bending_forward": True,
                         "low_back_pain": True})
    assert certainty(neurogenic, "peripheral_artery_disease") < 0.2 < 0.7 <= certainty(
        vascular, "peripheral_artery_disease")
    assert neurogenic.leading_condition != "peripheral_artery_disease"


def test_the_near_miss_of_exertional_pain_not_eased_by_rest_is_not_pad():
    assessment = assess({"exertional_leg_pain": True, "relief_on_rest": False,
                         "relief_on_sitting_or_bending_forward": True, "low_back_pain": True,
                         "weak_or_absent_foot_pulses": False, "both_legs": True})
    assert certainty(assessment, "peripheral_artery_disease") == 0.0
    assert assessment.triage.level != "emergency"


@pytest.mark.parametrize("other_cause,leading", [
    ({"recent_overexertion": True, "muscle_aches": True}, "muscle_fatigue"),
    ({"pallor": True, "breathless_on_exertion": True, "heavy_blood_loss": True}, "anemia"),
    ({"foot_numbness_tingling_both": True, "burning_foot_pain": True, "onset_gradual": True},
     "peripheral_neuropathy"),
])
def test_exertional_heaviness_with_another_cause_is_not_left_to_pad(other_cause, leading):
    claudication = {"exertional_leg_pain": True, "heaviness": True, "both_legs": True}
    alone = assess(claudication)
    assessment = assess({**claudication, **other_cause})
    assert certainty(assessment, "peripheral_artery_disease") < certainty(alone, "peripheral_artery_disease")
    assert assessment.leading_condition == leading


def test_pain_after_a_one_off_workout_is_not_vascular_claudication():
    assessment = assess({"exertional_leg_pain": True, "relief_on_rest": True, "recent_overexertion": True})
    assert "vascular_claudication" not in patterns(assessment)
    assert certainty(assessment, "peripheral_artery_disease") < 0.5


# -- Absent counts against, unknown never does ------------------------------------------

@pytest.mark.parametrize("condition,base,finding", [
    ("peripheral_artery_disease", {"exertional_leg_pain": True, "smoker": True}, "relief_on_rest"),
    ("peripheral_artery_disease", CLASSIC_PAD | {"weak_or_absent_foot_pulses": None}, "weak_or_absent_foot_pulses"),
    ("peripheral_artery_disease", {"weak_or_absent_foot_pulses": True, "diabetes": True}, "exertional_leg_pain"),
    ("chronic_venous_insufficiency", {"heaviness": True, "varicose_veins": True, "leg_swelling": True},
     "better_with_elevation"),
    ("chronic_venous_insufficiency", {"heaviness": True, "better_with_elevation": True, "leg_swelling": True},
     "varicose_veins"),
    ("chronic_venous_insufficiency", {"heaviness": True, "varicose_veins": True}, "worse_end_of_day"),
    ("acute_limb_ischemia", {"sudden_severe_leg_pain": True, "one_sided": True}, "weak_or_absent_foot_pulses"),
])
def test_a_hallmark_given_as_absent_counts_against_but_unknown_does_not(condition, base, finding):
    base = {k: v for k, v in base.items() if v is not None}
    assert finding not in base
    unknown = certainty(assess(base), condition)
    against = assess({**base, finding: False})
    assert unknown > 0
    assert certainty(against, condition) < unknown
    entry = next((e for e in against.differential if e.condition == condition), None)
    assert entry is None or finding in entry.against


@given(presentations)
def test_forgetting_an_absent_finding_never_lowers_a_circulatory_condition(data):
    """Absent counts against; once unknown, the same finding must not count at all."""
    assessment = expert.assess(data)
    for finding in [f for f, value in data["findings"].items() if value is False][:3]:
        forgotten = {k: v for k, v in data["findings"].items() if k != finding}
        again = expert.assess({**data, "findings": forgotten})
        for condition in CIRCULATORY:
            assert certainty(again, condition) >= certainty(assessment, condition), (condition, finding)


# -- Venous congestion versus tired muscles and a medicine ---------------------------------

def test_venous_congestion_needs_a_venous_course_not_only_heaviness():
    assessment = assess({"heaviness": True, "prolonged_standing": True})
    assert "venous_congestion" not in patterns(assessment)
    assert certainty(assessment, "chronic_venous_insufficiency") == 0.0


def test_heaviness_by_evening_alone_supports_cvi_only_weakly():
    assessment = assess({"heaviness": True, "worse_end_of_day": True})
    assert "venous_congestion" not in patterns(assessment)
    assert 0 < certainty(assessment, "chronic_venous_insufficiency") < 0.5


@pytest.mark.parametrize("course", [{}, {"worse_end_of_day": True}])
def test_cvi_does_not_outrank_a_calcium_channel_blocker_without_varicose_veins(course):
    assessment = assess({"takes_calcium_channel_blocker": True, "hypertension": True, "leg_swelling": True,
                         "heaviness": True, "varicose_veins": False, **course})
    assert certainty(assessment, "chronic_venous_insufficiency") < certainty(assessment, "medication_side_effect")


def test_varicose_veins_with_the_venous_course_keep_cvi_ahead_of_the_medicine():
    assessment = assess({**CLASSIC_CVI, "takes_calcium_channel_blocker": True})
    assert assessment.leading_condition == "chronic_venous_insufficiency"


def test_swelling_that_persists_on_elevation_counts_against_cvi():
    base = {"leg_swelling": True, "heaviness": True, "varicose_veins": True}
    assert certainty(assess({**base, "swelling_not_eased_by_rest_or_elevation": True}),
                     "chronic_venous_insufficiency") < certainty(assess(base), "chronic_venous_insufficiency")


# -- Acute limb ischaemia -----------------------------------------------------------------

@pytest.mark.parametrize("findings", [
    {"cold_pale_leg": True},
    {"sudden_severe_leg_pain": True, "weak_or_absent_foot_pulses": True},
    {"onset_sudden": True, "leg_numbness_tingling": True, "weak_or_absent_foot_pulses": True},
])
def test_signs_of_acute_loss_of_flow_are_an_emergency_led_by_limb_ischaemia(findings):
    assessment = assess(findings)
    assert assessment.triage.level == "emergency"
    assert assessment.leading_condition == "acute_limb_ischemia"
    assert {"call_emergency_services", "emergency_vascular_assessment"} <= actions_for(
        assessment, "acute_limb_ischemia")


@pytest.mark.parametrize("extra", [{}, {"onset_sudden": True, "one_sided": True}])
def test_acute_ischaemia_outranks_the_claudication_it_grew_from(extra):
    assessment = assess({"sudden_severe_leg_pain": True, "weak_or_absent_foot_pulses": True,
                         "exertional_leg_pain": True, "relief_on_rest": True, "smoker": True,
                         "high_cholesterol": True, **extra})
    assert assessment.leading_condition == "acute_limb_ischemia"
    assert "walking_programme_stop_smoking" not in {r.id for r in assessment.recommendations}


def test_sudden_shooting_pain_on_a_warm_leg_counts_against_limb_ischaemia():
    base = {"sudden_severe_leg_pain": True}
    radicular = assess({**base, "leg_pain_radiating_below_knee": True})
    assert certainty(radicular, "acute_limb_ischemia") < certainty(assess(base), "acute_limb_ischemia")
    assert radicular.triage.level == "emergency"  # the red flag itself stands


def test_weak_pulses_and_numbness_without_sudden_onset_are_not_an_emergency():
    assessment = assess({"weak_or_absent_foot_pulses": True, "leg_numbness_tingling": True,
                         "exertional_leg_pain": True, "relief_on_rest": True, "smoker": True})
    assert "limb_ischemia_signs" not in patterns(assessment)
    assert assessment.triage.level != "emergency"
    assert certainty(assessment, "acute_limb_ischemia") == 0.0


# -- Next steps -------------------------------------------------------------------------

def test_pad_earns_pulses_doppler_walking_and_a_diabetes_test():
    assessment = assess(CLASSIC_PAD)
    assert {"physical_examination", "ankle_brachial_pressure", "doppler_ultrasound",
            "walking_programme_stop_smoking", "blood_hba1c"} <= actions_for(assessment, "peripheral_artery_disease")
    known_diabetic = assess({**CLASSIC_PAD, "diabetes": True})
    assert "blood_hba1c" not in actions_for(known_diabetic, "peripheral_artery_disease")


def test_cvi_earns_elevation_compression_and_doppler():
    assert {"leg_elevation_compression", "doppler_ultrasound", "physical_examination"} <= actions_for(
        assess(CLASSIC_CVI), "chronic_venous_insufficiency")


def test_a_weakly_supported_condition_earns_no_next_steps():
    assessment = assess({"heaviness": True, "worse_end_of_day": True})
    assert not actions_for(assessment, "chronic_venous_insufficiency")


# -- Safety -------------------------------------------------------------------------------

@given(presentations)
def test_pad_and_cvi_never_set_emergency_on_their_own(data):
    assessment = expert.assess(data)
    if assessment.triage.level == "emergency":
        assert not set(assessment.triage.because) & {"peripheral_artery_disease", "chronic_venous_insufficiency"}


@given(presentations)
def test_limb_ischaemia_is_never_reasonably_supported_without_signs_of_acute_loss_of_flow(data):
    assessment = expert.assess(data)
    if certainty(assessment, "acute_limb_ischemia") >= 0.5:
        assert "limb_ischemia_signs" in patterns(assessment)
        assert assessment.triage.level == "emergency"


def test_every_supporting_circulatory_rule_rests_on_a_finding_or_pattern():
    for defined in circulatory.RULES:
        if any(isinstance(c, Weigh) and c.cf > 0 for c in defined.then):
            assert defined.finding_ids() or any(
                getattr(c, "pattern", None) for c in defined.when), defined.id
