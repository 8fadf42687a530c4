"""The quiz: a learner reads a case from the library, names the triage level
and the leading condition, and is scored and shown the reasoning.

Scoring (triage and leading condition separately, at most 2 points a case):

* triage: the expected level scores 1; over-triage by one level 0.5 (safe but
  costly), by more 0; under-triage 0; and under-triaging an emergency -1,
  the worst error, because it sends someone who needs care now home;
* leading condition: the expected one scores 1; another condition in the
  engine's top three 0.5 (a reasonable differential); anything else 0.

The feedback is computed, never written per case: HOW the engine reached the
triage and the expected leading condition (from the trace), the findings
that set the leader apart from the runner-up (from their evidence), and the
single changes to the findings that would change the answer (WHAT IF).
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Optional

from expert.assessment import Assessment, build_assessment
from expert.cases import Case, load_case_library
from expert.trace import Inference
from expert.explanations.how import UnknownConclusion, explain_how, render_how_text
from expert.explanations.what_if import what_if
from expert.knowledge_base import engine_for_this_thread
from facts.presentation import suggest
from facts.vocabulary import CONDITION_CATEGORIES, CONDITIONS, TRIAGE_LEVELS, label_of, urgency_rank

DIFFICULTIES = ("easy", "moderate", "hard")
TOP = 3

TRIAGE_CORRECT = 1.0
TRIAGE_OVER_BY_ONE = 0.5
TRIAGE_MISSED_EMERGENCY = -1.0
LEADING_CORRECT = 1.0
LEADING_IN_TOP = 0.5
MAX_POINTS = TRIAGE_CORRECT + LEADING_CORRECT


class QuizError(ValueError):
    """A bad selection or answer, with a did-you-mean where one exists."""


def _choose(value: str, choices, kind: str, aliases: Optional[dict] = None) -> str:
    text = value.strip().lower().replace("-", "_").replace(" ", "_")
    if text in choices:
        return text
    if aliases and text in aliases:
        return aliases[text]
    starting = [c for c in choices if len(text) >= 3 and c.startswith(text)]
    hint = starting[0] if len(starting) == 1 else suggest(text, list(choices) + list(aliases or ()))
    if hint and aliases and hint in aliases:
        hint = aliases[hint]
    extra = f"did you mean {hint!r}? " if hint else ""
    raise QuizError(f"{value!r} is not a {kind} ({extra}choose from: {', '.join(choices)})")


def parse_triage(value: str) -> str:
    """A triage level from the learner's text ('self care', 'Urgent', ...)."""
    return _choose(value, TRIAGE_LEVELS[::-1], "triage level", {"selfcare": "self_care", "home": "self_care"})


_LABELS = {c.label.lower().replace("-", "_").replace(" ", "_"): c.id for c in CONDITIONS.values()}


def parse_condition(value: str) -> str:
    """A condition id (or its label) from the learner's text."""
    return _choose(value, tuple(CONDITIONS), "condition id", _LABELS)


def select_cases(category: Optional[str] = None, difficulty: Optional[str] = None,
                 count: Optional[int] = None, seed: Optional[int] = None,
                 cases: Optional[tuple[Case, ...]] = None) -> list[Case]:
    """Cases of the library matching the filters: in library order, or
    shuffled by ``seed`` (the same seed, the same quiz); at most ``count``."""
    cases = load_case_library() if cases is None else cases
    if category is not None:
        category = _choose(category, CONDITION_CATEGORIES, "condition category")
    if difficulty is not None:
        difficulty = _choose(difficulty, DIFFICULTIES, "difficulty")
    if count is not None and count < 1:
        raise QuizError(f"count must be at least 1, not {count}")
    chosen = [c for c in cases if category in (None, c.category) and difficulty in (None, c.difficulty)]
    if not chosen:
        raise QuizError(f"no case in the library is {' and '.join(filter(None, [category, difficulty]))}")
    if seed is not None:
        random.Random(seed).shuffle(chosen)
    return chosen[:count] if count else chosen


@dataclass(frozen=True)
class Score:
    triage_answer: str
    triage_expected: str
    triage_points: float
    triage_verdict: str
    leading_answer: str
    leading_expected: str
    leading_points: float
    leading_verdict: str

    @property
    def points(self) -> float:
        return self.triage_points + self.leading_points


def score_triage(answer: str, expected: str) -> tuple[float, str]:
    gap = urgency_rank(answer) - urgency_rank(expected)
    if gap == 0:
        return TRIAGE_CORRECT, "correct"
    if gap < 0 and expected == "emergency":
        return TRIAGE_MISSED_EMERGENCY, "under-triaged an emergency (the most dangerous error)"
    if gap < 0:
        return 0.0, f"under-triage ({expected} was needed)"
    if gap == 1:
        return TRIAGE_OVER_BY_ONE, f"over-triage by one level ({expected} was enough)"
    return 0.0, f"over-triage by {gap} levels ({expected} was enough)"


def score_leading(answer: str, expected: str, engine_top: list[str]) -> tuple[float, str]:
    if answer == expected:
        return LEADING_CORRECT, "correct"
    if answer in engine_top:
        rank = engine_top.index(answer) + 1
        return LEADING_IN_TOP, f"partly right: number {rank} in the engine's differential ({expected} leads)"
    return 0.0, f"wrong ({expected} leads)"


def score_answer(case: Case, triage: str, leading: str, assessment: Assessment) -> Score:
    """Score a learner's answer to a case (ids already parsed)."""
    top = [entry.condition for entry in assessment.differential[:TOP]]
    triage_points, triage_verdict = score_triage(triage, case.expected.triage)
    leading_points, leading_verdict = score_leading(leading, case.expected.leading, top)
    return Score(triage, case.expected.triage, triage_points, triage_verdict,
                 leading, case.expected.leading, leading_points, leading_verdict)


@dataclass(frozen=True)
class Discrimination:
    """What sets the leader apart from the runner-up, from their evidence."""
    leader: str
    runner_up: Optional[str]
    only_for_leader: tuple[str, ...]
    only_for_runner_up: tuple[str, ...]
    against_leader: tuple[str, ...]
    against_runner_up: tuple[str, ...]


def discrimination(assessment: Assessment, leader: str) -> Optional[Discrimination]:
    entries = {e.condition: e for e in assessment.differential}
    if leader not in entries:
        return None
    others = [e for e in assessment.differential if e.condition != leader]
    first = entries[leader]
    second = others[0] if others else None
    supporting_second = set(second.supporting) if second else set()
    return Discrimination(
        leader=leader, runner_up=second.condition if second else None,
        only_for_leader=tuple(f for f in first.supporting if f not in supporting_second),
        only_for_runner_up=tuple(f for f in (second.supporting if second else ()) if f not in first.supporting),
        against_leader=tuple(first.against),
        against_runner_up=tuple(second.against) if second else (),
    )


@dataclass
class CaseResult:
    case: Case
    score: Score
    inference: Inference
    assessment: Assessment
    revealed: int


@dataclass
class Quiz:
    """A quiz over selected cases, keeping the score."""
    cases: list[Case]
    results: list[CaseResult] = field(default_factory=list)

    @property
    def current(self) -> Optional[Case]:
        return self.cases[len(self.results)] if len(self.results) < len(self.cases) else None

    def answer(self, triage: str, leading: str, revealed: int = 0) -> CaseResult:
        """Score the answer to the current case (text is parsed: ids, labels,
        'self care'...; a bad one raises QuizError with a did-you-mean)."""
        case = self.current
        if case is None:
            raise QuizError("the quiz is over: there is no case to answer")
        triage, leading = parse_triage(triage), parse_condition(leading)
        inference = engine_for_this_thread().infer(case.presentation)
        assessment = build_assessment(case.presentation, inference)
        result = CaseResult(case, score_answer(case, triage, leading, assessment), inference, assessment, revealed)
        self.results.append(result)
        return result

    @property
    def points(self) -> float:
        return sum(r.score.points for r in self.results)

    @property
    def possible(self) -> float:
        return MAX_POINTS * len(self.results)

    def tally(self) -> dict[str, int]:
        """How many answers of each kind: triage and leading right, partial, wrong."""
        counts = {"triage_correct": 0, "triage_over": 0, "triage_under": 0, "missed_emergency": 0,
                  "leading_correct": 0, "leading_partial": 0, "leading_wrong": 0}
        for result in self.results:
            s = result.score
            gap = urgency_rank(s.triage_answer) - urgency_rank(s.triage_expected)
            counts["triage_correct" if gap == 0 else "triage_over" if gap > 0 else "triage_under"] += 1
            counts["missed_emergency"] += s.triage_points == TRIAGE_MISSED_EMERGENCY
            counts["leading_correct" if s.leading_points == LEADING_CORRECT else
                   "leading_partial" if s.leading_points > 0 else "leading_wrong"] += 1
        return counts


WHAT_IF_SHOWN = 5


@dataclass(frozen=True)
class FeedbackLine:
    """One line of the feedback on an answer; a heading is shown emphasised."""
    text: str
    heading: bool = False


def labelled(ids) -> str:
    """Findings or conditions as 'Label [id], ...' ('none' for none)."""
    return ", ".join(f"{label_of(i)} [{i}]" for i in ids) or "none"


def feedback(result: CaseResult, brief: bool = False) -> list[FeedbackLine]:
    """The computed feedback on one answer, for the terminal and the web quiz
    alike: the teaching point, how the engine reached the triage and the
    expected leader (unless ``brief``), what set the leader apart, and which
    single findings told otherwise would have changed the answer."""
    case, assessment = result.case, result.assessment
    lines: list[FeedbackLine] = []
    say = lines.append
    if case.teaching:
        say(FeedbackLine(f"Teaching point: {case.teaching.strip()}", heading=True))
    if not brief:
        say(FeedbackLine("\nHow the engine reached the triage:"))
        say(FeedbackLine(render_how_text(explain_how(result.inference, "triage")).rstrip()))
        say(FeedbackLine(f"\nHow the engine reached {case.expected.leading}:"))
        if case.expected.leading in assessment.triage.because:
            say(FeedbackLine("  within the triage's derivation above (it set the triage)."))
        else:
            try:
                say(FeedbackLine(render_how_text(explain_how(result.inference, case.expected.leading)).rstrip()))
            except UnknownConclusion as error:
                say(FeedbackLine(f"  {error}"))
    found = discrimination(assessment, case.expected.leading)
    if found is not None and found.runner_up is not None:
        say(FeedbackLine(f"\nWhat set {label_of(found.leader)} apart from the runner-up, "
                         f"{label_of(found.runner_up)}:"))
        say(FeedbackLine(f"  for {found.leader} only: {labelled(found.only_for_leader)}"))
        say(FeedbackLine(f"  for {found.runner_up} only: {labelled(found.only_for_runner_up)}"))
        if found.against_leader:
            say(FeedbackLine(f"  against {found.leader}: {labelled(found.against_leader)}"))
        if found.against_runner_up:
            say(FeedbackLine(f"  against {found.runner_up}: {labelled(found.against_runner_up)}"))
    elif found is not None:
        say(FeedbackLine(f"\nNo other condition was supported; {label_of(found.leader)} rests on: "
                         f"{labelled(assessment.differential[0].supporting)}"))
    # A finding the story gave, told otherwise, teaches more than yet another
    # unknown red flag: those come first (WHAT IF's order is kept within each).
    scenarios = sorted(what_if(case.presentation).scenarios, key=lambda s: s.change.before is None)
    if scenarios:
        say(FeedbackLine("\nWhat would have changed the answer (one finding different):"))
        for scenario in scenarios[:WHAT_IF_SHOWN]:
            changed = []
            if scenario.triage_changed:
                changed.append(f"triage -> {scenario.outcome.triage}")
            if scenario.leading_changed:
                changed.append(f"leading -> {scenario.outcome.leading or 'none'}")
            say(FeedbackLine(f"  - {scenario.change.describe()}: {'; '.join(changed)}"))
        if len(scenarios) > WHAT_IF_SHOWN:
            say(FeedbackLine(f"  ... and {len(scenarios) - WHAT_IF_SHOWN} more"))
    return lines


__all__ = ["CaseResult", "DIFFICULTIES", "Discrimination", "FeedbackLine", "Quiz", "QuizError", "Score",
           "discrimination", "feedback", "labelled", "parse_condition", "parse_triage", "score_answer", "score_leading", "score_triage", "select_cases"]
