"""Systemic causes: the body's internal environment rather than one leg.

Electrolyte imbalance, hypoglycaemia, dehydration, anaemia, hypothyroidism
and medication side effects. The documents describe them by what they do to
the whole body ("generalized weakness and cramping", "generalized fatigue and
muscle weakness"), so reasoning goes in layers:

1. patterns: generalised weakness, fluid depletion, reduced oxygen-carrying
   capacity, slowed metabolism, low blood sugar risk, exposure to a culprit
   medicine;
2. evidence: each condition weighed from its patterns plus the findings that
   tell the causes apart (cramps point to lost electrolytes, thirst to lost
   fluid, pallor to anaemia...); a one-sided or joint-local picture, and
   typical findings given as absent, count against;
3. recommendations: the blood test, medicine review or self-care step the
   documents name, once a condition is reasonably supported.
"""
from expert.dsl import (absent, age_at_least, age_under, all_of, any_of, any_present, has_pattern, has_red_flag, not_present,
                        not_supported, opposes, present, recommends, rule, supported, supports, concludes)
from rules import guidelines as g
from rules.sources import HEAVY_LEGS, LEG_BUCKLING, LEGS_GIVING_OUT

SYSTEMIC_CONDITIONS = ("electrolyte_imbalance", "hypoglycemia", "dehydration", "anemia",
                       "hypothyroidism", "medication_side_effect")

# -- The passages the rules rest on ------------------------------------------
_ELECTROLYTES = LEGS_GIVING_OUT.quote(
    "Muscle function depends on a precise balance of electrolytes, such as potassium and magnesium; "
    "an imbalance can impair the electrical signaling necessary for muscle contraction, leading to "
    "generalized weakness and cramping.")
_ELECTROLYTE_LOSS = HEAVY_LEGS.quote(
    "A loss of electrolytes, such as sodium and potassium, interferes with normal muscle function, "
    "leading to cramping, weakness, and a heavy feeling.")
_SUGAR_OR_FLUID = LEGS_GIVING_OUT.quote(
    "Similarly, a sudden drop in blood sugar (hypoglycemia) or dehydration can deplete the energy "
    "needed for muscle endurance, causing temporary shakiness and weakness in the limbs.")
_FLUID_INTAKE = HEAVY_LEGS.quote(
    "Insufficient fluid intake reduces blood volume, impairing efficient blood pumping and nutrient "
    "transport to the muscles.")
_FLUID_AND_SALTS = HEAVY_LEGS.quote(
    "Dehydration and electrolyte imbalances also contribute to this temporary sensation.")
_ANEMIA_OXYGEN = HEAVY_LEGS.quote(
    "Anemia, characterized by a shortage of red blood cells, reduces the blood’s capacity to carry "
    "oxygen to the muscles.")
_ANEMIA_HEAVY = HEAVY_LEGS.quote(
    "This oxygen deprivation forces leg muscles to work harder, leading to easier fatigue and the "
    "sensation of heavy legs.")
_ANEMIA_FATIGUE = LEGS_GIVING_OUT.quote(
    "Anemia, characterized by a lack of healthy red blood cells, can also cause generalized fatigue "
    "and weakness because the blood cannot deliver sufficient oxygen to the muscle tissues.")
_THYROID = HEAVY_LEGS.quote(
    "Hypothyroidism, where the thyroid gland produces insufficient hormones, slows metabolism and "
    "causes muscle aches and weakness.")
_METABOLIC = HEAVY_LEGS.quote(
    "Systemic diseases that disrupt metabolism and oxygen use frequently contribute to generalized "
    "fatigue and muscle weakness.")
_MEDICINES = HEAVY_LEGS.quote(
    "Certain medications can induce leg heaviness as an unintended side effect.")
_CALCIUM_CHANNEL_BLOCKERS = HEAVY_LEGS.quote(
    "Drugs like calcium channel blockers, prescribed for high blood pressure, can cause fluid "
    "retention (edema) in the lower extremities by widening blood vessels, leading to swelling and a "
    "heavy feeling.")
_STATINS_ANTIBIOTICS = HEAVY_LEGS.quote(
    "Other medications, including some statins and antibiotics, are associated with muscle pain and "
    "weakness that may be perceived as leg heaviness.")
_VARICOSE = HEAVY_LEGS.quote(
    "Varicose veins, which are enlarged, twisted veins, are a common visible sign of this underlying "
    "venous issue.")
_ONE_SIDED_CENTRAL = LEGS_GIVING_OUT.quote(
    "The rapid onset of weakness, especially if affecting only one side of the body, suggests a "
    "central nervous system issue that requires immediate attention.")
_JOINT_LOCAL = LEG_BUCKLING.quote(
    "When the leg buckles due to mechanical instability, the cause is localized to the physical "
    "structure of the joint, most commonly the knee.")
_PALE_LIMB = HEAVY_LEGS.quote(
    "Prompt medical care is necessary if you experience sudden, severe pain, numbness, or a cold, "
    "pale appearance in the limb, as these may signal an acute loss of blood flow.")
_BLOOD_TESTS = LEG_BUCKLING.quote(
    "Blood tests may also be part of the initial workup to rule out systemic causes like diabetes or "
    "inflammatory conditions.")
_METABOLIC_TESTS = HEAVY_LEGS.quote(
    "A healthcare professional can perform diagnostic tests, such as an ultrasound, to determine if the "
    "heaviness is related to blood flow issues, nerve damage, or a systemic metabolic condition.")
_SELF_CORRECTING = HEAVY_LEGS.quote(
    "Temporary leg heaviness frequently stems from acute causes that are easily identifiable and "
    "self-correcting.")

_THYROID_FEATURES = ("cold_intolerance", "weight_gain", "chronic_constipation", "dry_skin")
_SYSTEMIC_STATES = ("fluid_depletion", "neuroglycopenia_risk", "low_oxygen_carrying_capacity",
                    "slowed_metabolism")


def _two_of(findings):
    """Any two of the findings given as present."""
    pairs = [(a, b) for i, a in enumerate(findings) for b in findings[i + 1:]]
    return any_of(*[all_of(present(a), present(b)) for a, b in pairs])


PATTERN_RULES = [
    rule(
        id="sys.pattern.generalized_weakness",
        title="Weakness or fatigue of the whole body",
        cites=_METABOLIC,
        rationale="Whole-body weakness that is not confined to one side is how the documents describe systemic causes.",
        when=[present("generalized_weakness_fatigue"), not_present("one_sided")],
        then=concludes("generalized_metabolic_weakness"),
    ),
    rule(
        id="sys.pattern.both_legs_in_systemic_state",
        title="Both legs weak or heavy in a whole-body disturbance",
        cites=_METABOLIC,
        rationale="Weak or heavy legs on both sides during a whole-body disturbance is the generalised weakness, "
                  "even when the patient speaks only of the legs.",
        when=[present("both_legs"), any_present("constant_weakness", "heaviness"), not_present("one_sided"),
              any_of(*[has_pattern(p) for p in _SYSTEMIC_STATES])],
        then=concludes("generalized_metabolic_weakness"),
    ),
    rule(
        id="sys.pattern.fluid_depletion",
        title="Thirst or dark urine, or fluid lost through heat, low intake, vomiting or diarrhoea",
        cites=_FLUID_INTAKE,
        rationale="Thirst and dark urine are the body's signs of low fluid; heat, low intake and gut losses are its routes.",
        when=[any_present("thirst_dark_urine", "low_fluid_intake_or_heat", "vomiting_or_diarrhea")],
        then=concludes("fluid_depletion"),
    ),
    rule(
        id="sys.pattern.low_oxygen_carrying",
        title="Pallor with breathlessness on exertion",
        cites=_ANEMIA_OXYGEN,
        rationale="Pale skin and breathlessness on effort are the outward signs of blood that carries too little oxygen.",
        when=[present("pallor"), present("breathless_on_exertion")],
        then=concludes("low_oxygen_carrying_capacity"),
    ),
    rule(
        id="sys.pattern.blood_loss_with_signs",
        title="Heavy blood loss with pallor or breathlessness",
        cites=_ANEMIA_FATIGUE,
        rationale="Heavy bleeding depletes red blood cells; with pallor or breathlessness the shortfall is showing.",
        when=[present("heavy_blood_loss"), any_present("pallor", "breathless_on_exertion")],
        then=concludes("low_oxygen_carrying_capacity"),
    ),
    rule(
        id="sys.pattern.slowed_metabolism",
        title="Two or more signs of a slowed metabolism",
        cites=_THYROID,
        rationale="Feeling the cold, weight gain, constipation and dry skin are each common; two together suggest a slowed metabolism.",
        when=[_two_of(_THYROID_FEATURES)],
        then=concludes("slowed_metabolism"),
    ),
    rule(
        id="sys.pattern.low_blood_sugar_risk",
        title="Shaky, sweaty or hungry after a missed meal or on glucose-lowering medicine",
        cites=_SUGAR_OR_FLUID,
        rationale="Shakiness with a reason for the blood sugar to fall is the picture of a sudden drop in blood sugar.",
        when=[present("shaky_sweaty_hungry"), any_present("missed_meal_or_fasting", "glucose_lowering_medication")],
        then=concludes("neuroglycopenia_risk"),
    ),
    rule(
        id="sys.pattern.medication_exposure",
        title="Takes a medicine that can weaken or weigh down the legs",
        cites=_MEDICINES,
        rationale="Calcium channel blockers, statins, antibiotics and diuretics are the medicines whose side effects reach the legs.",
        when=[any_present("takes_calcium_channel_blocker", "takes_statin", "takes_antibiotic", "takes_diuretic")],
        then=concludes("medication_exposure"),
    ),
]

ELECTROLYTE_RULES = [
    rule(
        id="sys.electrolytes.weakness_and_cramps",
        title="Generalised weakness with cramping",
        cites=_ELECTROLYTES,
        rationale="Generalised weakness together with cramping is the documents' own description of an electrolyte imbalance.",
        when=[has_pattern("generalized_metabolic_weakness"), present("muscle_cramps")],
        then=supports("electrolyte_imbalance", 0.6),
    ),
    rule(
        id="sys.electrolytes.cramps",
        title="Muscle cramps",
        cites=_ELECTROLYTE_LOSS,
        rationale="Cramping is the muscle sign of lost sodium and potassium.",
        when=[present("muscle_cramps")],
        then=supports("electrolyte_imbalance", 0.25),
    ),
    rule(
        id="sys.electrolytes.cramps_with_heavy_weak_legs",
        title="Cramps with heavy or weak legs on both sides",
        cites=_ELECTROLYTE_LOSS,
        rationale="Cramping, weakness and a heavy feeling together is the triad of electrolyte loss.",
        when=[present("muscle_cramps"), any_present("heaviness", "constant_weakness", "both_legs")],
        then=supports("electrolyte_imbalance", 0.2),
    ),
    rule(
        id="sys.electrolytes.gut_losses_with_cramps",
        title="Cramps after vomiting or diarrhoea",
        cites=_ELECTROLYTE_LOSS,
        rationale="Vomiting and diarrhoea drain sodium and potassium; cramping then says the loss has reached the muscles.",
        when=[present("vomiting_or_diarrhea"), present("muscle_cramps")],
        then=supports("electrolyte_imbalance", 0.35),
    ),
    rule(
        id="sys.electrolytes.weakness_with_salt_loss",
        title="Generalised weakness with a route of salt loss",
        cites=_ELECTROLYTES,
        rationale="Generalised weakness is half the documents' picture of an imbalance; vomiting, diarrhoea "
                  "or a diuretic is how the salts are lost.",
        when=[has_pattern("generalized_metabolic_weakness"), any_present("vomiting_or_diarrhea", "takes_diuretic")],
        then=supports("electrolyte_imbalance", 0.25),
    ),
    rule(
        id="sys.electrolytes.diuretic",
        title="A diuretic with cramps or weakness",
        cites=_ELECTROLYTE_LOSS,
        rationale="Diuretics make the kidneys shed sodium and potassium: a route to the electrolyte loss the document describes.",
        when=[present("takes_diuretic"), any_present("muscle_cramps", "generalized_weakness_fatigue",
                                                     "constant_weakness", "heaviness")],
        then=supports("electrolyte_imbalance", 0.35),
    ),
    rule(
        id="sys.electrolytes.night_cramps",
        title="Cramps that disrupt sleep",
        cites=_ELECTROLYTES,
        rationale="Cramping that wakes the patient is the cramping of an imbalance as much as of the veins.",
        when=[present("night_cramps")],
        then=supports("electrolyte_imbalance", 0.15),
    ),
    rule(
        id="sys.electrolytes.no_cramps",
        title="No cramping",
        cites=_ELECTROLYTES,
        rationale="Cramping is half of the documents' picture of an electrolyte imbalance; its absence counts against.",
        when=[absent("muscle_cramps")],
        then=opposes("electrolyte_imbalance", 0.35),
    ),
    rule(
        id="sys.electrolytes.no_generalized_weakness",
        title="No generalised weakness",
        cites=_ELECTROLYTES,
        rationale="An imbalance weakens every muscle; weakness that is not generalised counts against it.",
        when=[absent("generalized_weakness_fatigue")],
        then=opposes("electrolyte_imbalance", 0.2),
    ),
]

HYPOGLYCEMIA_RULES = [
    rule(
        id="sys.hypoglycemia.low_sugar_picture",
        title="Shaky, sweaty or hungry with a reason for low blood sugar",
        cites=_SUGAR_OR_FLUID,
        rationale="Shakiness after a missed meal or on glucose-lowering medicine is the documents' picture of a sudden drop in blood sugar.",
        when=[has_pattern("neuroglycopenia_risk")],
        then=supports("hypoglycemia", 0.65),
    ),
    rule(
        id="sys.hypoglycemia.shaky",
        title="Shaky, sweaty or hungry",
        cites=_SUGAR_OR_FLUID,
        rationale="Shakiness is the symptom the document gives for a drop in blood sugar; alone it could also be fear.",
        when=[present("shaky_sweaty_hungry")],
        then=supports("hypoglycemia", 0.3),
    ),
    rule(
        id="sys.hypoglycemia.medicine_and_missed_meal",
        title="Glucose-lowering medicine taken without the meal",
        cites=_SUGAR_OR_FLUID,
        rationale="Insulin or a sulfonylurea without food is how the blood sugar drops suddenly, shaky or not.",
        when=[present("glucose_lowering_medication"), present("missed_meal_or_fasting")],
        then=supports("hypoglycemia", 0.45),
    ),
    rule(
        id="sys.hypoglycemia.weakness_with_a_cause",
        title="Generalised weakness with a reason for low blood sugar",
        cites=_SUGAR_OR_FLUID,
        rationale="Low blood sugar starves every muscle of energy, so the weakness is generalised.",
        when=[has_pattern("generalized_metabolic_weakness"),
              any_present("glucose_lowering_medication", "missed_meal_or_fasting")],
        then=supports("hypoglycemia", 0.2),
    ),
    rule(
        id="sys.hypoglycemia.diabetes",
        title="Diabetes with shakiness or a missed meal",
        cites=_BLOOD_TESTS,
        rationale="People with diabetes are the ones whose treatment can push the blood sugar too low.",
        when=[present("diabetes"), any_present("shaky_sweaty_hungry", "missed_meal_or_fasting")],
        then=supports("hypoglycemia", 0.1),
    ),
    rule(
        id="sys.hypoglycemia.not_shaky",
        title="Not shaky, sweaty or hungry",
        cites=_SUGAR_OR_FLUID,
        rationale="Shakiness is the hallmark the document gives; without it a drop in blood sugar is less likely "
                  "under 65. Older people, above all on sulfonylureas, often lose that warning and present confused.",
        when=[absent("shaky_sweaty_hungry"), age_under(65)],
        then=opposes("hypoglycemia", 0.4),
    ),
    rule(
        id="sys.hypoglycemia.no_cause",
        title="Neither a missed meal nor glucose-lowering medicine",
        cites=_SUGAR_OR_FLUID,
        rationale="Without fasting or a glucose-lowering medicine there is little reason for the blood sugar to fall.",
        when=[absent("missed_meal_or_fasting"), absent("glucose_lowering_medication")],
        then=opposes("hypoglycemia", 0.3),
    ),
    rule(
        id="sys.hypoglycemia.gradual",
        title="Symptoms that built up over weeks",
        cites=_SUGAR_OR_FLUID,
        rationale="The document speaks of a sudden drop causing temporary weakness, not weakness that builds over weeks to months.",
        when=[present("onset_gradual")],
        then=opposes("hypoglycemia", 0.3),
    ),
]

DEHYDRATION_RULES = [
    rule(
        id="sys.dehydration.fluid_depletion",
        title="Fluid depletion",
        cites=_FLUID_INTAKE,
        rationale="Too little fluid in, or too much out, reduces blood volume and starves the muscles.",
        when=[has_pattern("fluid_depletion")],
        then=supports("dehydration", 0.3),
    ),
    rule(
        id="sys.dehydration.thirst",
        title="Thirst or dark urine",
        cites=_FLUID_INTAKE,
        rationale="Thirst and dark urine are the direct signs of a low blood volume.",
        when=[present("thirst_dark_urine")],
        then=supports("dehydration", 0.45),
    ),
    rule(
        id="sys.dehydration.thirst_with_a_cause",
        title="Thirst or dark urine with a reason to be short of fluid",
        cites=_FLUID_INTAKE,
        rationale="The sign of low blood volume together with its cause (heat, low intake, gut losses) confirms it.",
        when=[present("thirst_dark_urine"), any_present("low_fluid_intake_or_heat", "vomiting_or_diarrhea")],
        then=supports("dehydration", 0.2),
    ),
    rule(
        id="sys.dehydration.low_intake_or_heat",
        title="Drinking little, or out in the heat",
        cites=_FLUID_INTAKE,
        rationale="Insufficient intake, or heat that sweats fluid away, is the cause the document names.",
        when=[present("low_fluid_intake_or_heat")],
        then=supports("dehydration", 0.1),
    ),
    rule(
        id="sys.dehydration.gut_losses",
        title="Vomiting or diarrhoea",
        cites=_FLUID_AND_SALTS,
        rationale="Vomiting and diarrhoea drain fluid faster than it is drunk.",
        when=[present("vomiting_or_diarrhea")],
        then=supports("dehydration", 0.15),
    ),
    rule(
        id="sys.dehydration.weak_or_heavy",
        title="Weak, heavy or shaky legs with fluid depletion",
        cites=_SUGAR_OR_FLUID,
        rationale="Dehydration depletes the energy for muscle endurance: shakiness, weakness and heavy legs.",
        when=[has_pattern("fluid_depletion"),
              any_of(has_pattern("generalized_metabolic_weakness"),
                     present("heaviness"), present("shaky_sweaty_hungry"))],
        then=supports("dehydration", 0.2),
    ),
    rule(
        id="sys.dehydration.lightheaded",
        title="Lightheaded with fluid depletion",
        cites=_FLUID_INTAKE,
        rationale="A reduced blood volume pumps less blood upward, so the patient feels lightheaded.",
        when=[has_pattern("fluid_depletion"), present("lightheadedness")],
        then=supports("dehydration", 0.15),
    ),
    rule(
        id="sys.dehydration.leg_swelling",
        title="Swollen legs",
        cites=HEAVY_LEGS.quote(
            "Consult a doctor if the heavy sensation is accompanied by signs that could indicate a vascular "
            "problem, such as significant, unexplained swelling"),
        rationale="Swelling is fluid retained in the legs, the opposite of a body short of fluid; it points to the veins or a medicine.",
        when=[present("leg_swelling")],
        then=opposes("dehydration", 0.3),
    ),
    rule(
        id="sys.dehydration.not_thirsty",
        title="Neither thirst nor dark urine",
        cites=_FLUID_INTAKE,
        rationale="A low blood volume makes itself felt as thirst; without it dehydration is less likely.",
        when=[absent("thirst_dark_urine")],
        then=opposes("dehydration", 0.4),
    ),
    rule(
        id="sys.dehydration.no_route_of_loss",
        title="Drinking enough, no heat and no vomiting or diarrhoea",
        cites=_FLUID_INTAKE,
        rationale="Without low intake, heat or gut losses there is no route for the fluid to go.",
        when=[absent("low_fluid_intake_or_heat"), absent("vomiting_or_diarrhea")],
        then=opposes("dehydration", 0.3),
    ),
]

ANEMIA_RULES = [
    rule(
        id="sys.anemia.low_oxygen_carrying",
        title="Reduced oxygen-carrying capacity",
        cites=_ANEMIA_OXYGEN,
        rationale="Pallor with breathlessness on effort is blood that carries too little oxygen: the documents' account of anaemia.",
        when=[has_pattern("low_oxygen_carrying_capacity")],
        then=supports("anemia", 0.6),
    ),
    rule(
        id="sys.anemia.blood_loss",
        title="Heavy blood loss with tiredness or heavy legs",
        cites=_ANEMIA_FATIGUE,
        rationale="Heavy periods or other bleeding lose red blood cells faster than they are made.",
        when=[present("heavy_blood_loss"),
              any_present("pallor", "breathless_on_exertion", "generalized_weakness_fatigue", "heaviness")],
        then=supports("anemia", 0.35),
    ),
    rule(
        id="sys.anemia.pallor",
        title="Pallor",
        cites=_ANEMIA_FATIGUE,
        rationale="Pale skin is what a lack of healthy red blood cells looks like.",
        when=[present("pallor")],
        then=supports("anemia", 0.3),
    ),
    rule(
        id="sys.anemia.breathless",
        title="Breathless on exertion",
        cites=_ANEMIA_OXYGEN,
        rationale="Blood short of oxygen-carrying capacity leaves the patient breathless on effort.",
        when=[present("breathless_on_exertion")],
        then=supports("anemia", 0.2),
    ),
    rule(
        id="sys.anemia.generalized_fatigue",
        title="Generalised fatigue with a sign of anaemia",
        cites=_ANEMIA_FATIGUE,
        rationale="Generalised fatigue and weakness are what the documents say anaemia causes.",
        when=[has_pattern("generalized_metabolic_weakness"),
              any_present("pallor", "breathless_on_exertion", "heavy_blood_loss")],
        then=supports("anemia", 0.25),
    ),
    rule(
        id="sys.anemia.heavy_legs",
        title="Heavy legs with a sign of anaemia",
        cites=_ANEMIA_HEAVY,
        rationale="Muscles short of oxygen tire easily and feel heavy.",
        when=[present("heaviness"), any_present("pallor", "breathless_on_exertion", "heavy_blood_loss")],
        then=supports("anemia", 0.15),
    ),
    rule(
        id="sys.anemia.not_pale",
        title="Not pale",
        cites=_ANEMIA_FATIGUE,
        rationale="A shortage of red blood cells usually shows as pallor; its absence counts against.",
        when=[absent("pallor")],
        then=opposes("anemia", 0.3),
    ),
    rule(
        id="sys.anemia.not_breathless",
        title="Not breathless on exertion",
        cites=_ANEMIA_OXYGEN,
        rationale="Blood that carries enough oxygen for effort counts against anaemia.",
        when=[absent("breathless_on_exertion")],
        then=opposes("anemia", 0.2),
    ),
    rule(
        id="sys.anemia.pale_limb_is_local",
        title="A cold, pale leg",
        cites=_PALE_LIMB,
        rationale="One pale limb is a loss of blood flow to that limb, not a shortage of red cells in the whole body.",
        when=[present("cold_pale_leg")],
        then=opposes("anemia", 0.3),
    ),
]

HYPOTHYROIDISM_RULES = [
    rule(
        id="sys.thyroid.slowed_metabolism",
        title="A slowed metabolism",
        cites=_THYROID,
        rationale="The documents name a slowed metabolism as what an underactive thyroid does.",
        when=[has_pattern("slowed_metabolism")],
        then=supports("hypothyroidism", 0.6),
    ),
    rule(
        id="sys.thyroid.aches_and_weakness",
        title="Muscle aches or weakness with a slowed metabolism",
        cites=_THYROID,
        rationale="Muscle aches and weakness are the leg symptoms the document gives for hypothyroidism.",
        when=[has_pattern("slowed_metabolism"),
              any_present("muscle_aches", "generalized_weakness_fatigue", "heaviness", "constant_weakness")],
        then=supports("hypothyroidism", 0.25),
    ),
    rule(
        id="sys.thyroid.cold_intolerance",
        title="Feels the cold",
        cites=_THYROID,
        rationale="A slowed metabolism makes less heat, so the patient feels the cold.",
        when=[present("cold_intolerance")],
        then=supports("hypothyroidism", 0.2),
    ),
    rule(
        id="sys.thyroid.weight_gain",
        title="Weight gain",
        cites=_THYROID,
        rationale="A slowed metabolism burns less, so weight creeps up.",
        when=[present("weight_gain")],
        then=supports("hypothyroidism", 0.15),
    ),
    rule(
        id="sys.thyroid.constipation_or_dry_skin",
        title="Constipation or dry skin",
        cites=_THYROID,
        rationale="A slowed metabolism slows the gut and the skin's renewal; common alone, telling together.",
        when=[any_present("chronic_constipation", "dry_skin")],
        then=supports("hypothyroidism", 0.1),
    ),
    rule(
        id="sys.thyroid.sign_with_aches",
        title="A sign of slowed metabolism with aching or weak muscles",
        cites=_THYROID,
        rationale="Even one sign of a slowed metabolism makes the thyroid a candidate when the muscles ache or are weak.",
        when=[any_present(*_THYROID_FEATURES), any_present("muscle_aches", "generalized_weakness_fatigue")],
        then=supports("hypothyroidism", 0.2),
    ),
    rule(
        id="sys.thyroid.gradual",
        title="A slowed metabolism that built up over weeks to months",
        cites=_THYROID,
        rationale="A failing thyroid slows the body gradually, not overnight.",
        when=[has_pattern("slowed_metabolism"), present("onset_gradual")],
        then=supports("hypothyroidism", 0.1),
    ),
    rule(
        id="sys.thyroid.no_cold_intolerance",
        title="Does not feel the cold",
        cites=_THYROID,
        rationale="Feeling the cold is a typical sign of a slowed metabolism; its absence counts against.",
        when=[absent("cold_intolerance")],
        then=opposes("hypothyroidism", 0.2),
    ),
    rule(
        id="sys.thyroid.no_weight_gain",
        title="No weight gain",
        cites=_THYROID,
        rationale="Weight gain is a typical sign of a slowed metabolism; its absence counts against.",
        when=[absent("weight_gain")],
        then=opposes("hypothyroidism", 0.2),
    ),
]

MEDICATION_RULES = [
    rule(
        id="sys.medication.ccb_swelling",
        title="Swollen legs on a calcium channel blocker",
        cites=_CALCIUM_CHANNEL_BLOCKERS,
        rationale="Calcium channel blockers widen blood vessels and let fluid collect in the lower legs.",
        when=[present("takes_calcium_channel_blocker"), present("leg_swelling")],
        then=supports("medication_side_effect", 0.55),
    ),
    rule(
        id="sys.medication.ccb_heaviness",
        title="Heavy legs on a calcium channel blocker",
        cites=_CALCIUM_CHANNEL_BLOCKERS,
        rationale="The fluid a calcium channel blocker retains makes the legs feel heavy.",
        when=[present("takes_calcium_channel_blocker"), present("heaviness")],
        then=supports("medication_side_effect", 0.3),
    ),
    rule(
        id="sys.medication.ccb_both_legs",
        title="Swelling of both legs on a calcium channel blocker",
        cites=_CALCIUM_CHANNEL_BLOCKERS,
        rationale="A medicine acts on both legs alike, so its swelling is on both sides.",
        when=[present("takes_calcium_channel_blocker"), present("leg_swelling"), present("both_legs")],
        then=supports("medication_side_effect", 0.15),
    ),
    rule(
        id="sys.medication.statin_muscle_pain",
        title="Muscle aches on a statin",
        cites=_STATINS_ANTIBIOTICS,
        rationale="Muscle pain is the side effect the document names for statins.",
        when=[present("takes_statin"), present("muscle_aches")],
        then=supports("medication_side_effect", 0.55),
    ),
    rule(
        id="sys.medication.antibiotic_muscle_pain",
        title="Muscle aches on an antibiotic",
        cites=_STATINS_ANTIBIOTICS,
        rationale="The document names some antibiotics alongside statins for muscle pain.",
        when=[present("takes_antibiotic"), present("muscle_aches")],
        then=supports("medication_side_effect", 0.5),
    ),
    rule(
        id="sys.medication.muscle_weakness",
        title="Weak or heavy legs on a statin or antibiotic",
        cites=_STATINS_ANTIBIOTICS,
        rationale="Statins and antibiotics can weaken muscles, felt as weak or heavy legs.",
        when=[any_present("takes_statin", "takes_antibiotic"),
              any_present("generalized_weakness_fatigue", "constant_weakness", "heaviness")],
        then=supports("medication_side_effect", 0.3),
    ),
    rule(
        id="sys.medication.muscle_pain_both_legs",
        title="Aching muscles of both legs on a statin or antibiotic",
        cites=_STATINS_ANTIBIOTICS,
        rationale="A medicine acts on all muscles alike, so its aches are on both sides.",
        when=[any_present("takes_statin", "takes_antibiotic"), present("muscle_aches"), present("both_legs")],
        then=supports("medication_side_effect", 0.1),
    ),
    rule(
        id="sys.medication.diuretic_salt_loss",
        title="Cramps or weakness on a diuretic",
        cites=_ELECTROLYTE_LOSS,
        rationale="Diuretics shed sodium and potassium; the cramps and weakness that follow are a side effect of the medicine.",
        when=[present("takes_diuretic"), any_present("muscle_cramps", "generalized_weakness_fatigue")],
        then=supports("medication_side_effect", 0.3),
    ),
    rule(
        id="sys.medication.generalized_weakness",
        title="Generalised weakness while taking a culprit medicine",
        cites=_MEDICINES,
        rationale="A medicine acts on the whole body; generalised weakness fits a side effect better than a local cause.",
        when=[has_pattern("medication_exposure"), has_pattern("generalized_metabolic_weakness")],
        then=supports("medication_side_effect", 0.15),
    ),
    rule(
        id="sys.medication.varicose_veins",
        title="Varicose veins",
        cites=_VARICOSE,
        rationale="Varicose veins point the swelling and heaviness to the veins rather than to a medicine.",
        when=[present("varicose_veins")],
        then=opposes("medication_side_effect", 0.25),
    ),
    rule(
        id="sys.medication.venous_course",
        title="Heaviness that builds through the day and eases with the legs raised",
        cites=HEAVY_LEGS.quote(
            "This feeling often worsens throughout the day or after prolonged standing, but improves when "
            "the legs are elevated."),
        rationale="The course of venous congestion points the heaviness to the veins rather than to a medicine.",
        when=[has_pattern("venous_congestion")],
        then=opposes("medication_side_effect", 0.3),
    ),
]

# A strictly one-sided or joint-local picture points away from every systemic cause.
AGAINST_RULES = [
    rule(
        id="sys.against.one_sided",
        title="Only one leg or one side affected",
        cites=_ONE_SIDED_CENTRAL,
        rationale="A whole-body disturbance weakens both sides; one-sided weakness points to the nervous system or the limb itself.",
        when=[present("one_sided")],
        then=[opposes(condition, 0.3) for condition in SYSTEMIC_CONDITIONS],
    ),
    rule(
        id="sys.against.joint_local",
        title="A knee that locks, pivots out or slips its kneecap",
        cites=_JOINT_LOCAL,
        rationale="Locking, giving way on pivoting and a slipping kneecap localise the problem to the joint.",
        when=[any_present("knee_locking", "gives_way_on_pivoting", "kneecap_displacement")],
        then=[opposes(condition, 0.3) for condition in SYSTEMIC_CONDITIONS],
    ),
    rule(
        id="sys.against.ascending",
        title="Weakness climbing from the feet",
        cites=LEGS_GIVING_OUT.quote(
            "Additionally, leg weakness that begins in the feet and moves quickly upward may suggest a "
            "rare autoimmune disorder like Guillain-Barré syndrome."),
        rationale="A whole-body disturbance weakens all muscles at once; weakness that climbs from the feet follows the nerves.",
        when=[present("ascending_weakness")],
        then=[opposes(condition, 0.3) for condition in SYSTEMIC_CONDITIONS],
    ),
]

RECOMMENDATION_RULES = [
    rule(
        id="sys.action.electrolytes",
        title="Electrolyte imbalance: check the blood salts and replace them",
        cites=_ELECTROLYTE_LOSS,
        rationale="Sodium, potassium and magnesium are measured in the blood; lost fluid and salts are replaced.",
        when=[supported("electrolyte_imbalance")],
        then=recommends("blood_electrolytes", "hydration", serves="electrolyte_imbalance"),
    ),
    rule(
        id="sys.action.electrolytes_diuretic",
        title="Electrolyte imbalance on a diuretic: review the medicine",
        cites=_MEDICINES,
        rationale="If a diuretic is draining the salts, its dose or choice is for the prescriber to review.",
        when=[supported("electrolyte_imbalance"), present("takes_diuretic")],
        then=recommends("medication_review", serves="electrolyte_imbalance"),
    ),
    rule(
        id="sys.action.hypoglycemia",
        title="Low blood sugar: take sugar now and check the glucose",
        cites=_SUGAR_OR_FLUID,
        rationale="Fast-acting sugar restores the energy the muscles lack; a glucose reading confirms the drop.",
        when=[supported("hypoglycemia")],
        then=recommends("fast_acting_sugar", "blood_glucose", serves="hypoglycemia"),
    ),
    rule(
        id="sys.action.hypoglycemia_diabetes",
        title="Low blood sugar in diabetes: review treatment and control",
        cites=_BLOOD_TESTS,
        rationale="A hypo on insulin or a sulfonylurea means the dose, the meals and the overall control need review.",
        when=[supported("hypoglycemia"), any_present("glucose_lowering_medication", "diabetes")],
        then=recommends("medication_review", "blood_hba1c", serves="hypoglycemia"),
    ),
    rule(
        id="sys.action.stroke_signs_on_glucose_lowering",
        title="Stroke signs with a low blood sugar risk: check the glucose",
        cites=_SUGAR_OR_FLUID,
        rationale="Low blood sugar can look like a stroke; a glucose reading belongs with the emergency assessment.",
        when=[has_red_flag("suspected_stroke_or_tia"),
              any_of(has_pattern("neuroglycopenia_risk"), present("glucose_lowering_medication"))],
        then=recommends("blood_glucose", serves="neuroglycopenia_risk"),
    ),
    rule(
        id="sys.action.dehydration",
        title="Dehydration: drink, replace salts and rest",
        cites=_SELF_CORRECTING,
        rationale="Heaviness from low fluid corrects itself once the fluid is replaced and the legs rested.",
        when=[supported("dehydration")],
        then=recommends("hydration", "rest_and_recovery", serves="dehydration"),
    ),
    rule(
        id="sys.action.anemia",
        title="Anaemia: full blood count",
        cites=_METABOLIC_TESTS,
        rationale="A full blood count measures the red blood cells directly.",
        when=[supported("anemia")],
        then=recommends("blood_count", serves="anemia"),
    ),
    rule(
        id="sys.action.hypothyroidism",
        title="Hypothyroidism: thyroid function test",
        cites=_METABOLIC_TESTS,
        rationale="Thyroid hormone levels in the blood confirm or exclude an underactive thyroid.",
        when=[supported("hypothyroidism")],
        then=recommends("blood_thyroid", serves="hypothyroidism"),
    ),
    rule(
        id="sys.action.medication",
        title="Medication side effect: review with the prescriber",
        cites=_MEDICINES,
        rationale="A side effect is dealt with by the prescriber changing the dose or the medicine, never by stopping it alone.",
        when=[supported("medication_side_effect")],
        then=recommends("medication_review", serves="medication_side_effect"),
    ),
    rule(
        id="sys.action.medication_diuretic",
        title="Side effect of a diuretic: check the blood salts",
        cites=_ELECTROLYTE_LOSS,
        rationale="A diuretic's side effect on the muscles comes through lost sodium and potassium.",
        when=[supported("medication_side_effect"), present("takes_diuretic")],
        then=recommends("blood_electrolytes", serves="medication_side_effect"),
    ),
    rule(
        id="sys.action.unexplained_generalized_weakness",
        title="Generalised weakness nothing explains: screening blood tests",
        cites=_BLOOD_TESTS,
        rationale="When whole-body weakness has no evident cause, blood tests look for the systemic ones.",
        when=[has_pattern("generalized_metabolic_weakness")]
             + [not_supported(condition) for condition in SYSTEMIC_CONDITIONS],
        then=recommends("blood_count", "blood_glucose", "blood_electrolytes", "blood_thyroid",
                        serves="generalized_metabolic_weakness"),
    ),
]

# -- Beyond the source documents: rhabdomyolysis, and hypoglycaemia in older people --
BEYOND_SOURCES_RULES = [
    rule(
        id="sys.rhabdo.dark_urine_after_exertion_or_crush",
        title="Cola-coloured urine after hard exertion, a crush or a fall",
        cites=g.RHABDOMYOLYSIS.cite("Causes; Symptoms",
                                    "Severe exertion, crush injury and a long lie after a fall break muscle down; "
                                    "the urine turns dark, red or cola-coloured."),
        rationale="Dark urine after overwork or injury is muscle pigment, not concentration: the kidneys are at risk.",
        when=[present("dark_brown_urine"), any_present("recent_overexertion", "fall_or_injury")],
        then=supports("rhabdomyolysis", 0.7),
    ),
    rule(
        id="sys.rhabdo.dark_urine_with_muscle_pain",
        title="Cola-coloured urine with aching or weak muscles",
        cites=g.RHABDOMYOLYSIS.cite("Symptoms",
                                    "Muscle tenderness, stiffness, aching and weakness with dark urine."),
        rationale="Aching, weak muscles and dark urine together are the triad of rhabdomyolysis.",
        when=[present("dark_brown_urine"), any_present("muscle_aches", "constant_weakness", "muscle_cramps")],
        then=supports("rhabdomyolysis", 0.4),
    ),
    rule(
        id="sys.rhabdo.statin",
        title="Muscle pain and dark urine on a statin",
        cites=g.RHABDOMYOLYSIS.cite("Causes", "Statins can, rarely, cause muscle breakdown."),
        rationale="A statin can break muscle down, rarely but seriously.",
        when=[present("takes_statin"), present("dark_brown_urine")],
        then=supports("rhabdomyolysis", 0.3),
    ),
    rule(
        id="sys.rhabdo.urine_not_dark",
        title="Urine not cola-coloured",
        cites=g.RHABDOMYOLYSIS.cite("Symptoms", "Dark urine is the sign that muscle pigment has reached the kidneys."),
        rationale="Without dark urine, significant muscle breakdown is less likely.",
        when=[absent("dark_brown_urine")],
        then=opposes("rhabdomyolysis", 0.6),
    ),
    rule(
        id="sys.action.rhabdo",
        title="Suspected rhabdomyolysis: creatine kinase and kidney function today",
        cites=g.RHABDOMYOLYSIS.cite("Exams and tests; Treatment",
                                    "A creatine kinase and kidney tests confirm it; fluids through a vein protect the kidneys."),
        rationale="Fluids given early prevent kidney failure.",
        when=[supported("rhabdomyolysis")],
        then=recommends("blood_ck_kidney", serves="rhabdomyolysis"),
    ),
    rule(
        id="sys.hypoglycemia.older_confused_on_treatment",
        title="Confusion or giving way in an older person on insulin or a sulfonylurea",
        cites=g.NICE_TYPE2_DIABETES.cite("1.7 Drug treatment: hypoglycaemia risk",
                                         "Sulfonylureas and insulin cause hypoglycaemia; older people may present "
                                         "with confusion or falls rather than the classic warning symptoms."),
        rationale="Older people lose the shaky, sweaty warning: a low sugar shows as confusion or a fall.",
        when=[age_at_least(65), present("glucose_lowering_medication"),
              any_present("confusion", "episodes_of_giving_way", "generalized_weakness_fatigue", "fall_or_injury")],
        then=supports("hypoglycemia", 0.5),
    ),
]

RULES = (PATTERN_RULES + ELECTROLYTE_RULES + HYPOGLYCEMIA_RULES + DEHYDRATION_RULES + ANEMIA_RULES
         + HYPOTHYROIDISM_RULES + MEDICATION_RULES + AGAINST_RULES + RECOMMENDATION_RULES
         + BEYOND_SOURCES_RULES)
