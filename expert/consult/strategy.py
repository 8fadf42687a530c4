"""Which question next: safety first, then the question worth most.

Each step weighs the findings still askable (read by some rule, unknown, not
answered "don't know") in two ways.

**Safety.** ``expert.consult.ceiling`` bounds how high the triage could still
go over every way the remaining questions could be answered, and names the
findings whose answers could help raise it (*raisers*). While there is one,
the consultation does not stop: a patient who would have said yes would
otherwise leave with too low a triage. Raisers come first, the most urgent
level they could reach first:

1. ``red_flag``: a yes alone makes it an emergency (tried on the engine);
2. ``red_flag_screen``: with later answers it could make it an emergency
   (it could complete a red-flag rule, or an emergency condition's support);
3. ``urgency``: alone or with later answers it could raise the triage to a
   level short of emergency (urgent; routine from self-care).

Within a level, a checklist (``facts.vocabulary.CHECKLISTS``: "is there any
of these?") comes first wherever two or more of the findings it covers are
raisers, the most urgent of them at that level. Answered item by item ("tick
all that apply": those present, those not sure of, the rest absent) it settles
each in one question; a no rules them all out, a "don't know" leaves them all
unknown, and a plain yes opens them, to be asked one by one first at their
level while they could still raise the triage.
Then the questions whose answer alone raises the triage come
first, the likeliest yes first (expected value, below); then those whose
"don't know" would close the most ways up (the ceiling recomputed without
them, for up to ``CLOSING_CANDIDATES``), so that safety costs few questions.

**Value.** Every other finding is asked only for what it tells about the
diagnosis, and only if that is worth it. Its expected value weighs each
answer by its probability (``expert.consult.priors``, a deterministic model
of the case library) and what it changes, tried on the engine (yes and,
where a rule reads the absence, no)::

    value(answer)   = W_RAISE[new level] if the triage rises, W_LOWER per level if it falls
                    + W_LEADER if the leading condition changes
                    + W_SEPARATION * how far the leading conditions' certainties move
    value(question) = P(yes) * value(yes) + P(no) * value(no)
                    + W_INFORMATION * the expected information about the leading condition (bits)
                    + W_LEADER * P(yes to all a rule still needs), for a rule that would
                      change the leading condition once complete (tried on the engine)

Under-triage costs far more than over-triage, and an emergency most; the
search for a cause is worth more while no condition leads
(``NO_LEADER_BOOST``). A question is ``discriminating`` when its answer alone
or the information it brings is worth most, ``follow_up`` when completing a
rule is. It is asked if its value reaches ``min_value``; the consultation
stops when no raiser is left and no question reaches it. The next question
is the first of this order; the plan is produced lazily, so choosing it costs
only the stage it comes from. ``expert.explanations.screen`` spares the engine
runs it proves cannot change any conclusion.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable, Iterator, Optional

from expert.consult.ceiling import askable_findings, triage_ceiling
from expert.consult.open_rules import OpenRule, open_rules
from expert.consult.priors import answer_model
from expert.trace import Inference
from expert.explanations.screen import Screen
from expert.explanations.what_if import Change, Outcome, Question
from expert.knowledge_base import knowledge_base_of
from expert.rule_index import rule_reads
from facts.presentation import Presentation
from facts.vocabulary import CHECKLISTS, FINDINGS, urgency_rank

STAGES = ("red_flag", "red_flag_screen", "urgency", "discriminating", "follow_up")

W_RAISE = {"self_care": 0.0, "routine": 10.0, "urgent": 30.0, "emergency": 100.0}
"""What finding out that the triage rises to a level is worth (the cost of
under-triage avoided)."""
W_LOWER = 2.0
"""Per level the triage falls (the cost of over-triage avoided)."""
W_LEADER = 10.0
W_SEPARATION = 2.0
W_INFORMATION = 4.0
"""Per bit the answer is expected to narrow down the leading condition."""
NO_LEADER_BOOST = 3.0
"""W_INFORMATION is multiplied by this while no condition leads."""
MIN_VALUE = 1.0
"""Default: a question no safety needs is asked when its expected value
reaches this (e.g. a 1 in 10 chance of a yes that changes the leader)."""
CLOSING_CANDIDATES = 40
"""How many raisers (likeliest "don't know" first) are tried for how many
ways up their "don't know" would close."""
FOLLOW_UP_LIKELIHOOD = 0.05
"""A condition the answer model gives at least this is worth following up."""
FOLLOW_UP_NEEDS = 3
FOLLOW_UP_RULES = 12
"""At most this many rules (those nearest to firing first) are completed on the engine per step."""
MOST_AN_ANSWER_GIVES = W_LOWER * 3 + W_LEADER + W_SEPARATION * 6
"""An upper bound of ``answer_value`` when the triage cannot rise."""


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
    information: float = 0.0
    """expected information about the leading condition (bits)"""
    raises_to: Optional[str] = None
    """for a raiser: the most urgent triage its answer could help reach"""
    alone: Optional[str] = None
    """the triage one answer alone raises it to (None: no answer does alone)"""
    p_yes: float = 0.0
    p_no: float = 0.0


# -- value ------------------------------------------------------------------


def _separation(baseline: Outcome, after: Outcome) -> float:
    conditions = {c for c, _ in baseline.top} | {c for c, _ in after.top}
    return sum(abs(after.certainty_of(c) - baseline.certainty_of(c)) for c in conditions)


def answer_value(baseline: Outcome, after: Outcome) -> float:
    """What an answer that leads from ``baseline`` to ``after`` is worth."""
    before, now = urgency_rank(baseline.triage), urgency_rank(after.triage)
    value = W_RAISE.get(after.triage, max(W_RAISE.values())) if now > before else W_LOWER * (before - now)
    if after.leading != baseline.leading:
        value += W_LEADER
    return value + W_SEPARATION * _separation(baseline, after)


# -- the plan ----------------------------------------------------------------


def candidates(presentation: Presentation, inference: Inference, baseline: Outcome,
               skipped: set[str], outcome_of: Callable[[Presentation], Outcome],
               min_value: float = MIN_VALUE, checklists_asked: frozenset = frozenset(),
               opened: tuple[str, ...] = ()) -> Iterator[Candidate]:
    """Every finding worth asking about now, in the order to ask; produced
    lazily (the next question costs only the stage it comes from)."""
    kb = knowledge_base_of(inference)
    reads = rule_reads(kb)
    askable = askable_findings(presentation, skipped, kb)
    ceiling = triage_ceiling(presentation, inference, askable)
    screen = Screen(inference, kb)
    order = {f: i for i, f in enumerate(FINDINGS)}
    model = answer_model()
    posterior = model.posterior(presentation.findings)
    still_open: list[OpenRule] = []
    # Without a leading condition the search for one is worth more.
    w_information = W_INFORMATION * (NO_LEADER_BOOST if baseline.leading is None else 1.0)

    def outcomes(finding: str) -> tuple[Outcome, Outcome]:
        yes = no = baseline
        if screen.may_change(Change(finding, None, True)):
            yes = outcome_of(presentation.with_findings(**{finding: True}))
        if finding in reads.absence and screen.may_change(Change(finding, None, False)):
            no = outcome_of(presentation.with_findings(**{finding: False}))
        return yes, no

    def weigh(finding: str, stage: str, level: Optional[str], extra: float = 0.0, rules=()) -> Candidate:
        p_yes, p_no = model.probabilities(finding, posterior)
        information = model.information_gain(finding, posterior)
        yes, no = outcomes(finding)
        value = (p_yes * answer_value(baseline, yes) + p_no * answer_value(baseline, no)
                 + w_information * information + extra)
        alone = max((o.triage for o in (yes, no)), key=urgency_rank)
        alone = alone if urgency_rank(alone) > urgency_rank(baseline.triage) else None
        if level is not None and stage == "red_flag_screen" and alone == "emergency":
            stage = "red_flag"
        question = Question(finding, FINDINGS[finding].question, stage in ("red_flag", "red_flag_screen"),
                            yes, no, reads.any.get(finding, ()), round(value, 4))
        return Candidate(finding, stage, question, tuple(rules), round(value, 4), round(information, 4),
                         level, alone, p_yes, p_no)

    def checklist(item, level: str, stage: str) -> Candidate:
        covers = tuple(f for f in item.findings if f in askable)
        no = outcome_of(presentation.with_findings(**{f: False for f in covers}))
        p_none = 1.0
        for finding in covers:
            p_none *= 1.0 - model.probabilities(finding, posterior)[0]
        question = Question(item.id, f"{item.label}: is there any of these?",
                            stage in ("red_flag", "red_flag_screen"), baseline, no,
                            tuple(sorted({r for f in covers for r in reads.any.get(f, ())})), 0.0, covers)
        return Candidate(item.id, stage, question, (), 0.0, 0.0, level, None, round(1.0 - p_none, 4), 0.0)


    # Safety: every raiser, most urgent level first.
    for level in sorted(set(ceiling.raisers.values()), key=urgency_rank, reverse=True):
        stage = "red_flag_screen" if level == "emergency" else "urgency"
        # A checklist answered yes: which of its findings, first at their level
        # (those that could still raise the triage; the rest only for their value).
        for finding in opened:
            if finding in askable and ceiling.raisers.get(finding) == level:
                entry = weigh(finding, stage, level)
                if entry.alone != level:  # WHY names the rules a yes would bring nearer
                    still_open = still_open or open_rules(presentation, inference, skipped)
                    entry = replace(entry, rules=_open_rules_by_finding(still_open).get(finding, ()))
                yield entry
        for item in CHECKLISTS.values():
            raising = [f for f in item.findings if f in askable and f in ceiling.raisers]
            top = max((ceiling.raisers[f] for f in raising), key=urgency_rank, default=None)
            if item.id not in checklists_asked and len(raising) >= 2 and top == level:
                yield checklist(item, level, "red_flag" if level == "emergency" else stage)
        tier = [weigh(f, stage, level) for f in sorted(ceiling.raisers, key=order.get)
                if ceiling.raisers[f] == level and f not in opened]
        alone = sorted((e for e in tier if e.alone == level), key=lambda e: (-e.value, order[e.finding]))
        yield from alone
        # Only once the plan gets this far (the next question is usually the
        # first alone, if any): ordering the rest costs a ceiling per raiser.
        later = [e for e in tier if e.alone != level]
        if len(later) > 1:
            later = _by_closing(later, presentation, inference, askable, ceiling, order)
        if later and not still_open:
            still_open = open_rules(presentation, inference, skipped)
        reading = _open_rules_by_finding(still_open)
        yield from (replace(e, rules=reading.get(e.finding, ())) for e in later)

    # Value: the rest, for the diagnosis.
    still_open = still_open or open_rules(presentation, inference, skipped)
    chances = {f: model.probabilities(f, posterior) for f in askable}
    follow = _follow_ups(presentation, baseline, still_open, posterior, model, chances, outcome_of)
    others = []
    for finding in sorted(askable - set(ceiling.raisers), key=order.get):
        p_yes, p_no = chances[finding]
        follow_value, follow_rule = follow.get(finding, (0.0, None))
        information = w_information * model.information_gain(finding, posterior)
        if (p_yes + p_no) * MOST_AN_ANSWER_GIVES + information + follow_value < min_value:
            continue  # no answer could be worth asking for
        entry = weigh(finding, "discriminating", None, follow_value)
        if entry.alone:  # the bound missed it: never let a raiser wait
            others.append(replace(entry, stage="urgency", raises_to=entry.alone, value=entry.value + 1000))
        elif entry.value >= min_value and entry.value > 0:
            if follow_value > entry.value - follow_value:
                entry = replace(entry, stage="follow_up", rules=(follow_rule,))
            others.append(entry)
    yield from sorted(others, key=lambda e: (-e.value, order[e.finding]))


def _follow_ups(presentation, baseline, still_open, posterior, model, chances, outcome_of) -> dict:
    """finding -> (value, rule): for rules not yet fired that weigh a likely
    condition (by the answer model) and whose completion would change the
    leading condition (tried on the engine), each finding they still need is
    worth W_LEADER times the chance that every group they need gets a yes."""
    likely = {c for c, p in zip(model.classes, posterior) if c and p >= FOLLOW_UP_LIKELIHOOD}
    likely.discard(baseline.leading)
    rules = [r for r in still_open if r.layer != "red_flag" and likely.intersection(r.weighs)
             and len(r.needs) <= FOLLOW_UP_NEEDS]
    rules.sort(key=lambda r: (len(r.needs), -r.progress))
    found: dict[str, tuple[float, OpenRule]] = {}
    for open_rule in rules[:FOLLOW_UP_RULES]:
        chance = 1.0
        for group in open_rule.needs:
            chance *= max(chances.get(f, (0.0, 0.0))[0] for f in group)
        if chance * W_LEADER <= max((found.get(f, (0.0,))[0] for g in open_rule.needs for f in g), default=0.0):
            continue
        completed = outcome_of(presentation.with_findings(**open_rule.completion()))
        if completed.leading == baseline.leading:
            continue
        for group in open_rule.needs:
            for finding in group:
                if chance * W_LEADER > found.get(finding, (0.0,))[0]:
                    found[finding] = (chance * W_LEADER, open_rule)
    return found


def _by_closing(first: list[Candidate], presentation, inference, askable, ceiling, order) -> list[Candidate]:
    """Raisers that cannot raise the triage alone: those whose "don't know"
    would leave the fewest raisers first (tried for the likeliest "don't
    know"s), then by value."""
    tried = sorted(first, key=lambda e: (e.p_yes + e.p_no, -e.value, order[e.finding]))[:CLOSING_CANDIDATES]
    left = {e.finding: len(ceiling.without(e.finding).raisers) for e in tried}
    everyone = len(ceiling.raisers)
    return sorted(first, key=lambda e: (left.get(e.finding, everyone), -e.value, order[e.finding]))


def _open_rules_by_finding(still_open) -> dict[str, tuple[OpenRule, ...]]:
    """For WHY: the rules not yet fired that a yes to each finding would
    bring nearer, red-flag rules and those nearest to firing first."""
    found: dict[str, list[OpenRule]] = {}
    for open_rule in still_open:
        for group in open_rule.needs:
            for finding in group:
                found.setdefault(finding, []).append(open_rule)
    return {f: tuple(sorted(rules, key=lambda r: (r.layer != "red_flag", len(r.needs), -r.progress))[:3])
            for f, rules in found.items()}
