"""Read what a rule needs from its clauses' own meaning (for property tests)."""
from typing import Optional

from expert.dsl import AllOf, KnowledgeRule, RaiseRedFlag, completion_order
from expert.engine import working_memory as wm
from expert.engine.working_memory import WorkingMemoryView

NOTHING_KNOWN = WorkingMemoryView(())


def minimal_findings(conditions) -> dict[str, bool]:
    """One smallest set of findings that makes the conditions hold: the
    first of their completions when nothing is known."""
    ways = AllOf(tuple(conditions)).completions(NOTHING_KNOWN)
    assert ways, f"no findings make these hold: {conditions!r}"
    assert all(kind == "finding" for kind, _, _ in ways[0]), f"not only findings: {ways[0]!r}"
    return {name: value for _, name, value in sorted(ways[0], key=lambda answer: completion_order({answer}))}


def red_flag_rules(knowledge_base: list[KnowledgeRule]) -> list[KnowledgeRule]:
    return [r for r in knowledge_base if any(isinstance(c, RaiseRedFlag) for c in r.then)]


def raised_red_flags(defined: KnowledgeRule) -> set[str]:
    return {c.red_flag for c in defined.then if isinstance(c, RaiseRedFlag)}


def facts_satisfying(condition, memory: dict) -> Optional[set[int]]:
    """The ids of the facts in ``memory`` (fact id -> fact) by which a condition
    holds, every alternative included, or None if it does not hold. A negative
    condition holds with no fact. Read from the rule language's meaning
    (``evaluate``), independently of how the engine compiles it, to check what
    a firing matched: a fact by which a clause holds is one that alone makes
    it hold."""
    if condition.connective:
        found = [facts_satisfying(part, memory) for part in condition.subclauses()]
        held = [facts for facts in found if facts is not None]
        if not held or (condition.connective == "all" and len(held) < len(found)):
            return None
        return set().union(*held)
    if condition.evaluate(WorkingMemoryView(memory.values())) is not True:
        return None
    if condition.negated:
        return set()
    if condition.evaluate(NOTHING_KNOWN) is True:
        # Holds whatever is known (any presentation): it rests on the presentation itself.
        return {i for i, fact in memory.items() if type(fact) is wm.Person}
    return {i for i, fact in memory.items() if condition.evaluate(WorkingMemoryView([fact])) is True}


class _PatternsComeAbout(WorkingMemoryView):
    """Nothing known; a pattern comes about by being concluded (a ("pattern",
    id, True) answer), so that a clause reading one can be completed."""

    def pattern_completions(self, pattern: str) -> tuple:
        return (frozenset({("pattern", pattern, True)}),)


_FROM_NOTHING = _PatternsComeAbout(())


def rests_on_something_present(condition, patterns: bool = True) -> bool:
    """The condition can be made to hold, and only with a finding given
    present (or, with ``patterns``, a pattern concluded): so read from every
    way its completions make it hold from nothing known."""
    ways = condition.completions(_FROM_NOTHING)
    wanted = ("finding", "pattern") if patterns else ("finding",)
    return bool(ways) and all(any(kind in wanted and value is True for kind, _, value in way) for way in ways)
