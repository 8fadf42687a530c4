"""The rule language compiled to experta (``expert.engine.compiler``): every
clause and conclusion kind the DSL defines has one compilation, and a kind
without one is refused by name when an engine is built."""
from dataclasses import dataclass

import pytest

from expert import dsl
from expert.dsl import Clause, RuleDefinitionError, Weigh, present
from expert.engine import working_memory as wm
from expert.engine.compiler import FACT_CLASS, compile_rule, conclusion_fact, conditional_element
from expert.engine.core import build_engine_class
from expert.knowledge_base import default_knowledge_base
from facts.presentation import Presentation


def kinds_defined_in_the_dsl(base):
    return sorted((k for k in vars(dsl).values()
                   if isinstance(k, type) and issubclass(k, base) and k is not base), key=lambda k: k.__name__)


@pytest.mark.parametrize("kind", kinds_defined_in_the_dsl(Clause), ids=lambda k: k.__name__)
def test_every_clause_kind_has_a_compilation(kind):
    assert conditional_element.dispatch(kind) is not conditional_element.dispatch(object)


@pytest.mark.parametrize("kind", kinds_defined_in_the_dsl(dsl.Conclusion), ids=lambda k: k.__name__)
def test_every_conclusion_kind_names_a_working_memory_fact(kind):
    assert kind.kind in FACT_CLASS


def test_every_library_conclusion_compiles_to_a_fact_with_its_fields():
    for defined in default_knowledge_base().rules:
        for conclusion in defined.then:
            fact = conclusion_fact(conclusion, defined)
            assert type(fact).__name__ == conclusion.kind
            assert {k: fact[k] for k in conclusion.fields(defined)} == conclusion.fields(defined)


@dataclass(frozen=True)
class Mystery(Clause):
    """A clause kind with every meaning but an experta compilation."""
    def evaluate(self, view):
        return True

    def completions(self, view):
        return (frozenset(),)

    def reads(self):
        return (("finding", "knee_locking"),)

    def bound(self, view, possible):
        return True

    def describe(self):
        return "a mystery"


def test_a_clause_kind_without_a_compilation_is_refused_naming_it():
    mystery = dsl.rule(id="test.mystery", title="t", rationale="r", cites=dsl.Citation("doc", "Doc", "passage"),
                       when=[present("knee_locking"), Mystery()], then=[Weigh("meniscal_tear", 0.5)])
    with pytest.raises(RuleDefinitionError, match="Mystery has no experta compilation"):
        build_engine_class([mystery])


def test_alternative_findings_compile_to_one_membership_pattern_matching_the_same_facts():
    defined = dsl.rule(id="test.alternatives", title="t", rationale="r", cites=dsl.Citation("doc", "Doc", "p"),
                       when=[dsl.any_present("knee_locking", "knee_pain", "knee_swelling")],
                       then=[Weigh("meniscal_tear", 0.5)])
    element = conditional_element(defined.when[0])
    assert isinstance(element, wm.Finding)
    engine = build_engine_class([defined])()
    for finding in ("knee_locking", "knee_pain", "knee_swelling", "low_back_pain"):
        inference = engine.infer(Presentation(findings={finding: True}))
        fired = [f.rule for f in inference.firings]
        assert ("test.alternatives" in fired) is (finding != "low_back_pain"), finding


def test_a_compiled_rule_carries_its_knowledge_rule_and_salience():
    defined = default_knowledge_base().rules[0]
    compiled = compile_rule(defined, lambda engine, rule: None)
    assert compiled._wrapped.knowledge_rule is defined and compiled.salience == defined.salience
