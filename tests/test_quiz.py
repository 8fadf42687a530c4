"""The quiz: case selection, answer parsing, scoring, and the scripted command."""
import pytest

import expert
from expert.cases import load_case_library
from expert.cli import main
from expert.consult.quiz import (LEADING_CORRECT, LEADING_IN_TOP, TRIAGE_CORRECT, TRIAGE_MISSED_EMERGENCY,
                                 TRIAGE_OVER_BY_ONE, Quiz, QuizError, discrimination, parse_condition,
                                 parse_triage, score_answer, score_leading, score_triage, select_cases)

CASES = load_case_library()
EMERGENCY = next(c for c in CASES if c.expected.triage == "emergency")


def with_runner_up():
    """A library case where the engine ranks more than one condition."""
    for case in CASES:
        if len(expert.assess(case.presentation).differential) >= 2:
            return case
    pytest.skip("no library case has a runner-up")


def test_triage_scores():
    assert score_triage("routine", "routine") == (TRIAGE_CORRECT, "correct")
    assert score_triage("urgent", "routine")[0] == TRIAGE_OVER_BY_ONE
    assert score_triage("emergency", "routine")[0] == 0.0
    assert score_triage("self_care", "routine")[0] == 0.0
    points, verdict = score_triage("urgent", "emergency")
    assert points == TRIAGE_MISSED_EMERGENCY < 0 and "emergency" in verdict
    # Under-triaging an emergency is the worst possible triage answer.
    assert all(score_triage(level, "emergency")[0] == TRIAGE_MISSED_EMERGENCY
               for level in ("urgent", "routine", "self_care"))
    assert TRIAGE_MISSED_EMERGENCY < min(score_triage(a, e)[0] for a in ("self_care", "routine", "urgent")
                                         for e in ("self_care", "routine", "urgent"))


def test_leading_scores():
    top = ["meniscal_tear", "ligament_injury", "osteoarthritis"]
    assert score_leading("meniscal_tear", "meniscal_tear", top)[0] == LEADING_CORRECT
    points, verdict = score_leading("ligament_injury", "meniscal_tear", top)
    assert points == LEADING_IN_TOP and "number 2" in verdict
    assert score_leading("anemia", "meniscal_tear", top)[0] == 0.0


def test_a_case_answer_is_scored_against_the_case_and_the_engine():
    case = with_runner_up()
    assessment = expert.assess(case.presentation)
    runner_up = assessment.differential[1].condition
    correct = score_answer(case, case.expected.triage, case.expected.leading, assessment)
    assert correct.points == TRIAGE_CORRECT + LEADING_CORRECT
    partial = score_answer(case, case.expected.triage, runner_up, assessment)
    assert partial.leading_points == LEADING_IN_TOP
    missed = score_answer(EMERGENCY, "routine", "anemia", expert.assess(EMERGENCY.presentation))
    assert missed.points == TRIAGE_MISSED_EMERGENCY


def test_answers_are_parsed_with_did_you_mean():
    assert parse_triage("Self care") == "self_care" and parse_triage(" EMERGENCY ") == "emergency"
    assert parse_condition("meniscal_tear") == "meniscal_tear"
    assert parse_condition("Meniscal tear") == "meniscal_tear"
    with pytest.raises(QuizError, match="did you mean 'emergency'"):
        parse_triage("emergncy")
    with pytest.raises(QuizError, match="did you mean 'meniscal_tear'"):
        parse_condition("meniscal_tare")


def test_selection_by_category_difficulty_count_and_seed():
    mechanical = select_cases(category="mechanical")
    assert mechanical and all(c.category == "mechanical" for c in mechanical)
    easy = select_cases(difficulty="easy")
    assert easy and all(c.difficulty == "easy" for c in easy)
    assert [c.id for c in select_cases(count=3)] == [c.id for c in CASES[:3]]
    first = [c.id for c in select_cases(count=6, seed=7)]
    assert first == [c.id for c in select_cases(count=6, seed=7)]
    assert first != [c.id for c in select_cases(count=6, seed=8)]
    with pytest.raises(QuizError, match="did you mean 'neurological'"):
        select_cases(category="neuro")
    with pytest.raises(QuizError, match="did you mean 'hard'"):
        select_cases(difficulty="hrd")


def test_a_quiz_keeps_the_score():
    quiz = Quiz(select_cases(count=3))
    first, second, third = quiz.cases
    quiz.answer(first.expected.triage, first.expected.leading)
    quiz.answer("self care" if second.expected.triage == "emergency" else second.expected.triage, "anemia"
                if second.expected.leading != "anemia" else "dehydration")
    assert quiz.current == third and len(quiz.results) == 2
    assert quiz.points == sum(r.score.points for r in quiz.results)
    tally = quiz.tally()
    assert tally["triage_correct"] >= 1 and tally["leading_correct"] >= 1
    quiz.answer(third.expected.triage, third.expected.leading)
    assert quiz.current is None
    with pytest.raises(QuizError, match="quiz is over"):
        quiz.answer("routine", "anemia")


def test_discriminating_findings_come_from_the_evidence():
    case = with_runner_up()
    assessment = expert.assess(case.presentation)
    leader, second = assessment.differential[0], assessment.differential[1]
    found = discrimination(assessment, leader.condition)
    assert found.runner_up == second.condition
    assert set(found.only_for_leader) == set(leader.supporting) - set(second.supporting)
    assert set(found.only_for_runner_up) == set(second.supporting) - set(leader.supporting)


def run(argv, capsys, monkeypatch, stdin):
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_scripted_quiz_scores_and_explains(capsys, monkeypatch):
    case = select_cases(count=1, seed=11)[0]
    script = f"findings\nask saddle_numbness\n{case.expected.triage}\n{case.expected.leading}\n"
    code, out, err = run(["quiz", "--count", "1", "--seed", "11"], capsys, monkeypatch, script)
    assert code == 0, err
    assert case.story.split()[0] in out and "Present:" in out
    assert f"Triage {case.expected.triage}: correct (+1)" in out
    assert f"Leading condition {case.expected.leading}: correct (+1)" in out
    assert "HOW triage" in out and f"How the engine reached {case.expected.leading}:" in out
    assert "Score: 2 of 2" in out
    again = run(["quiz", "--count", "1", "--seed", "11"], capsys, monkeypatch, script)
    assert again[1] == out  # deterministic


def test_scripted_quiz_under_triage_of_an_emergency(capsys, monkeypatch):
    cases = select_cases(count=200)
    index = next(i for i, c in enumerate(cases) if c.expected.triage == "emergency")
    script = "".join(f"{c.expected.triage}\n{c.expected.leading}\n" for c in cases[:index])
    script += f"self_care\n{cases[index].expected.leading}\n"
    code, out, _ = run(["quiz", "--count", str(index + 1), "--brief"], capsys, monkeypatch, script)
    assert code == 0
    assert "under-triaged an emergency" in out and "1 missed emergencies" in out


def test_scripted_quiz_bad_answer_exits_2_with_the_line(capsys, monkeypatch):
    code, _, err = run(["quiz", "--count", "1"], capsys, monkeypatch, "reveal\nemergncy\n")
    assert code == 2 and "line 2" in err and "did you mean 'emergency'" in err and "Traceback" not in err
    code, _, err = run(["quiz", "-c", "neuro"], capsys, monkeypatch, "")
    assert code == 2 and "did you mean 'neurological'" in err


def test_end_of_input_ends_the_quiz_gracefully(capsys, monkeypatch):
    code, out, _ = run(["quiz", "--count", "2"], capsys, monkeypatch, "routine\n")
    assert code == 0 and "Quiz over." in out and "No case was answered." in out

