"""Psychological causes of legs that give way or feel weak or heavy.

The anxiety response: the fight-or-flight surge of adrenaline draws blood
away from the legs ("jelly legs", heaviness), and the hyperventilation that
comes with it brings lightheadedness and tingling. The documents call this
weakness "a temporary, physiological byproduct of the body's alarm system,
rather than an indication of structural or neurological failure", so it is
the explanation of last resort: any red flag, and any pattern of a
structural, neurological, vascular or metabolic cause, counts strongly
against it.

Patterns concluded here: ``sympathetic_arousal`` and ``hyperventilation``.
"""
from expert.dsl import (absent, age_at_least, all_of, any_of, any_present, concludes, has_pattern, has_red_flag,
                        no_red_flag, opposes, present, recommends, rule, supported, supports)
from rules import guidelines as g
from rules.sources import LEGS_GIVING_OUT

_PANIC = LEGS_GIVING_OUT.quote(
    "For many individuals, the feeling of the legs giving out is a physical manifestation of an intense "
    "psychological state, particularly anxiety or a panic attack.")
_FIGHT_OR_FLIGHT = LEGS_GIVING_OUT.quote(
    "The body's instinctive \"fight-or-flight\" response, triggered by perceived danger, releases a flood "
    "of stress hormones like adrenaline. This adrenaline surge redirects blood flow away from the "
    "extremities and toward the vital organs, such as the heart and brain, in preparation for a threat.")
_JELLY_LEGS = LEGS_GIVING_OUT.quote(
    "The reduced blood flow to the leg muscles can create a temporary feeling of heaviness, weakness, or "
    "the classic \"jelly legs\" sensation.")
_HYPERVENTILATION = LEGS_GIVING_OUT.quote(
    "Anxiety often leads to hyperventilation, causing a change in blood chemistry that can heighten "
    "muscle tension and contribute to lightheadedness or a feeling of diminished control.")
_NOT_STRUCTURAL = LEGS_GIVING_OUT.quote(
    "In this context, the weakness is a temporary, physiological byproduct of the body's alarm system, "
    "rather than an indication of structural or neurological failure.")
_RED_FLAGS_FIRST = LEGS_GIVING_OUT.quote(
    "While many causes of leg weakness are temporary or manageable, certain accompanying symptoms "
    "warrant immediate medical evaluation.")


def _other_cause(suffix: str, title: str, rationale: str, signs, strength: float):
    """Evidence against anxiety when the picture shows a cause the documents rank above it."""
    return rule(
        id=f"psych.anxiety.against.{suffix}",
        title=title,
        cites=_NOT_STRUCTURAL,
        rationale=rationale,
        when=[signs],
        then=opposes("anxiety_response", strength),
    )


RULES = [
    # == Patterns ==================================================================
    rule(
        id="psych.pattern.sympathetic_arousal",
        title="Anxiety or panic with a pounding heart or fast breathing",
        cites=_FIGHT_OR_FLIGHT,
        rationale="Palpitations and fast breathing in a moment of anxiety are the adrenaline surge of "
                  "the fight-or-flight response.",
        when=[present("anxiety_or_panic"), any_present("palpitations", "rapid_breathing")],
        then=concludes("sympathetic_arousal"),
    ),
    rule(
        id="psych.pattern.hyperventilation",
        title="Fast breathing with lightheadedness or tingling lips or fingers",
        cites=_HYPERVENTILATION,
        rationale="Over-breathing changes the blood chemistry, which brings lightheadedness and tingling.",
        when=[present("rapid_breathing"), any_present("lightheadedness", "tingling_lips_or_fingers")],
        then=concludes("hyperventilation"),
    ),
    rule(
        id="psych.pattern.hyperventilation_tingling",
        title="Tingling lips or fingers during anxiety",
        cites=_HYPERVENTILATION,
        rationale="Tingling of the lips and fingers in a moment of anxiety is the blood-chemistry change of "
                  "over-breathing, even when the fast breathing itself goes unnoticed.",
        when=[present("anxiety_or_panic"), present("tingling_lips_or_fingers")],
        then=concludes("hyperventilation"),
    ),

    # == Evidence for the anxiety response ===========================================
    rule(
        id="psych.anxiety.fight_or_flight",
        title="Fight-or-flight arousal",
        cites=_FIGHT_OR_FLIGHT,
        rationale="The adrenaline surge of fight-or-flight is the documents' mechanism for anxious legs.",
        when=[has_pattern("sympathetic_arousal")],
        then=supports("anxiety_response", 0.6),
    ),
    rule(
        id="psych.anxiety.hyperventilation",
        title="Hyperventilation",
        cites=_HYPERVENTILATION,
        rationale="Anxiety often leads to hyperventilation, with its lightheadedness and feeling of lost control.",
        when=[has_pattern("hyperventilation")],
        then=supports("anxiety_response", 0.4),
    ),
    rule(
        id="psych.anxiety.anxiety_or_panic",
        title="Anxiety or panic with the leg symptoms",
        cites=_PANIC,
        rationale="Legs giving out in a moment of anxiety or panic is a common bodily form of it.",
        when=[present("anxiety_or_panic")],
        then=supports("anxiety_response", 0.3),
    ),
    rule(
        id="psych.anxiety.resolves_when_calm",
        title="Settles once calm again",
        cites=_NOT_STRUCTURAL,
        rationale="Weakness that passes as the alarm settles is temporary and physiological.",
        when=[present("resolves_when_calm")],
        then=supports("anxiety_response", 0.4),
    ),
    rule(
        id="psych.anxiety.jelly_legs",
        title="Heavy or 'jelly' legs during anxiety",
        cites=_JELLY_LEGS,
        rationale="Blood drawn away from the legs leaves them heavy, weak or wobbly.",
        when=[any_of(present("anxiety_or_panic"), has_pattern("sympathetic_arousal")),
              # Not both_legs: a red-flag finding must never be what keeps care at self-care.
              any_present("heaviness", "episodes_of_giving_way")],
        then=supports("anxiety_response", 0.2),
    ),

    # == Evidence against: the alarm has not explained it ==============================
    rule(
        id="psych.anxiety.against.red_flag",
        title="A red flag is present",
        cites=_RED_FLAGS_FIRST,
        rationale="Panic symptoms can accompany a dangerous cause; with a red flag the anxiety response "
                  "cannot be the explanation.",
        when=[has_red_flag()],
        then=opposes("anxiety_response", 0.95),
    ),
    rule(
        id="psych.anxiety.against.not_resolved_when_calm",
        title="Does not settle once calm",
        cites=_NOT_STRUCTURAL,
        rationale="Anxious weakness is temporary; weakness that persists after calming is something else.",
        when=[absent("resolves_when_calm")],
        then=opposes("anxiety_response", 0.5),
    ),
    rule(
        id="psych.anxiety.against.constant_weakness",
        title="Weakness that persists at rest",
        cites=_NOT_STRUCTURAL,
        rationale="The anxiety response is temporary; weakness present at rest and between episodes is not.",
        when=[present("constant_weakness")],
        then=opposes("anxiety_response", 0.4),
    ),
    rule(
        id="psych.anxiety.against.progressive",
        title="Weakness getting worse over hours to days",
        cites=LEGS_GIVING_OUT.quote(
            "An urgent need for medical attention is also indicated by weakness that rapidly progresses"),
        rationale="Weakness that keeps progressing is not a passing alarm reaction.",
        when=[present("rapidly_progressive")],
        then=opposes("anxiety_response", 0.6),
    ),
    rule(
        id="psych.anxiety.against.one_sided",
        title="Only one leg or one side affected",
        cites=LEGS_GIVING_OUT.quote(
            "The rapid onset of weakness, especially if affecting only one side of the body, suggests a "
            "central nervous system issue that requires immediate attention."),
        rationale="An adrenaline surge draws blood from both legs alike; weakness confined to one side "
                  "points to the nervous system or the limb itself.",
        when=[present("one_sided")],
        then=opposes("anxiety_response", 0.3),
    ),
    _other_cause(
        "central_deficit", "A central nervous system picture",
        "One-sided central deficits, upper motor neuron signs or relapsing neurological episodes are "
        "neurological failure, which the anxiety response is not.",
        any_of(has_pattern("acute_central_deficit"), has_pattern("upper_motor_neuron_pattern"),
               has_pattern("central_demyelination"), present("brisk_reflexes"),
               present("leg_stiffness_spasticity")),
        0.7),
    _other_cause(
        "spinal_or_nerve", "A spinal or peripheral nerve picture",
        "Sphincter disturbance, ascending weakness, nerve-root pain or a neuropathy of the feet show the "
        "nerves themselves are failing.",
        any_of(has_pattern("sphincter_disturbance"), has_pattern("rapidly_ascending_paralysis"),
               has_pattern("radicular_pain"), has_pattern("length_dependent_polyneuropathy"),
               present("reduced_reflexes"), present("saddle_numbness")),
        0.6),
    _other_cause(
        "knee_structure", "A structural knee picture",
        "A knee that gives way on pivoting, locks or lets the kneecap slip has a structural cause.",
        any_of(has_pattern("mechanical_knee_instability"), has_pattern("knee_mechanical_block"),
               present("gives_way_on_pivoting"), present("knee_locking"), present("kneecap_displacement")),
        0.6),
    _other_cause(
        "vascular", "A vascular picture",
        "Claudication on walking or signs of lost blood flow are the arteries, not the alarm response.",
        any_of(has_pattern("vascular_claudication"), has_pattern("limb_ischemia_signs")),
        0.5),
    _other_cause(
        "low_blood_sugar", "Shaky and sweaty with a reason for low blood sugar",
        "Low blood sugar mimics panic (shaky, sweaty, racing heart); with a missed meal or "
        "glucose-lowering medicine it must be treated as low blood sugar first.",
        any_of(has_pattern("neuroglycopenia_risk"),
               all_of(present("shaky_sweaty_hungry"),
                      any_present("missed_meal_or_fasting", "glucose_lowering_medication"))),
        0.6),
    _other_cause(
        "whole_body_cause", "Lightheadedness with a body-wide cause",
        "Fluid loss or too few red blood cells explain lightheadedness and weak legs without any alarm "
        "response.",
        any_of(has_pattern("fluid_depletion"), has_pattern("low_oxygen_carrying_capacity")),
        0.45),

    # == Next steps ===================================================================
    rule(
        id="psych.action.slow_breathing",
        title="Anxiety response: slow breathing and grounding",
        cites=_HYPERVENTILATION,
        rationale="Slowing the breath reverses the over-breathing that drives lightheadedness and lost "
                  "control; never advised while a red flag is unanswered.",
        when=[supported("anxiety_response"), no_red_flag()],
        then=recommends("slow_breathing", serves="anxiety_response"),
    ),
    rule(
        id="psych.anxiety.against.older_first_presentation",
        title="Palpitations or light-headedness from 60 on",
        cites=g.NICE_ANXIETY.cite("1.2 Identification and assessment",
                                  "Consider physical causes of the symptoms of panic, particularly when they first "
                                  "appear in later life."),
        rationale="Panic disorder seldom begins after 60; at that age the same symptoms are more often the heart.",
        when=[age_at_least(60), any_present("palpitations", "lightheadedness")],
        then=opposes("anxiety_response", 0.6),
    ),
    rule(
        id="psych.anxiety.against.fainting_or_chest_pain",
        title="Fainting, chest pain or an abnormal pulse",
        cites=g.NICE_BLACKOUTS.cite("1.1 Initial assessment",
                                    "Do not attribute a blackout to a psychological cause before a cardiac cause is excluded."),
        rationale="Panic makes people feel faint; it seldom makes them black out, nor causes chest pain with an abnormal pulse.",
        when=[any_present("fainting", "chest_pain", "slow_or_irregular_pulse")],
        then=opposes("anxiety_response", 0.5),
    ),
]
