"""WHAT IF: the smallest changes to the findings that change the outcome.

A change is one finding flipped (present <-> absent) or one unknown finding
made known. Each candidate change is tried by re-running the engine, so what
is reported is what the rules really do, not an estimate. Only findings some
rule reads are candidates (no other change can alter anything), and an
unknown finding is tried as absent only where some rule reads its absence.
A change that ``expert.explanations.screen`` proves cannot alter the triage or the
leader is not run (the screen never changes the result, only the time), and
``runs`` lets what_if and questions_worth_asking share their engine runs.

``questions_worth_asking`` turns the same search round: for each unknown
finding, what happens if the answer is yes and if it is no; the findings
whose answer could change the triage or the leading condition are the
questions worth asking next, red-flag questions first.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from expert.assessment import ranked_hypotheses
from expert.dsl import LAYER
from expert.trace import Inference
from expert.explanations.screen import TOP, Screen
from expert.knowledge_base import KnowledgeBase, engine_for_this_thread
from expert.rule_index import rule_reads
from expert.engine import working_memory as wm
from facts.presentation import Presentation, parse_presentation
from facts.vocabulary import FINDINGS, urgency_rank


@dataclass(frozen=True)
class Outcome:
    """What a run concluded, in brief: triage, leader and the top conditions."""
    triage: str
    leading: Optional[str]
    top: tuple[tuple[str, float], ...]

    @classmethod
    def of(cls, inference: Inference) -> "Outcome":
        (triage,) = inference.final_facts(wm.Triage)
        ranked = ranked_hypotheses(inference)[:TOP]
        top = tuple((h["condition"], round(h["certainty"], 4)) for h in ranked)
        return cls(triage["level"], top[0][0] if top else None, top)

    def certainty_of(self, condition: str) -> float:
        return dict(self.top).get(condition, 0.0)


@dataclass(frozen=True)
class Change:
    """One finding's value before and after (None = unknown)."""
    finding: str
    before: Optional[bool]
    after: Optional[bool]

    def describe(self) -> str:
        def state(value):
            return "unknown" if value is None else ("present" if value else "absent")
        return f"{self.finding}: {state(self.before)} -> {state(self.after)}"

    def apply(self, presentation: Presentation) -> Presentation:
        return presentation.with_findings(**{self.finding: self.after})


@dataclass(frozen=True)
class Scenario:
    change: Change
    outcome: Outcome
    triage_changed: bool
    leading_changed: bool


@dataclass(frozen=True)
class WhatIf:
    baseline: Outcome
    scenarios: tuple[Scenario, ...]
    """Only the changes that alter the triage or the leading condition,
    triage changes first (largest shift first), then leading changes."""
    considered: int


@dataclass(frozen=True)
class Question:
    """An unknown finding worth asking about, and what each answer would do."""
    finding: str
    text: str
    red_flag: bool
    if_yes: Outcome
    if_no: Outcome
    read_by: tuple[str, ...]
    """Ids of the rules that read this finding."""
    score: float
    covers: tuple[str, ...] = ()
    """For a checklist question (``finding`` is then the checklist's id): the
    findings it asks about at once (``facts.vocabulary.CHECKLISTS``)."""


# The outcome is settled once the triage is decided: later rules only
# recommend, so an outcome's run stops there (``TracedEngine.infer``).
OUTCOME_LAYER = "triage"
_WHOLE_RUN = min(LAYER, key=LAYER.__getitem__)  # the last layer to fire


def outcome(presentation: Presentation, runs: Optional[dict] = None,
            kb: Optional[KnowledgeBase] = None) -> Outcome:
    """The outcome of one engine run on ``kb`` (default: the shipped one);
    ``runs`` memoises runs across calls (what_if and questions_worth_asking
    try many of the same changes, always on one knowledge base)."""
    if runs is None:
        return Outcome.of(engine_for_this_thread(kb).infer(presentation, through_layer=OUTCOME_LAYER))
    key = run_key(presentation)
    if key not in runs:
        inference = engine_for_this_thread(kb).infer(presentation, through_layer=OUTCOME_LAYER)
        record_run(runs, key, inference, OUTCOME_LAYER)
    return runs[key]


def run_key(presentation: Presentation) -> tuple:
    return (presentation.age, presentation.sex, tuple(presentation.findings.items()))


def record_run(runs: dict, key: tuple, inference: Inference, through_layer: str = _WHOLE_RUN) -> None:
    """Keep a run's outcome, and which rules fired (for WHY NOT's checks) in
    a run through ``through_layer``."""
    runs[key] = Outcome.of(inference)
    record_firings(runs, key, inference, through_layer)


def record_firings(runs: dict, key: tuple, inference: Inference, through_layer: str) -> frozenset:
    """Keep (and give) which rules a run through ``through_layer`` fired."""
    fired = runs[("fired through", through_layer) + key] = frozenset(f.rule for f in inference.firings)
    return fired


def recorded_firings(runs: dict, key: tuple, layer: str) -> Optional[frozenset]:
    """The rules fired by a recorded run of ``key`` that went at least
    through ``layer`` (which of that layer's rules fired is then known)."""
    for through, salience in LAYER.items():
        if salience <= LAYER[layer] and ("fired through", through) + key in runs:
            return runs[("fired through", through) + key]
    return None


def record_baseline(runs: dict, presentation: Presentation, inference: Inference,
                    kb: Optional[KnowledgeBase] = None) -> None:
    """Keep the whole run of the presentation as given, and its screen, in
    ``runs``, for WHAT IF and the questions to start from."""
    key = run_key(presentation)
    record_run(runs, key, inference)
    runs[("screen",) + key] = Screen(inference, kb)


def _baseline(presentation: Presentation, runs: Optional[dict],
              kb: Optional[KnowledgeBase]) -> tuple[Outcome, Screen]:
    """The outcome of the presentation as given and the screen of its run,
    kept in ``runs`` when given."""
    key = run_key(presentation)
    if runs is None:
        inference = engine_for_this_thread(kb).infer(presentation)
        return Outcome.of(inference), Screen(inference, kb)
    if ("screen",) + key not in runs:
        record_baseline(runs, presentation, engine_for_this_thread(kb).infer(presentation), kb)
    return runs[key], runs[("screen",) + key]


def candidate_changes(presentation: Presentation, kb: Optional[KnowledgeBase] = None) -> list[Change]:
    """Every single-finding change that could matter, in vocabulary order."""
    reads = rule_reads(kb)
    changes = []
    for finding in reads.any:
        current = presentation.findings.get(finding)
        if current is None:
            changes.append(Change(finding, None, True))
            if finding in reads.absence:
                changes.append(Change(finding, None, False))
        else:
            changes.append(Change(finding, current, not current))
    return changes


def _shift(baseline: Outcome, after: Outcome) -> int:
    return abs(urgency_rank(after.triage) - urgency_rank(baseline.triage))


def what_if(presentation, runs: Optional[dict] = None, kb: Optional[KnowledgeBase] = None) -> WhatIf:
    """Try every candidate change; keep those that change triage or leader.
    Changes the screen proves cannot change either are not run."""
    presentation = parse_presentation(presentation)
    baseline, screen = _baseline(presentation, runs, kb)
    candidates = candidate_changes(presentation, kb)
    scenarios = []
    for change in candidates:
        if not screen.may_move(change):
            continue
        after = outcome(change.apply(presentation), runs, kb)
        triage_changed = after.triage != baseline.triage
        leading_changed = after.leading != baseline.leading
        if triage_changed or leading_changed:
            scenarios.append(Scenario(change, after, triage_changed, leading_changed))
    order = {f: i for i, f in enumerate(FINDINGS)}
    scenarios.sort(key=lambda s: (not s.triage_changed, -_shift(baseline, s.outcome),
                                  not s.leading_changed, order[s.change.finding], s.change.after is False))
    return WhatIf(baseline, tuple(scenarios), len(candidates))


def _separation(baseline: Outcome, yes: Outcome, no: Outcome) -> float:
    """How far the answer moves the certainties of the leading conditions."""
    conditions = {c for c, _ in baseline.top} | {c for c, _ in yes.top} | {c for c, _ in no.top}
    return sum(abs(yes.certainty_of(c) - no.certainty_of(c)) for c in conditions)


def questions_worth_asking(presentation, limit: Optional[int] = None, include_all: bool = False,
                           runs: Optional[dict] = None, kb: Optional[KnowledgeBase] = None) -> list[Question]:
    """Unknown findings whose answer could change the triage or the leading
    condition, most important first: red-flag questions, then those that could
    shift the triage most, then those that best separate the leading
    conditions. With ``include_all``, also the ones that would change nothing
    (ranked by how much they move the certainties)."""
    presentation = parse_presentation(presentation)
    reads = rule_reads(kb)
    baseline, screen = _baseline(presentation, runs, kb)

    def answers(finding: str) -> tuple[bool, ...]:
        return (True, False) if finding in reads.absence else (True,)  # no rule reads its absence

    def answered(finding: str, answer: bool) -> Outcome:
        """The outcome with this answer; the baseline's where the screen
        proves the answer leaves it as it was."""
        if answer not in answers(finding) or not screen.may_change(Change(finding, None, answer)):
            return baseline
        return outcome(presentation.with_findings(**{finding: answer}), runs, kb)

    questions = []
    for finding, rule_ids in reads.any.items():
        if finding in presentation.findings:
            continue
        if not include_all and not any(screen.may_move(Change(finding, None, answer)) for answer in answers(finding)):
            continue  # neither answer can change the triage or the leader
        yes, no = answered(finding, True), answered(finding, False)
        shift = max(_shift(baseline, yes), _shift(baseline, no))
        leader_moves = yes.leading != baseline.leading or no.leading != baseline.leading
        matters = shift > 0 or leader_moves
        if not matters and not include_all:
            continue
        red_flag = finding in reads.red_flag and baseline.triage != "emergency"
        score = (100.0 if red_flag else 0.0) + 10.0 * shift + (5.0 if leader_moves else 0.0) \
            + _separation(baseline, yes, no)
        questions.append(Question(finding, FINDINGS[finding].question, red_flag, yes, no, rule_ids,
                                  round(score, 4)))
    order = {f: i for i, f in enumerate(FINDINGS)}
    questions.sort(key=lambda q: (-q.score, order[q.finding]))
    return questions[:limit] if limit else questions
