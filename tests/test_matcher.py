"""The indexed matcher (``expert.engine.matcher``) is a faster path only: with it
the engine fires exactly the rules experta's stock ReteMatcher fires, in the
same order, with the same trace."""
import pytest
from hypothesis import HealthCheck, given, settings

from expert.cases import load_case_library
from expert.engine.experta_import import experta  # experta itself imports only through expert.engine.experta_import
from expert.knowledge_base import default_knowledge_base
from expert.engine.matcher import IndexedReteMatcher
from facts.presentation import parse_presentation
from tests.strategies import presentations

KB = default_knowledge_base()
ReteMatcher = experta.matchers.ReteMatcher


class StockMatcherEngine(KB.engine_class):
    """The same rules and strategy on experta's own matcher."""
    __matcher__ = ReteMatcher


STOCK = StockMatcherEngine()


def trace(inference) -> list:
    return [(f.step, f.rule, f.matched, f.bindings, f.asserted, f.retracted, f.reaffirmed)
            for f in inference.firings]


def same_run(presentation) -> None:
    fast = KB.engine().infer(presentation)
    stock = STOCK.infer(presentation)
    assert trace(fast) == trace(stock)
    assert {i: (type(f).__name__, f.as_dict()) for i, f in fast.facts.items()} == \
        {i: (type(f).__name__, f.as_dict()) for i, f in stock.facts.items()}


def test_the_shipped_engine_uses_the_indexed_matcher():
    assert isinstance(KB.engine().matcher, IndexedReteMatcher) and type(STOCK.matcher) is ReteMatcher


@pytest.mark.parametrize("case", load_case_library(), ids=lambda c: c.id)
def test_every_library_case_runs_as_on_the_stock_matcher(case):
    same_run(case.presentation)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(presentations)
def test_any_presentation_runs_as_on_the_stock_matcher(data):
    same_run(parse_presentation(data))
