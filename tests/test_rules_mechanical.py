"""Mechanical rules: each condition recognised from its classic picture, told
apart from its neighbours, weakened by absent hallmarks but never by unknown
findings, with its next steps, and never an emergency on its own."""
import pytest
from hypothesis import given, strategies as st

import expert
from expert.dsl import Weigh
from facts.vocabulary import CONDITIONS, FINDINGS
from rules import mechanical
from tests.rule_helpers import rests_on_something_present
from tests.strategies import presentations

MECHANICAL = sorted(c for c, v in CONDITIONS.items() if v.category == "mechanical" and not v.beyond_sources)


def assess(findings, **person):
    return expert.assess({"findings": findings, **person})


def certainty(assessment, condition):
    return next((e.certainty for e in assessment.differential if e.condition == condition), 0.0)


def ranked(assessment):
    return [e.condition for e in assessment.differential]


# A classic picture of each condition, coded with its typical findings.
CLASSIC = {
    "ligament_injury": ({"recent_knee_injury": True, "gives_way_on_pivoting": True,
                         "episodes_of_giving_way": True, "knee_swelling": True}, {}),
    "meniscal_tear": ({"knee_locking": True, "knee_pain": True, "knee_swelling": True,
                       "recent_knee_injury": True}, {}),
    "patellar_instability": ({"kneecap_displacement": True, "episodes_of_giving_way": True}, {}),
    "osteoarthritis": ({"knee_pain": True, "joint_pain_worse_with_use": True, "onset_gradual": True,
                        "episodes_of_giving_way": True}, {"age": 70}),
    "rheumatoid_arthritis": ({"morning_stiffness_over_30min": True, "symmetric_small_joint_swelling": True,
                              "knee_swelling": True}, {}),
    "joint_laxity": ({"hip_or_ankle_instability": True, "episodes_of_giving_way": True}, {}),
    # self-care is earned: both legs, nothing dangerous where it matters, under 65
    "muscle_fatigue": ({"recent_overexertion": True, "heaviness": True, "muscle_aches": True, "both_legs": True,
                        "dark_brown_urine": False}, {"age": 30}),
    "footwear_strain": ({"unsupportive_footwear": True, "prolonged_standing": True, "muscle_aches": True,
                         "both_legs": True}, {"age": 30}),
}

RECOMMENDED = {
    "ligament_injury": {"knee_examination", "mri_knee", "physical_therapy", "quadriceps_hip_strengthening"},
    "meniscal_tear": {"knee_examination", "mri_knee", "physical_therapy", "quadriceps_hip_strengthening"},
    "patellar_instability": {"knee_examination", "xray_joint", "physical_therapy", "quadriceps_hip_strengthening"},
    "osteoarthritis": {"physical_examination", "xray_joint", "physical_therapy", "quadriceps_hip_strengthening"},
    "rheumatoid_arthritis": {"physical_examination", "xray_joint", "blood_inflammatory_markers",
                             "rheumatology_referral", "physical_therapy"},
    "joint_laxity": {"physical_examination", "physical_therapy", "quadriceps_hip_strengthening"},
    "muscle_fatigue": {"rest_and_recovery"},
    "footwear_strain": {"supportive_footwear"},
}


def test_every_mechanical_condition_has_a_classic_picture_and_next_steps():
    assert sorted(CLASSIC) == MECHANICAL == sorted(RECOMMENDED)


@pytest.mark.parametrize("condition", MECHANICAL)
def test_a_classic_picture_leads_with_high_certainty(condition):
    findings, person = CLASSIC[condition]
    assessment = assess(findings, **person)
    assert assessment.leading_condition == condition, ranked(assessment)
    assert certainty(assessment, condition) >= 0.7


@pytest.mark.parametrize("condition", MECHANICAL)
def test_a_supported_condition_earns_its_recommendations(condition):
    findings, person = CLASSIC[condition]
    assessment = assess(findings, **person)
    serving = {r.id for r in assessment.recommendations if condition in r.serves}
    assert serving == RECOMMENDED[condition]


@pytest.mark.parametrize("condition", MECHANICAL)
def test_a_mechanical_condition_alone_is_never_an_emergency(condition):
    findings, person = CLASSIC[condition]
    assessment = assess(findings, **person)
    assert assessment.red_flags == []
    expected = CONDITIONS[condition].urgency
    assert assessment.triage.level == expected
    # a condition claims its own urgency, except self-care, which a triage rule earns
    assert (f"triage.self_care.{condition}" if expected == "self_care" else condition) in assessment.triage.because


# -- Discrimination ------------------------------------------------------------

INJURED_KNEE = {"recent_knee_injury": True, "knee_pain": True, "knee_swelling": True,
                "episodes_of_giving_way": True}


def test_locking_points_to_the_meniscus_pivoting_to_the_ligament():
    locking = assess({**INJURED_KNEE, "knee_locking": True})
    pivoting = assess({**INJURED_KNEE, "gives_way_on_pivoting": True})
    assert locking.leading_condition == "meniscal_tear"
    assert pivoting.leading_condition == "ligament_injury"
    both = assess({**INJURED_KNEE, "knee_locking": True, "gives_way_on_pivoting": True})
    assert both.leading_condition == "meniscal_tear"  # the block is the more specific sign
    assert certainty(both, "ligament_injury") >= 0.5  # but a torn ligament stays in view


def test_a_slipping_kneecap_points_to_the_patella_even_after_a_twist():
    assessment = assess({**INJURED_KNEE, "kneecap_displacement": True, "gives_way_on_pivoting": True})
    assert assessment.leading_condition == "patellar_instability"
    assert certainty(assessment, "patellar_instability") >= 0.7


def test_acl_injury_coded_sudden_and_one_sided_is_not_a_stroke():
    assessment = assess({**INJURED_KNEE, "gives_way_on_pivoting": True, "onset_sudden": True,
                         "one_sided": True}, age=24)
    assert assessment.leading_condition == "ligament_injury"
    assert assessment.red_flags == []
    assert assessment.triage.level == "routine"


def test_an_injured_knee_without_more_detail_still_leans_to_ligament_then_meniscus():
    assessment = assess({"recent_knee_injury": True, "knee_swelling": True, "knee_pain": True})
    assert ranked(assessment)[:2] == ["ligament_injury", "meniscal_tear"]


def test_inflammatory_picture_is_rheumatoid_not_osteoarthritis():
    findings = {"knee_pain": True, "joint_pain_worse_with_use": True, "onset_gradual": True}
    wear = assess(findings, age=65)
    inflamed = assess({**findings, "morning_stiffness_over_30min": True,
                       "symmetric_small_joint_swelling": True}, age=65)
    assert wear.leading_condition == "osteoarthritis"
    assert inflamed.leading_condition == "rheumatoid_arthritis"
    assert certainty(inflamed, "osteoarthritis") < certainty(wear, "osteoarthritis")


def test_morning_stiffness_alone_does_not_make_rheumatoid_arthritis():
    assessment = assess({"knee_pain": True, "joint_pain_worse_with_use": True,
                         "morning_stiffness_over_30min": True,
                         "symmetric_small_joint_swelling": False}, age=68)
    assert assessment.leading_condition == "osteoarthritis"
    assert "rheumatoid_arthritis" not in ranked(assessment)


def test_osteoarthritis_knee_that_buckles_is_recognised_without_the_use_pain_finding():
    assessment = assess({"knee_pain": True, "onset_gradual": True, "episodes_of_giving_way": True}, age=72)
    assert assessment.leading_condition == "osteoarthritis"


def test_locking_leads_over_wear_and_tear_in_an_older_knee():
    assessment = assess({"knee_locking": True, "knee_pain": True, "joint_pain_worse_with_use": True}, age=58)
    assert ranked(assessment)[:2] == ["meniscal_tear", "osteoarthritis"]


def test_poor_shoes_lead_over_simple_fatigue_and_exertion_leads_without_them():
    tired = {"prolonged_standing": True, "heaviness": True, "muscle_aches": True}
    shoes = assess({**tired, "unsupportive_footwear": True})
    exertion = assess({**tired, "recent_overexertion": True, "unsupportive_footwear": False})
    assert shoes.leading_condition == "footwear_strain"
    assert exertion.leading_condition == "muscle_fatigue"
    assert "footwear_strain" not in ranked(exertion)


def test_fatigue_is_temporary_so_persistent_weakness_counts_against_it():
    base = {"recent_overexertion": True, "heaviness": True}
    assert certainty(assess({**base, "constant_weakness": True}), "muscle_fatigue") < \
        certainty(assess(base), "muscle_fatigue")
    assert certainty(assess({**base, "onset_gradual": True}), "muscle_fatigue") < \
        certainty(assess(base), "muscle_fatigue")


def test_a_loose_hip_or_ankle_is_laxity_not_a_knee_problem():
    assessment = assess({"hip_or_ankle_instability": True, "episodes_of_giving_way": True,
                         "knee_pain": False, "knee_locking": False})
    assert assessment.leading_condition == "joint_laxity"
    assert not {"ligament_injury", "meniscal_tear", "patellar_instability"} & set(ranked(assessment))


def test_buckling_on_turning_with_a_loose_ankle_is_laxity_not_a_knee_ligament():
    assessment = assess({"hip_or_ankle_instability": True, "gives_way_on_pivoting": True,
                         "episodes_of_giving_way": True})
    assert assessment.leading_condition == "joint_laxity"
    assert certainty(assessment, "ligament_injury") < 0.5


def test_varicose_veins_count_against_simple_fatigue_from_standing():
    standing = {"prolonged_standing": True, "heaviness": True}
    assert certainty(assess(standing), "muscle_fatigue") >= 0.5
    venous = assess({**standing, "varicose_veins": True})
    assert certainty(venous, "muscle_fatigue") < 0.5
    assert venous.leading_condition == "chronic_venous_insufficiency"


def test_signs_of_fluid_loss_count_against_simple_fatigue():
    exertion = {"recent_overexertion": True, "heaviness": True}
    assert certainty(assess({**exertion, "thirst_dark_urine": True}), "muscle_fatigue") < \
        certainty(assess(exertion), "muscle_fatigue")


# -- Layers: patterns are facts of their own, shown in explanations ---------

@pytest.mark.parametrize("findings,pattern", [
    ({"gives_way_on_pivoting": True}, "mechanical_knee_instability"),
    ({"episodes_of_giving_way": True, "knee_swelling": True}, "mechanical_knee_instability"),
    ({"knee_locking": True}, "knee_mechanical_block"),
    ({"joint_pain_worse_with_use": True}, "degenerative_joint_pain"),
    ({"morning_stiffness_over_30min": True, "symmetric_small_joint_swelling": True}, "inflammatory_arthritis"),
    ({"recent_overexertion": True}, "overuse_strain"),
    ({"unsupportive_footwear": True}, "overuse_strain"),
    ({"prolonged_standing": True, "heaviness": True}, "overuse_strain"),
])
def test_findings_make_the_patterns_the_documents_teach(findings, pattern):
    patterns = {p.id: p for p in assess(findings).patterns}
    assert pattern in patterns
    assert set(patterns[pattern].findings) <= set(findings)


@pytest.mark.parametrize("findings,pattern", [
    ({"episodes_of_giving_way": True}, "mechanical_knee_instability"),  # giving way alone may be neurological
    ({"morning_stiffness_over_30min": True}, "inflammatory_arthritis"),
    ({"prolonged_standing": True}, "overuse_strain"),
])
def test_partial_pictures_do_not_make_the_pattern(findings, pattern):
    assert pattern not in {p.id for p in assess(findings).patterns}


def test_an_unstable_knee_is_examined_even_before_a_cause_is_supported():
    assessment = assess({"episodes_of_giving_way": True, "knee_pain": True})
    serving = {r.id for r in assessment.recommendations if "mechanical_knee_instability" in r.serves}
    assert serving == {"knee_examination"}


# -- Absent counts against; unknown never does -----------------------------

HALLMARKS = [
    ("ligament_injury", {**INJURED_KNEE, "onset_sudden": True}, "gives_way_on_pivoting"),
    ("meniscal_tear", INJURED_KNEE, "knee_locking"),
    ("patellar_instability", INJURED_KNEE, "kneecap_displacement"),
    ("osteoarthritis", {"knee_pain": True, "onset_gradual": True, "episodes_of_giving_way": True},
     "joint_pain_worse_with_use"),
    ("rheumatoid_arthritis", {"symmetric_small_joint_swelling": True, "knee_swelling": True},
     "morning_stiffness_over_30min"),
    ("rheumatoid_arthritis", {"morning_stiffness_over_30min": True, "knee_pain": True},
     "symmetric_small_joint_swelling"),
    ("joint_laxity", {"hip_or_ankle_instability": True}, "hip_or_ankle_instability"),
    ("muscle_fatigue", {"heaviness": True, "prolonged_standing": True}, "recent_overexertion"),
    ("footwear_strain", {"unsupportive_footwear": True, "muscle_aches": True}, "unsupportive_footwear"),
]


@pytest.mark.parametrize("condition,findings,hallmark", HALLMARKS)
def test_a_hallmark_given_as_absent_counts_against(condition, findings, hallmark):
    unknown = {f: v for f, v in findings.items() if f != hallmark}
    base = assess(unknown)
    without = assess({**unknown, hallmark: False})
    assert certainty(without, condition) < certainty(base, condition) or (
        certainty(base, condition) == 0 and condition not in ranked(without))
    entry = next((e for e in without.differential if e.condition == condition), None)
    if entry is not None:
        assert hallmark in entry.against


def test_unknown_findings_never_count_against():
    # The classic pictures leave most findings unknown; nothing may be held against them.
    for condition, (findings, person) in CLASSIC.items():
        entry = next(e for e in assess(findings, **person).differential if e.condition == condition)
        assert all(c.cf > 0 for c in entry.contributions), (condition, entry.contributions)


@given(presentations, st.sampled_from(sorted(FINDINGS)))
def test_marking_an_unknown_finding_absent_never_raises_a_mechanical_condition(data, finding):
    if finding in data["findings"]:
        return
    before = expert.assess(data)
    after = expert.assess({**data, "findings": {**data["findings"], finding: False}})
    for condition in MECHANICAL:
        assert certainty(after, condition) <= certainty(before, condition), (condition, finding)


# -- Every rule is well founded ------------------------------------------------

def test_every_supporting_rule_needs_a_finding_given_as_present():
    supporting = [r for r in mechanical.RULES if any(isinstance(c, Weigh) and c.cf > 0 for c in r.then)]
    assert supporting
    for defined in supporting:
        # a pattern counts: patterns are concluded only from findings given as present
        assert any(rests_on_something_present(c) for c in defined.when), defined.id


def test_every_mechanical_rule_weighs_only_mechanical_conditions():
    for defined in mechanical.RULES:
        for conclusion in defined.then:
            if isinstance(conclusion, Weigh):
                assert CONDITIONS[conclusion.condition].category == "mechanical", defined.id


def test_pattern_rules_read_only_findings_given_as_present():
    pattern_rules = [r for r in mechanical.RULES if r.layer == "pattern"]
    assert pattern_rules
    for defined in pattern_rules:
        assert all(rests_on_something_present(c) for c in defined.when), defined.id
