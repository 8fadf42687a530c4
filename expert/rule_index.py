"""What the knowledge base reads: which findings each rule looks at, and how.

Computed once from the rules themselves; used to limit WHAT IF to findings
that can matter, to pick red-flag questions, and to say which red-flag
questions an assessment has left unanswered.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from expert.dsl import AllOf, AnyOf, FindingIs, FindingNotPresent, RaiseRedFlag
from expert.knowledge_base import KnowledgeBase, default_knowledge_base
from facts.vocabulary import FINDINGS


@dataclass(frozen=True)
class RuleReads:
    any: dict  # finding -> rule ids that read it at all
    absence: frozenset  # findings some rule reads as absent
    red_flag: frozenset  # findings read by red-flag rules


def _finding_conditions(condition):
    return (leaf for leaf in condition.leaves() if isinstance(leaf, (FindingIs, FindingNotPresent)))


def rule_reads(kb: Optional[KnowledgeBase] = None) -> RuleReads:
    """Which findings the knowledge base reads, and how (from the rules)."""
    return _rule_reads(kb or default_knowledge_base())


@lru_cache(maxsize=8)
def _rule_reads(kb: KnowledgeBase) -> RuleReads:
    reads: dict[str, list[str]] = {}
    absence, red_flag = set(), set()
    for defined in kb.rules:
        raises_flag = any(isinstance(c, RaiseRedFlag) for c in defined.then)
        for condition in defined.when:
            for leaf in _finding_conditions(condition):
                reads.setdefault(leaf.finding, [])
                if defined.id not in reads[leaf.finding]:
                    reads[leaf.finding].append(defined.id)
                if isinstance(leaf, FindingIs) and not leaf.value:
                    absence.add(leaf.finding)
                if raises_flag and isinstance(leaf, FindingIs) and leaf.value:
                    red_flag.add(leaf.finding)
    ordered = {f: tuple(reads[f]) for f in FINDINGS if f in reads}
    return RuleReads(ordered, frozenset(absence), frozenset(red_flag))


def _one_answer_away(condition, findings: dict) -> set | None:
    """None if the condition already holds for ``findings``; otherwise the
    unknown findings any one of which, answered present, would make it hold
    (empty when one answer is not enough)."""
    if isinstance(condition, FindingIs):
        value = findings.get(condition.finding)
        if value == condition.value:
            return None
        return {condition.finding} if value is None and condition.value else set()
    if isinstance(condition, AnyOf):
        options = [_one_answer_away(o, findings) for o in condition.options]
        if any(o is None for o in options):
            return None
        return set().union(*options)
    if isinstance(condition, AllOf):
        return _conjunction_one_answer_away(condition.parts, findings)
    return set()  # other conditions (patterns, age...) are not a single answer


def _conjunction_one_answer_away(conditions, findings: dict) -> set | None:
    unmet = [m for m in (_one_answer_away(c, findings) for c in conditions) if m is not None]
    if not unmet:
        return None
    return unmet[0] if len(unmet) == 1 else set()


@lru_cache(maxsize=8)
def _red_flag_rules(kb: KnowledgeBase) -> tuple:
    """(conditions, red flags raised) of every rule that raises a red flag."""
    found = []
    for defined in kb.rules:
        flags = frozenset(c.red_flag for c in defined.then if isinstance(c, RaiseRedFlag))
        if flags:
            found.append((defined.when, flags))
    return tuple(found)


def red_flag_findings_one_answer_away(findings: dict, kb: Optional[KnowledgeBase] = None) -> list[str]:
    """Unknown findings that, answered present, would by themselves raise a
    red flag not yet raised for these findings: what legwise does not know
    that could make this an emergency. In vocabulary order."""
    status = [(flags, _conjunction_one_answer_away(when, findings)) for when, flags in _red_flag_rules(kb or default_knowledge_base())]
    raised = set().union(*[flags for flags, away in status if away is None])
    away: set[str] = set()
    for flags, one_away in status:
        if one_away and not flags <= raised:  # a red flag not raised yet
            away |= one_away
    return [f for f in FINDINGS if f in away]
