"""Read what a rule needs straight from its conditions (for property tests)."""
from expert.dsl import AllOf, AnyOf, FindingIs, KnowledgeRule, RaiseRedFlag


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
