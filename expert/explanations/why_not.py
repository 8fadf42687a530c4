"""WHY NOT: why a condition (or red flag, or pattern) was not concluded, or
was concluded with little certainty.

Computed from the rules themselves: the rules that could conclude the target
(for a condition, those that weigh it positively or raise a red flag that
warns of it) are found by reading their ``then`` conclusions, and each of
their ``when`` conditions (the ``expert.dsl`` objects the engine compiled) is
read by its own meaning (``evaluate`` and ``completions``) against what the
inference knew: the input findings, age and sex, and the patterns, red flags
and certainties it derived. A condition holds, fails (a finding given as
absent, or as present for ``not_present``), or is unknown (answers still to
come could make it hold). A pattern or red flag that a rule needs but was
not derived is explained in turn, recursively.

A rule blocked only by unknown findings comes with a completion: findings
that, given, make it fire (the first of the rule's completions that does). Each completion is checked by running the engine
on the presentation with those findings added, so what is reported is what
the rules really do.

    why = explain_why_not(expert.infer(case), "cauda_equina_syndrome")
    print(render_why_not_text(why))
"""
from __future__ import annotations

from typing import Literal, Optional

from expert.assessment import ranked_hypotheses
from expert.dsl import Clause, ConcludePattern, KnowledgeRule, RaiseRedFlag, Weigh
from expert.trace import Inference
from expert.explanations.what_if import record_firings, recorded_firings, run_key
from expert.explanations.rule_refs import ExplanationModel, RuleRef, finding_state, label, rule_ref
from expert.knowledge_base import KnowledgeBase, knowledge_base_index, knowledge_base_of
from expert.trace import Provenance
from expert.engine import working_memory as wm
from facts.presentation import Presentation, suggest
from facts.vocabulary import CONDITIONS, FINDINGS, PATTERNS, RED_FLAGS

Status = Literal["holds", "fails", "unknown"]

_MAX_TRIES = 8  # completions verified by running the engine, smallest first


class UnknownTarget(ValueError):
    """Not a condition, red flag or pattern id."""

    def __init__(self, message: str, target: str, suggestion: Optional[str] = None):
        self.target = target
        self.suggestion = suggestion
        super().__init__(message)


class FindingState(ExplanationModel):
    id: str
    label: str
    given: Optional[bool]
    """True present, False absent, None unknown."""


class Completion(ExplanationModel):
    """What to add to the presentation so that a rule fires."""
    findings: dict[str, bool]
    age: Optional[int] = None
    sex: Optional[str] = None

    def apply(self, presentation: Presentation) -> Presentation:
        changed = presentation.with_findings(**self.findings)
        updates = {k: v for k, v in (("age", self.age), ("sex", self.sex)) if v is not None}
        if updates:
            changed = Presentation.model_validate({**changed.model_dump(exclude_none=True), **updates})
        return changed

    def describe(self) -> str:
        parts = [f"{label(f)} {finding_state(v)}" for f, v in self.findings.items()]
        if self.age is not None:
            parts.append(f"age {self.age}")
        if self.sex is not None:
            parts.append(f"sex {self.sex}")
        return ", ".join(parts)


class Check(ExplanationModel):
    """One condition of a rule, evaluated against the inference."""
    condition: str
    status: Status
    reason: str
    findings: list[FindingState] = []
    parts: list["Check"] = []
    explained: Optional[str] = None
    """A pattern or red flag the condition needs that was not concluded: its
    own WHY NOT is in the top-level ``WhyNot.related``."""


class RuleCheck(ExplanationModel):
    rule: str
    title: str
    concludes: list[str]
    """The rule's conclusions that bear on the target."""
    status: Literal["fired", "needs_unknown", "blocked"]
    steps: list[int] = []
    """When it fired: the trace steps."""
    findings: list[FindingState] = []
    """When it fired: the input findings its firings rest on."""
    checks: list[Check] = []
    completion: Optional[Completion] = None
    """When it needs unknown findings: findings that, given, make it fire (verified)."""
    note: str = ""


class Opposing(ExplanationModel):
    rule: str
    title: str
    cf: float
    findings: list[FindingState]


class WhyNot(ExplanationModel):
    target: str
    kind: Literal["condition", "red_flag", "pattern"]
    label: str
    concluded: bool
    summary: str
    certainty: Optional[float] = None
    rank: Optional[int] = None
    rules: list[RuleCheck]
    opposing: list[Opposing] = []
    missing_findings: list[FindingState] = []
    """Unknown findings that some rule blocked only by unknowns still needs."""
    blocking_findings: list[FindingState] = []
    """Findings, as given, that make a rule fail."""
    related: dict[str, "WhyNot"] = {}
    """WHY NOT each pattern or red flag a rule needed (top level only)."""
    rule_refs: dict[str, RuleRef] = {}
    """Every rule named here and in ``related``, with its rationale and citation (top level only)."""

    def rules_with(self, status: str) -> list[RuleCheck]:
        return [r for r in self.rules if r.status == status]


Check.model_rebuild()
WhyNot.model_rebuild()

_ORDER = {f: i for i, f in enumerate(FINDINGS)}


def presentation_of(inference: Inference) -> Presentation:
    """The presentation an inference was run on (age, sex and findings)."""
    person = next(inference.facts[i] for i in inference.inputs if isinstance(inference.facts[i], wm.Person))
    findings = {inference.facts[i]["id"]: inference.facts[i]["present"] for i in inference.inputs
                if isinstance(inference.facts[i], wm.Finding)}
    data = {"age": person["age"], "sex": person["sex"], "findings": findings}
    return Presentation.model_validate({k: v for k, v in data.items() if v is not None})


def _kind_of(target: str) -> str:
    if target in CONDITIONS:
        return "condition"
    if target in RED_FLAGS:
        return "red_flag"
    if target in PATTERNS:
        return "pattern"
    hint = suggest(target, list(CONDITIONS) + list(RED_FLAGS) + list(PATTERNS))
    extra = f" (did you mean {hint!r}?)" if hint else " (run 'legwise conditions' to list them)"
    raise UnknownTarget(f"unknown condition id {target!r}{extra}", target, hint)


@knowledge_base_index
def rules_bearing_on(kb: KnowledgeBase) -> dict[tuple[str, str], tuple]:
    """(kind, target) -> each rule that could conclude it, in knowledge-base
    order, with those of its conclusions that could."""
    found: dict[tuple[str, str], dict[str, tuple]] = {}
    for defined in kb.rules:
        for conclusion in defined.then:
            for target in _targets_of(conclusion):
                found.setdefault(target, {}).setdefault(defined.id, (defined, []))[1].append(conclusion.describe())
    return {target: tuple(rules.values()) for target, rules in found.items()}


def _targets_of(conclusion) -> list[tuple[str, str]]:
    """What a conclusion could conclude, as (kind, id): a condition it
    supports (or whose red flag it raises), a red flag, a pattern."""
    if isinstance(conclusion, Weigh) and conclusion.cf > 0:
        return [("condition", conclusion.condition)]
    if isinstance(conclusion, RaiseRedFlag):
        return [("red_flag", conclusion.red_flag), ("condition", RED_FLAGS[conclusion.red_flag].condition)]
    if isinstance(conclusion, ConcludePattern):
        return [("pattern", conclusion.pattern)]
    return []


def _completion(option: frozenset) -> Completion:
    findings = {name: value for kind, name, value in sorted(option, key=lambda o: _ORDER.get(o[1], -1))
                if kind == "finding"}
    age = next((value for kind, _, value in option if kind == "age"), None)
    sex = next((value for kind, _, value in option if kind == "sex"), None)
    return Completion(findings=findings, age=age, sex=sex)


def _option(completion: Completion) -> frozenset:
    items = {("finding", f, v) for f, v in completion.findings.items()}
    if completion.age is not None:
        items.add(("age", "", completion.age))
    if completion.sex is not None:
        items.add(("sex", "", completion.sex))
    return frozenset(items)


_JOINED = {
    "any": {"holds": "one of them holds", "unknown": "none holds yet; some are unknown",
            "fails": "none of them holds"},
    "all": {"holds": "all of them hold", "unknown": "some are unknown", "fails": "one of them fails"},
}


class _View:
    """What the inference knew, as the rule language's ``FactsView``: the
    findings, age and sex given, open (answers may still come), and the
    facts it concluded. A pattern or red flag not concluded could still come
    about by the completions of the rules that conclude it."""
    closed = False

    def __init__(self, explainer: "_Explainer"):
        self.explainer = explainer
        self.age, self.sex = explainer.presentation.age, explainer.presentation.sex

    def finding(self, finding: str) -> Optional[bool]:
        return self.explainer.findings.get(finding)

    def pattern(self, pattern: str) -> bool:
        return pattern in self.explainer.patterns

    def red_flag(self, red_flag: Optional[str]) -> bool:
        red_flags = self.explainer.red_flags
        return bool(red_flags) if red_flag is None else red_flag in red_flags

    def certainty(self, condition: str) -> float:
        hypothesis = self.explainer.hypotheses.get(condition)
        return hypothesis["certainty"] if hypothesis else 0.0

    def urgency_claimed(self) -> bool:
        return bool(self.explainer.claims)

    def triage(self, level: str) -> bool:
        return level in self.explainer.triage

    def fit(self, status: str) -> bool:
        return status in self.explainer.fit

    def pattern_completions(self, pattern: str) -> list[frozenset]:
        return self.explainer.completions_of(pattern)

    def red_flag_completions(self, red_flag: Optional[str]) -> list[frozenset]:
        return [answers for target in ([red_flag] if red_flag else RED_FLAGS)
                for answers in self.explainer.completions_of(target)]


class _Explainer:
    """Evaluates rules against one inference; why-nots are memoised."""

    def __init__(self, inference: Inference, runs: Optional[dict] = None):
        self.inference = inference
        self.kb = knowledge_base_of(inference)
        self.provenance = Provenance(inference)
        self.presentation = presentation_of(inference)
        self.findings = self.presentation.findings
        final = inference.final_facts
        self.patterns = {f["id"] for f in final(wm.Pattern)}
        self.red_flags = {f["id"] for f in final(wm.RedFlag)}
        self.hypotheses = {f["condition"]: f for f in final(wm.Hypothesis)}
        self.triage = {f["level"] for f in final(wm.Triage)}
        self.claims = final(wm.UrgencyClaim)
        self.fit = {f["status"] for f in final(wm.Fit)}
        self.fired: dict[str, list] = {}
        for firing in inference.firings:
            self.fired.setdefault(firing.rule, []).append(firing)
        self.memo: dict[str, WhyNot] = {}
        self.visiting: set[str] = set()
        self.runs = {} if runs is None else runs  # engine runs, shared with WHAT IF (what_if.record_run)
        self.view = _View(self)
        self.reasons = {"finding": self._finding_reason, "pattern": self._concluded_reason,
                        "red_flag": self._red_flag_reason, "certainty": self._certainty_reason,
                        "triage": self._triage_reason, "fit": self._fit_reason, "urgency": self._urgency_reason,
                        "age": self._person_reason("age"), "sex": self._person_reason("sex"),
                        "presentation": lambda _, status, negated: ("always", [], None)}

    # -- conditions ---------------------------------------------------------

    def finding(self, finding: str) -> FindingState:
        return FindingState(id=finding, label=label(finding), given=self.findings.get(finding))

    def check(self, condition: Clause) -> Check:
        """The clause's own meaning against what the inference knew
        (``_View``): it holds, or answers still to come could make it hold
        (unknown), or none could (fails)."""
        parts = [self.check(part) for part in condition.subclauses()]
        if condition.evaluate(self.view) is True:
            status = "holds"
        else:
            status = "unknown" if condition.completions(self.view) else "fails"
        if condition.connective:
            reason, findings, explained = _JOINED[condition.connective][status], [], None
            if status == "fails" and all(part.status != "fails" for part in parts):
                reason = "they cannot all hold together"  # each could, but not with the same answers
        else:
            (kind, name), = condition.reads()  # a clause not made of clauses reads one thing
            reason, findings, explained = self.reasons[kind](name, status, condition.negated)
        return Check(condition=condition.describe(), status=status, reason=reason, findings=findings,
                     parts=parts, explained=explained)

    # Why a clause has its status, in words, by what it reads: (reason, the
    # findings it read, the pattern or red flag explained in turn).

    def _finding_reason(self, finding: str, status: Status, negated: bool):
        return f"{label(finding)} is {finding_state(self.findings.get(finding))}", [self.finding(finding)], None

    def _concluded_reason(self, target: Optional[str], status: Status, negated: bool):
        """A pattern or a named red flag."""
        if target in self.patterns or target in self.red_flags:
            return f"{label(target)} was concluded", [], None
        if negated:
            return f"{label(target)} was not concluded", [], None
        if target in self.visiting:
            return f"{label(target)} would rest on itself (a circular rule chain)", [], None
        reason = f"{label(target)} was not concluded" + (
            ": it needs findings that are unknown" if status == "unknown" else "")
        return reason, [], target

    def _red_flag_reason(self, red_flag: Optional[str], status: Status, negated: bool):
        if red_flag is not None:
            return self._concluded_reason(red_flag, status, negated)
        if self.red_flags:
            return f"red flag raised: {', '.join(sorted(self.red_flags))}", [], None
        could = [rf for rf in RED_FLAGS if self.completions_of(rf)]
        return "no red flag was raised" + (
            f"; unknown findings could raise {', '.join(could)}" if status == "unknown" else ""), [], None

    def _certainty_reason(self, condition: str, status: Status, negated: bool):
        return f"{label(condition)} has certainty {self.view.certainty(condition):.2f}", [], None

    def _triage_reason(self, level: str, status: Status, negated: bool):
        return f"triage is {', '.join(sorted(self.triage)) or 'not set'}", [], None

    def _fit_reason(self, fit: str, status: Status, negated: bool):
        return f"fit is {', '.join(sorted(self.fit)) or 'not set'}", [], None

    def _urgency_reason(self, _, status: Status, negated: bool):
        return f"{len(self.claims)} triage claim(s) made", [], None

    def _person_reason(self, kind: str):
        def reason(_, status: Status, negated: bool):
            value = getattr(self.presentation, kind)
            return f"{kind} is {'unknown' if value is None else value}", [], None
        return reason

    def completions_of(self, target: str) -> list[frozenset]:
        """How a pattern or red flag not concluded could come about: the
        completions of the rules that could conclude it, each verified on the
        engine (its own WHY NOT). None for one being explained already: it
        would rest on itself."""
        if target in self.visiting:
            return []
        return [_option(r.completion) for r in self.why_not(target).rules_with("needs_unknown")]

    def fires_with(self, defined: KnowledgeRule, option: frozenset) -> bool:
        """Does the rule fire with the completion added? A rule fires exactly
        when it evaluates true over the run's final working memory
        (tests/test_dsl.py proves it), so one that reads only what is given
        (findings, age, sex) is evaluated on them; any other is run on the
        engine through its layer, since what it reads could come about
        otherwise."""
        changed = _completion(option).apply(self.presentation)
        if defined.reads_only_input():
            given = wm.WorkingMemoryView.of_findings(changed.findings, changed.age, changed.sex)
            return defined.evaluate(given) is True
        key = run_key(changed)
        fired = recorded_firings(self.runs, key, defined.layer)  # by WHAT IF or an earlier check
        if fired is None:
            # The run only as far as the rule's layer: what fires there is
            # what fires in the whole run (``TracedEngine.infer``).
            fired = record_firings(self.runs, key, self.kb.engine().infer(changed, through_layer=defined.layer),
                                   defined.layer)
        return defined.id in fired

    # -- rules ----------------------------------------------------------------

    def rule_check(self, defined: KnowledgeRule, concludes: list[str]) -> RuleCheck:
        ref = dict(rule=defined.id, title=defined.title)
        firings = self.fired.get(defined.id)
        if firings:
            inputs = set()
            for firing in firings:
                for premise in firing.matched:
                    inputs.update(self.provenance.input_findings(premise))
            findings = [self.finding(f) for f, _ in sorted(inputs, key=lambda p: _ORDER[p[0]])]
            return RuleCheck(**ref, concludes=concludes, status="fired",
                             steps=[f.step for f in firings], findings=findings)
        checks = [self.check(condition) for condition in defined.when]
        statuses = {c.status for c in checks}
        if "fails" in statuses:
            return RuleCheck(**ref, concludes=concludes, status="blocked", checks=checks)
        if "unknown" not in statuses:
            return RuleCheck(**ref, concludes=concludes, status="blocked", checks=checks,
                             note="its conditions hold on the final facts, yet it did not fire")
        for option in defined.completions(self.view)[:_MAX_TRIES]:
            if self.fires_with(defined, option):
                return RuleCheck(**ref, concludes=concludes, status="needs_unknown", checks=checks,
                                 completion=_completion(option))
        return RuleCheck(**ref, concludes=concludes, status="blocked", checks=checks,
                         note="its unknown conditions cannot be met together without blocking it")

    def why_not(self, target: str) -> WhyNot:
        if target in self.memo:
            return self.memo[target]
        kind = _kind_of(target)
        self.visiting.add(target)
        try:
            rules = [self.rule_check(defined, concludes)
                     for defined, concludes in rules_bearing_on(self.kb).get((kind, target), ())]
        finally:
            self.visiting.discard(target)
        order = {"fired": 0, "needs_unknown": 1, "blocked": 2}
        rules.sort(key=lambda r: order[r.status])  # stable: knowledge-base order within a status
        result = self.summarise(target, kind, rules)
        self.memo[target] = result
        return result

    def collect(self, checks: list[Check], missing: Optional[set], blocking: Optional[set]) -> None:
        """Unknown findings a rule still needs (inside its unknown conditions),
        and findings that make it fail (inside its failing conditions)."""
        for check in checks:
            sub = self.memo.get(check.explained) if check.explained else None
            if check.status == "unknown" and missing is not None:
                missing.update(f.id for f in check.findings if f.given is None)
                if sub is not None:
                    missing.update(f.id for f in sub.missing_findings)
                self.collect(check.parts, missing, None)
            if check.status == "fails" and blocking is not None:
                blocking.update(f.id for f in check.findings if f.given is not None)
                if sub is not None:
                    blocking.update(f.id for f in sub.blocking_findings)
                self.collect(check.parts, None, blocking)

    def related(self, why: WhyNot) -> dict[str, WhyNot]:
        """Every pattern or red flag explained beneath ``why``, in the order met."""
        found: dict[str, WhyNot] = {}
        stack = [why]
        while stack:
            for rule in stack.pop(0).rules:
                for target in _explained(rule.checks):
                    if target not in found and target in self.memo and target != why.target:
                        found[target] = self.memo[target]
                        stack.append(self.memo[target])
        return found

    def complete(self, why: WhyNot) -> WhyNot:
        """The top-level explanation: with its related explanations and rules."""
        related = self.related(why)
        named = [r.rule for w in [why, *related.values()] for r in w.rules] + [o.rule for o in why.opposing]
        return why.model_copy(update={"related": related,
                                      "rule_refs": {i: rule_ref(i, self.kb) for i in dict.fromkeys(named)}})

    def summarise(self, target: str, kind: str, rules: list[RuleCheck]) -> WhyNot:
        missing, blocking = set(), set()
        for rule in rules:
            if rule.status in ("needs_unknown", "blocked"):
                self.collect(rule.checks, missing if rule.status == "needs_unknown" else None,
                             blocking if rule.status == "blocked" else None)
        common = dict(target=target, kind=kind, label=label(target), rules=rules,
                      missing_findings=[self.finding(f) for f in sorted(missing, key=_ORDER.__getitem__)],
                      blocking_findings=[self.finding(f) for f in sorted(blocking, key=_ORDER.__getitem__)])
        if kind == "pattern":
            done = target in self.patterns
            return WhyNot(concluded=done, summary="Concluded." if done else "Not concluded.", **common)
        if kind == "red_flag":
            done = target in self.red_flags
            return WhyNot(concluded=done, summary="Raised." if done else "Not raised.", **common)
        return self.condition_summary(target, common)

    def condition_summary(self, target: str, common: dict) -> WhyNot:
        hypothesis = self.hypotheses.get(target)
        opposing = []
        if hypothesis is None:
            return WhyNot(concluded=False, summary="Not concluded: no rule weighed it for these findings.",
                          **common)
        certainty = round(hypothesis["certainty"], 4)
        evidence = {f["rule"]: i for i in self.inference.final
                    if isinstance(f := self.inference.facts[i], wm.Evidence) and f["condition"] == target}
        for rule_id, cf in hypothesis["contributions"]:
            if cf < 0:
                pairs = self.provenance.input_findings(evidence[rule_id])
                opposing.append(Opposing(rule=rule_id, title=rule_ref(rule_id, self.kb).title, cf=cf,
                                         findings=[self.finding(f) for f, _ in pairs]))
        ranked = [h["condition"] for h in ranked_hypotheses(self.inference)]
        if target not in ranked:
            positive = any(cf > 0 for _, cf in hypothesis["contributions"])
            summary = (f"Not concluded: the evidence for it is outweighed (certainty {certainty:.2f})."
                       if positive else f"Not concluded: only evidence against it (certainty {certainty:.2f}).")
            return WhyNot(concluded=False, summary=summary, certainty=certainty, opposing=opposing, **common)
        rank = ranked.index(target) + 1
        summary = f"Concluded with certainty {certainty:.2f}, ranked {rank} of {len(ranked)}"
        if rank > 1:
            leader = self.hypotheses[ranked[0]]
            summary += f" (leading: {label(ranked[0])}, {leader['certainty']:.2f})"
        summary += "."
        return WhyNot(concluded=True, summary=summary, certainty=certainty, rank=rank, opposing=opposing,
                      **common)


def explain_why_not(inference: Inference, condition_id: str, runs: Optional[dict] = None) -> WhyNot:
    """Why a condition (or a red flag or pattern id) was not concluded, or
    concluded with little certainty. Raises ``UnknownTarget`` (a ValueError,
    with a did-you-mean) for an id that is none of these. ``runs`` memoises
    the engine runs that check completions, across calls for one inference."""
    _kind_of(condition_id)
    explainer = _Explainer(inference, runs)
    return explainer.complete(explainer.why_not(condition_id))


def _explained(checks: list[Check]):
    for check in checks:
        if check.explained:
            yield check.explained
        yield from _explained(check.parts)


# ---------------------------------------------------------------------------
# Text

_MARK = {"holds": "+", "fails": "x", "unknown": "?"}
_STATUS = {"fired": "fired", "needs_unknown": "needs unknown findings", "blocked": "blocked"}


def _states(findings: list[FindingState]) -> str:
    return ", ".join(f"{f.label} {finding_state(f.given)}" for f in findings) or "no findings"




def _check_lines(check: Check, pad: str, depth: int, related: dict) -> list[str]:
    lines = [f"{pad}{_MARK[check.status]} {check.condition}: {check.reason}"]
    for part in check.parts:
        lines.extend(_check_lines(part, pad + "    ", depth, related))
    if check.explained in related and depth < 4:
        lines.extend(_why_not_lines(related[check.explained], pad + "    ", depth + 1, related))
    return lines


def _rule_lines(rule: RuleCheck, pad: str, depth: int, related: dict) -> list[str]:
    lines = [f"{pad}[{_STATUS[rule.status]}] {rule.rule}: {rule.title}",
             f"{pad}    concludes: {'; '.join(rule.concludes)}"]
    if rule.status == "fired":
        steps = ", ".join(str(s) for s in rule.steps)
        lines.append(f"{pad}    fired at step {steps}, from: {_states(rule.findings)}")
    for check in rule.checks:
        lines.extend(_check_lines(check, pad + "    ", depth, related))
    if rule.completion is not None:
        lines.append(f"{pad}    would fire with: {rule.completion.describe()}")
    if rule.note:
        lines.append(f"{pad}    note: {rule.note}")
    return lines


def _why_not_lines(why: WhyNot, pad: str, depth: int, related: dict) -> list[str]:
    kind = {"condition": "condition", "red_flag": "red flag", "pattern": "pattern"}[why.kind]
    counts = ", ".join(f"{len(why.rules_with(s))} {_STATUS[s]}" for s in _STATUS)
    lines = [f"{pad}why not {kind} {why.target} ({why.label})? {why.summary}",
             f"{pad}  {len(why.rules)} rule(s) could conclude it: {counts}"]
    for rule in why.rules:
        lines.extend(_rule_lines(rule, pad + "  ", depth, related))
    return lines


def render_why_not_text(why: WhyNot) -> str:
    """The explanation as plain indented text."""
    counts = ", ".join(f"{len(why.rules_with(s))} {_STATUS[s]}" for s in _STATUS)
    lines = [f"WHY NOT {why.target}: {why.label}", why.summary,
             f"Rules that could conclude it: {len(why.rules)} ({counts})."]
    if why.missing_findings:
        lines.append("Unknown findings that could let it be concluded: "
                     + ", ".join(f"{f.label} ({f.id})" for f in why.missing_findings) + ".")
    if why.blocking_findings:
        lines.append(f"Findings given that block a rule: {_states(why.blocking_findings)}.")
    for item in why.opposing:
        lines.append(f"Counted against it: {item.rule} ({item.cf:+.2f}), from: {_states(item.findings)}.")
    for rule in why.rules:
        lines.append("")
        lines.extend(_rule_lines(rule, "", 0, why.related))
    return "\n".join(lines) + "\n"


__all__ = ["Check", "Completion", "FindingState", "Opposing", "RuleCheck", "UnknownTarget", "WhyNot",
           "explain_why_not", "presentation_of", "render_why_not_text"]
