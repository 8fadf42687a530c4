"""The shipped matcher (``expert.engine.fast_matcher.CompiledMatcher``) and the
indexed RETE matcher (``expert.engine.matcher``, its fallback) are faster paths
only: with either, the engine fires exactly the rules experta's stock
ReteMatcher fires, in the same order, with the same trace."""
import pytest
from hypothesis import HealthCheck, given, settings

from expert.engine import working_memory as wm
from expert.cases import load_case_library
from expert.engine.experta_import import experta  # experta itself imports only through expert.engine.experta_import
from experta.matchers.rete.utils import prepare_rule
from expert.engine.fast_matcher import CompiledMatcher, _prepared
from expert.engine.core import TracedEngine
from expert.knowledge_base import default_knowledge_base
from expert.engine.matcher import IndexedReteMatcher
from facts.presentation import parse_presentation
from tests.strategies import presentations

KB = default_knowledge_base()
ReteMatcher = experta.matchers.ReteMatcher


class StockMatcherEngine(KB.engine_class):
    """The same rules and strategy on experta's own matcher."""
    __matcher__ = ReteMatcher


class IndexedMatcherEngine(KB.engine_class):
    """The same rules and strategy on the indexed RETE network."""
    __matcher__ = IndexedReteMatcher


STOCK = StockMatcherEngine()
INDEXED = IndexedMatcherEngine()


def trace(inference) -> list:
    return [(f.step, f.rule, f.matched, f.bindings, f.asserted, f.retracted, f.reaffirmed)
            for f in inference.firings]


def facts(inference) -> dict:
    return {i: (type(f).__name__, f.as_dict()) for i, f in inference.facts.items()}


def same_run(presentation) -> None:
    stock = STOCK.infer(presentation)
    expected = (trace(stock), facts(stock))
    for engine in (KB.engine(), INDEXED):
        ran = engine.infer(presentation)
        assert (trace(ran), facts(ran)) == expected, type(engine.matcher).__name__


def test_the_shipped_engine_uses_the_compiled_matcher():
    assert isinstance(KB.engine().matcher, CompiledMatcher) and KB.engine().matcher.fallback is None
    assert type(STOCK.matcher) is ReteMatcher and type(INDEXED.matcher) is IndexedReteMatcher


@pytest.mark.parametrize("case", load_case_library(), ids=lambda c: c.id)
def test_every_library_case_runs_as_on_the_stock_matcher(case):
    same_run(case.presentation)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(presentations)
def test_any_presentation_runs_as_on_the_stock_matcher(data):
    same_run(parse_presentation(data))


def test_rules_are_prepared_as_experta_prepares_them():
    """The compiled matcher's shortcut for flat rules (and its memo for the
    others) gives experta's own prepare_rule result: same conditions, same
    function, same salience."""
    rules = KB.engine().get_rules()
    assert rules
    for rule in rules:
        assert _prepared(rule) == prepare_rule(rule), rule.__name__


class _ExistsEngine(TracedEngine):
    """A rule form the compiled matcher leaves to the indexed RETE network."""

    @experta.Rule(experta.EXISTS(wm.Finding(present=True)), wm.Person(age=experta.MATCH.age))
    def something_present(self, age):
        self.declare(wm.Pattern(id=f"present-{age}"))

    @experta.Rule(wm.Finding(id=experta.MATCH.finding, present=True), experta.NOT(wm.Pattern(id="none")))
    def each_present(self, finding):
        self.declare(wm.Pattern(id=finding))


class _ExistsStockEngine(_ExistsEngine):
    __matcher__ = ReteMatcher


def test_a_rule_form_it_does_not_compile_falls_back_to_the_indexed_network_whole():
    engine = _ExistsEngine()
    assert isinstance(engine.matcher, CompiledMatcher)
    assert isinstance(engine.matcher.fallback, IndexedReteMatcher)
    presentation = load_case_library()[0].presentation
    ran, stock = engine.infer(presentation), _ExistsStockEngine().infer(presentation)
    assert ran.firings and (trace(ran), facts(ran)) == (trace(stock), facts(stock))
