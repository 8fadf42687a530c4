"""The JSON API under ``/api``: the command line's assess, explain, report,
consult and listings, over HTTP.

Every request body is read by ``json_body``: capped (``read_body``), UTF-8,
then ``facts.reading.load_json`` (depth-capped, duplicate keys refused), the
very reader the command line uses. A body that cannot be read is a 400 (413
when too large); a presentation that the contract refuses is a 422 whose
``detail`` lists the command line's messages (``InvalidPresentation.problems``,
with "did you mean" for a misspelt id).

The consultation keeps no state on the server: each request carries the
replies so far, replayed on a fresh ``Consultation``.
"""
from __future__ import annotations

import json
from typing import Any, Literal, Optional

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

import expert
from expert.consult import Consultation, ConsultationError
from expert.consult.session import CHECKLIST_HELP
from expert.explanations.rule_refs import rule_listing
from expert.report.escape import json_visible
from expert.web.security import html_policy, read_body
from facts.presentation import Presentation, parse_presentation, suggest
from facts.reading import InvalidPresentation, load_json, quote
from facts.vocabulary import CONDITIONS, FINDINGS, label_of

JSON = "application/json"
MAX_ANSWERS = 200
"""The most replies one consultation request may replay (the longest
consultation asks far fewer questions; every finding once is under 150)."""
MAX_REPLY_CHARS = 200
MAX_REPLY_ITEMS = 50


class ApiProblem(Exception):
    """A request the API refuses: the HTTP status and the messages for ``detail``."""

    def __init__(self, status: int, messages: list[str]):
        super().__init__("; ".join(messages))
        self.status = status
        self.messages = messages


router = APIRouter(prefix="/api")


# --- reading requests ----------------------------------------------------------

def _is_json(content_type: str) -> bool:
    media = content_type.split(";", 1)[0].strip().lower()
    return media == JSON or (media.startswith("application/") and media.endswith("+json"))


async def json_body(request: Request) -> Any:
    """The request's JSON body as plain data, read the command line's way."""
    content_type = request.headers.get("content-type")
    if content_type is not None and not _is_json(content_type):
        raise ApiProblem(415, [f"send the body as JSON (Content-Type: {JSON}), not {quote(content_type)}"])
    raw = await read_body(request)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ApiProblem(400, ["the request body is not UTF-8 text"]) from None
    if not text.strip():
        raise ApiProblem(400, ["the request body is empty: send a JSON object"])
    try:
        return load_json(text)
    except InvalidPresentation as error:  # syntax, depth, duplicate keys: the body cannot be read
        raise ApiProblem(400, error.problems) from None


def _object(data: Any, what: str, allowed: tuple[str, ...]) -> dict:
    """``data`` if it is a JSON object with no keys but ``allowed``."""
    if not isinstance(data, dict):
        raise ApiProblem(422, [f"{what} must be a JSON object, not {_json_type(data)}"])
    problems = []
    for key in data:
        if key not in allowed:
            hint = suggest(key, allowed)
            extra = f"did you mean {hint!r}? " if hint else ""
            problems.append(f"unknown key {quote(key)} ({extra}allowed keys: {', '.join(allowed)})")
    if problems:
        raise ApiProblem(422, problems)
    return data


def _json_type(value: Any) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "true or false",
             int: "a number", float: "a number", type(None): "null"}
    return names.get(type(value), type(value).__name__)


def _optional_id(data: dict, key: str) -> Optional[str]:
    value = data.get(key)
    if value is not None and (not isinstance(value, str) or not value or len(value) > 200):
        raise ApiProblem(422, [f"{key}: must be an id (text), not {quote(value)}"])
    return value


def _json_response(text: str, status: int = 200) -> Response:
    return Response(json_visible(text), status_code=status, media_type=JSON)


def _dump(data: Any) -> Response:
    return _json_response(json.dumps(data, ensure_ascii=False))


# --- OpenAPI descriptions of bodies read by hand ---------------------------------

PRESENTATION_SCHEMA = Presentation.model_json_schema()


def _body_doc(schema: dict) -> dict:
    return {"requestBody": {"required": True, "content": {JSON: {"schema": schema}}}}


_ID = {"type": "string", "maxLength": 200}
EXPLAIN_SCHEMA = {
    "title": "ExplainRequest", "type": "object", "additionalProperties": False, "required": ["presentation"],
    "properties": {
        "presentation": PRESENTATION_SCHEMA,
        "how": {**_ID, "description": "a red flag, pattern, condition or action id, or 'triage'"},
        "why_not": {**_ID, "description": "a condition, red flag or pattern id"},
        "certainty": {**_ID, "description": "a condition id"},
        "what_if": {"type": "boolean", "default": False},
    },
}
_REPLY = {"description": "yes / no / unknown (or true / false / null); a checklist also takes the numbers "
                         "that apply ('1 3 ?5'), a mapping {finding: true/false/null} or a list of ids",
          "anyOf": [{"type": "string", "maxLength": MAX_REPLY_CHARS}, {"type": "boolean"}, {"type": "null"},
                    {"type": "object", "additionalProperties": {"type": ["boolean", "null"]}},
                    {"type": "array", "items": {"type": "string"}}]}
CONSULT_SCHEMA = {
    "title": "ConsultRequest", "type": "object", "additionalProperties": False,
    "properties": {
        "age": PRESENTATION_SCHEMA["properties"]["age"],
        "sex": PRESENTATION_SCHEMA["properties"]["sex"],
        "findings": PRESENTATION_SCHEMA["properties"]["findings"],
        "answers": {"type": "array", "maxItems": MAX_ANSWERS, "items": _REPLY,
                    "description": "the replies so far, in order, replayed on a fresh consultation"},
    },
}


# --- assess, explain, report -------------------------------------------------------

@router.post("/assess", openapi_extra=_body_doc(PRESENTATION_SCHEMA),
             responses={200: {"description": "The assessment (see `legwise assess --format json`)"}})
async def assess(request: Request, trace: bool = Query(True, description="include the rule trace")) -> Response:
    """Assess a presentation: triage, red flags, differential, next steps."""
    presentation = parse_presentation(await json_body(request))
    assessment = expert.assess(presentation)
    return _json_response(assessment.model_dump_json(exclude=None if trace else {"trace"}))


EXPLAIN_KEYS = ("presentation", "how", "why_not", "certainty", "what_if")


@router.post("/explain", openapi_extra=_body_doc(EXPLAIN_SCHEMA),
             responses={200: {"description": "HOW, WHY NOT, certainty and WHAT IF, as asked"}})
async def explain(request: Request) -> Response:
    """Explain an assessment: HOW a conclusion was reached, WHY NOT another,
    a condition's certainty step by step, WHAT IF."""
    data = _object(await json_body(request), "the request", EXPLAIN_KEYS)
    if "presentation" not in data:
        raise ApiProblem(422, ["presentation: required (the case, as for /api/assess)"])
    asked = {key: _optional_id(data, key) for key in ("how", "why_not", "certainty")}
    what_if = data.get("what_if", False)
    if not isinstance(what_if, bool):
        raise ApiProblem(422, [f"what_if: must be true or false, not {quote(what_if)}"])
    if not (any(asked.values()) or what_if):
        raise ApiProblem(422, ["say what to explain: how, why_not, certainty (each an id) or what_if: true"])
    explanation = expert.explain(data["presentation"])
    try:
        results = {key: getattr(explanation, key)(value) for key, value in asked.items() if value}
    except ValueError as error:  # UnknownConclusion, UnknownTarget: the library's did-you-mean message
        raise ApiProblem(422, [str(error)]) from None
    if what_if:
        results["what_if"] = explanation.what_if()
    return _dump({"case_id": explanation.presentation.id,
                  **{key: model.model_dump(mode="json") for key, model in results.items()}})


REPORT_MEDIA = {"html": "text/html; charset=utf-8", "markdown": "text/markdown; charset=utf-8", "json": JSON}


def report_response(presentation: Presentation, report_format: str) -> Response:
    """The explanation report as a response; HTML with its own style hashes."""
    text = expert.explain(presentation).report(report_format)
    response = Response(text, media_type=REPORT_MEDIA[report_format])
    if report_format == "html":
        response.headers["content-security-policy"] = html_policy(text)
    return response


@router.post("/report", openapi_extra=_body_doc(PRESENTATION_SCHEMA),
             responses={200: {"description": "The report",
                              "content": {"text/html": {}, "text/markdown": {}, JSON: {}}}})
async def report(request: Request,
                 format: Literal["html", "markdown", "json"] = Query("html", description="the report's format")
                 ) -> Response:
    """The explanation report (``legwise report``) as HTML, Markdown or JSON."""
    return report_response(parse_presentation(await json_body(request)), format)


# --- consultation ----------------------------------------------------------------------

CONSULT_KEYS = ("age", "sex", "findings", "answers")


def checked_reply(value: Any, index: int):
    """One reply, checked for type and size before the session reads it."""
    where = f"answers[{index}]"
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str):
        if len(value) > MAX_REPLY_CHARS:
            raise ApiProblem(422, [f"{where}: a reply is at most {MAX_REPLY_CHARS} characters, "
                                   f"not {len(value):,}"])
        return value
    if isinstance(value, (dict, list)):
        if len(value) > MAX_REPLY_ITEMS:
            raise ApiProblem(422, [f"{where}: a checklist reply names at most {MAX_REPLY_ITEMS} findings"])
        if isinstance(value, list) and not all(isinstance(item, str) for item in value):
            raise ApiProblem(422, [f"{where}: a list reply names findings by id (text), not {quote(value)}"])
        return value
    raise ApiProblem(422, [f"{where}: {quote(value)} is not an answer: use yes, no, unknown "
                           "(or true, false, null), or for a checklist the numbers that apply"])


def consult_state(data: dict) -> dict:
    """Replay the replies on a fresh consultation; where it stands now."""

    answers = data.get("answers", [])
    if not isinstance(answers, list):
        raise ApiProblem(422, [f"answers: must be an array of replies, not {_json_type(answers)}"])
    if len(answers) > MAX_ANSWERS:
        raise ApiProblem(422, [f"answers: at most {MAX_ANSWERS} replies, not {len(answers):,}"])
    findings = data.get("findings")
    if findings is not None and not isinstance(findings, dict):
        raise ApiProblem(422, [f"findings: must be an object mapping finding ids to true or false, "
                               f"not {_json_type(findings)}"])
    session = Consultation(findings=findings, age=data.get("age"), sex=data.get("sex"))
    for index, value in enumerate(answers):
        try:
            session.answer(checked_reply(value, index))
        except ConsultationError as error:
            raise ApiProblem(422, [f"answers[{index}]: {error}"]) from None
    question = session.next_question()
    outcome = session.outcome()
    return {
        "done": question is None,
        "stop_reason": session.stop_reason,
        "question": None if question is None else {
            "finding": question.finding,
            "text": question.text,
            "red_flag": question.red_flag,
            "covers": [{"id": f, "label": FINDINGS[f].label} for f in question.covers],
            "stage": session.stage,
            "reply": CHECKLIST_HELP if question.covers else "answer yes, no or unknown",
        },
        "triage": session.assessment().triage.model_dump(mode="json"),
        "leading": [{"condition": c, "label": CONDITIONS[c].label, "certainty": cf} for c, cf in outcome.top],
        "answered": [{"number": a.number, "finding": a.finding, "label": label_of(a.finding),
                      "answer": a.describe()} for a in session.answers],
        "presentation": session.to_presentation_dict(),
    }


@router.post("/consult/next", openapi_extra=_body_doc(CONSULT_SCHEMA),
             responses={200: {"description": "the next question (or why the consultation is over), "
                                             "the triage and the leading conditions"}})
async def consult_next(request: Request) -> Response:
    """A consultation step: the replies so far are replayed; the next question."""
    data = _object(await json_body(request), "the request", CONSULT_KEYS)
    return _dump(consult_state(data))


# --- listings -------------------------------------------------------------------------

@router.get("/findings")
def findings() -> Response:
    """Every finding id a presentation may use: label, question, category."""
    return _dump([vars(f) for f in FINDINGS.values()])


@router.get("/conditions")
def conditions() -> Response:
    """Every condition id legwise reasons about: label, category, default urgency."""
    return _dump([vars(c) for c in CONDITIONS.values()])


@router.get("/rules")
def rules(request: Request) -> Response:
    """Every rule, with its module, title and the passage it cites (``legwise rules --format json``)."""
    listing = getattr(request.app.state, "rule_listing", None)
    if listing is None:
        listing = request.app.state.rule_listing = json.dumps(rule_listing(), ensure_ascii=False)
    return _json_response(listing)


@router.get("")
def endpoints(request: Request) -> Response:
    """This listing: every API endpoint with its method and what it does."""
    return _dump({"endpoints": endpoint_listing(request.app), "openapi": "/openapi.json"})


def endpoint_listing(app) -> list[dict]:
    """Every ``/api`` operation in the app's OpenAPI schema: method, path, summary."""
    listed = []
    for path, operations in app.openapi()["paths"].items():
        if path.startswith("/api"):
            for method, operation in operations.items():
                summary = operation.get("description", operation.get("summary", "")).split("\n\n")[0]
                listed.append({"method": method.upper(), "path": path, "summary": " ".join(summary.split())})
    return listed


__all__ = ["ApiProblem", "consult_state", "json_body", "report_response", "router"]
