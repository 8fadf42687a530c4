"""Triage beyond the red flags: findings that need a clinician whatever the
cause, the default for weakness nothing explains, and safety-netting.

A red flag sets emergency, and a reasonably supported condition claims its own
default urgency (both done by the engine); the rules here add urgency that
comes from the course of the symptoms rather than from any one cause.
"""
from expert.dsl import (any_of, any_presentation, any_present, fallback_urgency, no_urgency_claimed, present,
                        recommends, rule, triage_is, urgency)
from rules.sources import HEAVY_LEGS, LEGS_GIVING_OUT

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
