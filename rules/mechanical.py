"""Mechanical causes of legs that give way, buckle, feel weak or heavy.

Joints, ligaments, cartilage and overworked muscles: ligament injury, meniscal
tear, patellar instability, osteoarthritis, rheumatoid arthritis, hip or ankle
laxity, muscle fatigue and footwear strain.

Reasoning runs in layers. Findings first make the patterns the documents teach
(a knee that gives way from its structure, a knee that locks, wear-and-tear
pain, an inflammatory joint picture, overworked muscles); conditions are then
weighed from those patterns plus the findings that tell them apart:

* buckling on pivoting or stopping -> ligament; locking or catching ->
  meniscus; the kneecap slipping -> patella; pain worse with use, building
  gradually -> osteoarthritis; long morning stiffness with symmetric small-joint
  swelling -> rheumatoid arthritis; a loose hip or ankle -> laxity;
* overwork (exercise, long standing) -> muscle fatigue, poor shoes -> footwear
  strain; both are temporary, so constant weakness or a gradual, persistent
  course counts against them.

A finding given as absent counts against the condition whose hallmark it is;
an unknown finding never does.
"""
from expert.dsl import (absent, age_at_least, all_of, any_of, any_present, concludes, has_pattern,
                        lacks_pattern, not_present, opposes, present, recommends, rule, supported,
                        supports)
from rules import guidelines as g
from rules.sources import HEAVY_LEGS, LEG_BUCKLING, LEGS_GIVING_OUT

# -- Passages cited by several rules ------------------------------------------
_KNEE_STRUCTURE = LEG_BUCKLING.quote(
    "When the leg buckles due to mechanical instability, the cause is localized to the physical "
    "structure of the joint, most commonly the knee.")
_KNEE_GIVES_WAY = LEGS_GIVING_OUT.quote(
    "Damage to the meniscus or ligaments, such as the anterior cruciate ligament (ACL), can cause "
    "the joint to suddenly lose structural integrity, leading to an involuntary \"giving way.\"")
_LIGAMENT_PIVOTING = LEG_BUCKLING.quote(
    "A tear or chronic laxity allows the joint to shift out of place when bearing weight, causing "
    "the leg to give way, especially during pivoting or stopping movements.")
_LIGAMENT_FREQUENT = LEG_BUCKLING.quote(
    "Ligament injuries are a frequent cause of instability, particularly involving the anterior "
    "cruciate ligament (ACL) or medial collateral ligament (MCL).")
_MENISCUS_CATCH = LEG_BUCKLING.quote(
    "A torn flap of meniscal tissue can physically catch or get lodged within the joint space, "
    "resulting in a sudden sensation of locking or catching that interrupts the normal stride and "
    "forces the leg to buckle.")
_MENISCUS_PAIN_SWELLING = LEG_BUCKLING.quote(
    "This mechanical obstruction is often accompanied by pain and swelling, which inhibits the "
    "surrounding muscles from stabilizing the joint.")
_PATELLA = LEG_BUCKLING.quote(
    "Patellar instability, where the kneecap slips out of its groove on the thighbone, also "
    "commonly results in a buckling sensation due to the kneecap temporarily dislocating or "
    "failing to track properly.")
_OSTEOARTHRITIS = LEG_BUCKLING.quote(
    "Degenerative conditions like osteoarthritis involve the breakdown of protective cartilage, "
    "leading to increased friction and joint inflammation.")
_OA_BUCKLING = LEG_BUCKLING.quote(
    "This wear and tear can cause pain, stiffness, and a sudden reflexive inhibition of the "
    "quadriceps muscle, which can feel exactly like the leg giving out.")
_ARTHRITIS = LEGS_GIVING_OUT.quote(
    "Arthritis, including osteoarthritis and rheumatoid arthritis, can contribute to instability "
    "by causing structural damage and inflammation.")
_LAXITY = LEGS_GIVING_OUT.quote(
    "Issues affecting the entire gait cycle, such as laxity in the hip or ankle joints, can also "
    "translate up the kinetic chain and manifest as perceived weakness.")
_FATIGUE_COLLAPSE = LEGS_GIVING_OUT.quote(
    "Even acute muscle fatigue from overexertion can momentarily compromise the strength needed "
    "for weight-bearing, resulting in a temporary feeling of collapse.")
_FATIGUE_OVERWORK = HEAVY_LEGS.quote(
    "The most common cause is simple muscle fatigue, which occurs when muscles are overworked, "
    "such as after an intense workout or prolonged standing.")
_TEMPORARY_HEAVINESS = HEAVY_LEGS.quote(
    "Temporary leg heaviness frequently stems from acute causes that are easily identifiable and "
    "self-correcting.")
_PERSISTENT_HEAVINESS = HEAVY_LEGS.quote(
    "When leg heaviness is persistent or occurs consistently with activity, the circulatory system "
    "is often involved due to issues with arterial or venous blood flow.")
_SHOES = HEAVY_LEGS.quote(
    "Additionally, ill-fitting or unsupportive shoes can strain leg muscles and alter gait "
    "mechanics, resulting in localized discomfort.")
_EXAMINATION = LEG_BUCKLING.quote(
    "A healthcare provider will begin with a thorough physical examination, testing muscle "
    "strength, reflexes, and range of motion to identify the location of the problem—whether it "
    "is joint-related or neurological.")
_IMAGING = LEG_BUCKLING.quote(
    "Imaging tests are often employed to visualize internal structures, such as X-rays to assess "
    "bone alignment and arthritis, or magnetic resonance imaging (MRI) to examine soft tissues "
    "like ligaments, cartilage, and the spinal cord.")
_BLOOD_TESTS = LEG_BUCKLING.quote(
    "Blood tests may also be part of the initial workup to rule out systemic causes like diabetes "
    "or inflammatory conditions.")
_PHYSICAL_THERAPY = LEG_BUCKLING.quote(
    "Treatment plans are based on the confirmed cause, but they often include physical therapy as "
    "a primary component to restore stability and strength.")
_STRENGTHENING = LEG_BUCKLING.quote(
    "For mechanical instability, therapy focuses on strengthening the muscles surrounding the "
    "joint, particularly the quadriceps and hip muscles, to compensate for damaged ligaments or "
    "cartilage.")

_KNEE_FINDINGS = ("knee_pain", "knee_swelling", "recent_knee_injury", "knee_locking",
                  "kneecap_displacement")

PATTERN_RULES = [
    # -- A knee that gives way from its structure -----------------------------
    rule(
        id="mech.pattern.knee_buckles_on_pivoting",
        title="The knee gives way on twisting, pivoting or stopping",
        cites=_LIGAMENT_PIVOTING,
        rationale="Buckling under a twisting load is the joint shifting out of place, a structural failure.",
        when=[present("gives_way_on_pivoting")],
        then=concludes("mechanical_knee_instability"),
    ),
    rule(
        id="mech.pattern.knee_gives_way_with_knee_signs",
        title="The leg gives way and the knee itself is painful, swollen, injured or catching",
        cites=_KNEE_STRUCTURE,
        rationale="Giving way together with signs in the knee places the failure in the joint, not the nerves.",
        when=[present("episodes_of_giving_way"), any_present(*_KNEE_FINDINGS)],
        then=concludes("mechanical_knee_instability"),
    ),
    # -- A knee that locks ----------------------------------------------------
    rule(
        id="mech.pattern.knee_locks_or_catches",
        title="The knee locks or catches",
        cites=_MENISCUS_CATCH,
        rationale="Locking or catching is something physically lodged in the joint: a mechanical block.",
        when=[present("knee_locking")],
        then=concludes("knee_mechanical_block"),
    ),
    # -- Joint pain: wear and tear or inflammation ---------------------------
    rule(
        id="mech.pattern.pain_worse_with_use",
        title="Aching joint pain worse with use, eased by rest",
        cites=_OSTEOARTHRITIS,
        rationale="Pain that rises with load and settles with rest is the friction of worn cartilage.",
        when=[present("joint_pain_worse_with_use")],
        then=concludes("degenerative_joint_pain"),
    ),
    rule(
        id="mech.pattern.stiffness_with_symmetric_swelling",
        title="Long morning stiffness with swollen small joints on both sides",
        cites=_ARTHRITIS,
        rationale="Prolonged stiffness with symmetric small-joint swelling is joint inflammation, not wear.",
        when=[present("morning_stiffness_over_30min"), present("symmetric_small_joint_swelling")],
        then=concludes("inflammatory_arthritis"),
    ),
    # -- Overworked muscles ---------------------------------------------------
    rule(
        id="mech.pattern.overexertion",
        title="Intense exercise or long standing just before",
        cites=_FATIGUE_OVERWORK,
        rationale="Muscles worked past their capacity are the commonest cause of temporary leg weakness.",
        when=[present("recent_overexertion")],
        then=concludes("overuse_strain"),
    ),
    rule(
        id="mech.pattern.long_standing_with_tired_legs",
        title="Heavy or aching legs after long periods of standing",
        cites=_FATIGUE_OVERWORK,
        rationale="Prolonged standing overworks the leg muscles as surely as exercise does.",
        when=[present("prolonged_standing"), any_present("heaviness", "muscle_aches")],
        then=concludes("overuse_strain"),
    ),
    rule(
        id="mech.pattern.unsupportive_shoes",
        title="Ill-fitting or unsupportive shoes",
        cites=_SHOES,
        rationale="Poor shoes strain the leg muscles and change the gait, a strain of overuse.",
        when=[present("unsupportive_footwear")],
        then=concludes("overuse_strain"),
    ),
]

LIGAMENT_RULES = [
    rule(
        id="mech.ligament.gives_way_on_pivoting",
        title="Knee instability that shows on pivoting or stopping",
        cites=_LIGAMENT_PIVOTING,
        rationale="Giving way on pivoting or stopping is the documents' hallmark of a torn or lax ACL or MCL.",
        when=[has_pattern("mechanical_knee_instability"), present("gives_way_on_pivoting")],
        then=supports("ligament_injury", 0.6),
    ),
    rule(
        id="mech.ligament.unstable_after_injury",
        title="The knee has given way since a twist, fall or blow",
        cites=_LIGAMENT_FREQUENT,
        rationale="After an injury, ligament damage is the most frequent reason a knee becomes unstable.",
        when=[has_pattern("mechanical_knee_instability"), present("recent_knee_injury")],
        then=supports("ligament_injury", 0.35),
    ),
    rule(
        id="mech.ligament.sudden_loss_of_integrity",
        title="Instability that began suddenly with the injury",
        cites=_KNEE_GIVES_WAY,
        rationale="A torn ligament makes the knee lose its integrity at the moment of injury, not over weeks.",
        when=[has_pattern("mechanical_knee_instability"), present("recent_knee_injury"),
              present("onset_sudden")],
        then=supports("ligament_injury", 0.15),
    ),
    rule(
        id="mech.ligament.injured_painful_knee",
        title="A painful or swollen knee after a twist, fall or blow",
        cites=_LIGAMENT_FREQUENT,
        rationale="Ligaments are the structure most often damaged when an injured knee hurts or swells.",
        when=[present("recent_knee_injury"), any_present("knee_swelling", "knee_pain")],
        then=supports("ligament_injury", 0.2),
    ),
    rule(
        id="mech.ligament.no_buckling_on_pivoting",
        title="The knee does not give way on pivoting or stopping",
        cites=_LIGAMENT_PIVOTING,
        rationale="A knee that holds when twisting lacks the hallmark of a ligament tear.",
        when=[absent("gives_way_on_pivoting")],
        then=opposes("ligament_injury", 0.4),
    ),
    rule(
        id="mech.ligament.kneecap_explains_it",
        title="The kneecap slips out of place",
        cites=_PATELLA,
        rationale="A slipping kneecap explains the buckling without a torn ligament.",
        when=[present("kneecap_displacement")],
        then=opposes("ligament_injury", 0.45),
    ),
    rule(
        id="mech.ligament.loose_hip_or_ankle_explains_it",
        title="A loose hip or ankle and nothing wrong with the knee",
        cites=_LAXITY,
        rationale="Buckling on turning with a loose hip or ankle, and no knee pain, swelling or injury, comes from that joint, not a knee ligament.",
        when=[present("hip_or_ankle_instability"), not_present("knee_pain"), not_present("knee_swelling"),
              not_present("recent_knee_injury")],
        then=opposes("ligament_injury", 0.3),
    ),
    rule(
        id="mech.ligament.locking_explains_it",
        title="The knee locks or catches",
        cites=_MENISCUS_CATCH,
        rationale="Locking points to a torn meniscal flap rather than a ligament.",
        when=[has_pattern("knee_mechanical_block")],
        then=opposes("ligament_injury", 0.2),
    ),
]

MENISCUS_RULES = [
    rule(
        id="mech.meniscus.locking",
        title="A knee that locks or catches",
        cites=_MENISCUS_CATCH,
        rationale="Locking is the mechanical signature of a displaced meniscal flap.",
        when=[has_pattern("knee_mechanical_block")],
        then=supports("meniscal_tear", 0.7),
    ),
    rule(
        id="mech.meniscus.block_with_pain_or_swelling",
        title="Locking with pain or swelling of the knee",
        cites=_MENISCUS_PAIN_SWELLING,
        rationale="Pain and swelling typically go with the meniscal obstruction.",
        when=[has_pattern("knee_mechanical_block"), any_present("knee_pain", "knee_swelling")],
        then=supports("meniscal_tear", 0.25),
    ),
    rule(
        id="mech.meniscus.unstable_after_injury",
        title="The knee has given way since a twist, fall or blow",
        cites=_KNEE_GIVES_WAY,
        rationale="A torn meniscus, like a torn ligament, can make an injured knee give way.",
        when=[has_pattern("mechanical_knee_instability"), present("recent_knee_injury")],
        then=supports("meniscal_tear", 0.2),
    ),
    rule(
        id="mech.meniscus.injured_painful_knee",
        title="A painful or swollen knee after a twist, fall or blow",
        cites=_MENISCUS_PAIN_SWELLING,
        rationale="Pain and swelling after a knee injury fit a torn meniscus, though less specifically than locking.",
        when=[present("recent_knee_injury"), any_present("knee_swelling", "knee_pain")],
        then=supports("meniscal_tear", 0.15),
    ),
    rule(
        id="mech.meniscus.no_locking",
        title="The knee does not lock or catch",
        cites=_MENISCUS_CATCH,
        rationale="Without locking or catching the hallmark of a torn flap is missing.",
        when=[absent("knee_locking")],
        then=opposes("meniscal_tear", 0.5),
    ),
]

PATELLA_RULES = [
    rule(
        id="mech.patella.kneecap_slips",
        title="The kneecap slips or pops out of place",
        cites=_PATELLA,
        rationale="A kneecap leaving its groove is patellar instability by definition.",
        when=[present("kneecap_displacement")],
        then=supports("patellar_instability", 0.75),
    ),
    rule(
        id="mech.patella.buckles_with_kneecap",
        title="The knee buckles when the kneecap slips",
        cites=_PATELLA,
        rationale="Buckling with a slipping kneecap is the kneecap failing to track.",
        when=[has_pattern("mechanical_knee_instability"), present("kneecap_displacement")],
        then=supports("patellar_instability", 0.2),
    ),
    rule(
        id="mech.patella.kneecap_stays",
        title="The kneecap does not slip out of place",
        cites=_PATELLA,
        rationale="A kneecap that stays in its groove lacks the hallmark of patellar instability.",
        when=[absent("kneecap_displacement")],
        then=opposes("patellar_instability", 0.5),
    ),
]

OSTEOARTHRITIS_RULES = [
    rule(
        id="mech.osteoarthritis.wear_and_tear_pain",
        title="Joint pain worse with use, eased by rest",
        cites=_OSTEOARTHRITIS,
        rationale="Use-related pain is the characteristic pain of worn cartilage.",
        when=[has_pattern("degenerative_joint_pain")],
        then=supports("osteoarthritis", 0.5),
    ),
    rule(
        id="mech.osteoarthritis.quadriceps_inhibition",
        title="A worn, painful joint that gives way",
        cites=_OA_BUCKLING,
        rationale="Pain in an arthritic knee switches off the quadriceps reflexively, so the leg gives way.",
        when=[present("episodes_of_giving_way"),
              any_of(has_pattern("degenerative_joint_pain"),
                     all_of(present("knee_pain"), present("onset_gradual")))],
        then=supports("osteoarthritis", 0.3),
    ),
    rule(
        id="mech.osteoarthritis.gradual_knee_pain",
        title="Knee or joint pain that has built up gradually",
        cites=_OA_BUCKLING,
        rationale="Wear and tear accumulates, so its pain develops over weeks to months.",
        when=[any_present("knee_pain", "joint_pain_worse_with_use"), present("onset_gradual")],
        then=supports("osteoarthritis", 0.3),
    ),
    rule(
        id="mech.osteoarthritis.older_joint",
        title="Joint pain in someone aged 50 or over",
        cites=_OSTEOARTHRITIS,
        rationale="Cartilage breakdown is degenerative, so it becomes likelier with the years of use.",
        when=[age_at_least(50), any_present("knee_pain", "joint_pain_worse_with_use")],
        then=supports("osteoarthritis", 0.15),
    ),
    rule(
        id="mech.osteoarthritis.swollen_worn_joint",
        title="A swollen joint with use-related pain",
        cites=_OSTEOARTHRITIS,
        rationale="Friction from worn cartilage inflames the joint.",
        when=[has_pattern("degenerative_joint_pain"), present("knee_swelling")],
        then=supports("osteoarthritis", 0.15),
    ),
    rule(
        id="mech.osteoarthritis.no_pain_with_use",
        title="No joint pain worse with use",
        cites=_OA_BUCKLING,
        rationale="Osteoarthritis without pain on use would lack its characteristic symptom.",
        when=[absent("joint_pain_worse_with_use")],
        then=opposes("osteoarthritis", 0.4),
    ),
    rule(
        id="mech.osteoarthritis.inflammatory_picture",
        title="An inflammatory rather than a wear-and-tear joint picture",
        cites=_ARTHRITIS,
        rationale="Long morning stiffness with symmetric small-joint swelling points to rheumatoid, not degenerative, arthritis.",
        when=[has_pattern("inflammatory_arthritis")],
        then=opposes("osteoarthritis", 0.4),
    ),
    rule(
        id="mech.osteoarthritis.acute_injury",
        title="The knee was recently injured",
        cites=_KNEE_GIVES_WAY,
        rationale="A recent twist, fall or blow points to a torn ligament or meniscus rather than slow wear.",
        when=[present("recent_knee_injury")],
        then=opposes("osteoarthritis", 0.2),
    ),
]

RHEUMATOID_RULES = [
    rule(
        id="mech.rheumatoid.inflammatory_pattern",
        title="Long morning stiffness with swollen small joints on both sides",
        cites=_ARTHRITIS,
        rationale="The full inflammatory joint pattern is the hallmark of rheumatoid arthritis.",
        when=[has_pattern("inflammatory_arthritis")],
        then=supports("rheumatoid_arthritis", 0.7),
    ),
    rule(
        id="mech.rheumatoid.symmetric_small_joint_swelling",
        title="Swollen small joints on both sides",
        cites=_ARTHRITIS,
        rationale="Symmetric small-joint swelling is characteristic of rheumatoid inflammation, even before stiffness is asked about.",
        when=[present("symmetric_small_joint_swelling"), lacks_pattern("inflammatory_arthritis")],
        then=supports("rheumatoid_arthritis", 0.5),
    ),
    rule(
        id="mech.rheumatoid.morning_stiffness",
        title="Morning stiffness lasting over half an hour",
        cites=_ARTHRITIS,
        rationale="Long morning stiffness is typical of joint inflammation, though less specific on its own.",
        when=[present("morning_stiffness_over_30min"), lacks_pattern("inflammatory_arthritis")],
        then=supports("rheumatoid_arthritis", 0.3),
    ),
    rule(
        id="mech.rheumatoid.inflamed_knee",
        title="A swollen knee with signs of joint inflammation",
        cites=_ARTHRITIS,
        rationale="With long morning stiffness or symmetric small-joint swelling, a swollen knee is inflamed rather than worn.",
        when=[any_present("symmetric_small_joint_swelling", "morning_stiffness_over_30min"),
              present("knee_swelling")],
        then=supports("rheumatoid_arthritis", 0.2),
    ),
    rule(
        id="mech.rheumatoid.instability",
        title="Giving way with an inflammatory joint picture",
        cites=_ARTHRITIS,
        rationale="Inflamed, damaged joints lose stability and give way.",
        when=[present("episodes_of_giving_way"),
              any_of(has_pattern("inflammatory_arthritis"), present("symmetric_small_joint_swelling"))],
        then=supports("rheumatoid_arthritis", 0.15),
    ),
    rule(
        id="mech.rheumatoid.no_small_joint_swelling",
        title="No swelling of the small joints",
        cites=_ARTHRITIS,
        rationale="Without symmetric small-joint swelling the hallmark of rheumatoid arthritis is missing.",
        when=[absent("symmetric_small_joint_swelling")],
        then=opposes("rheumatoid_arthritis", 0.4),
    ),
    rule(
        id="mech.rheumatoid.no_morning_stiffness",
        title="No long morning stiffness",
        cites=_ARTHRITIS,
        rationale="Inflamed joints are typically stiff for long after waking; its absence counts against.",
        when=[absent("morning_stiffness_over_30min")],
        then=opposes("rheumatoid_arthritis", 0.3),
    ),
]

LAXITY_RULES = [
    rule(
        id="mech.laxity.loose_hip_or_ankle",
        title="The hip or ankle feels loose or gives way",
        cites=_LAXITY,
        rationale="A loose hip or ankle is the laxity the documents describe.",
        when=[present("hip_or_ankle_instability")],
        then=supports("joint_laxity", 0.7),
    ),
    rule(
        id="mech.laxity.perceived_weakness",
        title="A loose hip or ankle with the leg giving way",
        cites=_LAXITY,
        rationale="Laxity travels up the kinetic chain and is felt as the leg giving way.",
        when=[present("hip_or_ankle_instability"), present("episodes_of_giving_way")],
        then=supports("joint_laxity", 0.2),
    ),
    rule(
        id="mech.laxity.stable_hip_and_ankle",
        title="Hip and ankle feel stable",
        cites=_LAXITY,
        rationale="Without a loose hip or ankle the hallmark of laxity is missing.",
        when=[absent("hip_or_ankle_instability")],
        then=opposes("joint_laxity", 0.5),
    ),
]

MUSCLE_FATIGUE_RULES = [
    rule(
        id="mech.fatigue.after_overexertion",
        title="Overworked muscles after intense exercise or long standing",
        cites=_FATIGUE_OVERWORK,
        rationale="Overwork just before the symptoms is the hallmark of simple muscle fatigue.",
        when=[has_pattern("overuse_strain"), present("recent_overexertion")],
        then=supports("muscle_fatigue", 0.6),
    ),
    rule(
        id="mech.fatigue.long_standing",
        title="Long periods of standing",
        cites=_FATIGUE_OVERWORK,
        rationale="Prolonged standing is one of the two named ways muscles become overworked.",
        when=[has_pattern("overuse_strain"), present("prolonged_standing")],
        then=supports("muscle_fatigue", 0.3),
    ),
    rule(
        id="mech.fatigue.heavy_aching_legs",
        title="Heavy or aching legs after exertion",
        cites=_TEMPORARY_HEAVINESS,
        rationale="Heaviness and aching after overwork are what muscle fatigue feels like.",
        when=[any_present("heaviness", "muscle_aches"),
              any_present("recent_overexertion", "prolonged_standing")],
        then=supports("muscle_fatigue", 0.3),
    ),
    rule(
        id="mech.fatigue.momentary_collapse",
        title="The legs gave way after overexertion",
        cites=_FATIGUE_COLLAPSE,
        rationale="Exhausted muscles can momentarily fail to bear weight.",
        when=[present("recent_overexertion"), present("episodes_of_giving_way")],
        then=supports("muscle_fatigue", 0.2),
    ),
    rule(
        id="mech.fatigue.no_overexertion",
        title="No intense exercise or long standing before",
        cites=_FATIGUE_OVERWORK,
        rationale="Without overwork the hallmark of muscle fatigue is missing.",
        when=[absent("recent_overexertion")],
        then=opposes("muscle_fatigue", 0.5),
    ),
    rule(
        id="mech.fatigue.constant_weakness",
        title="Weakness that persists at rest",
        cites=_FATIGUE_COLLAPSE,
        rationale="Fatigue compromises strength only momentarily; weakness that persists at rest points elsewhere.",
        when=[present("constant_weakness")],
        then=opposes("muscle_fatigue", 0.35),
    ),
    rule(
        id="mech.fatigue.persistent_course",
        title="Symptoms that have built up gradually",
        cites=_PERSISTENT_HEAVINESS,
        rationale="Persistent heaviness developing over weeks is not the temporary tiredness of overwork.",
        when=[present("onset_gradual")],
        then=opposes("muscle_fatigue", 0.25),
    ),
    rule(
        id="mech.fatigue.circulation_explains_it",
        title="Heaviness with a circulatory pattern or varicose veins",
        cites=_PERSISTENT_HEAVINESS,
        rationale="Claudication, venous congestion or varicose veins explain heavy legs better than simple fatigue.",
        when=[any_of(has_pattern("vascular_claudication"), has_pattern("venous_congestion"),
                     present("varicose_veins"))],
        then=opposes("muscle_fatigue", 0.3),
    ),
    rule(
        id="mech.fatigue.energy_depleted",
        title="Signs of fluid loss or low blood sugar",
        cites=LEGS_GIVING_OUT.quote(
            "Similarly, a sudden drop in blood sugar (hypoglycemia) or dehydration can deplete the "
            "energy needed for muscle endurance, causing temporary shakiness and weakness in the limbs."),
        rationale="Fluid loss or low blood sugar is a more specific, treatable reason the muscles gave out than overwork alone.",
        when=[any_of(has_pattern("fluid_depletion"), has_pattern("neuroglycopenia_risk"))],
        then=opposes("muscle_fatigue", 0.2),
    ),
    rule(
        id="mech.fatigue.shoes_explain_it",
        title="Unsupportive shoes strain the legs",
        cites=_SHOES,
        rationale="Where poor shoes are present, they are the more specific, correctable cause of the strain.",
        when=[present("unsupportive_footwear")],
        then=opposes("muscle_fatigue", 0.2),
    ),
]

FOOTWEAR_RULES = [
    rule(
        id="mech.footwear.unsupportive_shoes",
        title="Strain from ill-fitting or unsupportive shoes",
        cites=_SHOES,
        rationale="Poor shoes straining the leg muscles is the documents' footwear cause.",
        when=[has_pattern("overuse_strain"), present("unsupportive_footwear")],
        then=supports("footwear_strain", 0.65),
    ),
    rule(
        id="mech.footwear.long_standing_in_poor_shoes",
        title="Long periods of standing in poor shoes",
        cites=_SHOES,
        rationale="Hours on the feet multiply the strain unsupportive shoes put on the legs.",
        when=[present("unsupportive_footwear"), present("prolonged_standing")],
        then=supports("footwear_strain", 0.2),
    ),
    rule(
        id="mech.footwear.localized_discomfort",
        title="Aching, heavy legs or knees with poor shoes",
        cites=_SHOES,
        rationale="The strain shows as localised aching or heaviness of the legs.",
        when=[present("unsupportive_footwear"), any_present("heaviness", "muscle_aches", "knee_pain")],
        then=supports("footwear_strain", 0.2),
    ),
    rule(
        id="mech.footwear.altered_gait",
        title="The leg gives way in poor shoes",
        cites=_SHOES,
        rationale="Shoes that alter the gait can make the leg feel unreliable.",
        when=[present("unsupportive_footwear"), present("episodes_of_giving_way")],
        then=supports("footwear_strain", 0.15),
    ),
    rule(
        id="mech.footwear.supportive_shoes",
        title="Shoes fit well and are supportive",
        cites=_SHOES,
        rationale="Without unsupportive shoes the footwear cause is missing.",
        when=[absent("unsupportive_footwear")],
        then=opposes("footwear_strain", 0.5),
    ),
    rule(
        id="mech.footwear.constant_weakness",
        title="Weakness that persists at rest",
        cites=_SHOES,
        rationale="Shoes cause discomfort on the feet, not weakness that stays at rest.",
        when=[present("constant_weakness")],
        then=opposes("footwear_strain", 0.35),
    ),
]


RECOMMENDATION_RULES = [
    rule(
        id="mech.action.examine_unstable_knee",
        title="A knee that gives way: examine its stability",
        cites=_EXAMINATION,
        rationale="Examination tells a structural knee problem from a neurological one, whatever the cause proves to be.",
        when=[has_pattern("mechanical_knee_instability")],
        then=recommends("knee_examination", serves="mechanical_knee_instability"),
    ),
]
for _condition, _short in (("ligament_injury", "ligament"), ("meniscal_tear", "meniscus")):
    RECOMMENDATION_RULES += [
        rule(
            id=f"mech.{_short}.action.examine_and_mri",
            title="Soft-tissue knee injury: examination and MRI",
            cites=_IMAGING,
            rationale="Ligaments and cartilage are soft tissues that only MRI shows.",
            when=[supported(_condition)],
            then=recommends("knee_examination", "mri_knee", serves=_condition),
        ),
        rule(
            id=f"mech.{_short}.action.physical_therapy",
            title="Soft-tissue knee injury: strengthen the quadriceps and hip muscles",
            cites=_STRENGTHENING,
            rationale="Stronger muscles around the knee compensate for damaged ligaments or cartilage.",
            when=[supported(_condition)],
            then=recommends("physical_therapy", "quadriceps_hip_strengthening", serves=_condition),
        ),
    ]
RECOMMENDATION_RULES += [
    rule(
        id="mech.patella.action.examine_and_xray",
        title="Patellar instability: examination and X-ray of alignment",
        cites=_IMAGING,
        rationale="An X-ray shows how the kneecap sits and tracks in its groove.",
        when=[supported("patellar_instability")],
        then=recommends("knee_examination", "xray_joint", serves="patellar_instability"),
    ),
    rule(
        id="mech.patella.action.physical_therapy",
        title="Patellar instability: strengthen the quadriceps and hip muscles",
        cites=_STRENGTHENING,
        rationale="The muscles around the knee hold the kneecap in its track.",
        when=[supported("patellar_instability")],
        then=recommends("physical_therapy", "quadriceps_hip_strengthening", serves="patellar_instability"),
    ),
    rule(
        id="mech.osteoarthritis.action.examine_and_xray",
        title="Osteoarthritis: examination and X-ray",
        cites=_IMAGING,
        rationale="X-rays show the alignment and arthritis of the joint.",
        when=[supported("osteoarthritis")],
        then=recommends("physical_examination", "xray_joint", serves="osteoarthritis"),
    ),
    rule(
        id="mech.osteoarthritis.action.physical_therapy",
        title="Osteoarthritis: physical therapy and strengthening",
        cites=_STRENGTHENING,
        rationale="Strong quadriceps and hip muscles stabilise a worn knee and counter the reflex giving way.",
        when=[supported("osteoarthritis")],
        then=recommends("physical_therapy", "quadriceps_hip_strengthening", serves="osteoarthritis"),
    ),
    rule(
        id="mech.rheumatoid.action.blood_tests",
        title="Rheumatoid arthritis: blood tests for inflammation and a specialist opinion",
        cites=_BLOOD_TESTS,
        rationale="Blood tests confirm an inflammatory cause, which treatment then depends on.",
        when=[supported("rheumatoid_arthritis")],
        then=recommends("blood_inflammatory_markers", "rheumatology_referral", serves="rheumatoid_arthritis"),
    ),
    rule(
        id="mech.rheumatoid.action.examine_and_xray",
        title="Rheumatoid arthritis: examination and X-ray of the joints",
        cites=_IMAGING,
        rationale="X-rays show the joint damage arthritis causes.",
        when=[supported("rheumatoid_arthritis")],
        then=recommends("physical_examination", "xray_joint", serves="rheumatoid_arthritis"),
    ),
    rule(
        id="mech.rheumatoid.action.physical_therapy",
        title="Rheumatoid arthritis: physical therapy",
        cites=_PHYSICAL_THERAPY,
        rationale="Therapy restores the stability and strength inflamed joints lose.",
        when=[supported("rheumatoid_arthritis")],
        then=recommends("physical_therapy", serves="rheumatoid_arthritis"),
    ),
    rule(
        id="mech.laxity.action.examine",
        title="Hip or ankle laxity: examination of range of motion",
        cites=_EXAMINATION,
        rationale="Examining the range of motion finds the loose joint in the chain.",
        when=[supported("joint_laxity")],
        then=recommends("physical_examination", serves="joint_laxity"),
    ),
    rule(
        id="mech.laxity.action.physical_therapy",
        title="Hip or ankle laxity: physical therapy and hip strengthening",
        cites=_STRENGTHENING,
        rationale="Strong hip and leg muscles compensate for a lax joint.",
        when=[supported("joint_laxity")],
        then=recommends("physical_therapy", "quadriceps_hip_strengthening", serves="joint_laxity"),
    ),
    rule(
        id="mech.fatigue.action.rest",
        title="Muscle fatigue: rest and recover",
        cites=HEAVY_LEGS.quote(
            "This exertion creates a metabolic demand that temporarily exceeds the muscle’s ability "
            "to clear waste products and recover."),
        rationale="Rest lets the muscles clear waste products and recover.",
        when=[supported("muscle_fatigue")],
        then=recommends("rest_and_recovery", serves="muscle_fatigue"),
    ),
    rule(
        id="mech.footwear.action.supportive_shoes",
        title="Footwear strain: change to supportive shoes",
        cites=_SHOES,
        rationale="Removing the cause of the strain lets the legs settle.",
        when=[supported("footwear_strain")],
        then=recommends("supportive_footwear", serves="footwear_strain"),
    ),
]

RULES = [
    *PATTERN_RULES,
    *LIGAMENT_RULES,
    *MENISCUS_RULES,
    *PATELLA_RULES,
    *OSTEOARTHRITIS_RULES,
    *RHEUMATOID_RULES,
    *LAXITY_RULES,
    *MUSCLE_FATIGUE_RULES,
    *FOOTWEAR_RULES,
    *RECOMMENDATION_RULES,
    # -- Hip fracture (beyond the source documents) -----------------------------
    rule(
        id="mech.hip_fracture.fall_and_hip_pain",
        title="Hip or groin pain after a fall",
        cites=g.NICE_HIP_FRACTURE.cite("1.2 Imaging options",
                                       "Suspect a hip fracture in anyone with hip or groin pain after a fall; offer "
                                       "X-rays, and MRI if the X-ray is negative and the suspicion remains."),
        rationale="A fall onto the hip that leaves groin pain is a fracture until imaged, even if the person can limp.",
        when=[present("fall_or_injury"), present("hip_or_groin_pain")],
        then=supports("hip_fracture", 0.5),
    ),
    rule(
        id="mech.hip_fracture.shortened_rotated",
        title="A shortened, outwardly turned leg",
        cites=g.NICE_HIP_FRACTURE.cite("1.2 Imaging options",
                                       "The classic signs of a displaced hip fracture are a shortened, externally "
                                       "rotated leg and inability to bear weight."),
        rationale="A shortened, turned-out leg is the displaced fracture's signature.",
        when=[present("leg_shortened_or_turned_out")],
        then=supports("hip_fracture", 0.6),
    ),
    rule(
        id="mech.hip_fracture.older_faller_cannot_walk",
        title="An older person who fell and cannot bear weight",
        cites=g.NICE_HIP_FRACTURE.cite("Context",
                                       "Hip fracture is the commonest serious injury of older people, usually after a "
                                       "simple fall."),
        rationale="After 60, a fall that leaves someone unable to stand is most often a broken hip.",
        when=[age_at_least(60), present("fall_or_injury"),
              any_present("unable_to_stand_or_walk", "hip_or_groin_pain")],
        then=supports("hip_fracture", 0.4),
    ),
    rule(
        id="mech.hip_fracture.no_fall_no_hip_pain",
        title="Neither a fall nor hip pain",
        cites=g.NICE_HIP_FRACTURE.cite("Context", "Hip fractures follow a fall or injury and hurt in the hip or groin."),
        rationale="Without a fall or hip pain a fracture is unlikely.",
        when=[absent("fall_or_injury"), absent("hip_or_groin_pain")],
        then=opposes("hip_fracture", 0.7),
    ),
    rule(
        id="mech.action.hip_fracture",
        title="Suspected hip fracture: X-ray in an emergency department",
        cites=g.NICE_HIP_FRACTURE.cite("1.2 Imaging options; 1.5 timing of surgery",
                                       "Image promptly and operate on the day of, or the day after, admission."),
        rationale="Early surgery lowers the risks of lying in bed with a broken hip.",
        when=[supported("hip_fracture")],
        then=recommends("hip_xray", serves="hip_fracture"),
    ),
    rule(
        id="mech.ligament.haemarthrosis",
        title="A knee that swelled within hours of a twisting injury",
        cites=g.NICE_KNEE_PAIN.cite("Assessment: red flags",
                                    "Rapid swelling within hours of injury suggests a haemarthrosis, most often from "
                                    "an anterior cruciate ligament tear."),
        rationale="Blood in the knee within hours means a torn ligament (or a fracture), not a simple sprain.",
        when=[present("rapid_knee_swelling_after_injury")],
        then=supports("ligament_injury", 0.4),
    ),
    # -- Benign readings that must yield to danger -------------------------------
    rule(
        id="mech.fatigue.against.clot_or_muscle_breakdown",
        title="A swollen, tender calf or cola-coloured urine",
        cites=g.NICE_VTE.cite("1.1 Diagnosis and initial management: deep vein thrombosis",
                              "Assess anyone with signs or symptoms of DVT, such as a swollen or painful leg, "
                              "for a clot."),
        rationale="Tired legs do not swell one calf or darken the urine: a clot or muscle breakdown must come first.",
        when=[any_present("calf_swelling_tenderness_one_side", "dark_brown_urine")],
        then=opposes("muscle_fatigue", 0.7),
    ),
    rule(
        id="mech.fatigue.against.one_swollen_leg",
        title="One leg swollen",
        cites=g.NICE_VTE.cite("1.1 Diagnosis and initial management: deep vein thrombosis",
                              "Swelling of one leg compared with the other scores on the two-level DVT Wells score."),
        rationale="Overworked muscles ache in both legs alike; a single swollen leg is a clot to exclude.",
        when=[present("leg_swelling"), present("one_sided")],
        then=opposes("muscle_fatigue", 0.5),
    ),
]
