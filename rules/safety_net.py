"""The safety net: red flags and escalations that hold whatever the leading cause.

Realistic presentations are atypical, incomplete and noisy. These rules read
any combination of findings (and age), never the differential, so no benign
explanation can talk them down: triage is the most urgent level any rule
claims. Red-flag rules here, like those in ``red_flags``, read only findings
given as present, so adding a finding can never remove one.

Most of this knowledge is beyond the three source documents; each such rule
cites the public guideline it comes from (``rules.guidelines``) and is marked
so in the rule book and in reports.
"""
from expert.dsl import (age_at_least, any_present, lacks_pattern, not_present, present, recommends, red_flag,
                        rule, supports, urgency)
from rules import guidelines as g
from rules.sources import LEGS_GIVING_OUT

_ANY_SUDDEN_SEVERE = LEGS_GIVING_OUT.quote(
    "Any sudden, severe onset of weakness, especially if it affects only one side of the body, "
    "should be treated as an emergency.")
_CANNOT_MOVE = LEGS_GIVING_OUT.quote(
    "Persistent weakness, severe pain, or numbness that prohibits movement should always be "
    "assessed by a healthcare professional.")

_NEW = ("onset_sudden", "duration_hours")  # began abruptly, or within the last day
_CORD_SIGNS = ("leg_numbness_tingling", "constant_weakness", "unable_to_stand_or_walk", "bladder_dysfunction",
               "bowel_dysfunction", "leg_stiffness_spasticity", "brisk_reflexes", "balance_problems",
               "sensory_level", "saddle_numbness")

RULES = [
    # -- Stroke and TIA: BE-FAST, posterior circulation, onset in hours ----------
    rule(
        id="net.stroke.slurred_speech",
        title="Slurred speech with leg weakness",
        cites=g.BE_FAST.cite("Methods and results: the S of BE-FAST",
                             "Speech difficulty is a stroke sign on its own; with balance and eye signs added to "
                             "FAST, fewer strokes are missed."),
        rationale="New slurred speech is a stroke sign whatever the legs are doing, even if both are weak or the person is anxious.",
        when=[present("slurred_speech")],
        then=[red_flag("suspected_stroke_or_tia"), supports("stroke_or_tia", 0.5)],
    ),
    rule(
        id="net.stroke.new_confusion",
        title="Confusion that began suddenly or within the day",
        cites=g.NICE_STROKE.cite("1.1 Rapid recognition of symptoms and diagnosis",
                                 "Use a validated tool such as FAST or ROSIER outside hospital and in the emergency "
                                 "department; a sudden neurological deficit is a stroke until proven otherwise."),
        rationale="Abrupt confusion is a sudden neurological deficit; it needs a stroke assessment now.",
        when=[present("confusion"), any_present(*_NEW)],
        then=[red_flag("suspected_stroke_or_tia"), supports("stroke_or_tia", 0.5)],
    ),
    rule(
        id="net.stroke.posterior_circulation",
        title="Sudden vertigo or unsteadiness with trouble seeing, speaking or walking, or vomiting",
        cites=g.BE_FAST.cite("Introduction and discussion: posterior circulation strokes",
                             "Balance loss and eye symptoms (double or lost vision) are the signs FAST misses; "
                             "they are how posterior circulation strokes present."),
        rationale="Vertigo or imbalance is a brainstem or cerebellar stroke when it comes suddenly with another sign; "
                  "dehydration does not make someone unable to walk with double vision.",
        when=[any_present(*_NEW), any_present("vertigo", "balance_problems"),
              any_present("vision_disturbance", "slurred_speech", "vomiting", "unable_to_stand_or_walk",
                          "one_sided")],
        then=[red_flag("suspected_stroke_or_tia"), supports("stroke_or_tia", 0.6)],
    ),
    rule(
        id="net.stroke.sudden_vision_loss",
        title="Sudden loss or doubling of vision with leg symptoms",
        cites=g.BE_FAST.cite("Methods and results: the E of BE-FAST",
                             "Sudden loss of vision in one or both eyes, or double vision, is a stroke sign."),
        rationale="Sudden visual loss or double vision is the E of BE-FAST.",
        when=[present("onset_sudden"), present("vision_disturbance")],
        then=[red_flag("suspected_stroke_or_tia"), supports("stroke_or_tia", 0.5)],
    ),
    rule(
        id="net.stroke.one_sided_within_the_day",
        title="One-sided weakness that began within the last day",
        cites=_ANY_SUDDEN_SEVERE,
        rationale="Weakness of one side noticed since last evening or on waking is of sudden onset for triage: "
                  "treatment windows are counted in hours.",
        when=[present("duration_hours"), present("one_sided"),
              any_present("constant_weakness", "leg_numbness_tingling")],
        then=[red_flag("suspected_stroke_or_tia"), supports("stroke_or_tia", 0.6)],
    ),
    # -- Sudden, severe weakness -------------------------------------------------
    rule(
        id="net.weakness.sudden_both_legs",
        title="Sudden, severe weakness of both legs",
        cites=_ANY_SUDDEN_SEVERE,
        rationale="The document says any sudden, severe weakness is an emergency; in both legs it may be the spinal cord.",
        when=[present("onset_sudden"), present("both_legs"),
              any_present("constant_weakness", "unable_to_stand_or_walk")],
        then=[red_flag("sudden_severe_weakness"), supports("spinal_cord_compression", 0.3)],
    ),
    rule(
        id="net.weakness.sudden_cannot_stand",
        title="Sudden weakness so severe the person cannot stand or walk",
        cites=_ANY_SUDDEN_SEVERE,
        rationale="Weakness (not pain from an injury) that suddenly stops someone standing is severe by definition.",
        when=[present("onset_sudden"), present("unable_to_stand_or_walk"), present("constant_weakness")],
        then=[red_flag("sudden_severe_weakness"), supports("spinal_cord_compression", 0.2)],
    ),
    # -- Spinal cord compression -------------------------------------------------
    rule(
        id="net.cord.cancer_or_fever_with_back_pain_and_neuro_signs",
        title="Cancer or fever, back pain and neurological signs",
        cites=g.NICE_SPINAL_METASTASES.cite(
            "1.2 Recognising and referring: symptoms suggestive of spinal metastases and MSCC",
            "Contact the MSCC coordinator immediately, for an MRI within 24 hours, if someone with cancer has "
            "spinal pain with neurological symptoms or signs (limb weakness, difficulty walking, sensory loss, "
            "bladder or bowel dysfunction)."),
        rationale="Back pain with new neurological signs in someone with cancer (or with a fever, an epidural abscess) "
                  "is cord compression until an MRI says otherwise; delay costs the ability to walk.",
        when=[any_present("cancer_history", "fever"), any_present("low_back_pain", "thoracic_back_pain"),
              any_present(*_CORD_SIGNS)],
        then=[red_flag("suspected_spinal_cord_compression"), supports("spinal_cord_compression", 0.7)],
    ),
    rule(
        id="net.cord.sensory_level",
        title="Numbness below a level on the trunk",
        cites=g.NICE_SPINAL_METASTASES.cite(
            "1.2 Recognising and referring: symptoms suggestive of spinal metastases and MSCC",
            "Neurological symptoms including radicular pain, any limb weakness, difficulty in walking, sensory "
            "loss or bladder or bowel dysfunction need immediate referral."),
        rationale="A sensory level places the lesion in the spinal cord, not in a nerve or muscle.",
        when=[present("sensory_level")],
        then=[red_flag("suspected_spinal_cord_compression"), supports("spinal_cord_compression", 0.6)],
    ),
    rule(
        id="net.cord.cancer_with_spinal_pain",
        title="Spinal pain in someone who has had cancer",
        cites=g.NICE_SPINAL_METASTASES.cite(
            "1.2 Recognising and referring: symptoms suggestive of spinal metastases",
            "Contact the MSCC coordinator urgently (within 24 hours) if someone with cancer has pain in the "
            "thoracic or cervical spine, progressive or severe spinal pain, or pain at night."),
        rationale="Back pain after cancer may be a metastasis that has not yet reached the cord.",
        when=[present("cancer_history"), any_present("thoracic_back_pain", "low_back_pain")],
        then=[urgency("urgent"), supports("spinal_cord_compression", 0.3)],
    ),
    rule(
        id="net.infection.fever_with_back_pain",
        title="Fever with back pain",
        cites=g.NICE_SCIATICA.cite("Assessment: red flags for a serious cause",
                                   "Fever, with back pain, may be a spinal infection (discitis or epidural abscess)."),
        rationale="A spinal infection can compress the cord within hours; it needs assessment the same day.",
        when=[present("fever"), any_present("low_back_pain", "thoracic_back_pain")],
        then=urgency("urgent"),
    ),
    # -- Guillain-Barré: severe, whatever the tempo ---------------------------------
    rule(
        id="net.gbs.severe_ascending",
        title="Ascending weakness that stops walking or affects breathing",
        cites=g.GBS_TEN_STEPS.cite("Step 4: admission to the intensive care unit",
                                   "Rapid progression, inability to walk, breathing or swallowing difficulty and "
                                   "autonomic signs predict respiratory failure; such patients need monitoring in hospital."),
        rationale="Severity, not only speed, makes Guillain-Barré an emergency: a slow tempo does not make "
                  "ascending weakness that stops walking a neuropathy.",
        when=[present("ascending_weakness"), any_present("unable_to_stand_or_walk", "breathless_at_rest")],
        then=[red_flag("suspected_guillain_barre"), supports("guillain_barre_syndrome", 0.6)],
    ),
    # -- Breathing, heart, circulation ----------------------------------------------
    rule(
        id="net.cardiac.chest_pain",
        title="Chest pain with weak or giving-way legs",
        cites=g.NICE_CHEST_PAIN.cite("1.1 People presenting with acute chest pain",
                                     "Refer people with current chest pain, or chest pain in the last 12 hours, "
                                     "as an emergency if an acute coronary syndrome is suspected."),
        rationale="Legs that give way with chest pain may be a heart that is failing to pump; that is an emergency.",
        when=[present("chest_pain")],
        then=urgency("emergency"),
    ),
    rule(
        id="net.breathing.breathless_at_rest",
        title="Breathless at rest or lying flat",
        cites=g.NICE_HEART_FAILURE.cite("1.2 Diagnosing heart failure",
                                        "Breathlessness lying flat and swollen legs need assessment for heart failure; "
                                        "severe or sudden breathlessness needs emergency care."),
        rationale="Breathlessness at rest means the heart, lungs or blood cannot keep up even without effort.",
        when=[present("breathless_at_rest")],
        then=urgency("urgent"),
    ),
    rule(
        id="net.cardiac.fainting_or_abnormal_pulse",
        title="Fainting, or a slow or irregular pulse",
        cites=g.NICE_BLACKOUTS.cite("1.1 Initial assessment; 1.2 referral",
                                    "Refer within 24 hours for a cardiovascular assessment anyone with a blackout "
                                    "and an abnormal ECG, heart failure, exertional blackout, or new breathlessness; "
                                    "record an ECG in everyone."),
        rationale="Legs that give way because the person blacked out point to the heart's rhythm, not to the legs.",
        when=[any_present("fainting", "slow_or_irregular_pulse")],
        then=urgency("urgent"),
    ),
    rule(
        id="net.cardiac.fainting_with_abnormal_pulse",
        title="Fainting with a slow or irregular pulse",
        cites=g.NICE_BLACKOUTS.cite("1.1 Initial assessment: red flags",
                                    "A blackout with an ECG abnormality such as heart block or a slow heart rate "
                                    "needs cardiovascular assessment at once; a very slow pulse may stop."),
        rationale="A blackout with a slow or irregular pulse may be heart block; the next one can be fatal.",
        when=[present("fainting"), present("slow_or_irregular_pulse")],
        then=urgency("emergency"),
    ),
    rule(
        id="net.cardiac.older_palpitations",
        title="Palpitations with light-headedness or giving way in someone over 60",
        cites=g.NICE_BLACKOUTS.cite("1.2 Referral for specialist cardiovascular assessment",
                                    "Palpitations with presyncope, particularly in older people, need an ECG and "
                                    "cardiovascular assessment within 24 hours."),
        rationale="At this age palpitations with light-headedness are a heart rhythm problem until an ECG shows otherwise.",
        when=[age_at_least(60), present("palpitations"),
              any_present("lightheadedness", "episodes_of_giving_way", "fainting")],
        then=urgency("urgent"),
    ),
    rule(
        id="net.dvt.calf",
        title="One swollen, tender calf",
        cites=g.NICE_VTE.cite("1.1 Diagnosis and initial management: deep vein thrombosis",
                              "If DVT is suspected, do a two-level DVT Wells score and offer a proximal leg vein "
                              "ultrasound within 4 hours, or a D-dimer and interim anticoagulation."),
        rationale="A swollen, tender calf on one side is a clot until an ultrasound says otherwise, "
                  "however tired the legs were after the walk.",
        when=[present("calf_swelling_tenderness_one_side")],
        then=urgency("urgent"),
    ),
    rule(
        id="net.dvt.acute_one_sided_swelling",
        title="One leg swollen within the last days",
        cites=g.NICE_VTE.cite("1.1 Diagnosis and initial management: deep vein thrombosis",
                              "Entire leg swollen, and calf swelling of 3 cm or more compared with the other leg, "
                              "each score a point on the two-level DVT Wells score."),
        rationale="Swelling of one leg that came on over hours or days is acute, not chronic venous insufficiency.",
        when=[present("leg_swelling"), present("one_sided"), any_present("duration_hours", "duration_days", "onset_sudden")],
        then=[urgency("urgent"), supports("deep_vein_thrombosis", 0.5)],
    ),
    rule(
        id="net.ischemia.critical",
        title="Rest pain, or a foot wound that will not heal",
        cites=g.CLTI.cite("Definition and staging (WIfI)",
                          "Chronic limb-threatening ischaemia is ischaemic rest pain, or tissue loss (a non-healing "
                          "wound or gangrene), with proven arterial disease; it needs urgent vascular referral."),
        rationale="Pain at rest or tissue loss means the leg's blood flow no longer meets its needs even at rest: "
                  "without revascularisation the limb is at risk.",
        when=[any_present("rest_pain_in_foot", "non_healing_wound_or_gangrene")],
        then=[urgency("urgent"), supports("peripheral_artery_disease", 0.4)],
    ),
    # -- Muscles, metabolism and blood -----------------------------------------------
    rule(
        id="net.muscle.dark_urine",
        title="Cola-coloured urine with leg symptoms",
        cites=g.RHABDOMYOLYSIS.cite("Symptoms; When to contact a medical professional",
                                    "Dark, red or cola-coloured urine with muscle weakness or aching after heavy "
                                    "exertion, a crush or a long lie needs care at once: the kidneys may fail."),
        rationale="Cola-coloured urine means muscle (or blood) pigment in the urine; the kidneys are at risk within a day.",
        when=[present("dark_brown_urine")],
        then=urgency("urgent"),
    ),
    rule(
        id="net.metabolic.diabetic_thirst_and_vomiting",
        title="A person with diabetes who is thirsty and vomiting",
        cites=g.NICE_TYPE1_DIABETES.cite("1.9 Diabetic ketoacidosis",
                                         "Suspect ketoacidosis in anyone with diabetes who is unwell with nausea, "
                                         "vomiting, thirst or abdominal pain; test blood ketones and glucose the same day."),
        rationale="Thirst and vomiting in diabetes is a hyperglycaemic crisis until the glucose and ketones are known, "
                  "not simple dehydration.",
        when=[present("diabetes"), present("thirst_dark_urine"), any_present("vomiting", "vomiting_or_diarrhea")],
        then=urgency("urgent"),
    ),
    rule(
        id="net.metabolic.diabetic_crisis",
        title="Diabetes with thirst and fast breathing or confusion",
        cites=g.NICE_TYPE1_DIABETES.cite("1.9 Diabetic ketoacidosis",
                                         "Ketoacidosis with rapid breathing or reduced consciousness needs emergency "
                                         "hospital care."),
        rationale="Fast (Kussmaul) breathing or confusion in a thirsty diabetic means acidosis is affecting the brain and lungs.",
        when=[present("diabetes"), present("thirst_dark_urine"), any_present("rapid_breathing", "confusion")],
        then=urgency("emergency"),
    ),
    rule(
        id="net.metabolic.diuretic_attacks",
        title="Attacks of weakness on a diuretic, with cramps, palpitations or fluid loss",
        cites=g.HYPOKALAEMIA.cite("Causes; Symptoms",
                                  "Diuretics, vomiting and diarrhoea lower potassium; weakness, cramps and palpitations "
                                  "can follow, and a very low level can stop the heart."),
        rationale="Weakness on a diuretic with cramps or palpitations may be a dangerously low potassium: "
                  "it needs a blood test the same day, not a routine appointment.",
        when=[present("takes_diuretic"), present("episodes_of_giving_way"),
              any_present("muscle_cramps", "palpitations", "vomiting", "vomiting_or_diarrhea")],
        then=urgency("urgent"),
    ),
    rule(
        id="net.blood.heavy_loss_and_breathless",
        title="Heavy blood loss with breathlessness at rest, light-headedness or fainting",
        cites=g.NICE_IRON_ANAEMIA.cite("Assessment: when to admit or refer",
                                       "Arrange urgent assessment for anyone with anaemia who is symptomatic at rest, "
                                       "breathless, or actively bleeding."),
        rationale="Breathlessness at rest or faintness after heavy bleeding means the blood can no longer carry enough "
                  "oxygen even without effort; breathlessness on exertion alone can wait for a routine blood count.",
        when=[present("heavy_blood_loss"), any_present("breathless_at_rest", "lightheadedness", "fainting")],
        then=urgency("urgent"),
    ),
    # -- Infection and sepsis ---------------------------------------------------------
    rule(
        id="net.sepsis.fever_with_high_risk_sign",
        title="Fever with confusion, fast breathing or collapse",
        cites=g.NICE_SEPSIS.cite("1.4 Stratifying risk of severe illness or death from sepsis",
                                 "High-risk criteria include objective new altered mental state, a respiratory rate "
                                 "of 25 or more, and new need for oxygen; refer them to emergency care."),
        rationale="An infection with confusion, fast breathing or collapse is sepsis until treated otherwise.",
        when=[present("fever"), any_present("confusion", "rapid_breathing", "fainting")],
        then=urgency("emergency"),
    ),
    rule(
        id="net.infection.hot_joint",
        title="A hot, red, swollen joint",
        cites=g.HOT_SWOLLEN_JOINT.cite("Key recommendations",
                                       "A hot swollen joint is septic arthritis until proven otherwise; aspirate it "
                                       "before antibiotics, the same day."),
        rationale="An infected joint is destroyed within days; crystals can look the same, so only aspiration can tell.",
        when=[present("hot_red_joint")],
        then=urgency("urgent"),
    ),
    # -- Injury and the older person ---------------------------------------------------
    rule(
        id="net.injury.cannot_bear_weight",
        title="An injured leg that cannot bear weight",
        cites=g.NICE_KNEE_PAIN.cite("Assessment: red flags",
                                    "After injury, inability to bear weight, rapid swelling (haemarthrosis) or "
                                    "deformity suggests a fracture, dislocation or major ligament injury: arrange "
                                    "same-day assessment and X-ray."),
        rationale="Not bearing weight after an injury means a fracture until an X-ray shows otherwise.",
        when=[any_present("recent_knee_injury", "fall_or_injury"), present("unable_to_stand_or_walk")],
        then=[urgency("urgent"), recommends("joint_injury_xray", serves="acute_joint_injury")],
    ),
    rule(
        id="net.injury.haemarthrosis_or_deformity",
        title="A knee that swelled within hours of an injury, or a joint out of place",
        cites=g.NICE_KNEE_PAIN.cite("Assessment: red flags",
                                    "Rapid swelling within hours of an injury suggests haemarthrosis (a cruciate tear "
                                    "or fracture); deformity suggests a fracture or dislocation."),
        rationale="Blood in the joint or a dislocation needs the same-day assessment a simple sprain does not.",
        when=[any_present("rapid_knee_swelling_after_injury", "joint_deformity_after_injury")],
        then=[urgency("urgent"), recommends("joint_injury_xray", serves="acute_joint_injury")],
    ),
    rule(
        id="net.older.off_their_legs",
        title="An older person newly unable to stand or walk",
        cites=g.NICE_FALLS.cite("1.1 Preventing falls in older people: case finding and assessment",
                                "Older people who present with a fall or who cannot get up need a multifactorial "
                                "assessment, including for acute illness behind it."),
        rationale="In an older person, going 'off their legs' is often the only sign of an infection, a stroke, "
                  "a fracture or a medicine; it needs assessment within the day.",
        when=[age_at_least(65), any_present("unable_to_stand_or_walk", "fall_or_injury")],
        then=urgency("urgent"),
    ),
    rule(
        id="net.older.new_confusion",
        title="New confusion",
        cites=g.NICE_DELIRIUM.cite("1.3 Indicators of delirium; 1.5 diagnosis",
                                   "Recent changes in cognitive function, perception or behaviour may be delirium; "
                                   "a healthcare professional should assess and identify the cause."),
        rationale="New confusion is delirium or a stroke until shown otherwise; neither waits for a routine appointment.",
        when=[present("confusion")],
        then=urgency("urgent"),
    ),
    # -- Cauda equina at risk -------------------------------------------------------
    rule(
        id="net.cauda_equina.bilateral_sciatica",
        title="New sciatica in both legs",
        cites=g.NICE_SCIATICA.cite("Assessment: red flags for cauda equina syndrome",
                                   "Bilateral sciatica is a warning sign of cauda equina syndrome: ask about "
                                   "bladder, bowel and saddle sensation, and arrange same-day assessment."),
        rationale="Sciatica in both legs that is not a slow claudication may be an early cauda equina; "
                  "the bladder question is the point.",
        when=[present("both_legs"), present("leg_pain_radiating_below_knee"), not_present("onset_gradual"),
              lacks_pattern("neurogenic_claudication")],
        then=urgency("urgent"),
    ),
    # -- Myasthenic crisis --------------------------------------------------------------
    rule(
        id="net.myasthenia.breathing",
        title="Fatigable weakness with breathlessness at rest",
        cites=g.MYASTHENIA.cite("Myasthenic crisis",
                                "Weakness of breathing or swallowing in myasthenia is a crisis: admit as an emergency."),
        rationale="When fatigable weakness reaches the breathing muscles, ventilation may be needed within hours.",
        when=[any_present("fatigable_weakness", "drooping_eyelids"), present("breathless_at_rest")],
        then=[urgency("emergency"), supports("myasthenia_gravis", 0.4)],
    ),
    # -- What to do ----------------------------------------------------------------------
    rule(
        id="net.action.spinal_cord",
        title="Suspected spinal cord compression: emergency MRI of the whole spine",
        cites=g.NICE_SPINAL_METASTASES.cite("1.4 Imaging",
                                            "Perform an MRI of the whole spine within 24 hours, or immediately if "
                                            "there are neurological symptoms or signs."),
        rationale="Decompression or radiotherapy before paralysis sets in needs the level found now.",
        when=[any_present("sensory_level", "cancer_history", "fever"),
              any_present(*_CORD_SIGNS)],
        then=recommends("emergency_whole_spine_mri", serves="suspected_spinal_cord_compression"),
    ),
    rule(
        id="net.action.same_day",
        title="Escalation without a red flag: same-day medical assessment",
        cites=_CANNOT_MOVE,
        rationale="Whatever sets an urgent level needs a clinician within the day, not a routine appointment.",
        when=[any_present("calf_swelling_tenderness_one_side", "dark_brown_urine", "fainting", "slow_or_irregular_pulse",
                          "breathless_at_rest", "hot_red_joint", "rest_pain_in_foot", "non_healing_wound_or_gangrene",
                          "confusion", "chest_pain")],
        then=recommends("same_day_medical_assessment", serves="triage"),
    ),
    rule(
        id="net.action.ecg",
        title="Fainting, an abnormal pulse, palpitations in an older person, or chest pain: an ECG",
        cites=g.NICE_BLACKOUTS.cite("1.1 Initial assessment",
                                    "Record a 12-lead ECG for everyone who has had a blackout."),
        rationale="A heart rhythm problem behind the giving way shows on an ECG.",
        when=[any_present("fainting", "slow_or_irregular_pulse", "chest_pain")],
        then=recommends("ecg", serves="arrhythmia_or_syncope"),
    ),
]
