"""experta Fact classes: what the engine knows and what it derives.

Input facts (``Finding``, ``Person``) come from a validated presentation.
Derived facts are asserted only by rule firings, so each one has a place in
the trace.
"""
from __future__ import annotations

import copy

from expert.engine.experta_import import experta

from experta.conditionalelement import ConditionalElement
from experta.utils import unfreeze

# Field values experta's ``freeze`` and ``unfreeze`` return unchanged (a
# plain tuple included: neither looks inside one).
_PLAIN = frozenset({str, int, float, bool, type(None), tuple})

_ABSENT = object()  # a field not given (None is a value)


class Fact(experta.Fact):
    """experta's ``Fact``, built and read without a ``singledispatch`` call
    per field: every fact here holds plain values, which experta's
    ``freeze``/``unfreeze`` would return as they are. Anything else still
    goes through them."""

    plain_fields: frozenset = frozenset()

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        # The fields whose names need no look at declaration: no double
        # underscore anywhere, so neither special (``__factid__``) nor a
        # nested accessor. A fact holding only these (every fact a rule
        # asserts) answers has_nested_accessor and gives its content key
        # (``expert.engine.core``) without a loop over its keys.
        cls.plain_fields = frozenset(name for name in cls.__fields__
                                     if isinstance(name, str) and "__" not in name)

    def __init__(self, *args, **kwargs):
        if args:
            super().__init__(*args, **kwargs)
            return
        for key, value in kwargs.items():
            if type(value) in _PLAIN:
                dict.__setitem__(self, key, value)
            else:
                self[key] = value  # experta's own: freezes the value
        # experta's __init__ also gives every fact an empty dict of defaults
        # (``_Fact__defaults``); here __missing__ makes it on first need.

    def __missing__(self, key):
        """experta's (a field's default, kept once computed), with the dict
        that keeps them made when a default is first asked for rather than
        for every fact (few facts ever miss a field)."""
        try:
            self._Fact__defaults
        except AttributeError:
            self._Fact__defaults = {}
        return super().__missing__(key)

    # experta asks these of every fact on every declare; the same answers,
    # without a generator per fact (a plain value is never a CE).
    def has_field_constraints(self):
        for value in self.values():
            if type(value) not in _PLAIN and isinstance(value, ConditionalElement):
                return True
        return False

    def has_nested_accessor(self):
        if self.keys() <= self.plain_fields:
            return False
        for key in self:
            if "__" in str(key).strip("__"):
                return True
        return False

    def validate(self):
        """experta's check of every field (a ValueError naming the field),
        reading each value once instead of a membership test and a look-up."""
        for name, field in self.__fields__.items():
            value = dict.get(self, name, _ABSENT)
            if value is _ABSENT:
                if field.mandatory:
                    raise ValueError("Mandatory field %r is not defined for fact %r" % (name, self))
                continue
            if type(field) is Field:  # ours: its check inline, without a call per field
                if isinstance(value, field.types):
                    continue
                raise ValueError("Invalid value on field %r for fact %r" % (name, self)) from TypeError(
                    f"expected {field.types}, got {value!r}")
            try:
                field.validate(value)
            except Exception as exc:
                raise ValueError("Invalid value on field %r for fact %r" % (name, self)) from exc

    def __hash__(self):
        """experta's hash, cached as experta caches it, but for a declared
        fact computed from its class and id rather than from a frozenset of
        all its items: the matcher puts every fact in sets, once each, and
        equal declared facts (same class, same items, ``__factid__``
        included) still hash alike. Which hash a fact gets never orders
        anything: experta's own depends on the string hash seed."""
        try:
            return self._hash
        except AttributeError:
            fact_id = dict.get(self, "__factid__")
            self._hash = (hash(frozenset(self.items())) if fact_id is None
                          else hash((type(self), fact_id)))
            return self._hash

    def as_dict(self):
        return {key: value if type(value) in _PLAIN else unfreeze(value)
                for key, value in self.items()
                if not (isinstance(key, str) and key.startswith("__") and key.endswith("__"))}  # is_special

    def sorted_items(self) -> list:
        """``sorted(self.as_dict().items())`` without building the dict
        first: the keys sorted, the special ones (``__factid__``) skipped."""
        try:
            keys = sorted(self)
        except TypeError:  # positional fields (int keys) beside a special one (str)
            return sorted(self.as_dict().items())
        items = []
        for key in keys:
            if isinstance(key, str) and key.startswith("__") and key.endswith("__"):
                continue
            value = dict.__getitem__(self, key)
            items.append((key, value if type(value) in _PLAIN else unfreeze(value)))
        return items


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


class WorkingMemoryView:
    """Facts in working memory read as the rule language's ``FactsView``
    (``expert.dsl``): closed, as the engine sees them. A finding not given
    is not there; a condition nothing weighed has certainty 0."""
    closed = True

    def __init__(self, facts):
        self.findings: dict[str, bool] = {}
        self.age = self.sex = None
        self.patterns: set[str] = set()
        self.red_flags: set[str] = set()
        self.certainties: dict[str, float] = {}
        self.claims = 0
        self.levels: set[str] = set()
        self.statuses: set[str] = set()
        for fact in facts:
            kind = type(fact)
            if kind is Finding:
                self.findings[fact["id"]] = fact["present"]
            elif kind is Person:
                self.age, self.sex = fact.get("age"), fact.get("sex")
            elif kind is Pattern:
                self.patterns.add(fact["id"])
            elif kind is RedFlag:
                self.red_flags.add(fact["id"])
            elif kind is Hypothesis:
                self.certainties[fact["condition"]] = fact["certainty"]
            elif kind is UrgencyClaim:
                self.claims += 1
            elif kind is Triage:
                self.levels.add(fact["level"])
            elif kind is Fit:
                self.statuses.add(fact["status"])

    @classmethod
    def of_findings(cls, findings: dict, age=None, sex=None) -> "WorkingMemoryView":
        """Working memory holding only these findings, age and sex (nothing
        derived yet), without building a fact for each: cheap enough to ask
        of every rule on every assessment."""
        view = cls(())
        view.findings = findings
        view.age, view.sex = age, sex
        return view

    def with_finding(self, finding: str, value) -> "WorkingMemoryView":
        """The same working memory with one finding given otherwise (None: not given)."""
        changed = copy.copy(self)
        changed.findings = {**self.findings, finding: value}
        if value is None:
            del changed.findings[finding]
        return changed

    def with_pattern(self, pattern: str, present: bool) -> "WorkingMemoryView":
        """The same working memory with one pattern concluded or not."""
        changed = copy.copy(self)
        changed.patterns = self.patterns | {pattern} if present else self.patterns - {pattern}
        return changed

    def with_certainty(self, condition: str, certainty: float) -> "WorkingMemoryView":
        """The same working memory with one condition's certainty otherwise."""
        changed = copy.copy(self)
        changed.certainties = {**self.certainties, condition: certainty}
        return changed

    def finding(self, finding: str):
        return self.findings.get(finding)

    def pattern(self, pattern: str) -> bool:
        return pattern in self.patterns

    def red_flag(self, red_flag) -> bool:
        return bool(self.red_flags) if red_flag is None else red_flag in self.red_flags

    def certainty(self, condition: str) -> float:
        return self.certainties.get(condition, 0.0)

    def urgency_claimed(self) -> bool:
        return self.claims > 0

    def triage(self, level: str) -> bool:
        return level in self.levels

    def fit(self, status: str) -> bool:
        return status in self.statuses

    # Working memory knows no rules: a pattern or red flag it lacks cannot be
    # said to come about by any answers (``expert.dsl.Clause.completions``).
    def pattern_completions(self, pattern: str) -> tuple:
        return ()

    def red_flag_completions(self, red_flag) -> tuple:
        return ()
