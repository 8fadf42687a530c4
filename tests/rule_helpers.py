"""Read what a rule needs straight from its conditions (for property tests)."""
from typing import Optional

from expert.dsl import (AgeInRange, AllOf, AnyOf, AnyPresentation, FindingIs, FindingNotPresent, FitIs, HasPattern,
                        HasRedFlag, KnowledgeRule, LacksPattern, NoRedFlag, NotSupported, NoUrgencyClaim,
                        RaiseRedFlag, SexIs, Supported, TriageIs)
from expert.engine import working_memory as wm


def minimal_findings(conditions) -> dict[str, bool]:
    """One smallest set of findings that satisfies positive finding conditions
    (the first option of each any_of)."""
    needed: dict[str, bool] = {}
    for condition in conditions:
        if isinstance(condition, FindingIs):
            needed[condition.finding] = condition.value
        elif isinstance(condition, AnyOf):
            needed.update(minimal_findings([condition.options[0]]))
        elif isinstance(condition, AllOf):
            needed.update(minimal_findings(condition.parts))
        else:
            raise AssertionError(f"not a finding condition: {condition!r}")
    return needed


def red_flag_rules(knowledge_base: list[KnowledgeRule]) -> list[KnowledgeRule]:
    return [r for r in knowledge_base if any(isinstance(c, RaiseRedFlag) for c in r.then)]


def raised_red_flags(defined: KnowledgeRule) -> set[str]:
    return {c.red_flag for c in defined.then if isinstance(c, RaiseRedFlag)}


def facts_satisfying(condition, memory: dict) -> Optional[set[int]]:
    """The ids of the facts in ``memory`` (fact id -> fact) by which a condition
    holds, every alternative included, or None if it does not hold. A negative
    condition holds with no fact. Written from the rule language's meaning,
    independently of how the engine compiles it, to check what a firing matched."""
    def where(fact_type, **fields) -> set[int]:
        return {i for i, fact in memory.items()
                if type(fact) is fact_type and all(fact[k] == v for k, v in fields.items())}

    def holds_without_facts(holds: bool) -> Optional[set[int]]:
        return set() if holds else None

    def non_empty(found: set[int]) -> Optional[set[int]]:
        return found or None

    if isinstance(condition, AnyOf):
        satisfied = [facts_satisfying(option, memory) for option in condition.options]
        satisfied = [found for found in satisfied if found is not None]
        return set().union(*satisfied) if satisfied else None
    if isinstance(condition, AllOf):
        parts = [facts_satisfying(part, memory) for part in condition.parts]
        return None if any(found is None for found in parts) else set().union(*parts)
    if isinstance(condition, FindingIs):
        return non_empty(where(wm.Finding, id=condition.finding, present=condition.value))
    if isinstance(condition, FindingNotPresent):
        return holds_without_facts(not where(wm.Finding, id=condition.finding, present=True))
    if isinstance(condition, HasPattern):
        return non_empty(where(wm.Pattern, id=condition.pattern))
    if isinstance(condition, LacksPattern):
        return holds_without_facts(not where(wm.Pattern, id=condition.pattern))
    if isinstance(condition, HasRedFlag):
        return non_empty(where(wm.RedFlag, id=condition.red_flag) if condition.red_flag else where(wm.RedFlag))
    if isinstance(condition, NoRedFlag):
        return holds_without_facts(not where(wm.RedFlag))
    if isinstance(condition, (Supported, NotSupported)):
        reached = {i for i in where(wm.Hypothesis, condition=condition.condition)
                   if memory[i]["certainty"] >= condition.threshold}
        return non_empty(reached) if isinstance(condition, Supported) else holds_without_facts(not reached)
    if isinstance(condition, NoUrgencyClaim):
        return holds_without_facts(not where(wm.UrgencyClaim))
    if isinstance(condition, FitIs):
        return non_empty(where(wm.Fit, status=condition.status))
    if isinstance(condition, TriageIs):
        return non_empty(where(wm.Triage, level=condition.level))
    if isinstance(condition, AgeInRange):
        return non_empty({i for i in where(wm.Person) if condition.test(memory[i]["age"])})
    if isinstance(condition, SexIs):
        return non_empty(where(wm.Person, sex=condition.sex))
    if isinstance(condition, AnyPresentation):
        return non_empty(where(wm.Person))
    raise AssertionError(f"facts_satisfying does not know {type(condition).__name__}: teach it")
