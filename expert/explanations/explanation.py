"""One presentation, every explanation: the object ``expert.explain()`` returns.

The engine runs once for the presentation; HOW, WHY NOT and certainty read
that run's trace; WHAT IF and the questions share one set of re-runs; the
report is built once from all of them.
"""
from __future__ import annotations

from functools import cached_property
from typing import Optional

from expert.assessment import Assessment, build_assessment
from expert.trace import Inference
from expert.explanations.certainty import CertaintyBreakdown, certainty_breakdown
from expert.explanations.how import HowTree, explain_how
from expert.explanations.scenarios import QuestionView, WhatIfView, explain_what_if
from expert.explanations.what_if import record_baseline
from expert.explanations.why_not import WhyNot, explain_why_not
from expert.knowledge_base import KnowledgeBase, default_knowledge_base
from expert.report import render
from expert.report.model import build_report
from facts.presentation import Presentation, parse_presentation


class Explanation:
    """Explanations of one presentation (a dict in the contract's shape, or a
    ``Presentation``; ``InvalidPresentation`` for bad input) on a knowledge
    base (default: the shipped one)."""

    def __init__(self, presentation, kb: Optional[KnowledgeBase] = None):
        self.presentation: Presentation = parse_presentation(presentation)
        self.kb: KnowledgeBase = kb or default_knowledge_base()
        self.inference: Inference = self.kb.engine().infer(self.presentation)
        self._runs: dict = {}  # engine runs for WHAT IF and WHY NOT's checks, shared
        record_baseline(self._runs, self.presentation, self.inference, self.kb)

    @cached_property
    def assessment(self) -> Assessment:
        return build_assessment(self.presentation, self.inference)

    def how(self, conclusion_id: str = "triage") -> HowTree:
        """HOW a conclusion (red flag, pattern, condition, action, ``triage``)
        was reached; ``UnknownConclusion`` if it was not."""
        return explain_how(self.inference, conclusion_id)

    def why_not(self, condition_id: str) -> WhyNot:
        """WHY NOT a condition (or red flag, or pattern) was concluded, or
        why it ranks low; ``UnknownTarget`` for an unknown id."""
        return explain_why_not(self.inference, condition_id, self._runs)

    def certainty(self, condition_id: str) -> CertaintyBreakdown:
        """Each rule's contribution to a condition's certainty, step by step."""
        return certainty_breakdown(self.inference, condition_id)

    @cached_property
    def _what_if(self) -> WhatIfView:
        return explain_what_if(self.presentation, self._runs, self.kb)

    def what_if(self) -> WhatIfView:
        """The single-finding changes that would change the triage or the
        leading condition, and the questions worth asking."""
        return self._what_if

    def questions(self, limit: Optional[int] = None) -> list[QuestionView]:
        """Unknown findings worth asking about next, most important first."""
        found = self._what_if.questions
        return found[:limit] if limit else found

    @cached_property
    def _report(self):
        return build_report(self)

    def report_model(self):
        """The report as a pydantic model (``expert.report.model.Report``)."""
        return self._report

    def report(self, format: str = "markdown") -> str:
        """The report as ``markdown``, ``html`` (one self-contained file) or ``json``."""
        return render(self._report, format)


__all__ = ["Explanation"]
