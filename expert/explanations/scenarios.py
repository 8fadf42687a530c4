"""WHAT IF, presented: the changes that would alter the conclusion, and the
questions still worth asking, as a pydantic model and as plain text.

The content comes from ``expert.explanations.what_if`` (each change tried by
re-running the engine); this module only names things in the vocabulary's
words and serialises them.
"""
from __future__ import annotations

from typing import Optional

from expert.explanations.rule_refs import ExplanationModel, finding_state, label
from expert.explanations.what_if import Outcome, Question, WhatIf, questions_worth_asking, what_if
from expert.knowledge_base import KnowledgeBase
from facts.presentation import parse_presentation


class Ranked(ExplanationModel):
    condition: str
    label: str
    certainty: float


class OutcomeView(ExplanationModel):
    triage: str
    leading: Optional[str]
    leading_label: Optional[str]
    top: list[Ranked]

    @classmethod
    def of(cls, outcome: Outcome) -> "OutcomeView":
        return cls(triage=outcome.triage, leading=outcome.leading,
                   leading_label=label(outcome.leading) if outcome.leading else None,
                   top=[Ranked(condition=c, label=label(c), certainty=v) for c, v in outcome.top])

    def describe(self) -> str:
        leader = f"{self.leading_label} ({self.top[0].certainty:.2f})" if self.leading else "no leading condition"
        return f"triage {self.triage}, {leader}"


class ScenarioView(ExplanationModel):
    finding: str
    label: str
    before: Optional[bool]
    after: Optional[bool]
    change: str
    outcome: OutcomeView
    triage_changed: bool
    leading_changed: bool
    effect: str


class QuestionView(ExplanationModel):
    finding: str
    label: str
    question: str
    red_flag: bool
    if_yes: OutcomeView
    if_no: OutcomeView
    read_by: list[str]
    score: float


class WhatIfView(ExplanationModel):
    baseline: OutcomeView
    considered: int
    scenarios: list[ScenarioView]
    questions: list[QuestionView]


def _effect(baseline: OutcomeView, after: OutcomeView, triage: bool, leading: bool) -> str:
    parts = []
    if triage:
        parts.append(f"triage {baseline.triage} -> {after.triage}")
    if leading:
        parts.append(f"leading {baseline.leading_label or 'none'} -> {after.leading_label or 'none'}")
    return "; ".join(parts)


def view(result: WhatIf, questions: list[Question]) -> WhatIfView:
    baseline = OutcomeView.of(result.baseline)
    scenarios = []
    for scenario in result.scenarios:
        change = scenario.change
        after = OutcomeView.of(scenario.outcome)
        scenarios.append(ScenarioView(
            finding=change.finding, label=label(change.finding), before=change.before, after=change.after,
            change=f"{label(change.finding)}: {finding_state(change.before)} -> {finding_state(change.after)}",
            outcome=after, triage_changed=scenario.triage_changed, leading_changed=scenario.leading_changed,
            effect=_effect(baseline, after, scenario.triage_changed, scenario.leading_changed)))
    asked = [QuestionView(finding=q.finding, label=label(q.finding), question=q.text, red_flag=q.red_flag,
                          if_yes=OutcomeView.of(q.if_yes), if_no=OutcomeView.of(q.if_no),
                          read_by=list(q.read_by), score=q.score) for q in questions]
    return WhatIfView(baseline=baseline, considered=result.considered, scenarios=scenarios, questions=asked)


def explain_what_if(presentation, runs: Optional[dict] = None, kb: Optional[KnowledgeBase] = None) -> WhatIfView:
    """WHAT IF and the questions worth asking for a presentation on ``kb``
    (default: the shipped knowledge base); one set of engine runs serves both."""
    presentation = parse_presentation(presentation)
    runs = {} if runs is None else runs
    return view(what_if(presentation, runs, kb), questions_worth_asking(presentation, runs=runs, kb=kb))


def render_what_if_text(result: WhatIfView) -> str:
    lines = [f"WHAT IF: now {result.baseline.describe()}."]
    if result.scenarios:
        lines.append(f"{len(result.scenarios)} of {result.considered} single-finding changes would change "
                     "the triage or the leading condition:")
        for scenario in result.scenarios:
            lines.append(f"  - {scenario.change}: {scenario.effect}")
    else:
        lines.append(f"None of {result.considered} single-finding changes would change the triage "
                     "or the leading condition.")
    lines.append("")
    if result.questions:
        lines.append("Questions worth asking next (unknown findings whose answer could change the conclusion):")
        for number, question in enumerate(result.questions, start=1):
            flag = " [red flag]" if question.red_flag else ""
            lines.append(f"  {number}. {question.question} ({question.finding}){flag}")
            lines.append(f"     yes: {question.if_yes.describe()}; no: {question.if_no.describe()}")
    else:
        lines.append("No unknown finding could change the triage or the leading condition.")
    return "\n".join(lines) + "\n"


__all__ = ["OutcomeView", "QuestionView", "ScenarioView", "WhatIfView", "explain_what_if",
           "render_what_if_text", "view"]
