"""The report: one pydantic model, built once from an assessment and its
explanations; the Markdown, HTML and JSON renderers all read this model, so
they carry the same content.

Every part is computed: the assessment from the engine's run, HOW from its
trace, certainty from the recorded contributions, WHY NOT and the sources
from the rules, WHAT IF and the questions from re-running the engine.
"""
from __future__ import annotations

from typing import Optional

from expert import __version__
from expert.assessment import Assessment, DifferentialEntry, RedFlagResult, Summary
from expert.dsl import Citation, _normalise
from expert.explanations.certainty import CertaintyBreakdown, certainty_breakdown
from expert.explanations.how import HowLine, HowTree, digest, explain_how
from expert.explanations.rule_refs import ExplanationModel, RuleRef, label, rule_ref
from expert.explanations.scenarios import WhatIfView
from expert.explanations.why_not import FindingState, WhyNot
from expert.knowledge_base import KnowledgeBase
from expert.report.diagram import Diagram, build_diagram
from facts.vocabulary import CONDITIONS, FINDINGS, FIT_STATUSES

SCHEMA_VERSION = "1"
LEADING = 3
"""How many of the leading conditions get their reasoning drawn out."""


class Labelled(ExplanationModel):
    id: str
    label: str


class TriageView(ExplanationModel):
    level: str
    advice: str
    because: list[Labelled]
    do_now: list[Labelled]
    """Recommendations that serve the triage or a red flag: what to do now,
    beyond the advice (an action that only says the advice again is left out)."""


class RedFlagView(ExplanationModel):
    flag: RedFlagResult
    findings: list[Labelled]
    warns_of: Labelled


class DifferentialView(ExplanationModel):
    rank: int
    entry: DifferentialEntry
    supporting: list[Labelled]
    against: list[Labelled]
    certainty: CertaintyBreakdown


class ConsiderView(ExplanationModel):
    id: str
    label: str
    findings: list[Labelled]
    rules: list[str]


class FitView(ExplanationModel):
    """How well the known conditions account for the findings."""
    status: str
    summary: str
    unexplained: list[Labelled]
    consider: list[ConsiderView]


class RecommendationView(ExplanationModel):
    id: str
    label: str
    kind: str
    serves: list[Labelled]
    rules: list[str]


class Reasoning(ExplanationModel):
    heading: str
    anchor: str
    """A stable id for the section, from the conclusion's id: ``reasoning-triage``,
    ``reasoning-cauda_equina_syndrome``; the other sections link to it."""
    lines: list[HowLine]
    """The derivation to read: each derivation shown once across all the
    sections (a later section refers to an earlier one's)."""
    tree: HowTree
    """The full derivation, every firing (shown collapsed in HTML)."""


class Passage(ExplanationModel):
    label: str
    """A short reference, e.g. 'S3', that the reasoning uses for this passage."""
    anchor: str
    passage: str
    rules: list[str]
    section: str = ""


class SourceDocument(ExplanationModel):
    document: str
    title: str
    passages: list[Passage]
    url: str = ""
    beyond_sources: bool = False
    """A public guideline cited beyond the three source documents (its
    passages are recommendations in brief, not quotations)."""


class TraceLine(ExplanationModel):
    step: int
    rule: str
    matched: list[str]
    asserted: list[str]


class Report(ExplanationModel):
    schema_version: str = SCHEMA_VERSION
    generator: str
    title: str
    summary: Summary
    """The assessment's plain summary, the first thing every format shows."""
    case_id: Optional[str]
    notes: Optional[str]
    age: Optional[int]
    sex: Optional[str]
    disclaimer: str
    present: list[FindingState]
    absent: list[FindingState]
    triage: TriageView
    red_flags: list[RedFlagView]
    differential: list[DifferentialView]
    recommendations: list[RecommendationView]
    fit: FitView
    reasoning: list[Reasoning]
    diagram: Diagram
    what_if: WhatIfView
    not_concluded: list[WhyNot]
    """Emergency conditions that were not concluded, and why not."""
    sources: list[SourceDocument]
    rules: dict[str, RuleRef]
    """Every rule the report names, with its title, rationale and citation
    (the trees in ``reasoning`` and the ``not_concluded`` explanations leave
    their own rule tables empty and refer here)."""
    citing: dict[str, str]
    """Rule id -> the label of the passage it cites."""
    trace: list[TraceLine]
    assessment: Assessment


def _labelled(ids) -> list[Labelled]:
    return [Labelled(id=i, label=label(i)) for i in ids]


def _states(presentation, value: bool) -> list[FindingState]:
    return [FindingState(id=f, label=label(f), given=value) for f in FINDINGS
            if presentation.findings.get(f) is value]


def build_report(explanation) -> Report:
    """The report for an ``expert.explanations.explanation.Explanation``."""
    assessment = explanation.assessment
    inference = explanation.inference
    presentation = explanation.presentation

    triage = TriageView(
        level=assessment.triage.level, advice=assessment.triage.advice,
        because=_labelled(assessment.triage.because), do_now=_labelled(assessment.summary.also_now))
    red_flags = [RedFlagView(flag=flag, findings=_labelled(flag.findings),
                             warns_of=Labelled(id=flag.condition, label=label(flag.condition)))
                 for flag in assessment.red_flags]
    differential = [DifferentialView(rank=rank, entry=entry, supporting=_labelled(entry.supporting),
                                     against=_labelled(entry.against),
                                     certainty=certainty_breakdown(inference, entry.condition))
                    for rank, entry in enumerate(assessment.differential, start=1)]
    recommendations = [RecommendationView(id=r.id, label=r.label, kind=r.kind, serves=_labelled(r.serves),
                                          rules=r.rules) for r in assessment.recommendations]

    fit = FitView(status=assessment.fit.status, summary=FIT_STATUSES[assessment.fit.status],
                  unexplained=_labelled(assessment.fit.unexplained),
                  consider=[ConsiderView(id=c.id, label=c.label, findings=_labelled(c.findings), rules=c.rules)
                            for c in assessment.fit.consider])
    sections = [(f"Triage: {assessment.triage.level.replace('_', ' ')}", "triage")]
    sections += [(f"Red flag: {flag.label}", flag.id) for flag in assessment.red_flags]
    sections += [(f"Condition {rank}: {entry.label}", entry.condition)
                 for rank, entry in enumerate(assessment.differential[:LEADING], start=1)]
    shown: dict[str, str] = {}  # one for all the sections: each derivation is shown once in the report
    reasoning = []
    for heading, conclusion in sections:
        tree = explain_how(inference, conclusion)
        reasoning.append(Reasoning(heading=heading, anchor=reasoning_anchor(conclusion),
                                   lines=digest(tree, shown), tree=tree))

    in_differential = {entry.condition for entry in assessment.differential}
    not_concluded = [explanation.why_not(condition) for condition, vocab in CONDITIONS.items()
                     if vocab.urgency == "emergency" and condition not in in_differential]

    diagram = build_diagram([r.tree for r in reasoning])
    kb = explanation.kb
    named = _rules_named(assessment, reasoning, differential, not_concluded, kb)
    sources = _sources(named, kb)
    # Each rule is described once, in Report.rules, not again in every tree.
    reasoning = [item.model_copy(update={"tree": item.tree.model_copy(update={"rules": {}})})
                 for item in reasoning]
    not_concluded = [why.model_copy(update={"rule_refs": {}}) for why in not_concluded]
    return Report(
        generator=f"legwise {__version__}",
        title=report_title(presentation.id), summary=assessment.summary,
        case_id=presentation.id, notes=presentation.notes, age=presentation.age, sex=presentation.sex,
        disclaimer=assessment.disclaimer,
        present=_states(presentation, True), absent=_states(presentation, False),
        triage=triage, red_flags=red_flags, differential=differential, recommendations=recommendations,
        fit=fit, reasoning=reasoning, diagram=diagram,
        what_if=explanation.what_if(), not_concluded=not_concluded,
        sources=sources, rules={rule_id: rule_ref(rule_id, kb) for rule_id in named},
        citing={rule_id: p.label for document in sources for p in document.passages for rule_id in p.rules},
        trace=_trace(assessment), assessment=assessment,
    )


def reasoning_anchor(conclusion_id: str) -> str:
    """The id of the Reasoning section for a conclusion (triage, a red flag,
    a condition), for links from the rest of the report."""
    return f"reasoning-{conclusion_id}"


def report_title(case_id: Optional[str]) -> str:
    return f"legwise report: {case_id}" if case_id else "legwise report"


def _rules_named(assessment: Assessment, reasoning, differential, not_concluded, kb: KnowledgeBase) -> list[str]:
    """Every rule the report mentions, in knowledge-base order (machinery last)."""
    named = set()
    for item in reasoning:
        named.update(item.tree.rules)
    for view in differential:
        named.update(step.rule.id for step in view.certainty.steps)
    for cause in assessment.fit.consider:
        named.update(cause.rules)
    for flag in assessment.red_flags:
        named.update(flag.rules)
    for recommendation in assessment.recommendations:
        named.update(recommendation.rules)
    for why in not_concluded:
        named.update(why.rule_refs)
    order = {rule_id: i for i, rule_id in enumerate(kb.by_id)}
    return sorted(named, key=lambda r: (r not in order, order.get(r, 0), r))


def _sources(rule_ids: list[str], kb: KnowledgeBase) -> list[SourceDocument]:
    """Every passage the named rules cite, grouped by document, in the order
    the passages appear in the document."""
    cited: dict[str, dict[str, list[str]]] = {}
    guidelines: dict[str, Citation] = {}
    sections: dict[tuple[str, str], str] = {}  # (guideline, recommendation) -> its section
    for rule_id in rule_ids:
        defined = kb.by_id.get(rule_id)
        if defined is not None:
            passages = cited.setdefault(defined.cites.document, {})
            passages.setdefault(defined.cites.passage, []).append(rule_id)
            if defined.cites.beyond_sources:
                guidelines.setdefault(defined.cites.document, defined.cites)
                sections[(defined.cites.document, defined.cites.passage)] = defined.cites.section
    documents, number = [], 0
    for document_id, document in kb.documents.items():
        if document_id not in cited:
            continue
        text = _normalise(document.text)
        passages = []
        for passage, rules in sorted(cited[document_id].items(),
                                     key=lambda item: (text.find(_normalise(item[0])), item[0])):
            number += 1
            passages.append(Passage(label=f"S{number}", anchor=f"source-S{number}", passage=passage, rules=rules))
        documents.append(SourceDocument(document=document_id, title=document.title, passages=passages))
    for document_id, citation in sorted(guidelines.items()):
        passages = []
        for passage, rules in sorted(cited[document_id].items(),
                                     key=lambda item: (sections[(document_id, item[0])], item[0])):
            number += 1
            passages.append(Passage(label=f"S{number}", anchor=f"source-S{number}", passage=passage, rules=rules,
                                    section=sections[(document_id, passage)]))
        documents.append(SourceDocument(document=document_id, title=citation.title, passages=passages,
                                        url=citation.url, beyond_sources=True))
    return documents


def _trace(assessment: Assessment) -> list[TraceLine]:
    def describe(record, again: bool = False) -> str:
        data = record.data
        if record.type == "Finding":
            subject = f"{data['id']} {'present' if data['present'] else 'absent'}"
        elif record.type == "Person":
            subject = f"age {data['age'] if data['age'] is not None else 'unknown'}, sex {data['sex'] or 'unknown'}"
        else:
            subject = data.get("id") or data.get("condition") or data.get("action") or data.get("level") or ""
        return f"{record.ref} {record.type} {subject}".rstrip() + (" (again)" if again else "")

    return [TraceLine(step=step.step, rule=step.rule, matched=[describe(r) for r in step.matched],
                      asserted=[describe(r) for r in step.asserted] + [describe(r, True) for r in step.reaffirmed])
            for step in assessment.trace]


__all__ = ["Report", "build_report", "reasoning_anchor", "report_title"]
