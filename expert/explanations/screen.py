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
"""
from __future__ import annotations

from typing import Optional

from expert.engine.working_memory import WorkingMemoryView
from expert.knowledge_base import KnowledgeBase, default_knowledge_base, knowledge_base_index
from expert.trace import Inference
from facts.vocabulary import CONTEXT_FINDINGS

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


class Screen:
    """Tells WHAT IF (and the consultation) which single-finding changes of
    the baseline run could change its triage or differential."""

    def __init__(self, baseline: Inference, kb: Optional[KnowledgeBase] = None):
        self.kb = kb or default_knowledge_base()
        self.view = WorkingMemoryView(baseline.facts[i] for i in baseline.final)
        self.fired = frozenset(firing.rule for firing in baseline.firings)
        self.fit_matters = fit_can_matter(self.kb)
        self.verdicts: dict = {}

    def may_change(self, change) -> bool:
        """False only when the change provably leaves every rule firing as it
        did, but those that only recommend or name a cause to consider."""
        key = (change.finding, change.after)
        if key not in self.verdicts:
            self.verdicts[key] = self._may_change(change.finding, change.after)
        return self.verdicts[key]

    def _may_change(self, finding: str, after: Optional[bool]) -> bool:
        before = self.view.finding(finding)
        if self.fit_matters and finding not in CONTEXT_FINDINGS and (before is True) != (after is True):
            return True
        changed = self.view.with_finding(finding, after)
        return any((defined.evaluate(changed) is True) != (defined.id in self.fired)
                   for defined in self.kb.reading.get(finding, ()) if not concludes_only_inert(defined))
