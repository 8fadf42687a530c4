"""A consultation: the system asks, the user answers, the assessment follows.

``Consultation`` is a plain object that a terminal, a notebook or a web page
can drive::

    session = Consultation(age=58, findings={"low_back_pain": True})
    while (question := session.next_question()) is not None:
        print(question.text)
        session.answer("no")          # yes / no / unknown (True / False / None)
    print(session.assessment().triage.level)

The next question comes from what is known so far, leaving out the findings
answered "don't know" (``expert.consult.strategy``): first every question
whose answer, alone or with later answers, could still raise the triage
(a sound bound read off the rules, ``expert.consult.ceiling``), red-flag
questions first; then the questions worth most for the diagnosis, by the
expected value of their answers. The session stops when no answers to the
questions left could raise the triage and no question left is worth asking
(``min_value``) for the leading condition, or when told to stop. WHY (of the
current question) and HOW (of any current conclusion) are answered at any
point, from the rules and the trace.
"""
from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, replace
from typing import Iterable, Iterator, Mapping, Optional, Union

from expert.assessment import Assessment, build_assessment
from expert.consult.strategy import MIN_VALUE, Candidate, candidates
from expert.consult.why import QuestionWhy, explain_question
from expert.trace import Inference
from expert.explanations.how import UnknownConclusion, explain_how
from expert.explanations.what_if import Outcome, Question, rule_reads
from expert.knowledge_base import KnowledgeBase, default_knowledge_base
from facts.presentation import Presentation, parse_presentation, suggest
from facts.vocabulary import FINDINGS, label_of

Reply = Union[bool, None, str, Mapping[str, Optional[bool]], Iterable[str]]
Selection = tuple[tuple[str, Optional[bool]], ...]
"""A checklist answered item by item: (finding, yes / no / don't know) for
every finding it covers, in the checklist's order."""

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


CHECKLIST_HELP = ("answer n (none of these), ? (don't know), y (yes: ask about each), or the numbers "
                  "that apply, e.g. 1 3 (the rest are no; ?2 marks one you are not sure of)")


def parse_checklist_reply(reply: Reply, covers: tuple[str, ...]) -> Union[Optional[bool], Selection]:
    """A reply to a checklist: yes / no / don't know for all it covers, or
    which of them apply, the way a form's "tick all that apply" is read: the
    findings named are present, those marked "not sure" (``?2``, or None in a
    mapping) stay unknown, and the rest are absent. Findings are named by
    their number in the list (from 1) or their id; a selection may also be a
    mapping ``{finding: True/False/None}`` or an iterable of ids. A selection
    that says the same of every finding is that plain answer."""
    if reply is None or isinstance(reply, bool):
        return reply
    if isinstance(reply, tuple) and all(isinstance(pair, tuple) and len(pair) == 2 for pair in reply):
        reply = dict(reply)  # a Selection, as given back by Answer.selection
    if isinstance(reply, str):
        text = reply.strip().lower()
        if any(text in words for words in (YES, NO, UNKNOWN)) or text in ("none", "0"):
            return False if text in ("none", "0") else parse_reply(text)
        said: dict[str, Optional[bool]] = {}
        for token in filter(None, re.split(r"[\s,;]+", text)):
            unsure = token.startswith("?")
            said[_checklist_item(token.lstrip("?"), covers, reply)] = None if unsure else True
    elif isinstance(reply, Mapping):
        said = {}
        for finding, value in reply.items():
            if value is not None and not isinstance(value, bool):
                raise ConsultationError(f"{finding!r}: {value!r} is not an answer: use true, false or null")
            said[_checklist_item(str(finding), covers, reply)] = value
    else:
        said = {_checklist_item(str(finding), covers, reply): True for finding in reply}
    values = {finding: said.get(finding, False) for finding in covers}
    if len(set(values.values())) == 1:
        return next(iter(values.values()))
    return tuple(values.items())


def _checklist_item(token: str, covers: tuple[str, ...], reply) -> str:
    if token.isdigit() and 1 <= int(token) <= len(covers):
        return covers[int(token) - 1]
    if token in covers:
        return token
    hint = suggest(token, covers + YES + NO + UNKNOWN[:3] + ("none",))
    extra = f" (did you mean {hint!r}?)" if hint else ""
    raise ConsultationError(f"{reply!r}: {token!r} is not one of this checklist's findings "
                            f"(1 to {len(covers)}, or their ids){extra}; {CHECKLIST_HELP}")


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
    selection: Selection = ()
    """A checklist answered item by item (``parse_checklist_reply``); then
    ``value`` is yes if any finding is present, otherwise no."""

    @property
    def finding(self) -> str:
        """The finding asked about, or the checklist's id for a checklist."""
        return self.question.finding

    @property
    def covers(self) -> tuple[str, ...]:
        """The findings this answer speaks for: a checklist's no and "don't
        know" speak for all it covers, a selection for each, and a plain yes
        opens them, to be asked one by one."""
        return self.question.covers or (self.question.finding,)

    @property
    def opens(self) -> bool:
        """A checklist answered a plain yes: its findings are asked one by one."""
        return bool(self.question.covers) and self.value is True and not self.selection

    def said(self) -> dict[str, Optional[bool]]:
        """What this answer says of each finding (None: don't know)."""
        if self.selection:
            return dict(self.selection)
        return {} if self.opens else {finding: self.value for finding in self.covers}

    def known(self) -> dict[str, bool]:
        """The findings this answer makes known."""
        return {finding: value for finding, value in self.said().items() if value is not None}

    def unknown(self) -> tuple[str, ...]:
        """The findings this answer leaves unknown (don't know): not asked again."""
        return tuple(finding for finding, value in self.said().items() if value is None)

    def describe(self) -> str:
        """The answer in words: yes / no / don't know, or a checklist's selection."""
        if not self.selection:
            return {True: "yes", False: "no", None: "don't know"}[self.value]
        parts = [", ".join(label_of(f) for f, v in self.selection if v is True),
                 "not sure: " + ", ".join(label_of(f) for f, v in self.selection if v is None)]
        return "yes: " + "; ".join(p for p in parts if p and not p.endswith(": "))


    @property
    def triage_changed(self) -> bool:
        return self.after.triage != self.before.triage

    @property
    def leader_changed(self) -> bool:
        return self.after.leading != self.before.leading


def reply_from_findings(question: Question, findings: dict) -> Optional[bool]:
    """How someone whose findings are these answers the question (present,
    absent, or not known: None): for a checklist, which of its findings apply
    and which they are not sure of (all absent: no; none known: don't know).
    What simulated patients say in the tests and benchmarks."""
    if not question.covers:
        return findings.get(question.finding)
    return parse_checklist_reply({f: findings.get(f) for f in question.covers}, question.covers)


def typed_reply(reply: Union[Optional[bool], Selection], question: Question) -> str:
    """The reply as someone types it at the prompt: y, n or u, or for a
    checklist answered item by item the numbers that apply (``?`` before those
    they are not sure of)."""
    if not isinstance(reply, tuple):
        return {True: "y", False: "n", None: "u"}[reply]
    said = dict(reply)
    return " ".join(("" if said[f] else "?") + str(n)
                    for n, f in enumerate(question.covers, start=1) if said.get(f, False) is not False)


def _key(presentation: Presentation) -> tuple:
    return (presentation.age, presentation.sex, tuple(presentation.findings.items()))


def _equivalence_key(presentation: Presentation, kb: KnowledgeBase) -> tuple:
    """A key equal for presentations every rule sees alike: a finding given as
    absent that no rule reads as absent matches exactly what it matches when
    unknown (``not_present`` holds either way), so it is left out. A "no" to
    such a question then costs no new engine run."""
    absence = rule_reads(kb).absence
    return (presentation.age, presentation.sex,
            tuple((f, v) for f, v in presentation.findings.items() if v or f in absence))


class _Plan:
    """Candidates produced lazily, kept once produced."""

    def __init__(self, produce: Iterator[Candidate]):
        self._produce = produce
        self._produced: list[Candidate] = []

    def first(self) -> Optional[Candidate]:
        if not self._produced:
            self._produced.extend(itertools.islice(self._produce, 1))
        return self._produced[0] if self._produced else None

    def all(self) -> list[Candidate]:
        self._produced.extend(self._produce)
        return list(self._produced)


class Consultation:
    """One consultation, from the complaint and what is already known.

    Every question whose answer, alone or with later answers, could raise the
    triage is asked before the consultation stops (``expert.consult.ceiling``):
    answered from a patient's findings, it never ends with a lower triage than
    all of them would give. ``min_value`` is the expected value any other
    question must reach to be asked (``expert.consult.strategy``); 0 asks
    every question of any value."""

    STOPPED_NOTHING_LEFT = ("nothing left to ask could raise the triage, or is worth asking "
                            "for the leading condition")
    STOPPED_BY_USER = "stopped on request"
    STOPPED_AT_LIMIT = "reached the question limit"

    def __init__(self, findings: Optional[dict] = None, age: Optional[int] = None,
                 sex: Optional[str] = None, case_id: Optional[str] = None,
                 notes: Optional[str] = None, max_questions: Optional[int] = None,
                 min_value: float = MIN_VALUE, kb: Optional[KnowledgeBase] = None):
        data = {"findings": dict(findings or {})}
        for name, value in (("age", age), ("sex", sex), ("id", case_id), ("notes", notes)):
            if value is not None:
                data[name] = value
        self.start: Presentation = parse_presentation(data)
        if max_questions is not None and max_questions < 0:
            raise ConsultationError("max_questions must be 0 or more")
        self.max_questions = max_questions
        if min_value < 0:
            raise ConsultationError("min_value must be 0 or more")
        self.min_value = min_value
        self.kb: KnowledgeBase = kb or default_knowledge_base()
        self.answers: list[Answer] = []
        self._stopped = False
        # Caches by known findings, so `back` and the outcomes tried for one
        # question and then another are computed once.
        self._inferences: dict[tuple, Inference] = {}
        self._assessments: dict[tuple, Assessment] = {}
        self._outcomes: dict[tuple, Outcome] = {}
        self._plans: dict[tuple, _Plan] = {}
        # The engine runs behind the outcomes tried while choosing the current
        # question, by exact key: what is known after the answer is one of
        # them, so the next step need not run it again. Only the latest
        # presentation's tries are kept (an inference is some 50 kB).
        self._tried: dict[tuple, Inference] = {}

    @classmethod
    def from_presentation(cls, presentation, max_questions: Optional[int] = None,
                          min_value: float = MIN_VALUE, kb: Optional[KnowledgeBase] = None) -> "Consultation":
        p = parse_presentation(presentation)
        return cls(findings=p.findings, age=p.age, sex=p.sex, case_id=p.id, notes=p.notes,
                   max_questions=max_questions, min_value=min_value, kb=kb)

    # -- state -------------------------------------------------------------

    @property
    def presentation(self) -> Presentation:
        """What is known now: the starting findings plus every yes/no answer."""
        answered = {f: v for a in self.answers for f, v in a.known().items()}
        return self.start.with_findings(**answered) if answered else self.start

    @property
    def unknown_answers(self) -> tuple[str, ...]:
        """Findings answered "don't know" (alone or in a checklist): they stay
        unknown and are not asked again."""
        return tuple(f for a in self.answers for f in a.unknown())

    @property
    def checklists_asked(self) -> tuple[str, ...]:
        """Checklists already answered: none is asked twice."""
        return tuple(a.finding for a in self.answers if a.question.covers)

    @property
    def opened(self) -> tuple[str, ...]:
        """The findings of checklists answered yes, still to be asked one by one."""
        known = self.presentation.findings
        skipped = set(self.unknown_answers)
        return tuple(dict.fromkeys(f for a in self.answers if a.opens
                                   for f in a.covers if f not in known and f not in skipped))

    def inference(self) -> Inference:
        presentation = self.presentation
        key = _key(presentation)
        if key not in self._inferences:
            tried, self._tried = self._tried, {}
            self._inferences[key] = tried.get(key) or self.kb.engine().infer(presentation)
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
        key = _equivalence_key(presentation, self.kb)
        if key not in self._outcomes:
            exact = _key(presentation)
            inference = self._inferences.get(exact)
            if inference is None:
                inference = self._tried[exact] = self.kb.engine().infer(presentation)
            self._outcomes[key] = Outcome.of(inference)
        return self._outcomes[key]

    # -- questions -------------------------------------------------------

    def _plan(self) -> "_Plan":
        """The plan for what is known now: every finding worth asking, in order."""
        key = (_key(self.presentation), self.unknown_answers, self.checklists_asked, self.opened)
        if key not in self._plans:
            self._plans[key] = _Plan(candidates(self.presentation, self.inference(), self.outcome(),
                                                set(self.unknown_answers), self._outcome_of, self.min_value,
                                                frozenset(self.checklists_asked), self.opened))
        return self._plans[key]

    def _candidate(self) -> Optional[Candidate]:
        """The candidate to ask about now (None: nothing is worth asking)."""
        if self._stopped or (self.max_questions is not None and len(self.answers) >= self.max_questions):
            return None
        return self._plan().first()

    def _question(self, candidate: Candidate) -> Question:
        """The Question, with the outcomes of a yes and a no."""
        if candidate.ranked is not None:
            return candidate.ranked
        presentation, finding, reads = self.presentation, candidate.finding, rule_reads(self.kb)
        yes = self._outcome_of(presentation.with_findings(**{finding: True}))
        no = (self._outcome_of(presentation.with_findings(**{finding: False}))
              if finding in reads.absence else self.outcome())
        return Question(finding, FINDINGS[finding].question, candidate.stage in ("red_flag", "red_flag_screen"),
                        yes, no, reads.any.get(finding, ()), candidate.value)

    def questions(self) -> list[Question]:
        """Every question worth asking now, in the order of asking: those
        that could raise the triage, then the others by expected value (each
        answer changes what comes next)."""
        return [self._question(c) for c in self._plan().all()]

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
        """Answer the current question: yes/no/unknown (or True/False/None);
        a checklist also takes which of its findings apply
        (``parse_checklist_reply``)."""
        candidate = self._candidate()
        if candidate is None:
            raise ConsultationError(f"the consultation is over ({self.stop_reason}): there is no question to answer")
        question, before = self._question(candidate), self.outcome()
        parsed = parse_checklist_reply(reply, question.covers) if question.covers else parse_reply(reply)
        if isinstance(parsed, tuple):
            value, selection = any(v is True for _, v in parsed), parsed
        else:
            value, selection = parsed, ()
        answer = Answer(len(self.answers) + 1, question, candidate.stage, value, before, before, selection)
        if answer.known():
            answer = replace(answer, after=self._outcome_of(self.presentation.with_findings(**answer.known())))
        self.answers.append(answer)
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
        return explain_question(self._question(candidate), self.outcome(), candidate.stage, candidate.rules,
                                raises_to=candidate.raises_to, value=candidate.value,
                                p_yes=candidate.p_yes, p_no=candidate.p_no, information=candidate.information,
                                kb=self.kb)

    def how(self, conclusion_id: Optional[str] = None):
        """HOW a current conclusion was reached (``explain_how`` on the trace).
        Without an id: the triage."""
        try:
            return explain_how(self.inference(), conclusion_id or "triage")
        except UnknownConclusion as error:
            raise ConsultationError(str(error)) from None

    def to_presentation_dict(self) -> dict:
        """The coded case as the contract's input (valid for ``legwise assess``)."""
        return self.presentation.model_dump(exclude_none=True)


__all__ = ["Answer", "Consultation", "ConsultationError", "parse_checklist_reply", "parse_reply",
           "reply_from_findings", "typed_reply"]
