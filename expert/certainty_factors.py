"""Certainty factors: how the evidence for and against a condition combines.

Each rule that weighs a condition contributes a certainty factor (CF) in
[-1, 1]: positive for evidence that supports the condition, negative for
evidence against it (typically a finding given as absent). Contributions
combine as in MYCIN (Shortliffe and Buchanan, 1975)::

    both >= 0:    cf1 + cf2 * (1 - cf1)
    both <  0:    cf1 + cf2 * (1 + cf1)
    mixed signs:  (cf1 + cf2) / (1 - min(|cf1|, |cf2|))

The combination is commutative and associative, so the order in which rules
fire does not change the result beyond floating-point rounding; results are
rounded to ``PRECISION`` places so the output is stable.

A condition is *in the differential* when its combined certainty is above 0
and at least one rule supported it; its reported certainty is then the
combined CF, which lies in (0, 1]. It is *reasonably supported* (and so can
set the triage level and earn recommendations) at ``REASONABLY_SUPPORTED``.
"""
from __future__ import annotations


REASONABLY_SUPPORTED = 0.5
PRECISION = 4


def combine(cf1: float, cf2: float) -> float:
    """MYCIN combination of two certainty factors in [-1, 1]."""
    if cf1 >= 0 and cf2 >= 0:
        result = cf1 + cf2 * (1 - cf1)
    elif cf1 < 0 and cf2 < 0:
        result = cf1 + cf2 * (1 + cf1)
    else:
        denominator = 1 - min(abs(cf1), abs(cf2))
        result = 0.0 if denominator == 0 else (cf1 + cf2) / denominator
    return round(max(-1.0, min(1.0, result)), PRECISION)


def in_differential(certainty: float, contributions) -> bool:
    """Whether a condition with this combined certainty and these (rule, cf)
    contributions is in the differential: above 0, with some support."""
    return round(certainty, PRECISION) > 0 and any(cf > 0 for _, cf in contributions)
