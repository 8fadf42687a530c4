"""Infection: septic arthritis and cellulitis (beyond the source documents).

Neither is in the three source documents, yet both make a leg give way or too
painful to stand on, and both are dangerous when taken for a sprain or for
arthritis. Each rule cites the guideline it rests on. The safety net
(``rules.safety_net``) sets the triage for a hot joint and for sepsis; these
rules name the cause and the next step.
"""
from expert.dsl import absent, any_present, opposes, present, recommends, rule, supported, supports
from rules import guidelines as g

_HOT_JOINT = g.HOT_SWOLLEN_JOINT.cite(
    "Key recommendations",
    "Any acutely hot, swollen joint is septic arthritis until proven otherwise: aspirate it and culture "
    "the fluid before antibiotics; fever may be absent.")
_CELLULITIS = g.NICE_CELLULITIS.cite(
    "1.1 Managing cellulitis and erysipelas",
    "Cellulitis is a spreading infection of the skin: red, hot, swollen and tender, usually of one lower leg; "
    "consider admission if there is fever with systemic illness or the person is frail.")

RULES = [
    rule(
        id="infect.septic_arthritis.hot_joint",
        title="A hot, red, swollen joint",
        cites=_HOT_JOINT,
        rationale="An acutely hot joint is infected until aspiration shows otherwise; crystals look the same.",
        when=[present("hot_red_joint")],
        then=supports("septic_arthritis", 0.5),
    ),
    rule(
        id="infect.septic_arthritis.fever",
        title="A hot joint with a fever",
        cites=_HOT_JOINT,
        rationale="Fever with a hot joint makes infection more likely still, though its absence does not exclude it.",
        when=[present("hot_red_joint"), present("fever")],
        then=supports("septic_arthritis", 0.5),
    ),
    rule(
        id="infect.septic_arthritis.risk",
        title="A hot joint with diabetes, rheumatoid disease or old age",
        cites=_HOT_JOINT,
        rationale="Diabetes, damaged joints and age over 80 raise the risk of a joint infection.",
        when=[present("hot_red_joint"), any_present("diabetes", "symmetric_small_joint_swelling", "recent_knee_injury")],
        then=supports("septic_arthritis", 0.2),
    ),
    rule(
        id="infect.septic_arthritis.not_hot",
        title="No hot, red joint",
        cites=_HOT_JOINT,
        rationale="Without a hot, swollen joint there is nothing to suggest an infected one.",
        when=[absent("hot_red_joint")],
        then=opposes("septic_arthritis", 0.6),
    ),
    rule(
        id="infect.cellulitis.red_hot_skin",
        title="Spreading redness, warmth and swelling of the skin",
        cites=_CELLULITIS,
        rationale="Red, hot, swollen and spreading is the picture of cellulitis.",
        when=[present("red_hot_skin_leg")],
        then=supports("cellulitis", 0.6),
    ),
    rule(
        id="infect.cellulitis.fever",
        title="Red, hot skin with a fever",
        cites=_CELLULITIS,
        rationale="A fever says the skin infection has become systemic.",
        when=[present("red_hot_skin_leg"), present("fever")],
        then=supports("cellulitis", 0.3),
    ),
    rule(
        id="infect.cellulitis.not_red",
        title="No red, hot skin",
        cites=_CELLULITIS,
        rationale="Cellulitis shows on the skin; without redness and warmth it is unlikely.",
        when=[absent("red_hot_skin_leg")],
        then=opposes("cellulitis", 0.6),
    ),
    rule(
        id="infect.action.septic_arthritis",
        title="Suspected septic arthritis: same-day joint aspiration",
        cites=_HOT_JOINT,
        rationale="Aspiration before antibiotics identifies the organism; delay destroys the joint.",
        when=[supported("septic_arthritis")],
        then=recommends("joint_aspiration", "blood_inflammatory_markers", serves="septic_arthritis"),
    ),
    rule(
        id="infect.action.cellulitis",
        title="Suspected cellulitis: same-day assessment for antibiotics",
        cites=_CELLULITIS,
        rationale="Cellulitis needs antibiotics; marking the edge of the redness shows whether it is spreading.",
        when=[supported("cellulitis")],
        then=recommends("same_day_antibiotic_assessment", serves="cellulitis"),
    ),
]
