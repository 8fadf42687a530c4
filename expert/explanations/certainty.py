"""Certainty: how each rule's certainty factor made a condition's certainty.

Read off the ``Hypothesis`` fact the engine's combine rule asserted: its
contributions, (rule, certainty factor) in the order they were combined,
with the input findings behind each one (from the trace), and the running
MYCIN combination (``expert.certainty_factors.combine``) after each step. The last
running value is the certainty the engine reported.
"""
from __future__ import annotations

from typing import Optional

from expert import certainty_factors as certainty_module
from expert.assessment import ranked_hypotheses
from expert.certainty_factors import REASONABLY_SUPPORTED, combine
from expert.trace import Inference
from expert.explanations.how import UnknownConclusion
from expert.explanations.rule_refs import ExplanationModel, RuleRef, label, rule_ref
from expert.knowledge_base import knowledge_base_of
from expert.explanations.why_not import FindingState
from expert.trace import Provenance
from expert.engine import working_memory as wm
from facts.presentation import suggest
from facts.vocabulary import CONDITIONS, FINDINGS


class CertaintyStep(ExplanationModel):
    rule: RuleRef
    cf: float
    findings: list[FindingState]
    before: float
    running: float
    """The combined certainty after this contribution."""


class CertaintyBreakdown(ExplanationModel):
    condition: str
    label: str
    certainty: float
    threshold: float
    reasonably_supported: bool
    rank: Optional[int]
    """Place in the differential (1 = leading); None when not in it."""
    steps: list[CertaintyStep]

    @property
    def supporting(self) -> list[CertaintyStep]:
        return [s for s in self.steps if s.cf > 0]

    @property
    def opposing(self) -> list[CertaintyStep]:
        return [s for s in self.steps if s.cf < 0]


def _hypothesis(inference: Inference, condition: str):
    for fact in inference.final_facts(wm.Hypothesis):
        if fact["condition"] == condition:
            return fact
    weighed = [f["condition"] for f in inference.final_facts(wm.Hypothesis)]
    hint = suggest(condition, weighed) if condition not in CONDITIONS else None
    if condition in CONDITIONS:
        message = f"no rule weighed {condition!r} for this case, so it has no certainty"
    else:
        hint = hint or suggest(condition, CONDITIONS)
        message = f"unknown condition id {condition!r}"
    if hint:
        message += f" (did you mean {hint!r}?)"
    elif weighed:
        message += f"; weighed: {', '.join(sorted(weighed))}"
    raise UnknownConclusion(message, condition, hint)


def certainty_breakdown(inference: Inference, condition: str) -> CertaintyBreakdown:
    """Each contribution to a condition's certainty and the running MYCIN
    combination. Raises ``UnknownConclusion`` if no rule weighed it."""
    hypothesis = _hypothesis(inference, condition)
    provenance = Provenance(inference)
    evidence = {fact["rule"]: fact_id for fact_id in inference.final
                if isinstance(fact := inference.facts[fact_id], wm.Evidence) and fact["condition"] == condition}
    order = {f: i for i, f in enumerate(FINDINGS)}
    steps, running = [], 0.0
    for rule_id, cf in hypothesis["contributions"]:
        before, running = running, combine(running, cf)
        pairs = sorted(provenance.input_findings(evidence[rule_id]), key=lambda p: order[p[0]])
        steps.append(CertaintyStep(
            rule=rule_ref(rule_id, knowledge_base_of(inference)), cf=cf, before=before, running=running,
            findings=[FindingState(id=f, label=label(f), given=present) for f, present in pairs]))
    ranked = [h["condition"] for h in ranked_hypotheses(inference)]
    certainty = round(hypothesis["certainty"], 4)
    return CertaintyBreakdown(
        condition=condition, label=label(condition), certainty=certainty,
        threshold=REASONABLY_SUPPORTED, reasonably_supported=certainty >= REASONABLY_SUPPORTED,
        rank=ranked.index(condition) + 1 if condition in ranked else None, steps=steps)


def render_certainty_text(breakdown: CertaintyBreakdown) -> str:
    place = f"ranked {breakdown.rank}" if breakdown.rank else "not in the differential"
    support = ("at or above the {:g} that counts as reasonably supported" if breakdown.reasonably_supported
               else "below the {:g} that counts as reasonably supported").format(breakdown.threshold)
    lines = [f"CERTAINTY {breakdown.condition}: {breakdown.label}",
             f"{breakdown.certainty:.2f} ({place}; {support})",
             "step  cf     running  rule"]
    for number, step in enumerate(breakdown.steps, start=1):
        findings = ", ".join(f"{f.label} {'present' if f.given else 'absent'}" for f in step.findings)
        lines.append(f"{number:>4}  {step.cf:+.2f}  {step.before:.2f} -> {step.running:.2f}  "
                     f"{step.rule.id}: {step.rule.title}")
        if findings:
            lines.append(f"{'':>4}  from: {findings}")
    lines.extend(f"  {line}" for line in combination_rule())
    return "\n".join(lines) + "\n"


def combination_rule() -> list[str]:
    """The MYCIN formulas, as ``expert.certainty_factors`` documents them (its
    docstring's literal block), so the text follows the code's own account."""
    doc = (certainty_module.__doc__ or "").split("::", 1)
    if len(doc) < 2:
        return []
    block = doc[1].strip("\n").split("\n\n", 1)[0]
    return ["Combined as in MYCIN:"] + [line.strip() for line in block.splitlines() if line.strip()]


__all__ = ["CertaintyBreakdown", "CertaintyStep", "certainty_breakdown", "render_certainty_text"]
