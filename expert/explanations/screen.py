"""Screening WHAT IF changes: skip the engine runs that cannot matter.

WHAT IF tries single-finding changes by re-running the engine; most change
nothing that it reports. ``Screen`` proves, from the baseline run alone, what
a change leaves as it was, so the run can be skipped. It evaluates rules by
their own meaning (``KnowledgeRule.evaluate``, the rule language's one
evaluator) and follows the machinery by its own definitions; it decides no
triage and ranks nothing.

**Every rule fires as before** (``SAME_FIRINGS``). A rule reads only facts
that are final before it fires (``expert.dsl`` checks this when the rule is
defined), so a knowledge rule fires exactly when it evaluates true over the
run's final working memory (tests/test_dsl.py proves it on the case library
and on generated presentations). Change one finding F, and take the
baseline's final working memory with F changed. If every rule that reads F
evaluates there as it fired in the baseline, then, layer by layer, every
rule fires as before, so every pattern, red flag, certainty and urgency
claim is the same, and with them the triage and the whole differential. A
rule that only recommends or names a cause to consider may fire otherwise:
no rule reads what it concludes, so nothing else changes. The one other
reader of findings is the machinery's fit assessment, which counts the
findings present; a change of F's presence can change the fit, so it is
skipped only when no rule that reads the fit can conclude more than a
recommendation or a cause to consider (true of the shipped rules; checked
of any knowledge base).

**The outcome stays** (``SAME_OUTCOME``: the triage and the leading ``TOP``
conditions with their certainties, ``what_if.Outcome``), or **the triage and
the leader stay** (``SAME_TRIAGE_AND_LEADER``), though some rules that read
F fire otherwise. The screen follows only what such rules conclude, newly
or no longer: evidence for or against conditions, urgency claims, and
patterns concluded from the input alone.

* A pattern whose every concluding rule reads only the input holds after
  the change exactly when one of those rules evaluates true on the changed
  input (such a rule fires exactly when it does). The rules that read a
  pattern that comes or goes are evaluated again with it; a pattern built
  on a changed pattern is not followed (the run is made).

* Each condition weighed otherwise gets an interval its certainty must end
  in. Evidence against only lowers a certainty, evidence for only raises
  it, and its support alone, combined by the machinery's own
  ``certainty_factors.combine``, bounds it from above, up to rounding
  (tests/test_certainty_factors.py proves all three). A condition no rule
  supports is not ranked (``certainty_factors.in_differential``).
* The triage is the most urgent level claimed. An urgency claim, by a rule
  or by the machinery for a reasonably supported condition, that could
  appear or vanish must not reach past that level (nor vanish at it), and
  no rule that reads whether any urgency was claimed (the safety net) may
  have fired: its claim would then rest on the others.
* Rules that read a moved certainty must evaluate as they fired at both
  ends of its interval; they compare it with one threshold, so they do
  throughout.
* Then the leading conditions stay when every moved one is outside them
  and stays below the last of them; the leader stays when it can only rise
  and every other moved condition stays below it.

Where a rule reading the fit could matter, only ``SAME_FIRINGS`` is proved.
tests/test_what_if.py runs every skipped change on the engine.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import reduce
from typing import Optional

from expert.assessment import ranked_hypotheses
from expert.certainty_factors import PRECISION, REASONABLY_SUPPORTED, combine
from expert.engine.core import claims_by_default
from expert.engine import working_memory as wm
from expert.engine.working_memory import WorkingMemoryView
from expert.knowledge_base import KnowledgeBase, default_knowledge_base, knowledge_base_index
from expert.trace import Inference
from facts.vocabulary import CONDITIONS, CONTEXT_FINDINGS, urgency_rank

# How many leading conditions an outcome names (``what_if.Outcome``).
TOP = 3

# Conclusions that neither the triage nor the differential depend on: no
# clause reads them.
_INERT_KINDS = frozenset({"Recommendation", "Consider"})


def concludes_only_inert(defined) -> bool:
    """Whether all the rule concludes is recommendations or causes to
    consider, which no rule reads: its firing changes no other conclusion."""
    return all(conclusion.kind in _INERT_KINDS for conclusion in defined.then)


@knowledge_base_index
def fit_can_matter(kb: KnowledgeBase) -> bool:
    """Whether some rule reads the fit and concludes something the triage or
    the differential could depend on."""
    return any(any(kind == "Fit" for clause in defined.when for kind, _ in clause.fact_kinds())
               and not concludes_only_inert(defined)
               for defined in kb.rules)


@knowledge_base_index
def certainty_readers(kb: KnowledgeBase) -> dict:
    """For each condition, the rules that read its certainty and conclude
    more than recommendations or causes to consider (under None: those
    that read any condition's), each with how many of its clauses read it."""
    readers: dict = {}
    for defined in kb.rules:
        if not concludes_only_inert(defined):
            read = Counter(name for top in defined.when for clause in top.leaves()
                           for kind, name in clause.reads() if kind == "certainty")
            for condition, times in read.items():
                readers.setdefault(condition, []).append((defined, times))
    return {condition: tuple(rules) for condition, rules in readers.items()}


@knowledge_base_index
def pattern_readers_of(kb: KnowledgeBase) -> dict:
    """pattern id -> the rules that read it, in rule order."""
    readers: dict = {}
    for defined in kb.rules:
        for pattern in dict.fromkeys(name for clause in defined.when for kind, name in clause.reads()
                                     if kind == "pattern"):
            readers.setdefault(pattern, []).append(defined)
    return {pattern: tuple(rules) for pattern, rules in readers.items()}


@knowledge_base_index
def urgency_readers(kb: KnowledgeBase) -> frozenset:
    """Ids of the rules that read whether any urgency was claimed (the
    safety net's kind) and conclude more than recommendations."""
    return frozenset(defined.id for defined in kb.rules if not concludes_only_inert(defined)
                     and any(kind == "urgency" for clause in defined.when for kind, _ in clause.reads()))


# What the screen can say of a change, from the most to the least it proves.
SAME_FIRINGS = "every rule fires as before"
SAME_OUTCOME = "the triage and the leading conditions stay as before, with their certainties"
SAME_TRIAGE_AND_LEADER = "the triage and the leading condition stay as before"
MAY_CHANGE = "may change"

# Combining positive factors in another order than the engine's moves the
# result by rounding only: at most 1e-4 per factor (each step rounds to
# ``PRECISION`` places and is 1-Lipschitz in the certainty so far).
_ORDER_SLACK = 1e-4


@dataclass(frozen=True)
class _Moved:
    """Where a condition's certainty can end after the change."""
    low: float
    high: float
    supported: bool
    """Whether some rule supports it after the change."""


class Screen:
    """Tells WHAT IF (and the consultation) which single-finding changes of
    the baseline run could change its triage or leading conditions."""

    def __init__(self, baseline: Inference, kb: Optional[KnowledgeBase] = None):
        self.kb = kb or default_knowledge_base()
        self.view = WorkingMemoryView(baseline.facts[i] for i in baseline.final)
        self.fired = frozenset(firing.rule for firing in baseline.firings)
        self.fit_matters = fit_can_matter(self.kb)
        self.contributions = {h["condition"]: h["contributions"] for h in baseline.final_facts(wm.Hypothesis)}
        self.leaders = [(h["condition"], round(h["certainty"], PRECISION)) for h in ranked_hypotheses(baseline)]
        self.certainty_readers = certainty_readers(self.kb)
        (triage,) = baseline.final_facts(wm.Triage)
        self.triage_rank = urgency_rank(triage["level"])
        self.urgency_read = bool(urgency_readers(self.kb) & self.fired)
        self.verdicts: dict = {}

    def may_change(self, change) -> bool:
        """False only when the change provably leaves the outcome (the
        triage and the leading conditions, with their certainties) as it was."""
        return self.verdict(change) in (MAY_CHANGE, SAME_TRIAGE_AND_LEADER)

    def may_move(self, change) -> bool:
        """False only when the change provably leaves the triage and the
        leading condition as they were."""
        return self.verdict(change) == MAY_CHANGE

    def verdict(self, change) -> str:
        """What the screen proves of the change: ``SAME_FIRINGS`` when every
        rule fires as it did, but those that only recommend or name a cause
        to consider; ``SAME_OUTCOME`` or ``SAME_TRIAGE_AND_LEADER`` when some
        fire otherwise, yet provably move only what is named; else
        ``MAY_CHANGE``."""
        key = (change.finding, change.after)
        if key not in self.verdicts:
            self.verdicts[key] = self._verdict(change.finding, change.after)
        return self.verdicts[key]

    def _verdict(self, finding: str, after: Optional[bool]) -> str:
        before = self.view.finding(finding)
        if self.fit_matters and finding not in CONTEXT_FINDINGS and (before is True) != (after is True):
            return MAY_CHANGE
        changed = self.view.with_finding(finding, after)
        readers = self.kb.reading.get(finding, ())
        otherwise = self._firing_otherwise(readers, changed)
        if not otherwise:
            return SAME_FIRINGS
        patterns = {c.pattern for defined in otherwise for c in defined.then if c.kind == "Pattern"}
        if patterns:
            followed = self._follow_patterns(patterns, changed)
            if followed is None:
                return MAY_CHANGE
            changed, pattern_readers = followed
            otherwise = self._firing_otherwise(dict.fromkeys(readers + pattern_readers), changed)
            if any(c.kind == "Pattern" and c.pattern not in patterns for defined in otherwise for c in defined.then):
                return MAY_CHANGE  # a pattern built on a changed one: not followed further
        if self.fit_matters:
            return MAY_CHANGE  # weighing otherwise changes what the fit counts as explained
        moved = self._moved(otherwise)
        if moved is None or not self._claims_stay(moved) or not self._certainty_readers_stay(moved, changed):
            return MAY_CHANGE
        return self._ranking_verdict(moved)

    def _firing_otherwise(self, readers, changed: WorkingMemoryView) -> list:
        """The rules among ``readers`` that evaluate on ``changed`` otherwise
        than they fired, but those that only recommend or name a cause to
        consider."""
        return [defined for defined in readers if not concludes_only_inert(defined)
                and (defined.evaluate(changed) is True) != (defined.id in self.fired)]

    def _follow_patterns(self, patterns: set, changed: WorkingMemoryView):
        """The view with these patterns as the change leaves them, and the
        rules that read them; None unless every rule that concludes them
        reads only the input. Such a rule fires exactly when it evaluates
        true on the input (tests/test_dsl.py), so a pattern holds after the
        change exactly when one of them evaluates true on ``changed``."""
        readers, pattern_readers = pattern_readers_of(self.kb), []
        for pattern in sorted(patterns):
            concluders = self.kb.concluding.get(("pattern", pattern), ())
            if not all(defined.reads_only_input() for defined in concluders):
                return None
            holds = any(defined.evaluate(changed) is True for defined in concluders)
            if holds != self.view.pattern(pattern):
                changed = changed.with_pattern(pattern, holds)
                pattern_readers += readers.get(pattern, ()) + readers.get(None, ())  # None: any pattern
        return changed, tuple(pattern_readers)

    def _moved(self, otherwise) -> Optional[dict[str, _Moved]]:
        """Where each condition weighed otherwise can end, or None when a
        rule that fires otherwise concludes what the screen does not follow
        (a red flag, an urgency claim that could reach past the triage; the
        patterns were followed already, ``_follow_patterns``)."""
        added: dict[str, dict[str, float]] = {}  # condition -> rule -> cf
        dropped: dict[str, dict[str, float]] = {}
        for defined in otherwise:
            newly = defined.id not in self.fired
            for conclusion in defined.then:
                fields = conclusion.fields(defined)
                if conclusion.kind == "Evidence":
                    (added if newly else dropped).setdefault(fields["condition"], {})[defined.id] = fields["cf"]
                elif conclusion.kind == "UrgencyClaim":
                    rank = urgency_rank(fields["level"])
                    if self.urgency_read or rank > self.triage_rank or (rank == self.triage_rank and not newly):
                        return None
                elif conclusion.kind != "Pattern":  # a pattern's readers were followed (_follow_patterns)
                    return None
        moved = {}
        for condition in sorted(added.keys() | dropped.keys()):
            certainty = self.view.certainty(condition)
            new, gone = added.get(condition, {}), dropped.get(condition, {})
            supports = [cf for rule, cf in self.contributions.get(condition, ()) if cf > 0 and rule not in gone]
            supports += [cf for cf in new.values() if cf > 0]
            # Evidence against only lowers a certainty, evidence for only
            # raises it, and the support alone bounds it from above
            # (tests/test_certainty_factors.py).
            rises = all(cf > 0 for cf in new.values()) and all(cf < 0 for cf in gone.values())
            falls = all(cf < 0 for cf in new.values()) and all(cf > 0 for cf in gone.values())
            high = min(1.0, reduce(combine, supports, 0.0) + _ORDER_SLACK * len(supports)) if supports else 0.0
            moved[condition] = _Moved(low=certainty if rises else -1.0,
                                      high=min(high, certainty) if falls else high,
                                      supported=bool(supports))
        return moved

    def _claims_stay(self, moved: dict[str, _Moved]) -> bool:
        """Whether the urgency the machinery claims for reasonably supported
        conditions leaves the triage level as it was."""
        for condition, where in moved.items():
            was = self.view.certainty(condition) >= REASONABLY_SUPPORTED
            if (where.low < REASONABLY_SUPPORTED <= where.high) or (where.high < REASONABLY_SUPPORTED) == was:
                if not claims_by_default(condition):
                    continue
                rank = urgency_rank(CONDITIONS[condition].urgency)
                if self.urgency_read or rank > self.triage_rank or (rank == self.triage_rank and was):
                    return False
        return True

    def _ranking_verdict(self, moved: dict[str, _Moved]) -> str:
        """How much of the ranking provably stays: the leading ``TOP`` with
        their certainties, or the leader alone, or neither. A condition
        outranks another only with a higher rounded certainty or an equal
        one, so one whose certainty stays below another's stays behind it;
        one no rule supports is not ranked (``certainty_factors.
        in_differential``)."""
        def behind(where: _Moved, certainty: Optional[float]) -> bool:
            """Unranked, or below ``certainty`` (None: a place is free, so unranked only)."""
            return not where.supported or (certainty is not None and where.high + _ORDER_SLACK < certainty)

        top = dict(self.leaders[:TOP])
        last = self.leaders[TOP - 1][1] if len(self.leaders) >= TOP else None
        if all(condition not in top and behind(where, last) for condition, where in moved.items()):
            return SAME_OUTCOME
        if not self.leaders:
            return MAY_CHANGE  # some moved condition is supported: it could lead
        leader, certainty = self.leaders[0]
        if leader in moved and moved[leader].low < self.view.certainty(leader):
            return MAY_CHANGE
        if all(condition == leader or behind(where, certainty) for condition, where in moved.items()):
            return SAME_TRIAGE_AND_LEADER
        return MAY_CHANGE

    def _certainty_readers_stay(self, moved: dict[str, _Moved], changed: WorkingMemoryView) -> bool:
        """Whether every rule that reads a moved certainty evaluates as it
        fired wherever in its interval the certainty ends. A rule reads a
        certainty only by comparing it with a threshold (``dsl.Supported``,
        ``dsl.NotSupported``), so a rule comparing it once, agreeing at both
        ends of the interval, agrees throughout; a rule comparing a moved
        certainty twice, or two moved certainties, is not screened."""
        readers: dict[str, list] = {}
        for condition in moved:
            for defined, times in self.certainty_readers.get(condition, ()) + self.certainty_readers.get(None, ()):
                if times > 1:
                    return False  # two thresholds can hold between the ends and not at them
                readers.setdefault(defined.id, [defined, set()])[1].add(condition)
        for defined, conditions in readers.values():
            if len(conditions) > 1:
                return False
            (condition,) = conditions
            fired = defined.id in self.fired
            if any((defined.evaluate(changed.with_certainty(condition, end)) is True) != fired
                   for end in (moved[condition].low, moved[condition].high)):
                return False
        return True
