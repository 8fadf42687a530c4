"""The certainty-factor algebra, and the properties of it that WHAT IF's
screen relies on (expert/explanations/screen.py)."""
from functools import reduce

from hypothesis import given
from hypothesis import strategies as st

from expert.certainty_factors import REASONABLY_SUPPORTED, combine, in_differential

factor = st.floats(min_value=-1.0, max_value=1.0, allow_nan=False)
against = st.floats(min_value=-1.0, max_value=0.0, allow_nan=False, exclude_max=True)
supporting = st.floats(min_value=0.0, max_value=1.0, allow_nan=False, exclude_min=True)


def combined(factors) -> float:
    """As the machinery combines a condition's evidence: in order, from 0."""
    return reduce(combine, factors, 0.0)


@given(factor, factor)
def test_a_combination_stays_a_certainty_factor(a, b):
    assert -1.0 <= combine(a, b) <= 1.0


@given(factor, factor, factor)
def test_combining_is_monotone_in_the_certainty_so_far(a, b, c):
    low, high = sorted((a, b))
    assert combine(low, c) <= combine(high, c)


@given(factor, against)
def test_evidence_against_never_raises_a_certainty(certainty, cf):
    assert combine(round(certainty, 4), cf) <= round(certainty, 4)


@given(st.lists(factor, max_size=8), against, st.data())
def test_evidence_against_added_anywhere_never_raises_the_combined_certainty(factors, cf, data):
    position = data.draw(st.integers(min_value=0, max_value=len(factors)))
    assert combined(factors[:position] + [cf] + factors[position:]) <= combined(factors)


@given(st.lists(factor, max_size=8), supporting, st.data())
def test_evidence_for_added_anywhere_never_lowers_the_combined_certainty(factors, cf, data):
    position = data.draw(st.integers(min_value=0, max_value=len(factors)))
    assert combined(factors[:position] + [cf] + factors[position:]) >= combined(factors)


@given(st.lists(supporting, min_size=1, max_size=8), st.data())
def test_the_order_of_support_moves_its_combination_by_rounding_only(factors, data):
    """The screen bounds a certainty by its support combined in its own
    order, with 1e-4 of slack per factor."""
    reordered = data.draw(st.permutations(factors))
    assert abs(combined(reordered) - combined(factors)) <= 1e-4 * len(factors)


@given(st.lists(factor, max_size=8))
def test_the_support_alone_bounds_the_combined_certainty(factors):
    assert combined(factors) <= combined([cf for cf in factors if cf > 0])


@given(st.lists(against, max_size=8))
def test_evidence_only_against_combines_to_at_most_zero(factors):
    certainty = combined(factors)
    assert certainty <= 0 < REASONABLY_SUPPORTED
    assert not in_differential(certainty, [("rule", cf) for cf in factors])


def test_a_condition_is_in_the_differential_only_above_zero_and_with_support():
    assert in_differential(0.3, [("a", 0.3)])
    assert not in_differential(0.0, [("a", 0.3), ("b", -0.3)])
    assert not in_differential(0.3, [("a", -0.3)])
