"""The vocabulary covers the public contract, and every entry is usable."""
from facts.vocabulary import (ACTIONS, CONDITIONS, FINDINGS, PATTERNS, RED_FLAGS, TRIAGE_LEVELS,
                              label_of, urgency_rank)

CONTRACT_CONDITIONS = {
    "mechanical": ["ligament_injury", "meniscal_tear", "patellar_instability", "osteoarthritis",
                   "rheumatoid_arthritis", "joint_laxity", "muscle_fatigue", "footwear_strain"],
    "neurological": ["lumbar_spinal_stenosis", "lumbar_radiculopathy", "peripheral_neuropathy",
                     "stroke_or_tia", "multiple_sclerosis", "guillain_barre_syndrome",
                     "cauda_equina_syndrome"],
    "circulatory": ["peripheral_artery_disease", "chronic_venous_insufficiency", "acute_limb_ischemia"],
    "systemic": ["electrolyte_imbalance", "hypoglycemia", "dehydration", "anemia", "hypothyroidism",
                 "medication_side_effect"],
    "psychological": ["anxiety_response"],
}

CONTRACT_FINDINGS = """
onset_sudden onset_gradual rapidly_progressive ascending_weakness one_sided both_legs
episodes_of_giving_way constant_weakness heaviness symptoms_now_resolved unable_to_stand_or_walk
interferes_with_daily_activities gives_way_on_pivoting knee_locking knee_swelling knee_pain
recent_knee_injury kneecap_displacement joint_pain_worse_with_use morning_stiffness_over_30min
symmetric_small_joint_swelling hip_or_ankle_instability recent_overexertion unsupportive_footwear
low_back_pain leg_pain_radiating_below_knee leg_numbness_tingling foot_numbness_tingling_both
burning_foot_pain saddle_numbness bladder_dysfunction bowel_dysfunction symptoms_on_standing_or_walking
relief_on_sitting_or_bending_forward exertional_leg_pain relief_on_rest facial_droop slurred_speech
confusion arm_weakness_same_side vision_disturbance leg_stiffness_spasticity balance_problems
previous_neuro_episodes recent_infection reduced_reflexes brisk_reflexes cold_pale_leg
sudden_severe_leg_pain weak_or_absent_foot_pulses leg_swelling worse_end_of_day better_with_elevation
varicose_veins swelling_not_eased_by_rest_or_elevation skin_changes_lower_leg night_cramps smoker
diabetes hypertension high_cholesterol prolonged_standing glucose_lowering_medication
takes_calcium_channel_blocker takes_statin takes_diuretic takes_antibiotic
generalized_weakness_fatigue muscle_cramps muscle_aches shaky_sweaty_hungry missed_meal_or_fasting
thirst_dark_urine low_fluid_intake_or_heat vomiting_or_diarrhea pallor breathless_on_exertion
heavy_blood_loss cold_intolerance weight_gain chronic_constipation dry_skin anxiety_or_panic
palpitations rapid_breathing lightheadedness tingling_lips_or_fingers resolves_when_calm
""".split()


def test_every_contract_condition_is_in_the_vocabulary_with_its_category():
    for category, ids in CONTRACT_CONDITIONS.items():
        for condition_id in ids:
            assert CONDITIONS[condition_id].category == category


def test_every_contract_finding_is_in_the_vocabulary():
    assert set(CONTRACT_FINDINGS) <= set(FINDINGS)


def test_entries_have_labels_questions_and_valid_urgency():
    for finding in FINDINGS.values():
        assert finding.label and finding.question.endswith("?")
    for condition in CONDITIONS.values():
        assert condition.urgency in TRIAGE_LEVELS
    for red_flag in RED_FLAGS.values():
        assert red_flag.condition in CONDITIONS
    for table in (PATTERNS, ACTIONS):
        for entry in table.values():
            assert entry.label


def test_ids_are_unique_across_tables_so_labels_are_unambiguous():
    tables = [FINDINGS, CONDITIONS, RED_FLAGS, PATTERNS, ACTIONS]
    all_ids = [i for t in tables for i in t]
    assert len(all_ids) == len(set(all_ids))
    assert label_of("saddle_numbness") == "Saddle numbness"


def test_urgency_rank_orders_levels():
    assert [urgency_rank(level) for level in ("self_care", "routine", "urgent", "emergency")] == [0, 1, 2, 3]


def test_every_checklist_covers_two_or_more_known_findings_once():
    from facts.vocabulary import CHECKLISTS, FINDINGS

    seen = []
    for checklist in CHECKLISTS.values():
        assert len(checklist.findings) >= 2 and set(checklist.findings) <= set(FINDINGS), checklist.id
        seen.extend(checklist.findings)
    assert len(seen) == len(set(seen)), "a finding belongs to one checklist at most"
