"""Circulatory causes of legs that feel heavy, weak or give way.

Peripheral artery disease (claudication on walking, eased within minutes of
rest even standing), chronic venous insufficiency (heaviness that builds
through the day or with standing and eases with the legs raised, varicose
veins) and acute limb ischaemia (a sudden loss of blood flow; its red flags
live in ``rules/red_flags.py``, its further evidence here).

The patterns concluded here: ``vascular_claudication``, ``venous_congestion``
and ``limb_ischemia_signs``. Vascular claudication is told apart from the
neurogenic kind (``rules/neurological.py``) by what brings relief: standing
still is enough for an artery, a spine needs sitting or leaning forward.
"""
from expert.dsl import (absent, any_of, any_present, concludes, has_pattern, lacks_pattern, not_present,
                        opposes, present, recommends, rule, supported, supports)
from rules import guidelines as g
from rules.sources import HEAVY_LEGS, LEG_BUCKLING, LEGS_GIVING_OUT

# -- Passages cited more than once ---------------------------------------------
_CLAUDICATION = HEAVY_LEGS.quote(
    "This lack of oxygen delivery during exertion is known as claudication, which presents as a "
    "painful or heavy sensation in the calves, thighs, or buttocks. The symptom appears after walking "
    "a certain distance and resolves quickly upon resting as the muscles' oxygen demand decreases.")
_CLAUDICATION_WALKING = LEGS_GIVING_OUT.quote(
    "This restricted circulation often results in a cramping or weak feeling during walking, known as "
    "claudication, as the muscles cannot meet the demand for oxygenated blood.")
_ATHEROSCLEROSIS = HEAVY_LEGS.quote(
    "PAD occurs when the arteries supplying blood to the limbs become narrowed due to atherosclerosis, "
    "a buildup of fatty plaque.")
_NARROWED_ARTERIES = LEGS_GIVING_OUT.quote(
    "Peripheral Artery Disease (PAD) is caused by the narrowing of arteries, which reduces blood flow "
    "to the legs.")
_NEUROGENIC = LEG_BUCKLING.quote(
    "This compression can lead to neurogenic claudication, a condition characterized by pain, numbness, "
    "or weakness in the legs that is aggravated by standing or walking and relieved by sitting or "
    "leaning forward.")
_VENOUS_COURSE = HEAVY_LEGS.quote(
    "This feeling often worsens throughout the day or after prolonged standing, but improves when the "
    "legs are elevated.")
_VENOUS_PRESSURE = HEAVY_LEGS.quote(
    "This blood pooling increases pressure within the veins (venous hypertension), which is perceived "
    "as a heavy, aching, or throbbing sensation.")
_VENOUS_POOLING = HEAVY_LEGS.quote(
    "In CVI, the one-way valves inside the leg veins weaken or become damaged, allowing blood to leak "
    "backward and pool in the lower limbs.")
_VARICOSE = HEAVY_LEGS.quote(
    "Varicose veins, which are enlarged, twisted veins, are a common visible sign of this underlying "
    "venous issue.")
_SKIN = HEAVY_LEGS.quote(
    "Changes in the skin, including discoloration, a shiny appearance, rashes, or ulcers that are slow "
    "to heal.")
_ACUTE_LOSS_OF_FLOW = HEAVY_LEGS.quote(
    "Prompt medical care is necessary if you experience sudden, severe pain, numbness, or a cold, pale "
    "appearance in the limb, as these may signal an acute loss of blood flow.")
_ULTRASOUND = HEAVY_LEGS.quote(
    "A healthcare professional can perform diagnostic tests, such as an ultrasound, to determine if the "
    "heaviness is related to blood flow issues, nerve damage, or a systemic metabolic condition.")
_EXAMINATION = LEG_BUCKLING.quote(
    "A healthcare provider will begin with a thorough physical examination, testing muscle strength, "
    "reflexes, and range of motion to identify the location of the problem")

# Signs that PAD is in play at all: risk factors and skin changes only add to it.
_ARTERIAL_PICTURE = any_of(has_pattern("vascular_claudication"), present("exertional_leg_pain"),
                           present("weak_or_absent_foot_pulses"))
_VENOUS_PICTURE = any_of(has_pattern("venous_congestion"), present("varicose_veins"))


def _risk_factor(finding: str, label: str):
    return rule(
        id=f"circ.pad.risk.{finding}",
        title=f"{label} with an arterial leg picture",
        cites=_ATHEROSCLEROSIS,
        rationale=f"{label} furthers the atherosclerosis that narrows leg arteries; it only adds weight "
                  "when the legs already point to the arteries.",
        when=[present(finding), _ARTERIAL_PICTURE],
        then=supports("peripheral_artery_disease", 0.1),
    )



RULES = [
    # == Patterns ==================================================================
    rule(
        id="circ.pattern.vascular_claudication",
        title="Exertional leg pain that eases on resting",
        cites=_CLAUDICATION,
        rationale="Pain or heaviness after a walking distance that settles within minutes of stopping "
                  "is the supply-demand mismatch of a narrowed artery.",
        # After a one-off intense workout the same story is tired muscles, not a narrowed artery.
        when=[present("exertional_leg_pain"), present("relief_on_rest"), not_present("recent_overexertion")],
        then=concludes("vascular_claudication"),
    ),
    rule(
        id="circ.pattern.vascular_claudication_on_walking",
        title="Symptoms on walking that ease on standing still, not needing to sit",
        cites=_CLAUDICATION_WALKING,
        rationale="Walking brings it on and simply stopping relieves it; a spine would need sitting or "
                  "leaning forward instead.",
        when=[present("symptoms_on_standing_or_walking"), present("relief_on_rest"),
              not_present("relief_on_sitting_or_bending_forward"), not_present("recent_overexertion")],
        then=concludes("vascular_claudication"),
    ),
    rule(
        id="circ.pattern.venous_congestion_elevation",
        title="Heaviness, swelling or varicose veins eased by raising the legs",
        cites=_VENOUS_COURSE,
        rationale="Relief on elevation is the signature of blood pooling in the veins.",
        when=[any_present("heaviness", "leg_swelling", "varicose_veins"), present("better_with_elevation")],
        then=concludes("venous_congestion"),
    ),
    rule(
        id="circ.pattern.venous_congestion_end_of_day",
        title="Swelling or varicose veins that build through the day",
        cites=_VENOUS_COURSE,
        rationale="Symptoms that build through the day on a leg with swelling or visible varicose veins "
                  "follow the rising venous pressure of standing.",
        when=[present("worse_end_of_day"), any_present("leg_swelling", "varicose_veins")],
        then=concludes("venous_congestion"),
    ),
    rule(
        id="circ.pattern.limb_ischemia_signs",
        title="Sudden severe pain or a cold, pale leg",
        cites=_ACUTE_LOSS_OF_FLOW,
        rationale="These are the signs the documents give for an acute loss of blood flow.",
        when=[any_present("cold_pale_leg", "sudden_severe_leg_pain")],
        then=concludes("limb_ischemia_signs"),
    ),
    rule(
        id="circ.pattern.limb_ischemia_sudden_numb_pulseless",
        title="Sudden numbness of a leg whose foot pulses are weak or absent",
        cites=_ACUTE_LOSS_OF_FLOW,
        rationale="Sudden numbness is one of the documents' signs of acute loss of flow; with missing "
                  "pulses it points to the artery rather than a nerve.",
        when=[present("onset_sudden"), present("leg_numbness_tingling"), present("weak_or_absent_foot_pulses")],
        then=concludes("limb_ischemia_signs"),
    ),

    # == Peripheral artery disease ==================================================
    rule(
        id="circ.pad.vascular_claudication",
        title="Vascular claudication",
        cites=_CLAUDICATION,
        rationale="Claudication eased by rest even standing is the documents' hallmark of PAD.",
        when=[has_pattern("vascular_claudication")],
        then=supports("peripheral_artery_disease", 0.7),
    ),
    rule(
        id="circ.pad.exertional_leg_pain",
        title="Calf, thigh or buttock pain after walking a distance",
        cites=_CLAUDICATION_WALKING,
        rationale="Cramping or heaviness that comes on after a walking distance is claudication, even "
                  "before the relief on rest is known.",
        when=[present("exertional_leg_pain")],
        then=supports("peripheral_artery_disease", 0.45),
    ),
    rule(
        id="circ.pad.weak_foot_pulses",
        title="Weak or absent foot pulses",
        cites=_NARROWED_ARTERIES,
        rationale="A narrowed artery passes a weaker pulse to the foot; in a leg with signs of acute "
                  "ischaemia the missing pulse belongs to the acute blockage instead.",
        when=[present("weak_or_absent_foot_pulses"), lacks_pattern("limb_ischemia_signs")],
        then=supports("peripheral_artery_disease", 0.4),
    ),
    _risk_factor("smoker", "Smoking"),
    _risk_factor("diabetes", "Diabetes"),
    _risk_factor("hypertension", "High blood pressure"),
    _risk_factor("high_cholesterol", "High cholesterol"),
    rule(
        id="circ.pad.skin_changes",
        title="Skin changes on a leg with an arterial picture",
        cites=_SKIN,
        rationale="Shiny, discoloured skin or slow-healing ulcers follow a poor arterial supply.",
        when=[present("skin_changes_lower_leg"),
              any_of(has_pattern("vascular_claudication"), present("weak_or_absent_foot_pulses"))],
        then=supports("peripheral_artery_disease", 0.15),
    ),
    rule(
        id="circ.pad.against.no_relief_on_rest",
        title="Not eased by resting",
        cites=_CLAUDICATION,
        rationale="Claudication resolves quickly on resting; symptoms that do not ease on rest are not "
                  "vascular claudication.",
        when=[absent("relief_on_rest")],
        then=opposes("peripheral_artery_disease", 0.5),
    ),
    rule(
        id="circ.pad.against.neurogenic_relief",
        title="Eased only by sitting or leaning forward",
        cites=_NEUROGENIC,
        rationale="Relief that needs sitting or bending forward, not standing still, is the neurogenic "
                  "kind of claudication from the spine.",
        when=[present("relief_on_sitting_or_bending_forward"), not_present("relief_on_rest")],
        then=opposes("peripheral_artery_disease", 0.4),
    ),
    rule(
        id="circ.pad.against.normal_foot_pulses",
        title="Normal foot pulses",
        cites=_NARROWED_ARTERIES,
        rationale="Foot pulses felt normally make a narrowed leg artery less likely.",
        when=[absent("weak_or_absent_foot_pulses")],
        then=opposes("peripheral_artery_disease", 0.35),
    ),
    rule(
        id="circ.pad.against.no_exertional_pain",
        title="No leg pain on walking",
        cites=_CLAUDICATION,
        rationale="Claudication on walking is the symptom of PAD; without it PAD is unlikely to explain the legs.",
        when=[absent("exertional_leg_pain")],
        then=opposes("peripheral_artery_disease", 0.4),
    ),
    rule(
        id="circ.pad.against.overexertion",
        title="Aching after unusual exertion, without vascular claudication",
        cites=HEAVY_LEGS.quote(
            "The most common cause is simple muscle fatigue, which occurs when muscles are overworked, "
            "such as after an intense workout or prolonged standing."),
        rationale="Legs aching after an intense workout are tired muscles, not a fixed walking distance "
                  "set by an artery.",
        when=[present("recent_overexertion")],
        then=opposes("peripheral_artery_disease", 0.3),
    ),
    rule(
        id="circ.pad.against.neurogenic_with_numbness",
        title="Neurogenic claudication with numbness or tingling in the leg",
        cites=_NEUROGENIC,
        rationale="Numbness brought on by standing or walking and eased by sitting is the nerves in a "
                  "narrowed spine, not a muscle short of oxygen.",
        when=[has_pattern("neurogenic_claudication"), present("leg_numbness_tingling")],
        then=opposes("peripheral_artery_disease", 0.25),
    ),
    rule(
        id="circ.pad.against.neuropathy_heaviness",
        title="Heaviness from numb feet, without vascular claudication",
        cites=HEAVY_LEGS.quote(
            "This nerve damage can result in muscle weakness, lack of coordination, and sensations like "
            "numbness or \"pins and needles.\" These symptoms are often interpreted by the patient as "
            "heaviness."),
        rationale="Numbness and tingling from both feet up is felt as heaviness; without pain that "
                  "settles on standing still, the nerves explain it better than the arteries.",
        when=[has_pattern("length_dependent_polyneuropathy"), lacks_pattern("vascular_claudication")],
        then=opposes("peripheral_artery_disease", 0.25),
    ),
    rule(
        id="circ.pad.against.whole_body_oxygen_or_fluid",
        title="A whole-body shortage of oxygen or fluid, with foot pulses not weak",
        cites=HEAVY_LEGS.quote(
            "This oxygen deprivation forces leg muscles to work harder, leading to easier fatigue and the "
            "sensation of heavy legs."),
        rationale="Too few red cells or too little fluid starve every working muscle; heavy legs on "
                  "walking then need no narrowed artery to explain them.",
        when=[any_of(has_pattern("low_oxygen_carrying_capacity"), has_pattern("fluid_depletion")),
              not_present("weak_or_absent_foot_pulses")],
        then=opposes("peripheral_artery_disease", 0.3),
    ),
    rule(
        id="circ.pad.against.acute_loss_of_flow",
        title="An acute loss of blood flow, not exertional claudication",
        cites=_ACUTE_LOSS_OF_FLOW,
        rationale="When the leg shows signs of acute ischaemia, chronic claudication is the background, "
                  "not the explanation of what is happening now.",
        when=[has_pattern("limb_ischemia_signs")],
        then=opposes("peripheral_artery_disease", 0.5),
    ),

    # == Chronic venous insufficiency ================================================
    rule(
        id="circ.cvi.venous_congestion",
        title="Venous congestion",
        cites=_VENOUS_COURSE,
        rationale="Heaviness that builds with the day or standing and eases with the legs raised is the "
                  "documents' picture of CVI.",
        when=[has_pattern("venous_congestion")],
        then=supports("chronic_venous_insufficiency", 0.6),
    ),
    rule(
        id="circ.cvi.varicose_veins",
        title="Varicose veins",
        cites=_VARICOSE,
        rationale="Enlarged, twisted veins are the visible sign of failing venous valves.",
        when=[present("varicose_veins")],
        then=supports("chronic_venous_insufficiency", 0.45),
    ),
    rule(
        id="circ.cvi.heavy_by_evening",
        title="Legs heavier by the end of the day",
        cites=_VENOUS_PRESSURE,
        rationale="Heaviness that builds through the day follows venous pressure; without elevation "
                  "relief or visible veins it could also be tired muscles, so it counts for less.",
        # Only short of the full pattern, so the end-of-day course is not counted twice.
        when=[present("heaviness"), present("worse_end_of_day"), lacks_pattern("venous_congestion")],
        then=supports("chronic_venous_insufficiency", 0.35),
    ),
    rule(
        id="circ.cvi.leg_swelling",
        title="Leg swelling",
        cites=_VENOUS_POOLING,
        rationale="Blood pooling in the lower limbs shows as swelling.",
        when=[present("leg_swelling")],
        then=supports("chronic_venous_insufficiency", 0.2),
    ),
    rule(
        id="circ.cvi.prolonged_standing",
        title="Long hours standing with a venous picture",
        cites=_VENOUS_COURSE,
        rationale="Standing raises the pressure in veins whose valves leak; it is context, not a sign.",
        when=[present("prolonged_standing"),
              any_of(_VENOUS_PICTURE, present("leg_swelling"))],
        then=supports("chronic_venous_insufficiency", 0.15),
    ),
    rule(
        id="circ.cvi.skin_changes",
        title="Skin changes on a leg with a venous picture",
        cites=_SKIN,
        rationale="Long-standing venous pressure discolours the skin and slows the healing of ulcers.",
        when=[present("skin_changes_lower_leg"), _VENOUS_PICTURE],
        then=supports("chronic_venous_insufficiency", 0.2),
    ),
    rule(
        id="circ.cvi.against.not_better_with_elevation",
        title="Not eased by raising the legs",
        cites=_VENOUS_COURSE,
        rationale="Venous heaviness improves with the legs elevated; when it does not, pooling is unlikely.",
        when=[absent("better_with_elevation")],
        then=opposes("chronic_venous_insufficiency", 0.35),
    ),
    rule(
        id="circ.cvi.against.swelling_persists_on_elevation",
        title="Swelling that does not settle with rest or elevation",
        cites=HEAVY_LEGS.quote(
            "Consult a doctor if the heavy sensation is accompanied by signs that could indicate a vascular "
            "problem, such as significant, unexplained swelling that does not resolve with rest or elevation."),
        rationale="Venous swelling eases with the legs raised; swelling that does not is unexplained by CVI "
                  "and needs another explanation.",
        when=[present("swelling_not_eased_by_rest_or_elevation")],
        then=opposes("chronic_venous_insufficiency", 0.3),
    ),
    rule(
        id="circ.cvi.against.not_worse_end_of_day",
        title="Not worse at the end of the day",
        cites=_VENOUS_COURSE,
        rationale="Venous heaviness builds through the day; a course without that build-up counts against it.",
        when=[absent("worse_end_of_day")],
        then=opposes("chronic_venous_insufficiency", 0.3),
    ),
    rule(
        id="circ.cvi.against.no_varicose_veins",
        title="No varicose veins",
        cites=_VARICOSE,
        rationale="Varicose veins are common in CVI but not universal, so their absence counts a little.",
        when=[absent("varicose_veins")],
        then=opposes("chronic_venous_insufficiency", 0.2),
    ),
    rule(
        id="circ.cvi.against.calcium_channel_blocker",
        title="Swelling on a calcium channel blocker, without varicose veins",
        cites=HEAVY_LEGS.quote(
            "Drugs like calcium channel blockers, prescribed for high blood pressure, can cause fluid "
            "retention (edema) in the lower extremities by widening blood vessels, leading to swelling and "
            "a heavy feeling."),
        rationale="Swelling and heaviness on a calcium channel blocker, with no varicose veins to show "
                  "failing valves, point to the medicine first; drug swelling also gathers by evening.",
        when=[present("takes_calcium_channel_blocker"), not_present("varicose_veins")],
        then=opposes("chronic_venous_insufficiency", 0.5),
    ),

    # == Acute limb ischaemia (the red flags themselves are in rules/red_flags.py) ======
    rule(
        id="circ.ali.absent_pulses",
        title="Signs of acute ischaemia with weak or absent foot pulses",
        cites=_ACUTE_LOSS_OF_FLOW,
        rationale="A cold, painful or numb leg without foot pulses has lost its arterial inflow.",
        when=[has_pattern("limb_ischemia_signs"), present("weak_or_absent_foot_pulses")],
        then=supports("acute_limb_ischemia", 0.5),
    ),
    rule(
        id="circ.ali.numbness",
        title="Signs of acute ischaemia with numbness",
        cites=_ACUTE_LOSS_OF_FLOW,
        rationale="Numbness is the third of the documents' signs of an acute loss of blood flow.",
        when=[has_pattern("limb_ischemia_signs"), present("leg_numbness_tingling")],
        then=supports("acute_limb_ischemia", 0.3),
    ),
    rule(
        id="circ.ali.sudden_onset",
        title="Signs of acute ischaemia that began suddenly",
        cites=_ACUTE_LOSS_OF_FLOW,
        rationale="An abrupt start fits an artery blocked all at once.",
        when=[has_pattern("limb_ischemia_signs"), present("onset_sudden")],
        then=supports("acute_limb_ischemia", 0.3),
    ),
    rule(
        id="circ.ali.one_leg",
        title="Signs of acute ischaemia in one leg",
        cites=_ACUTE_LOSS_OF_FLOW,
        rationale="A blocked artery starves the one limb it supplies.",
        when=[has_pattern("limb_ischemia_signs"), present("one_sided")],
        then=supports("acute_limb_ischemia", 0.2),
    ),
    rule(
        id="circ.ali.arterial_history",
        title="Signs of acute ischaemia in someone with diseased leg arteries",
        cites=_ATHEROSCLEROSIS,
        rationale="Narrowed, plaque-laden arteries are where an acute blockage forms.",
        when=[has_pattern("limb_ischemia_signs"),
              any_of(has_pattern("vascular_claudication"), present("exertional_leg_pain"),
                     present("smoker"))],
        then=supports("acute_limb_ischemia", 0.3),
    ),
    rule(
        id="circ.ali.against.normal_pulses",
        title="Foot pulses felt normally",
        cites=_ACUTE_LOSS_OF_FLOW,
        rationale="A leg with normal foot pulses still has arterial inflow.",
        when=[has_pattern("limb_ischemia_signs"), absent("weak_or_absent_foot_pulses")],
        then=opposes("acute_limb_ischemia", 0.3),
    ),
    rule(
        id="circ.ali.against.nerve_root_pain",
        title="Sudden pain that shoots down the leg, on a warm leg",
        cites=LEGS_GIVING_OUT.quote(
            "This nerve compression prevents the brain's signals from reaching the muscles, often "
            "accompanied by symptoms like numbness, tingling, or shooting pain."),
        rationale="Pain that shoots from the buttock past the knee, with no cold, pale leg and no missing "
                  "pulses, follows a nerve root rather than an artery.",
        when=[present("sudden_severe_leg_pain"), present("leg_pain_radiating_below_knee"),
              not_present("cold_pale_leg"), not_present("weak_or_absent_foot_pulses")],
        then=opposes("acute_limb_ischemia", 0.35),
    ),

    # == Next steps ===================================================================
    rule(
        id="circ.action.pad_pulses_and_doppler",
        title="PAD: check the foot pulses and the blood flow",
        cites=_ULTRASOUND,
        rationale="Foot pulses, ankle pressures and a Doppler ultrasound show whether the heaviness comes "
                  "from blood flow.",
        when=[supported("peripheral_artery_disease")],
        then=recommends("physical_examination", "ankle_brachial_pressure", "doppler_ultrasound",
                        serves="peripheral_artery_disease"),
    ),
    rule(
        id="circ.action.pad_walking_and_smoking",
        title="PAD: a walking programme and stopping smoking",
        cites=_CLAUDICATION,
        rationale="Walking to the limit of claudication and back trains the muscles to cope with the "
                  "supply-demand mismatch; stopping smoking slows the plaque that narrows the arteries.",
        # Not while the leg shows acute ischaemia: then it needs flow restored, not training.
        when=[supported("peripheral_artery_disease"), lacks_pattern("limb_ischemia_signs")],
        then=recommends("walking_programme_stop_smoking", serves="peripheral_artery_disease"),
    ),
    rule(
        id="circ.action.pad_diabetes_test",
        title="PAD with no known diabetes: a blood test for diabetes",
        cites=LEG_BUCKLING.quote(
            "Blood tests may also be part of the initial workup to rule out systemic causes like diabetes "
            "or inflammatory conditions."),
        rationale="Diabetes speeds arterial disease; when it is not already known, a blood test looks for it.",
        when=[supported("peripheral_artery_disease"), not_present("diabetes")],
        then=recommends("blood_hba1c", serves="peripheral_artery_disease"),
    ),
    rule(
        id="circ.action.cvi_doppler",
        title="CVI: examination and a Doppler ultrasound of the veins",
        cites=_ULTRASOUND,
        rationale="An ultrasound shows the leaking valves and the pooling behind them.",
        when=[supported("chronic_venous_insufficiency")],
        then=recommends("physical_examination", "doppler_ultrasound", serves="chronic_venous_insufficiency"),
    ),
    rule(
        id="circ.action.cvi_elevation",
        title="CVI: raise the legs and consider compression",
        cites=_VENOUS_COURSE,
        rationale="Raising the legs drains the pooled blood, which is why the heaviness improves with "
                  "elevation; compression keeps it from pooling again.",
        when=[supported("chronic_venous_insufficiency")],
        then=recommends("leg_elevation_compression", serves="chronic_venous_insufficiency"),
    ),
    rule(
        id="circ.action.limb_ischemia",
        title="Acute limb ischaemia: emergency vascular care",
        cites=_ACUTE_LOSS_OF_FLOW,
        rationale="Blood flow must be restored within hours to save the limb.",
        when=[supported("acute_limb_ischemia")],
        then=recommends("call_emergency_services", "emergency_vascular_assessment",
                        serves="acute_limb_ischemia"),
    ),
    # -- Deep vein thrombosis (beyond the source documents) ----------------------
    rule(
        id="circ.dvt.calf",
        title="One swollen, tender calf",
        cites=g.NICE_VTE.cite("1.1 Diagnosis and initial management: deep vein thrombosis",
                              "Localised tenderness along the deep veins and calf swelling compared with the other "
                              "leg each score a point on the two-level DVT Wells score."),
        rationale="A swollen, tender calf on one side is the picture of a clot in the deep veins.",
        when=[present("calf_swelling_tenderness_one_side")],
        then=supports("deep_vein_thrombosis", 0.6),
    ),
    rule(
        id="circ.dvt.clot_risk",
        title="A swollen leg after surgery, immobility, a long journey or with cancer",
        cites=g.NICE_VTE.cite("1.1 Diagnosis and initial management: deep vein thrombosis",
                              "Recent bed rest or major surgery, a leg in plaster and active cancer each score a "
                              "point on the two-level DVT Wells score."),
        rationale="Stillness and cancer make the blood clot; with a swollen leg they make a DVT likely.",
        when=[any_present("calf_swelling_tenderness_one_side", "leg_swelling"),
              any_present("recent_immobility_or_surgery", "cancer_history")],
        then=supports("deep_vein_thrombosis", 0.4),
    ),
    rule(
        id="circ.dvt.no_calf_swelling",
        title="No swollen, tender calf",
        cites=g.NICE_VTE.cite("1.1 Diagnosis and initial management: deep vein thrombosis",
                              "A DVT is unlikely when the Wells score is 1 or less and the D-dimer is negative."),
        rationale="Without a swollen or tender calf a clot is much less likely.",
        when=[absent("calf_swelling_tenderness_one_side")],
        then=opposes("deep_vein_thrombosis", 0.5),
    ),
    rule(
        id="circ.dvt.both_legs",
        title="Both legs affected alike",
        cites=g.NICE_VTE.cite("1.1 Diagnosis and initial management: deep vein thrombosis",
                              "The Wells score compares the swollen leg with the other one."),
        rationale="A DVT swells one leg; heaviness of both legs alike points elsewhere.",
        when=[present("both_legs"), absent("one_sided")],
        then=opposes("deep_vein_thrombosis", 0.4),
    ),
    rule(
        id="circ.cvi.against.acute_one_sided",
        title="A swollen, tender calf, or swelling that came on within days",
        cites=g.NICE_VTE.cite("1.1 Diagnosis and initial management: deep vein thrombosis",
                              "Assess a newly swollen leg for DVT before attributing it to a chronic cause."),
        rationale="Chronic venous insufficiency builds over months; a leg that swelled within days, or a tender calf, "
                  "is a clot to exclude, not pooling.",
        when=[any_present("calf_swelling_tenderness_one_side", "duration_hours", "duration_days")],
        then=opposes("chronic_venous_insufficiency", 0.5),
    ),
    rule(
        id="circ.action.dvt",
        title="Suspected DVT: same-day D-dimer and ultrasound",
        cites=g.NICE_VTE.cite("1.1 Diagnosis and initial management: deep vein thrombosis",
                              "Offer a proximal leg vein ultrasound within 4 hours, or a D-dimer with interim "
                              "anticoagulation if the scan cannot be done within 4 hours."),
        rationale="A clot can travel to the lungs; it is excluded or treated the same day.",
        when=[supported("deep_vein_thrombosis")],
        then=recommends("same_day_dvt_assessment", serves="deep_vein_thrombosis"),
    ),
    rule(
        id="circ.action.critical_ischemia",
        title="Rest pain or tissue loss: urgent vascular referral",
        cites=g.CLTI.cite("Recommendations: referral",
                          "Refer everyone with suspected chronic limb-threatening ischaemia urgently to a vascular team."),
        rationale="Revascularisation saves the limb only if it is done before the tissue dies.",
        when=[any_present("rest_pain_in_foot", "non_healing_wound_or_gangrene")],
        then=recommends("urgent_vascular_referral", "ankle_brachial_pressure", serves="peripheral_artery_disease"),
    ),
]
