"""Which question next: safety first, then the question worth most.

Each step weighs every finding still askable (read by some rule, unknown, not
answered "don't know") in two ways.

**Safety.** ``expert.consult.ceiling`` bounds how high the triage could still
go over every way the remaining questions could be answered, and names the
findings whose answers could help raise it (*raisers*). While there is one,
the consultation may not stop: a patient who would have said yes leaves with
too low a triage otherwise. Raisers come first, most urgent level first:

1. ``red_flag``: a yes alone makes it an emergency (tried on the engine);
2. ``red_flag_screen``: with later answers it could make it an emergency
   (it completes a red-flag rule, or an emergency condition's support);
3. ``urgency``: alone or with later answers it could raise the triage to a
   level short of emergency (urgent, or routine from self-care).

Within a stage, answers that raise the triage alone come first, by expected
value (below); then the findings that close the most ways up if the answer
is "don't know" (the ceiling recomputed without them), so that the
consultation is done with the fewest questions.

**Value.** Every other finding is worth asking only for what it tells about
the diagnosis (``discriminating``): its *expected value* is the probability
of each answer times what that answer changes, tried on the engine (yes and,
where a rule reads the absence, no)::

    value(answer) = W_RAISE[new level] if the triage rises, W_LOWER per level if it falls
                  + W_LEADER if the leading condition changes
                  + W_SEPARATION * how far the leading conditions' certainties move
    value(question) = P(yes) * value(yes) + P(no) * value(no)

Under-triage costs far more than over-triage, and an emergency most. It is
asked only if its answer could change the triage or the leading condition
and its value reaches ``min_value`` (0: every such question, as a thorough
history would). The consultation stops when there is no raiser and no such
question. Answer probabilities are deterministic: how often the case library
(``rules/cases``) codes the finding present or absent, smoothed, and mixed
with how often it does so in the cases led by each current leading
hypothesis, weighted by its certainty (``answer_probabilities``).

``expert.explain.screen`` spares the engine runs it proves cannot change the
triage or the leader; without a screen every run is made.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Callable, Optional

from expert.consult.ceiling import TriageCeiling, askable_findings, triage_ceiling
from expert.consult.open_rules import OpenRule, open_rules
from expert.engine import Inference
from expert.explain.what_if import Change, Outcome, Question
from expert.rule_index import rule_reads
from facts.presentation import Presentation
from facts.vocabulary import FINDINGS, urgency_rank

STAGES = ("red_flag", "red_flag_screen", "urgency", "discriminating")

W_RAISE = {"self_care": 0.0, "routine": 10.0, "urgent": 30.0, "emergency": 100.0}
"""What finding out that the triage rises to a level is worth (the cost of
under-triage avoided)."""
W_LOWER = 2.0
"""Per level the triage falls (the cost of over-triage avoided)."""
W_LEADER = 10.0
W_SEPARATION = 2.0
MIN_VALUE = 1.0
"""Default: a question no safety needs is asked when its expected value
reaches this (e.g. a 1 in 10 chance of a yes that changes the leader)."""
CLOSING_CANDIDATES = 8
"""How many raisers (likeliest "don't know" first) are tried for how many
ways up their "don't know" would close."""
_SMOOTHING = 2.0


@dataclass(frozen=True)
class Candidate:
    finding: str
    stage: str
    ranked: Optional[Question]
    """the Question with the outcomes of a yes and a no, when they were tried"""
    rules: tuple[OpenRule, ...] = ()
    """rules not yet fired that a yes would bring nearer (red-flag screen, urgency)"""
    value: float = 0.0
    """expected value of the answer (see the module docstring)"""
    raises_to: Optional[str] = None
    """for a raiser: the most urgent triage its answer could help reach"""
    alone: Optional[str] = None
    """the triage one answer alone raises it to (None: no answer does alone)"""
    p_yes: float = 0.0
    p_no: float = 0.0


# -- answer probabilities ---------------------------------------------------


@dataclass(frozen=True)
class _Counts:
    cases: int
    yes: Counter
    no: Counter
    led: dict  # condition -> (cases, yes Counter, no Counter)


@lru_cache(maxsize=1)
def _library_counts() -> _Counts:
    try:
        from expert.cases import load_case_library

        cases = load_case_library()
    except Exception:  # a library being edited must not stop a consultation
        cases = ()
    yes, no, led = Counter(), Counter(), {}
    for case in cases:
        present = [f for f, v in case.presentation.findings.items() if v]
        absent = [f for f, v in case.presentation.findings.items() if not v]
        yes.update(present)
        no.update(absent)
        leading = getattr(case.expected, "leading", None)
        if leading:
            count, led_yes, led_no = led.setdefault(leading, [0, Counter(), Counter()])
            led[leading][0] = count + 1
            led_yes.update(present)
            led_no.update(absent)
    return _Counts(len(cases), yes, no, {c: tuple(v) for c, v in led.items()})


def base_probabilities(finding: str) -> tuple[float, float]:
    """(P(yes), P(no)) before anything is known: the share of library cases
    coding the finding present / absent, smoothed (one case each way)."""
    counts = _library_counts()
    return ((counts.yes[finding] + 1) / (counts.cases + 3), (counts.no[finding] + 1) / (counts.cases + 3))


def answer_probabilities(finding: str, top: tuple[tuple[str, float], ...]) -> tuple[float, float]:
    """(P(yes), P(no)) given the leading hypotheses ``top`` (condition,
    certainty): the base probabilities mixed with those among the library
    cases each hypothesis leads, in proportion to its certainty (the rest of
    the weight stays on the base)."""
    base_yes, base_no = base_probabilities(finding)
    counts = _library_counts()
    weights = [(c, max(0.0, v)) for c, v in top if c in counts.led and v > 0]
    total = sum(w for _, w in weights)
    scale = 1.0 / total if total > 1.0 else 1.0
    p_yes = p_no = 0.0
    rest = 1.0
    for condition, weight in weights:
        weight *= scale
        rest -= weight
        cases, led_yes, led_no = counts.led[condition]
        p_yes += weight * (led_yes[finding] + _SMOOTHING * base_yes) / (cases + _SMOOTHING)
        p_no += weight * (led_no[finding] + _SMOOTHING * base_no) / (cases + _SMOOTHING)
    rest = max(0.0, rest)
    return p_yes + rest * base_yes, p_no + rest * base_no


# -- value ------------------------------------------------------------------


def _separation(baseline: Outcome, after: Outcome) -> float:
    conditions = {c for c, _ in baseline.top} | {c for c, _ in after.top}
    return sum(abs(after.certainty_of(c) - baseline.certainty_of(c)) for c in conditions)


def answer_value(baseline: Outcome, after: Outcome) -> float:
    """What an answer that leads from ``baseline`` to ``after`` is worth."""
    before, now = urgency_rank(baseline.triage), urgency_rank(after.triage)
    value = W_RAISE[after.triage] if now > before else W_LOWER * (before - now)
    if after.leading != baseline.leading:
        value += W_LEADER
    return value + W_SEPARATION * _separation(baseline, after)


def _changes(baseline: Outcome, after: Outcome) -> bool:
    return after.triage != baseline.triage or after.leading != baseline.leading


# -- the plan ----------------------------------------------------------------


class _Screen:
    """``expert.explain.screen.Screen``, or nothing if it cannot be built."""

    def __init__(self, presentation: Presentation, baseline: Outcome):
        try:
            from expert.explain.screen import Screen

            self.screen = Screen(presentation, baseline.triage, baseline.leading)
        except Exception:
            self.screen = None

    def may_change(self, finding: str, value: bool) -> bool:
        if self.screen is None:
            return True
        try:
            return self.screen.may_change(Change(finding, None, value))
        except Exception:
            return True


def candidates(presentation: Presentation, inference: Inference, baseline: Outcome,
               skipped: set[str], outcome_of: Callable[[Presentation], Outcome],
               min_value: float = MIN_VALUE) -> list[Candidate]:
    """Every finding worth asking about now, in the order to ask."""
    reads = rule_reads()
    askable = askable_findings(presentation, skipped)
    ceiling = triage_ceiling(presentation, baseline.triage, askable)
    screen = _Screen(presentation, baseline)
    order = {f: i for i, f in enumerate(FINDINGS)}
    most_a_question_can_give = W_LOWER * 3 + W_LEADER + W_SEPARATION * 6

    entries = []
    for finding in sorted(askable, key=lambda f: order.get(f, len(order))):
        p_yes, p_no = answer_probabilities(finding, baseline.top)
        raiser = finding in ceiling.raisers
        if not raiser and (p_yes + p_no) * most_a_question_can_give < min_value:
            continue  # no answer could be worth asking for
        yes = no = baseline
        if screen.may_change(finding, True):
            yes = outcome_of(presentation.with_findings(**{finding: True}))
        if finding in reads.absence and screen.may_change(finding, False):
            no = outcome_of(presentation.with_findings(**{finding: False}))
        value = p_yes * answer_value(baseline, yes) + p_no * answer_value(baseline, no)
        alone = max((o.triage for o in (yes, no)), key=urgency_rank)
        raises_alone = alone if urgency_rank(alone) > urgency_rank(baseline.triage) else None
        if raiser or raises_alone:
            levels = [lvl for lvl in (ceiling.raisers.get(finding), raises_alone) if lvl]
            level = max(levels, key=urgency_rank)
            if level == "emergency":
                stage = "red_flag" if raises_alone == "emergency" else "red_flag_screen"
            else:
                stage = "urgency"
        elif _changes(baseline, yes) or _changes(baseline, no):
            if value < min_value:
                continue
            level, stage = None, "discriminating"
        else:
            continue
        question = Question(finding, FINDINGS[finding].question, stage in ("red_flag", "red_flag_screen"),
                            yes, no, reads.any.get(finding, ()), round(value, 4))
        entries.append(Candidate(finding, stage, question, (), round(value, 4), level, raises_alone,
                                 p_yes, p_no))
    return _order(entries, presentation, baseline, askable, ceiling, inference, skipped, order)


def _order(entries, presentation, baseline, askable, ceiling: TriageCeiling, inference, skipped, order):
    raisers = [e for e in entries if e.raises_to]
    others = sorted((e for e in entries if not e.raises_to), key=lambda e: (-e.value, order[e.finding]))
    if not raisers:
        return others

    def tier(entry: Candidate):
        return (-urgency_rank(entry.raises_to), entry.alone != entry.raises_to)

    raisers.sort(key=lambda e: (tier(e), -e.value, order[e.finding]))
    first = [e for e in raisers if tier(e) == tier(raisers[0])]
    if first[0].alone != first[0].raises_to and len(first) > 1:
        first = _by_closing(first, presentation, baseline, askable, ceiling, order)
    ranked = first + raisers[len(first):]
    reading = _open_rules_by_finding(presentation, inference, skipped)
    ranked = [e if e.alone == e.raises_to else replace(e, rules=reading.get(e.finding, ())) for e in ranked]
    return ranked + others


def _by_closing(first: list[Candidate], presentation, baseline, askable, ceiling, order) -> list[Candidate]:
    """Raisers that cannot raise the triage alone: those whose "don't know"
    would leave the fewest raisers first (tried for the likeliest "don't
    know"s), then by value."""
    tried = sorted(first, key=lambda e: (e.p_yes + e.p_no, -e.value, order[e.finding]))[:CLOSING_CANDIDATES]
    left = {e.finding: len(triage_ceiling(presentation, baseline.triage, askable - {e.finding}).raisers)
            for e in tried}
    everyone = len(ceiling.raisers)
    return sorted(first, key=lambda e: (left.get(e.finding, everyone), -e.value, order[e.finding]))


def _open_rules_by_finding(presentation, inference, skipped) -> dict[str, tuple[OpenRule, ...]]:
    """For WHY: the rules not yet fired that a yes to each finding would
    bring nearer, red-flag rules and those nearest to firing first."""
    found: dict[str, list[OpenRule]] = {}
    for open_rule in open_rules(presentation, inference, skipped):
        for group in open_rule.needs:
            for finding in group:
                found.setdefault(finding, []).append(open_rule)
    return {f: tuple(sorted(rules, key=lambda r: (r.layer != "red_flag", len(r.needs), -r.progress))[:3])
            for f, rules in found.items()}
