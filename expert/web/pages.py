"""The web pages: a home page at ``/`` and the **Assess** page at ``/assess``
(a form, no JavaScript, posting back to ``/assess`` for the HTML report).

Templates are in ``expert/templates/web`` (autoescaped, control characters
made visible), the stylesheet is ``expert/static/web.css``: the pages need
no inline style or script, so the strict Content-Security-Policy holds.
"""
from __future__ import annotations

from importlib import resources
from urllib.parse import parse_qsl

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

import expert
from expert.report.templating import template_environment
from expert.web.api import endpoint_listing, report_response
from expert.web.security import read_body
from facts.presentation import parse_presentation, suggest
from facts.reading import InvalidPresentation, quote
from facts.vocabulary import DISCLAIMER, FINDING_CATEGORIES, FINDINGS

router = APIRouter(include_in_schema=False)

FORM = "application/x-www-form-urlencoded"
CHOICES = (("yes", "yes"), ("no", "no"), ("unknown", "unknown"))
SEXES = ("female", "male", "other")
FINDING_FIELD = "f."


def render_page(request: Request, name: str, status: int = 200, **values) -> HTMLResponse:
    """A page of the web interface (a template under templates/web/), rendered escaped."""
    html = template_environment("html").get_template(f"web/{name}").render(
        disclaimer=DISCLAIMER, version=expert.__version__, **values)
    return HTMLResponse(html, status_code=status)


def _category_label(category: str) -> str:
    return category.replace("_", " ").capitalize()


def findings_by_category() -> list[dict]:
    """The vocabulary's findings grouped by category, in the order forms show them."""
    return [{"id": c, "label": _category_label(c), "findings": [f for f in FINDINGS.values() if f.category == c]}
            for c in FINDING_CATEGORIES]


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> HTMLResponse:
    return render_page(request, "home.html.j2", endpoints=endpoint_listing(request.app), base_url=str(request.base_url))


@router.get("/static/web.css")
def stylesheet(request: Request) -> Response:
    css = getattr(request.app.state, "stylesheet", None)
    if css is None:
        css = request.app.state.stylesheet = resources.files("expert").joinpath("static/web.css").read_text("utf-8")
    return Response(css, media_type="text/css; charset=utf-8", headers={"cache-control": "public, max-age=3600"})


EMPTY_FORM = {"age": "", "sex": "", "findings": {}}


def _assess_page(request: Request, form: dict, problems: list[str], status: int) -> HTMLResponse:
    return render_page(request, "assess.html.j2", status, form=form, problems=problems, categories=findings_by_category(),
                 choices=CHOICES, sexes=SEXES)


@router.get("/assess", response_class=HTMLResponse)
def assess_form(request: Request) -> HTMLResponse:
    return _assess_page(request, EMPTY_FORM, [], 200)


def read_form(text: str) -> tuple[dict, dict, list[str]]:
    """The form's fields as a presentation (age, sex, findings), what to show
    back in the form, and the problems found reading it."""
    problems: list[str] = []
    shown = {"age": "", "sex": "", "findings": {}}
    data: dict = {}
    findings: dict = {}
    seen: set = set()
    try:
        fields = parse_qsl(text, keep_blank_values=True, max_num_fields=len(FINDINGS) + 10)
    except ValueError:
        return data, shown, [f"the form has more than {len(FINDINGS) + 10} fields"]
    for name, value in fields:
        if name in seen:
            problems.append(f"the field {quote(name)} is given twice")
            continue
        seen.add(name)
        if name == "age":
            shown["age"] = value if len(value) <= 10 else ""
            if value.strip():
                if value.strip().isdigit():
                    data["age"] = int(value.strip())
                else:
                    problems.append(f"age: must be a whole number of years between 0 and 120, not {quote(value)}")
        elif name == "sex":
            if value in SEXES:
                data["sex"] = shown["sex"] = value
            elif value:
                problems.append(f"sex: must be one of 'female', 'male', 'other', not {quote(value)}")
        elif name.startswith(FINDING_FIELD):
            finding = name[len(FINDING_FIELD):]
            if value not in ("yes", "no", "unknown"):
                problems.append(f"{quote(finding)}: answer yes, no or unknown, not {quote(value)}")
            elif value != "unknown":
                findings[finding] = value == "yes"
                if finding in FINDINGS:
                    shown["findings"][finding] = value
        else:
            hint = suggest(name, ("age", "sex"))
            extra = f" (did you mean {hint!r}?)" if hint else ""
            problems.append(f"unknown form field {quote(name)}{extra}")
    data["findings"] = findings
    return data, shown, problems


@router.post("/assess")
async def assess_submit(request: Request) -> Response:
    content_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if content_type != FORM:
        return _assess_page(request, EMPTY_FORM, [f"send the form as {FORM}"], 415)
    raw = await read_body(request)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return _assess_page(request, EMPTY_FORM, ["the form is not UTF-8 text"], 400)
    data, shown, problems = read_form(text)
    try:
        presentation = parse_presentation(data)
    except InvalidPresentation as error:
        problems += error.problems
    if problems:
        return _assess_page(request, shown, problems, 422)
    return report_response(presentation, "html")
