"""``legwise consult``: a consultation at the terminal, or from scripted answers."""
from __future__ import annotations

import json
from typing import Optional

import click
from rich.text import Text

import expert
from expert.cli import UsageProblem, app
from expert.cli.dialogue import Replies, check_writable, open_replies, say
from expert.cli.output import console, emit
from expert.consult import Answer, Consultation, ConsultationError
from expert.consult.session import CHECKLIST_HELP, NO, UNKNOWN, YES
from expert.consult.why import render_why_text
from expert.explanations.how import render_how_text
from expert.terminal import render_assessment
from facts.presentation import load_presentation, suggest
from facts.vocabulary import CONDITIONS, DISCLAIMER, FINDINGS, TRIAGE_ADVICE, label_of

COMMANDS = ("why", "how", "back", "status", "quit", "help")
QUIT = ("quit", "q", "exit", "stop")
HELP = """Answer the question with:
  y, yes          the finding is present
  n, no           checked, and it is absent
  u, unknown, ?   don't know (it stays unknown and is not asked again)
A checklist ("is there any of these?") also takes the numbers that apply,
e.g. 1 3: those are present and the rest absent; ?2 marks one you are not
sure of; y asks about each in turn.
Or type:
  why             why this question: what it serves and what a yes or no would change
  how [ID]        how a conclusion was reached (default: the triage); ID is a condition,
                  red flag, pattern or next step concluded so far
  back            undo the last answer
  status          the triage and leading conditions so far
  quit            stop here and see the summary
  help            this text"""


def _say(out, *items) -> None:
    """Print transcript text unwrapped (the terminal wraps it; a file keeps whole
    lines), control characters from a reply or a case file made visible."""
    say(out, *items)


def _leader(session: Consultation) -> str:
    outcome = session.outcome()
    if outcome.leading is None:
        return "no condition supported yet"
    return ", ".join(f"{CONDITIONS[c].label} {cf:.2f}" for c, cf in outcome.top)


def _after_answer(out, answer: Answer, session: Consultation) -> None:
    if answer.triage_changed and answer.after.triage == "emergency":
        _say(out, Text(f"  TRIAGE IS NOW EMERGENCY. {TRIAGE_ADVICE['emergency']}", style="bold white on red"))
        _say(out, "  You can keep answering to refine the picture, or type quit for the summary.")
    elif answer.triage_changed:
        _say(out, f"  -> triage now {answer.after.triage}: {TRIAGE_ADVICE[answer.after.triage]}")
    _say(out, f"  -> leading: {_leader(session)}")


def _how(out, session: Consultation, argument: str) -> None:
    try:
        _say(out, render_how_text(session.how(argument or None)).rstrip())
    except ConsultationError as error:
        _say(out, f"  {error}")


def _command(text: str) -> tuple[str, str]:
    word, _, rest = text.strip().partition(" ")
    return word.lower(), rest.strip().lower()  # ids are lower case


def converse(out, replies: Replies, session: Consultation) -> None:
    """Ask until the session is over, the user quits or the replies run out."""
    asked: Optional[str] = None
    while True:
        question = session.next_question()
        if question is None:
            _say(out, f"\nThe consultation is over: {session.stop_reason}.")
            return
        if question.finding != asked:  # a repeated prompt after why/how/help shows the question once
            asked = question.finding
            tag = " (red-flag question)" if question.red_flag else ""
            _say(out, f"\nQ{len(session.answers) + 1}. {question.text}{tag}")
            for number, finding in enumerate(question.covers, start=1):
                _say(out, f"  {number:2d}. {FINDINGS[finding].label}")
            if question.covers:
                _say(out, f"  A{CHECKLIST_HELP[1:]}.")
        reply = replies.ask("> ")
        if reply is None:
            session.stop()
            _say(out, "\nEnd of input: stopping here.")
            return
        word, argument = _command(reply)
        if word in QUIT:
            session.stop()
            _say(out, "\nStopped on request.")
            return
        if word in ("help", "h"):
            _say(out, HELP)
        elif word == "why":
            _say(out, render_why_text(session.why()))
        elif word == "how":
            _how(out, session, argument)
        elif word == "status":
            _say(out, f"  triage {session.outcome().triage}; leading: {_leader(session)}")
        elif word in ("back", "undo"):
            try:
                undone = session.back()
            except ConsultationError as error:
                _say(out, f"  {error}")
                continue
            _say(out, f"  Undid Q{undone.number} ({label_of(undone.finding)}: {undone.describe()}).")
            asked = None
        else:
            try:
                answer = session.answer(reply)
            except ConsultationError as error:
                if question.covers:  # the checklist's own message names the item it could not read
                    replies.problem(str(error))
                    continue
                hint = suggest(word, YES + NO + UNKNOWN[:3] + COMMANDS + QUIT[:1])
                extra = f" (did you mean {hint!r}?)" if hint else ""
                replies.problem(f"{reply!r} is not an answer or a command{extra}; "
                                "answer y, n or u, or type help")
                continue
            _after_answer(out, answer, session)


def _save_report(session: Consultation, path: str, report_format: str) -> None:
    """The explanation report of what is known at the end (``legwise report``'s)."""
    emit(expert.explain(session.presentation).report(report_format), path)


@app.command()
@click.option("--age", type=click.IntRange(0, 120), default=None, help="Age in years.")
@click.option("--sex", type=click.Choice(["female", "male", "other"]), default=None)
@click.option("--case", "case_file", metavar="FILE", default=None,
              help="Start from the findings (and age, sex) of a case file (JSON or YAML).")
@click.option("--answers", metavar="FILE", default=None,
              help="Read the replies from FILE ('-' for stdin), one per line. Piped stdin is read the same way.")
@click.option("--max-questions", type=click.IntRange(0), default=None, help="Ask at most this many questions.")
@click.option("--save-case", metavar="FILE", default=None,
              help="Save the coded case as JSON (input for 'legwise assess').")
@click.option("--save-report", metavar="FILE", default=None, help="Save the report of the final assessment.")
@click.option("--report-format", type=click.Choice(["html", "markdown"]), default="html", show_default=True,
              help="Format of --save-report: one self-contained HTML file, or Markdown.")
def consult(age: Optional[int], sex: Optional[str], case_file: Optional[str], answers: Optional[str],
            max_questions: Optional[int], save_case: Optional[str], save_report: Optional[str],
            report_format: str) -> None:
    """Consultation: legwise asks the questions that matter most (red flags
    first), you answer yes, no or don't know; then the triage, red flags,
    differential and next steps. It asks every question whose answer could
    still raise the triage, then those worth most for finding the cause, and
    stops when nothing left is. Type help at the prompt for the commands.
    With --answers FILE or piped stdin it runs from scripted replies, one a
    line; the end of the script ends the consultation."""
    check_writable("--save-case", save_case)
    check_writable("--save-report", save_report)
    if case_file == "-" and answers in (None, "-"):
        raise UsageProblem("--case - reads the case from stdin, so the replies need --answers FILE")
    start = load_presentation(case_file) if case_file else None
    session = Consultation(
        findings=start.findings if start else None,
        age=age if age is not None else (start.age if start else None),
        sex=sex or (start.sex if start else None),
        case_id=start.id if start else None, notes=start.notes if start else None,
        max_questions=max_questions)
    out = console()
    replies = open_replies(out, answers)

    _say(out, Text("legwise consultation: legs that give way, buckle, feel weak or feel heavy", style="bold"))
    _say(out, Text(DISCLAIMER, style="italic"))
    if start is not None:
        _say(out, f"Starting from {len(start.findings)} known findings in {case_file}: "
                  f"triage {session.outcome().triage}; leading: {_leader(session)}.")
        if session.outcome().triage == "emergency":
            _say(out, Text(f"  EMERGENCY. {TRIAGE_ADVICE['emergency']}", style="bold white on red"))
    _say(out, "Answer y (yes), n (no) or u (don't know); type why, how [ID], back, status, quit or help.")
    converse(out, replies, session)

    _say(out)
    render_assessment(session.assessment(), out)
    if save_case:
        emit(json.dumps(session.to_presentation_dict(), indent=2, ensure_ascii=False) + "\n", save_case)
        _say(out, f"Case saved to {save_case} (assess it with: legwise assess {save_case}).")
    if save_report:
        _save_report(session, save_report, report_format)
        _say(out, f"Report saved to {save_report}.")
