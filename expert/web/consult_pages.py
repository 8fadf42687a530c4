"""The **Consult** page at ``/consult``: one question at a time, without
JavaScript.

The server keeps nothing between requests. Every form carries the answers
so far in repeated hidden ``a`` fields (each one reply as JSON: ``"yes"``,
``"no"``, ``"unknown"``, or a checklist's ``{finding: true/false/null}``),
with the starting ``age`` and ``sex``; each request replays them on a fresh
``Consultation``, checking every reply again as the JSON API does
(``expert.web.api.consult_state``'s limits), then applies what was pressed:
an answer (``reply``), ``do=back`` (the last answer dropped) or ``do=why``
(WHY the current question, ``render_why_text``).

At the end the coded case downloads as JSON (``POST /consult/case.json``)
and the report as HTML or Markdown (``POST /consult/report``), both from the
same hidden fields.
"""
from __future__ import annotations

import json
from typing import Any, Optional

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from expert.consult import Consultation, ConsultationError
from expert.consult.why import render_why_text
from expert.web.api import MAX_ANSWERS, ApiProblem, checked_reply, report_response
from expert.web.forms import FormProblem, every, first, read_fields
from expert.web.pages import SEXES, render_page
from facts.presentation import parse_presentation
from facts.reading import InvalidPresentation, quote
from facts.vocabulary import FINDINGS, RED_FLAGS, label_of

router = APIRouter(include_in_schema=False)

ANSWER_WORDS = {"yes": "yes", "no": "no", "unknown": "unknown"}
CHECKLIST_VALUES = {"yes": True, "no": False, "unknown": None}
MAX_FIELDS = MAX_ANSWERS + 100
TOP = 3


class Replayed:
    """A consultation rebuilt from a form: the session, the replies as sent
    back in the next form, and the starting details."""

    def __init__(self, age: str, sex: str, replies: list[str]):
        self.age, self.sex, self.replies = age, sex, replies
        data: dict[str, Any] = {"findings": {}}
        if age.strip():
            if not age.strip().isdigit():
                raise FormProblem(422, f"age: must be a whole number of years between 0 and 120, not {quote(age)}")
            data["age"] = int(age.strip())
        if sex:
            if sex not in SEXES:
                raise FormProblem(422, f"sex: must be one of 'female', 'male', 'other', not {quote(sex)}")
            data["sex"] = sex
        try:
            parse_presentation(data)
        except InvalidPresentation as error:
            raise FormProblem(422, "; ".join(error.problems)) from None
        self.session = Consultation(age=data.get("age"), sex=data.get("sex"))
        if len(replies) > MAX_ANSWERS:
            raise FormProblem(422, f"at most {MAX_ANSWERS} answers, not {len(replies):,}")
        for index, text in enumerate(replies):
            try:
                value = checked_reply(json.loads(text), index)
            except json.JSONDecodeError:
                raise FormProblem(422, f"answer {index + 1}: {quote(text[:80])} is not a reply") from None
            except ApiProblem as error:
                raise FormProblem(422, "; ".join(error.messages)) from None
            try:
                self.session.answer(value)
            except ConsultationError as error:
                raise FormProblem(422, f"answer {index + 1}: {error}") from None

    def answer(self, reply: Any) -> None:
        """Answer the current question; the reply joins those sent back."""
        self.session.answer(reply)
        self.replies = self.replies + [json.dumps(reply)]

    def back(self) -> None:
        self.session.back()
        self.replies = self.replies[:-1]


def _checklist_reply(fields: list[tuple[str, str]], covers: tuple[str, ...]) -> dict:
    said = {}
    for finding in covers:
        value = first(fields, f"c.{finding}", "unknown")
        if value not in CHECKLIST_VALUES:
            raise ConsultationError(f"{label_of(finding)}: answer yes, no or not sure, not {quote(value)}")
        said[finding] = CHECKLIST_VALUES[value]
    return said


def _state(replayed: Replayed, why: Optional[str] = None, problems: Optional[list[str]] = None) -> dict:
    session = replayed.session
    question = session.next_question()
    assessment = session.assessment()
    return {
        "age": replayed.age, "sex": replayed.sex, "replies": replayed.replies,
        "question": question,
        "checklist": [FINDINGS[f] for f in question.covers] if question is not None else [],
        "stop_reason": session.stop_reason,
        "why": why,
        "problems": problems or [],
        "assessment": assessment,
        "red_flags": [RED_FLAGS[r.id].label for r in assessment.red_flags],
        "top": assessment.differential[:TOP],
        "answered": [{"number": a.number, "label": label_of(a.finding), "answer": a.describe()}
                     for a in session.answers],
    }


def _consult_page(request: Request, state: dict, status: int = 200) -> HTMLResponse:
    return render_page(request, "consult.html.j2", status, sexes=SEXES, **state)


def _problem_page(request: Request, problem: FormProblem) -> HTMLResponse:
    return render_page(request, "consult_start.html.j2", problem.status, sexes=SEXES, problems=[problem.message])


@router.get("/consult", response_class=HTMLResponse)
def consult_start(request: Request) -> HTMLResponse:
    return render_page(request, "consult_start.html.j2", sexes=SEXES, problems=[])


def _replay(fields: list[tuple[str, str]]) -> Replayed:
    return Replayed(first(fields, "age"), first(fields, "sex"), every(fields, "a"))


@router.post("/consult", response_class=HTMLResponse)
async def consult_step(request: Request) -> HTMLResponse:
    try:
        fields = await read_fields(request, MAX_FIELDS)
        replayed = _replay(fields)
    except FormProblem as problem:
        return _problem_page(request, problem)
    session, action, reply = replayed.session, first(fields, "do"), first(fields, "reply")
    why, problems = None, []
    try:
        if action == "back":
            if session.answers:
                replayed.back()
            else:
                problems.append("there is no answer to go back to")
        elif action == "why":
            if session.next_question() is not None:
                why = render_why_text(session.why())
        elif reply:
            question, asked = session.next_question(), first(fields, "q")
            if question is None:
                problems.append("the consultation is over: there is no question to answer")
            elif asked and asked != question.finding:
                problems.append(f"this answer is to {quote(asked)}, but the question now is "
                                f"{quote(question.finding)}: answer the question below")
            elif reply == "checklist" and question.covers:
                replayed.answer(_checklist_reply(fields, question.covers))
            elif reply in ANSWER_WORDS:
                replayed.answer(ANSWER_WORDS[reply])
            else:
                problems.append(f"{quote(reply)} is not an answer: answer yes, no or don't know")
    except ConsultationError as error:
        problems.append(str(error))
    return _consult_page(request, _state(replayed, why, problems), 422 if problems else 200)


@router.post("/consult/case.json")
async def consult_case(request: Request) -> Response:
    """The coded case (the contract's input) as a JSON download."""
    try:
        replayed = _replay(await read_fields(request, MAX_FIELDS))
    except FormProblem as problem:
        return _problem_page(request, problem)
    text = json.dumps(replayed.session.to_presentation_dict(), indent=2, ensure_ascii=False) + "\n"
    return Response(text, media_type="application/json",
                    headers={"content-disposition": 'attachment; filename="legwise-case.json"'})


REPORT_FORMATS = {"html": ("html", None), "html-file": ("html", "legwise-report.html"),
                  "markdown": ("markdown", "legwise-report.md")}


@router.post("/consult/report")
async def consult_report(request: Request) -> Response:
    """The explanation report of the consultation: HTML to read, or HTML or
    Markdown to download."""
    try:
        fields = await read_fields(request, MAX_FIELDS)
        replayed = _replay(fields)
        chosen = first(fields, "format", "html")
        if chosen not in REPORT_FORMATS:
            raise FormProblem(422, f"format: one of html, html-file, markdown, not {quote(chosen)}")
    except FormProblem as problem:
        return _problem_page(request, problem)
    report_format, filename = REPORT_FORMATS[chosen]
    response = report_response(replayed.session.presentation, report_format)
    if filename:
        response.headers["content-disposition"] = f'attachment; filename="{filename}"'
    return response


__all__ = ["Replayed", "router"]
