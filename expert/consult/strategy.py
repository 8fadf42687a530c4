"""Which question next: the order a consultation asks in, stage by stage.

1. ``red_flag``: red-flag questions of ``questions_worth_asking``, whose
   answer alone could make this an emergency;
2. ``red_flag_screen``: findings that, with later answers, could complete a
   red-flag rule (skipped once the triage is emergency: nothing can add to it);
3. ``complaint``: the course and distribution of the complaint itself (one leg
   or both, sudden or gradual, episodes or constant...), where a rule that can
   still fire reads them: what a clinician asks first, and what opens the rules
   the later stages pursue;
4. ``discriminating``: the rest of ``questions_worth_asking``, whose answer
   alone could shift the triage or the leader, those that best separate the
   leading conditions first;
5. ``follow_up``: findings that rules already under way (some of their
   conditions met) or weighing a current leading hypothesis still need,
   where completing the rule could change the triage or the leading
   condition (tried on the engine).

Candidates are produced lazily: choosing the next question computes no more
than it needs; the consultation is over when there is none.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterator, Optional

from expert.consult.open_rules import OpenRule, open_rules, ranked_findings
from expert.engine import Inference
from expert.explain.what_if import Outcome, Question
from facts.presentation import Presentation
from facts.vocabulary import COMPLAINT_FINDINGS, FINDINGS

STAGES = ("red_flag", "red_flag_screen", "complaint", "discriminating", "follow_up")


@dataclass(frozen=True)
class Candidate:
    finding: str
    stage: str
    ranked: Optional[Question]
    """the Question from questions_worth_asking, if it ranked the finding"""
    rules: tuple[OpenRule, ...] = ()
    """the open rules the finding would bring nearer (screen, complaint, follow-up)"""


def candidates(presentation: Presentation, inference: Inference, baseline: Outcome,
               ranking: list[Question], skipped: set[str],
               outcome_of: Callable[[Presentation], Outcome]) -> Iterator[Candidate]:
    """Every finding worth asking about now, in the order to ask."""
    offered: set[str] = set()

    def offer(candidate: Candidate):
        offered.add(candidate.finding)
        return candidate

    ranked = [q for q in ranking if q.finding not in skipped]
    for question in ranked:
        if question.red_flag:
            yield offer(Candidate(question.finding, "red_flag", question))
    by_finding = {q.finding: q for q in ranked}
    if baseline.triage != "emergency":
        screen = open_rules(presentation, inference, skipped, only="red_flag")
        for finding, rules in ranked_findings(screen):
            if finding not in offered:
                yield offer(Candidate(finding, "red_flag_screen", by_finding.get(finding), rules))
    still_open = open_rules(presentation, inference, skipped)
    reading: dict[str, list[OpenRule]] = {}
    for open_rule in still_open:
        for group in open_rule.needs:
            for finding in group:
                reading.setdefault(finding, []).append(open_rule)
    for finding in FINDINGS:  # vocabulary order
        if finding in COMPLAINT_FINDINGS and finding in reading and finding not in offered:
            yield offer(Candidate(finding, "complaint", by_finding.get(finding), tuple(reading[finding])))
    for question in ranked:
        if question.finding not in offered:
            yield offer(Candidate(question.finding, "discriminating", question))
    hypotheses = {condition for condition, _ in baseline.top}
    under_way = [r for r in still_open if r.layer != "red_flag"
                 and (r.progress > 0 or hypotheses.intersection(r.weighs))]
    for finding, rules in ranked_findings(under_way):
        if finding in offered:
            continue
        worth = next((r for r in rules if _completion_matters(r, presentation, baseline, outcome_of)), None)
        if worth is not None:
            yield offer(Candidate(finding, "follow_up", by_finding.get(finding), (worth,)))


def _completion_matters(open_rule: OpenRule, presentation: Presentation, baseline: Outcome,
                        outcome_of: Callable[[Presentation], Outcome]) -> bool:
    """Would completing the rule change the triage or the leading condition?"""
    completed = outcome_of(presentation.with_findings(**open_rule.completion()))
    return completed.triage != baseline.triage or completed.leading != baseline.leading
