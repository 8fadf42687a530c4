"""The shared vocabulary: every id legwise understands, with its plain-language
label, the question a clinician would ask for it, and its category.

One source of truth: the input model validates against it, the rules name its
ids, the reports and the consultation show its labels and questions. The ids of
findings and conditions are the public contract (docs/contract.md).
"""
from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Mapping

TRIAGE_LEVELS = ("self_care", "routine", "urgent", "emergency")
"""Triage levels, least to most urgent."""

FIT_STATUSES = MappingProxyType({
    "explained": "The conditions legwise knows account for every symptom and sign given.",
    "partly_explained": "The leading conditions leave some symptoms or signs unexplained: "
                        "a clinician should account for them.",
    "no_known_cause": "No cause legwise knows fits these findings. It says so rather than name a wrong one; "
                      "the triage still follows the safety net.",
})
"""How well the conditions legwise knows account for the findings given, and
what each status means for the reader."""

TRIAGE_ADVICE = MappingProxyType({
    "emergency": "Call emergency services or go to an emergency department now.",
    "urgent": "See a clinician within 24 hours.",
    "routine": "Book an appointment with a clinician.",
    "self_care": "Manage at home, and seek care if the safety-net signs appear.",
})

DISCLAIMER = (
    "legwise is educational decision support, not a diagnosis. It reasons only "
    "from the findings it is given and cannot examine anyone. If you are worried "
    "about leg weakness, contact a healthcare professional; in an emergency, call "
    "emergency services."
)


def urgency_rank(level: str) -> int:
    """Position of a triage level, 0 for self_care up to 3 for emergency."""
    return TRIAGE_LEVELS.index(level)


# The vocabulary's entries are terms (``FindingTerm``...), named apart from
# the working-memory facts about them (``expert.engine.working_memory.Finding``...)
# and from the rule language's clauses (``expert.dsl.Clause``).


@dataclass(frozen=True)
class FindingTerm:
    id: str
    label: str
    question: str
    category: str


@dataclass(frozen=True)
class ConditionTerm:
    id: str
    label: str
    category: str
    urgency: str
    beyond_sources: bool = False
    """True for a condition added for safety from a public guideline, beyond
    the three source documents; its rules cite that guideline."""


@dataclass(frozen=True)
class RedFlagTerm:
    id: str
    label: str
    condition: str
    """The contract condition this red flag warns of."""


@dataclass(frozen=True)
class PatternTerm:
    """An intermediate conclusion between findings and conditions."""
    id: str
    label: str
    description: str


@dataclass(frozen=True)
class ActionTerm:
    """A next step a recommendation can name."""
    id: str
    label: str
    kind: str  # examination, imaging, nerve_studies, blood_tests, referral, therapy, medication, self_care, safety_net


def _table(cls, rows) -> Mapping[str, object]:
    items = {}
    for row in rows:
        item = cls(*row)
        if item.id in items:
            raise ValueError(f"duplicate vocabulary id {item.id!r}")
        items[item.id] = item
    return MappingProxyType(items)


FINDINGS: Mapping[str, FindingTerm] = _table(FindingTerm, [
    # Course and distribution
    ("onset_sudden", "Sudden onset (seconds to minutes)", "Did the leg symptoms begin abruptly, over seconds to minutes?", "course"),
    ("onset_gradual", "Gradual onset (weeks to months)", "Did the symptoms develop gradually, over weeks to months?", "course"),
    ("rapidly_progressive", "Rapidly progressive over hours to days", "Has the weakness clearly got worse over hours to days?", "course"),
    ("ascending_weakness", "Weakness starting in the feet and spreading upward", "Did the weakness begin in the feet and is it spreading upward?", "course"),
    ("one_sided", "One leg or one side of the body only", "Is it only one leg, or one side of the body?", "course"),
    ("both_legs", "Both legs affected", "Are both legs affected?", "course"),
    ("episodes_of_giving_way", "Episodes of the knee or leg buckling, normal in between", "Does the knee or leg suddenly buckle, with normal strength in between?", "course"),
    ("constant_weakness", "Weakness persisting at rest and between episodes", "Is the weakness there all the time, even at rest?", "course"),
    ("heaviness", "Legs feel heavy, leaden or dragging", "Do the legs feel heavy, leaden or dragging?", "course"),
    ("symptoms_now_resolved", "The episode has fully passed", "Has the episode now completely passed?", "course"),
    ("unable_to_stand_or_walk", "Unable to stand or walk", "Is the weakness, pain or numbness bad enough that you cannot stand or walk?", "course"),
    ("interferes_with_daily_activities", "Interferes with daily activities", "Is it persistent or worsening enough to disrupt daily life?", "course"),
    ("duration_hours", "Began within the last day", "Did the symptoms begin within the last day (hours ago, or since last evening)?", "course"),
    ("duration_days", "Has lasted days (1 day to 2 weeks)", "Have the symptoms been there for days (between a day and two weeks)?", "course"),
    ("duration_weeks", "Has lasted weeks (2 weeks to 3 months)", "Have the symptoms been there for weeks (two weeks to three months)?", "course"),
    ("duration_months", "Has lasted months or longer", "Have the symptoms been there for more than three months?", "course"),
    ("fall_or_injury", "A fall or injury just before", "Did a fall, a blow or a crush injury come just before the symptoms?", "course"),
    # Knee and joints
    ("gives_way_on_pivoting", "Buckles when twisting, pivoting or stopping", "Does the knee give way when you twist, pivot or stop suddenly?", "joints"),
    ("knee_locking", "Knee locks or catches", "Does the knee lock or catch?", "joints"),
    ("knee_swelling", "Knee swelling", "Is the knee swollen?", "joints"),
    ("knee_pain", "Knee pain", "Is the knee painful?", "joints"),
    ("recent_knee_injury", "Recent knee injury", "Did you recently twist, fall on or knock the knee?", "joints"),
    ("kneecap_displacement", "Kneecap slips or pops out of place", "Does the kneecap slip or pop out of place?", "joints"),
    ("joint_pain_worse_with_use", "Joint pain worse with use, eased by rest", "Is there an aching joint pain that is worse with activity and eased by rest?", "joints"),
    ("morning_stiffness_over_30min", "Morning stiffness lasting over 30 minutes", "Are the joints stiff in the morning for more than half an hour?", "joints"),
    ("symmetric_small_joint_swelling", "Swollen small joints on both sides", "Are small joints of the hands or feet swollen on both sides?", "joints"),
    ("hip_or_ankle_instability", "Hip or ankle feels loose or gives way", "Does the hip or ankle feel loose or give way?", "joints"),
    ("recent_overexertion", "Intense exercise or long standing just before", "Did the symptoms follow intense exercise or a long time standing?", "joints"),
    ("unsupportive_footwear", "Ill-fitting or unsupportive shoes", "Are your shoes ill-fitting or unsupportive?", "joints"),
    ("hot_red_joint", "A hot, red, swollen joint", "Is a joint hot, red and swollen?", "joints"),
    ("rapid_knee_swelling_after_injury", "The knee swelled within hours of the injury", "Did the knee swell up within a few hours of the injury?", "joints"),
    ("joint_deformity_after_injury", "A joint looks out of place after an injury", "Since the injury, does a joint look deformed or out of place?", "joints"),
    ("hip_or_groin_pain", "Hip or groin pain", "Is there pain in the hip or groin?", "joints"),
    ("leg_shortened_or_turned_out", "The leg looks shortened or turned outward", "Does the leg look shorter than the other, or turned outward?", "joints"),
    # Spine and nerves
    ("low_back_pain", "Low back pain", "Do you have low back pain?", "spine_and_nerves"),
    ("leg_pain_radiating_below_knee", "Shooting pain down the leg past the knee", "Does a shooting pain run from the buttock down the leg past the knee?", "spine_and_nerves"),
    ("leg_numbness_tingling", "Numbness or pins and needles in the leg", "Is there numbness or pins and needles in the leg?", "spine_and_nerves"),
    ("foot_numbness_tingling_both", "Numbness or tingling beginning in both feet", "Did numbness or tingling begin in both feet?", "spine_and_nerves"),
    ("burning_foot_pain", "Burning foot pain", "Do the feet burn?", "spine_and_nerves"),
    ("saddle_numbness", "Saddle numbness", "Is there numbness of the buttocks, inner thighs or genital area?", "spine_and_nerves"),
    ("bladder_dysfunction", "New bladder dysfunction", "Is there new difficulty passing urine, retention, or loss of bladder control?", "spine_and_nerves"),
    ("bowel_dysfunction", "New loss of bowel control", "Is there new loss of bowel control?", "spine_and_nerves"),
    ("symptoms_on_standing_or_walking", "Symptoms come on with standing or walking", "Do the symptoms come on when you stand or walk?", "spine_and_nerves"),
    ("relief_on_sitting_or_bending_forward", "Eased by sitting or leaning forward", "Do the symptoms ease when you sit down or lean forward?", "spine_and_nerves"),
    ("exertional_leg_pain", "Calf, thigh or buttock pain after walking a distance", "After walking a certain distance, do you get cramping, aching or heaviness in the calf, thigh or buttock?", "spine_and_nerves"),
    ("relief_on_rest", "Eased within minutes of stopping, even standing", "Do the symptoms ease within minutes of stopping, even if you stay standing?", "spine_and_nerves"),
    ("facial_droop", "Facial droop", "Is one side of the face drooping?", "spine_and_nerves"),
    ("slurred_speech", "Slurred speech", "Is the speech slurred or hard to get out?", "spine_and_nerves"),
    ("confusion", "Confusion", "Is the person confused?", "spine_and_nerves"),
    ("arm_weakness_same_side", "Arm on the same side is weak", "Is the arm on the same side weak too?", "spine_and_nerves"),
    ("vision_disturbance", "Blurred, double or painful loss of vision", "Has there been blurred, double or painful loss of vision?", "spine_and_nerves"),
    ("leg_stiffness_spasticity", "Leg stiffness or spasticity", "Are the legs stiff or tight (spastic)?", "spine_and_nerves"),
    ("balance_problems", "Balance problems", "Are there problems with balance?", "spine_and_nerves"),
    ("previous_neuro_episodes", "Earlier neurological episodes that resolved", "Have there been earlier episodes of neurological symptoms that went away?", "spine_and_nerves"),
    ("recent_infection", "Recent diarrhoeal or respiratory infection", "Was there a diarrhoeal or respiratory infection in the past few weeks?", "spine_and_nerves"),
    ("reduced_reflexes", "Reduced reflexes (examination)", "On examination, are the leg reflexes reduced or absent?", "spine_and_nerves"),
    ("brisk_reflexes", "Brisk reflexes (examination)", "On examination, are the leg reflexes brisk?", "spine_and_nerves"),
    ("vertigo", "Vertigo or sudden dizziness", "Is there vertigo, the room spinning, or a sudden dizziness?", "spine_and_nerves"),
    ("thoracic_back_pain", "Pain in the middle or upper back", "Is there pain in the middle or upper back, between the shoulder blades?", "spine_and_nerves"),
    ("sensory_level", "Numbness below a level on the trunk", "Is the skin numb from a level on the chest or tummy downward?", "spine_and_nerves"),
    ("fatigable_weakness", "Weakness worse with use, better after rest", "Does the weakness get worse the more the muscles are used, and recover after rest?", "spine_and_nerves"),
    ("drooping_eyelids", "Drooping eyelids", "Do the eyelids droop, especially later in the day?", "spine_and_nerves"),
    ("clumsy_hands", "Clumsy or numb hands", "Have the hands become clumsy or numb (buttons, writing, dropping things)?", "spine_and_nerves"),
    ("slow_movement_or_tremor", "Slow, stiff movement or a resting tremor", "Has movement become slow and stiff, or is there a tremor at rest?", "spine_and_nerves"),
    # Circulation
    ("cold_pale_leg", "Cold, pale leg", "Is the leg cold and pale?", "circulation"),
    ("sudden_severe_leg_pain", "Sudden severe leg pain", "Did a severe leg pain come on suddenly?", "circulation"),
    ("weak_or_absent_foot_pulses", "Weak or absent foot pulses", "Are the foot pulses weak or absent?", "circulation"),
    ("leg_swelling", "Leg swelling", "Is the leg swollen?", "circulation"),
    ("worse_end_of_day", "Worse at the end of the day", "Are the symptoms worse at the end of the day?", "circulation"),
    ("better_with_elevation", "Better with the legs raised", "Do the symptoms improve when the legs are raised?", "circulation"),
    ("varicose_veins", "Varicose veins", "Are there varicose (enlarged, twisted) veins?", "circulation"),
    ("swelling_not_eased_by_rest_or_elevation", "Swelling not eased by rest or elevation", "Is there unexplained swelling that stays despite rest and raising the legs?", "circulation"),
    ("skin_changes_lower_leg", "Skin changes of the lower leg", "Is there discoloured or shiny skin, a rash, or a slow-healing ulcer on the lower leg?", "circulation"),
    ("night_cramps", "Cramps that disrupt sleep", "Do cramps wake you at night?", "circulation"),
    ("calf_swelling_tenderness_one_side", "One calf swollen and tender", "Is one calf swollen, tender or painful to touch, unlike the other?", "circulation"),
    ("rest_pain_in_foot", "Foot or leg pain at rest, worse lying flat", "Does the foot or leg hurt at rest, worse at night or lying flat, eased by hanging it down?", "circulation"),
    ("non_healing_wound_or_gangrene", "A foot wound that will not heal, or blackened skin", "Is there a wound on the foot or toes that will not heal, or skin turning black?", "circulation"),
    ("red_hot_skin_leg", "Spreading redness, warmth and swelling of the skin", "Is the skin of the leg red, hot and swollen, with the redness spreading?", "circulation"),
    ("slow_or_irregular_pulse", "A slow or irregular pulse", "Is the pulse slow or irregular?", "circulation"),
    ("chest_pain", "Chest pain", "Is there pain or tightness in the chest?", "circulation"),
    ("breathless_at_rest", "Breathless at rest or lying flat", "Is there breathlessness at rest or when lying flat?", "circulation"),
    # Risk factors, history and medicines
    ("smoker", "Smoker", "Do you smoke?", "risk_factors"),
    ("diabetes", "Diabetes", "Do you have diabetes?", "risk_factors"),
    ("hypertension", "High blood pressure", "Do you have high blood pressure?", "risk_factors"),
    ("high_cholesterol", "High cholesterol", "Do you have high cholesterol?", "risk_factors"),
    ("prolonged_standing", "Long periods of standing", "Do you stand for long periods?", "risk_factors"),
    ("glucose_lowering_medication", "Takes insulin or a sulfonylurea", "Do you take insulin or a sulfonylurea tablet?", "risk_factors"),
    ("takes_calcium_channel_blocker", "Takes a calcium channel blocker", "Do you take a calcium channel blocker (such as amlodipine)?", "risk_factors"),
    ("takes_statin", "Takes a statin", "Do you take a statin?", "risk_factors"),
    ("takes_diuretic", "Takes a diuretic", "Do you take a diuretic (water tablet)?", "risk_factors"),
    ("takes_antibiotic", "Taking an antibiotic", "Are you taking an antibiotic?", "risk_factors"),
    ("cancer_history", "History of cancer", "Have you ever had cancer?", "risk_factors"),
    ("recent_immobility_or_surgery", "Recent surgery, bed rest, a cast or a long journey", "In the past few weeks, have you had surgery, been bed-bound, had a leg in plaster or made a long journey?", "risk_factors"),
    # Whole body
    ("generalized_weakness_fatigue", "Generalised weakness or fatigue", "Do you feel generally weak or tired all over?", "whole_body"),
    ("muscle_cramps", "Muscle cramps", "Do you get muscle cramps?", "whole_body"),
    ("muscle_aches", "Muscle aches", "Do your muscles ache?", "whole_body"),
    ("shaky_sweaty_hungry", "Shaky, sweaty or hungry", "Do you feel shaky, sweaty or hungry with it?", "whole_body"),
    ("missed_meal_or_fasting", "Missed a meal or fasting", "Have you missed a meal or been fasting?", "whole_body"),
    ("thirst_dark_urine", "Thirst or dark urine", "Are you thirsty, or is your urine dark?", "whole_body"),
    ("low_fluid_intake_or_heat", "Low fluid intake or heat", "Have you drunk little, or been out in the heat?", "whole_body"),
    ("vomiting_or_diarrhea", "Vomiting or diarrhoea", "Have you had vomiting or diarrhoea?", "whole_body"),
    ("pallor", "Pallor", "Do you look pale?", "whole_body"),
    ("breathless_on_exertion", "Breathless on exertion", "Do you get breathless on exertion?", "whole_body"),
    ("heavy_blood_loss", "Heavy blood loss", "Have you had heavy blood loss, such as heavy periods or bleeding?", "whole_body"),
    ("cold_intolerance", "Cold intolerance", "Do you feel the cold more than others?", "whole_body"),
    ("weight_gain", "Weight gain", "Have you gained weight without meaning to?", "whole_body"),
    ("chronic_constipation", "Chronic constipation", "Are you often constipated?", "whole_body"),
    ("dry_skin", "Dry skin", "Is your skin dry?", "whole_body"),
    ("fever", "Fever, chills or shivering", "Is there a fever, chills or shivering?", "whole_body"),
    ("weight_loss", "Unintended weight loss", "Have you lost weight without trying?", "whole_body"),
    ("fainting", "Fainting or blacking out", "Have you fainted or blacked out?", "whole_body"),
    ("vomiting", "Vomiting", "Have you been vomiting?", "whole_body"),
    ("dark_brown_urine", "Cola- or tea-coloured urine", "Is the urine dark brown, like cola or strong tea?", "whole_body"),
    # Mind and body
    ("anxiety_or_panic", "Anxiety or panic", "Did it come with anxiety or a feeling of panic?", "mind_and_body"),
    ("palpitations", "Palpitations", "Did you feel your heart pounding or racing?", "mind_and_body"),
    ("rapid_breathing", "Rapid breathing", "Were you breathing fast?", "mind_and_body"),
    ("lightheadedness", "Lightheadedness", "Did you feel lightheaded?", "mind_and_body"),
    ("tingling_lips_or_fingers", "Tingling lips or fingers", "Did your lips or fingers tingle?", "mind_and_body"),
    ("resolves_when_calm", "Resolves when calm", "Does it settle once you are calm again?", "mind_and_body"),
])

COMPLAINT_FINDINGS = frozenset(
    [f.id for f in FINDINGS.values() if f.category == "course"] + ["generalized_weakness_fatigue"])
"""The findings that describe the complaint itself (one leg or both, sudden or
gradual, episodes or constant, weak all over or the legs only): what a
consultation settles first after the red flags."""

FINDING_CATEGORIES = (
    "course", "joints", "spine_and_nerves", "circulation", "risk_factors",
    "whole_body", "mind_and_body",
)

CONDITIONS: Mapping[str, ConditionTerm] = _table(ConditionTerm, [
    ("ligament_injury", "Ligament injury (ACL or MCL)", "mechanical", "routine"),
    ("meniscal_tear", "Meniscal tear", "mechanical", "routine"),
    ("patellar_instability", "Patellar instability", "mechanical", "routine"),
    ("osteoarthritis", "Osteoarthritis", "mechanical", "routine"),
    ("rheumatoid_arthritis", "Rheumatoid arthritis", "mechanical", "routine"),
    ("joint_laxity", "Hip or ankle joint laxity", "mechanical", "routine"),
    ("muscle_fatigue", "Muscle fatigue from overexertion", "mechanical", "self_care"),
    ("footwear_strain", "Strain from unsupportive footwear", "mechanical", "self_care"),
    ("lumbar_spinal_stenosis", "Lumbar spinal stenosis", "neurological", "routine"),
    ("lumbar_radiculopathy", "Lumbar radiculopathy (sciatica)", "neurological", "routine"),
    ("peripheral_neuropathy", "Peripheral neuropathy", "neurological", "routine"),
    ("stroke_or_tia", "Stroke or transient ischaemic attack (TIA)", "neurological", "emergency"),
    ("multiple_sclerosis", "Multiple sclerosis", "neurological", "urgent"),
    ("guillain_barre_syndrome", "Guillain-Barré syndrome", "neurological", "emergency"),
    ("cauda_equina_syndrome", "Cauda equina syndrome", "neurological", "emergency"),
    ("peripheral_artery_disease", "Peripheral artery disease", "circulatory", "routine"),
    ("chronic_venous_insufficiency", "Chronic venous insufficiency", "circulatory", "routine"),
    ("acute_limb_ischemia", "Acute limb ischaemia", "circulatory", "emergency"),
    ("electrolyte_imbalance", "Electrolyte imbalance", "systemic", "routine"),
    ("hypoglycemia", "Hypoglycaemia (low blood sugar)", "systemic", "urgent"),
    ("dehydration", "Dehydration", "systemic", "self_care"),
    ("anemia", "Anaemia", "systemic", "routine"),
    ("hypothyroidism", "Hypothyroidism", "systemic", "routine"),
    ("medication_side_effect", "Medication side effect", "systemic", "routine"),
    ("anxiety_response", "Anxiety or panic response", "psychological", "self_care"),
    # Beyond the source documents: dangerous causes a guideline names, added
    # so that legwise recognises them rather than naming a wrong cause.
    ("deep_vein_thrombosis", "Deep vein thrombosis (DVT)", "circulatory", "urgent", True),
    ("spinal_cord_compression", "Spinal cord compression", "neurological", "emergency", True),
    ("myasthenia_gravis", "Myasthenia gravis", "neurological", "urgent", True),
    ("hip_fracture", "Hip fracture", "mechanical", "urgent", True),
    ("rhabdomyolysis", "Rhabdomyolysis (muscle breakdown)", "systemic", "urgent", True),
    ("septic_arthritis", "Septic arthritis (infected joint)", "infection", "urgent", True),
    ("cellulitis", "Cellulitis (skin infection)", "infection", "urgent", True),
])

CONDITION_CATEGORIES = ("mechanical", "neurological", "circulatory", "systemic", "psychological", "infection")

RED_FLAGS: Mapping[str, RedFlagTerm] = _table(RedFlagTerm, [
    ("suspected_stroke_or_tia", "Possible stroke or TIA", "stroke_or_tia"),
    ("suspected_cauda_equina", "Possible cauda equina syndrome", "cauda_equina_syndrome"),
    ("suspected_guillain_barre", "Possible Guillain-Barré syndrome", "guillain_barre_syndrome"),
    ("suspected_acute_limb_ischemia", "Possible acute limb ischaemia", "acute_limb_ischemia"),
    ("rapid_bilateral_weakness", "Rapidly progressive weakness in both legs", "cauda_equina_syndrome"),
    ("sudden_severe_weakness", "Sudden, severe weakness", "spinal_cord_compression"),
    ("suspected_spinal_cord_compression", "Possible spinal cord compression", "spinal_cord_compression"),
])

PATTERNS: Mapping[str, PatternTerm] = _table(PatternTerm, [
    ("neurogenic_claudication", "Neurogenic claudication",
     "Leg symptoms brought on by standing or walking and eased by sitting or leaning forward."),
    ("vascular_claudication", "Vascular claudication",
     "Exertional calf, thigh or buttock pain or heaviness that eases within minutes of rest, even standing."),
    ("mechanical_knee_instability", "Mechanical knee instability",
     "The knee gives way from a structural problem in the joint."),
    ("knee_mechanical_block", "Mechanical block in the knee",
     "Locking or catching of the knee, as a torn flap of cartilage does."),
    ("radicular_pain", "Radicular (nerve root) pain",
     "Shooting pain, numbness or tingling along the path of a lumbar nerve root."),
    ("upper_motor_neuron_pattern", "Upper motor neuron pattern",
     "Stiffness, spasticity or brisk reflexes: a problem in the brain or spinal cord."),
    ("length_dependent_polyneuropathy", "Length-dependent polyneuropathy",
     "Numbness, tingling or burning that starts in both feet."),
    ("inflammatory_arthritis", "Inflammatory joint pattern",
     "Prolonged morning stiffness with symmetric swelling of small joints."),
    ("degenerative_joint_pain", "Degenerative joint pain",
     "Aching joint pain worse with use and eased by rest."),
    ("venous_congestion", "Venous congestion",
     "Heaviness or swelling that builds through the day and eases with the legs raised."),
    ("sympathetic_arousal", "Sympathetic (fight-or-flight) arousal",
     "Anxiety or panic with palpitations or fast breathing."),
    ("hyperventilation", "Hyperventilation",
     "Fast breathing with tingling lips or fingers or lightheadedness."),
    ("acute_central_deficit", "Acute one-sided central deficit",
     "Sudden weakness of one side, the hallmark of a stroke or TIA."),
    ("rapidly_ascending_paralysis", "Rapidly ascending weakness",
     "Weakness that starts in the feet and climbs quickly."),
    ("sphincter_disturbance", "Sphincter disturbance",
     "New loss of bladder or bowel control."),
    ("limb_ischemia_signs", "Signs of acute loss of blood flow",
     "Sudden severe pain or a cold, pale limb."),
    ("generalized_metabolic_weakness", "Generalised (whole-body) weakness",
     "Weakness or fatigue of the whole body rather than one leg or joint."),
    ("fluid_depletion", "Fluid depletion",
     "Thirst or dark urine, or fluid lost through heat, vomiting or diarrhoea."),
    ("low_oxygen_carrying_capacity", "Reduced oxygen-carrying capacity",
     "Pallor and breathlessness on exertion, as in a shortage of red blood cells."),
    ("slowed_metabolism", "Slowed metabolism",
     "Cold intolerance, weight gain, constipation or dry skin."),
    ("neuroglycopenia_risk", "Low blood sugar risk",
     "Shaky, sweaty or hungry after a missed meal or on glucose-lowering medication."),
    ("medication_exposure", "Exposure to a medicine that can cause leg weakness or heaviness",
     "Calcium channel blocker, statin, diuretic or antibiotic."),
    ("overuse_strain", "Overuse strain",
     "Leg muscles overworked by exercise, long standing or poor footwear."),
    ("central_demyelination", "Relapsing central nervous system signs",
     "Earlier neurological episodes, visual disturbance or spasticity."),
    ("posterior_circulation_signs", "Posterior-circulation stroke signs",
     "Sudden vertigo or unsteadiness with trouble seeing, speaking or walking, or with vomiting."),
    ("new_onset", "Recent onset (within days)",
     "Symptoms that began suddenly or within the last days: the window in which a stroke, a clot or an infection declares itself."),
    ("spinal_cord_signs", "Spinal cord signs",
     "A sensory level, or spasticity, brisk reflexes or sphincter trouble with weakness of both legs."),
    ("clot_risk", "Risk of a blood clot",
     "Recent surgery, immobility, a plaster cast, a long journey, or cancer."),
    ("one_sided_calf_swelling", "One swollen, tender calf",
     "Swelling and tenderness of one calf, the picture of a deep vein thrombosis."),
    ("muscle_breakdown_signs", "Signs of muscle breakdown",
     "Cola-coloured urine with aching or weak muscles, after hard exertion, a crush or a fall."),
    ("critical_ischemia_signs", "Chronic limb-threatening ischaemia",
     "Rest pain, or a wound that will not heal, in a leg with poor pulses or claudication."),
    ("acute_joint_injury", "Acute joint injury",
     "A joint that swelled within hours of an injury, or looks deformed after it: blood in the joint, a fracture or a dislocation."),
    ("infection_signs", "Signs of infection",
     "Fever with a hot red joint or spreading redness of the skin."),
    ("fatigable_weakness_pattern", "Fatigable weakness",
     "Weakness that worsens with use and recovers with rest, with drooping eyelids or double vision."),
])

OUTSIDE_CAUSES: Mapping[str, PatternTerm] = _table(PatternTerm, [
    ("gout", "Gout or pseudogout",
     "A crystal arthritis: a hot, red, exquisitely painful joint, often the big toe or knee."),
    ("polymyalgia_rheumatica", "Polymyalgia rheumatica",
     "Aching and morning stiffness of the hips and shoulders in someone over 50."),
    ("cervical_myelopathy", "Cervical myelopathy",
     "Compression of the spinal cord in the neck: clumsy hands with stiff, unsteady legs."),
    ("sepsis", "Sepsis",
     "A life-threatening response to infection: fever or low temperature with confusion, fast breathing or collapse."),
    ("delirium", "Delirium",
     "An acute confusional state in an older or frail person, often from an infection, a medicine or dehydration."),
    ("diabetic_ketoacidosis", "Diabetic ketoacidosis or hyperglycaemic crisis",
     "Very high blood sugar in diabetes: thirst, vomiting, fast breathing and drowsiness."),
    ("heart_failure", "Heart failure",
     "Breathlessness lying flat or at rest, with swelling of both legs and fatigue."),
    ("arrhythmia_or_syncope", "A heart rhythm problem or cardiac syncope",
     "Fainting, palpitations or a slow or irregular pulse: the legs give way because the brain is briefly short of blood."),
    ("acute_coronary_syndrome", "Acute coronary syndrome (heart attack)",
     "Chest pain or tightness, sometimes with breathlessness, sweating or collapse."),
    ("parkinsonism", "Parkinson's disease or parkinsonism",
     "Slow, stiff movement, a resting tremor and falls."),
    ("normal_pressure_hydrocephalus", "Normal-pressure hydrocephalus",
     "A shuffling, unsteady gait with bladder urgency and memory trouble in an older person."),
    ("functional_neurological_disorder", "Functional neurological disorder",
     "Genuine weakness or collapse without structural disease, often after stress; a positive diagnosis made by a neurologist."),
    ("inflammatory_myopathy", "An inflammatory or other myopathy",
     "Weakness of the thighs and shoulders (climbing stairs, rising from a chair), with or without muscle pain."),
    ("malignancy", "Cancer or its spread",
     "Unintended weight loss, a history of cancer, or back pain at night: a cause to look for, not to assume."),
])
"""Causes outside the knowledge base that a guideline says to consider: legwise
names them (with the guideline) rather than force a known condition to fit."""

ACTIONS: Mapping[str, ActionTerm] = _table(ActionTerm, [
    ("call_emergency_services", "Call emergency services or go to an emergency department now", "referral"),
    ("emergency_mri_spine", "Emergency MRI of the lumbar spine and surgical assessment", "imaging"),
    ("emergency_stroke_assessment", "Emergency stroke assessment and brain imaging", "imaging"),
    ("emergency_vascular_assessment", "Emergency vascular assessment of the limb", "referral"),
    ("emergency_neurology_assessment", "Emergency neurological assessment", "referral"),
    ("physical_examination", "Physical examination: muscle strength, reflexes and range of motion", "examination"),
    ("knee_examination", "Examination of the knee's stability and range of motion", "examination"),
    ("xray_joint", "X-ray of the joint to assess bone alignment and arthritis", "imaging"),
    ("mri_knee", "MRI of the knee to examine ligaments and cartilage", "imaging"),
    ("mri_lumbar_spine", "MRI of the lumbar spine", "imaging"),
    ("mri_brain_spinal_cord", "MRI of the brain and spinal cord", "imaging"),
    ("nerve_conduction_emg", "Nerve conduction studies and electromyography (EMG)", "nerve_studies"),
    ("doppler_ultrasound", "Doppler ultrasound of the leg's blood flow", "imaging"),
    ("ankle_brachial_pressure", "Check foot pulses and compare ankle and arm blood pressure", "examination"),
    ("blood_glucose", "Blood glucose test", "blood_tests"),
    ("blood_hba1c", "Blood test for diabetes (HbA1c)", "blood_tests"),
    ("blood_thyroid", "Thyroid function blood test", "blood_tests"),
    ("blood_count", "Full blood count", "blood_tests"),
    ("blood_electrolytes", "Blood electrolytes (sodium, potassium, magnesium)", "blood_tests"),
    ("blood_inflammatory_markers", "Blood tests for inflammation and rheumatoid factor", "blood_tests"),
    ("neurology_referral", "Referral to a neurologist", "referral"),
    ("rheumatology_referral", "Referral to a rheumatologist", "referral"),
    ("physical_therapy", "Physical therapy to restore strength and stability", "therapy"),
    ("quadriceps_hip_strengthening", "Strengthening of the quadriceps and hip muscles", "therapy"),
    ("spinal_exercises", "Exercises to relieve pressure on the spinal nerves", "therapy"),
    ("pain_inflammation_medication", "Medicines for pain and inflammation, as prescribed", "medication"),
    ("medication_review", "Review of current medicines with the prescriber", "medication"),
    ("fast_acting_sugar", "Take fast-acting sugar now, then a meal", "self_care"),
    ("hydration", "Drink fluids and replace lost salts", "self_care"),
    ("rest_and_recovery", "Rest the legs and recover before exercising again", "self_care"),
    ("supportive_footwear", "Wear well-fitting, supportive shoes", "self_care"),
    ("leg_elevation_compression", "Raise the legs and consider compression stockings", "self_care"),
    ("walking_programme_stop_smoking", "Structured walking programme and stopping smoking", "self_care"),
    ("slow_breathing", "Slow breathing and grounding techniques", "self_care"),
    ("same_day_dvt_assessment", "Same-day assessment for a blood clot: D-dimer blood test and leg vein ultrasound", "imaging"),
    ("emergency_whole_spine_mri", "Emergency MRI of the whole spine", "imaging"),
    ("hip_xray", "X-ray of the hip in an emergency department", "imaging"),
    ("joint_injury_xray", "X-ray of the injured joint the same day", "imaging"),
    ("blood_ck_kidney", "Blood tests for muscle breakdown (creatine kinase) and kidney function", "blood_tests"),
    ("joint_aspiration", "Same-day joint aspiration to look for infection", "examination"),
    ("same_day_antibiotic_assessment", "Same-day assessment for antibiotics", "medication"),
    ("myasthenia_antibody_test", "Acetylcholine-receptor antibody test and urgent neurology review", "blood_tests"),
    ("urgent_vascular_referral", "Urgent referral to a vascular team", "referral"),
    ("same_day_medical_assessment", "Same-day medical assessment (within 24 hours)", "referral"),
    ("ecg", "An ECG (heart tracing) and pulse check", "examination"),
    ("assess_unexplained_findings", "A clinician's assessment of the findings legwise cannot explain", "examination"),
    ("safety_net_emergency_signs",
     "Seek care at once if weakness spreads or becomes one-sided, the face droops, speech slurs, "
     "bladder or bowel control is lost, the saddle area goes numb, or the leg turns cold and pale", "safety_net"),
])


@dataclass(frozen=True)
class Checklist:
    """One question over several findings, as triage lines ask "do you have
    any of these?" and forms say "tick all that apply": the findings ticked
    are present and the rest absent (any may be marked "not sure"); a no rules
    them all out at once, a "don't know" leaves them all unknown, and a plain
    yes opens them, to be asked one by one."""
    id: str
    label: str
    findings: tuple[str, ...]


def _checklists(rows) -> Mapping[str, Checklist]:
    table = _table(Checklist, rows)
    for checklist in table.values():
        unknown = [f for f in checklist.findings if f not in FINDINGS]
        if unknown:
            raise ValueError(f"checklist {checklist.id!r} names unknown findings {unknown}")
    return table


CHECKLISTS: Mapping[str, Checklist] = _checklists([
    ("checklist_emergency_signs", "Signs of a stroke or a spinal emergency",
     ("facial_droop", "slurred_speech", "arm_weakness_same_side", "vision_disturbance", "confusion", "vertigo",
      "saddle_numbness", "bladder_dysfunction", "bowel_dysfunction", "sensory_level")),
    ("checklist_course", "How it began and where it is",
     ("onset_sudden", "duration_hours", "rapidly_progressive", "ascending_weakness", "unable_to_stand_or_walk",
      "constant_weakness", "one_sided", "both_legs", "fall_or_injury")),
    ("checklist_heart_and_body", "Heart, breathing and the whole body",
     ("chest_pain", "breathless_at_rest", "fainting", "slow_or_irregular_pulse", "palpitations", "lightheadedness",
      "rapid_breathing", "shaky_sweaty_hungry", "thirst_dark_urine", "vomiting", "vomiting_or_diarrhea")),
    ("checklist_the_leg", "In the leg itself",
     ("cold_pale_leg", "sudden_severe_leg_pain", "calf_swelling_tenderness_one_side", "leg_swelling",
      "rest_pain_in_foot", "non_healing_wound_or_gangrene", "hot_red_joint", "red_hot_skin_leg",
      "rapid_knee_swelling_after_injury", "joint_deformity_after_injury", "leg_shortened_or_turned_out",
      "hip_or_groin_pain")),
    ("checklist_history", "Medical history and general health",
     ("diabetes", "glucose_lowering_medication", "takes_diuretic", "cancer_history", "recent_immobility_or_surgery",
      "heavy_blood_loss", "fever", "weight_loss", "dark_brown_urine")),
    ("checklist_nerve_signs", "Nerve and spinal cord signs",
     ("leg_pain_radiating_below_knee", "leg_numbness_tingling", "leg_stiffness_spasticity", "brisk_reflexes",
      "reduced_reflexes", "balance_problems", "fatigable_weakness", "drooping_eyelids", "thoracic_back_pain",
      "clumsy_hands")),
])
"""Screening questions a consultation asks before the findings they cover, while
two or more of those could still raise the triage (``expert.consult.strategy``).
Grouped as a clinician screens (emergency signs, the course, heart and body,
the leg, history, nerve signs), each at most a dozen findings long so that it
reads as one question."""

CONCERNING_FINDINGS = frozenset([
    # red-flag and safety-net findings
    "rapidly_progressive", "ascending_weakness", "unable_to_stand_or_walk", "saddle_numbness",
    "bladder_dysfunction", "bowel_dysfunction", "facial_droop", "slurred_speech", "confusion",
    "arm_weakness_same_side", "vision_disturbance", "cold_pale_leg", "sudden_severe_leg_pain",
    "vertigo", "sensory_level", "fainting", "chest_pain", "breathless_at_rest",
    "slow_or_irregular_pulse", "calf_swelling_tenderness_one_side", "dark_brown_urine",
    "hot_red_joint", "red_hot_skin_leg", "rest_pain_in_foot", "non_healing_wound_or_gangrene",
    "rapid_knee_swelling_after_injury", "joint_deformity_after_injury", "leg_shortened_or_turned_out",
    "drooping_eyelids", "fatigable_weakness", "heavy_blood_loss", "fever", "weight_loss",
    "cancer_history", "swelling_not_eased_by_rest_or_elevation", "constant_weakness",
])
"""Findings that forbid self-care while present: each needs a clinician
whatever the leading cause seems to be."""

CONTEXT_FINDINGS = frozenset(
    [f.id for f in FINDINGS.values() if f.category == "risk_factors"]
    + ["onset_sudden", "onset_gradual", "one_sided", "both_legs", "symptoms_now_resolved",
       "interferes_with_daily_activities", "duration_hours", "duration_days", "duration_weeks",
       "duration_months", "fall_or_injury", "recent_overexertion", "unsupportive_footwear",
       "recent_infection", "missed_meal_or_fasting", "low_fluid_intake_or_heat",
       "resolves_when_calm", "previous_neuro_episodes",
       # modifiers of the complaint (when it comes and what eases it)
       "worse_end_of_day", "relief_on_rest", "better_with_elevation", "relief_on_sitting_or_bending_forward",
       "symptoms_on_standing_or_walking"])
"""Findings that describe the course, the history or the circumstances rather
than a symptom or sign: they need no cause to explain them, so they never count
as unexplained."""


def label_of(kind_or_id: str) -> str:
    """The plain-language label of any vocabulary id."""
    for table in (FINDINGS, CONDITIONS, RED_FLAGS, PATTERNS, ACTIONS, OUTSIDE_CAUSES, CHECKLISTS):
        if kind_or_id in table:
            return table[kind_or_id].label
    raise KeyError(kind_or_id)
