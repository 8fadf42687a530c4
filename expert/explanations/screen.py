"""Screening WHAT IF changes: skip the engine runs that cannot matter.

WHAT IF tries single-finding changes by re-running the engine; most change
nothing. ``Screen`` proves, from the baseline run alone, that a change leaves
every rule firing as it did, so the run can be skipped. It evaluates rules by
their own meaning (``KnowledgeRule.evaluate``, the rule language's one
evaluator); there is no second engine here: no layers, no certainty
combination, no ranking.

Why that is enough. A rule reads only facts that are final before it fires
(``expert.dsl`` checks this when the rule is defined), so a knowledge rule
fires exactly when it evaluates true over the run's final working memory
(tests/test_dsl.py proves it on the case library and on generated
presentations). Change one finding F, and take the baseline's final working
memory with F changed. If every rule that reads F evaluates there as it
fired in the baseline, then, layer by layer, every rule fires as before, so
every pattern, red flag, certainty and urgency claim is the same, and with
them the triage and the whole differential. A rule that only recommends or
names a cause to consider may fire otherwise: no rule reads what it
concludes, so nothing else changes. The one other reader of findings
is the machinery's fit assessment, which counts the findings present; a
change of F's presence can change the fit, so it is skipped only when no rule
that reads the fit can conclude more than a recommendation or a cause to
consider (true of the shipped rules; checked of any knowledge base).

When some rules do fire otherwise, narrow facts of the machinery can still
prove the *outcome* (the triage and the leading ``TOP`` conditions, with
their certainties; ``what_if.Outcome``) unchanged. The run is then skipped
too, when everything the rules that fire otherwise conclude, newly or no
longer, is covered here:

* **Evidence against a condition outside the leaders.** Evidence against a
  condition only lowers its certainty: ``certainty_factors.combine`` is
  monotone, and combining with a factor below 0 never raises a certainty
  (tests/test_certainty_factors.py). So new evidence against a condition
  that is neither among the leading ``TOP`` nor reasonably supported keeps
  it out of both; and evidence against a condition no rule supported, newly
  weighed or no longer weighed, keeps it out of the differential (a
  condition enters it only with some support: ``certainty_factors.
  in_differential``). Either way its certainty stays below what claims an
  urgency or counts for the fit.
* **An urgency claim that does not reach past the triage.** The triage is
  the most urgent level claimed, so a new claim at or below that level, or
  a claim below it no longer made, leaves the level as it was, provided no
  rule that reads whether any urgency was claimed fired (the safety net's
  claim would then rest on the others).
* **Rules that read such a certainty** must evaluate as they fired wherever
  in its interval the certainty ends (``Screen._certainty_readers_stay``).

Each is a consequence of the machinery's own definitions, not a second
engine: nothing here combines certainties, ranks or decides a triage.
tests/test_what_if.py runs every skipped change on the engine.
"""
from __future__ import annotations

from collections import Counter
from typing import Optional

from expert.assessment import ranked_hypotheses
from expert.certainty_factors import REASONABLY_SUPPORTED
from expert.engine import working_memory as wm
from expert.engine.working_memory import WorkingMemoryView
from expert.knowledge_base import KnowledgeBase, default_knowledge_base, knowledge_base_index
from expert.trace import Inference
from facts.vocabulary import CONTEXT_FINDINGS, urgency_rank

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


def _leaf_clauses(clause):
    parts = clause.subclauses()
    if not parts:
        yield clause
    for part in parts:
        yield from _leaf_clauses(part)


@knowledge_base_index
def certainty_readers(kb: KnowledgeBase) -> dict:
    """For each condition, the rules that read its certainty and conclude
    more than recommendations or causes to consider (under None: those
    that read any condition's), each with how many of its clauses read it."""
    readers: dict = {}
    for defined in kb.rules:
        if not concludes_only_inert(defined):
            read = Counter(name for top in defined.when for clause in _leaf_clauses(top)
                           for kind, name in clause.reads() if kind == "certainty")
            for condition, times in read.items():
                readers.setdefault(condition, []).append((defined, times))
    return {condition: tuple(rules) for condition, rules in readers.items()}


@knowledge_base_index
def urgency_readers(kb: KnowledgeBase) -> frozenset:
    """Ids of the rules that read whether any urgency was claimed (the
    safety net's kind) and conclude more than recommendations."""
    return frozenset(defined.id for defined in kb.rules if not concludes_only_inert(defined)
                     and any(kind == "urgency" for clause in defined.when for kind, _ in clause.reads()))


# What the screen can say of a change.
MAY_CHANGE = "may change"
SAME_FIRINGS = "every rule fires as before"
SAME_OUTCOME = "the triage and the leading conditions stay as before"


class Screen:
    """Tells WHAT IF (and the consultation) which single-finding changes of
    the baseline run could change its triage or leading conditions."""

    def __init__(self, baseline: Inference, kb: Optional[KnowledgeBase] = None):
        self.kb = kb or default_knowledge_base()
        self.view = WorkingMemoryView(baseline.facts[i] for i in baseline.final)
        self.fired = frozenset(firing.rule for firing in baseline.firings)
        self.fit_matters = fit_can_matter(self.kb)
        hypotheses = baseline.final_facts(wm.Hypothesis)
        self.supported = frozenset(h["condition"] for h in hypotheses if any(cf > 0 for _, cf in h["contributions"]))
        self.out_of_reach = frozenset(
            h["condition"] for h in hypotheses if h["certainty"] < REASONABLY_SUPPORTED
        ) - {h["condition"] for h in ranked_hypotheses(baseline)[:TOP]}
        self.certainty_readers = certainty_readers(self.kb)
        (triage,) = baseline.final_facts(wm.Triage)
        self.triage_rank = urgency_rank(triage["level"])
        self.urgency_read = bool(urgency_readers(self.kb) & self.fired)
        self.verdicts: dict = {}

    def may_change(self, change) -> bool:
        """False only when the change provably leaves the triage and the
        differential as they were (``verdict``)."""
        return self.verdict(change) == MAY_CHANGE

    def verdict(self, change) -> str:
        """``SAME_FIRINGS`` when the change leaves every rule firing as it
        did, but those that only recommend or name a cause to consider;
        ``SAME_OUTCOME`` when some do fire otherwise, yet provably change
        neither the triage nor the leading conditions (``what_if.Outcome``);
        else ``MAY_CHANGE``."""
        key = (change.finding, change.after)
        if key not in self.verdicts:
            self.verdicts[key] = self._verdict(change.finding, change.after)
        return self.verdicts[key]

    def _verdict(self, finding: str, after: Optional[bool]) -> str:
        before = self.view.finding(finding)
        if self.fit_matters and finding not in CONTEXT_FINDINGS and (before is True) != (after is True):
            return MAY_CHANGE
        changed = self.view.with_finding(finding, after)
        otherwise = [defined for defined in self.kb.reading.get(finding, ()) if not concludes_only_inert(defined)
                     and (defined.evaluate(changed) is True) != (defined.id in self.fired)]
        if not otherwise:
            return SAME_FIRINGS
        return SAME_OUTCOME if self._outcome_stays(otherwise, changed) else MAY_CHANGE

    def _outcome_stays(self, otherwise, changed: WorkingMemoryView) -> bool:
        """Whether what the rules that fire otherwise conclude, newly or no
        longer, provably moves neither the triage nor the leading conditions
        (module docstring)."""
        moved: dict[str, tuple[float, float]] = {}  # condition -> the interval its certainty stays in
        for defined in otherwise:
            newly = defined.id not in self.fired
            for conclusion in defined.then:
                fields = conclusion.fields(defined)
                if conclusion.kind == "Evidence":
                    condition = fields["condition"]
                    if fields["cf"] > 0:
                        return False
                    if condition not in self.supported:
                        moved[condition] = (-1.0, 0.0)  # only evidence against: at most 0
                    elif newly and condition in self.out_of_reach:
                        moved[condition] = (-1.0, self.view.certainty(condition))  # only lowered
                    else:
                        return False
                elif conclusion.kind == "UrgencyClaim":
                    rank = urgency_rank(fields["level"])
                    if self.urgency_read or rank > self.triage_rank or (rank == self.triage_rank and not newly):
                        return False
                else:
                    return False
        return self._certainty_readers_stay(moved, changed)

    def _certainty_readers_stay(self, moved: dict, changed: WorkingMemoryView) -> bool:
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
                   for end in moved[condition]):
                return False
        return True
