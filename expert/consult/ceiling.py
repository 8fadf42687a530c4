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
Each clause gives both readings itself (``expert.dsl.Clause.bound``, which
every kind must define); a fit or a triage, which are not bounded here, is
taken as possible and never as definite, so it can cost questions but never
safety.

From these readings, ``TriageCeiling`` gives the highest level some answers
could still claim and, for each askable finding, the highest level above the
current triage whose claim its answer could help bring about (``raisers``):
the findings a consultation must still ask about before stopping. The
search follows each rule that could claim a higher level back to the
findings, with polarity: an answer can only make ``finding is present/absent``
true (unknown reads as neither) and ``finding is not present`` false, so a
finding helps only where it moves a condition the way the higher claim
needs. The search starts from what the engine concluded for the findings
known now: a rule, pattern, red flag or certainty that is already as the
higher claim needs is not followed further (no answer has to change it), nor
is a rule no answers can change (one that cannot fire, or fires whatever the
answers). With no
raiser left, no answers to the remaining questions can raise the triage
(``expert.consult.strategy`` stops on that); the tests check the bound
against the engine on generated presentations.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Optional

from expert.certainty_factors import REASONABLY_SUPPORTED, combine
from expert.dsl import ClaimUrgency, ConcludePattern, Clause, HasRedFlag, KnowledgeRule, RaiseRedFlag, Supported, Weigh
from expert.engine.core import claims_by_default
from expert.trace import Inference
from expert.knowledge_base import KnowledgeBase, knowledge_base_index, default_knowledge_base, knowledge_base_of
from expert.engine import working_memory as wm
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
    static: bool
    """reads only findings, age and sex (not what other rules conclude)"""


_STATIC = frozenset({"finding", "age", "sex", "presentation"})
"""What a static rule's clauses read (``Clause.reads``)."""


@dataclass(frozen=True, eq=False)  # one per knowledge base (KnowledgeBase.derived)
class _Base:
    rules: tuple[_Rule, ...]
    static: tuple[int, ...]
    dynamic: tuple[int, ...]
    concluding: dict  # pattern -> rule positions
    flagging: dict  # red flag id ('' = any) -> rule positions
    weighing: dict  # condition -> rule positions
    claiming: tuple[int, ...]  # rule positions that claim a level
    read: frozenset  # every finding a rule reads
    reading: dict  # finding -> positions of the static rules that read it
    factors: dict  # condition -> ((position, cf) supporting, ...), ((position, cf) opposing, ...)


@knowledge_base_index
def _base(kb: KnowledgeBase) -> _Base:
    rules = []
    for defined in kb.rules:
        if defined.layer == "recommendation":
            continue  # recommendations claim nothing
        rules.append(_Rule(
            defined,
            tuple(c.pattern for c in defined.then if isinstance(c, ConcludePattern)),
            tuple(c.red_flag for c in defined.then if isinstance(c, RaiseRedFlag)),
            tuple((c.condition, c.cf) for c in defined.then if isinstance(c, Weigh)),
            tuple(c.level for c in defined.then if isinstance(c, ClaimUrgency)),
            all(kind in _STATIC for c in defined.when for kind, _ in c.reads())))
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
    reading: dict = {}
    for position, entry in enumerate(rules):
        if entry.static:
            for finding in dict.fromkeys(f for c in entry.rule.when for f in _findings_in(c)):
                reading.setdefault(finding, []).append(position)
    return _Base(tuple(rules), tuple(i for i, r in enumerate(rules) if r.static),
                 tuple(i for i, r in enumerate(rules) if not r.static),
                 {k: tuple(v) for k, v in concluding.items()},
                 {k: tuple(dict.fromkeys(v)) for k, v in flagging.items()},
                 {k: tuple(dict.fromkeys(v)) for k, v in weighing.items()},
                 tuple(i for i, entry in enumerate(rules) if entry.claims), read,
                 {f: tuple(v) for f, v in reading.items()},
                 {c: (tuple((p, cf) for p in ps for w, cf in rules[p].weighs if w == c and cf > 0),
                      tuple((p, cf) for p in ps for w, cf in rules[p].weighs if w == c and cf < 0))
                  for c, ps in weighing.items()})


def _findings_in(condition: Clause) -> Iterable[str]:
    return (name for kind, name in condition.reads() if kind == "finding")


class _Reading:
    """One approximation (possible or definite) of what fires."""

    def __init__(self):
        self.rules: set[int] = set()
        self.patterns: set[str] = set()
        self.red_flags: set[str] = set()
        self.claims: set[str] = set()
        self.certainty: dict[str, float] = {}


@dataclass(frozen=True)
class _Now:
    """What the engine concluded for the findings known now."""
    triage: str
    fired: frozenset
    view: wm.WorkingMemoryView = field(compare=False)

    @classmethod
    def of(cls, inference: Inference) -> "_Now":
        (triage,) = inference.final_facts(wm.Triage)
        return cls(triage["level"], frozenset(f.rule for f in inference.firings),
                   wm.WorkingMemoryView(inference.facts[i] for i in inference.final))

    def holds(self, condition: Clause) -> bool:
        """Whether a clause holds on what the engine concluded (its own meaning)."""
        return condition.evaluate(self.view)


# -- each rule as a test, for either reading ------------------------------------
# A test takes the analysis (an ``expert.dsl.AnswersView``) and says whether
# the rule's clauses possibly hold (some answers make them hold) or definitely
# hold (whatever the answers), each by its own ``bound``.


def _rule_holds(base: _Base, position: int, possible: bool, an) -> bool:
    return all(clause.bound(an, possible) for clause in base.rules[position].rule.when)


class _Analysis:
    def __init__(self, presentation: Presentation, askable: frozenset, now: _Now, kb: KnowledgeBase,
                 parent: Optional["_Analysis"] = None):
        self.now = now
        self.presentation = presentation
        self.known = presentation.findings
        self.age, self.sex = presentation.age, presentation.sex
        self.askable = askable
        self.base = _base(kb)
        self.kb = kb
        # Static rules read only findings, age and sex: each reading once
        # (or, from a parent with more askable findings, only those that
        # read the findings no longer askable).
        if parent is None:
            self.static = {possible: [p for p in self.base.static if _rule_holds(self.base, p, possible, self)]
                           for possible in (True, False)}
        else:
            changed = {p for f in parent.askable - askable for p in self.base.reading.get(f, ())}
            self.static = {possible: sorted({p for p in parent.static[possible] if p not in changed}
                                            | {p for p in changed if _rule_holds(self.base, p, possible, self)})
                           for possible in (True, False)}
        # Start from nothing definite: every negation possible; then narrow.
        self.mode: Optional[bool] = None
        self.reading = self.definite = _Reading()
        self.possible = self._fixpoint(True)
        self.definite = self._fixpoint(False)
        self.possible = self._fixpoint(True)

    def _fixpoint(self, possible: bool) -> _Reading:
        """Every rule that holds (possibly / definitely), to a fixpoint:
        patterns, red flags and certainties only grow as rules are added."""
        reading = self.reading = _Reading()
        self.mode = possible
        rules = self.base.rules
        added = list(self.static[possible])
        waiting = list(self.base.dynamic)
        while added:
            for position in added:
                entry = rules[position]
                reading.rules.add(position)
                reading.patterns.update(entry.patterns)
                reading.red_flags.update(entry.red_flags)
                reading.claims.update(entry.claims)
            self._certainties(reading, possible, {c for p in added for c, _ in rules[p].weighs})
            added = [p for p in waiting if _rule_holds(self.base, p, possible, self)]
            waiting = [p for p in waiting if p not in added]
        if reading.red_flags:
            reading.claims.add("emergency")
        for condition, certainty in reading.certainty.items():
            if not claims_by_default(condition):
                continue
            if certainty >= (REASONABLY_SUPPORTED - MARGIN if possible else REASONABLY_SUPPORTED + MARGIN):
                reading.claims.add(CONDITIONS[condition].urgency)
        return reading

    def _certainties(self, reading: _Reading, possible: bool, conditions: set) -> None:
        """Possible: every possible supporting factor, none opposing (the
        most). Definite: the definite support with every possible opposing
        factor (the least)."""
        fired = reading.rules
        for condition in conditions:
            supporting, opposing = self.base.factors[condition]
            certainty = 0.0
            for position, cf in supporting:
                if position in fired:
                    certainty = combine(certainty, cf)
            if not possible:
                fired_possibly = self.possible.rules
                for position, cf in opposing:
                    if position in fired_possibly:
                        certainty = combine(certainty, cf)
            reading.certainty[condition] = certainty

    # -- the AnswersView: a clause reads the reading under way for its own
    # bound, and the other, complete, for the other (a negation) ----------------

    def _reading_of(self, possible: bool) -> _Reading:
        if possible == self.mode:
            return self.reading
        return self.possible if possible else self.definite

    def finding(self, finding: str) -> Optional[bool]:
        return self.known.get(finding)

    def answerable(self, finding: str) -> bool:
        return finding in self.askable

    def pattern_bound(self, pattern: str, possible: bool) -> bool:
        return pattern in self._reading_of(possible).patterns

    def red_flag_bound(self, red_flag: Optional[str], possible: bool) -> bool:
        red_flags = self._reading_of(possible).red_flags
        return bool(red_flags) if red_flag is None else red_flag in red_flags

    def certainty_reaches(self, condition: str, threshold: float, possible: bool) -> bool:
        certainty = self._reading_of(possible).certainty
        if possible:
            return certainty.get(condition, 0.0) >= threshold - MARGIN
        return certainty.get(condition, -1.0) >= threshold + MARGIN

    def urgency_bound(self, possible: bool) -> bool:
        return bool(self._reading_of(possible).claims)

    def triage_bound(self, level: str, possible: bool) -> bool:
        return possible  # not read here: it may hold, and is never taken for granted

    def fit_bound(self, status: str, possible: bool) -> bool:
        return possible  # likewise

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
                if CONDITIONS[condition].urgency == level and claims_by_default(condition):
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
        if (self.base.rules[position].rule.id in self.now.fired) is fire:
            return  # already as wanted: no answer needs to change it
        if fire and position not in self.possible.rules:
            return  # no answers can make it fire
        if not fire and position in self.definite.rules:
            return  # no answers can stop it
        for condition in self.base.rules[position].rule.when:
            self._leaf_helps(condition, fire, helping, seen)

    def _leaf_helps(self, condition: Clause, want: bool, helping: set, seen: set) -> None:
        """Findings whose answers could move the condition towards ``want``."""
        if condition.connective:
            for part in condition.subclauses():
                self._leaf_helps(part, want, helping, seen)
            return
        (kind, name), = condition.reads()  # a clause not made of clauses reads one thing
        # A clause holding by a fact's absence moves the other way from the fact.
        toward = want is not condition.negated
        if kind == "finding":
            # "is present/absent": unknown reads as neither value, so only an
            # answer can make it true; "is not present": true while unknown,
            # only a yes can make it false.
            if toward and name in self.askable:
                helping.add(name)
            return
        if kind in ("age", "sex", "presentation"):
            return
        key = ("leaf", condition, want)
        if key in seen:
            return
        seen.add(key)
        if kind not in ("fit", "triage") and self.now.holds(condition) is want:
            return  # already as wanted
        if kind == "pattern":
            for position in self.base.concluding.get(name, ()):
                self._rule_helps(position, toward, helping, seen)
        elif kind == "red_flag":
            for position in self.base.flagging.get(name or "", ()):
                self._rule_helps(position, toward, helping, seen)
        elif kind == "certainty":
            for position in self.base.weighing.get(name, ()):
                positive = any(cf > 0 for c, cf in self.base.rules[position].weighs if c == name)
                negative = any(cf < 0 for c, cf in self.base.rules[position].weighs if c == name)
                if positive:
                    self._rule_helps(position, toward, helping, seen)
                if negative:
                    self._rule_helps(position, not toward, helping, seen)
        elif kind == "urgency":
            # No claim at all: every claim must go (or, not wanted, one come).
            for position in self.base.claiming:
                self._rule_helps(position, toward, helping, seen)
            self._leaf_helps(HasRedFlag(None), toward, helping, seen)
            for other in CONDITIONS:
                self._leaf_helps(Supported(other), toward, helping, seen)
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
    analysis: Optional[_Analysis] = field(default=None, repr=False, compare=False)

    @property
    def can_rise(self) -> bool:
        return bool(self.raisers)

    def without(self, finding: str) -> "TriageCeiling":
        """The ceiling once ``finding`` is closed (answered "don't know")."""
        parent = self.analysis
        analysis = _Analysis(parent.presentation, parent.askable - {finding}, parent.now, parent.kb, parent)
        return _ceiling(analysis)


def triage_ceiling(presentation: Presentation, inference: Inference, askable: Iterable[str]) -> TriageCeiling:
    """The ceiling over every way the ``askable`` findings could be answered
    (yes, no or don't know); other unknown findings stay unknown.
    ``inference`` is the engine's run on ``presentation``."""
    return _ceiling(_Analysis(presentation, frozenset(askable), _Now.of(inference), knowledge_base_of(inference)))


def _ceiling(analysis: _Analysis) -> TriageCeiling:
    current = analysis.now.triage
    level = max(analysis.possible.claims | {current}, key=urgency_rank)
    return TriageCeiling(current, level, analysis.raisers(current) if level != current else {}, analysis)


def askable_findings(presentation: Presentation, closed: Iterable[str] = (),
                     kb: Optional[KnowledgeBase] = None) -> frozenset:
    """Findings a rule reads that are unknown and not closed (answered "don't know")."""
    closed = set(closed)
    return frozenset(f for f in _base(kb or default_knowledge_base()).read
                     if f not in presentation.findings and f not in closed)


__all__ = ["MARGIN", "TriageCeiling", "askable_findings", "triage_ceiling"]
