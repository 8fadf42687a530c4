"""WHY is this question being asked? Computed from the rules and the outcomes.

A question about a finding serves the hypotheses its answer can move. Which
those are is read off the knowledge base: the rules that read the finding,
what they conclude, and, through the clinical patterns and red flags they
conclude, what the rules reading those conclude in turn. What a yes or a no
would change comes from the ``Question``'s outcomes, obtained by re-running
the engine. Why it is asked *now* is its stage (``expert.consult.strategy``):
its answer could raise the triage (``red_flag``, ``red_flag_screen``,
``urgency``: the consultation does not stop while it is unasked), or it is
worth most for finding the cause (``discriminating``, ``follow_up``), with the
expected value and the answer probabilities it was weighed with.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, Optional

from expert.dsl import ClaimUrgency, ConcludePattern, Clause, KnowledgeRule, RaiseRedFlag, Weigh
from expert.consult.open_rules import OpenRule, describe_needs
from expert.explanations.what_if import Outcome, Question
from expert.knowledge_base import KnowledgeBase, knowledge_base_index, default_knowledge_base
from expert.engine import working_memory as wm
from facts.vocabulary import CONDITIONS, RED_FLAGS, TRIAGE_ADVICE, label_of


def leaves(condition: Clause) -> Iterator[Clause]:
    """The simple conditions inside a condition (through any_of / all_of)."""
    return condition.leaves()


_NOTHING_KNOWN = wm.WorkingMemoryView(())


@knowledge_base_index
def _readers(kb: KnowledgeBase) -> dict[tuple[str, str], tuple[tuple[KnowledgeRule, Clause], ...]]:
    """(kind, id) -> the rules whose conditions read it, with the condition.
    Kinds: finding, pattern, red_flag (id '' = any red flag)."""
    index: dict[tuple[str, str], list] = {}
    for defined in kb.rules:
        for condition in defined.when:
            for leaf in leaves(condition):
                (kind, name), = leaf.reads()
                # a red flag read as present (any_red_flag or a named one); not the absence of all
                if kind in ("finding", "pattern") or (kind == "red_flag" and not leaf.negated):
                    index.setdefault((kind, name or ""), []).append((defined, leaf))
    return {key: tuple(found) for key, found in index.items()}


@dataclass(frozen=True)
class Reach:
    """What a finding can bear on through the rules."""
    conditions: dict[str, tuple[str, ...]]
    """condition id -> ids of the rules on the way, in the order reached"""
    yes_for: tuple[str, ...]
    """conditions a yes can count for (a rule fires on it and supports them)"""
    yes_against: tuple[str, ...]
    """conditions a yes can count against (an opposing rule fires, or a
    supporting rule that needs the finding absent no longer can)"""
    red_flags: tuple[str, ...]
    urgency_levels: tuple[str, ...]


def _direction(leaf: Clause) -> int:
    """+1 if the condition holds more readily when its subject is present:
    if it holds once the finding or pattern it reads is given present."""
    (kind, name), = leaf.reads()
    subject = wm.Finding(id=name, present=True) if kind == "finding" else wm.Pattern(id=name)
    return 1 if leaf.evaluate(wm.WorkingMemoryView([subject])) else -1


@knowledge_base_index
def _reaches(kb: KnowledgeBase) -> dict[str, Reach]:
    return {}  # finding -> its reach, filled as asked


def reach_of(finding: str, kb: KnowledgeBase) -> Reach:
    """Follow the finding through the rules: each rule that reads it, the
    patterns and red flags those conclude, the rules that read those, down to
    the conditions weighed, the red flags raised and the urgency claimed."""
    known = _reaches(kb)
    if finding not in known:
        known[finding] = _reach(finding, kb)
    return known[finding]


def _reach(finding: str, kb: KnowledgeBase) -> Reach:
    readers = _readers(kb)
    conditions: dict[str, list[str]] = {}
    signs: dict[str, set[int]] = {}
    red_flags: list[str] = []
    levels: list[str] = []
    seen: set[tuple[str, int]] = set()
    frontier = [(defined, (), _direction(leaf)) for defined, leaf in readers.get(("finding", finding), ())]
    while frontier:
        defined, path, sign = frontier.pop(0)
        if (defined.id, sign) in seen:
            continue
        seen.add((defined.id, sign))
        path = path + (defined.id,)
        for conclusion in defined.then:
            if isinstance(conclusion, Weigh):
                on_the_way = conditions.setdefault(conclusion.condition, [])
                on_the_way.extend(r for r in path if r not in on_the_way)
                signs.setdefault(conclusion.condition, set()).add(sign * (1 if conclusion.cf > 0 else -1))
            elif isinstance(conclusion, ConcludePattern):
                frontier += [(r, path, sign * _direction(leaf))
                             for r, leaf in readers.get(("pattern", conclusion.pattern), ())]
            elif isinstance(conclusion, RaiseRedFlag):
                if sign > 0 and conclusion.red_flag not in red_flags:
                    red_flags.append(conclusion.red_flag)
                for key in (("red_flag", conclusion.red_flag), ("red_flag", "")):
                    frontier += [(r, path, sign) for r, _ in readers.get(key, ())]
            elif isinstance(conclusion, ClaimUrgency) and conclusion.level not in levels:
                levels.append(conclusion.level)
    ordered = [c for c in CONDITIONS if c in conditions]
    return Reach({c: tuple(conditions[c]) for c in ordered},
                 tuple(c for c in ordered if 1 in signs[c]),
                 tuple(c for c in ordered if -1 in signs[c]),
                 tuple(red_flags), tuple(levels))


@dataclass(frozen=True)
class RuleReading:
    """One rule that reads the finding: how it reads it and what it concludes."""
    rule: str
    title: str
    reads: str
    """the rule's own condition on the finding, e.g. 'saddle_numbness is present'"""
    concludes: tuple[str, ...]


@dataclass(frozen=True)
class Effect:
    """What one answer would change, from the current outcome."""
    answer: str
    before: Outcome
    after: Outcome

    @property
    def triage_changes(self) -> bool:
        return self.after.triage != self.before.triage

    @property
    def leader_changes(self) -> bool:
        return self.after.leading != self.before.leading

    def describe(self) -> str:
        def leader(outcome: Outcome) -> str:
            if outcome.leading is None:
                return "none"
            return f"{CONDITIONS[outcome.leading].label} ({outcome.certainty_of(outcome.leading):.2f})"

        parts = []
        if self.triage_changes:
            parts.append(f"triage {self.before.triage} -> {self.after.triage}")
        else:
            parts.append(f"triage stays {self.before.triage}")
        if self.leader_changes:
            parts.append(f"leading condition {leader(self.before)} -> {leader(self.after)}")
        else:
            parts.append(f"leading condition stays {leader(self.before)}")
        moved = []
        for condition in dict.fromkeys([c for c, _ in self.before.top] + [c for c, _ in self.after.top]):
            old, new = self.before.certainty_of(condition), self.after.certainty_of(condition)
            if round(old, 2) != round(new, 2):
                moved.append(f"{condition} {old:.2f} -> {new:.2f}")
        if moved:
            parts.append("certainty " + ", ".join(moved))
        return "; ".join(parts)


@dataclass(frozen=True)
class QuestionWhy:
    """Why a question is asked: whom it serves and what each answer would do."""
    question: Question
    stage: str
    """where it comes in the consultation's order (``expert.consult.strategy``)"""
    current: Outcome
    red_flags: tuple[str, ...]
    """red flags a yes could raise, alone or with other findings (read off the rules)"""
    serves: tuple[str, ...]
    """current leading hypotheses the finding bears on"""
    yes_for: tuple[str, ...]
    yes_against: tuple[str, ...]
    rules: tuple[RuleReading, ...]
    completes: tuple[OpenRule, ...]
    """rules not yet fired that a yes would bring nearer, with what else they need"""
    if_yes: Effect
    if_no: Optional[Effect]
    """None when no rule reads the finding's absence: a no changes nothing"""
    raises_to: Optional[str] = None
    """the most urgent triage its answer could help reach (alone or with later
    answers), when it could raise the triage at all"""
    value: float = 0.0
    """the expected value of its answer (``expert.consult.strategy``)"""
    p_yes: float = 0.0
    p_no: float = 0.0
    """the answer probabilities the value was weighed with (``expert.consult.priors``)"""
    information: float = 0.0
    """how much its answer is expected to narrow down the leading condition (bits)"""


def _union(groups) -> tuple:
    return tuple(dict.fromkeys(item for group in groups for item in group))


def explain_question(question: Question, current: Outcome, stage: str = "discriminating",
                     completes: tuple[OpenRule, ...] = (), raises_to: Optional[str] = None,
                     value: float = 0.0, p_yes: float = 0.0, p_no: float = 0.0,
                     information: float = 0.0, kb: Optional[KnowledgeBase] = None) -> QuestionWhy:
    """WHY for a question, given the current outcome of the consultation."""
    covers = question.covers or (question.finding,)  # a checklist speaks for every finding it covers
    kb = kb or default_knowledge_base()
    reaches = [reach_of(f, kb) for f in covers]
    reach = Reach(
        conditions={c: r for each in reaches for c, r in each.conditions.items()},
        yes_for=_union(each.yes_for for each in reaches), yes_against=_union(each.yes_against for each in reaches),
        red_flags=_union(each.red_flags for each in reaches),
        urgency_levels=_union(each.urgency_levels for each in reaches),
    ) if question.covers else reaches[0]
    readers = [reader for f in covers for reader in _readers(kb).get(("finding", f), ())]
    readings = {}
    for defined, leaf in readers:  # a rule reading the finding twice: once
        readings.setdefault(defined.id, RuleReading(defined.id, defined.title, leaf.describe(),
                                                    tuple(c.describe() for c in defined.then)))
    # Some rule reads the finding given absent: a no is an answer that can make it hold.
    no_is_read = any(answer[2] is False for _, leaf in readers for way in leaf.completions(_NOTHING_KNOWN)
                     for answer in way)
    return QuestionWhy(
        question=question, stage=stage, current=current,
        red_flags=reach.red_flags if stage in ("red_flag", "red_flag_screen") else (),
        serves=tuple(c for c, _ in current.top if c in reach.conditions),
        yes_for=reach.yes_for, yes_against=reach.yes_against, rules=tuple(readings.values()),
        completes=tuple(completes),
        if_yes=Effect("yes", current, question.if_yes),
        if_no=Effect("no", current, question.if_no) if no_is_read else None,
        raises_to=raises_to, value=value, p_yes=p_yes, p_no=p_no, information=information,
    )


_STAGE_TEXT = {
    "urgency": "Its answer, alone or with later answers, could raise the triage to {raises_to}: "
               "the consultation does not stop while it is unasked.",
    "discriminating": "{reach}; of the questions left it is worth most "
                      "(expected value {value:.2f}: a yes is {p_yes:.0%} likely, a no {p_no:.0%}).",
    "follow_up": "With later answers it could complete a rule that would change the leading condition; "
                 "of the questions left it is worth most (expected value {value:.2f}: "
                 "a yes is {p_yes:.0%} likely, a no {p_no:.0%}).",
}


def _reach_text(why: QuestionWhy) -> str:
    effects = [why.if_yes] + ([why.if_no] if why.if_no else [])
    if any(e.triage_changes or e.leader_changes for e in effects):
        return "Its answer alone could change the leading condition or the triage"
    return (f"Its answer helps tell the likely conditions apart "
            f"(about {why.information:.2f} bits of the leading condition's uncertainty)")


def render_why_text(why: QuestionWhy) -> str:
    """WHY as plain text for a terminal or a log."""
    q = why.question
    lines = [f"Why ask about {label_of(q.finding)} [{q.finding}]?"]
    if q.covers:
        lines.append(f"  It asks about {len(q.covers)} findings at once: the numbers that apply settle each "
                     "(the rest are no), a no rules them all out, \"don't know\" leaves them unknown, "
                     "a plain yes asks about each in turn.")
    if why.red_flags:
        flags = ", ".join(f"{RED_FLAGS[r].label} [{r}]" for r in why.red_flags)
        if why.if_yes.after.triage == "emergency":
            lines.append(f"  It is a red-flag question: a yes would make the triage emergency "
                         f"({TRIAGE_ADVICE['emergency']}). Red flags it bears on: {flags}.")
        else:
            lines.append(f"  It is a red-flag question: with other findings, a yes could raise {flags}, "
                         "and a red flag always means emergency.")
    elif why.stage == "red_flag":
        lines.append(f"  It is a red-flag question: a yes alone would make the triage emergency "
                     f"({TRIAGE_ADVICE['emergency']}).")
    elif why.stage == "red_flag_screen":
        lines.append("  With later answers, its answer could make the triage emergency: "
                     "the consultation does not stop while it is unasked.")
    if why.stage in _STAGE_TEXT:
        lines.append("  " + _STAGE_TEXT[why.stage].format(raises_to=why.raises_to, value=why.value,
                                                          p_yes=why.p_yes, p_no=why.p_no,
                                                          reach=_reach_text(why)))
    for open_rule in why.completes:
        met = f"{open_rule.progress} of its conditions met, " if open_rule.progress else ""
        lines.append(f"  With later answers it could complete {open_rule.rule} ({open_rule.title}): "
                     f"{met}it also needs {describe_needs(open_rule, q.finding)}.")
    if why.current.top:
        current = ", ".join(f"{CONDITIONS[c].label} {cf:.2f}" for c, cf in why.current.top)
        lines.append(f"  Now: triage {why.current.triage}; leading hypotheses: {current}.")
    else:
        lines.append(f"  Now: triage {why.current.triage}; no condition is supported yet.")
    if why.serves:
        lines.append("  It bears on the current hypotheses: "
                     + ", ".join(label_of(c) for c in why.serves) + ".")
    if why.yes_for:
        lines.append("  A yes can count for: " + ", ".join(label_of(c) for c in why.yes_for) + ".")
    if why.yes_against:
        lines.append("  A yes can count against: " + ", ".join(label_of(c) for c in why.yes_against) + ".")
    lines.append("  Rules that read it:")
    for reading in why.rules:
        lines.append(f"    - {reading.rule} ({reading.title}): when {reading.reads} -> "
                     + "; ".join(reading.concludes))
    lines.append(f"  If yes: {why.if_yes.describe()}.")
    if why.if_no is None:
        lines.append("  If no: nothing changes (no rule reads its absence), but it will not be asked again.")
    else:
        lines.append(f"  If no: {why.if_no.describe()}.")
    return "\n".join(lines)
