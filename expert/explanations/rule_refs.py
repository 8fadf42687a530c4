"""What an explanation says about a rule: read off the rule itself.

Knowledge rules carry their title, rationale, citation and logic (``expert.dsl``);
the engine's machinery rules carry the description in ``MACHINERY_RULES``.
Explanations quote these, never text written beside them.
"""
from __future__ import annotations

import dataclasses
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict

from expert.engine.core import MACHINERY_RULES
from expert.knowledge_base import KnowledgeBase, default_knowledge_base, knowledge_base_index
from facts.vocabulary import label_of


class ExplanationModel(BaseModel):
    model_config = ConfigDict(frozen=True)


class CitationRef(ExplanationModel):
    document: str
    title: str
    passage: str
    section: str = ""
    url: str = ""
    beyond_sources: bool = False
    """Cited from a public guideline, beyond the three source documents: the
    passage is the guideline's recommendation in brief, not a quotation."""


class RuleRef(ExplanationModel):
    """A rule as an explanation shows it."""
    id: str
    kind: Literal["knowledge", "machinery"]
    module: str
    title: str
    rationale: str
    layer: str
    when: list[str]
    then: list[str]
    citation: Optional[CitationRef]


def rule_ref(rule_id: str, kb: Optional[KnowledgeBase] = None) -> RuleRef:
    """The rule of ``kb`` (default: the shipped knowledge base) as explanations show it."""
    kb = kb or default_knowledge_base()
    known = _rule_refs(kb)
    if rule_id not in known:
        known[rule_id] = _rule_ref(rule_id, kb)
    return known[rule_id]


@knowledge_base_index
def _rule_refs(kb: KnowledgeBase) -> dict[str, RuleRef]:
    return {}  # rule id -> its ref, filled as asked (kept on the knowledge base, not in a module cache)


def _rule_ref(rule_id: str, kb: KnowledgeBase) -> RuleRef:
    defined = kb.by_id.get(rule_id)
    if defined is not None:
        return RuleRef(
            id=defined.id, kind="knowledge", module=f"rules.{defined.module}" if defined.module else "",
            title=defined.title, rationale=defined.rationale, layer=defined.layer,
            when=[c.describe() for c in defined.when], then=[c.describe() for c in defined.then],
            citation=CitationRef(**dataclasses.asdict(defined.cites)),
        )
    if rule_id in MACHINERY_RULES:
        description = MACHINERY_RULES[rule_id]
        return RuleRef(id=rule_id, kind="machinery", module="expert.engine", title=description,
                       rationale=description, layer="machinery", when=[], then=[], citation=None)
    raise KeyError(f"no rule {rule_id!r}")


_SPECIAL_LABELS = {"triage": "Triage level", "red_flags": "Red flags"}


def label(identifier: str, kb: Optional[KnowledgeBase] = None) -> str:
    """The plain-language label of any id an explanation mentions (a rule
    of ``kb`` that set the triage itself is named by its title)."""
    try:
        return label_of(identifier)
    except KeyError:
        pass
    if identifier in _SPECIAL_LABELS:
        return _SPECIAL_LABELS[identifier]
    defined = (kb or default_knowledge_base()).by_id.get(identifier)
    return f"{defined.title} (rule {identifier})" if defined else identifier


def finding_state(value: Optional[bool]) -> str:
    return "unknown" if value is None else ("present" if value else "absent")


def rule_listing(kb: Optional[KnowledgeBase] = None) -> list[dict]:
    """Every knowledge rule of ``kb`` (default: the shipped one), then the
    engine's own rules, as plain data (``legwise rules``, ``/api/rules``)."""
    kb = kb or default_knowledge_base()
    return [rule_ref(rule_id, kb).model_dump() for rule_id in [*kb.by_id, *MACHINERY_RULES]]
