"""Triage beyond the red flags: findings that need a clinician whatever the
cause, the default for weakness nothing explains, and safety-netting.

A red flag sets emergency, and a reasonably supported condition claims its own
default urgency (both done by the engine); the rules here add urgency that
comes from the course of the symptoms rather than from any one cause.
"""
from expert.dsl import (absent, age_under, any_of, any_presentation, any_present, fallback_urgency, fit_is,
                        no_urgency_claimed, present, recommends, rule, supported, triage_is, urgency)
from facts.vocabulary import CONCERNING_FINDINGS
from rules import guidelines as g
from rules.sources import HEAVY_LEGS, LEGS_GIVING_OUT

# Self-care is earned, never a default: a benign cause reasonably supported,
# the few findings that would make it dangerous checked and absent, no
# concerning finding present (``triage.concerning_finding`` claims routine
# for those), and an age at which the benign reading is safe.

_EVALUATION_LIST = HEAVY_LEGS.quote(
    "Other accompanying symptoms that require evaluation include:")

RULES = [
    rule(
        id="triage.rapid_progression",
        title="Rapidly progressive weakness",
        cites=LEGS_GIVING_OUT.quote(
            "An urgent need for medical attention is also indicated by weakness that rapidly progresses"),
        rationale="Weakness worsening over hours to days needs a clinician the same day, even without another red flag.",
        when=[present("rapidly_progressive")],
        then=urgency("urgent"),
    ),
    rule(
        id="triage.cannot_stand_or_walk",
        title="Weakness, pain or numbness that prevents standing or walking",
        cites=LEGS_GIVING_OUT.quote(
            "Persistent weakness, severe pain, or numbness that prohibits movement should always be "
            "assessed by a healthcare professional."),
        rationale="Someone who cannot stand or walk needs prompt assessment whatever the cause.",
        when=[present("unable_to_stand_or_walk")],
        then=urgency("urgent"),
    ),
    rule(
        id="triage.persistent_weakness",
        title="Persistent weakness",
        cites=LEGS_GIVING_OUT.quote(
            "Persistent weakness, severe pain, or numbness that prohibits movement should always be "
            "assessed by a healthcare professional."),
        rationale="Weakness that does not go away between episodes needs a clinical assessment.",
        when=[present("constant_weakness")],
        then=urgency("routine"),
    ),
    rule(
        id="triage.interferes_with_life",
        title="Persistent, worsening or disabling symptoms",
        cites=HEAVY_LEGS.quote(
            "While occasional leg heaviness is normal, the symptom warrants medical attention if it "
            "becomes persistent, worsens, or interferes with daily activities."),
        rationale="Symptoms that disrupt daily life deserve a clinician's assessment even when the cause looks benign.",
        when=[present("interferes_with_daily_activities")],
        then=urgency("routine"),
    ),
    rule(
        id="triage.unexplained_swelling",
        title="Swelling not eased by rest or elevation",
        cites=HEAVY_LEGS.quote(
            "Consult a doctor if the heavy sensation is accompanied by signs that could indicate a "
            "vascular problem, such as significant, unexplained swelling that does not resolve with "
            "rest or elevation."),
        rationale="Persistent unexplained swelling may be vascular and needs examination.",
        when=[present("swelling_not_eased_by_rest_or_elevation")],
        then=urgency("routine"),
    ),
    rule(
        id="triage.accompanying_symptoms",
        title="Accompanying symptoms that need evaluation",
        cites=_EVALUATION_LIST,
        rationale="Burning or tingling, cramps that disrupt sleep and skin changes each need a clinician to evaluate them.",
        when=[any_present("burning_foot_pain", "night_cramps", "skin_changes_lower_leg")],
        then=urgency("routine"),
    ),
    rule(
        id="triage.concerning_finding",
        title="A finding that needs a clinician whatever the cause",
        cites=LEGS_GIVING_OUT.quote(
            "Persistent weakness, severe pain, or numbness that prohibits movement should always be "
            "assessed by a healthcare professional."),
        rationale="A red-flag or safety-net finding, a fever, weight loss or a cancer history forbids self-care, "
                  "even when a benign cause seems to explain the rest.",
        when=[any_present(*sorted(CONCERNING_FINDINGS))],
        then=urgency("routine"),
    ),
    rule(
        id="triage.self_care.muscle_fatigue",
        title="Self-care for tired muscles: both legs, no dark urine, under 65",
        cites=g.RHABDOMYOLYSIS.cite("Symptoms",
                                    "Muscle breakdown after heavy exertion shows as dark urine with aching, weak muscles."),
        rationale="Tired legs after overwork are safe to rest at home once both legs are affected alike (not a clot in one), "
                  "the urine is not dark (not muscle breakdown), and the person is under 65.",
        when=[supported("muscle_fatigue"), present("both_legs"),
              any_of(absent("dark_brown_urine"), absent("thirst_dark_urine")), age_under(65)],
        then=urgency("self_care"),
    ),
    rule(
        id="triage.self_care.footwear_strain",
        title="Self-care for strain from footwear: both legs, under 65",
        cites=HEAVY_LEGS.quote(
            "While occasional leg heaviness is normal, the symptom warrants medical attention if it "
            "becomes persistent, worsens, or interferes with daily activities."),
        rationale="Aching legs from poor shoes can be managed at home with better shoes when both legs ache alike "
                  "(nothing one-sided) and the person is under 65; persistence or disruption sends them to a clinician.",
        when=[supported("footwear_strain"), present("both_legs"), age_under(65)],
        then=urgency("self_care"),
    ),
    rule(
        id="triage.self_care.dehydration",
        title="Self-care for dehydration: not diabetic, under 65",
        cites=g.NICE_TYPE1_DIABETES.cite("1.9 Diabetic ketoacidosis",
                                         "In diabetes, thirst and vomiting may be ketoacidosis, not dehydration."),
        rationale="Fluids and salts at home are safe once diabetes, whose thirst may be a hyperglycaemic crisis, "
                  "is ruled out and the person is under 65.",
        when=[supported("dehydration"), absent("diabetes"), age_under(65)],
        then=urgency("self_care"),
    ),
    rule(
        id="triage.self_care.anxiety_response",
        title="Self-care for an anxiety response: under 50, both legs or no one-sided signs",
        cites=g.NICE_ANXIETY.cite("1.2 Identification and assessment",
                                  "Before attributing symptoms to panic, consider physical causes, particularly "
                                  "in a first presentation at an older age."),
        rationale="Panic explains legs that give way in a young person; from middle age the same palpitations and "
                  "light-headedness are the heart until shown otherwise.",
        when=[supported("anxiety_response"), age_under(50), any_of(present("both_legs"), absent("one_sided"))],
        then=urgency("self_care"),
    ),
    rule(
        id="triage.unexplained",
        title="Leg weakness that nothing explains",
        cites=LEGS_GIVING_OUT.quote(
            "Understanding the specific source of this weakness is the first step toward finding an "
            "appropriate solution."),
        rationale="When nothing explains the weakness, a clinician should look for its source rather than leave it be.",
        when=[any_presentation(), no_urgency_claimed()],
        then=fallback_urgency("routine"),
    ),
    rule(
        id="triage.assess_unexplained",
        title="Findings no known cause explains: a clinician's assessment",
        cites=LEGS_GIVING_OUT.quote(
            "Understanding the specific source of this weakness is the first step toward finding an "
            "appropriate solution."),
        rationale="Where legwise cannot account for a symptom or sign, a clinician must, rather than a wrong cause be assumed.",
        when=[any_of(fit_is("partly_explained"), fit_is("no_known_cause"))],
        then=recommends("assess_unexplained_findings", serves="fit"),
    ),
    rule(
        id="triage.safety_net",
        title="Safety-netting whenever care is not an emergency",
        cites=LEGS_GIVING_OUT.quote(
            "While many causes of leg weakness are temporary or manageable, certain accompanying "
            "symptoms warrant immediate medical evaluation."),
        rationale="Anyone managed outside the emergency department must know which new signs mean going at once.",
        when=[any_of(triage_is("self_care"), triage_is("routine"), triage_is("urgent"))],
        then=recommends("safety_net_emergency_signs", serves="triage"),
    ),
]
