"""A consultation: the system asks, the user answers, the assessment follows.

``Consultation`` is a plain object that a terminal, a notebook or a web page
can drive::

    session = Consultation(age=58, findings={"low_back_pain": True})
    while (question := session.next_question()) is not None:
        print(question.text)
        session.answer("no")          # yes / no / unknown (True / False / None)
    print(session.assessment().triage.level)

The next question comes from what is known so far, leaving out the findings
answered "don't know": red-flag questions first, then the red-flag screen,
the complaint's course, the questions that best separate the leading
conditions, and follow-ups of rules already under way (``expert.consult.
strategy``). The session stops when nothing left to ask could change the
triage or the leading condition, or when told to stop. WHY (of the current
question) and HOW (of any current conclusion) are answered at any point,
from the rules and the trace.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Union

from expert.assessment import Assessment, build_assessment
from expert.consult.strategy import Candidate, candidates
from expert.consult.why import QuestionWhy, explain_question
from expert.engine import Inference, engine_for_this_thread
from expert.explain.what_if import Outcome, Question, questions_worth_asking, rule_reads
from facts.presentation import Presentation, parse_presentation, suggest
from facts.vocabulary import FINDINGS

Reply = Union[bool, None, str]

YES = ("y", "yes", "true")
NO = ("n", "no", "false")
UNKNOWN = ("u", "unknown", "?", "dk", "don't know", "dont know", "not sure", "maybe", "dunno")


class ConsultationError(ValueError):
    """A request the consultation cannot carry out (a bad reply, nothing to undo...)."""


def parse_reply(reply: Reply) -> Optional[bool]:
    """yes -> True, no -> False, don't know -> None; anything else is refused."""
    if reply is None or isinstance(reply, bool):
        return reply
    text = str(reply).strip().lower()
    for value, words in ((True, YES), (False, NO), (None, UNKNOWN)):
        if text in words:
            return value
    hint = suggest(text, YES + NO + UNKNOWN)
    extra = f" (did you mean {hint!r}?)" if hint else ""
    raise ConsultationError(f"{reply!r} is not an answer{extra}: answer yes, no or unknown")


@dataclass(frozen=True)
class Answer:
    """One answer given: the question, the value (None = don't know), and the
    outcome before and after it."""
    number: int
    question: Question
    stage: str
    value: Optional[bool]
    before: Outcome
    after: Outcome

    @property
    def finding(self) -> str:
        return self.question.finding

    @property
    def triage_changed(self) -> bool:
        return self.after.triage != self.before.triage

    @property
    def leader_changed(self) -> bool:
        return self.after.leading != self.before.leading


def _key(presentation: Presentation) -> tuple:
    return (presentation.age, presentation.sex, tuple(presentation.findings.items()))


def _equivalence_key(presentation: Presentation) -> tuple:
    """A key equal for presentations every rule sees alike: a finding given as
    absent that no rule reads as absent matches exactly what it matches when
    unknown (``not_present`` holds either way), so it is left out. A "no" to
    such a question then costs no new question ranking."""
    absence = rule_reads().absence
    return (presentation.age, presentation.sex,
            tuple((f, v) for f, v in presentation.findings.items() if v or f in absence))


class Consultation:
    """One consultation, from the complaint and what is already known."""

    STOPPED_NOTHING_LEFT = "nothing left to ask could change the triage or the leading condition"
    STOPPED_BY_USER = "stopped on request"
    STOPPED_AT_LIMIT = "reached the question limit"

    def __init__(self, findings: Optional[dict] = None, age: Optional[int] = None,
                 sex: Optional[str] = None, case_id: Optional[str] = None,
                 notes: Optional[str] = None, max_questions: Optional[int] = None):
        data = {"findings": dict(findings or {})}
        for name, value in (("age", age), ("sex", sex), ("id", case_id), ("notes", notes)):
            if value is not None:
                data[name] = value
        self.start: Presentation = parse_presentation(data)
        if max_questions is not None and max_questions < 0:
            raise ConsultationError("max_questions must be 0 or more")
        self.max_questions = max_questions
        self.answers: list[Answer] = []
        self._stopped = False
        # Caches by known findings, so `back`, a "don't know" (which changes
        # no finding) and the outcomes tried for one question and then another
        # are computed once.
        self._inferences: dict[tuple, Inference] = {}
        self._assessments: dict[tuple, Assessment] = {}
        self._rankings: dict[tuple, list[Question]] = {}
        self._outcomes: dict[tuple, Outcome] = {}
        self._current: dict[tuple, Optional[Candidate]] = {}

    @classmethod
    def from_presentation(cls, presentation, max_questions: Optional[int] = None) -> "Consultation":
        p = parse_presentation(presentation)
        return cls(findings=p.findings, age=p.age, sex=p.sex, case_id=p.id, notes=p.notes,
                   max_questions=max_questions)

    # -- state -------------------------------------------------------------

    @property
    def presentation(self) -> Presentation:
        """What is known now: the starting findings plus every yes/no answer."""
        answered = {a.finding: a.value for a in self.answers if a.value is not None}
        return self.start.with_findings(**answered) if answered else self.start

    @property
    def unknown_answers(self) -> tuple[str, ...]:
        """Findings answered "don't know": they stay unknown and are not asked again."""
        return tuple(a.finding for a in self.answers if a.value is None)

    def inference(self) -> Inference:
        presentation = self.presentation
        key = _key(presentation)
        if key not in self._inferences:
            self._inferences[key] = engine_for_this_thread().infer(presentation)
        return self._inferences[key]

    def assessment(self) -> Assessment:
        """The assessment of what is known now (kept until the findings change)."""
        key = _key(self.presentation)
        if key not in self._assessments:
            self._assessments[key] = build_assessment(self.presentation, self.inference())
        return self._assessments[key]

    def outcome(self) -> Outcome:
        return self._outcome_of(self.presentation)

    def _outcome_of(self, presentation: Presentation) -> Outcome:
        key = _equivalence_key(presentation)
        if key not in self._outcomes:
            inference = self._inferences.get(_key(presentation)) or engine_for_this_thread().infer(presentation)
            self._outcomes[key] = Outcome.of(inference)
        return self._outcomes[key]

    # -- questions -------------------------------------------------------

    def _ranking(self) -> list[Question]:
        """``questions_worth_asking`` for what is known, without the findings
        known (a ranking may be shared with an equivalent presentation)."""
        presentation = self.presentation
        key = _equivalence_key(presentation)
        if key not in self._rankings:
            self._rankings[key] = questions_worth_asking(presentation)
        return [q for q in self._rankings[key] if q.finding not in presentation.findings]

    def _candidates(self):
        return candidates(self.presentation, self.inference(), self.outcome(), self._ranking(),
                          set(self.unknown_answers), self._outcome_of)

    def _candidate(self) -> Optional[Candidate]:
        """The candidate to ask about now (None: nothing is worth asking)."""
        if self._stopped or (self.max_questions is not None and len(self.answers) >= self.max_questions):
            return None
        key = (_key(self.presentation), self.unknown_answers)
        if key not in self._current:
            self._current[key] = next(iter(self._candidates()), None)
        return self._current[key]

    def _question(self, candidate: Candidate) -> Question:
        """The ranked Question, or one built with the outcomes of a yes and a
        no for a finding WHAT IF did not rank (an answer alone changes nothing)."""
        if candidate.ranked is not None:
            return candidate.ranked
        presentation, finding, reads = self.presentation, candidate.finding, rule_reads()
        yes = self._outcome_of(presentation.with_findings(**{finding: True}))
        no = (self._outcome_of(presentation.with_findings(**{finding: False}))
              if finding in reads.absence else self.outcome())
        return Question(finding, FINDINGS[finding].question, candidate.stage == "red_flag_screen", yes, no,
                        reads.any.get(finding, ()), 0.0)

    def questions(self) -> list[Question]:
        """Every question still worth asking, in the order they would be asked
        if every answer were "don't know"."""
        return [self._question(c) for c in self._candidates()]

    @property
    def stage(self) -> Optional[str]:
        """The stage of the current question (see ``expert.consult.strategy``)."""
        candidate = self._candidate()
        return candidate.stage if candidate else None

    @property
    def finished(self) -> bool:
        return self.stop_reason is not None

    @property
    def stop_reason(self) -> Optional[str]:
        if self._stopped:
            return self.STOPPED_BY_USER
        if self.max_questions is not None and len(self.answers) >= self.max_questions:
            return self.STOPPED_AT_LIMIT
        if self._candidate() is None:
            return self.STOPPED_NOTHING_LEFT
        return None

    def next_question(self) -> Optional[Question]:
        """The question to ask now, or None when the consultation is over."""
        candidate = self._candidate()
        return self._question(candidate) if candidate else None

    def answer(self, reply: Reply) -> Answer:
        """Answer the current question: yes/no/unknown (or True/False/None)."""
        candidate = self._candidate()
        if candidate is None:
            raise ConsultationError(f"the consultation is over ({self.stop_reason}): there is no question to answer")
        value = parse_reply(reply)
        question, before = self._question(candidate), self.outcome()
        after = (self._outcome_of(self.presentation.with_findings(**{candidate.finding: value}))
                 if value is not None else before)
        self.answers.append(Answer(len(self.answers) + 1, question, candidate.stage, value, before, after))
        return self.answers[-1]

    def back(self) -> Answer:
        """Undo the last answer; its question becomes the current one again."""
        if not self.answers:
            raise ConsultationError("there is no answer to undo")
        self._stopped = False
        return self.answers.pop()

    def stop(self) -> None:
        """End the consultation now (the user quits); ``back`` resumes it."""
        self._stopped = True

    # -- explanations -----------------------------------------------------

    def why(self) -> QuestionWhy:
        """WHY the current question: the hypotheses and rules it serves and
        what a yes or a no would change."""
        candidate = self._candidate()
        if candidate is None:
            raise ConsultationError(f"no question is being asked ({self.stop_reason})")
        return explain_question(self._question(candidate), self.outcome(), candidate.stage, candidate.rules)

    def how(self, conclusion_id: Optional[str] = None):
        """HOW a current conclusion was reached (``explain_how`` on the trace).
        Without an id: the triage."""
        from expert.explain.how import UnknownConclusion, explain_how

        try:
            return explain_how(self.inference(), conclusion_id or "triage")
        except UnknownConclusion as error:
            raise ConsultationError(str(error)) from None

    def to_presentation_dict(self) -> dict:
        """The coded case as the contract's input (valid for ``legwise assess``)."""
        return self.presentation.model_dump(exclude_none=True)


__all__ = ["Answer", "Consultation", "ConsultationError", "parse_reply"]
