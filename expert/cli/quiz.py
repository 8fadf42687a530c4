"""``legwise quiz``: cases from the library to triage and diagnose, scored and explained."""
from __future__ import annotations

from typing import Optional

import click
from rich.text import Text

from expert.cli import UsageProblem, app
from expert.cli.dialogue import Replies, open_replies, say
from expert.cli.output import console
from expert.consult.quiz import (DIFFICULTIES, MAX_POINTS, CaseResult, Quiz, QuizError, feedback, labelled,
                                 parse_condition, parse_triage, select_cases)
from expert.report.escape import visible
from facts.presentation import suggest
from facts.vocabulary import CONDITION_CATEGORIES, CONDITIONS, FINDINGS, TRIAGE_LEVELS

HELP = """At either prompt you may also type:
  findings        reveal the case's coded findings (present and absent)
  ask ID          reveal one finding, as when taking a history (e.g. ask saddle_numbness)
  conditions      list the condition ids
  help            this text
  quit            end the quiz and see the score
Triage levels: emergency, urgent, routine, self_care. A condition may be given
by id (meniscal_tear) or by its name."""


class _Quit(Exception):
    """The learner quit, or the replies ran out."""


def _say(out, *items) -> None:
    """Print transcript text unwrapped, control characters made visible."""
    say(out, *items)


def _findings(out, case) -> None:
    present, absent = case.presentation.present(), case.presentation.absent()
    _say(out, f"  Present: {labelled(present)}")
    _say(out, f"  Absent: {labelled(absent)}")
    _say(out, "  Anything not listed is unknown.")


def _ask_finding(out, replies: Replies, case, argument: str) -> bool:
    finding = argument.strip().lower()
    if finding not in FINDINGS:
        hint = suggest(finding, FINDINGS)
        extra = f" (did you mean {hint!r}?)" if hint else " (type findings to see them all)"
        replies.problem(f"ask needs a finding id, not {argument!r}{extra}")
        return False
    value = case.presentation.findings.get(finding)
    state = {True: "yes, present", False: "no, checked and absent", None: "not recorded (unknown)"}[value]
    _say(out, f"  {FINDINGS[finding].question} -> {state}")
    return True


def _prompt(out, replies: Replies, case, prompt: str, parse, revealed: list) -> str:
    """Ask until a usable answer; history commands are answered on the way."""
    while True:
        reply = replies.ask(prompt)
        if reply is None:
            raise _Quit
        word, _, argument = reply.strip().partition(" ")
        word = word.lower()
        if word in ("quit", "q", "exit"):
            raise _Quit
        if word in ("findings", "reveal"):
            _findings(out, case)
            revealed.append("all")
        elif word == "ask":
            if _ask_finding(out, replies, case, argument):
                revealed.append(argument.strip())
        elif word == "conditions":
            for category in CONDITION_CATEGORIES:
                ids = [c.id for c in CONDITIONS.values() if c.category == category]
                _say(out, f"  {category}: {', '.join(ids)}")
        elif word in ("help", "h"):
            _say(out, HELP)
        else:
            try:
                return parse(reply)
            except QuizError as error:
                replies.problem(str(error))


def explain_result(out, result: CaseResult, brief: bool) -> None:
    """The computed feedback on one quiz answer (``expert.consult.quiz.feedback``), printed to ``out``."""
    for line in feedback(result, brief):
        _say(out, Text(line.text, style="bold") if line.heading else line.text)


def _points(value: float) -> str:
    return f"{value:+g}"


def _case(out, replies: Replies, quiz: Quiz, number: int, brief: bool) -> None:
    case = quiz.current
    _say(out, Text(f"\nCase {number} of {len(quiz.cases)}: {case.title} ({case.difficulty})", style="bold"))
    _say(out, case.story.strip())
    revealed: list[str] = []
    triage = _prompt(out, replies, case, f"Triage ({', '.join(TRIAGE_LEVELS[::-1])})? > ", parse_triage, revealed)
    leading = _prompt(out, replies, case, "Leading condition? > ", parse_condition, revealed)
    result = quiz.answer(triage, leading, revealed=len(revealed))
    score = result.score
    _say(out, f"\nTriage {score.triage_answer}: {score.triage_verdict} ({_points(score.triage_points)})")
    _say(out, f"Leading condition {score.leading_answer}: {score.leading_verdict} ({_points(score.leading_points)})")
    engine = result.assessment
    top = ", ".join(f"{e.condition} {e.certainty:.2f}" for e in engine.differential[:3]) or "none"
    _say(out, f"The engine: triage {engine.triage.level}; differential {top}")
    explain_result(out, result, brief)
    _say(out, f"\nScore so far: {quiz.points:g} of {quiz.possible:g}")


def _summary(out, quiz: Quiz) -> None:
    _say(out, Text("\nQuiz over.", style="bold"))
    if not quiz.results:
        _say(out, "No case was answered.")
        return
    tally = quiz.tally()
    _say(out, f"Score: {quiz.points:g} of {quiz.possible:g} over {len(quiz.results)} case(s) "
              f"(at most {MAX_POINTS:g} a case).")
    _say(out, f"Triage: {tally['triage_correct']} right, {tally['triage_over']} over-triaged, "
              f"{tally['triage_under']} under-triaged ({tally['missed_emergency']} missed emergencies).")
    _say(out, f"Leading condition: {tally['leading_correct']} right, {tally['leading_partial']} in the "
              f"engine's top three, {tally['leading_wrong']} wrong.")


@app.command()
@click.option("--category", "-c", default=None,
              help=f"Only cases whose expected leading condition is of this category ({', '.join(CONDITION_CATEGORIES)}).")
@click.option("--difficulty", "-d", default=None, help=f"Only cases of this difficulty ({', '.join(DIFFICULTIES)}).")
@click.option("--count", "-n", type=click.IntRange(1), default=None, help="At most this many cases.")
@click.option("--seed", type=int, default=None,
              help="Shuffle the cases with this seed (the same seed gives the same quiz); default: library order.")
@click.option("--answers", metavar="FILE", default=None,
              help="Read the replies from FILE ('-' for stdin), one per line. Piped stdin is read the same way.")
@click.option("--brief", is_flag=True, help="Leave out the HOW trees in the feedback.")
def quiz(category: Optional[str], difficulty: Optional[str], count: Optional[int], seed: Optional[int],
         answers: Optional[str], brief: bool) -> None:
    """Quiz: read a case, give the triage level and the leading condition,
    and see the score and the engine's reasoning. Type help at a prompt."""
    try:
        session = Quiz(select_cases(category, difficulty, count, seed))
    except QuizError as error:
        raise UsageProblem(visible(str(error))) from None
    out = console()
    replies = open_replies(out, answers)
    _say(out, Text(f"legwise quiz: {len(session.cases)} case(s). Type help at a prompt for the commands.",
                   style="bold"))
    try:
        while session.current is not None:
            _case(out, replies, session, len(session.results) + 1, brief)
    except _Quit:
        pass
    _summary(out, session)
