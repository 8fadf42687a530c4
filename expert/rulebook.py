"""The rule book: the whole knowledge base as a book for teaching.

Everything in it is read from the rules themselves: each module's docstring
introduces its rules; each rule's conditions and conclusions are the DSL's own
``describe()`` texts, with every vocabulary id in them given its label; the
patterns, conditions, red flags and findings are indexed by the rules that
conclude and read them. ``render_rulebook(build_book(), "markdown" | "html")``
fills a jinja2 template (the HTML one autoescaped and self-contained).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional


from expert.dsl import Clause, ConcludePattern, KnowledgeRule, RaiseRedFlag, Recommend, Weigh
from expert.consult.why import leaves
from expert.engine.core import MACHINERY_RULES
from expert.knowledge_base import KnowledgeBase, default_knowledge_base
from expert.report.escape import markdown_escape
from expert.report.templating import template_environment
from facts.vocabulary import (ACTIONS, CONDITIONS, DISCLAIMER, FINDING_CATEGORIES, FINDINGS, PATTERNS,
                              RED_FLAGS, label_of)

FORMATS = ("markdown", "html")

_TOKEN = re.compile(r"[a-z][a-z0-9_]*")
_VOCABULARY = (FINDINGS, CONDITIONS, PATTERNS, RED_FLAGS, ACTIONS)


@dataclass(frozen=True)
class Segment:
    """A piece of a described condition or conclusion: text, or an id with its label."""
    text: str
    label: Optional[str] = None

    @property
    def is_id(self) -> bool:
        return self.label is not None


def labelled(description: str) -> list[Segment]:
    """Split a ``describe()`` text so every vocabulary id in it carries its label."""
    segments: list[Segment] = []
    position = 0
    for match in _TOKEN.finditer(description):
        token = match.group()
        if not any(token in table for table in _VOCABULARY):
            continue
        if match.start() > position:
            segments.append(Segment(description[position:match.start()]))
        segments.append(Segment(token, label_of(token)))
        position = match.end()
    if position < len(description):
        segments.append(Segment(description[position:]))
    return segments


@dataclass(frozen=True)
class RuleEntry:
    id: str
    title: str
    module: str
    layer: str
    when: list[list[Segment]]
    then: list[list[Segment]]
    certainty: list[tuple[str, float]]
    """(condition, certainty factor) for each condition the rule weighs"""
    rationale: str
    document: str
    passage: str
    section: str = ""
    url: str = ""
    beyond_sources: bool = False


@dataclass(frozen=True)
class ModuleEntry:
    name: str
    heading: str
    introduction: list[str]
    """the docstring after its first paragraph (the heading), in paragraphs"""
    rules: list[RuleEntry]


@dataclass(frozen=True)
class PatternEntry:
    id: str
    label: str
    description: str
    concluded_by: list[str]
    used_by: list[str]
    recommendations: list[tuple[str, list[str]]]


@dataclass(frozen=True)
class ConditionEntry:
    id: str
    label: str
    category: str
    urgency: str
    supported_by: list[tuple[str, float]]
    opposed_by: list[tuple[str, float]]
    red_flags: list[str]
    recommendations: list[tuple[str, list[str]]]
    """(action id, ids of the rules that recommend it)"""


@dataclass(frozen=True)
class RedFlagEntry:
    id: str
    label: str
    condition: str
    raised_by: list[str]
    recommendations: list[tuple[str, list[str]]]


@dataclass(frozen=True)
class FindingEntry:
    id: str
    label: str
    question: str
    category: str
    read_by: list[tuple[str, str]]
    """(rule id, the rule's condition on the finding)"""


@dataclass
class Book:
    disclaimer: str
    documents: list[tuple[str, str]]
    modules: list[ModuleEntry]
    patterns: list[PatternEntry]
    conditions: list[ConditionEntry]
    red_flags: list[RedFlagEntry]
    general_recommendations: list[tuple[str, str, list[str]]]
    """(what it serves, action id, rule ids) for steps that serve no one condition"""
    findings: list[FindingEntry]
    machinery: list[tuple[str, str]]
    rule_count: int = 0
    actions: dict = field(default_factory=dict)

    def rule_ids(self) -> list[str]:
        return [r.id for m in self.modules for r in m.rules]


def _paragraphs(text: str) -> list[str]:
    return [" ".join(block.split()) for block in re.split(r"\n\s*\n", text.strip()) if block.strip()]


def _rule_entry(defined: KnowledgeRule) -> RuleEntry:
    return RuleEntry(
        id=defined.id, title=defined.title, module=defined.module, layer=defined.layer,
        when=[labelled(c.describe()) for c in defined.when],
        then=[labelled(c.describe()) for c in defined.then],
        certainty=[(c.condition, c.cf) for c in defined.then if isinstance(c, Weigh)],
        rationale=defined.rationale, document=defined.cites.document, passage=defined.cites.passage,
        section=defined.cites.section, url=defined.cites.url, beyond_sources=defined.cites.beyond_sources,
    )


def _module_entry(name: str, rules: list[KnowledgeRule], notes: str) -> ModuleEntry:
    paragraphs = _paragraphs(notes)
    heading = paragraphs.pop(0) if paragraphs else f"rules.{name}"
    return ModuleEntry(f"rules.{name}", heading, paragraphs, [_rule_entry(r) for r in rules])


def _leaves(defined: KnowledgeRule) -> list[Clause]:
    return [leaf for condition in defined.when for leaf in leaves(condition)]


def _add(index: dict, key, value) -> None:
    found = index.setdefault(key, [])
    if value not in found:
        found.append(value)


def build_book(kb: Optional[KnowledgeBase] = None) -> Book:
    """The book of a knowledge base (default: the shipped one, ``rules/``)."""
    kb = kb or default_knowledge_base()
    knowledge = list(kb.rules)
    concluded_by, used_by, raised_by = {}, {}, {}
    weighed: dict[str, list[tuple[str, float]]] = {}
    recommended: dict[str, dict[str, list[str]]] = {}
    read_by: dict[str, list[tuple[str, str]]] = {}
    for defined in knowledge:
        for leaf in _leaves(defined):
            for kind, name in leaf.reads():
                if kind == "pattern":
                    _add(used_by, name, defined.id)
                if kind == "finding":
                    _add(read_by, name, (defined.id, leaf.describe()))
        supported = [name for leaf in _leaves(defined) if not leaf.negated
                     for kind, name in leaf.reads() if kind == "certainty"]
        for conclusion in defined.then:
            if isinstance(conclusion, ConcludePattern):
                _add(concluded_by, conclusion.pattern, defined.id)
            elif isinstance(conclusion, RaiseRedFlag):
                _add(raised_by, conclusion.red_flag, defined.id)
            elif isinstance(conclusion, Weigh):
                _add(weighed, conclusion.condition, (defined.id, conclusion.cf))
            elif isinstance(conclusion, Recommend):
                for served in dict.fromkeys([conclusion.serves] + supported):
                    _add(recommended.setdefault(served, {}), conclusion.action, defined.id)
    known = set(CONDITIONS) | set(RED_FLAGS) | set(PATTERNS)

    def steps(served: str) -> list[tuple[str, list[str]]]:
        return [(action, ids) for action, ids in recommended.get(served, {}).items()]

    by_module: dict[str, list[KnowledgeRule]] = {}
    for defined in knowledge:
        by_module.setdefault(defined.module, []).append(defined)
    category_order = {c: i for i, c in enumerate(FINDING_CATEGORIES)}
    return Book(
        disclaimer=DISCLAIMER,
        documents=[(d.id, d.title) for d in kb.documents.values()],
        modules=[_module_entry(name, found, kb.module_notes.get(name, "")) for name, found in by_module.items()],
        patterns=[PatternEntry(p.id, p.label, p.description, concluded_by.get(p.id, []), used_by.get(p.id, []),
                               steps(p.id))
                  for p in PATTERNS.values()],
        conditions=[ConditionEntry(c.id, c.label, c.category, c.urgency,
                                   [w for w in weighed.get(c.id, []) if w[1] > 0],
                                   [w for w in weighed.get(c.id, []) if w[1] < 0],
                                   [r.id for r in RED_FLAGS.values() if r.condition == c.id],
                                   steps(c.id))
                    for c in CONDITIONS.values()],
        red_flags=[RedFlagEntry(r.id, r.label, r.condition, raised_by.get(r.id, []), steps(r.id))
                   for r in RED_FLAGS.values()],
        general_recommendations=[(served, action, ids) for served, actions in recommended.items()
                                 if served not in known for action, ids in actions.items()],
        findings=sorted((FindingEntry(f.id, f.label, f.question, f.category, read_by.get(f.id, []))
                         for f in FINDINGS.values()), key=lambda f: category_order.get(f.category, 99)),
        machinery=list(MACHINERY_RULES.items()),
        rule_count=len(knowledge),
        actions={a.id: a for a in ACTIONS.values()},
    )


def _environment(output_format: str):
    return template_environment("html" if output_format == "html" else "markdown-explicit")


def render_rulebook(book: Book, output_format: str = "markdown") -> str:
    """The book as Markdown or as one self-contained HTML page."""
    if output_format not in FORMATS:
        raise ValueError(f"unknown rule book format {output_format!r} (choose from: {', '.join(FORMATS)})")
    name = "rulebook.md.j2" if output_format == "markdown" else "rulebook.html.j2"
    return _environment(output_format).get_template(name).render(book=book)


__all__ = ["Book", "FORMATS", "Segment", "build_book", "labelled", "markdown_escape", "render_rulebook"]
