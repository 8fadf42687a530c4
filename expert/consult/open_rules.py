"""Rules that later answers could still complete: backward chaining over the
rule base, to find questions that one answer alone would not make matter.

WHAT IF looks one answer ahead, so a conclusion that needs several findings
together (sudden onset *and* one side *and* constant weakness) is invisible
to it until all but one are known. Here each rule's conditions are read
against what is known, in three values: holds, fails, or still open; an open
condition says which findings would complete it (for a pattern, those of the
nearest rule that concludes it). A finding answered "don't know" will not be
asked again, so a condition that needs it present can no longer be met.

A rule is *open* if it has not fired and could still fire; its *progress* is
how many of its conditions already hold because of findings given present
(or patterns concluded), so the consultation can pursue the hypotheses
already in play, as a clinician follows up what the patient has said.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Optional

from expert.dsl import Clause, KnowledgeRule, RaiseRedFlag, Weigh
from expert.trace import Inference
from expert.knowledge_base import KnowledgeBase, knowledge_base_index, knowledge_base_of
from expert.engine import working_memory as wm
from facts.presentation import Presentation
from facts.vocabulary import FINDINGS

HOLDS, FAILS, OPEN = "holds", "fails", "open"
_DEPTH = 3  # patterns made from patterns: how deep to look for what completes one


@dataclass(frozen=True)
class OpenRule:
    """A rule that has not fired and could still fire."""
    rule: str
    title: str
    layer: str
    red_flags: tuple[str, ...]
    needs: tuple[tuple[str, ...], ...]
    """what it still needs: in each group, any one finding given as present"""
    progress: int
    """how many of its conditions already hold on findings given or patterns concluded"""
    weighs: tuple[str, ...] = ()
    """the conditions it weighs, for or against"""

    def completion(self) -> dict[str, bool]:
        """The findings that would complete it: the first of each group."""
        return {group[0]: True for group in self.needs}


@knowledge_base_index
def _rules(kb: KnowledgeBase) -> tuple[KnowledgeRule, ...]:
    return tuple(r for r in kb.rules if r.layer != "recommendation")


class _Reader:
    """Three-valued reading of conditions against one state of knowledge,
    by their own meaning (``evaluate``, ``completions``): the reader is the
    ``FactsView``. Findings are open (answers may come); what other rules
    concluded is as the inference left it; a certainty, an urgency claim, a
    triage or a fit is unknown, as no one answer decides it."""
    closed = False

    def __init__(self, presentation: Presentation, inference: Inference, askable: frozenset):
        self.known = presentation.findings
        self.presentation = presentation
        self.age, self.sex = presentation.age, presentation.sex
        self.kb = knowledge_base_of(inference)
        self.askable = askable
        self.patterns = {f["id"] for f in inference.final_facts(wm.Pattern)}
        self.red_flags = {f["id"] for f in inference.final_facts(wm.RedFlag)}

    # -- the FactsView ----------------------------------------------------------

    def finding(self, finding: str) -> Optional[bool]:
        return self.known.get(finding)

    def pattern(self, pattern: str) -> bool:
        return pattern in self.patterns

    def red_flag(self, red_flag: Optional[str]) -> bool:
        return bool(self.red_flags) if red_flag is None else red_flag in self.red_flags

    def certainty(self, condition: str) -> None:
        return None

    def urgency_claimed(self) -> None:
        return None

    def triage(self, level: str) -> None:
        return None

    def fit(self, status: str) -> None:
        return None

    def pattern_completions(self, pattern: str) -> tuple:
        return ()  # a pattern is followed to its rules' needs instead (_pattern_needs)

    def red_flag_completions(self, red_flag: Optional[str]) -> tuple:
        return ()

    # -- reading ---------------------------------------------------------------

    def condition(self, condition: Clause, depth: int = 0):
        """(state, needs, progressed): needs are groups of findings, any one of
        each group given present completing the condition."""
        if condition.connective == "any":
            results = [self.condition(option, depth) for option in condition.subclauses()]
            held = [r for r in results if r[0] == HOLDS]
            if held:
                return HOLDS, (), any(r[2] for r in held)
            group = tuple(dict.fromkeys(f for state, needs, _ in results if state == OPEN
                                        for needed in needs[:1] for f in needed))
            if group:
                return OPEN, (group,), False
            return (OPEN, (), False) if any(r[0] == OPEN for r in results) else (FAILS, (), False)
        if condition.connective == "all":
            return self.conjunction(condition.subclauses(), depth)
        value = condition.evaluate(self)
        (kind, name), = condition.reads()  # a clause not made of clauses reads one thing
        if value is True:
            # Progress: it holds because of a finding given present, or a pattern or red flag concluded.
            return HOLDS, (), not condition.negated and (
                kind in ("pattern", "red_flag") or (kind == "finding" and self.known[name] is True))
        if kind == "pattern" and not condition.negated:
            return self._pattern_needs(name, depth)
        if kind == "red_flag" and not condition.negated:
            return OPEN, (), False  # not raised yet; no one finding names a question for it
        if value is False:
            return FAILS, (), False
        if kind not in ("finding", "age", "sex"):
            # Certainty, urgency and triage conditions are not decided by any one
            # finding: they neither block a rule nor add a question.
            return OPEN, (), False
        ways = [way for way in condition.completions(self)
                if all(answer == "finding" and finding in self.askable for answer, finding, _ in way)]
        if not ways:
            return FAILS, (), False  # unknown for good: answered "don't know", or not a question (age, sex)
        # A yes/no question can give either value; only "present" names a
        # question worth pursuing here (WHAT IF weighs what a no would do).
        return OPEN, tuple((finding,) for _, finding, value in sorted(ways[0]) if value is True), False

    def conjunction(self, parts: Iterable[Clause], depth: int = 0):
        needs: list[tuple[str, ...]] = []
        state, progress = HOLDS, 0
        for part in parts:
            part_state, part_needs, progressed = self.condition(part, depth)
            if part_state == FAILS:
                return FAILS, (), 0
            if part_state == OPEN:
                state = OPEN
                needs.extend(n for n in part_needs if n not in needs)
            progress += progressed
        return state, tuple(needs), progress

    def _pattern_needs(self, pattern: str, depth: int):
        """What the nearest rule concluding the pattern still needs."""
        if depth >= _DEPTH:
            return FAILS, (), False
        best = None
        for defined in self.kb.concluding.get(("pattern", pattern), ()):
            state, needs, _ = self.conjunction(defined.when, depth + 1)
            if state == OPEN and needs and (best is None or len(needs) < len(best)):
                best = needs
        return (OPEN, best, False) if best else (FAILS, (), False)


def open_rules(presentation: Presentation, inference: Inference, not_asked_again=(),
               only: Optional[str] = None) -> list[OpenRule]:
    """Rules (all, or ``only="red_flag"`` ones) that have not fired and could
    still fire if unknown findings, other than those in ``not_asked_again``,
    turned out present; in rule-base order."""
    skipped = set(not_asked_again)
    askable = frozenset(f for f in FINDINGS if f not in presentation.findings and f not in skipped)
    fired = {f.rule for f in inference.firings}
    reader = _Reader(presentation, inference, askable)
    found = []
    for defined in _rules(reader.kb):
        if defined.id in fired or (only is not None and defined.layer != only):
            continue
        state, needs, progress = reader.conjunction(defined.when)
        if state == OPEN and needs:
            flags = tuple(dict.fromkeys(c.red_flag for c in defined.then if isinstance(c, RaiseRedFlag)))
            weighs = tuple(dict.fromkeys(c.condition for c in defined.then if isinstance(c, Weigh)))
            found.append(OpenRule(defined.id, defined.title, defined.layer, flags, needs, progress, weighs))
    return found


def describe_needs(open_rule: OpenRule, answered: Optional[str] = None) -> str:
    """'one_sided; constant_weakness or unable_to_stand_or_walk' (without ``answered``)."""
    groups = [group for group in open_rule.needs if answered not in group]
    return "; ".join(" or ".join(group) for group in groups) or "nothing else"
