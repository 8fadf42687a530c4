"""Red flags: the findings that need emergency care, whatever else is present.

Stroke/TIA, cauda equina syndrome, Guillain-Barré syndrome, acute limb
ischaemia, and rapidly progressive weakness of both legs. Every rule here
reads only findings given as present, so adding findings can never take a red
flag away; a red flag always sets triage to emergency (the engine sees to
that), and each one also weighs the condition it warns of.
"""
from expert.dsl import (any_present, has_red_flag, present, recommends, red_flag, rule,
                        supports)
from rules.sources import HEAVY_LEGS, LEG_BUCKLING, LEGS_GIVING_OUT

_STROKE_PASSAGE = LEGS_GIVING_OUT.quote(
    "Unilateral weakness, particularly if paired with facial drooping, slurred speech, or "
    "confusion, may indicate a stroke or TIA.")
_SUDDEN_ONE_SIDED = LEGS_GIVING_OUT.quote(
    "Any sudden, severe onset of weakness, especially if it affects only one side of the body, "
    "should be treated as an emergency.")
_CAUDA_EQUINA = LEG_BUCKLING.quote(
    "These include the sudden loss of bowel or bladder control, rapid progression of weakness in "
    "both legs, or numbness in the \"saddle area\" around the inner thighs and buttocks. These signs "
    "can indicate a medical emergency like cauda equina syndrome")

RULES = [
    # -- Stroke / TIA --------------------------------------------------------
    rule(
        id="rf.stroke.sudden_one_sided_weakness",
        title="Sudden weakness of one side",
        cites=_SUDDEN_ONE_SIDED,
        rationale="Abrupt weakness confined to one side points to the brain's blood supply until proven otherwise.",
        when=[present("onset_sudden"), present("one_sided"), present("constant_weakness")],
        then=[red_flag("suspected_stroke_or_tia"), supports("stroke_or_tia", 0.7)],
    ),
    rule(
        id="rf.stroke.sudden_one_sided_cannot_stand",
        title="Sudden one-sided leg failure with numbness, unsteadiness or confusion",
        cites=LEGS_GIVING_OUT.quote(
            "A Transient Ischemic Attack (TIA) or stroke occurs when blood flow to the brain is "
            "interrupted, potentially causing sudden, unilateral weakness or numbness in a leg."),
        rationale="A leg that suddenly cannot bear weight on one side is a stroke sign when numbness, "
                  "imbalance, visual loss or confusion come with it; alone it is more often an injured joint.",
        when=[present("onset_sudden"), present("one_sided"), present("unable_to_stand_or_walk"),
              any_present("leg_numbness_tingling", "balance_problems", "vision_disturbance", "confusion")],
        then=[red_flag("suspected_stroke_or_tia"), supports("stroke_or_tia", 0.65)],
    ),
    rule(
        id="rf.stroke.facial_droop",
        title="Leg weakness with a drooping face",
        cites=_STROKE_PASSAGE,
        rationale="Facial droop with limb weakness is a stroke sign in its own right.",
        when=[present("facial_droop")],
        then=[red_flag("suspected_stroke_or_tia"), supports("stroke_or_tia", 0.8)],
    ),
    rule(
        id="rf.stroke.arm_same_side",
        title="Arm and leg weak on the same side",
        cites=LEGS_GIVING_OUT.quote(
            "A Transient Ischemic Attack (TIA) or stroke occurs when blood flow to the brain is "
            "interrupted, potentially causing sudden, unilateral weakness or numbness in a leg."),
        rationale="Weakness of the arm and leg of one side maps to one hemisphere of the brain.",
        when=[present("arm_weakness_same_side")],
        then=[red_flag("suspected_stroke_or_tia"), supports("stroke_or_tia", 0.75)],
    ),
    rule(
        id="rf.stroke.speech_or_confusion",
        title="One-sided or sudden weakness with slurred speech or confusion",
        cites=_STROKE_PASSAGE,
        rationale="Speech disturbance or confusion with one-sided or abrupt weakness suggests a stroke.",
        when=[any_present("slurred_speech", "confusion"), any_present("one_sided", "onset_sudden")],
        then=[red_flag("suspected_stroke_or_tia"), supports("stroke_or_tia", 0.7)],
    ),
    rule(
        id="rf.stroke.transient_episode",
        title="A sudden one-sided episode that has fully passed",
        cites=LEGS_GIVING_OUT.quote(
            "The rapid onset of weakness, especially if affecting only one side of the body, "
            "suggests a central nervous system issue that requires immediate attention."),
        rationale="A TIA resolves on its own but warns of a stroke to come; it needs the same emergency care.",
        when=[present("onset_sudden"), present("one_sided"), present("symptoms_now_resolved")],
        then=[red_flag("suspected_stroke_or_tia"), supports("stroke_or_tia", 0.65)],
    ),
    # -- Cauda equina syndrome -----------------------------------------------
    rule(
        id="rf.cauda_equina.saddle_numbness",
        title="Saddle numbness",
        cites=_CAUDA_EQUINA,
        rationale="Numbness of the saddle area means the lowest nerve roots are compressed.",
        when=[present("saddle_numbness")],
        then=[red_flag("suspected_cauda_equina"), supports("cauda_equina_syndrome", 0.7)],
    ),
    rule(
        id="rf.cauda_equina.sphincter",
        title="New loss of bladder or bowel control",
        cites=LEGS_GIVING_OUT.quote(
            "An urgent need for medical attention is also indicated by weakness that rapidly "
            "progresses or is accompanied by a loss of bladder or bowel control. This combination of "
            "symptoms can signal a severe spinal condition, such as Cauda Equina Syndrome"),
        rationale="Leg weakness with new sphincter failure signals nerve-root compression needing surgery.",
        when=[any_present("bladder_dysfunction", "bowel_dysfunction")],
        then=[red_flag("suspected_cauda_equina"), supports("cauda_equina_syndrome", 0.6)],
    ),
    rule(
        id="rf.cauda_equina.back_and_both_legs",
        title="Saddle or sphincter signs with back pain or both legs affected",
        cites=_CAUDA_EQUINA,
        rationale="The red-flag signs on a background of back pain or bilateral leg symptoms make cauda equina more likely still.",
        when=[any_present("saddle_numbness", "bladder_dysfunction", "bowel_dysfunction"),
              any_present("low_back_pain", "both_legs", "leg_pain_radiating_below_knee")],
        then=[red_flag("suspected_cauda_equina"), supports("cauda_equina_syndrome", 0.6)],
    ),
    rule(
        id="rf.rapid.both_legs",
        title="Rapidly progressive weakness of both legs",
        cites=_CAUDA_EQUINA,
        rationale="Weakness of both legs worsening over hours to days needs emergency assessment of the spine and nerves.",
        when=[present("rapidly_progressive"), present("both_legs")],
        then=[red_flag("rapid_bilateral_weakness"), supports("cauda_equina_syndrome", 0.3),
              supports("guillain_barre_syndrome", 0.3)],
    ),
    # -- Guillain-Barré syndrome ---------------------------------------------
    rule(
        id="rf.guillain_barre.rapid_ascent",
        title="Weakness climbing quickly from the feet",
        cites=LEGS_GIVING_OUT.quote(
            "Additionally, leg weakness that begins in the feet and moves quickly upward may suggest a "
            "rare autoimmune disorder like Guillain-Barré syndrome."),
        rationale="Ascending weakness that progresses over days is Guillain-Barré syndrome until shown otherwise.",
        when=[present("ascending_weakness"), present("rapidly_progressive")],
        then=[red_flag("suspected_guillain_barre"), supports("guillain_barre_syndrome", 0.75)],
    ),
    # -- Acute limb ischaemia --------------------------------------------------
    rule(
        id="rf.limb_ischemia.cold_pale",
        title="A cold, pale leg",
        cites=HEAVY_LEGS.quote(
            "Prompt medical care is necessary if you experience sudden, severe pain, numbness, or a "
            "cold, pale appearance in the limb, as these may signal an acute loss of blood flow."),
        rationale="A cold, pale limb has lost its arterial supply; the limb is at risk within hours.",
        when=[present("cold_pale_leg")],
        then=[red_flag("suspected_acute_limb_ischemia"), supports("acute_limb_ischemia", 0.75)],
    ),
    rule(
        id="rf.limb_ischemia.sudden_severe_pain",
        title="Sudden severe leg pain",
        cites=HEAVY_LEGS.quote(
            "Prompt medical care is necessary if you experience sudden, severe pain, numbness, or a "
            "cold, pale appearance in the limb, as these may signal an acute loss of blood flow."),
        rationale="Abrupt severe limb pain may be an artery suddenly blocked.",
        when=[present("sudden_severe_leg_pain")],
        then=[red_flag("suspected_acute_limb_ischemia"), supports("acute_limb_ischemia", 0.55)],
    ),
    # -- What to do now -------------------------------------------------------
    rule(
        id="rf.action.emergency_services",
        title="Any red flag: emergency care now",
        cites=LEGS_GIVING_OUT.quote(
            "While many causes of leg weakness are temporary or manageable, certain accompanying "
            "symptoms warrant immediate medical evaluation."),
        rationale="Every red flag needs emergency assessment; the time to treatment decides the outcome.",
        when=[has_red_flag()],
        then=recommends("call_emergency_services", serves="red_flags"),
    ),
    rule(
        id="rf.action.stroke",
        title="Suspected stroke: emergency stroke assessment",
        cites=_SUDDEN_ONE_SIDED,
        rationale="Stroke treatment depends on brain imaging within hours of onset.",
        when=[has_red_flag("suspected_stroke_or_tia")],
        then=recommends("emergency_stroke_assessment", serves="suspected_stroke_or_tia"),
    ),
    rule(
        id="rf.action.cauda_equina",
        title="Suspected cauda equina: emergency MRI and surgical opinion",
        cites=LEG_BUCKLING.quote(
            "These signs can indicate a medical emergency like cauda equina syndrome, where nerve "
            "compression requires urgent surgical intervention to prevent permanent neurological damage."),
        rationale="Decompression before the nerve roots are permanently damaged needs imaging now.",
        when=[has_red_flag("suspected_cauda_equina")],
        then=recommends("emergency_mri_spine", serves="suspected_cauda_equina"),
    ),
    rule(
        id="rf.action.rapid_bilateral",
        title="Rapid weakness of both legs: emergency spinal and neurological assessment",
        cites=_CAUDA_EQUINA,
        rationale="Compression of the cauda equina and an acute neuropathy must both be excluded at once.",
        when=[has_red_flag("rapid_bilateral_weakness")],
        then=recommends("emergency_mri_spine", "emergency_neurology_assessment",
                        serves="rapid_bilateral_weakness"),
    ),
    rule(
        id="rf.action.guillain_barre",
        title="Suspected Guillain-Barré: emergency neurological assessment",
        cites=LEGS_GIVING_OUT.quote(
            "Additionally, leg weakness that begins in the feet and moves quickly upward may suggest a "
            "rare autoimmune disorder like Guillain-Barré syndrome."),
        rationale="Ascending paralysis can reach the breathing muscles; it needs monitoring in hospital.",
        when=[has_red_flag("suspected_guillain_barre")],
        then=recommends("emergency_neurology_assessment", serves="suspected_guillain_barre"),
    ),
    rule(
        id="rf.action.limb_ischemia",
        title="Suspected acute limb ischaemia: emergency vascular assessment",
        cites=HEAVY_LEGS.quote(
            "Prompt medical care is necessary if you experience sudden, severe pain, numbness, or a "
            "cold, pale appearance in the limb, as these may signal an acute loss of blood flow."),
        rationale="Blood flow must be restored within hours to save the limb.",
        when=[has_red_flag("suspected_acute_limb_ischemia")],
        then=recommends("emergency_vascular_assessment", serves="suspected_acute_limb_ischemia"),
    ),
]
