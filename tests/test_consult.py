"""The consultation: question order, answers, back, stopping, safety, WHY and HOW."""
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import expert
from expert.cases import load_case_library
from expert.consult import (Consultation, ConsultationError, parse_checklist_reply, parse_reply, reply_from_findings,
                            typed_reply)
from expert.consult.ceiling import askable_findings, triage_ceiling
from expert.consult.open_rules import open_rules
from expert.consult.priors import answer_model
from expert.consult.session import _equivalence_key
from expert.knowledge_base import default_knowledge_base
from expert.consult.strategy import STAGES
from expert.consult.why import render_why_text
from expert.explanations.what_if import Question, outcome, rule_reads
from facts.presentation import parse_presentation
from facts.vocabulary import label_of, urgency_rank
from tests.strategies import presentations

CASES = load_case_library()
EMERGENCIES = [c for c in CASES if c.expected.triage == "emergency"]
SAMPLE = [c for c in CASES if c.expected.triage != "emergency"][::9]  # a spread over the domains
EMERGENCY_WITHIN = 30  # the emergency-level questions of the safety net, likeliest first
SAFETY = ("red_flag", "red_flag_screen", "urgency")
EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "cauda_equina.json"


def consult(presentation, stop_at_emergency=False, **options):
    """Start from the age and sex only and answer every question from the
    presentation's findings ("don't know" when it does not code one), as a
    simulated patient would."""
    presentation = parse_presentation(presentation)
    session = Consultation(age=presentation.age, sex=presentation.sex, **options)
    while (question := session.next_question()) is not None:
        answer = session.answer(reply_from_findings(question, presentation.findings))
        if stop_at_emergency and answer.after.triage == "emergency":
            break
    return session


def consult_case(case, stop_at_emergency=False):
    return consult(case.presentation, stop_at_emergency)


def rank(level: str) -> int:
    return urgency_rank(level)


@pytest.mark.parametrize("case", EMERGENCIES, ids=[c.id for c in EMERGENCIES])
def test_an_emergency_is_reached_within_the_first_questions(case):
    session = consult_case(case, stop_at_emergency=True)
    assert session.outcome().triage == "emergency"
    assert len(session.answers) <= EMERGENCY_WITHIN
    # Only questions that could make it an emergency came before: a red-flag
    # question (or one the safety net makes an emergency alone, such as chest
    # pain) or one that completes an emergency with other answers.
    assert all(a.stage in ("red_flag", "red_flag_screen") for a in session.answers)


@pytest.mark.parametrize("case", SAMPLE, ids=[c.id for c in SAMPLE])
def test_a_scripted_consultation_never_ends_below_the_case_and_leaves_nothing_that_could_raise_it(case):
    session = consult_case(case)
    assert session.stop_reason == Consultation.STOPPED_NOTHING_LEFT
    assessment = session.assessment()
    assert rank(assessment.triage.level) >= rank(case.expected.triage)
    # It does not ask everything the rules read.
    assert len(session.answers) < len(rule_reads().any)
    # Nothing left could raise the triage: not one answer alone (tried on the
    # engine) nor any answers together (the ceiling).
    presentation, askable = session.presentation, askable_findings(session.presentation, session.unknown_answers)
    assert triage_ceiling(presentation, session.inference(), askable).raisers == {}
    for finding in askable:
        for value in (True, False):
            after = outcome(presentation.with_findings(**{finding: value})).triage
            assert rank(after) <= rank(assessment.triage.level), (finding, value)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(presentations)
def test_a_simulated_consultation_never_ends_with_a_lower_triage_than_the_whole_case(data):
    """The safety property: whatever the patient's findings, answering from
    them (and "don't know" for the rest) never ends below the triage of all
    of them together."""
    session = consult(data)
    full = expert.assess(data).triage.level
    assert rank(session.outcome().triage) >= rank(full)
    assert session.stop_reason == Consultation.STOPPED_NOTHING_LEFT


def test_the_readme_example_needs_fewer_questions_than_before():
    # examples/cauda_equina.json, answered from its findings from age and sex
    # alone. Before issue 11's value-ordered consultation: 19 questions (16 on
    # the rule base before the safety net), the red-flag question that made it
    # an emergency the 4th, then the complaint's course asked whatever it was
    # worth. Value-ordered, with one-by-one checklists: 5. Now the opening
    # checklist of emergency signs, answered item by item, settles it.
    case = json.loads(EXAMPLE.read_text())
    session = consult(case)
    assert session.assessment().triage.level == "emergency"
    assert session.assessment().leading_condition == "cauda_equina_syndrome"
    assert len(session.answers) < 5
    assert session.answers[0].question.covers and session.answers[0].selection


def test_safety_stages_come_first_and_keep_their_order():
    session = Consultation(age=40)
    seen = []
    while session.next_question() is not None:
        seen.append(session.stage)
        session.answer("unknown")  # nothing changes, so the order is the plan's own
    assert seen and seen[0] == "red_flag"
    safety = [s for s in seen if s in SAFETY]
    assert seen[:len(safety)] == safety  # every question that could raise the triage first
    assert [STAGES.index(s) for s in safety] == sorted(STAGES.index(s) for s in safety)
    assert session.stop_reason == Consultation.STOPPED_NOTHING_LEFT


def test_questions_of_too_little_value_are_not_asked():
    # An emergency with its cause certain: nothing can raise the triage and
    # no question left is worth its asking...
    known = expert.load_presentation(EXAMPLE).findings
    session = Consultation(findings=known, age=46, sex="male")
    assert session.outcome().triage == "emergency" and session.next_question() is None
    assert session.stop_reason == Consultation.STOPPED_NOTHING_LEFT
    # ...unless every question that could change the leading condition is wanted.
    thorough = Consultation(findings=known, age=46, sex="male", min_value=0)
    assert thorough.next_question() is not None
    assert all(c not in SAFETY for c in [thorough.stage])
    with pytest.raises(ConsultationError, match="min_value"):
        Consultation(min_value=-1)


def test_answer_probabilities_come_from_the_case_library():
    model = answer_model()
    posterior = model.posterior({})
    assert abs(sum(posterior) - 1) < 1e-9
    p_yes, p_no = model.probabilities("knee_pain", posterior)
    assert 0 < p_yes < 1 and 0 < p_no < 1 and p_yes + p_no < 1
    # A knee that locks makes knee pain likelier, and the knee conditions lead.
    given = model.posterior({"knee_locking": True})
    assert model.probabilities("knee_pain", given)[0] > p_yes
    assert model.leading(given)[0] in ("meniscal_tear", "osteoarthritis", "ligament_injury")
    # Deterministic: the same answers, the same numbers.
    assert model.posterior({"knee_locking": True}) == given
    assert model.information_gain("knee_pain", posterior) > 0


def _open_first_checklist(session):
    """Answer the opening checklist yes: the next questions are its findings, one by one."""
    checklist = session.next_question()
    assert checklist.covers
    session.answer("yes")
    return checklist


def test_an_answered_or_unknown_finding_is_never_asked_again():
    session = Consultation(findings={"low_back_pain": True})
    asked = []
    for reply in ["no", "unknown", "no", "unknown", "no", "yes"]:
        question = session.next_question()
        covered = question.covers or (question.finding,)
        assert not set(covered) & set(asked) and "low_back_pain" not in covered
        asked.extend(covered)
        session.answer(reply)
    unknown = set(session.unknown_answers)
    assert unknown and not unknown & set(session.presentation.findings)
    settled = {f for a in session.answers if not (a.question.covers and a.value) for f in a.covers}
    remaining = session.next_question()  # (a checklist answered yes opens its findings)
    assert remaining is None or not set(remaining.covers or (remaining.finding,)) & settled


def test_the_assessment_follows_every_answer():
    session = Consultation()
    _open_first_checklist(session)
    question = session.next_question()
    assert question.red_flag and not question.covers
    why = session.why()
    answer = session.answer("yes")
    # WHY's "if yes" was what really happened.
    assert answer.after == why.if_yes.after == session.outcome()
    assert session.assessment().triage.level == answer.after.triage
    assert session.assessment().presentation.findings[question.finding] is True


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(presentations, st.lists(st.sampled_from([True, False, None]), max_size=6))
def test_the_inference_kept_from_the_questions_tried_is_the_engine_run_on_what_is_known(data, replies):
    """After an answer, the inference (and so the assessment) is the one run
    while the question was chosen, when one was: it must be what a fresh run
    on what is known now gives."""
    presentation = parse_presentation(data)
    session = Consultation(findings=presentation.findings, age=presentation.age, sex=presentation.sex)
    for reply in replies:
        if session.next_question() is None:
            break
        session.answer(reply)
        assert session.assessment() == expert.assess(session.presentation)
        assert session.outcome() == outcome(session.presentation)


def test_back_undoes_the_last_answer():
    session = Consultation(age=70)
    first = session.next_question()
    session.answer("no")
    assert session.presentation.findings == {f: False for f in first.covers}
    undone = session.back()
    assert undone.finding == first.finding and undone.value is False
    assert session.presentation.findings == {}
    assert session.next_question() == first
    with pytest.raises(ConsultationError, match="no answer to undo"):
        session.back()


def test_stop_and_the_question_limit():
    session = Consultation(max_questions=2)
    session.answer("no")
    session.answer("no")
    assert session.next_question() is None and session.stop_reason == Consultation.STOPPED_AT_LIMIT
    with pytest.raises(ConsultationError, match="consultation is over"):
        session.answer("yes")
    other = Consultation()
    other.stop()
    assert other.finished and other.stop_reason == Consultation.STOPPED_BY_USER
    assert other.next_question() is None


def test_starting_from_known_findings_never_asks_them():
    known = {"saddle_numbness": True, "bladder_dysfunction": True, "low_back_pain": True}
    session = Consultation(findings=known, age=46, sex="male")
    assert session.outcome().triage == "emergency"
    # Emergency already: no red-flag questions, only what refines the differential.
    for _ in range(5):
        question = session.next_question()
        if question is None:
            break
        assert question.finding not in known and session.stage not in ("red_flag", "red_flag_screen")
        session.answer("no")


def test_replies_in_words_and_letters():
    assert [parse_reply(r) for r in ("y", "Yes", "n", "NO", "u", "?", "unknown", True, None)] == \
        [True, True, False, False, None, None, None, True, None]
    with pytest.raises(ConsultationError, match="did you mean 'yes'"):
        parse_reply("yse")
    with pytest.raises(ConsultationError, match="not an answer"):
        parse_reply("perhaps")


def test_why_names_the_rules_and_what_each_answer_would_change():
    session = Consultation(findings={"low_back_pain": True})
    _open_first_checklist(session)
    question = session.next_question()
    why = session.why()
    assert why.question == question and why.stage == "red_flag"
    assert {r.rule for r in why.rules} == set(question.read_by)
    assert why.red_flags and why.if_yes.after.triage == "emergency" and why.raises_to == "emergency"
    assert 0 < why.p_yes < 1 and why.value > 0
    text = render_why_text(why)
    assert question.finding in text and question.read_by[0] in text
    assert "If yes: triage routine -> emergency" in text


def test_why_of_a_screen_question_names_the_rule_it_could_complete():
    session = Consultation()
    session.answer("yes")  # the opening checklist: its findings follow one by one
    while session.stage in ("red_flag",):
        session.answer("no")
    assert session.stage == "red_flag_screen"
    why = session.why()
    assert why.completes and all(why.question.finding in sum(r.needs, ()) for r in why.completes)
    assert why.completes[0].rule in render_why_text(why)
    # Alone, a yes would not make it an emergency: with later answers it could.
    assert why.if_yes.after.triage != "emergency" and why.raises_to == "emergency"
    text = render_why_text(why)
    assert "could make the triage emergency" in text or "with other findings, a yes could raise" in text


def test_how_explains_a_current_conclusion():
    session = Consultation(findings={"saddle_numbness": True})
    tree = session.how()
    assert tree.kind == "triage" and "emergency" in tree.summary
    assert session.how("cauda_equina_syndrome").kind == "condition"
    with pytest.raises(ConsultationError, match="meniscal_tear"):
        session.how("meniscal_tear")


def test_the_coded_case_is_a_valid_presentation():
    session = Consultation(age=33, sex="female", case_id="walk-in")
    session.answer("no")
    data = session.to_presentation_dict()
    assert parse_presentation(data).findings == session.presentation.findings
    assert data["age"] == 33 and data["id"] == "walk-in"


def test_an_open_red_flag_rule_closes_when_a_needed_finding_is_unknown():
    p = parse_presentation({"findings": {"onset_sudden": True}})
    inference = expert.infer(p)
    rules = {r.rule: r for r in open_rules(p, inference, only="red_flag")}
    needed = rules["rf.stroke.sudden_one_sided_weakness"]
    assert ("one_sided",) in needed.needs and needed.progress == 1
    assert "rf.stroke.sudden_one_sided_weakness" not in {
        r.rule for r in open_rules(p, inference, not_asked_again={"one_sided"}, only="red_flag")}
    absent = parse_presentation({"findings": {"onset_sudden": False}})
    assert "rf.stroke.sudden_one_sided_weakness" not in {
        r.rule for r in open_rules(absent, expert.infer(absent), only="red_flag")}


@settings(max_examples=25)
@given(presentations, st.sampled_from(sorted(set(rule_reads().any) - rule_reads().absence)))
def test_an_absence_no_rule_reads_changes_no_outcome(data, finding):
    """What the consultation's shared outcomes rest on: such a "no" is as unknown."""
    p = parse_presentation(data).with_findings(**{finding: None})
    with_no = p.with_findings(**{finding: False})
    assert _equivalence_key(p, default_knowledge_base()) == _equivalence_key(with_no, default_knowledge_base())
    assert outcome(p) == outcome(with_no)


# -- Checklists ("is there any of these?") ----------------------------------------


def _first_checklist(session):
    question = session.next_question()
    assert question.covers, "a consultation from scratch opens with a checklist of red-flag signs"
    return question


def test_a_checklist_no_rules_out_every_finding_it_covers():
    session = Consultation(age=50)
    question = _first_checklist(session)
    session.answer("no")
    assert all(session.presentation.findings[f] is False for f in question.covers)
    assert question.finding in session.checklists_asked
    assert session.next_question().finding not in question.covers + (question.finding,)


def test_a_checklist_dont_know_leaves_its_findings_unknown_and_unasked():
    session = Consultation(age=50)
    question = _first_checklist(session)
    session.answer("unknown")
    assert not set(question.covers) & set(session.presentation.findings)
    assert set(question.covers) <= set(session.unknown_answers)
    asked = []
    while (next_question := session.next_question()) is not None and len(asked) < 40:
        asked.append(next_question.finding)
        session.answer("unknown")
    assert not set(asked) & (set(question.covers) | {question.finding})


def test_a_checklist_yes_asks_its_findings_one_by_one_next():
    session = Consultation(age=50)
    question = _first_checklist(session)
    session.answer("yes")
    assert session.presentation.findings == {}  # a yes says one of them, not which
    follow = []
    for _ in question.covers:
        follow.append(session.next_question().finding)
        session.answer("no")
    assert follow == list(question.covers)
    back = session.back()
    assert back.finding == question.covers[-1]


def test_a_simulated_patient_answers_a_checklist_from_its_findings():
    question = Question("checklist_x", "any?", True, None, None, (), 0.0, ("facial_droop", "slurred_speech"))
    # Item by item, as a form's "tick all that apply": present, not sure, and the rest absent.
    assert reply_from_findings(question, {"slurred_speech": True}) == (("facial_droop", None),
                                                                        ("slurred_speech", True))
    assert reply_from_findings(question, {"slurred_speech": True, "facial_droop": False}) == (
        ("facial_droop", False), ("slurred_speech", True))
    assert reply_from_findings(question, {"facial_droop": False, "slurred_speech": False}) is False
    assert reply_from_findings(question, {}) is None
    assert reply_from_findings(question, {"facial_droop": False}) == (("facial_droop", False),
                                                                       ("slurred_speech", None))
    single = Question("facial_droop", "?", True, None, None, (), 0.0)
    assert reply_from_findings(single, {"facial_droop": False}) is False


def test_a_checklist_answered_item_by_item_settles_each_finding():
    session = Consultation(age=50)
    question = _first_checklist(session)
    first, second, third = question.covers[:3]
    answer = session.answer("1 ?3")
    assert answer.value is True and answer.selection
    known = session.presentation.findings
    assert known[first] is True and third not in known
    assert all(known[f] is False for f in question.covers if f not in (first, third))
    assert third in session.unknown_answers and not session.opened
    assert answer.describe().startswith(f"yes: {label_of(first)}")
    assert typed_reply(answer.selection, question) == "1 ?3"


def test_checklist_replies_by_number_id_mapping_or_list_read_alike():
    covers = ("facial_droop", "slurred_speech", "confusion")
    expected = (("facial_droop", True), ("slurred_speech", False), ("confusion", None))
    assert parse_checklist_reply("1 ?3", covers) == expected
    assert parse_checklist_reply("facial_droop, ?confusion", covers) == expected
    assert parse_checklist_reply({"facial_droop": True, "confusion": None}, covers) == expected
    assert parse_checklist_reply(expected, covers) == expected
    assert parse_checklist_reply(["facial_droop"], covers) == (("facial_droop", True), ("slurred_speech", False),
                                                              ("confusion", False))
    # A selection that says the same of every finding is that plain answer.
    assert parse_checklist_reply("1 2 3", covers) is True
    assert parse_checklist_reply("?1 ?2 ?3", covers) is None
    assert parse_checklist_reply("none", covers) is False and parse_checklist_reply("n", covers) is False
    assert parse_checklist_reply("yes", covers) is True and parse_checklist_reply("?", covers) is None


@pytest.mark.parametrize("reply, named, hint", [
    ("4", "'4'", None), ("facial_drop", "'facial_drop'", "facial_droop"), ("yse", "'yse'", "yes"),
    ({"fever": True}, "'fever'", None), ({"confusion": "maybe"}, "'maybe'", None),
])
def test_a_bad_checklist_reply_names_the_problem(reply, named, hint):
    with pytest.raises(ConsultationError) as error:
        parse_checklist_reply(reply, ("facial_droop", "slurred_speech", "confusion"))
    assert named in str(error.value)
    if hint:
        assert f"did you mean {hint!r}" in str(error.value)
