"""What the knowledge base reads: which findings each rule looks at, and how.

Computed once from the rules themselves; used to limit WHAT IF to findings
that can matter, to pick red-flag questions, and to say which red-flag
questions an assessment has left unanswered.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from expert.dsl import MAX_COMPLETIONS, KnowledgeRule, RaiseRedFlag
from expert.knowledge_base import KnowledgeBase, knowledge_base_index, default_knowledge_base
from expert.engine.working_memory import WorkingMemoryView
from facts.vocabulary import FINDINGS


@dataclass(frozen=True)
class RuleReads:
    any: dict  # finding -> rule ids that read it at all
    absence: frozenset  # findings some rule reads as absent
    red_flag: frozenset  # findings read by red-flag rules


_NOTHING_KNOWN = WorkingMemoryView(())


def _finding_conditions(condition):
    """(finding, the values an answer must give to make the clause hold):
    empty for "not present", which holds while the finding is unknown."""
    for leaf in condition.leaves():
        for kind, finding in leaf.reads():
            if kind == "finding":
                yield finding, {way_value for way in leaf.completions(_NOTHING_KNOWN) for _, _, way_value in way}


def rule_reads(kb: Optional[KnowledgeBase] = None) -> RuleReads:
    """Which findings the knowledge base reads, and how (from the rules)."""
    return _rule_reads(kb or default_knowledge_base())


@knowledge_base_index
def _rule_reads(kb: KnowledgeBase) -> RuleReads:
    reads: dict[str, list[str]] = {}
    absence, red_flag = set(), set()
    for defined in kb.rules:
        raises_flag = any(isinstance(c, RaiseRedFlag) for c in defined.then)
        for condition in defined.when:
            for finding, values in _finding_conditions(condition):
                reads.setdefault(finding, [])
                if defined.id not in reads[finding]:
                    reads[finding].append(defined.id)
                if False in values:
                    absence.add(finding)
                if raises_flag and True in values:
                    red_flag.add(finding)
    ordered = {f: tuple(reads[f]) for f in FINDINGS if f in reads}
    return RuleReads(ordered, frozenset(absence), frozenset(red_flag))


@knowledge_base_index
def _red_flag_rules(kb: KnowledgeBase) -> tuple[tuple[KnowledgeRule, frozenset, frozenset], ...]:
    """Every rule that raises a red flag, with the red flags it raises and
    what it requires present: for each top-level clause that is "finding is
    present", or "any of" such clauses only, the findings of which one must
    be present for the rule to hold."""
    found = []
    for defined in kb.rules:
        flags = frozenset(c.red_flag for c in defined.then if isinstance(c, RaiseRedFlag))
        if flags:
            found.append((defined, flags, tuple(_required_present(defined))))
    return tuple(found)


def _required_present(defined: KnowledgeRule):
    """For each top-level clause that every way of meeting (its completions,
    all of them) needs some finding present: those findings, one of which
    must be present for the rule to hold. It only narrows which answers
    ``red_flag_findings_one_answer_away`` tries on the rule itself."""
    for clause in defined.when:
        ways = clause.completions(_NOTHING_KNOWN)
        if not ways or len(ways) >= MAX_COMPLETIONS:  # may be cut short: no requirement claimed
            continue
        groups = [frozenset(name for kind, name, value in way if kind == "finding" and value is True)
                  for way in ways]
        if all(groups):
            yield frozenset().union(*groups)


def _holds(defined: KnowledgeRule, findings: dict) -> bool:
    """Whether the rule holds on these findings alone, by its own meaning
    (``KnowledgeRule.evaluate``), as the engine would see them before any
    pattern is concluded and with age and sex unknown."""
    return defined.evaluate(WorkingMemoryView.of_findings(findings)) is True


def red_flag_findings_one_answer_away(findings: dict, kb: Optional[KnowledgeBase] = None) -> list[str]:
    """Unknown findings that, answered present, would by themselves raise a
    red flag not yet raised for these findings: what legwise does not know
    that could make this an emergency. In vocabulary order."""
    rules = _red_flag_rules(kb or default_knowledge_base())
    present = {finding for finding, value in findings.items() if value is True}
    unmet = {defined.id: [group for group in required if group.isdisjoint(present)]
             for defined, _, required in rules}
    holding = {defined.id for defined, _, _ in rules if not unmet[defined.id] and _holds(defined, findings)}
    raised = set().union(*[flags for defined, flags, _ in rules if defined.id in holding])
    away: set[str] = set()
    for defined, flags, _ in rules:
        if defined.id in holding or flags <= raised:  # nothing new to raise
            continue
        # One answer (a finding now present) must meet every requirement not
        # met yet: only a finding in all of them can make the rule hold.
        groups = unmet[defined.id]
        candidates = frozenset.intersection(*groups) if groups else defined.finding_ids()
        away.update(finding for finding in candidates
                    if finding not in findings and _holds(defined, {**findings, finding: True}))
    return [f for f in FINDINGS if f in away]
