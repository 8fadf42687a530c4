"""Causes outside the knowledge base that are worth considering.

legwise knows a few dozen conditions; patients have more. When findings point
to a cause it does not model (gout, heart failure, parkinsonism...), these
rules name that cause with the guideline to read, rather than let a known
condition stretch to fit. They weigh no condition and set no triage (the
safety net does that); the assessment lists them under ``fit.consider``.
"""
from expert.dsl import absent, age_at_least, any_present, considers, present, rule
from rules import guidelines as g

RULES = [
    rule(
        id="outside.gout",
        title="A hot, red joint: gout or pseudogout",
        cites=g.NICE_GOUT.cite("1.1 Diagnosis",
                               "Suspect gout in a person with a red, hot, swollen, exquisitely painful joint, "
                               "most often the first metatarsophalangeal joint; exclude septic arthritis."),
        rationale="Crystal arthritis is the commonest hot joint, but it is a diagnosis made after infection is excluded.",
        when=[present("hot_red_joint")],
        then=considers("gout"),
    ),
    rule(
        id="outside.polymyalgia",
        title="Aching and morning stiffness after 50",
        cites=g.NICE_PMR.cite("Diagnosis",
                              "Suspect polymyalgia rheumatica in people over 50 with aching and morning stiffness "
                              "of the shoulders and hip girdle lasting over 45 minutes."),
        rationale="Stiff, aching thighs every morning in an older person may be polymyalgia, which steroids relieve.",
        when=[age_at_least(50), present("muscle_aches"), present("morning_stiffness_over_30min")],
        then=considers("polymyalgia_rheumatica"),
    ),
    rule(
        id="outside.cervical_myelopathy",
        title="Clumsy hands with stiff or unsteady legs",
        cites=g.CERVICAL_MYELOPATHY.cite("Recommendations: diagnosis",
                                         "Numb, clumsy hands, gait imbalance and upper motor neuron signs suggest "
                                         "degenerative cervical myelopathy; refer for an MRI of the neck."),
        rationale="Hands and legs affected together put the lesion in the neck, above both.",
        when=[present("clumsy_hands"), any_present("leg_stiffness_spasticity", "balance_problems", "brisk_reflexes")],
        then=considers("cervical_myelopathy"),
    ),
    rule(
        id="outside.sepsis",
        title="Fever with confusion, fast breathing or collapse",
        cites=g.NICE_SEPSIS.cite("1.1 Identifying people with suspected sepsis",
                                 "Think sepsis in anyone with signs of infection who is unwell, especially "
                                 "with new confusion, fast breathing or collapse."),
        rationale="Legs that give way during an infection may be the circulation failing, not the legs.",
        when=[present("fever"), any_present("confusion", "rapid_breathing", "fainting", "unable_to_stand_or_walk")],
        then=considers("sepsis"),
    ),
    rule(
        id="outside.delirium",
        title="New confusion in an older person",
        cites=g.NICE_DELIRIUM.cite("1.3 Indicators of delirium",
                                   "In older people, recent changes in cognition, behaviour or mobility may be "
                                   "delirium from an acute illness."),
        rationale="An older person 'off their legs' and muddled has an acute illness to find.",
        when=[age_at_least(65), present("confusion")],
        then=considers("delirium"),
    ),
    rule(
        id="outside.diabetic_crisis",
        title="Diabetes with thirst and vomiting or fast breathing",
        cites=g.NICE_TYPE1_DIABETES.cite("1.9 Diabetic ketoacidosis",
                                         "Nausea, vomiting, thirst, abdominal pain and rapid breathing in diabetes "
                                         "suggest ketoacidosis."),
        rationale="In diabetes, thirst with vomiting is a hyperglycaemic crisis to exclude before dehydration.",
        when=[present("diabetes"), present("thirst_dark_urine"),
              any_present("vomiting", "vomiting_or_diarrhea", "rapid_breathing", "confusion")],
        then=considers("diabetic_ketoacidosis"),
    ),
    rule(
        id="outside.acute_coronary_syndrome",
        title="Chest pain",
        cites=g.NICE_CHEST_PAIN.cite("1.1 People presenting with acute chest pain",
                                     "Chest pain with breathlessness, sweating, nausea or collapse suggests an acute "
                                     "coronary syndrome."),
        rationale="Legs that give way with chest pain may be a heart attack lowering the blood pressure.",
        when=[present("chest_pain")],
        then=considers("acute_coronary_syndrome"),
    ),
    rule(
        id="outside.heart_failure",
        title="Breathless at rest or lying flat",
        cites=g.NICE_HEART_FAILURE.cite("1.2 Diagnosing heart failure",
                                        "Measure NT-proBNP in people with suspected heart failure: breathlessness, "
                                        "fatigue and ankle swelling."),
        rationale="Heavy, swollen legs with breathlessness at rest are the heart's failure, not the veins'.",
        when=[present("breathless_at_rest")],
        then=considers("heart_failure"),
    ),
    rule(
        id="outside.arrhythmia",
        title="Fainting, an abnormal pulse, or palpitations with light-headedness",
        cites=g.NICE_BLACKOUTS.cite("1.2 Referral for specialist cardiovascular assessment",
                                    "Blackouts with palpitations, exertion or an abnormal ECG suggest a cardiac cause."),
        rationale="Legs that give way with the heart racing, slow or irregular point to the rhythm.",
        when=[any_present("fainting", "slow_or_irregular_pulse")],
        then=considers("arrhythmia_or_syncope"),
    ),
    rule(
        id="outside.arrhythmia.older_palpitations",
        title="Palpitations with light-headedness or giving way after 60",
        cites=g.NICE_BLACKOUTS.cite("1.2 Referral for specialist cardiovascular assessment",
                                    "Palpitations with presyncope in an older person suggest an arrhythmia."),
        rationale="At this age the racing heart is more often the cause than the panic.",
        when=[age_at_least(60), present("palpitations"),
              any_present("lightheadedness", "episodes_of_giving_way", "fainting")],
        then=considers("arrhythmia_or_syncope"),
    ),
    rule(
        id="outside.parkinsonism",
        title="Slow, stiff movement or a resting tremor",
        cites=g.NICE_PARKINSONS.cite("1.1 Diagnosing Parkinson's disease",
                                     "Refer people with suspected Parkinson's disease (tremor, stiffness, slowness, "
                                     "balance problems) untreated to a specialist."),
        rationale="Legs that feel weak and unsteady with slowness and tremor are parkinsonism, not weakness.",
        when=[present("slow_movement_or_tremor")],
        then=considers("parkinsonism"),
    ),
    rule(
        id="outside.normal_pressure_hydrocephalus",
        title="Unsteady gait with bladder urgency and confusion after 60",
        cites=g.NPH.cite("Clinical criteria",
                         "Gait disturbance with cognitive impairment and urinary urgency or incontinence in an older "
                         "adult suggests normal-pressure hydrocephalus."),
        rationale="The triad of gait, bladder and memory in an older person is a treatable hydrocephalus.",
        when=[age_at_least(60), present("balance_problems"), any_present("bladder_dysfunction", "confusion")],
        then=considers("normal_pressure_hydrocephalus"),
    ),
    rule(
        id="outside.functional",
        title="Weakness with normal reflexes after stress or panic",
        cites=g.FUNCTIONAL.cite("Diagnosis",
                                "Functional weakness is a positive diagnosis made from examination signs (such as "
                                "Hoover's sign), not by exclusion."),
        rationale="Genuine weakness with normal reflexes around stress may be functional; a neurologist can show it positively.",
        when=[present("constant_weakness"), present("anxiety_or_panic"), absent("reduced_reflexes"),
              absent("brisk_reflexes")],
        then=considers("functional_neurological_disorder"),
    ),
    rule(
        id="outside.myopathy",
        title="Constant weakness of both legs with aching muscles and no numbness",
        cites=g.MYOPATHY.cite("Classification criteria",
                              "Symmetric, proximal weakness of the legs (and arms), often with muscle pain and a raised "
                              "creatine kinase, suggests an inflammatory myopathy."),
        rationale="Weak, aching thighs on both sides without numbness point to the muscle itself.",
        when=[present("constant_weakness"), present("both_legs"), present("muscle_aches"),
              absent("leg_numbness_tingling")],
        then=considers("inflammatory_myopathy"),
    ),
    rule(
        id="outside.malignancy",
        title="Unintended weight loss",
        cites=g.NICE_SUSPECTED_CANCER.cite("1.16 Non-site-specific symptoms",
                                           "Unexplained weight loss is a symptom that may need investigation for cancer."),
        rationale="Weight loss with leg weakness may be a cancer, or its effect on nerves, muscles or the spine.",
        when=[present("weight_loss")],
        then=considers("malignancy"),
    ),
]
