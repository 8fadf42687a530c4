"""Systemic causes: patterns, discrimination, absent versus unknown findings,
recommendations, and no false emergencies."""
import pytest
from hypothesis import given, strategies as st

import expert
from expert.dsl import Weigh
from facts.vocabulary import CONCERNING_FINDINGS, CONDITIONS, FINDINGS
from rules import systemic
from tests.rule_helpers import rests_on_something_present

CLASSIC = {
    "hypoglycemia": {"diabetes": True, "glucose_lowering_medication": True, "missed_meal_or_fasting": True,
                     "shaky_sweaty_hungry": True, "generalized_weakness_fatigue": True, "both_legs": True},
    "electrolyte_imbalance": {"takes_diuretic": True, "muscle_cramps": True, "generalized_weakness_fatigue": True,
                              "both_legs": True},
    "dehydration": {"thirst_dark_urine": True, "low_fluid_intake_or_heat": True, "heaviness": True,
                    "both_legs": True, "diabetes": False},
    "anemia": {"heavy_blood_loss": True, "pallor": True, "breathless_on_exertion": True,
               "generalized_weakness_fatigue": True},
    "hypothyroidism": {"cold_intolerance": True, "weight_gain": True, "chronic_constipation": True,
                       "dry_skin": True, "muscle_aches": True, "onset_gradual": True},
    "medication_side_effect": {"takes_calcium_channel_blocker": True, "leg_swelling": True, "heaviness": True,
                               "both_legs": True},
}


def assess(findings, **extra):
    return expert.assess({"findings": findings, **extra})


def certainty(assessment, condition):
    return next((e.certainty for e in assessment.differential if e.condition == condition), 0.0)


def entry(assessment, condition):
    return next(e for e in assessment.differential if e.condition == condition)


def patterns(assessment):
    return {p.id for p in assessment.patterns}


# -- Classic presentations -------------------------------------------------------


@pytest.mark.parametrize("condition", sorted(CLASSIC))
def test_a_classic_presentation_leads_with_high_certainty_and_its_default_urgency(condition):
    assessment = assess(CLASSIC[condition], age=40)
    assert assessment.leading_condition == condition
    assert assessment.differential[0].certainty >= 0.7
    assert assessment.triage.level == CONDITIONS[condition].urgency
    # a condition claims its own urgency, except self-care, which a triage rule earns
    expected = CONDITIONS[condition].urgency
    assert (f"triage.self_care.{condition}" if expected == "self_care" else condition) in assessment.triage.because


def test_the_systemic_module_covers_every_systemic_contract_condition():
    systemic_ids = {c for c, v in CONDITIONS.items() if v.category == "systemic" and not v.beyond_sources}
    assert set(CLASSIC) == systemic_ids == set(systemic.SYSTEMIC_CONDITIONS)


# -- Patterns ----------------------------------------------------------------------


@pytest.mark.parametrize("pattern,findings", [
    ("generalized_metabolic_weakness", {"generalized_weakness_fatigue": True}),
    ("generalized_metabolic_weakness", {"both_legs": True, "heaviness": True, "thirst_dark_urine": True}),
    ("fluid_depletion", {"thirst_dark_urine": True}),
    ("fluid_depletion", {"vomiting_or_diarrhea": True}),
    ("low_oxygen_carrying_capacity", {"pallor": True, "breathless_on_exertion": True}),
    ("low_oxygen_carrying_capacity", {"heavy_blood_loss": True, "pallor": True}),
    ("slowed_metabolism", {"cold_intolerance": True, "dry_skin": True}),
    ("neuroglycopenia_risk", {"shaky_sweaty_hungry": True, "missed_meal_or_fasting": True}),
    ("neuroglycopenia_risk", {"shaky_sweaty_hungry": True, "glucose_lowering_medication": True}),
    ("medication_exposure", {"takes_statin": True}),
])
def test_patterns_are_recognised(pattern, findings):
    assert pattern in patterns(assess(findings))


@pytest.mark.parametrize("pattern,findings", [
    ("generalized_metabolic_weakness", {"generalized_weakness_fatigue": True, "one_sided": True}),
    ("generalized_metabolic_weakness", {"both_legs": True, "heaviness": True}),  # no whole-body disturbance
    ("slowed_metabolism", {"cold_intolerance": True}),  # one common sign is not enough
    ("low_oxygen_carrying_capacity", {"pallor": True}),
    ("neuroglycopenia_risk", {"shaky_sweaty_hungry": True}),  # no reason for the sugar to fall
])
def test_patterns_need_their_whole_picture(pattern, findings):
    assert pattern not in patterns(assess(findings))


def test_patterns_appear_in_the_explanation_of_the_condition():
    assessment = assess(CLASSIC["anemia"])
    contributions = {c.rule for c in entry(assessment, "anemia").contributions}
    assert "sys.anemia.low_oxygen_carrying" in contributions
    assert "low_oxygen_carrying_capacity" in patterns(assessment)


# -- Discrimination ------------------------------------------------------------------


def test_cramps_after_gut_losses_point_to_electrolytes_and_thirst_alone_to_dehydration():
    gut = {"vomiting_or_diarrhea": True, "thirst_dark_urine": True, "both_legs": True, "heaviness": True}
    with_cramps = assess({**gut, "muscle_cramps": True, "generalized_weakness_fatigue": True})
    assert with_cramps.leading_condition == "electrolyte_imbalance"
    assert certainty(with_cramps, "dehydration") >= 0.5  # the fluid loss is real too
    assert with_cramps.triage.level == "routine"
    without_cramps = assess({**gut, "muscle_cramps": False, "diabetes": False}, age=30)
    assert without_cramps.leading_condition == "dehydration"
    assert without_cramps.triage.level == "self_care"  # earned: not diabetic, under 65


def test_thirst_after_exertion_in_the_heat_is_dehydration_not_just_tired_muscles():
    marathon = {"recent_overexertion": True, "heaviness": True, "both_legs": True}
    hot_and_thirsty = assess({**marathon, "low_fluid_intake_or_heat": True, "thirst_dark_urine": True})
    assert hot_and_thirsty.leading_condition == "dehydration"
    well_hydrated = assess({**marathon, "low_fluid_intake_or_heat": False, "thirst_dark_urine": False})
    assert well_hydrated.leading_condition == "muscle_fatigue"
    assert certainty(well_hydrated, "dehydration") == 0


def test_shaky_with_a_missed_meal_is_low_blood_sugar_before_anxiety():
    shaky_panicky = {"shaky_sweaty_hungry": True, "anxiety_or_panic": True, "palpitations": True}
    fasting = assess({**shaky_panicky, "missed_meal_or_fasting": True})
    assert fasting.leading_condition == "hypoglycemia"
    assert fasting.triage.level == "urgent"
    fed = assess({**shaky_panicky, "rapid_breathing": True, "missed_meal_or_fasting": False,
                  "glucose_lowering_medication": False})
    assert fed.leading_condition == "anxiety_response"
    assert certainty(fed, "hypoglycemia") < 0.5


def test_low_blood_sugar_with_confusion_is_an_emergency_that_still_ranks_hypoglycemia_high():
    assessment = assess({**CLASSIC["hypoglycemia"], "confusion": True, "onset_sudden": True})
    assert assessment.triage.level == "emergency"
    assert "hypoglycemia" in [e.condition for e in assessment.differential[:2]]
    actions = {r.id: r for r in assessment.recommendations}
    assert "blood_glucose" in actions and "call_emergency_services" in actions


def test_calcium_channel_blocker_swelling_outranks_the_veins_without_a_venous_picture():
    ccb = {**CLASSIC["medication_side_effect"], "varicose_veins": False, "better_with_elevation": False}
    assessment = assess(ccb)
    assert assessment.leading_condition == "medication_side_effect"
    assert certainty(assessment, "medication_side_effect") > certainty(assessment, "chronic_venous_insufficiency")


def test_the_venous_course_and_varicose_veins_take_the_heaviness_from_the_medicine():
    venous = {**CLASSIC["medication_side_effect"], "varicose_veins": True, "worse_end_of_day": True,
              "better_with_elevation": True}
    assessment = assess(venous)
    assert assessment.leading_condition == "chronic_venous_insufficiency"
    assert certainty(assessment, "medication_side_effect") < 0.5


def test_statin_aches_are_a_side_effect_and_cold_dry_weight_gain_a_thyroid():
    statin = assess({"takes_statin": True, "muscle_aches": True, "both_legs": True})
    assert statin.leading_condition == "medication_side_effect"
    thyroid = assess({"muscle_aches": True, "both_legs": True, "cold_intolerance": True, "weight_gain": True,
                      "takes_statin": False})
    assert thyroid.leading_condition == "hypothyroidism"


def test_pallor_and_breathlessness_point_to_anaemia_not_to_the_arteries():
    assessment = assess({"pallor": True, "breathless_on_exertion": True, "heaviness": True, "smoker": True,
                         "exertional_leg_pain": False})
    assert assessment.leading_condition == "anemia"


def test_diuretic_cramps_are_electrolytes_first_with_the_medicine_as_their_cause():
    assessment = assess(CLASSIC["electrolyte_imbalance"])
    ranked = [e.condition for e in assessment.differential]
    assert ranked[0] == "electrolyte_imbalance"
    assert "medication_side_effect" in ranked[:3]


# -- Absent counts against, unknown does not ---------------------------------------------

ABSENT_AGAINST = [
    ("hypoglycemia", "shaky_sweaty_hungry",
     {"glucose_lowering_medication": True, "missed_meal_or_fasting": True, "generalized_weakness_fatigue": True}),
    ("hypoglycemia", "missed_meal_or_fasting",
     {"shaky_sweaty_hungry": True, "glucose_lowering_medication": False}),
    ("electrolyte_imbalance", "muscle_cramps",
     {"takes_diuretic": True, "generalized_weakness_fatigue": True, "both_legs": True}),
    ("electrolyte_imbalance", "generalized_weakness_fatigue",
     {"muscle_cramps": True, "vomiting_or_diarrhea": True}),
    ("dehydration", "thirst_dark_urine", {"low_fluid_intake_or_heat": True, "heaviness": True}),
    ("dehydration", "vomiting_or_diarrhea", {"thirst_dark_urine": True, "low_fluid_intake_or_heat": False}),
    ("anemia", "pallor", {"breathless_on_exertion": True, "heavy_blood_loss": True}),
    ("anemia", "breathless_on_exertion", {"pallor": True, "heavy_blood_loss": True}),
    ("hypothyroidism", "weight_gain", {"cold_intolerance": True, "dry_skin": True, "muscle_aches": True}),
    ("hypothyroidism", "cold_intolerance", {"weight_gain": True, "dry_skin": True, "muscle_aches": True}),
]


@pytest.mark.parametrize("condition,finding,base", ABSENT_AGAINST)
def test_a_typical_finding_given_as_absent_counts_against(condition, finding, base):
    unknown = assess(base, age=40)
    ruled_out = assess({**base, finding: False}, age=40)
    assert certainty(ruled_out, condition) < certainty(unknown, condition)
    if certainty(ruled_out, condition) > 0:
        assert finding in entry(ruled_out, condition).against


@pytest.mark.parametrize("condition", sorted(CLASSIC))
def test_unknown_findings_never_count_against(condition):
    """Leaving out every finding but the classic ones adds no evidence against."""
    assessment = assess(CLASSIC[condition])
    assert entry(assessment, condition).against == []
    assert all(c.cf > 0 for c in entry(assessment, condition).contributions)


@pytest.mark.parametrize("condition", sorted(CLASSIC))
def test_one_sided_weakness_counts_against_a_systemic_cause(condition):
    both = assess(CLASSIC[condition])
    one = assess({**CLASSIC[condition], "one_sided": True, "both_legs": False})
    assert certainty(one, condition) < certainty(both, condition)


def test_a_joint_local_picture_counts_against_a_systemic_cause():
    base = {"takes_statin": True, "muscle_aches": True}
    knee = assess({**base, "knee_locking": True})
    assert certainty(knee, "medication_side_effect") < certainty(assess(base), "medication_side_effect")


def test_a_cold_pale_leg_is_not_anaemic_pallor():
    base = {"pallor": True, "breathless_on_exertion": True}
    assert certainty(assess({**base, "cold_pale_leg": True}), "anemia") < certainty(assess(base), "anemia")


# -- Recommendations --------------------------------------------------------------------

RECOMMENDED = {
    "hypoglycemia": {"fast_acting_sugar", "blood_glucose", "medication_review", "blood_hba1c"},
    "electrolyte_imbalance": {"blood_electrolytes", "hydration", "medication_review"},
    "dehydration": {"hydration", "rest_and_recovery"},
    "anemia": {"blood_count"},
    "hypothyroidism": {"blood_thyroid"},
    "medication_side_effect": {"medication_review"},
}


@pytest.mark.parametrize("condition", sorted(CLASSIC))
def test_a_supported_condition_earns_its_next_steps(condition):
    assessment = assess(CLASSIC[condition])
    served = {r.id for r in assessment.recommendations if condition in r.serves}
    assert RECOMMENDED[condition] <= served


def test_a_condition_below_reasonable_support_earns_no_next_steps():
    assessment = assess({"pallor": True})  # anaemia at 0.3 only
    assert 0 < certainty(assessment, "anemia") < 0.5
    assert not any("anemia" in r.serves for r in assessment.recommendations)


def test_unexplained_generalised_weakness_gets_screening_blood_tests_and_explained_weakness_does_not():
    unexplained = assess({"generalized_weakness_fatigue": True, "both_legs": True})
    screening = {r.id for r in unexplained.recommendations if "generalized_metabolic_weakness" in r.serves}
    assert screening == {"blood_count", "blood_glucose", "blood_electrolytes", "blood_thyroid"}
    explained = assess(CLASSIC["anemia"])
    assert not any("generalized_metabolic_weakness" in r.serves for r in explained.recommendations)


# -- No false emergencies --------------------------------------------------------------

# (concerning findings such as a fever with fainting can be an emergency: sepsis)
SYSTEMIC_FINDINGS = sorted(f for f, v in FINDINGS.items()
                           if v.category in ("whole_body", "risk_factors") and f not in CONCERNING_FINDINGS)


@given(st.dictionaries(st.sampled_from(SYSTEMIC_FINDINGS), st.booleans(), min_size=1, max_size=12))
def test_whole_body_findings_and_risk_factors_alone_never_make_an_emergency(findings):
    assert assess(findings).triage.level != "emergency"


@pytest.mark.parametrize("condition", sorted(c for c in CLASSIC if c != "hypoglycemia"))
def test_non_urgent_systemic_conditions_are_not_escalated(condition):
    assert assess(CLASSIC[condition]).triage.level in ("self_care", "routine")


# -- The rules themselves -----------------------------------------------------------------


def test_every_supporting_rule_needs_a_finding_given_as_present():
    for defined in systemic.RULES:
        if any(isinstance(c, Weigh) and c.cf > 0 for c in defined.then):
            assert any(rests_on_something_present(c) for c in defined.when), defined.id


def test_every_rule_weighs_only_systemic_conditions_and_names_them_in_its_id():
    for defined in systemic.RULES:
        assert defined.id.startswith("sys.")
        for conclusion in defined.then:
            if isinstance(conclusion, Weigh):
                assert CONDITIONS[conclusion.condition].category == "systemic", defined.id


def test_weakness_climbing_from_the_feet_counts_against_a_systemic_cause():
    base = {"vomiting_or_diarrhea": True, "generalized_weakness_fatigue": True, "thirst_dark_urine": True}
    climbing = assess({**base, "ascending_weakness": True})
    assert certainty(climbing, "dehydration") < certainty(assess(base), "dehydration")


def test_swollen_legs_are_not_dehydration():
    base = {"low_fluid_intake_or_heat": True, "heaviness": True}
    assert certainty(assess({**base, "leg_swelling": True}), "dehydration") < certainty(assess(base), "dehydration")


def test_heat_alone_is_a_context_not_a_diagnosis():
    assessment = assess({"low_fluid_intake_or_heat": True, "heaviness": True})
    assert 0 < certainty(assessment, "dehydration") < 0.5
