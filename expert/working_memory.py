"""experta Fact classes: what the engine knows and what it derives.

Input facts (``Finding``, ``Person``) come from a validated presentation.
Derived facts are asserted only by rule firings, so each one has a place in
the trace.
"""
from __future__ import annotations

from expert.compat import experta

Fact = experta.Fact


class Field(experta.Field):
    """experta's ``Field`` with a plain type check.

    experta validates every field through the ``schema`` library on every
    declaration, which costs more than the matching itself; these fields only
    ever hold simple types, so ``isinstance`` says the same thing faster.
    """

    def __init__(self, types, mandatory=False, default=experta.Field.NODEFAULT):
        self.types = types
        self.mandatory = mandatory
        self.default = default

    def validate(self, data):
        if not isinstance(data, self.types):
            raise TypeError(f"expected {self.types}, got {data!r}")


class Finding(Fact):
    """A finding given as present (``present=True``) or checked and absent.

    Unknown findings have no fact at all: unknown is not absent.
    """
    id = Field(str, mandatory=True)
    present = Field(bool, mandatory=True)


class Person(Fact):
    """Who the findings belong to; age and sex may be unknown (None)."""
    age = Field((int, type(None)), mandatory=True)
    sex = Field((str, type(None)), mandatory=True)


class Pattern(Fact):
    """An intermediate clinical pattern, e.g. neurogenic claudication."""
    id = Field(str, mandatory=True)


class RedFlag(Fact):
    """A red-flag pattern that needs emergency care; one fact per rule that found it."""
    id = Field(str, mandatory=True)
    rule = Field(str, mandatory=True)


class Evidence(Fact):
    """One rule's certainty factor for or against a condition (-1 to 1)."""
    condition = Field(str, mandatory=True)
    cf = Field(float, mandatory=True)
    rule = Field(str, mandatory=True)


class Hypothesis(Fact):
    """A condition's combined certainty and the contributions behind it.

    ``contributions`` is a tuple of (rule id, certainty factor) pairs in the
    order they were combined.
    """
    condition = Field(str, mandatory=True)
    certainty = Field(float, mandatory=True)
    contributions = Field(tuple, mandatory=True)


class Consider(Fact):
    """A cause outside the knowledge base worth considering, and the rule that named it."""
    cause = Field(str, mandatory=True)
    rule = Field(str, mandatory=True)


class Fit(Fact):
    """How well the reasonably supported conditions and red flags account for
    the symptoms and signs given: ``status`` (explained, partly_explained,
    no_known_cause) and the finding ids they leave ``unexplained``."""
    status = Field(str, mandatory=True)
    unexplained = Field(tuple, mandatory=True)


class UrgencyClaim(Fact):
    """A reason for a triage level: a red flag, a supported condition or a rule."""
    level = Field(str, mandatory=True)
    because = Field(str, mandatory=True)


class Triage(Fact):
    """The most urgent claim so far, and every reason at that level."""
    level = Field(str, mandatory=True)
    because = Field(tuple, mandatory=True)


class Recommendation(Fact):
    """A next step and the conclusion it serves."""
    action = Field(str, mandatory=True)
    serves = Field(str, mandatory=True)
    rule = Field(str, mandatory=True)


INPUT_FACT_TYPES = (Finding, Person)
DERIVED_FACT_TYPES = (Pattern, RedFlag, Evidence, Consider, Hypothesis, Fit, UrgencyClaim, Triage, Recommendation)
