"""Screening WHAT IF changes: skip the engine runs that cannot matter.

WHAT IF tries each single-finding change by re-running the engine, and keeps
the changes that alter the triage or the leading condition; most alter
neither. ``Screen`` evaluates the knowledge rules over a changed
presentation by their own meaning (``KnowledgeRule.evaluate``, the rule
language's one evaluator, which tests/test_dsl.py proves agrees with the
engine), layer by layer as the engine's salience layers order them
(patterns, red flags, evidence, combined certainty, urgency, fallback
urgency, triage), and lets WHAT IF skip a change only when that evaluation
shows the triage and the leader unchanged *with a margin*. Whatever it cannot
settle is run on the engine as before:

* a certainty within ``MARGIN`` of a threshold or of the runner-up (the
  engine combines evidence in assertion order and rounds each step, so the
  last digit can differ);
* a layer where one rule's conclusion could block another's firing (the
  engine's order then decides, e.g. fallback urgency);
* a rule that reads the triage or the fit (computed here only in brief),
  or a conclusion type it does not know.

If the evaluation does not reproduce the engine's own baseline, nothing is
skipped. Skipping never changes what WHAT IF reports, only how fast; the
tests compare screened and unscreened results.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable, Optional

from expert.certainty_factors import REASONABLY_SUPPORTED, combine
from expert.dsl import ClaimUrgency, ConcludePattern, ConsiderCause, KnowledgeRule, RaiseRedFlag, Recommend, Weigh
from expert.engine import claims_by_default
from expert.knowledge_base import KnowledgeBase, default_knowledge_base
from expert import working_memory as wm
from facts.presentation import Presentation
from facts.vocabulary import CONDITIONS, urgency_rank

MARGIN = 0.002
_LAYERS = ("pattern", "red_flag", "evidence", "urgency", "fallback_urgency")  # recommendations cannot matter
_PRODUCES = {ConcludePattern: wm.Pattern, RaiseRedFlag: wm.RedFlag, Weigh: wm.Evidence,
             ClaimUrgency: wm.UrgencyClaim, Recommend: wm.Recommendation, ConsiderCause: wm.Consider}


class _Unsettled(Exception):
    """The direct evaluation cannot vouch for the engine's result."""


@dataclass
class _State:
    """What the evaluation has concluded so far, read by the rules as a
    closed ``expert.dsl.FactsView`` (as the engine sees working memory)."""
    findings: dict
    age: Optional[int]
    sex: Optional[str]
    patterns: set = field(default_factory=set)
    red_flags: set = field(default_factory=set)
    evidence: dict = field(default_factory=dict)  # condition -> [(rule, cf)]
    certainties: dict = field(default_factory=dict)  # condition -> combined certainty
    claims: list = field(default_factory=list)  # triage levels claimed
    closed = True

    def finding(self, finding: str) -> Optional[bool]:
        return self.findings.get(finding)

    def pattern(self, pattern: str) -> bool:
        return pattern in self.patterns

    def red_flag(self, red_flag: Optional[str]) -> bool:
        return bool(self.red_flags) if red_flag is None else red_flag in self.red_flags

    def certainty(self, condition: str) -> float:
        return self.certainties.get(condition, 0.0)

    def urgency_claimed(self) -> bool:
        return bool(self.claims)

    def triage(self, level: str) -> bool:
        raise _Unsettled  # the triage is what the screen computes: a rule that reads it is left to the engine

    def fit(self, status: str) -> bool:
        raise _Unsettled  # fit is not evaluated here: left to the engine


@dataclass(frozen=True)
class Brief:
    triage: str
    leading: Optional[str]


@dataclass(frozen=True)
class _Layer:
    rules: tuple[tuple[KnowledgeRule, Callable[[_State], bool]], ...]
    order_sensitive: frozenset
    """Ids of rules that read the absence of a fact type this layer produces."""
    chained: bool
    """Some rule reads what this layer produces (a pattern from a pattern)."""
    guarded: dict
    """(finding, value) -> positions of the rules that need that finding so given."""
    unguarded: tuple[int, ...]
    """Positions of the rules that need no particular finding."""

    def candidates(self, findings: dict) -> list[int]:
        """The rules that can possibly fire for these findings, in order."""
        found = set(self.unguarded)
        for item in findings.items():
            found.update(self.guarded.get(item, ()))
        return sorted(found)


@lru_cache(maxsize=8)
def _layers(kb: KnowledgeBase) -> tuple[_Layer, ...]:
    layers = []
    for name in _LAYERS:
        rules = kb.by_layer.get(name, ())
        produced = {_PRODUCES[type(c)] for r in rules for c in r.then}
        sensitive = frozenset(r.id for r in rules if any(
            negated and fact_type in produced for c in r.when for fact_type, negated in c.fact_types()))
        chained = any(not negated and fact_type in produced
                      for r in rules for c in r.when for fact_type, negated in c.fact_types())
        guarded: dict = {}
        unguarded = []
        for position, defined in enumerate(rules):
            guard = next((_guard(c) for c in defined.when if _guard(c)), None)
            if guard is None:
                unguarded.append(position)
            else:
                guarded.setdefault(guard, []).append(position)
        layers.append(_Layer(tuple((r, _rule_test(r)) for r in rules), sensitive, chained,
                             {k: tuple(v) for k, v in guarded.items()}, tuple(unguarded)))
    return tuple(layers)


_NOTHING_KNOWN = wm.WorkingMemoryView(())


def _guard(clause) -> Optional[tuple[str, bool]]:
    """(finding, value) when the clause holds only with that one finding given
    that value (``present``/``absent``): the rule need not be tried otherwise."""
    if len(clause.reads()) != 1 or clause.reads()[0][0] != "finding":
        return None
    ways = clause.completions(_NOTHING_KNOWN)
    if len(ways) == 1 and len(ways[0]) == 1:
        ((_, finding, value),) = ways[0]
        return finding, value
    return None


def _rule_test(defined: KnowledgeRule) -> Callable[[_State], bool]:
    """The rule's own meaning (``KnowledgeRule.evaluate``) over the state,
    unsettled when a certainty it reads is within ``MARGIN`` of its threshold
    (the engine rounds each combination step; the last digit can differ)."""
    thresholds = tuple((name, leaf.threshold) for clause in defined.when for leaf in clause.leaves()
                       for kind, name in leaf.reads() if kind == "certainty")

    def test(state: _State) -> bool:
        for condition, threshold in thresholds:
            certainty = state.certainties.get(condition)
            if certainty is not None and abs(certainty - threshold) <= MARGIN:
                raise _Unsettled
        return defined.evaluate(state) is True
    return test


def _fire(defined: KnowledgeRule, state: _State) -> None:
    for conclusion in defined.then:
        if isinstance(conclusion, ConcludePattern):
            state.patterns.add(conclusion.pattern)
        elif isinstance(conclusion, RaiseRedFlag):
            state.red_flags.add(conclusion.red_flag)
        elif isinstance(conclusion, Weigh):
            contributions = state.evidence.setdefault(conclusion.condition, [])
            if (defined.id, conclusion.cf) not in contributions:
                contributions.append((defined.id, conclusion.cf))
        elif isinstance(conclusion, ClaimUrgency):
            state.claims.append(conclusion.level)
        elif not isinstance(conclusion, (Recommend, ConsiderCause)):  # neither can change triage or leader
            raise _Unsettled


def _run_layer(layer: _Layer, state: _State) -> None:
    # Rules that read the absence of what this layer produces see the layer's
    # starting state; if more than one of them fires, the engine's order decides.
    rules = [layer.rules[i] for i in layer.candidates(state.findings)]
    sensitive = [r for r, test in rules if r.id in layer.order_sensitive and test(state)]
    if len(sensitive) > 1:
        raise _Unsettled
    fired = {r.id for r in sensitive}
    for defined in sensitive:
        _fire(defined, state)
    changed = True
    while changed:  # same-layer positive reads (a pattern from a pattern)
        changed = False
        for defined, test in rules:
            if defined.id in fired or defined.id in layer.order_sensitive:
                continue
            if test(state):
                fired.add(defined.id)
                _fire(defined, state)
                changed = changed or layer.chained


def evaluate(presentation: Presentation, kb: KnowledgeBase) -> Brief:
    """Triage and leading condition by direct evaluation of the rules;
    raises ``_Unsettled`` when the engine alone can say."""
    state = _State(dict(presentation.findings), presentation.age, presentation.sex)
    layers = _layers(kb)
    for layer in layers[:3]:  # patterns, red flags, evidence
        _run_layer(layer, state)
    for condition, contributions in sorted(state.evidence.items()):
        certainty = 0.0
        for _, cf in contributions:
            certainty = combine(certainty, cf)
        state.certainties[condition] = certainty
    for flag in sorted(state.red_flags):
        state.claims.append("emergency")
    maybe = []  # levels claimed by conditions within MARGIN of being reasonably supported
    for condition, certainty in sorted(state.certainties.items()):
        if not claims_by_default(condition):
            continue
        level = CONDITIONS[condition].urgency
        if abs(certainty - REASONABLY_SUPPORTED) <= MARGIN:
            maybe.append(level)
        elif certainty >= REASONABLY_SUPPORTED:
            state.claims.append(level)
    _run_layer(layers[3], state)  # urgency
    if maybe and not state.claims:
        raise _Unsettled  # whether the fallback fires depends on those claims
    _run_layer(layers[4], state)  # fallback urgency
    if not state.claims:
        raise _Unsettled  # the engine would set no triage at all
    triage = max(state.claims, key=urgency_rank)
    if maybe and urgency_rank(max(maybe, key=urgency_rank)) > urgency_rank(triage):
        raise _Unsettled
    return Brief(triage, _leader(state))


def _leader(state: _State) -> Optional[str]:
    """The leading condition, unless a near tie (or a certainty near 0, the
    bar for the differential) leaves it to the engine's rounding."""
    candidates = sorted(
        ((c, v) for c, v in state.certainties.items()
         if v > -MARGIN and any(cf > 0 for _, cf in state.evidence[c])),
        key=lambda item: (-item[1], -urgency_rank(CONDITIONS[item[0]].urgency), item[0]))
    if not candidates:
        return None
    if candidates[0][1] <= MARGIN or (len(candidates) > 1 and candidates[0][1] - candidates[1][1] <= MARGIN):
        raise _Unsettled
    return candidates[0][0]


class Screen:
    """Tells WHAT IF which changes could alter the triage or the leader."""

    def __init__(self, presentation: Presentation, triage: str, leading: Optional[str],
                 kb: Optional[KnowledgeBase] = None):
        self.presentation = presentation
        self.kb = kb or default_knowledge_base()
        self.baseline = Brief(triage, leading)
        self.verdicts: dict = {}
        try:
            self.enabled = evaluate(presentation, self.kb) == self.baseline
        except _Unsettled:
            self.enabled = False

    def may_change(self, change) -> bool:
        """False only when the change provably leaves triage and leader as they are."""
        if not self.enabled:
            return True
        key = (change.finding, change.after)
        if key not in self.verdicts:
            try:
                self.verdicts[key] = evaluate(change.apply(self.presentation), self.kb) != self.baseline
            except _Unsettled:
                self.verdicts[key] = True
        return self.verdicts[key]
