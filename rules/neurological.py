"""Neurological causes of legs that give way, buckle, feel weak or heavy.

Nerve-root compression in the lumbar spine (spinal stenosis, sciatica, cauda
equina syndrome), damage to the peripheral nerves (peripheral neuropathy,
Guillain-Barré syndrome) and the central nervous system (stroke or TIA,
multiple sclerosis).

Reasoning runs in layers. First the patterns the documents teach are
recognised from the findings: neurogenic claudication, radicular pain, a
length-dependent (feet-first) polyneuropathy, rapidly ascending weakness, an
acute one-sided central deficit, upper-motor-neuron signs, relapsing central
signs and sphincter disturbance. The evidence rules then weigh each condition
from those patterns plus findings, on the certainty-factor scale of
rules/README.md, and the discriminating findings count against the conditions
they argue away from. The red flags for stroke, cauda equina and Guillain-Barré
live in rules/red_flags.py and weigh those conditions too; this module adds the
rest of the evidence.
"""
from expert.dsl import (absent, all_of, any_of, any_present, concludes, has_pattern, has_red_flag,
                        lacks_pattern, not_present, opposes, present, recommends, rule, supported,
                        supports)
from rules import guidelines as g
from rules.sources import HEAVY_LEGS, LEG_BUCKLING, LEGS_GIVING_OUT

# -- The passages the rules rest on -------------------------------------------

_LUMBAR_COMPRESSION = LEGS_GIVING_OUT.quote(
    "Compression of the nerves in the lumbar spine, such as from a herniated disc or spinal "
    "stenosis, can lead to sciatica, which compromises the sciatic nerve’s function and causes "
    "the leg to give out.")
_COMPRESSION_SYMPTOMS = LEGS_GIVING_OUT.quote(
    "This nerve compression prevents the brain’s signals from reaching the muscles, often "
    "accompanied by symptoms like numbness, tingling, or shooting pain.")
_STENOSIS = LEG_BUCKLING.quote(
    "Lumbar spinal stenosis, a narrowing of the spinal canal in the lower back, compresses the "
    "nerves traveling down to the legs.")
_NEUROGENIC_CLAUDICATION = LEG_BUCKLING.quote(
    "This compression can lead to neurogenic claudication, a condition characterized by pain, "
    "numbness, or weakness in the legs that is aggravated by standing or walking and relieved by "
    "sitting or leaning forward.")
_VASCULAR_RELIEF = HEAVY_LEGS.quote(
    "The symptom appears after walking a certain distance and resolves quickly upon resting as "
    "the muscles’ oxygen demand decreases.")
_SCIATICA = LEG_BUCKLING.quote(
    "Sciatica, a general term for pain and symptoms along the path of the sciatic nerve, is "
    "frequently linked to leg weakness when the nerve roots are severely compressed, often by a "
    "herniated disc.")
_SCIATICA_SYMPTOMS = LEG_BUCKLING.quote(
    "This compression disrupts the motor signals, leading to a sudden inability to control the leg "
    "muscles. Symptoms may also include shooting pain, numbness, and tingling.")
_NEUROPATHY_ASCENDING = LEGS_GIVING_OUT.quote(
    "Peripheral neuropathy, involving damage to the peripheral nerves, can also cause leg weakness, "
    "often starting with numbness or tingling in the feet and gradually progressing upward.")
_NEUROPATHY_DIABETES = LEG_BUCKLING.quote(
    "Peripheral neuropathy involves damage to the nerves outside the brain and spinal cord, with "
    "diabetes being a leading cause due to high blood sugar levels injuring the nerve fibers.")
_NEUROPATHY_FEET_FIRST = LEG_BUCKLING.quote(
    "This condition can cause muscle weakness that affects the legs and feet first, along with "
    "symptoms like numbness and sharp pains.")
_NEUROPATHY_HEAVINESS = HEAVY_LEGS.quote(
    "This nerve damage can result in muscle weakness, lack of coordination, and sensations like "
    "numbness or “pins and needles.” These symptoms are often interpreted by the patient as "
    "heaviness.")
_TINGLING_OR_BURNING = HEAVY_LEGS.quote("Tingling or burning sensations.")
_TIA = LEGS_GIVING_OUT.quote(
    "A Transient Ischemic Attack (TIA) or stroke occurs when blood flow to the brain is "
    "interrupted, potentially causing sudden, unilateral weakness or numbness in a leg.")
_CENTRAL_ONSET = LEGS_GIVING_OUT.quote(
    "The rapid onset of weakness, especially if affecting only one side of the body, suggests a "
    "central nervous system issue that requires immediate attention.")
_STROKE_SIGNS = LEGS_GIVING_OUT.quote(
    "Unilateral weakness, particularly if paired with facial drooping, slurred speech, or "
    "confusion, may indicate a stroke or TIA.")
_SUDDEN_ONE_SIDED = LEGS_GIVING_OUT.quote(
    "Any sudden, severe onset of weakness, especially if it affects only one side of the body, "
    "should be treated as an emergency.")
_MULTIPLE_SCLEROSIS = LEGS_GIVING_OUT.quote(
    "Autoimmune disorders, such as Multiple Sclerosis (MS), involve the immune system attacking "
    "the myelin sheath, leading to impaired signal transmission that manifests as muscle weakness, "
    "stiffness, and balance issues.")
_GUILLAIN_BARRE = LEGS_GIVING_OUT.quote(
    "Additionally, leg weakness that begins in the feet and moves quickly upward may suggest a rare "
    "autoimmune disorder like Guillain-Barré syndrome.")
_CAUDA_EQUINA = LEGS_GIVING_OUT.quote(
    "An urgent need for medical attention is also indicated by weakness that rapidly progresses or "
    "is accompanied by a loss of bladder or bowel control. This combination of symptoms can signal "
    "a severe spinal condition, such as Cauda Equina Syndrome, where nerve roots are compressed.")
_CAUDA_EQUINA_SURGERY = LEG_BUCKLING.quote(
    "These signs can indicate a medical emergency like cauda equina syndrome, where nerve "
    "compression requires urgent surgical intervention to prevent permanent neurological damage.")
_ACUTE_LOSS_OF_FLOW = HEAVY_LEGS.quote(
    "Prompt medical care is necessary if you experience sudden, severe pain, numbness, or a cold, "
    "pale appearance in the limb, as these may signal an acute loss of blood flow.")
_JOINT_OR_NERVE = LEG_BUCKLING.quote(
    "Identifying the root cause requires differentiating whether the problem originates from "
    "physical damage within the joint or from an interruption in the signals traveling to the leg "
    "muscles.")
_EXAMINATION = LEG_BUCKLING.quote(
    "A healthcare provider will begin with a thorough physical examination, testing muscle "
    "strength, reflexes, and range of motion to identify the location of the problem—whether it is "
    "joint-related or neurological.")
_MRI = LEG_BUCKLING.quote(
    "magnetic resonance imaging (MRI) to examine soft tissues like ligaments, cartilage, and the "
    "spinal cord.")
_NERVE_STUDIES = LEG_BUCKLING.quote(
    "If nerve-related issues are suspected, electrodiagnostic studies, including nerve conduction "
    "studies and electromyography (EMG), may be used.")
_NERVE_STUDIES_SPINE = LEG_BUCKLING.quote(
    "These tests measure how well electrical signals travel through the nerves and help distinguish "
    "between a problem originating in the muscle itself and one caused by nerve damage or "
    "compression in the spine.")
_BLOOD_TESTS = LEG_BUCKLING.quote(
    "Blood tests may also be part of the initial workup to rule out systemic causes like diabetes "
    "or inflammatory conditions.")
_PHYSICAL_THERAPY = LEG_BUCKLING.quote(
    "Treatment plans are based on the confirmed cause, but they often include physical therapy as a "
    "primary component to restore stability and strength.")
_NERVE_COMPRESSION_CARE = LEG_BUCKLING.quote(
    "When nerve compression is the cause, management may involve targeted medications for pain and "
    "inflammation, or specialized exercises designed to relieve pressure on the spinal nerves.")

# Signs of the brain itself (rather than a nerve root or a joint) beside leg weakness.
_CORTICAL_SIGNS = ("facial_droop", "slurred_speech", "arm_weakness_same_side", "confusion")
# The one-sided ones: confusion also comes with whole-body causes (low blood sugar).
_LATERALISING_SIGNS = ("facial_droop", "slurred_speech", "arm_weakness_same_side")


def _none_present(*findings):
    """Each finding absent or unknown (for opposing evidence that a brain sign would overrule)."""
    return [not_present(f) for f in findings]


PATTERNS = [
    # -- Neurogenic claudication ----------------------------------------------
    rule(
        id="neuro.pattern.neurogenic_claudication",
        title="Leg symptoms on standing or walking, eased by sitting or leaning forward",
        cites=_NEUROGENIC_CLAUDICATION,
        rationale="Symptoms provoked by an upright spine and relieved by flexing it are the "
                  "signature of a narrowed lumbar canal.",
        when=[any_present("symptoms_on_standing_or_walking", "exertional_leg_pain"),
              present("relief_on_sitting_or_bending_forward")],
        then=[concludes("neurogenic_claudication")],
    ),
    # -- Radicular pain -------------------------------------------------------
    rule(
        id="neuro.pattern.radicular_pain.radiating",
        title="Shooting pain down the leg past the knee",
        cites=_SCIATICA,
        rationale="Pain that shoots from the buttock below the knee follows the sciatic nerve's path.",
        when=[present("leg_pain_radiating_below_knee")],
        then=[concludes("radicular_pain")],
    ),
    rule(
        id="neuro.pattern.radicular_pain.back_and_one_leg_numb",
        title="Low back pain with numbness or tingling in one leg",
        cites=_COMPRESSION_SYMPTOMS,
        rationale="Back pain with numbness confined to one leg maps to one compressed lumbar nerve root.",
        when=[present("low_back_pain"), present("leg_numbness_tingling"), present("one_sided")],
        then=[concludes("radicular_pain")],
    ),
    # -- Peripheral nerves ----------------------------------------------------
    rule(
        id="neuro.pattern.polyneuropathy.both_feet",
        title="Numbness or tingling beginning in both feet",
        cites=_NEUROPATHY_ASCENDING,
        rationale="The longest nerves fail first, so a neuropathy starts in both feet.",
        when=[present("foot_numbness_tingling_both")],
        then=[concludes("length_dependent_polyneuropathy")],
    ),
    rule(
        id="neuro.pattern.polyneuropathy.burning_feet",
        title="Burning feet in both legs",
        cites=_TINGLING_OR_BURNING,
        rationale="Burning of both feet is a sensory neuropathy of the longest nerves.",
        when=[present("burning_foot_pain"), present("both_legs")],
        then=[concludes("length_dependent_polyneuropathy")],
    ),
    rule(
        id="neuro.pattern.polyneuropathy.slow_ascent",
        title="Weakness that began in the feet and climbs slowly",
        cites=_NEUROPATHY_ASCENDING,
        rationale="Feet-first symptoms spreading upward over weeks to months are a length-dependent "
                  "neuropathy, not the rapid ascent of Guillain-Barré.",
        when=[present("ascending_weakness"), present("onset_gradual")],
        then=[concludes("length_dependent_polyneuropathy")],
    ),
    rule(
        id="neuro.pattern.rapid_ascent",
        title="Weakness that began in the feet and climbs quickly",
        cites=_GUILLAIN_BARRE,
        rationale="Feet-first weakness climbing over hours to days is the course of Guillain-Barré syndrome.",
        when=[present("ascending_weakness"), any_present("rapidly_progressive", "onset_sudden")],
        then=[concludes("rapidly_ascending_paralysis")],
    ),
    # -- Central nervous system -----------------------------------------------
    rule(
        id="neuro.pattern.acute_central_deficit.sudden_one_sided",
        title="Sudden weakness or a sudden deficit of one side",
        cites=_CENTRAL_ONSET,
        rationale="Abrupt one-sided weakness that persists, stops standing, or came and went is a "
                  "deficit of the brain's blood supply until shown otherwise.",
        when=[present("onset_sudden"), present("one_sided"),
              any_present("constant_weakness", "unable_to_stand_or_walk", "symptoms_now_resolved",
                          *_CORTICAL_SIGNS)],
        then=[concludes("acute_central_deficit")],
    ),
    rule(
        id="neuro.pattern.acute_central_deficit.sudden_numb_leg",
        title="Sudden numbness of one leg with no back or nerve-root pain",
        cites=_TIA,
        rationale="Abrupt numbness of one leg, without the back or shooting pain of a compressed "
                  "root, is how the documents describe a TIA or stroke.",
        when=[present("onset_sudden"), present("one_sided"), present("leg_numbness_tingling"),
              not_present("low_back_pain"), not_present("leg_pain_radiating_below_knee")],
        then=[concludes("acute_central_deficit")],
    ),
    rule(
        id="neuro.pattern.acute_central_deficit.face_or_arm",
        title="A drooping face or weak arm with one-sided or sudden leg weakness",
        cites=_STROKE_SIGNS,
        rationale="Face, arm and leg of one side failing together localises to one side of the brain.",
        when=[any_present("facial_droop", "arm_weakness_same_side"),
              any_present("one_sided", "onset_sudden")],
        then=[concludes("acute_central_deficit")],
    ),
    rule(
        id="neuro.pattern.upper_motor_neuron",
        title="Stiff, spastic legs or brisk reflexes",
        cites=_EXAMINATION,
        rationale="Spasticity and brisk reflexes locate the problem in the brain or spinal cord, "
                  "not in a nerve, muscle or joint.",
        when=[any_present("leg_stiffness_spasticity", "brisk_reflexes")],
        then=[concludes("upper_motor_neuron_pattern")],
    ),
    rule(
        id="neuro.pattern.central_demyelination.relapsing",
        title="Earlier neurological episodes with visual disturbance or central signs",
        cites=_MULTIPLE_SCLEROSIS,
        rationale="Episodes that came and went, now with visual disturbance, spasticity, brisk "
                  "reflexes or poor balance, are central lesions scattered in time.",
        when=[present("previous_neuro_episodes"),
              any_present("vision_disturbance", "leg_stiffness_spasticity", "brisk_reflexes",
                          "balance_problems")],
        then=[concludes("central_demyelination")],
    ),
    rule(
        id="neuro.pattern.central_demyelination.vision_and_spasticity",
        title="Visual disturbance with upper-motor-neuron signs in the legs",
        cites=_MULTIPLE_SCLEROSIS,
        rationale="The optic nerve and the spinal cord affected together are central lesions "
                  "scattered in space, as myelin loss causes.",
        when=[present("vision_disturbance"), has_pattern("upper_motor_neuron_pattern")],
        then=[concludes("central_demyelination")],
    ),
    rule(
        id="neuro.pattern.central_demyelination.vision_and_balance",
        title="Visual disturbance with balance problems, developing gradually",
        cites=_MULTIPLE_SCLEROSIS,
        rationale="Optic nerve and balance pathways failing together over weeks are central lesions "
                  "scattered in space; an abrupt start would point to a stroke instead.",
        when=[present("vision_disturbance"), present("balance_problems"), present("onset_gradual")],
        then=[concludes("central_demyelination")],
    ),
    # -- Sphincters -------------------------------------------------------------
    rule(
        id="neuro.pattern.sphincter_disturbance",
        title="New loss of bladder or bowel control",
        cites=_CAUDA_EQUINA,
        rationale="New sphincter failure means the lowest nerve roots, which serve bladder and "
                  "bowel, are affected.",
        when=[any_present("bladder_dysfunction", "bowel_dysfunction")],
        then=[concludes("sphincter_disturbance")],
    ),
]

STENOSIS = [
    rule(
        id="neuro.stenosis.neurogenic_claudication",
        title="Neurogenic claudication",
        cites=_NEUROGENIC_CLAUDICATION,
        rationale="The documents name neurogenic claudication as the hallmark of lumbar spinal stenosis.",
        when=[has_pattern("neurogenic_claudication")],
        then=[supports("lumbar_spinal_stenosis", 0.7)],
    ),
    rule(
        id="neuro.stenosis.back_pain",
        title="Neurogenic claudication with low back pain",
        cites=_STENOSIS,
        rationale="Back pain places the positional leg symptoms in the narrowed lower back.",
        when=[has_pattern("neurogenic_claudication"), present("low_back_pain")],
        then=[supports("lumbar_spinal_stenosis", 0.2)],
    ),
    rule(
        id="neuro.stenosis.both_legs",
        title="Neurogenic claudication in both legs",
        cites=_STENOSIS,
        rationale="A narrowed central canal squeezes the nerves to both legs, unlike a single "
                  "herniated disc.",
        when=[has_pattern("neurogenic_claudication"), present("both_legs")],
        then=[supports("lumbar_spinal_stenosis", 0.15)],
    ),
    rule(
        id="neuro.stenosis.numbness_on_standing",
        title="Leg numbness or tingling brought on by standing or walking",
        cites=_NEUROGENIC_CLAUDICATION,
        rationale="Numbness rather than cramp on standing points to nerves, not arteries.",
        when=[present("symptoms_on_standing_or_walking"), present("leg_numbness_tingling")],
        then=[supports("lumbar_spinal_stenosis", 0.2)],
    ),
    rule(
        id="neuro.stenosis.sitting_relief",
        title="Relief on sitting or leaning forward",
        cites=_NEUROGENIC_CLAUDICATION,
        rationale="Flexing the spine widens the canal; relief that needs sitting or leaning forward "
                  "is characteristic even when what provokes it was not recorded.",
        when=[present("relief_on_sitting_or_bending_forward"), lacks_pattern("neurogenic_claudication")],
        then=[supports("lumbar_spinal_stenosis", 0.4)],
    ),
    rule(
        id="neuro.stenosis.back_pain_on_standing",
        title="Low back pain with leg symptoms on standing or walking",
        cites=_STENOSIS,
        rationale="Leg symptoms on standing with back pain suggest a narrowed canal even before "
                  "the effect of sitting is known.",
        when=[present("symptoms_on_standing_or_walking"), present("low_back_pain"),
              lacks_pattern("neurogenic_claudication")],
        then=[supports("lumbar_spinal_stenosis", 0.3)],
    ),
    rule(
        id="neuro.stenosis.no_sitting_relief",
        title="Not eased by sitting or leaning forward",
        cites=_NEUROGENIC_CLAUDICATION,
        rationale="Without relief on flexing the spine the hallmark of stenosis is missing.",
        when=[absent("relief_on_sitting_or_bending_forward")],
        then=[opposes("lumbar_spinal_stenosis", 0.45)],
    ),
    rule(
        id="neuro.stenosis.relief_standing_still",
        title="Eased by rest even standing, without relief on sitting",
        cites=_VASCULAR_RELIEF,
        rationale="Relief within minutes of standing still is the muscles' oxygen demand falling "
                  "(vascular claudication); a compressed canal needs the spine flexed.",
        when=[present("relief_on_rest"), not_present("relief_on_sitting_or_bending_forward")],
        then=[opposes("lumbar_spinal_stenosis", 0.3)],
    ),
    rule(
        id="neuro.stenosis.not_on_standing",
        title="Not brought on by standing or walking",
        cites=_NEUROGENIC_CLAUDICATION,
        rationale="Stenosis symptoms are provoked by an upright spine; without that they are unlikely.",
        when=[absent("symptoms_on_standing_or_walking"), not_present("exertional_leg_pain")],
        then=[opposes("lumbar_spinal_stenosis", 0.3)],
    ),
]

RADICULOPATHY = [
    rule(
        id="neuro.radiculopathy.radicular_pain",
        title="Radicular pain",
        cites=_SCIATICA,
        rationale="Pain along the path of the sciatic nerve is the documents' definition of sciatica.",
        when=[has_pattern("radicular_pain")],
        then=[supports("lumbar_radiculopathy", 0.6)],
    ),
    rule(
        id="neuro.radiculopathy.back_pain",
        title="Radicular pain with low back pain",
        cites=_LUMBAR_COMPRESSION,
        rationale="Back pain with leg pain places the compressed root in the lumbar spine.",
        when=[has_pattern("radicular_pain"), present("low_back_pain")],
        then=[supports("lumbar_radiculopathy", 0.25)],
    ),
    rule(
        id="neuro.radiculopathy.one_leg",
        title="Radicular pain in one leg",
        cites=_LUMBAR_COMPRESSION,
        rationale="A herniated disc usually compresses the root to one leg.",
        when=[has_pattern("radicular_pain"), present("one_sided")],
        then=[supports("lumbar_radiculopathy", 0.15)],
    ),
    rule(
        id="neuro.radiculopathy.shooting_pain_and_numbness",
        title="Shooting leg pain with numbness or tingling",
        cites=_SCIATICA_SYMPTOMS,
        rationale="Shooting pain with numbness and tingling is the sensory picture of a compressed root.",
        when=[present("leg_pain_radiating_below_knee"), present("leg_numbness_tingling")],
        then=[supports("lumbar_radiculopathy", 0.2)],
    ),
    rule(
        id="neuro.radiculopathy.leg_gives_way",
        title="Radicular pain with the leg giving way or weak",
        cites=_SCIATICA_SYMPTOMS,
        rationale="A severely compressed root stops the motor signal, so the leg gives way.",
        when=[has_pattern("radicular_pain"), any_present("episodes_of_giving_way", "constant_weakness")],
        then=[supports("lumbar_radiculopathy", 0.15)],
    ),
    rule(
        id="neuro.radiculopathy.no_radiating_pain",
        title="No pain radiating below the knee",
        cites=_SCIATICA,
        rationale="Without pain along the sciatic nerve the hallmark of sciatica is missing.",
        when=[absent("leg_pain_radiating_below_knee")],
        then=[opposes("lumbar_radiculopathy", 0.4)],
    ),
    rule(
        id="neuro.radiculopathy.no_back_pain",
        title="No low back pain",
        cites=_LUMBAR_COMPRESSION,
        rationale="Lumbar root compression usually comes with back pain; its absence counts against.",
        when=[absent("low_back_pain")],
        then=[opposes("lumbar_radiculopathy", 0.2)],
    ),
    rule(
        id="neuro.radiculopathy.cauda_equina_signs",
        title="Red-flag signs of cauda equina",
        cites=_CAUDA_EQUINA_SURGERY,
        rationale="Saddle numbness, sphincter loss or fast-worsening weakness of both legs mean "
                  "more than one compressed root: cauda equina, not simple sciatica.",
        when=[any_of(has_red_flag("suspected_cauda_equina"), has_red_flag("rapid_bilateral_weakness"))],
        then=[opposes("lumbar_radiculopathy", 0.3)],
    ),
    rule(
        id="neuro.radiculopathy.positional_claudication",
        title="Symptoms eased by sitting or leaning forward",
        cites=_NEUROGENIC_CLAUDICATION,
        rationale="Leg symptoms that come with standing and go with sitting point to a narrowed "
                  "canal (stenosis) rather than a single compressed root.",
        when=[has_pattern("neurogenic_claudication")],
        then=[opposes("lumbar_radiculopathy", 0.25)],
    ),
]

NEUROPATHY = [
    rule(
        id="neuro.neuropathy.feet_first",
        title="Length-dependent polyneuropathy",
        cites=_NEUROPATHY_ASCENDING,
        rationale="Numbness or tingling starting in both feet is the documents' hallmark of "
                  "peripheral neuropathy.",
        when=[has_pattern("length_dependent_polyneuropathy")],
        then=[supports("peripheral_neuropathy", 0.6)],
    ),
    rule(
        id="neuro.neuropathy.diabetes",
        title="Diabetes with numbness, tingling or burning",
        cites=_NEUROPATHY_DIABETES,
        rationale="Diabetes is a leading cause: high blood sugar injures the nerve fibres.",
        when=[present("diabetes"),
              any_of(has_pattern("length_dependent_polyneuropathy"), present("leg_numbness_tingling"),
                     present("burning_foot_pain"))],
        then=[supports("peripheral_neuropathy", 0.2)],
    ),
    rule(
        id="neuro.neuropathy.gradual",
        title="Feet-first symptoms that came on gradually",
        cites=_NEUROPATHY_ASCENDING,
        rationale="A neuropathy progresses gradually, over weeks to months.",
        when=[has_pattern("length_dependent_polyneuropathy"), present("onset_gradual")],
        then=[supports("peripheral_neuropathy", 0.2)],
    ),
    rule(
        id="neuro.neuropathy.burning_feet",
        title="Burning feet",
        cites=_NEUROPATHY_FEET_FIRST,
        rationale="Burning or sharp pains in the feet are a typical sensory symptom of damaged nerve fibres.",
        when=[present("burning_foot_pain")],
        then=[supports("peripheral_neuropathy", 0.3)],
    ),
    rule(
        id="neuro.neuropathy.numb_both_legs",
        title="Numbness or pins and needles in both legs",
        cites=_NEUROPATHY_HEAVINESS,
        rationale="Numbness of both legs, not following one nerve root, suggests damage to the "
                  "peripheral nerves.",
        when=[present("leg_numbness_tingling"), present("both_legs")],
        then=[supports("peripheral_neuropathy", 0.3)],
    ),
    rule(
        id="neuro.neuropathy.reduced_reflexes",
        title="Feet-first symptoms with reduced reflexes",
        cites=_EXAMINATION,
        rationale="Reduced ankle and knee reflexes confirm a peripheral nerve problem on examination.",
        when=[has_pattern("length_dependent_polyneuropathy"), present("reduced_reflexes")],
        then=[supports("peripheral_neuropathy", 0.2)],
    ),
    rule(
        id="neuro.neuropathy.poor_coordination",
        title="Feet-first symptoms with poor balance",
        cites=_NEUROPATHY_HEAVINESS,
        rationale="Numb feet lose the sense of position, so coordination and balance suffer.",
        when=[has_pattern("length_dependent_polyneuropathy"), present("balance_problems")],
        then=[supports("peripheral_neuropathy", 0.15)],
    ),
    rule(
        id="neuro.neuropathy.heaviness",
        title="Feet-first symptoms felt as heaviness",
        cites=_NEUROPATHY_HEAVINESS,
        rationale="Patients often describe neuropathic weakness and numbness as heavy legs.",
        when=[has_pattern("length_dependent_polyneuropathy"), present("heaviness")],
        then=[supports("peripheral_neuropathy", 0.1)],
    ),
    rule(
        id="neuro.neuropathy.ascending",
        title="Weakness that began in the feet and is spreading upward",
        cites=_NEUROPATHY_ASCENDING,
        rationale="Feet-first weakness climbing the legs is how a neuropathy spreads, when it is "
                  "not climbing quickly.",
        when=[present("ascending_weakness"), lacks_pattern("rapidly_ascending_paralysis")],
        then=[supports("peripheral_neuropathy", 0.3)],
    ),
    rule(
        id="neuro.neuropathy.positional",
        title="Leg symptoms that come on standing and go on sitting",
        cites=_NEUROGENIC_CLAUDICATION,
        rationale="Numbness that comes with standing or walking and eases on sitting is a "
                  "compressed canal (stenosis); a neuropathy does not change with posture.",
        when=[has_pattern("neurogenic_claudication")],
        then=[opposes("peripheral_neuropathy", 0.3)],
    ),
    rule(
        id="neuro.neuropathy.rapid_ascent",
        title="Weakness climbing quickly",
        cites=_GUILLAIN_BARRE,
        rationale="A quick climb from the feet points to Guillain-Barré; a neuropathy progresses gradually.",
        when=[has_pattern("rapidly_ascending_paralysis")],
        then=[opposes("peripheral_neuropathy", 0.4)],
    ),
    rule(
        id="neuro.neuropathy.rapidly_progressive",
        title="Weakness worsening over hours to days",
        cites=_NEUROPATHY_ASCENDING,
        rationale="A neuropathy progresses gradually; a course of hours to days points to an acute cause.",
        when=[present("rapidly_progressive"), lacks_pattern("rapidly_ascending_paralysis")],
        then=[opposes("peripheral_neuropathy", 0.4)],
    ),
    rule(
        id="neuro.neuropathy.sudden_onset",
        title="Symptoms that began abruptly",
        cites=_NEUROPATHY_ASCENDING,
        rationale="An abrupt start does not fit a gradually progressing neuropathy.",
        when=[present("onset_sudden")],
        then=[opposes("peripheral_neuropathy", 0.3)],
    ),
    rule(
        id="neuro.neuropathy.one_sided",
        title="One leg only",
        cites=_NEUROPATHY_FEET_FIRST,
        rationale="A polyneuropathy affects both feet first; one leg alone points to a root, the "
                  "brain or a local cause.",
        when=[present("one_sided")],
        then=[opposes("peripheral_neuropathy", 0.3)],
    ),
    rule(
        id="neuro.neuropathy.feet_spared",
        title="No numbness or tingling in the feet",
        cites=_NEUROPATHY_ASCENDING,
        rationale="Without symptoms starting in the feet the hallmark of neuropathy is missing.",
        when=[absent("foot_numbness_tingling_both")],
        then=[opposes("peripheral_neuropathy", 0.4)],
    ),
]

STROKE = [
    rule(
        id="neuro.stroke.acute_central_deficit",
        title="Acute one-sided central deficit",
        cites=_TIA,
        rationale="Interrupted blood flow to one side of the brain causes sudden weakness of the "
                  "other side of the body.",
        when=[has_pattern("acute_central_deficit")],
        then=[supports("stroke_or_tia", 0.5)],
    ),
    rule(
        id="neuro.stroke.vascular_risk",
        title="An acute central deficit in someone with vascular risk factors",
        cites=_TIA,
        rationale="High blood pressure, smoking, diabetes and high cholesterol narrow the arteries "
                  "that interrupt the brain's blood flow.",
        when=[has_pattern("acute_central_deficit"),
              any_present("hypertension", "smoker", "diabetes", "high_cholesterol")],
        then=[supports("stroke_or_tia", 0.15)],
    ),
    rule(
        id="neuro.stroke.upper_motor_neuron",
        title="An acute central deficit with upper-motor-neuron signs",
        cites=_CENTRAL_ONSET,
        rationale="Brisk reflexes or spasticity on the weak side confirm the lesion is central.",
        when=[has_pattern("acute_central_deficit"), has_pattern("upper_motor_neuron_pattern")],
        then=[supports("stroke_or_tia", 0.2)],
    ),
    rule(
        id="neuro.stroke.gradual_onset",
        title="Symptoms that developed gradually",
        cites=_TIA,
        rationale="A stroke or TIA is sudden; weeks to months of change point elsewhere.",
        when=[present("onset_gradual")],
        then=[opposes("stroke_or_tia", 0.4)],
    ),
    rule(
        id="neuro.stroke.not_one_sided",
        title="Not confined to one side",
        cites=_STROKE_SIGNS,
        rationale="Stroke weakness is unilateral; weakness explicitly not one-sided counts against it.",
        when=[absent("one_sided")],
        then=[opposes("stroke_or_tia", 0.3)],
    ),
    rule(
        id="neuro.stroke.both_legs_only",
        title="Both legs affected, with no one-sided signs",
        cites=_STROKE_SIGNS,
        rationale="Weakness of both legs without a one-sided deficit, drooping face, weak arm or "
                  "slurred speech points to the spine, the nerves or the whole body.",
        when=[present("both_legs"), not_present("one_sided"), *_none_present(*_LATERALISING_SIGNS)],
        then=[opposes("stroke_or_tia", 0.25)],
    ),
    rule(
        id="neuro.stroke.nerve_root_pain",
        title="Pain along a nerve root and no brain signs",
        cites=_JOINT_OR_NERVE,
        rationale="Leg weakness with radicular pain and no face, arm, speech or thinking signs "
                  "points to the lumbar spine rather than the brain.",
        when=[has_pattern("radicular_pain"), *_none_present(*_CORTICAL_SIGNS)],
        then=[opposes("stroke_or_tia", 0.4)],
    ),
    rule(
        id="neuro.stroke.knee_injury",
        title="A knee injury and no brain signs",
        cites=_JOINT_OR_NERVE,
        rationale="Sudden buckling of one leg after a twist, with a swollen, locking or unstable "
                  "knee and no face, arm, speech or thinking signs, is the joint, not the brain.",
        when=[any_present("recent_knee_injury", "gives_way_on_pivoting", "knee_locking",
                          "kneecap_displacement"),
              *_none_present(*_CORTICAL_SIGNS)],
        then=[opposes("stroke_or_tia", 0.4)],
    ),
    rule(
        id="neuro.stroke.cold_leg",
        title="A cold, pale or suddenly painful leg and no brain signs",
        cites=_ACUTE_LOSS_OF_FLOW,
        rationale="Sudden one-leg weakness with the signs of a blocked leg artery, and no face, arm, "
                  "speech or thinking signs, is the leg's blood supply, not the brain's.",
        when=[has_pattern("limb_ischemia_signs"), *_none_present(*_CORTICAL_SIGNS)],
        then=[opposes("stroke_or_tia", 0.4)],
    ),
]

MULTIPLE_SCLEROSIS = [
    rule(
        id="neuro.ms.central_demyelination",
        title="Relapsing central nervous system signs",
        cites=_MULTIPLE_SCLEROSIS,
        rationale="Central lesions scattered in time or space are the mark of myelin attacked by "
                  "the immune system.",
        when=[has_pattern("central_demyelination")],
        then=[supports("multiple_sclerosis", 0.6)],
    ),
    rule(
        id="neuro.ms.upper_motor_neuron",
        title="Stiff legs or brisk reflexes",
        cites=_MULTIPLE_SCLEROSIS,
        rationale="Stiffness is one of the three features the documents give for MS.",
        when=[has_pattern("upper_motor_neuron_pattern")],
        then=[supports("multiple_sclerosis", 0.3)],
    ),
    rule(
        id="neuro.ms.stiffness_and_balance",
        title="Stiffness with balance problems",
        cites=_MULTIPLE_SCLEROSIS,
        rationale="Weakness, stiffness and balance issues together are the picture of MS the "
                  "documents give.",
        when=[has_pattern("upper_motor_neuron_pattern"), present("balance_problems")],
        then=[supports("multiple_sclerosis", 0.35)],
    ),
    rule(
        id="neuro.ms.vision",
        title="Visual disturbance with relapsing central signs",
        cites=_MULTIPLE_SCLEROSIS,
        rationale="Blurred, double or painful vision is impaired signal transmission in the optic "
                  "nerve, often the first lesion of MS.",
        when=[has_pattern("central_demyelination"), present("vision_disturbance")],
        then=[supports("multiple_sclerosis", 0.25)],
    ),
    rule(
        id="neuro.ms.previous_episodes",
        title="Earlier episodes that resolved, with central signs now",
        cites=_MULTIPLE_SCLEROSIS,
        rationale="Episodes that come and go are the relapsing course of MS.",
        when=[has_pattern("central_demyelination"), present("previous_neuro_episodes")],
        then=[supports("multiple_sclerosis", 0.25)],
    ),
    rule(
        id="neuro.ms.no_previous_episodes",
        title="No earlier neurological episodes",
        cites=_MULTIPLE_SCLEROSIS,
        rationale="MS usually relapses and remits; no earlier episode counts somewhat against it.",
        when=[absent("previous_neuro_episodes")],
        then=[opposes("multiple_sclerosis", 0.2)],
    ),
    rule(
        id="neuro.ms.reduced_reflexes",
        title="Reduced reflexes",
        cites=_EXAMINATION,
        rationale="Reduced reflexes locate the problem in the peripheral nerves, not the brain or "
                  "spinal cord.",
        when=[present("reduced_reflexes")],
        then=[opposes("multiple_sclerosis", 0.3)],
    ),
    rule(
        id="neuro.ms.acute_one_sided",
        title="A sudden one-sided deficit",
        cites=_SUDDEN_ONE_SIDED,
        rationale="An abrupt deficit of one side is first a blocked artery, not demyelination.",
        when=[has_pattern("acute_central_deficit")],
        then=[opposes("multiple_sclerosis", 0.2)],
    ),
    rule(
        id="neuro.ms.joint_stiffness",
        title="Stiffness from the joints",
        cites=_JOINT_OR_NERVE,
        rationale="Stiffness with degenerative or inflammatory joint pain belongs to the joints, "
                  "not the nervous system.",
        when=[any_of(has_pattern("degenerative_joint_pain"), has_pattern("inflammatory_arthritis")),
              present("leg_stiffness_spasticity")],
        then=[opposes("multiple_sclerosis", 0.3)],
    ),
]

GUILLAIN_BARRE = [
    rule(
        id="neuro.gbs.rapid_ascent",
        title="Rapidly ascending weakness",
        cites=_GUILLAIN_BARRE,
        rationale="Weakness that begins in the feet and moves quickly upward is the documents' "
                  "description of Guillain-Barré syndrome.",
        when=[has_pattern("rapidly_ascending_paralysis")],
        then=[supports("guillain_barre_syndrome", 0.5)],
    ),
    rule(
        id="neuro.gbs.after_infection",
        title="Ascending or rapidly worsening weakness after an infection",
        cites=_GUILLAIN_BARRE,
        rationale="An autoimmune attack on the nerves typically follows a diarrhoeal or respiratory "
                  "infection by days to weeks.",
        when=[present("recent_infection"), any_present("ascending_weakness", "rapidly_progressive")],
        then=[supports("guillain_barre_syndrome", 0.3)],
    ),
    rule(
        id="neuro.gbs.reduced_reflexes",
        title="Ascending or rapidly worsening weakness with reduced reflexes",
        cites=_EXAMINATION,
        rationale="Lost reflexes with fast-spreading weakness place the attack in the peripheral nerves.",
        when=[present("reduced_reflexes"), any_present("ascending_weakness", "rapidly_progressive")],
        then=[supports("guillain_barre_syndrome", 0.3)],
    ),
    rule(
        id="neuro.gbs.gradual",
        title="Weakness that developed gradually",
        cites=_NEUROPATHY_ASCENDING,
        rationale="Feet-first symptoms progressing gradually are a neuropathy; Guillain-Barré climbs quickly.",
        when=[present("onset_gradual")],
        then=[opposes("guillain_barre_syndrome", 0.5)],
    ),
    rule(
        id="neuro.gbs.not_rapid",
        title="Not rapidly progressive",
        cites=_GUILLAIN_BARRE,
        rationale="Without quick progression the hallmark of Guillain-Barré is missing.",
        when=[absent("rapidly_progressive")],
        then=[opposes("guillain_barre_syndrome", 0.4)],
    ),
    rule(
        id="neuro.gbs.not_ascending",
        title="Not spreading up from the feet",
        cites=_GUILLAIN_BARRE,
        rationale="Guillain-Barré weakness begins in the feet and climbs; weakness that does not "
                  "counts against it.",
        when=[absent("ascending_weakness")],
        then=[opposes("guillain_barre_syndrome", 0.3)],
    ),
    rule(
        id="neuro.gbs.brisk_reflexes",
        title="Brisk reflexes or spasticity",
        cites=_EXAMINATION,
        rationale="Upper-motor-neuron signs locate the problem centrally, not in the peripheral nerves.",
        when=[has_pattern("upper_motor_neuron_pattern")],
        then=[opposes("guillain_barre_syndrome", 0.3)],
    ),
    rule(
        id="neuro.gbs.one_sided",
        title="One leg only",
        cites=_GUILLAIN_BARRE,
        rationale="Guillain-Barré begins in both feet; one-sided weakness points elsewhere.",
        when=[present("one_sided")],
        then=[opposes("guillain_barre_syndrome", 0.3)],
    ),
]

CAUDA_EQUINA = [
    rule(
        id="neuro.cauda_equina.with_radicular_pain",
        title="Saddle or sphincter signs, or rapid weakness of both legs, with radicular pain",
        cites=_CAUDA_EQUINA,
        rationale="Sphincter or saddle signs, or weakness of both legs worsening fast, with "
                  "nerve-root pain mean several lumbar roots are compressed at once.",
        when=[any_of(has_pattern("sphincter_disturbance"), present("saddle_numbness"),
                     has_red_flag("rapid_bilateral_weakness")),
              has_pattern("radicular_pain")],
        then=[supports("cauda_equina_syndrome", 0.3)],
    ),
    rule(
        id="neuro.cauda_equina.rapid_with_back_pain",
        title="Rapid weakness of both legs with low back pain",
        cites=_CAUDA_EQUINA,
        rationale="Rapidly progressing weakness of both legs with back pain points to compressed "
                  "roots in the spine rather than the nerves themselves.",
        when=[present("rapidly_progressive"), present("both_legs"), present("low_back_pain")],
        then=[supports("cauda_equina_syndrome", 0.4)],
    ),
    rule(
        id="neuro.cauda_equina.no_saddle_numbness",
        title="No saddle numbness",
        cites=_CAUDA_EQUINA_SURGERY,
        rationale="Saddle numbness is a cardinal sign; its absence counts against cauda equina.",
        when=[absent("saddle_numbness")],
        then=[opposes("cauda_equina_syndrome", 0.3)],
    ),
    rule(
        id="neuro.cauda_equina.bladder_normal",
        title="Normal bladder control",
        cites=_CAUDA_EQUINA,
        rationale="Bladder control is usually lost early; normal control counts against cauda equina.",
        when=[absent("bladder_dysfunction")],
        then=[opposes("cauda_equina_syndrome", 0.3)],
    ),
    rule(
        id="neuro.cauda_equina.no_back_pain",
        title="No low back pain",
        cites=_LUMBAR_COMPRESSION,
        rationale="Compression of the lumbar nerve roots usually comes with back pain.",
        when=[absent("low_back_pain")],
        then=[opposes("cauda_equina_syndrome", 0.2)],
    ),
    rule(
        id="neuro.cauda_equina.ascending_without_sphincter_signs",
        title="Rapidly ascending weakness without saddle or sphincter signs",
        cites=_GUILLAIN_BARRE,
        rationale="Weakness climbing from the feet, with bladder, bowel and saddle spared, points to "
                  "Guillain-Barré rather than compressed roots.",
        when=[has_pattern("rapidly_ascending_paralysis"), lacks_pattern("sphincter_disturbance"),
              not_present("saddle_numbness")],
        then=[opposes("cauda_equina_syndrome", 0.3)],
    ),
]

RECOMMENDATIONS = [
    # -- Emergencies ----------------------------------------------------------
    rule(
        id="neuro.recommend.stroke",
        title="Stroke or TIA: emergency care and stroke assessment",
        cites=_SUDDEN_ONE_SIDED,
        rationale="Stroke treatment depends on brain imaging within hours; a TIA warns of a stroke to come.",
        when=[supported("stroke_or_tia")],
        then=recommends("call_emergency_services", "emergency_stroke_assessment", serves="stroke_or_tia"),
    ),
    rule(
        id="neuro.recommend.guillain_barre",
        title="Guillain-Barré: emergency neurological assessment",
        cites=_CENTRAL_ONSET,
        rationale="Ascending paralysis can reach the breathing muscles and needs monitoring in hospital.",
        when=[supported("guillain_barre_syndrome")],
        then=recommends("call_emergency_services", "emergency_neurology_assessment",
                        serves="guillain_barre_syndrome"),
    ),
    rule(
        id="neuro.recommend.guillain_barre.nerve_studies",
        title="Guillain-Barré: nerve conduction studies",
        cites=_NERVE_STUDIES,
        rationale="Nerve conduction studies show the slowed signals of an acute neuropathy.",
        when=[supported("guillain_barre_syndrome")],
        then=recommends("nerve_conduction_emg", serves="guillain_barre_syndrome"),
    ),
    rule(
        id="neuro.recommend.cauda_equina",
        title="Cauda equina: emergency MRI and surgical assessment",
        cites=_CAUDA_EQUINA_SURGERY,
        rationale="Decompression before the roots are permanently damaged needs imaging now.",
        when=[supported("cauda_equina_syndrome")],
        then=recommends("call_emergency_services", "emergency_mri_spine", serves="cauda_equina_syndrome"),
    ),
    # -- Multiple sclerosis -----------------------------------------------------
    rule(
        id="neuro.recommend.ms.examination",
        title="Possible MS: neurological examination and referral",
        cites=_EXAMINATION,
        rationale="Strength, reflexes and coordination locate a central lesion; a neurologist confirms MS.",
        when=[supported("multiple_sclerosis")],
        then=recommends("physical_examination", "neurology_referral", serves="multiple_sclerosis"),
    ),
    rule(
        id="neuro.recommend.ms.mri",
        title="Possible MS: MRI of the brain and spinal cord",
        cites=_MRI,
        rationale="MRI shows the patches of lost myelin in the brain and spinal cord.",
        when=[supported("multiple_sclerosis")],
        then=recommends("mri_brain_spinal_cord", serves="multiple_sclerosis"),
    ),
    rule(
        id="neuro.recommend.ms.therapy",
        title="Possible MS: physical therapy",
        cites=_PHYSICAL_THERAPY,
        rationale="Therapy keeps strength, reduces stiffness and trains balance.",
        when=[supported("multiple_sclerosis")],
        then=recommends("physical_therapy", serves="multiple_sclerosis"),
    ),
    # -- Peripheral neuropathy ---------------------------------------------------
    rule(
        id="neuro.recommend.neuropathy.examination",
        title="Peripheral neuropathy: examination",
        cites=_EXAMINATION,
        rationale="Sensation, strength and reflexes map how far up the legs the nerves are damaged.",
        when=[supported("peripheral_neuropathy")],
        then=recommends("physical_examination", serves="peripheral_neuropathy"),
    ),
    rule(
        id="neuro.recommend.neuropathy.nerve_studies",
        title="Peripheral neuropathy: nerve conduction studies and EMG",
        cites=_NERVE_STUDIES,
        rationale="Nerve conduction studies confirm and grade nerve damage.",
        when=[supported("peripheral_neuropathy")],
        then=recommends("nerve_conduction_emg", serves="peripheral_neuropathy"),
    ),
    rule(
        id="neuro.recommend.neuropathy.blood_tests",
        title="Peripheral neuropathy: blood tests for diabetes",
        cites=_BLOOD_TESTS,
        rationale="Diabetes is a leading cause; blood sugar tests find or grade it.",
        when=[supported("peripheral_neuropathy")],
        then=recommends("blood_glucose", "blood_hba1c", serves="peripheral_neuropathy"),
    ),
    rule(
        id="neuro.recommend.neuropathy.therapy",
        title="Peripheral neuropathy: physical therapy",
        cites=_PHYSICAL_THERAPY,
        rationale="Strength and balance training compensate for weak, numb feet.",
        when=[supported("peripheral_neuropathy")],
        then=recommends("physical_therapy", serves="peripheral_neuropathy"),
    ),
    # -- Lumbar nerve-root compression -------------------------------------------
    rule(
        id="neuro.recommend.stenosis.examination",
        title="Spinal stenosis: examination",
        cites=_EXAMINATION,
        rationale="Examination separates nerve from joint and artery causes of the leg symptoms.",
        when=[supported("lumbar_spinal_stenosis")],
        then=recommends("physical_examination", serves="lumbar_spinal_stenosis"),
    ),
    rule(
        id="neuro.recommend.stenosis.mri",
        title="Spinal stenosis: MRI of the lumbar spine",
        cites=_MRI,
        rationale="MRI shows the narrowed canal and the compressed nerves.",
        when=[supported("lumbar_spinal_stenosis")],
        then=recommends("mri_lumbar_spine", serves="lumbar_spinal_stenosis"),
    ),
    rule(
        id="neuro.recommend.stenosis.care",
        title="Spinal stenosis: exercises and medicines for nerve compression",
        cites=_NERVE_COMPRESSION_CARE,
        rationale="Exercises relieve pressure on the nerves; medicines ease pain and inflammation.",
        when=[supported("lumbar_spinal_stenosis")],
        then=recommends("spinal_exercises", "pain_inflammation_medication", "physical_therapy",
                        serves="lumbar_spinal_stenosis"),
    ),
    rule(
        id="neuro.recommend.radiculopathy.examination",
        title="Sciatica: examination",
        cites=_EXAMINATION,
        rationale="Strength, reflexes and sensation identify which nerve root is compressed.",
        when=[supported("lumbar_radiculopathy")],
        then=recommends("physical_examination", serves="lumbar_radiculopathy"),
    ),
    rule(
        id="neuro.recommend.radiculopathy.mri",
        title="Sciatica: MRI of the lumbar spine",
        cites=_MRI,
        rationale="MRI shows a herniated disc compressing the root.",
        when=[supported("lumbar_radiculopathy")],
        then=recommends("mri_lumbar_spine", serves="lumbar_radiculopathy"),
    ),
    rule(
        id="neuro.recommend.radiculopathy.nerve_studies",
        title="Sciatica: nerve conduction studies and EMG",
        cites=_NERVE_STUDIES_SPINE,
        rationale="Electrodiagnostic tests separate root compression in the spine from nerve or "
                  "muscle disease.",
        when=[supported("lumbar_radiculopathy")],
        then=recommends("nerve_conduction_emg", serves="lumbar_radiculopathy"),
    ),
    rule(
        id="neuro.recommend.radiculopathy.care",
        title="Sciatica: exercises and medicines for nerve compression",
        cites=_NERVE_COMPRESSION_CARE,
        rationale="Exercises relieve pressure on the nerve root; medicines ease pain and inflammation.",
        when=[supported("lumbar_radiculopathy")],
        then=recommends("spinal_exercises", "pain_inflammation_medication", "physical_therapy",
                        serves="lumbar_radiculopathy"),
    ),
]

BEYOND_SOURCES = [
    # -- Spinal cord compression (beyond the source documents) ------------------
    rule(
        id="neuro.cord.thoracic_pain_with_cord_signs",
        title="Mid-back pain with spastic, unsteady or weak legs",
        cites=g.NICE_SPINAL_METASTASES.cite(
            "1.2 Recognising and referring: symptoms suggestive of spinal metastases and MSCC",
            "Pain in the thoracic spine, with limb weakness, difficulty walking or sensory loss, suggests "
            "compression of the spinal cord."),
        rationale="The cord ends at the first lumbar vertebra: a problem above it gives upper motor neuron signs "
                  "in both legs, not sciatica.",
        when=[present("thoracic_back_pain"),
              any_present("leg_stiffness_spasticity", "brisk_reflexes", "balance_problems", "constant_weakness",
                          "sensory_level")],
        then=supports("spinal_cord_compression", 0.5),
    ),
    rule(
        id="neuro.cord.upper_motor_neuron_both_legs",
        title="Upper motor neuron signs in both legs",
        cites=g.NICE_SPINAL_METASTASES.cite(
            "1.2 Recognising and referring: symptoms suggestive of spinal metastases and MSCC",
            "Neurological symptoms including limb weakness, difficulty walking, sensory loss or bladder "
            "dysfunction need immediate referral."),
        rationale="Stiff, brisk legs on both sides come from the spinal cord (or both sides of the brain), not one nerve root.",
        when=[has_pattern("upper_motor_neuron_pattern"), present("both_legs"),
              any_present("thoracic_back_pain", "sensory_level", "bladder_dysfunction", "cancer_history")],
        then=supports("spinal_cord_compression", 0.4),
    ),
    rule(
        id="neuro.cord.no_back_pain_or_cancer",
        title="Neither back pain nor cancer, and no sensory level",
        cites=g.NICE_SPINAL_METASTASES.cite(
            "1.2 Recognising and referring",
            "Spinal pain and a history of cancer are the features that raise the suspicion of compression."),
        rationale="Compression almost always hurts the spine; without that, a cancer or a level it is less likely.",
        when=[absent("thoracic_back_pain"), absent("low_back_pain"), absent("cancer_history")],
        then=opposes("spinal_cord_compression", 0.5),
    ),
    rule(
        id="neuro.action.spinal_cord",
        title="Suspected spinal cord compression: emergency MRI of the whole spine",
        cites=g.NICE_SPINAL_METASTASES.cite("1.4 Imaging",
                                            "Perform an MRI of the whole spine immediately if there are neurological "
                                            "symptoms or signs suggestive of cord compression."),
        rationale="The level and the cause decide between surgery and radiotherapy, within hours.",
        when=[supported("spinal_cord_compression")],
        then=recommends("emergency_whole_spine_mri", serves="spinal_cord_compression"),
    ),
    # -- Myasthenia gravis (beyond the source documents) -------------------------
    rule(
        id="neuro.myasthenia.fatigable",
        title="Weakness that grows with use and recovers with rest",
        cites=g.MYASTHENIA.cite("Diagnosis",
                                "The hallmark of myasthenia is fatigable weakness: worse with repeated use and "
                                "later in the day, better after rest."),
        rationale="Fatigue of the muscle itself, recovering within minutes, is the signature of a failing neuromuscular junction.",
        when=[present("fatigable_weakness")],
        then=supports("myasthenia_gravis", 0.5),
    ),
    rule(
        id="neuro.myasthenia.eyes",
        title="Drooping eyelids or double vision with the weakness",
        cites=g.MYASTHENIA.cite("Diagnosis",
                                "Most patients present with ptosis or diplopia; generalised weakness of the limbs follows "
                                "in many."),
        rationale="The eye muscles tire first in myasthenia; with weak legs they make it likely.",
        when=[any_present("drooping_eyelids", "fatigable_weakness"),
              any_present("drooping_eyelids", "vision_disturbance"), lacks_pattern("acute_central_deficit")],
        then=supports("myasthenia_gravis", 0.4),
    ),
    rule(
        id="neuro.myasthenia.not_fatigable",
        title="Weakness that does not vary with use",
        cites=g.MYASTHENIA.cite("Diagnosis", "Fatigability is what sets myasthenia apart from other weakness."),
        rationale="Weakness that is the same whatever the effort is unlikely to be myasthenia.",
        when=[absent("fatigable_weakness")],
        then=opposes("myasthenia_gravis", 0.5),
    ),
    rule(
        id="neuro.myasthenia.sensory_loss",
        title="Numbness or tingling",
        cites=g.MYASTHENIA.cite("Diagnosis", "Myasthenia causes weakness without sensory loss."),
        rationale="Myasthenia spares sensation; numbness points to a nerve, the cord or the brain.",
        when=[any_present("leg_numbness_tingling", "foot_numbness_tingling_both", "saddle_numbness")],
        then=opposes("myasthenia_gravis", 0.4),
    ),
    rule(
        id="neuro.action.myasthenia",
        title="Suspected myasthenia: antibody test and urgent neurology review",
        cites=g.MYASTHENIA.cite("Diagnosis; referral",
                                "Test acetylcholine-receptor antibodies and refer urgently to a neurologist; "
                                "check breathing and swallowing."),
        rationale="Treatment works well, and crises are avoided, once the diagnosis is made.",
        when=[supported("myasthenia_gravis")],
        then=recommends("myasthenia_antibody_test", serves="myasthenia_gravis"),
    ),
    # -- Guillain-Barré: severity counts, not only speed ---------------------------
    rule(
        id="neuro.gbs.severe_weakness",
        title="Ascending weakness with lost reflexes, or that stops walking",
        cites=g.GBS_TEN_STEPS.cite("Step 1: when to suspect GBS",
                                   "Suspect GBS in rapidly progressive bilateral weakness with reduced or absent "
                                   "reflexes; progression may take up to four weeks."),
        rationale="Guillain-Barré may climb over up to four weeks; disabling ascending weakness, or areflexic "
                  "ascending weakness not known to have come on over months, is not a slow neuropathy.",
        when=[present("ascending_weakness"),
              any_of(present("unable_to_stand_or_walk"), all_of(present("reduced_reflexes"), not_present("onset_gradual")))],
        then=supports("guillain_barre_syndrome", 0.5),
    ),
    rule(
        id="neuro.neuropathy.against.disabling_ascent",
        title="Ascending weakness that stops walking",
        cites=g.GBS_TEN_STEPS.cite("Step 1: when to suspect GBS",
                                   "Inability to walk from ascending weakness is a feature of GBS, not of a chronic "
                                   "length-dependent neuropathy."),
        rationale="A slow neuropathy numbs the feet long before it stops someone walking.",
        when=[present("ascending_weakness"), present("unable_to_stand_or_walk")],
        then=opposes("peripheral_neuropathy", 0.5),
    ),
]

RULES = [*PATTERNS, *STENOSIS, *RADICULOPATHY, *NEUROPATHY, *STROKE, *MULTIPLE_SCLEROSIS,
         *GUILLAIN_BARRE, *CAUDA_EQUINA, *RECOMMENDATIONS, *BEYOND_SOURCES]
