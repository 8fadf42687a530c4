"""The safety net (rules/safety_net.py), self-care that must be earned, and
honesty when no known cause fits: invariants over generated presentations,
and one check per failure class."""
from functools import lru_cache

import pytest
from hypothesis import example, given, settings, strategies as st

import expert
import rules
from expert.cases import load_case_library
from expert.dsl import Weigh
from expert.engine.core import build_engine_class
from facts.presentation import parse_presentation
from expert.engine.working_memory import Triage, UrgencyClaim
from facts.vocabulary import CONCERNING_FINDINGS, CONDITIONS, urgency_rank
from rules import red_flags, safety_net, triage
from tests.strategies import presentations


FALLBACK = {defined.id for defined in triage.RULES if defined.layer == "fallback_urgency"}


@lru_cache(maxsize=1)
def net_only_engine():
    """An engine with the red flags, the safety net and triage, and nothing benign."""
    return build_engine_class(list(red_flags.RULES) + list(safety_net.RULES) + list(triage.RULES), "NetOnly")()


@settings(max_examples=60, deadline=None)
@given(presentations)
@example({"findings": {"unsupportive_footwear": True, "both_legs": True, "calf_swelling_tenderness_one_side": False},
          "age": 30})
def test_no_benign_rule_can_lower_what_the_net_sets(data):
    full = expert.infer(data)
    net = net_only_engine().infer(parse_presentation(data))
    (full_triage,) = [f["level"] for f in full.final_facts(Triage)]
    # What the net sets is what its rules and the red flags claim. The
    # fallback ("nothing explains the weakness": routine) is not the net: with
    # nothing benign, nothing explains anything, so it fires whenever the net
    # is silent, where a triage rule of the full knowledge base may earn
    # self-care instead (say, strain from unsupportive shoes in both legs).
    claimed = [urgency_rank(f["level"]) for f in net.final_facts(UrgencyClaim) if f["because"] not in FALLBACK]
    assert urgency_rank(full_triage) >= max(claimed, default=0)
    fired_in_net = {f.rule for f in net.firings if f.rule.startswith(("net.", "rf."))}
    assert fired_in_net <= {f.rule for f in full.firings}


@settings(max_examples=80, deadline=None)
@given(presentations)
def test_self_care_never_coexists_with_a_concerning_or_unexplained_concerning_finding(data):
    assessment = expert.assess(data)
    if assessment.triage.level != "self_care":
        return
    present = {f for f, value in assessment.presentation.findings.items() if value}
    assert not present & CONCERNING_FINDINGS
    assert not set(assessment.fit.unexplained) & CONCERNING_FINDINGS
    assert all(rule.startswith("triage.self_care.") for rule in assessment.triage.because)
    assert assessment.presentation.age is not None and assessment.presentation.age < 65


@settings(max_examples=60, deadline=None)
@given(presentations, st.sampled_from(sorted(CONCERNING_FINDINGS)))
def test_a_concerning_finding_forbids_self_care(data, finding):
    assessment = expert.assess({**data, "findings": {**data["findings"], finding: True}})
    assert assessment.triage.level != "self_care"


def test_self_care_is_earned_and_says_why():
    earned = expert.assess({"age": 30, "findings": {
        "recent_overexertion": True, "muscle_aches": True, "heaviness": True, "both_legs": True,
        "dark_brown_urine": False}})
    assert earned.triage.level == "self_care"
    assert earned.triage.because == ["triage.self_care.muscle_fatigue"]
    not_earned = expert.assess({"age": 30, "findings": {
        "recent_overexertion": True, "muscle_aches": True, "heaviness": True, "both_legs": True}})
    assert not_earned.triage.level == "routine"  # dark urine not asked: not earned
    older = expert.assess({"age": 70, "findings": {
        "recent_overexertion": True, "muscle_aches": True, "heaviness": True, "both_legs": True,
        "dark_brown_urine": False}})
    assert older.triage.level == "routine"


def test_a_presentation_nothing_known_fits_says_so_naming_what_it_cannot_explain():
    assessment = expert.assess({"age": 72, "findings": {"slow_movement_or_tremor": True, "balance_problems": True}})
    assert assessment.fit.status == "no_known_cause"
    assert "slow_movement_or_tremor" in assessment.fit.unexplained
    consider = {c.id: c for c in assessment.fit.consider}
    assert "parkinsonism" in consider and consider["parkinsonism"].rules == ["outside.parkinsonism"]
    assert any(r.id == "assess_unexplained_findings" for r in assessment.recommendations)


def test_a_well_explained_case_is_explained():
    assessment = expert.assess({"findings": {"saddle_numbness": True, "bladder_dysfunction": True,
                                             "low_back_pain": True}})
    assert assessment.fit.status == "explained" and assessment.fit.unexplained == []


FAILURE_CLASSES = [
    # (what once slipped through, findings, age, lowest acceptable triage)
    ("slurred speech with panic and both legs", {"slurred_speech": True, "anxiety_or_panic": True, "both_legs": True}, 40, "emergency"),
    ("confusion in an older person", {"confusion": True}, 80, "urgent"),
    ("posterior circulation", {"onset_sudden": True, "vertigo": True, "vomiting": True}, 60, "emergency"),
    ("sudden severe weakness of both legs", {"onset_sudden": True, "both_legs": True, "constant_weakness": True}, 50, "emergency"),
    ("sudden inability to stand from weakness", {"onset_sudden": True, "unable_to_stand_or_walk": True, "constant_weakness": True}, 50, "emergency"),
    ("onset since last evening", {"duration_hours": True, "one_sided": True, "constant_weakness": True}, 70, "emergency"),
    ("DVT after exertion", {"recent_overexertion": True, "calf_swelling_tenderness_one_side": True, "both_legs": False}, 40, "urgent"),
    ("rhabdomyolysis after a workout", {"recent_overexertion": True, "dark_brown_urine": True, "muscle_aches": True}, 30, "urgent"),
    ("a diabetic with thirst and vomiting", {"diabetes": True, "thirst_dark_urine": True, "vomiting": True}, 30, "urgent"),
    ("a 70-year-old with palpitations", {"palpitations": True, "lightheadedness": True, "episodes_of_giving_way": True}, 70, "urgent"),
    ("an acute one-sided swollen leg", {"leg_swelling": True, "one_sided": True, "duration_days": True}, 60, "urgent"),
    ("weakness attacks on a diuretic", {"takes_diuretic": True, "episodes_of_giving_way": True, "muscle_cramps": True}, 70, "urgent"),
    ("heavy blood loss and faint", {"heavy_blood_loss": True, "breathless_on_exertion": True, "lightheadedness": True}, 40, "urgent"),
    ("knee haemarthrosis", {"recent_knee_injury": True, "rapid_knee_swelling_after_injury": True}, 25, "urgent"),
    ("chronic limb-threatening ischaemia", {"rest_pain_in_foot": True, "weak_or_absent_foot_pulses": True}, 75, "urgent"),
    ("severe ascending weakness of slow tempo", {"ascending_weakness": True, "onset_gradual": True, "unable_to_stand_or_walk": True}, 45, "emergency"),
    ("bilateral sciatica, bladder not asked", {"both_legs": True, "leg_pain_radiating_below_knee": True, "low_back_pain": True}, 40, "urgent"),
    ("cancer, back pain and weak legs", {"cancer_history": True, "thoracic_back_pain": True, "constant_weakness": True}, 60, "emergency"),
    ("fever, back pain and numb legs", {"fever": True, "low_back_pain": True, "leg_numbness_tingling": True}, 50, "emergency"),
    ("a hot red joint", {"hot_red_joint": True}, 50, "urgent"),
    ("an older person off their legs", {"unable_to_stand_or_walk": True}, 85, "urgent"),
    ("sepsis", {"fever": True, "confusion": True}, 85, "emergency"),
    ("chest pain", {"chest_pain": True}, 60, "emergency"),
    ("fainting", {"fainting": True}, 40, "urgent"),
]


@pytest.mark.parametrize("name,findings,age,lowest", FAILURE_CLASSES, ids=[c[0] for c in FAILURE_CLASSES])
def test_every_failure_class_is_triaged_at_least_as_it_must(name, findings, age, lowest):
    assessment = expert.assess({"age": age, "findings": findings})
    assert urgency_rank(assessment.triage.level) >= urgency_rank(lowest), assessment.triage


def test_hypoglycaemia_without_shakiness_is_not_penalised_in_older_people():
    older = expert.assess({"age": 80, "findings": {"glucose_lowering_medication": True, "confusion": True,
                                                   "shaky_sweaty_hungry": False}})
    assert older.leading_condition == "hypoglycemia"


@pytest.mark.parametrize("condition", sorted(c for c, v in CONDITIONS.items() if v.beyond_sources))
def test_every_condition_beyond_the_sources_has_guideline_cited_rules_and_a_library_case(condition):
    weighing = [r for r in rules.knowledge_base()
                if any(isinstance(c, Weigh) and c.condition == condition and c.cf > 0 for c in r.then)]
    assert weighing and any(r.cites.beyond_sources for r in weighing)
    assert any(case.expected.leading == condition for case in load_case_library())


def test_every_guideline_citation_names_a_section_and_a_url():
    for defined in rules.knowledge_base():
        if defined.cites.beyond_sources:
            assert defined.cites.section and defined.cites.url.startswith("https://"), defined.id
