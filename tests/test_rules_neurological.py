"""Neurological knowledge (rules/neurological.py): patterns, discrimination,
absent versus unknown findings, next steps, and no false emergencies."""
import pytest
from hypothesis import given, strategies as st

import expert
from expert.dsl import Weigh
from facts.vocabulary import CONDITIONS
from rules import neurological
from tests.rule_helpers import rests_on_something_present

NEURO_CONDITIONS = [c for c, v in CONDITIONS.items() if v.category == "neurological" and not v.beyond_sources]


def assess(**findings):
    return expert.assess({"findings": findings})


def certainty(assessment, condition):
    for entry in assessment.differential:
        if entry.condition == condition:
            return entry.certainty
    return 0.0


def patterns(assessment):
    return {p.id for p in assessment.patterns}


# -- Classic presentations, one per condition -----------------------------------

CLASSIC = {
    "lumbar_spinal_stenosis": dict(symptoms_on_standing_or_walking=True,
                                   relief_on_sitting_or_bending_forward=True, low_back_pain=True,
                                   both_legs=True),
    "lumbar_radiculopathy": dict(low_back_pain=True, leg_pain_radiating_below_knee=True,
                                 leg_numbness_tingling=True, one_sided=True),
    "peripheral_neuropathy": dict(foot_numbness_tingling_both=True, diabetes=True, onset_gradual=True,
                                  burning_foot_pain=True),
    "stroke_or_tia": dict(onset_sudden=True, one_sided=True, constant_weakness=True,
                          arm_weakness_same_side=True, hypertension=True),
    "multiple_sclerosis": dict(previous_neuro_episodes=True, vision_disturbance=True,
                               leg_stiffness_spasticity=True, balance_problems=True),
    "guillain_barre_syndrome": dict(ascending_weakness=True, rapidly_progressive=True, both_legs=True,
                                    recent_infection=True, reduced_reflexes=True),
    "cauda_equina_syndrome": dict(saddle_numbness=True, bladder_dysfunction=True, low_back_pain=True,
                                  leg_pain_radiating_below_knee=True),
}


@pytest.mark.parametrize("condition", NEURO_CONDITIONS)
def test_a_classic_presentation_leads_with_high_certainty_and_its_default_urgency(condition):
    assessment = assess(**CLASSIC[condition])
    assert assessment.leading_condition == condition
    assert assessment.differential[0].certainty >= 0.7
    assert assessment.triage.level == CONDITIONS[condition].urgency


NON_EMERGENCY = [c for c in NEURO_CONDITIONS if CONDITIONS[c].urgency != "emergency"]


@pytest.mark.parametrize("condition", NON_EMERGENCY)
def test_a_non_emergency_condition_raises_no_red_flag(condition):
    assessment = assess(**CLASSIC[condition])
    assert assessment.red_flags == []
    assert assessment.triage.level != "emergency"


# Findings of slowly evolving nerve, root and cord problems, without any red-flag
# finding and without a sudden or rapid course.
CHRONIC_NEURO_FINDINGS = sorted([
    "onset_gradual", "both_legs", "episodes_of_giving_way", "constant_weakness", "heaviness",
    "interferes_with_daily_activities", "low_back_pain", "leg_pain_radiating_below_knee",
    "leg_numbness_tingling", "foot_numbness_tingling_both", "burning_foot_pain",
    "symptoms_on_standing_or_walking", "relief_on_sitting_or_bending_forward", "exertional_leg_pain",
    "relief_on_rest", "vision_disturbance", "leg_stiffness_spasticity", "balance_problems",
    "previous_neuro_episodes", "reduced_reflexes", "brisk_reflexes", "ascending_weakness",
    "diabetes", "smoker", "hypertension", "high_cholesterol",
])


@given(st.dictionaries(st.sampled_from(CHRONIC_NEURO_FINDINGS), st.booleans(), min_size=1))
def test_no_combination_of_chronic_neurological_findings_is_an_emergency(findings):
    # slowly evolving: the gradual course is known (an unknown tempo with
    # ascending, areflexic weakness may be Guillain-Barré, and is an emergency)
    assessment = expert.assess({"findings": {**findings, "onset_gradual": True}})
    assert assessment.triage.level != "emergency", [
        (e.condition, e.certainty) for e in assessment.differential[:3]]


# -- Patterns -------------------------------------------------------------------

PATTERN_CASES = [
    ("neurogenic_claudication", dict(symptoms_on_standing_or_walking=True,
                                     relief_on_sitting_or_bending_forward=True)),
    ("neurogenic_claudication", dict(exertional_leg_pain=True, relief_on_sitting_or_bending_forward=True)),
    ("radicular_pain", dict(leg_pain_radiating_below_knee=True)),
    ("radicular_pain", dict(low_back_pain=True, leg_numbness_tingling=True, one_sided=True)),
    ("length_dependent_polyneuropathy", dict(foot_numbness_tingling_both=True)),
    ("length_dependent_polyneuropathy", dict(burning_foot_pain=True, both_legs=True)),
    ("length_dependent_polyneuropathy", dict(ascending_weakness=True, onset_gradual=True)),
    ("rapidly_ascending_paralysis", dict(ascending_weakness=True, rapidly_progressive=True)),
    ("acute_central_deficit", dict(onset_sudden=True, one_sided=True, constant_weakness=True)),
    ("acute_central_deficit", dict(onset_sudden=True, one_sided=True, leg_numbness_tingling=True)),
    ("acute_central_deficit", dict(facial_droop=True, one_sided=True)),
    ("upper_motor_neuron_pattern", dict(brisk_reflexes=True)),
    ("central_demyelination", dict(previous_neuro_episodes=True, vision_disturbance=True)),
    ("central_demyelination", dict(vision_disturbance=True, leg_stiffness_spasticity=True)),
    ("central_demyelination", dict(vision_disturbance=True, balance_problems=True, onset_gradual=True)),
    ("sphincter_disturbance", dict(bowel_dysfunction=True)),
]


@pytest.mark.parametrize("pattern,findings", PATTERN_CASES)
def test_pattern_is_recognised_and_shown_with_its_findings(pattern, findings):
    assessment = assess(**findings)
    shown = {p.id: p for p in assessment.patterns}
    assert pattern in shown
    assert set(shown[pattern].findings) <= set(findings)


PATTERN_NEAR_MISSES = [
    ("neurogenic_claudication", dict(symptoms_on_standing_or_walking=True, relief_on_rest=True)),
    ("radicular_pain", dict(low_back_pain=True, leg_numbness_tingling=True, both_legs=True)),
    ("length_dependent_polyneuropathy", dict(burning_foot_pain=True, one_sided=True)),
    ("length_dependent_polyneuropathy", dict(ascending_weakness=True, rapidly_progressive=True)),
    ("rapidly_ascending_paralysis", dict(ascending_weakness=True, onset_gradual=True)),
    ("acute_central_deficit", dict(onset_sudden=True, one_sided=True)),
    ("acute_central_deficit", dict(onset_sudden=True, one_sided=True, leg_numbness_tingling=True,
                                   low_back_pain=True)),
    ("central_demyelination", dict(vision_disturbance=True)),
    ("central_demyelination", dict(previous_neuro_episodes=True)),
    ("central_demyelination", dict(vision_disturbance=True, balance_problems=True, onset_sudden=True)),
]


@pytest.mark.parametrize("pattern,findings", PATTERN_NEAR_MISSES)
def test_pattern_near_miss_is_not_recognised(pattern, findings):
    assert pattern not in patterns(assess(**findings))


# -- Discrimination -------------------------------------------------------------

def test_neurogenic_claudication_points_to_stenosis_not_arteries():
    neurogenic = assess(exertional_leg_pain=True, symptoms_on_standing_or_walking=True,
                        relief_on_sitting_or_bending_forward=True, relief_on_rest=False,
                        low_back_pain=True, smoker=True)
    assert neurogenic.leading_condition == "lumbar_spinal_stenosis"
    assert certainty(neurogenic, "lumbar_spinal_stenosis") > certainty(neurogenic, "peripheral_artery_disease")


def test_relief_standing_still_counts_against_stenosis():
    vascular = assess(exertional_leg_pain=True, symptoms_on_standing_or_walking=True, relief_on_rest=True,
                      relief_on_sitting_or_bending_forward=False, low_back_pain=True)
    assert "neurogenic_claudication" not in patterns(vascular)
    assert certainty(vascular, "lumbar_spinal_stenosis") == 0.0
    stenosis = assess(symptoms_on_standing_or_walking=True, low_back_pain=True)
    assert certainty(stenosis, "lumbar_spinal_stenosis") > 0


def test_positional_symptoms_favour_stenosis_over_sciatica():
    assessment = assess(symptoms_on_standing_or_walking=True, relief_on_sitting_or_bending_forward=True,
                        low_back_pain=True, leg_pain_radiating_below_knee=True, leg_numbness_tingling=True)
    assert assessment.leading_condition == "lumbar_spinal_stenosis"
    sciatica = assess(low_back_pain=True, leg_pain_radiating_below_knee=True, leg_numbness_tingling=True)
    assert certainty(sciatica, "lumbar_radiculopathy") > certainty(assessment, "lumbar_radiculopathy")


def test_ascending_weakness_gradual_is_neuropathy_and_rapid_is_guillain_barre():
    gradual = assess(ascending_weakness=True, onset_gradual=True, foot_numbness_tingling_both=True,
                     reduced_reflexes=True, both_legs=True)
    assert gradual.leading_condition == "peripheral_neuropathy"
    assert gradual.triage.level == "routine"
    assert gradual.red_flags == []
    assert certainty(gradual, "guillain_barre_syndrome") == 0.0

    rapid = assess(ascending_weakness=True, rapidly_progressive=True, foot_numbness_tingling_both=True,
                   reduced_reflexes=True, both_legs=True)
    assert rapid.leading_condition == "guillain_barre_syndrome"
    assert rapid.triage.level == "emergency"
    assert certainty(rapid, "peripheral_neuropathy") < certainty(gradual, "peripheral_neuropathy")


def test_guillain_barre_leads_rapid_bilateral_weakness_after_infection_without_spinal_signs():
    assessment = assess(rapidly_progressive=True, both_legs=True, recent_infection=True,
                        reduced_reflexes=True, low_back_pain=False, saddle_numbness=False,
                        bladder_dysfunction=False)
    assert assessment.triage.level == "emergency"
    assert assessment.leading_condition == "guillain_barre_syndrome"


def test_rapid_bilateral_weakness_with_back_pain_and_sciatica_is_cauda_equina_first():
    assessment = assess(rapidly_progressive=True, both_legs=True, low_back_pain=True,
                        leg_pain_radiating_below_knee=True)
    assert assessment.triage.level == "emergency"
    assert assessment.leading_condition == "cauda_equina_syndrome"


def test_sudden_one_sided_weakness_is_stroke_even_with_known_neuropathy():
    assessment = assess(onset_sudden=True, one_sided=True, constant_weakness=True, slurred_speech=True,
                        diabetes=True, foot_numbness_tingling_both=True, burning_foot_pain=True)
    assert assessment.triage.level == "emergency"
    assert assessment.leading_condition == "stroke_or_tia"


def test_sudden_numbness_of_one_leg_without_back_pain_is_an_emergency():
    assessment = assess(onset_sudden=True, one_sided=True, leg_numbness_tingling=True)
    assert "acute_central_deficit" in patterns(assessment)
    assert assessment.leading_condition == "stroke_or_tia"
    assert assessment.triage.level == "emergency"


def test_sudden_buckling_after_a_knee_twist_counts_against_stroke():
    twist = assess(onset_sudden=True, one_sided=True, unable_to_stand_or_walk=True,
                   recent_knee_injury=True, gives_way_on_pivoting=True, knee_swelling=True)
    plain = assess(onset_sudden=True, one_sided=True, unable_to_stand_or_walk=True)
    assert certainty(twist, "stroke_or_tia") < certainty(plain, "stroke_or_tia")
    assert twist.leading_condition == "ligament_injury"


def test_a_resolved_tia_is_still_an_emergency():
    assessment = assess(onset_sudden=True, one_sided=True, symptoms_now_resolved=True, hypertension=True)
    assert assessment.triage.level == "emergency"
    assert assessment.leading_condition == "stroke_or_tia"


def test_relapsing_central_signs_are_multiple_sclerosis_and_urgent():
    assessment = assess(previous_neuro_episodes=True, vision_disturbance=True, balance_problems=True,
                        brisk_reflexes=True, onset_gradual=True)
    assert assessment.leading_condition == "multiple_sclerosis"
    assert assessment.triage.level == "urgent"


def test_stiffness_and_balance_alone_are_the_documents_ms_triad():
    assessment = assess(leg_stiffness_spasticity=True, balance_problems=True, brisk_reflexes=True)
    assert assessment.leading_condition == "multiple_sclerosis"
    assert certainty(assessment, "multiple_sclerosis") >= 0.5


def test_a_sudden_one_sided_deficit_ranks_stroke_above_ms():
    assessment = assess(onset_sudden=True, one_sided=True, facial_droop=True,
                        previous_neuro_episodes=True, vision_disturbance=True)
    assert assessment.leading_condition == "stroke_or_tia"


def test_sciatica_with_red_flags_checked_and_absent_is_routine():
    assessment = assess(low_back_pain=True, leg_pain_radiating_below_knee=True, one_sided=True,
                        saddle_numbness=False, bladder_dysfunction=False, bowel_dysfunction=False,
                        rapidly_progressive=False)
    assert assessment.triage.level == "routine"
    assert assessment.leading_condition == "lumbar_radiculopathy"
    assert certainty(assessment, "cauda_equina_syndrome") == 0.0


def test_sphincter_loss_with_sciatica_puts_cauda_equina_first():
    assessment = assess(bowel_dysfunction=True, low_back_pain=True, leg_pain_radiating_below_knee=True)
    assert assessment.leading_condition == "cauda_equina_syndrome"
    assert assessment.triage.level == "emergency"


# -- Absent counts against; unknown does not --------------------------------------

ABSENT_COUNTS_AGAINST = [
    ("lumbar_spinal_stenosis", dict(symptoms_on_standing_or_walking=True, low_back_pain=True),
     "relief_on_sitting_or_bending_forward"),
    ("lumbar_radiculopathy", dict(low_back_pain=True, leg_numbness_tingling=True, one_sided=True),
     "leg_pain_radiating_below_knee"),
    ("peripheral_neuropathy", dict(leg_numbness_tingling=True, both_legs=True, diabetes=True),
     "foot_numbness_tingling_both"),
    ("guillain_barre_syndrome", dict(ascending_weakness=True, recent_infection=True, reduced_reflexes=True),
     "rapidly_progressive"),
    ("multiple_sclerosis", dict(leg_stiffness_spasticity=True, balance_problems=True),
     "previous_neuro_episodes"),
    ("cauda_equina_syndrome", dict(bowel_dysfunction=True, low_back_pain=True), "saddle_numbness"),
    ("stroke_or_tia", dict(onset_sudden=True, arm_weakness_same_side=True), "one_sided"),
]


@pytest.mark.parametrize("condition,findings,checked", ABSENT_COUNTS_AGAINST)
def test_a_finding_given_as_absent_counts_against_and_unknown_does_not(condition, findings, checked):
    unknown = assess(**findings)
    with_absent = assess(**findings, **{checked: False})
    assert certainty(with_absent, condition) < certainty(unknown, condition)
    entry = next((e for e in with_absent.differential if e.condition == condition), None)
    if entry is not None:
        assert checked in entry.against
    unknown_entry = next(e for e in unknown.differential if e.condition == condition)
    assert checked not in unknown_entry.against


def test_unknown_findings_never_reduce_certainty():
    """The classic picture alone scores as much as with everything else unknown."""
    for condition, findings in CLASSIC.items():
        entry = next(e for e in assess(**findings).differential if e.condition == condition)
        assert all(c.cf > 0 for c in entry.contributions), (condition, entry.contributions)


# -- Next steps -------------------------------------------------------------------

EXPECTED_ACTIONS = {
    "lumbar_spinal_stenosis": {"physical_examination", "mri_lumbar_spine", "spinal_exercises",
                               "pain_inflammation_medication", "physical_therapy"},
    "lumbar_radiculopathy": {"physical_examination", "mri_lumbar_spine", "nerve_conduction_emg",
                             "spinal_exercises", "pain_inflammation_medication", "physical_therapy"},
    "peripheral_neuropathy": {"physical_examination", "nerve_conduction_emg", "blood_glucose",
                              "blood_hba1c", "physical_therapy"},
    "stroke_or_tia": {"call_emergency_services", "emergency_stroke_assessment"},
    "multiple_sclerosis": {"physical_examination", "neurology_referral", "mri_brain_spinal_cord",
                           "physical_therapy"},
    "guillain_barre_syndrome": {"call_emergency_services", "emergency_neurology_assessment",
                                "nerve_conduction_emg"},
    "cauda_equina_syndrome": {"call_emergency_services", "emergency_mri_spine"},
}


@pytest.mark.parametrize("condition", NEURO_CONDITIONS)
def test_a_supported_condition_earns_its_next_steps(condition):
    assessment = assess(**CLASSIC[condition])
    serving = {r.id for r in assessment.recommendations if condition in r.serves}
    assert EXPECTED_ACTIONS[condition] <= serving


def test_an_unsupported_condition_earns_no_next_steps():
    assessment = assess(relief_on_sitting_or_bending_forward=True)  # characteristic, not the hallmark
    assert 0 < certainty(assessment, "lumbar_spinal_stenosis") < 0.5
    assert not [r for r in assessment.recommendations if "lumbar_spinal_stenosis" in r.serves]


def test_explanations_name_the_patterns_behind_the_evidence():
    assessment = assess(**CLASSIC["lumbar_spinal_stenosis"])
    entry = assessment.differential[0]
    rules = [c.rule for c in entry.contributions]
    assert "neuro.stenosis.neurogenic_claudication" in rules
    assert {"symptoms_on_standing_or_walking", "relief_on_sitting_or_bending_forward"} <= set(entry.supporting)


# -- The module's shape -----------------------------------------------------------

def test_every_supporting_and_pattern_rule_rests_on_a_finding_given_as_present():
    for defined in neurological.RULES:
        builds = any(isinstance(c, Weigh) and c.cf > 0 for c in defined.then) or defined.layer == "pattern"
        if builds:
            # a pattern counts: every pattern rule reads findings given as present (checked below)
            assert any(rests_on_something_present(c) for c in defined.when), defined.id
        if defined.layer == "pattern":
            assert any(rests_on_something_present(c, patterns=False) for c in defined.when), defined.id


def test_evidence_here_weighs_only_neurological_conditions():
    for defined in neurological.RULES:
        for conclusion in defined.then:
            if isinstance(conclusion, Weigh):
                assert CONDITIONS[conclusion.condition].category == "neurological", defined.id


def test_every_neurological_condition_has_supporting_and_opposing_evidence_here():
    weighed = [c for r in neurological.RULES for c in r.then if isinstance(c, Weigh)]
    for condition in NEURO_CONDITIONS:
        assert any(w.condition == condition and w.cf > 0 for w in weighed), condition
        assert any(w.condition == condition and w.cf < 0 for w in weighed), condition
