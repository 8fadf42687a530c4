"""The teaching pages: the **Quiz** (``/quiz``), the **Rule book**
(``/rules``, ``/rules/{rule_id}``) and **Try without a rule** (``/ablate``).
Plain forms and links, no JavaScript, nothing stored on the server.

* Quiz: a library case (``?case=ID``, else the first); findings revealed one
  by one (``ask``), then a triage and a leading condition, scored by
  ``expert.consult.quiz`` (``Quiz.answer``: ``score_answer`` on the engine's
  assessment) with the terminal quiz's own computed feedback
  (``expert.cli.quiz._explain``, its text captured). The running score and
  the findings revealed travel in the page (hidden fields and the next
  link's query): a learning score, so not signed; editing the URL changes it.
* Rule book: ``build_book()`` once per app, and the library cases run once
  per app to index which rules fire on which case; both kept in
  ``app.state.pages`` (``PageData``, made by ``create_app``).
* Try without a rule: a library case or the Assess form's fields, and a rule
  that fired; the triage, red flags and top differential with and without
  it, side by side, each change marked in words.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Optional
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

import expert
from expert.cases import Case, CaseError, find_case, load_case_library
from expert.consult.quiz import MAX_POINTS, Quiz, QuizError, feedback
from expert.knowledge_base import KnowledgeBase, UnknownRule, default_knowledge_base
from expert.rulebook import build_book
from expert.web.forms import FormProblem, every, first, read_fields
from expert.web.pages import CHOICES, FINDING_FIELD, SEXES, findings_by_category, render_page, read_form
from facts.presentation import Presentation, parse_presentation, suggest
from facts.reading import InvalidPresentation, quote
from facts.vocabulary import CONDITION_CATEGORIES, CONDITIONS, FINDINGS, TRIAGE_LEVELS, label_of

router = APIRouter(include_in_schema=False)

TOP = 5
MAX_REVEALED = len(FINDINGS)
MAX_ABLATION_KBS = 64


class PageData:
    """What the pages compute once per app: the rule book, the library
    cases each rule fires on, knowledge bases without one rule."""

    def __init__(self):
        self._lock = threading.Lock()
        self._book = None
        self._firings: Optional[dict[str, list[Case]]] = None
        self._without: dict[str, KnowledgeBase] = {}

    @property
    def book(self):
        with self._lock:
            if self._book is None:
                self._book = build_book()
            return self._book

    @property
    def firings(self) -> dict[str, list[Case]]:
        """rule id -> the library cases on which it fires, in library order."""
        with self._lock:
            if self._firings is None:
                index: dict[str, list[Case]] = {}
                for case in load_case_library():
                    for name in dict.fromkeys(f.rule for f in expert.infer(case.presentation).firings):
                        index.setdefault(name, []).append(case)
                self._firings = index
            return self._firings

    def without(self, rule_id: str) -> KnowledgeBase:
        """The shipped knowledge base without this rule (``UnknownRule`` if it has none)."""
        with self._lock:
            if rule_id not in self._without:
                kb = default_knowledge_base().without([rule_id])
                if len(self._without) >= MAX_ABLATION_KBS:
                    self._without.pop(next(iter(self._without)))
                self._without[rule_id] = kb
            return self._without[rule_id]


def page_data(request: Request) -> PageData:
    data = getattr(request.app.state, "pages", None)
    if data is None:  # an app not made by create_app
        data = request.app.state.pages = PageData()
    return data


def _not_found(request: Request, what: str, message: str, suggestion: Optional[str] = None,
               link: Optional[str] = None) -> HTMLResponse:
    return render_page(request, "not_found.html.j2", 404, what=what, message=message, suggestion=suggestion, link=link)


# --- quiz ------------------------------------------------------------------------

def _number(text: str, default: float = 0.0) -> float:
    try:
        value = float(text)
    except ValueError:
        return default
    return value if abs(value) < 1e6 and value == value else default


def _score(values) -> dict:
    return {"points": _number(values.get("points", "0")), "possible": _number(values.get("possible", "0")),
            "answered": int(_number(values.get("answered", "0")))}


def _next_case(case: Case) -> Optional[Case]:
    cases = load_case_library()
    index = next(i for i, c in enumerate(cases) if c.id == case.id)
    return cases[index + 1] if index + 1 < len(cases) else None


def _revealed(case: Case, ids: list[str]) -> tuple[list[dict], list[str]]:
    shown, problems, seen = [], [], set()
    for finding in ids[:MAX_REVEALED]:
        if finding in seen:
            continue
        if finding not in FINDINGS:
            hint = suggest(finding, FINDINGS)
            problems.append(f"{quote(finding)} is not a finding id" + (f" (did you mean {hint!r}?)" if hint else ""))
            continue
        seen.add(finding)
        value = case.presentation.findings.get(finding)
        shown.append({"id": finding, "label": FINDINGS[finding].label, "question": FINDINGS[finding].question,
                      "value": {True: "yes, present", False: "no, checked and absent",
                                None: "not recorded (unknown)"}[value]})
    return shown, problems


def _quiz_choices() -> dict:
    return {"triage_levels": TRIAGE_LEVELS[::-1],
            "condition_groups": [(category, [c for c in CONDITIONS.values() if c.category == category])
                                 for category in CONDITION_CATEGORIES],
            "findings": sorted(FINDINGS.values(), key=lambda f: f.label.lower())}


def _find_case(request: Request, case_id: str):
    try:
        return find_case(case_id), None
    except CaseError as error:
        hint = suggest(case_id, [c.id for c in load_case_library()])
        return None, _not_found(request, "case", str(error), hint, f"/quiz?case={hint}" if hint else None)


@router.get("/quiz", response_class=HTMLResponse)
def quiz_page(request: Request) -> HTMLResponse:
    query = request.query_params
    case_id = query.get("case") or load_case_library()[0].id
    case, missing = _find_case(request, case_id)
    if missing:
        return missing
    asked = query.getlist("r")
    if query.get("ask") == "all":
        asked += list(case.presentation.findings)
    elif query.get("ask"):
        asked.append(query["ask"].strip())
    revealed, problems = _revealed(case, asked)
    return render_page(request, "quiz.html.j2", 422 if problems else 200, case=case, revealed=revealed,
                 problems=problems, score=_score(query), result=None, feedback=None, next_case=None,
                 cases=load_case_library(), **_quiz_choices())


def _feedback(result) -> str:
    """The quiz's computed feedback on this answer (the terminal's), as text."""
    return "\n".join(line.text for line in feedback(result)).strip("\n")


@router.post("/quiz", response_class=HTMLResponse)
async def quiz_answer(request: Request) -> HTMLResponse:
    try:
        fields = await read_fields(request)
    except FormProblem as problem:
        return render_page(request, "not_found.html.j2", problem.status, what="form", message=problem.message,
                     suggestion=None, link=None)
    case, missing = _find_case(request, first(fields, "case"))
    if missing:
        return missing
    values = dict(fields)
    score = _score(values)
    revealed, problems = _revealed(case, every(fields, "r"))
    result = feedback = None
    try:
        result = Quiz([case]).answer(first(fields, "triage"), first(fields, "leading"), revealed=len(revealed))
    except QuizError as error:
        problems.append(str(error))
    if result is not None:
        feedback = _feedback(result)
        score = {"points": score["points"] + result.score.points, "possible": score["possible"] + MAX_POINTS,
                 "answered": score["answered"] + 1}
    return render_page(request, "quiz.html.j2", 422 if problems else 200, case=case, revealed=revealed,
                 problems=problems, score=score, result=result, feedback=feedback, next_case=_next_case(case),
                 cases=load_case_library(), **_quiz_choices())


# --- the rule book -------------------------------------------------------------------

def _documents(book) -> dict[str, str]:
    return dict(book.documents)


@router.get("/rules", response_class=HTMLResponse)
def rules_page(request: Request) -> HTMLResponse:
    data = page_data(request)
    book = data.book
    firings = data.firings
    return render_page(request, "rules.html.j2", book=book, documents=_documents(book),
                 fires={rule: len(cases) for rule, cases in firings.items()})


@router.get("/rules/{rule_id}", response_class=HTMLResponse)
def rule_page(request: Request, rule_id: str) -> HTMLResponse:
    data = page_data(request)
    book = data.book
    entries = {r.id: (m, r) for m in book.modules for r in m.rules}
    if rule_id not in entries:
        missing = UnknownRule(rule_id[:200], entries)
        hint = missing.suggestion
        return _not_found(request, "rule", str(missing), hint, f"/rules/{hint}" if hint else "/rules")
    module, entry = entries[rule_id]
    return render_page(request, "rule.html.j2", module=module, rule=entry, documents=_documents(book),
                 cases=data.firings.get(rule_id, []))


# --- try without a rule --------------------------------------------------------------

@dataclass
class Side:
    triage: str
    red_flags: list[str]
    differential: list[tuple[str, float]]
    leading: Optional[str]


def _side(assessment) -> Side:
    return Side(assessment.triage.level, [r.id for r in assessment.red_flags],
                [(e.condition, e.certainty) for e in assessment.differential[:TOP]], assessment.leading_condition)


def _comparison(before: Side, after: Side) -> dict:
    rows_before = dict(before.differential)
    rows_after = dict(after.differential)
    conditions = list(dict.fromkeys([c for c, _ in before.differential] + [c for c, _ in after.differential]))
    differential = []
    for condition in conditions:
        b, a = rows_before.get(condition), rows_after.get(condition)
        if b is None:
            marker = "NEW in the top"
        elif a is None:
            marker = "GONE from the top"
        elif abs(a - b) > 1e-9:
            marker = "CHANGED"
        else:
            marker = ""
        differential.append({"label": label_of(condition), "before": b, "after": a, "marker": marker})
    flags = list(dict.fromkeys(before.red_flags + after.red_flags))
    return {
        "triage": {"before": before.triage, "after": after.triage,
                   "marker": "CHANGED" if before.triage != after.triage else ""},
        "leading": {"before": label_of(before.leading) if before.leading else "none",
                    "after": label_of(after.leading) if after.leading else "none",
                    "marker": "CHANGED" if before.leading != after.leading else ""},
        "red_flags": [{"label": label_of(f), "before": f in before.red_flags, "after": f in after.red_flags,
                       "marker": "" if (f in before.red_flags) == (f in after.red_flags)
                       else ("GONE" if f in before.red_flags else "NEW")} for f in flags],
        "differential": differential,
        "changed": before != after,
    }


def _fired(presentation: Presentation) -> list[dict]:

    kb = default_knowledge_base()
    names = dict.fromkeys(f.rule for f in expert.infer(presentation).firings if f.rule in kb.by_id)
    return [{"id": name, "title": kb.by_id[name].title} for name in names]


def _ablate(request: Request, presentation: Presentation, rule_id: str, source: dict, status: int = 200,
            problems: Optional[list[str]] = None) -> HTMLResponse:

    problems = list(problems or [])
    fired = _fired(presentation)
    comparison = None
    if rule_id:
        try:
            kb = page_data(request).without(rule_id)
        except UnknownRule as error:
            problems.append(str(error))
        else:
            comparison = _comparison(_side(expert.assess(presentation)), _side(expert.assess(presentation, kb=kb)))
    return render_page(request, "ablate.html.j2", 422 if problems else status, source=source, fired=fired,
                 rule_id=rule_id, comparison=comparison, problems=problems, cases=load_case_library(),
                 categories=findings_by_category(), choices=CHOICES, sexes=SEXES, form=source.get("form"))


@router.get("/ablate", response_class=HTMLResponse)
def ablate_page(request: Request) -> HTMLResponse:
    query = request.query_params
    case_id = query.get("case")
    empty = {"age": "", "sex": "", "findings": {}}
    if not case_id:
        return render_page(request, "ablate.html.j2", source={"kind": None}, fired=[], rule_id="", comparison=None,
                     problems=[], cases=load_case_library(), categories=findings_by_category(), choices=CHOICES,
                     sexes=SEXES, form=empty)
    case, missing = _find_case(request, case_id)
    if missing:
        return missing
    return _ablate(request, case.presentation, query.get("rule", "").strip()[:200],
                   {"kind": "case", "case": case, "form": empty})


@router.post("/ablate", response_class=HTMLResponse)
async def ablate_form(request: Request) -> HTMLResponse:
    empty = {"age": "", "sex": "", "findings": {}}
    try:
        fields = await read_fields(request, len(FINDINGS) + 20)
    except FormProblem as problem:
        return render_page(request, "ablate.html.j2", problem.status, source={"kind": None}, fired=[], rule_id="",
                     comparison=None, problems=[problem.message], cases=load_case_library(),
                     categories=findings_by_category(), choices=CHOICES, sexes=SEXES, form=empty)
    rule_id = first(fields, "rule").strip()[:200]
    data, shown, problems = read_form(urlencode([(k, v) for k, v in fields if k != "rule"]))
    presentation = None
    if not problems:
        try:
            presentation = parse_presentation(data)
        except InvalidPresentation as error:
            problems += error.problems
    if problems or presentation is None:
        return render_page(request, "ablate.html.j2", 422, source={"kind": None}, fired=[], rule_id="", comparison=None,
                     problems=problems, cases=load_case_library(), categories=findings_by_category(), choices=CHOICES,
                     sexes=SEXES, form=shown)
    hidden = [(k, v) for k, v in fields if k != "rule" and (k in ("age", "sex") or k.startswith(FINDING_FIELD))
              and v != "unknown"]
    return _ablate(request, presentation, rule_id, {"kind": "form", "hidden": hidden, "form": shown})


__all__ = ["PageData", "page_data", "router"]
