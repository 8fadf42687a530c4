"""How high could the triage still go? A sound bound, read off the rules.

A consultation may stop asking only when no answers still to come could raise
the triage: otherwise a patient who would have said yes to the question not
asked leaves with a triage lower than their findings call for. Trying every
combination of answers on the engine is out of the question, so the rule base
is read abstractly instead, over three kinds of finding: *known* (given
present or absent), *askable* (unknown, and may still be asked: any answer
may come) and *closed* (unknown for good: answered "don't know", or read by
no question). Two readings of every rule are computed, each over all the
answers still possible:

* **possible**: some answers could make it fire (an over-approximation);
* **definite**: it fires whatever the answers (an under-approximation).

Negated conditions (a pattern lacking, no red flag, a condition not
supported, no urgency claimed) read the other approximation, so both stay
sound; certainties are bounded by combining every possible supporting factor
(the most a condition can reach) or the definite support with every possible
opposing factor (the least), with a margin for the engine's rounding.
Conditions of a kind this module does not know are taken as possible and
never as definite, so a new kind of rule can cost questions but never safety.

From these readings, ``TriageCeiling`` gives the highest level some answers
could still claim and, for each askable finding, the highest level above the
current triage whose claim its answer could help bring about (``raisers``):
the findings a consultation must still ask about before stopping. The
search follows each rule that could claim a higher level back to the
findings, with polarity: an answer can only make ``finding is present/absent``
true (unknown reads as neither) and ``finding is not present`` false, so a
finding helps only where it moves a condition the way the higher claim
needs. With no raiser left, no answers to the remaining questions can raise
the triage (``expert.consult.strategy`` stops on that).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from expert.certainty import REASONABLY_SUPPORTED, combine
from expert.dsl import (AgeInRange, AllOf, AnyOf, AnyPresentation, ClaimUrgency, ConcludePattern, Condition,
                        FindingIs, FindingNotPresent, HasPattern, HasRedFlag, KnowledgeRule, LacksPattern,
                        NotSupported, NoRedFlag, NoUrgencyClaim, RaiseRedFlag, SexIs, Supported, Weigh)
from facts.presentation import Presentation
from facts.vocabulary import CONDITIONS, TRIAGE_LEVELS, urgency_rank

MARGIN = 0.02
"""Certainties within this of a threshold count as possibly on either side
(the engine rounds each combination step)."""


@dataclass(frozen=True)
class _Rule:
    rule: KnowledgeRule
    patterns: tuple[str, ...]
    red_flags: tuple[str, ...]
    weighs: tuple[tuple[str, float], ...]
    claims: tuple[str, ...]
    """triage levels claimed (urgency and fallback urgency)"""


@dataclass(frozen=True)
class _Base:
    rules: tuple[_Rule, ...]
    concluding: dict  # pattern -> rule positions
    flagging: dict  # red flag id ('' = any) -> rule positions
    weighing: dict  # condition -> rule positions
    claiming: tuple[int, ...]  # rule positions that claim a level
    read: frozenset  # every finding a rule reads


@lru_cache(maxsize=1)
def _base() -> _Base:
    from expert.engine import legwise_engine_class

    rules = []
    for defined in legwise_engine_class().knowledge_rules:
        if defined.layer == "recommendation":
            continue  # recommendations claim nothing
        rules.append(_Rule(
            defined,
            tuple(c.pattern for c in defined.then if isinstance(c, ConcludePattern)),
            tuple(c.red_flag for c in defined.then if isinstance(c, RaiseRedFlag)),
            tuple((c.condition, c.cf) for c in defined.then if isinstance(c, Weigh)),
            tuple(c.level for c in defined.then if isinstance(c, ClaimUrgency))))
    concluding: dict = {}
    flagging: dict = {}
    weighing: dict = {}
    for position, entry in enumerate(rules):
        for pattern in entry.patterns:
            concluding.setdefault(pattern, []).append(position)
        for flag in entry.red_flags:
            flagging.setdefault(flag, []).append(position)
            flagging.setdefault("", []).append(position)
        for condition, _ in entry.weighs:
            weighing.setdefault(condition, []).append(position)
    read = frozenset(f for entry in rules for c in entry.rule.when for f in _findings_in(c))
    return _Base(tuple(rules), {k: tuple(v) for k, v in concluding.items()},
                 {k: tuple(dict.fromkeys(v)) for k, v in flagging.items()},
                 {k: tuple(dict.fromkeys(v)) for k, v in weighing.items()},
                 tuple(i for i, entry in enumerate(rules) if entry.claims), read)


def _findings_in(condition: Condition) -> Iterable[str]:
    for leaf in condition.leaves():
        if isinstance(leaf, (FindingIs, FindingNotPresent)):
            yield leaf.finding


def _bound(factors: Iterable[float]) -> float:
    certainty = 0.0
    for cf in factors:
        certainty = combine(certainty, cf)
    return certainty


class _Reading:
    """One approximation (possible or definite) of what fires."""

    def __init__(self):
        self.rules: set[int] = set()
        self.patterns: set[str] = set()
        self.red_flags: set[str] = set()
        self.claims: set[str] = set()
        self.certainty: dict[str, float] = {}


class _Analysis:
    def __init__(self, presentation: Presentation, askable: frozenset):
        self.known = presentation.findings
        self.age, self.sex = presentation.age, presentation.sex
        self.askable = askable
        self.base = _base()
        # Start from nothing definite: every negation possible.
        self.definite = _Reading()
        self.possible = self._fixpoint(True)
        self.definite = self._fixpoint(False)
        self.possible = self._fixpoint(True)

    # -- one leaf, two readings ---------------------------------------------

    def _possible(self, condition: Condition) -> bool:
        if isinstance(condition, FindingIs):
            value = self.known.get(condition.finding)
            return value is condition.value if value is not None else condition.finding in self.askable
        if isinstance(condition, FindingNotPresent):
            return self.known.get(condition.finding) is not True
        if isinstance(condition, HasPattern):
            return condition.pattern in self.reading.patterns
        if isinstance(condition, LacksPattern):
            return condition.pattern not in self.definite.patterns
        if isinstance(condition, HasRedFlag):
            flags = self.reading.red_flags
            return bool(flags) if condition.red_flag is None else condition.red_flag in flags
        if isinstance(condition, NoRedFlag):
            return not self.definite.red_flags
        if isinstance(condition, Supported):
            return self.reading.certainty.get(condition.condition, 0.0) >= condition.threshold - MARGIN
        if isinstance(condition, NotSupported):
            return self.definite.certainty.get(condition.condition, -1.0) < condition.threshold + MARGIN
        if isinstance(condition, NoUrgencyClaim):
            return not self.definite.claims
        if isinstance(condition, AnyOf):
            return any(self._possible(option) for option in condition.options)
        if isinstance(condition, AllOf):
            return all(self._possible(part) for part in condition.parts)
        if isinstance(condition, (AgeInRange, SexIs, AnyPresentation)):
            return self._fixed(condition)
        return True  # anything else (fit, triage...) may hold

    def _definite(self, condition: Condition) -> bool:
        if isinstance(condition, FindingIs):
            return self.known.get(condition.finding) is condition.value
        if isinstance(condition, FindingNotPresent):
            value = self.known.get(condition.finding)
            return value is False or (value is None and condition.finding not in self.askable)
        if isinstance(condition, HasPattern):
            return condition.pattern in self.reading.patterns
        if isinstance(condition, LacksPattern):
            return condition.pattern not in self.possible.patterns
        if isinstance(condition, HasRedFlag):
            flags = self.reading.red_flags
            return bool(flags) if condition.red_flag is None else condition.red_flag in flags
        if isinstance(condition, NoRedFlag):
            return not self.possible.red_flags
        if isinstance(condition, Supported):
            return self.reading.certainty.get(condition.condition, -1.0) >= condition.threshold + MARGIN
        if isinstance(condition, NotSupported):
            return self.possible.certainty.get(condition.condition, 0.0) < condition.threshold - MARGIN
        if isinstance(condition, NoUrgencyClaim):
            return not self.possible.claims
        if isinstance(condition, AnyOf):
            return any(self._definite(option) for option in condition.options)
        if isinstance(condition, AllOf):
            return all(self._definite(part) for part in condition.parts)
        if isinstance(condition, (AgeInRange, SexIs, AnyPresentation)):
            return self._fixed(condition)
        return False  # anything else is never taken for granted

    def _fixed(self, condition: Condition) -> bool:
        if isinstance(condition, AgeInRange):
            return condition.test(self.age)
        if isinstance(condition, SexIs):
            return self.sex == condition.sex
        return True

    # -- the fixpoint ---------------------------------------------------------

    def _fixpoint(self, possible: bool) -> _Reading:
        """Every rule that holds (possibly / definitely), to a fixpoint:
        patterns, red flags and certainties only grow as rules are added."""
        holds = self._possible if possible else self._definite
        reading = self.reading = _Reading()
        rules = self.base.rules
        changed = True
        while changed:
            changed = False
            for position, entry in enumerate(rules):
                if position in reading.rules or not all(holds(c) for c in entry.rule.when):
                    continue
                reading.rules.add(position)
                changed = True
                reading.patterns.update(entry.patterns)
                reading.red_flags.update(entry.red_flags)
                reading.claims.update(entry.claims)
            if changed:
                self._certainties(reading, possible)
        self._certainties(reading, possible)
        if reading.red_flags:
            reading.claims.add("emergency")
        for condition, certainty in reading.certainty.items():
            if possible and certainty >= REASONABLY_SUPPORTED - MARGIN:
                reading.claims.add(CONDITIONS[condition].urgency)
            elif not possible and certainty >= REASONABLY_SUPPORTED + MARGIN \
                    and CONDITIONS[condition].urgency != "self_care":
                reading.claims.add(CONDITIONS[condition].urgency)
        return reading

    def _certainties(self, reading: _Reading, possible: bool) -> None:
        """Possible: every possible supporting factor, none opposing (the
        most). Definite: the definite support with every possible opposing
        factor (the least)."""
        rules = self.base.rules
        for condition, positions in self.base.weighing.items():
            if possible:
                factors = [cf for p in positions if p in reading.rules
                           for c, cf in rules[p].weighs if c == condition and cf > 0]
                reading.certainty[condition] = _bound(factors)
            else:
                support = _bound(cf for p in positions if p in reading.rules
                                 for c, cf in rules[p].weighs if c == condition and cf > 0)
                against = _bound(cf for p in positions if p in self.possible.rules
                                 for c, cf in rules[p].weighs if c == condition and cf < 0)
                reading.certainty[condition] = combine(support, against) if support > 0 else min(support, against)

    # -- the findings that could raise the triage ----------------------------

    def raisers(self, above: str) -> dict[str, str]:
        """Askable findings whose answer could help claim a level above
        ``above``, each with the highest such level."""
        found: dict[str, str] = {}
        for level in reversed(TRIAGE_LEVELS):  # most urgent first, so each finding gets its highest
            if urgency_rank(level) <= urgency_rank(above) or level not in self.possible.claims:
                continue
            helping: set[str] = set()
            seen: set = set()
            for position in self._claim_sources(level):
                self._rule_helps(position, True, helping, seen)
            for condition in CONDITIONS:
                if CONDITIONS[condition].urgency == level:
                    self._leaf_helps(Supported(condition), True, helping, seen)
            if level == "emergency":
                self._leaf_helps(HasRedFlag(None), True, helping, seen)
            for finding in helping:
                found.setdefault(finding, level)
        return found

    def _claim_sources(self, level: str) -> list[int]:
        return [p for p in self.base.claiming if level in self.base.rules[p].claims]

    def _rule_helps(self, position: int, fire: bool, helping: set, seen: set) -> None:
        """Findings whose answers could make the rule fire (``fire``) or stop it firing."""
        key = ("rule", position, fire)
        if key in seen:
            return
        seen.add(key)
        if fire and position not in self.possible.rules:
            return  # no answers can make it fire
        if not fire and position in self.definite.rules:
            return  # no answers can stop it
        for condition in self.base.rules[position].rule.when:
            self._leaf_helps(condition, fire, helping, seen)

    def _leaf_helps(self, condition: Condition, want: bool, helping: set, seen: set) -> None:
        """Findings whose answers could move the condition towards ``want``."""
        if isinstance(condition, FindingIs):
            # Unknown reads as neither value: only an answer can make it true.
            if want and condition.finding in self.askable:
                helping.add(condition.finding)
            return
        if isinstance(condition, FindingNotPresent):
            # True while unknown: only a yes can make it false.
            if not want and condition.finding in self.askable:
                helping.add(condition.finding)
            return
        if isinstance(condition, (AnyOf, AllOf)):
            for part in (condition.options if isinstance(condition, AnyOf) else condition.parts):
                self._leaf_helps(part, want, helping, seen)
            return
        if isinstance(condition, (AgeInRange, SexIs, AnyPresentation)):
            return
        key = ("leaf", condition, want)
        if key in seen:
            return
        seen.add(key)
        if isinstance(condition, (HasPattern, LacksPattern)):
            fire = want if isinstance(condition, HasPattern) else not want
            for position in self.base.concluding.get(condition.pattern, ()):
                self._rule_helps(position, fire, helping, seen)
        elif isinstance(condition, (HasRedFlag, NoRedFlag)):
            fire = want if isinstance(condition, HasRedFlag) else not want
            flag = "" if isinstance(condition, NoRedFlag) or condition.red_flag is None else condition.red_flag
            for position in self.base.flagging.get(flag, ()):
                self._rule_helps(position, fire, helping, seen)
        elif isinstance(condition, (Supported, NotSupported)):
            up = want if isinstance(condition, Supported) else not want
            for position in self.base.weighing.get(condition.condition, ()):
                positive = any(cf > 0 for c, cf in self.base.rules[position].weighs if c == condition.condition)
                negative = any(cf < 0 for c, cf in self.base.rules[position].weighs if c == condition.condition)
                if positive:
                    self._rule_helps(position, up, helping, seen)
                if negative:
                    self._rule_helps(position, not up, helping, seen)
        elif isinstance(condition, NoUrgencyClaim):
            # No claim at all: every claim must go (or, not wanted, one come).
            for position in self.base.claiming:
                self._rule_helps(position, not want, helping, seen)
            self._leaf_helps(HasRedFlag(None), not want, helping, seen)
            for other in CONDITIONS:
                self._leaf_helps(Supported(other), not want, helping, seen)
        else:
            # A kind of condition read here only as "may hold": any finding may matter.
            helping.update(f for f in self.base.read if f in self.askable)


@dataclass(frozen=True)
class TriageCeiling:
    """The most urgent triage some answers to the questions left could give,
    and the findings that could help raise it above the current one."""
    current: str
    level: str
    raisers: dict
    """askable finding -> the highest level above ``current`` its answer could help claim"""

    @property
    def can_rise(self) -> bool:
        return bool(self.raisers)


def triage_ceiling(presentation: Presentation, current: str, askable: Iterable[str]) -> TriageCeiling:
    """The ceiling over every way the ``askable`` findings could be answered
    (yes, no or don't know); other unknown findings stay unknown."""
    analysis = _Analysis(presentation, frozenset(askable))
    possible = analysis.possible.claims | {current}
    level = max(possible, key=urgency_rank)
    return TriageCeiling(current, level, analysis.raisers(current) if level != current else {})


def askable_findings(presentation: Presentation, closed: Iterable[str] = ()) -> frozenset:
    """Findings a rule reads that are unknown and not closed (answered "don't know")."""
    closed = set(closed)
    return frozenset(f for f in _base().read if f not in presentation.findings and f not in closed)


__all__ = ["MARGIN", "TriageCeiling", "askable_findings", "triage_ceiling"]
