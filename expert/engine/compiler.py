"""The rule language (``expert.dsl``) compiled to experta.

The DSL is data with its own meaning (``Clause.evaluate``); this module is
the one place that says what each clause and conclusion is in experta's
terms: a clause becomes a conditional element (a fact pattern, ``NOT``,
``OR``, ``AND``), a conclusion becomes a working-memory fact, and a rule
becomes an ``experta.Rule`` with its layer's salience. A clause kind with no
compilation here is refused when the engine is built, naming the kind.
"""
from __future__ import annotations

from functools import lru_cache, singledispatch
from typing import Callable

from expert.dsl import (AgeInRange, AllOf, AnyOf, AnyPresentation, Clause, Conclusion, FindingIs,
                        FindingNotPresent, FitIs, HasPattern, HasRedFlag, KnowledgeRule, LacksPattern, NoRedFlag,
                        NotSupported, NoUrgencyClaim, RuleDefinitionError, SexIs, Supported, TriageIs)
from expert.engine import working_memory as wm
from expert.engine.experta_import import experta

AND, OR, NOT, P, W = experta.AND, experta.OR, experta.NOT, experta.P, experta.W

FACT_CLASS = {fact_type.__name__: fact_type for fact_type in wm.INPUT_FACT_TYPES + wm.DERIVED_FACT_TYPES}
"""The working-memory fact type of each fact kind the DSL names."""


@lru_cache(maxsize=None)
def _at_least(threshold: float):
    # One predicate per threshold, so experta shares its test node.
    return P(lambda certainty: certainty >= threshold)


class OneOf:
    """A membership test experta can use as a predicate (``P``), interned so
    that equal sets share one RETE test node and ``expert.engine.matcher`` can
    index it by value like a literal."""

    __slots__ = ("values",)

    def __init__(self, values: frozenset):
        self.values = values

    def __call__(self, value) -> bool:
        return value in self.values

    def __repr__(self):
        return f"OneOf({sorted(self.values)!r})"


@lru_cache(maxsize=None)
def one_of(values: frozenset):
    return P(OneOf(values))


@singledispatch
def conditional_element(clause: Clause):
    """The experta conditional element that matches exactly when ``clause`` holds."""
    raise RuleDefinitionError(f"the clause kind {type(clause).__name__} has no experta compilation "
                              "(expert.engine.compiler.conditional_element)")


@conditional_element.register
def _(clause: FindingIs):
    return wm.Finding(id=clause.finding, present=clause.value)


@conditional_element.register
def _(clause: FindingNotPresent):
    return NOT(wm.Finding(id=clause.finding, present=True))


@conditional_element.register
def _(clause: HasPattern):
    return wm.Pattern(id=clause.pattern)


@conditional_element.register
def _(clause: LacksPattern):
    return NOT(wm.Pattern(id=clause.pattern))


@conditional_element.register
def _(clause: HasRedFlag):
    return wm.RedFlag(id=clause.red_flag if clause.red_flag else W())


@conditional_element.register
def _(clause: NoRedFlag):
    return NOT(wm.RedFlag(id=W()))


@conditional_element.register
def _(clause: Supported):
    return wm.Hypothesis(condition=clause.condition, certainty=_at_least(clause.threshold))


@conditional_element.register
def _(clause: NotSupported):
    return NOT(wm.Hypothesis(condition=clause.condition, certainty=_at_least(clause.threshold)))


@conditional_element.register
def _(clause: NoUrgencyClaim):
    return NOT(wm.UrgencyClaim(level=W()))


@conditional_element.register
def _(clause: FitIs):
    return wm.Fit(status=clause.status)


@conditional_element.register
def _(clause: TriageIs):
    return wm.Triage(level=clause.level)


@conditional_element.register
def _(clause: AgeInRange):
    return wm.Person(age=P(clause.test))


@conditional_element.register
def _(clause: AnyPresentation):
    return wm.Person()


@conditional_element.register
def _(clause: SexIs):
    return wm.Person(sex=clause.sex)


@conditional_element.register
def _(clause: AnyOf):
    # Alternative findings with the same value compile to one pattern with a
    # membership test rather than an OR, which experta would split into one
    # copy of the whole rule per option. It matches the same facts.
    values = {option.value for option in clause.options if isinstance(option, FindingIs)}
    if len(values) == 1 and all(isinstance(option, FindingIs) for option in clause.options):
        ids = frozenset(option.finding for option in clause.options)
        return wm.Finding(id=one_of(ids), present=values.pop())
    return OR(*[conditional_element(option) for option in clause.options])


@conditional_element.register
def _(clause: AllOf):
    return AND(*[conditional_element(part) for part in clause.parts])


def conclusion_fact(conclusion: Conclusion, defined: KnowledgeRule):
    """The working-memory fact a conclusion of ``defined`` asserts."""
    return FACT_CLASS[conclusion.kind](**conclusion.fields(defined))


def compile_rule(defined: KnowledgeRule, fire: Callable) -> "experta.Rule":
    """The experta Rule for a knowledge rule; ``fire(engine, rule)`` asserts its conclusions."""
    def action(engine):
        fire(engine, defined)

    action.__name__ = defined.id.replace(".", "__")
    action.knowledge_rule = defined
    return experta.Rule(*[conditional_element(c) for c in defined.when], salience=defined.salience)(action)
