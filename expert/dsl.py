"""The rule language that `rules/` modules are written in.

A knowledge rule is a documented unit, in the manner of an Arden Syntax
medical logic module: an id, a title, the citation it rests on (document and
quoted passage), a one-line rationale, and right below them its logic::

    rule(
        id="rf.cauda_equina.saddle",
        title="Saddle numbness",
        cites=LEG_BUCKLING.quote("numbness in the “saddle area” around the inner thighs and buttocks"),
        rationale="Saddle anaesthesia is a cardinal sign of cauda equina compression.",
        when=[present("saddle_numbness")],
        then=[red_flag("suspected_cauda_equina"), supports("cauda_equina_syndrome", 0.8)],
    )

``when`` conditions and ``then`` conclusions are small declarative objects.
They are data: the engine's backend (``expert.engine.compiler``) compiles them
to experta conditional elements and facts; this module imports nothing of
experta. They stay introspectable, so explanations, the rule book and WHY NOT read
the rule itself rather than text written about it.

Reasoning runs in layers (salience): findings -> patterns -> red flags
-> evidence for and against conditions -> combined certainty -> urgency ->
triage -> recommendations. A rule fires in the layer of its conclusions and may
only read what earlier layers (or its own, for positive patterns) produce;
``rule()`` checks this when the rule is defined.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from itertools import product
from typing import Iterable, Optional, Protocol

from expert.certainty_factors import REASONABLY_SUPPORTED
from facts.presentation import suggest
from facts.vocabulary import (ACTIONS, CONDITIONS, FINDINGS, FIT_STATUSES, OUTSIDE_CAUSES, PATTERNS, RED_FLAGS,
                              TRIAGE_LEVELS)


class RuleDefinitionError(ValueError):
    """A knowledge rule is malformed: unknown id, bad certainty, wrong layer..."""


# Layers (salience): higher fires first. Each derived fact kind is
# produced in one layer; the machinery layers sit between the knowledge ones.
LAYER = {
    "pattern": 60,
    "red_flag": 50,
    "evidence": 40,
    "combine": 35,
    "fit": 30,
    "urgency": 25,
    "fallback_urgency": 22,
    "triage": 15,
    "recommendation": 10,
}
FACT_KIND_READ = {
    "finding": "Finding", "age": "Person", "sex": "Person", "presentation": "Person",
    "pattern": "Pattern", "red_flag": "RedFlag", "certainty": "Hypothesis",
    "urgency": "UrgencyClaim", "triage": "Triage", "fit": "Fit",
}
"""The working-memory fact kind each thing a clause ``reads()`` is held in."""
PRODUCED_IN = {
    "Finding": 100,
    "Person": 100,
    "Pattern": LAYER["pattern"],
    "RedFlag": LAYER["red_flag"],
    "Evidence": LAYER["evidence"],
    "Consider": LAYER["evidence"],
    "Hypothesis": LAYER["combine"],
    "Fit": LAYER["fit"],
    "UrgencyClaim": LAYER["urgency"],
    "Triage": LAYER["triage"],
}


# --------------------------------------------------------------------------
# Citations


_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-"})


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    return re.sub(r"\s+", " ", text).strip().lower()


@dataclass(frozen=True)
class Citation:
    """What a rule rests on. From a source document, ``passage`` is a verbatim
    quote; from a guideline (``beyond_sources``), it is the guideline's
    recommendation in brief, with the section and URL to read it in full."""
    document: str
    title: str
    passage: str
    section: str = ""
    url: str = ""
    beyond_sources: bool = False


@dataclass(frozen=True)
class Document:
    """A source document; ``quote`` refuses a passage that is not in it."""
    id: str
    title: str
    text: str = field(repr=False)

    def quote(self, passage: str) -> Citation:
        if _normalise(passage) not in _normalise(self.text):
            raise RuleDefinitionError(
                f"the passage {passage[:60]!r}... is not quoted verbatim from {self.id!r}"
            )
        return Citation(self.id, self.title, passage)


@dataclass(frozen=True)
class Guideline:
    """A public clinical guideline, cited where safety needs knowledge the
    source documents lack. Rules citing it are marked beyond the source
    documents wherever they are shown."""
    id: str
    title: str
    url: str

    def cite(self, section: str, recommendation: str) -> Citation:
        if not section.strip() or not recommendation.strip():
            raise RuleDefinitionError(f"a citation of {self.id!r} needs a section and the recommendation it rests on")
        return Citation(self.id, self.title, recommendation.strip(), section=section.strip(),
                        url=self.url, beyond_sources=True)


# --------------------------------------------------------------------------
# Clauses (the "when" part)


class FactsView(Protocol):
    """What a clause is evaluated against: the findings, age and sex, and
    the derived facts. Every answer is three-valued: True, False, or None
    for "not known (yet)". A ``closed`` view is what the engine sees: a
    finding not given is simply not there, so a clause that needs it given
    is False, not None; derived facts are known."""
    closed: bool
    age: Optional[int]
    sex: Optional[str]

    def finding(self, finding: str) -> Optional[bool]: ...
    def pattern(self, pattern: str) -> Optional[bool]: ...
    def red_flag(self, red_flag: Optional[str]) -> Optional[bool]: ...  # None: any red flag
    def certainty(self, condition: str) -> Optional[float]: ...  # 0.0 when nothing weighed it
    def urgency_claimed(self) -> Optional[bool]: ...
    def triage(self, level: str) -> Optional[bool]: ...
    def fit(self, status: str) -> Optional[bool]: ...
    # How a pattern or red flag not concluded could still come about: the
    # completions (below) of the rules that conclude it. The clause knows
    # what it reads; only the view knows the rules and what was tried.
    def pattern_completions(self, pattern: str) -> Iterable["Answers"]: ...
    def red_flag_completions(self, red_flag: Optional[str]) -> Iterable["Answers"]: ...  # None: any


class AnswersView(Protocol):
    """What ``Clause.bound`` reads: the findings known, which unknown ones
    may still be answered (yes, no or don't know; any other stays unknown),
    age and sex, and bounds on what other rules conclude over every way the
    answers could come: for some of them (``possible``) or for all."""
    age: Optional[int]
    sex: Optional[str]

    def finding(self, finding: str) -> Optional[bool]: ...
    def answerable(self, finding: str) -> bool: ...
    def pattern_bound(self, pattern: str, possible: bool) -> bool: ...
    def red_flag_bound(self, red_flag: Optional[str], possible: bool) -> bool: ...  # None: any red flag
    def certainty_reaches(self, condition: str, threshold: float, possible: bool) -> bool: ...
    def urgency_bound(self, possible: bool) -> bool: ...
    def triage_bound(self, level: str, possible: bool) -> bool: ...
    def fit_bound(self, status: str, possible: bool) -> bool: ...


Answers = frozenset
"""Answers still to come that complete a clause: ("finding", id, True or
False), ("age", "", years) and ("sex", "", sex) items."""

MAX_COMPLETIONS = 64
"""Completions kept per clause, smallest first (any_of of patterns can multiply)."""

_FINDING_ORDER = {finding: i for i, finding in enumerate(FINDINGS)}


def completion_order(answers: Answers) -> tuple:
    """Fewest answers first, then in vocabulary order: a fixed order."""
    return (len(answers), sorted((kind, _FINDING_ORDER.get(name, -1), name, repr(value))
                                 for kind, name, value in answers))


def merge_answers(choice: Iterable[Answers]) -> Optional[Answers]:
    """The answers together, or None if two of them disagree (a finding both
    present and absent, two ages)."""
    merged: dict = {}
    for answers in choice:
        for kind, name, value in answers:
            if merged.setdefault((kind, name), value) != value:
                return None
    return frozenset((kind, name, value) for (kind, name), value in merged.items())


def _in_order(found: Iterable[Answers]) -> tuple[Answers, ...]:
    return tuple(sorted(set(found), key=completion_order)[:MAX_COMPLETIONS])


def completions_of_any(alternatives: Iterable[Iterable[Answers]]) -> tuple[Answers, ...]:
    """Ways to make one of several clauses hold: any way of any of them."""
    return _in_order(answers for ways in alternatives for answers in ways)


def completions_of_all(parts: Iterable[Iterable[Answers]]) -> tuple[Answers, ...]:
    """Ways to make every one of several clauses hold: a way of each, where
    they agree."""
    merged = (merge_answers(choice) for choice in product(*[tuple(ways) for ways in parts]))
    return _in_order(answers for answers in merged if answers is not None)


_HOLDS = (frozenset(),)  # holds already: no answer needed


def _holds_as_is(clause: "Clause", view: "FactsView") -> tuple[Answers, ...]:
    """For a clause no answer can bring about (it reads what other rules
    conclude, or holds while a finding is unknown): it holds, or it cannot
    be made to."""
    return _HOLDS if clause.evaluate(view) is True else ()


def kleene_not(value: Optional[bool]) -> Optional[bool]:
    return None if value is None else not value


def kleene_any(values: Iterable[Optional[bool]]) -> Optional[bool]:
    """True if any is True, else None if any is unknown, else False."""
    unknown = False
    for value in values:
        if value is True:
            return True
        unknown = unknown or value is None
    return None if unknown else False


def kleene_all(values: Iterable[Optional[bool]]) -> Optional[bool]:
    """False if any is False, else None if any is unknown, else True (De
    Morgan: not any of the negations)."""
    return kleene_not(kleene_any(kleene_not(value) for value in values))


class Clause:
    """A clause of a rule's left-hand side (its ``when``). Named apart from a
    clinical condition (``facts.vocabulary.ConditionTerm``), which is what
    rules weigh, not what they test.

    Each kind carries its meaning in ``evaluate(view)``: holds (True), fails
    (False) or unknown (None) against a ``FactsView``. It is the one
    definition of what a clause means outside the engine; a kind without it
    is refused when a rule using it is defined (``check_rule``). So are
    ``completions(view)``, the answers still to come that would make it
    hold, ``reads()``, what it reads, and ``bound(view, possible)``, whether
    it could hold or must hold over every way questions still open could be
    answered. WHY NOT, the consultation's open rules, WHY and triage
    ceiling, WHAT IF's screen, the rule index and the rule book read rules
    through these, with no evaluator of their own."""

    negated = False
    connective: Optional[str] = None  # "any" or "all" for a clause made of clauses

    def evaluate(self, view: "FactsView") -> Optional[bool]:
        raise NotImplementedError

    def completions(self, view: "FactsView") -> tuple[Answers, ...]:
        """The ways to make the clause hold by answers still to come, each a
        set of ``Answers``, fewest first in a fixed order, at most
        ``MAX_COMPLETIONS``: ``(frozenset(),)`` when it holds already, ``()``
        when no answer can make it hold. A way that holds others is kept
        (not pruned to minimal sets): WHY NOT tries them on the engine in
        this order, and a smaller way may not make the rule fire."""
        raise NotImplementedError

    def reads(self) -> tuple[tuple[str, Optional[str]], ...]:
        """What the clause reads, as (kind, id) pairs: ("finding", id),
        ("pattern", id), ("red_flag", id or None for any), ("certainty",
        condition), ("urgency", None), ("triage", level), ("fit", status),
        ("age", None), ("sex", None) or ("presentation", None)."""
        raise NotImplementedError

    def bound(self, view: "AnswersView", possible: bool) -> bool:
        """Over every way the answerable findings could still be answered:
        whether the clause holds for some of them (``possible``) or for all
        (definitely). A clause holding by a fact's absence reads the other
        bound of that fact, so both stay sound."""
        raise NotImplementedError

    def subclauses(self) -> tuple["Clause", ...]:
        """The clauses this one is made of (any_of / all_of), in order."""
        return ()

    def fact_kinds(self) -> Iterable[tuple[str, bool]]:
        """(fact kind, read negatively?) pairs this clause reads; a kind is a
        working-memory fact type by name (``PRODUCED_IN``), derived from
        ``reads()``."""
        inner = self.subclauses()
        if inner:
            return [pair for clause in inner for pair in clause.fact_kinds()]
        return [(FACT_KIND_READ[kind], self.negated) for kind, _ in self.reads()]

    def describe(self) -> str:
        raise NotImplementedError

    def finding_ids(self) -> Iterable[str]:
        return ()

    def leaves(self) -> Iterable["Clause"]:
        """The simple conditions inside this one (through any_of / all_of)."""
        yield self

    def premises(self) -> Iterable[tuple[str, Optional[str]]]:
        """(fact kind, id or None for any) of the facts this clause needs
        present; ``fire_order_within_layers`` orders rules by them."""
        inner = self.subclauses()
        if inner:
            return [premise for clause in inner for premise in clause.premises()]
        return [] if self.negated else [(FACT_KIND_READ[kind], name) for kind, name in self.reads()]


@dataclass(frozen=True)
class FindingIs(Clause):
    finding: str
    value: bool

    def __post_init__(self):
        _check_id(self.finding, FINDINGS, "finding")



    def evaluate(self, view):
        given = view.finding(self.finding)
        if given is None:
            return False if view.closed else None
        return given is self.value


    def completions(self, view):
        given = view.finding(self.finding)
        if given is None:
            return (frozenset({("finding", self.finding, self.value)}),)
        return _HOLDS if given is self.value else ()

    def reads(self):
        return (("finding", self.finding),)


    def bound(self, view, possible):
        given = view.finding(self.finding)
        if given is None:
            return possible and view.answerable(self.finding)  # unknown is neither value: only an answer can make it hold
        return given is self.value

    def describe(self):
        state = "present" if self.value else "absent"
        return f"{self.finding} is {state}"

    def finding_ids(self):
        return (self.finding,)


@dataclass(frozen=True)
class FindingNotPresent(Clause):
    """True unless the finding is given as present (absent or unknown)."""
    finding: str
    negated = True

    def __post_init__(self):
        _check_id(self.finding, FINDINGS, "finding")



    def evaluate(self, view):
        return view.finding(self.finding) is not True  # absent or unknown


    def completions(self, view):
        return _holds_as_is(self, view)  # holds while unknown; an answer can only break it

    def reads(self):
        return (("finding", self.finding),)


    def bound(self, view, possible):
        given = view.finding(self.finding)
        if given is None:
            return possible or not view.answerable(self.finding)  # holds while unknown: only a yes can break it
        return given is not True

    def describe(self):
        return f"{self.finding} is not present (absent or unknown)"

    def finding_ids(self):
        return (self.finding,)


@dataclass(frozen=True)
class HasPattern(Clause):
    pattern: str

    def __post_init__(self):
        _check_id(self.pattern, PATTERNS, "pattern")



    def evaluate(self, view):
        return view.pattern(self.pattern)


    def completions(self, view):
        if self.evaluate(view) is True:
            return _HOLDS
        return _in_order(view.pattern_completions(self.pattern))

    def reads(self):
        return (("pattern", self.pattern),)


    def bound(self, view, possible):
        return view.pattern_bound(self.pattern, possible)

    def describe(self):
        return f"pattern {self.pattern}"



@dataclass(frozen=True)
class LacksPattern(Clause):
    pattern: str
    negated = True

    def __post_init__(self):
        _check_id(self.pattern, PATTERNS, "pattern")



    def evaluate(self, view):
        return kleene_not(view.pattern(self.pattern))


    def completions(self, view):
        return _holds_as_is(self, view)

    def reads(self):
        return (("pattern", self.pattern),)


    def bound(self, view, possible):
        return not view.pattern_bound(self.pattern, not possible)

    def describe(self):
        return f"no pattern {self.pattern}"


@dataclass(frozen=True)
class HasRedFlag(Clause):
    red_flag: Optional[str] = None  # None: any red flag

    def __post_init__(self):
        if self.red_flag is not None:
            _check_id(self.red_flag, RED_FLAGS, "red flag")



    def evaluate(self, view):
        return view.red_flag(self.red_flag)


    def completions(self, view):
        if self.evaluate(view) is True:
            return _HOLDS
        return _in_order(view.red_flag_completions(self.red_flag))

    def reads(self):
        return (("red_flag", self.red_flag),)


    def bound(self, view, possible):
        return view.red_flag_bound(self.red_flag, possible)

    def describe(self):
        return f"red flag {self.red_flag}" if self.red_flag else "any red flag"



@dataclass(frozen=True)
class NoRedFlag(Clause):
    negated = True



    def evaluate(self, view):
        return kleene_not(view.red_flag(None))


    def completions(self, view):
        return _holds_as_is(self, view)

    def reads(self):
        return (("red_flag", None),)


    def bound(self, view, possible):
        return not view.red_flag_bound(None, not possible)

    def describe(self):
        return "no red flag"


@dataclass(frozen=True)
class Supported(Clause):
    """The condition's combined certainty reaches ``threshold``."""
    condition: str
    threshold: float = REASONABLY_SUPPORTED

    def __post_init__(self):
        _check_id(self.condition, CONDITIONS, "condition")



    def evaluate(self, view):
        certainty = view.certainty(self.condition)
        return None if certainty is None else certainty >= self.threshold


    def completions(self, view):
        return _holds_as_is(self, view)

    def reads(self):
        return (("certainty", self.condition),)


    def bound(self, view, possible):
        return view.certainty_reaches(self.condition, self.threshold, possible)

    def describe(self):
        return f"{self.condition} is supported (certainty at least {self.threshold:g})"


@dataclass(frozen=True)
class NotSupported(Clause):
    condition: str
    threshold: float = REASONABLY_SUPPORTED
    negated = True

    def __post_init__(self):
        _check_id(self.condition, CONDITIONS, "condition")



    def evaluate(self, view):
        certainty = view.certainty(self.condition)
        return None if certainty is None else certainty < self.threshold


    def completions(self, view):
        return _holds_as_is(self, view)

    def reads(self):
        return (("certainty", self.condition),)


    def bound(self, view, possible):
        return not view.certainty_reaches(self.condition, self.threshold, not possible)

    def describe(self):
        return f"{self.condition} is not supported (certainty below {self.threshold:g})"


@dataclass(frozen=True)
class NoUrgencyClaim(Clause):
    """Nothing so far has claimed any triage level."""
    negated = True



    def evaluate(self, view):
        return kleene_not(view.urgency_claimed())


    def completions(self, view):
        return _holds_as_is(self, view)

    def reads(self):
        return (("urgency", None),)


    def bound(self, view, possible):
        return not view.urgency_bound(not possible)

    def describe(self):
        return "no other conclusion has set a triage level"


@dataclass(frozen=True)
class FitIs(Clause):
    """How well the known conditions account for the findings (``Fit``)."""
    status: str

    def __post_init__(self):
        _check_id(self.status, FIT_STATUSES, "fit status")



    def evaluate(self, view):
        return view.fit(self.status)


    def completions(self, view):
        return _holds_as_is(self, view)

    def reads(self):
        return (("fit", self.status),)


    def bound(self, view, possible):
        return view.fit_bound(self.status, possible)

    def describe(self):
        return f"fit is {self.status}"


@dataclass(frozen=True)
class TriageIs(Clause):
    level: str

    def __post_init__(self):
        _check_id(self.level, {k: k for k in TRIAGE_LEVELS}, "triage level")



    def evaluate(self, view):
        return view.triage(self.level)


    def completions(self, view):
        return _holds_as_is(self, view)

    def reads(self):
        return (("triage", self.level),)


    def bound(self, view, possible):
        return view.triage_bound(self.level, possible)

    def describe(self):
        return f"triage is {self.level}"


@dataclass(frozen=True)
class AgeInRange(Clause):
    """Age known and ``minimum <= age < below``."""
    minimum: int = 0
    below: int = 200

    def test(self, age) -> bool:
        return age is not None and self.minimum <= age < self.below



    def evaluate(self, view):
        if view.age is None:
            return False if view.closed else None
        return self.test(view.age)


    def completions(self, view):
        if view.age is None:
            # The youngest age in range, or the oldest when there is no minimum.
            age = self.minimum if self.minimum > 0 else self.below - 1
            return (frozenset({("age", "", max(0, min(120, age)))}),)
        return _holds_as_is(self, view)

    def reads(self):
        return (("age", None),)


    def bound(self, view, possible):
        return self.test(view.age)  # age is not asked: as it is, whatever the answers

    def describe(self):
        if self.below >= 200:
            return f"age is {self.minimum} or over"
        if self.minimum <= 0:
            return f"age is under {self.below}"
        return f"age is {self.minimum} to {self.below - 1}"


@dataclass(frozen=True)
class AnyPresentation(Clause):
    """Always true: the rule applies to whatever was presented."""



    def evaluate(self, view):
        return True


    def completions(self, view):
        return _HOLDS

    def reads(self):
        return (("presentation", None),)


    def bound(self, view, possible):
        return True

    def describe(self):
        return "any presentation"


@dataclass(frozen=True)
class SexIs(Clause):
    sex: str



    def evaluate(self, view):
        if view.sex is None:
            return False if view.closed else None
        return view.sex == self.sex


    def completions(self, view):
        if view.sex is None:
            return (frozenset({("sex", "", self.sex)}),)
        return _holds_as_is(self, view)

    def reads(self):
        return (("sex", None),)


    def bound(self, view, possible):
        return view.sex == self.sex

    def describe(self):
        return f"sex is {self.sex}"


@dataclass(frozen=True)
class AnyOf(Clause):
    options: tuple[Clause, ...]
    connective = "any"



    def evaluate(self, view):
        return kleene_any(option.evaluate(view) for option in self.options)


    def completions(self, view):
        if self.evaluate(view) is True:
            return _HOLDS
        return completions_of_any(option.completions(view) for option in self.options)

    def reads(self):
        return tuple(read for option in self.options for read in option.reads())


    def bound(self, view, possible):
        return any(option.bound(view, possible) for option in self.options)

    def subclauses(self):
        return self.options

    def describe(self):
        return "any of (" + "; ".join(o.describe() for o in self.options) + ")"

    def finding_ids(self):
        return tuple(f for option in self.options for f in option.finding_ids())


    def leaves(self):
        for option in self.options:
            yield from option.leaves()


@dataclass(frozen=True)
class AllOf(Clause):
    parts: tuple[Clause, ...]
    connective = "all"



    def evaluate(self, view):
        return kleene_all(part.evaluate(view) for part in self.parts)


    def completions(self, view):
        return completions_of_all(part.completions(view) for part in self.parts)

    def reads(self):
        return tuple(read for part in self.parts for read in part.reads())


    def bound(self, view, possible):
        return all(part.bound(view, possible) for part in self.parts)

    def subclauses(self):
        return self.parts

    def describe(self):
        return "all of (" + "; ".join(p.describe() for p in self.parts) + ")"

    def finding_ids(self):
        return tuple(f for part in self.parts for f in part.finding_ids())


    def leaves(self):
        for part in self.parts:
            yield from part.leaves()


def present(finding: str) -> Clause:
    """The finding is given as present."""
    return FindingIs(finding, True)


def absent(finding: str) -> Clause:
    """The finding was checked and is absent."""
    return FindingIs(finding, False)


def not_present(finding: str) -> Clause:
    """The finding is not given as present (absent or unknown)."""
    return FindingNotPresent(finding)


def any_of(*options: Clause) -> Clause:
    if len(options) < 2:
        raise RuleDefinitionError("any_of needs at least two options")
    return AnyOf(tuple(options))


def all_of(*parts: Clause) -> Clause:
    if len(parts) < 2:
        raise RuleDefinitionError("all_of needs at least two parts")
    return AllOf(tuple(parts))


def any_present(*findings: str) -> Clause:
    """At least one of the findings is given as present."""
    return any_of(*[present(f) for f in findings]) if len(findings) > 1 else present(findings[0])


def has_pattern(pattern_id: str) -> Clause:
    return HasPattern(pattern_id)


def lacks_pattern(pattern_id: str) -> Clause:
    return LacksPattern(pattern_id)


def has_red_flag(red_flag_id: Optional[str] = None) -> Clause:
    return HasRedFlag(red_flag_id)


def no_red_flag() -> Clause:
    return NoRedFlag()


def supported(condition_id: str, threshold: float = REASONABLY_SUPPORTED) -> Clause:
    return Supported(condition_id, threshold)


def not_supported(condition_id: str, threshold: float = REASONABLY_SUPPORTED) -> Clause:
    return NotSupported(condition_id, threshold)


def no_urgency_claimed() -> Clause:
    return NoUrgencyClaim()


def triage_is(level: str) -> Clause:
    return TriageIs(level)


def fit_is(status: str) -> Clause:
    """The known conditions explain the findings (``explained``), some of
    them (``partly_explained``), or none fits (``no_known_cause``)."""
    return FitIs(status)


def age_at_least(years: int) -> Clause:
    return AgeInRange(minimum=years)


def age_under(years: int) -> Clause:
    return AgeInRange(below=years)


def any_presentation() -> Clause:
    """Matches every presentation (so a conclusion still rests on the input)."""
    return AnyPresentation()


def sex_is(sex: str) -> Clause:
    return SexIs(sex)


# --------------------------------------------------------------------------
# Conclusions (the "then" part)


class Conclusion:
    """A conclusion of a rule's right-hand side (its ``then``): a fact of one
    ``kind`` (the working-memory fact type it asserts, by name) with the
    ``fields(rule)`` the firing rule gives it."""
    layer: str
    kind: str

    def fields(self, rule: "KnowledgeRule") -> dict:
        raise NotImplementedError

    def describe(self) -> str:
        raise NotImplementedError


@dataclass(frozen=True)
class ConcludePattern(Conclusion):
    pattern: str
    layer = "pattern"
    kind = "Pattern"

    def __post_init__(self):
        _check_id(self.pattern, PATTERNS, "pattern")

    def fields(self, rule):
        return {"id": self.pattern}

    def describe(self):
        return f"pattern {self.pattern}"


@dataclass(frozen=True)
class RaiseRedFlag(Conclusion):
    red_flag: str
    layer = "red_flag"
    kind = "RedFlag"

    def __post_init__(self):
        _check_id(self.red_flag, RED_FLAGS, "red flag")

    def fields(self, rule):
        return {"id": self.red_flag, "rule": rule.id}

    def describe(self):
        return f"red flag {self.red_flag} (emergency)"


@dataclass(frozen=True)
class Weigh(Conclusion):
    """Evidence for (cf > 0) or against (cf < 0) a condition."""
    condition: str
    cf: float
    layer = "evidence"
    kind = "Evidence"

    def __post_init__(self):
        _check_id(self.condition, CONDITIONS, "condition")
        if not (-1.0 <= self.cf <= 1.0) or self.cf == 0:
            raise RuleDefinitionError(f"certainty factor must be in [-1, 1] and not 0, not {self.cf}")

    def fields(self, rule):
        return {"condition": self.condition, "cf": float(self.cf), "rule": rule.id}

    def describe(self):
        verb = "supports" if self.cf > 0 else "counts against"
        return f"{verb} {self.condition} ({self.cf:+.2f})"


@dataclass(frozen=True)
class ConsiderCause(Conclusion):
    """Name a cause outside the knowledge base that is worth considering."""
    cause: str
    layer = "evidence"
    kind = "Consider"

    def __post_init__(self):
        _check_id(self.cause, OUTSIDE_CAUSES, "outside cause")

    def fields(self, rule):
        return {"cause": self.cause, "rule": rule.id}

    def describe(self):
        return f"consider {self.cause} (outside the knowledge base)"


@dataclass(frozen=True)
class ClaimUrgency(Conclusion):
    level: str
    layer: str = "urgency"
    kind = "UrgencyClaim"

    def __post_init__(self):
        _check_id(self.level, {k: k for k in TRIAGE_LEVELS}, "triage level")

    def fields(self, rule):
        return {"level": self.level, "because": rule.id}

    def describe(self):
        return f"triage at least {self.level}"


@dataclass(frozen=True)
class Recommend(Conclusion):
    action: str
    serves: str
    layer = "recommendation"
    kind = "Recommendation"

    def __post_init__(self):
        _check_id(self.action, ACTIONS, "action")

    def fields(self, rule):
        return {"action": self.action, "serves": self.serves, "rule": rule.id}

    def describe(self):
        return f"recommend {self.action} (for {self.serves})"


def concludes(pattern_id: str) -> Conclusion:
    """Assert an intermediate clinical pattern."""
    return ConcludePattern(pattern_id)


def red_flag(red_flag_id: str) -> Conclusion:
    """Raise a red flag; a red flag always sets triage to emergency."""
    return RaiseRedFlag(red_flag_id)


def supports(condition_id: str, cf: float) -> Conclusion:
    if cf <= 0:
        raise RuleDefinitionError(f"supports() takes a positive certainty factor, not {cf}")
    return Weigh(condition_id, cf)


def opposes(condition_id: str, cf: float) -> Conclusion:
    """Evidence against a condition; give the strength as a positive number."""
    if cf <= 0:
        raise RuleDefinitionError(f"opposes() takes a positive strength, not {cf}")
    return Weigh(condition_id, -cf)


def considers(cause_id: str) -> Conclusion:
    """Suggest a cause outside the knowledge base (with the guideline cited)."""
    return ConsiderCause(cause_id)


def urgency(level: str) -> Conclusion:
    """Claim at least this triage level."""
    return ClaimUrgency(level)


def fallback_urgency(level: str) -> Conclusion:
    """Claim a triage level only when nothing else has claimed one."""
    return ClaimUrgency(level, layer="fallback_urgency")


def recommends(*actions: str, serves: str) -> list[Conclusion]:
    """Recommend next steps, each naming the conclusion it serves."""
    return [Recommend(action, serves) for action in actions]


# --------------------------------------------------------------------------
# Rules


@dataclass(frozen=True)
class KnowledgeRule:
    id: str
    title: str
    cites: Citation
    rationale: str
    when: tuple[Clause, ...]
    then: tuple[Conclusion, ...]
    module: str = ""

    @property
    def layer(self) -> str:
        return max((c.layer for c in self.then), key=LAYER.__getitem__)

    @property
    def salience(self) -> int:
        return LAYER[self.layer]

    def evaluate(self, view: FactsView) -> Optional[bool]:
        """Whether its ``when`` holds against the view (three-valued)."""
        return kleene_all(clause.evaluate(view) for clause in self.when)

    def completions(self, view: FactsView) -> tuple[Answers, ...]:
        """The ways answers still to come could make its ``when`` hold
        (``Clause.completions``); whether the rule then fires depends on the
        facts other rules conclude from them too."""
        return completions_of_all(clause.completions(view) for clause in self.when)

    def finding_ids(self) -> tuple[str, ...]:
        """Every finding the rule reads, in order, without repeats."""
        seen = dict.fromkeys(f for c in self.when for f in c.finding_ids())
        return tuple(seen)

    def reads_only_input(self) -> bool:
        """Whether the rule reads nothing but the presentation (findings,
        age, sex): nothing another rule concludes."""
        return all(FACT_KIND_READ[kind] in ("Finding", "Person") for clause in self.when for kind, _ in clause.reads())


_RULE_ID = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")


def rule(*, id: str, title: str, cites: Citation, rationale: str,
         when: Iterable[Clause], then) -> KnowledgeRule:
    """Define a knowledge rule (see the module docstring)."""
    conclusions = tuple(_flatten(then if isinstance(then, (list, tuple)) else [then]))
    defined = KnowledgeRule(id, title.strip(), cites, rationale.strip(), tuple(when), conclusions)
    check_rule(defined)
    return defined


def check_rule(defined: KnowledgeRule) -> None:
    """Refuse a malformed rule (``RuleDefinitionError``): what ``rule()``
    checks, and what a knowledge base checks again of every rule it holds."""
    id = defined.id
    if not isinstance(id, str) or not _RULE_ID.match(id):
        raise RuleDefinitionError(
            f"rule id {id!r} must be dotted lower-case words, e.g. 'mech.meniscus.locking'")
    if not isinstance(defined.cites, Citation):
        raise RuleDefinitionError(f"{id}: cites= must be a Document.quote(...) citation")
    if not defined.title or not defined.rationale:
        raise RuleDefinitionError(f"{id}: a rule needs a title and a rationale")
    if not defined.then:
        raise RuleDefinitionError(f"{id}: a rule needs at least one conclusion")
    if not defined.when:
        raise RuleDefinitionError(f"{id}: a rule needs at least one condition")
    for item in defined.when:
        if not isinstance(item, Clause):
            raise RuleDefinitionError(f"{id}: {item!r} is not a condition")
        for part in _clauses_in(item):
            for meaning in _MEANING:
                if getattr(type(part), meaning) is getattr(Clause, meaning):
                    raise RuleDefinitionError(f"{id}: the clause kind {type(part).__name__} has no {meaning}(): "
                                              "give it its meaning before using it in a rule")
    for item in defined.then:
        if not isinstance(item, Conclusion):
            raise RuleDefinitionError(f"{id}: {item!r} is not a conclusion")
    _check_layers(defined)


_MEANING = ("evaluate", "completions", "reads", "bound")
"""What every clause kind must define (``Clause``)."""


def _clauses_in(clause: Clause) -> Iterable[Clause]:
    """The clause and every clause inside it (through any_of / all_of)."""
    yield clause
    for inner in getattr(clause, "options", ()) + getattr(clause, "parts", ()):
        yield from _clauses_in(inner)


def _flatten(items):
    for item in items:
        if isinstance(item, (list, tuple)):
            yield from _flatten(item)
        else:
            yield item


def _check_layers(defined: KnowledgeRule) -> None:
    """A rule may read only what is final before it fires."""
    salience = defined.salience
    for condition in defined.when:
        for kind, negated in condition.fact_kinds():
            produced = PRODUCED_IN[kind]
            if produced < salience or (negated and produced == salience):
                raise RuleDefinitionError(
                    f"{defined.id}: a {defined.layer} rule cannot read "
                    f"{'the absence of ' if negated else ''}{kind} facts, "
                    "which are not final until a later layer")


def fire_order_within_layers(rules: Iterable[KnowledgeRule]) -> dict[str, int]:
    """Each rule's stratum within its layer: 0 for a rule that reads nothing
    its own layer produces, else one more than the rules of its layer that
    conclude what it reads (a pattern read by another pattern rule).

    The engine fires a rule once per argument, having matched every fact that
    satisfies it, so a rule must wait until its own layer has concluded all it
    could match: the engine fires lower strata of a layer first. Rules that
    read each other's conclusions in a loop could never wait for each other,
    and are refused."""
    rules = list(rules)
    # Who concludes what, by layer and fact kind: (rule id, the fact's id or
    # None when it has none, like evidence).
    producers: dict[tuple[int, str], list[tuple[str, Optional[str]]]] = {}
    for defined in rules:
        for conclusion in defined.then:
            producers.setdefault((defined.salience, conclusion.kind), []).append(
                (defined.id, conclusion.fields(defined).get("id")))

    def producers_read_by(reader: KnowledgeRule) -> list[str]:
        found = {}
        for condition in reader.when:
            for kind, wanted in condition.premises():
                for producer, made in producers.get((reader.salience, kind), ()):
                    if wanted is None or made is None or wanted == made:
                        found[producer] = True
        return list(found)

    waits_for = {defined.id: producers_read_by(defined) for defined in rules}
    strata: dict[str, int] = {}
    in_progress: list[str] = []

    def stratum(rule_id: str) -> int:
        if rule_id in strata:
            return strata[rule_id]
        if rule_id in in_progress:
            loop = in_progress[in_progress.index(rule_id):] + [rule_id]
            raise RuleDefinitionError(
                "these rules read each other's conclusions in one layer, so none can wait for the others: "
                + " -> ".join(loop))
        in_progress.append(rule_id)
        strata[rule_id] = 1 + max(map(stratum, waits_for[rule_id]), default=-1)
        in_progress.pop()
        return strata[rule_id]

    for defined in rules:
        stratum(defined.id)
    return strata


def _check_id(value: str, table, kind: str) -> None:
    if value not in table:
        hint = suggest(value, table)
        extra = f" (did you mean {hint!r}?)" if hint else ""
        raise RuleDefinitionError(f"unknown {kind} id {value!r}{extra}")
