"""The output: an ``Assessment`` (pydantic), computed from one inference.

Every entry is read off facts that rule firings asserted; evidence lists
(supporting, against, the findings behind a red flag) come from the trace's
provenance, never from text kept beside the rules.
"""
from __future__ import annotations

from typing import Any, Optional

from pydantic import BaseModel, ConfigDict, Field

from expert.certainty_factors import PRECISION, in_differential
from expert.knowledge_base import knowledge_base_of
from expert.rule_index import red_flag_findings_one_answer_away
from expert.trace import Firing, Inference, Provenance, fact_content, fact_ref
from expert.engine import working_memory as wm
from facts.presentation import Presentation
from facts.vocabulary import (ACTIONS, CONDITIONS, DISCLAIMER, FINDINGS, FIT_STATUSES, OUTSIDE_CAUSES, PATTERNS,
                              RED_FLAGS, TRIAGE_ADVICE, label_of, urgency_rank)

SCHEMA_VERSION = "2"


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True)


class FactRecord(_Model):
    ref: str = Field(description="fact reference, e.g. 'f-3'")
    type: str
    data: dict[str, Any]


class TraceStep(_Model):
    step: int
    rule: str
    matched: list[FactRecord]
    bindings: dict[str, Any]
    asserted: list[FactRecord]
    retracted: list[FactRecord]
    reaffirmed: list[FactRecord] = Field(
        description="facts this firing concluded again when they were already known")


class TriageResult(_Model):
    level: str
    advice: str
    because: list[str]


class RedFlagResult(_Model):
    id: str
    label: str
    condition: str
    findings: list[str]
    rules: list[str]


class Contribution(_Model):
    rule: str
    cf: float
    findings: list[str]


class DifferentialEntry(_Model):
    condition: str
    label: str
    category: str
    certainty: float
    urgency: str
    supporting: list[str]
    against: list[str]
    contributions: list[Contribution]
    beyond_sources: bool = Field(
        description="a condition added from a public guideline, beyond the source documents")


class ConsiderResult(_Model):
    id: str
    label: str
    findings: list[str]
    rules: list[str]


class FitResult(_Model):
    status: str = Field(description="explained, partly_explained or no_known_cause")
    unexplained: list[str] = Field(
        description="symptoms and signs that no reasonably supported condition or red flag accounts for")
    consider: list[ConsiderResult] = Field(
        description="causes outside the knowledge base worth considering, with the rules (and guidelines) that name them")


class PatternResult(_Model):
    id: str
    label: str
    findings: list[str]
    rules: list[str]


class RecommendationResult(_Model):
    id: str
    label: str
    kind: str
    serves: list[str]
    rules: list[str]


_FINDING_ORDER = {finding: number for number, finding in enumerate(FINDINGS)}
"""finding id -> its place in the vocabulary (built once, not per summary)."""

SUMMARY_FINDINGS = 3
"""How many of the findings that set the triage the summary names."""


class Summary(_Model):
    """The assessment in a few plain lines, first in every output, and the
    parts they are made of (for a web page or an API to lay out its own way).
    Every word comes from the vocabulary (labels, triage advice, what a fit
    status means) or from a rule (its rationale): nothing is written here."""
    text: str = Field(description="the summary as plain lines: triage and advice, why, the leading cause "
                                  "(or that no known cause fits), what else to do now")
    triage: str = Field(description="the triage level")
    advice: str = Field(description="what to do, for that level")
    because: list[str] = Field(
        description=f"finding ids that set the triage (at most {SUMMARY_FINDINGS}), the ones the most rules "
                    "concluding it rest on first")
    red_flags: list[str] = Field(description="red flag ids raised, when they set the triage")
    reason: str = Field(description="the rationale of the rule that ties the first of those findings to the "
                                    "triage most directly, or of the rule that set the triage when no finding did")
    reason_rule: Optional[str] = Field(description="that rule's id")
    leading: Optional[str] = Field(description="the leading condition id; null when no known cause fits")
    fit: str = Field(description="fit.status")
    also_now: list[str] = Field(
        description="action ids to do now beyond the advice: the recommendations serving the triage or a red flag")


class RuleChanges(_Model):
    """Rules taken out of, or added to, the shipped knowledge base for this
    assessment (``--without-rule``, ``--rules``): empty for the shipped one."""
    removed: list[str] = Field(default_factory=list, description="rule ids left out")
    added: list[str] = Field(default_factory=list, description="rule ids added from draft rules files")


class Assessment(_Model):
    schema_version: str = SCHEMA_VERSION
    summary: Summary
    case_id: Optional[str]
    disclaimer: str
    triage: TriageResult
    red_flags: list[RedFlagResult]
    differential: list[DifferentialEntry]
    patterns: list[PatternResult]
    recommendations: list[RecommendationResult]
    fit: FitResult
    unanswered_red_flag_findings: list[str] = Field(
        description="unknown findings any one of which, if present, would complete a red flag: "
                    "what legwise does not know that could make this an emergency")
    rule_changes: RuleChanges = Field(default_factory=RuleChanges)
    presentation: Presentation
    inputs: list[FactRecord]
    trace: list[TraceStep]

    @property
    def leading_condition(self) -> Optional[str]:
        return self.differential[0].condition if self.differential else None

    def to_json(self, indent: Optional[int] = 2) -> str:
        return self.model_dump_json(indent=indent)


def trusted(model: type[_Model], fields: dict[str, Any]) -> Any:
    """What ``model.model_construct(**fields)`` returns, for a model whose
    every field is given here, in declaration order, with no aliases, extras,
    private attributes or post-init (true of FactRecord and TraceStep), at a
    fraction of its cost: model_construct looks up aliases and defaults for
    every field of every instance, and an assessment makes hundreds."""
    instance = _new(model)
    _set(instance, "__dict__", fields)
    _set(instance, "__pydantic_fields_set__", set(fields))
    _set(instance, "__pydantic_extra__", None)
    _set(instance, "__pydantic_private__", None)
    return instance


# Bound once: trusted() runs for every fact and firing of an assessment.
# (A pydantic model's __new__ is object's: BaseModel defines none.)
_new, _set = object.__new__, object.__setattr__


def build_assessment(presentation: Presentation, inference: Inference, trace: bool = True) -> Assessment:
    """The assessment of one inference. ``trace=False`` leaves ``trace`` empty
    (for output that drops it: converting every firing is a good part of the
    cost); every other field is the same as with it."""
    provenance = Provenance(inference)
    kb = knowledge_base_of(inference)
    facts = inference.facts

    # Every fact the run declared is in the trace (an input, or asserted by
    # a firing), most in several steps: each is converted once, up front, and
    # the steps look their facts up. Trusted: the fields are built here from
    # the engine's facts, already of the declared types, so validating them
    # again (a copy of every dict and list) would only cost time.
    # Without the trace only the inputs are shown.
    recorded = facts if trace else {i: facts[i] for i in inference.inputs}
    records = {fact_id: trusted(FactRecord, {"ref": fact_ref(fact_id), "type": type(fact).__name__,
                                             "data": fact_content(fact)})
               for fact_id, fact in recorded.items()}

    record = records.__getitem__

    def step(firing: Firing) -> TraceStep:
        # As for a FactRecord: built of checked parts, FactRecords among them.
        return trusted(TraceStep, {
            "step": firing.step, "rule": firing.rule,
            "matched": list(map(record, firing.matched)),
            "bindings": dict(firing.bindings),
            "asserted": list(map(record, firing.asserted)),
            "retracted": list(map(record, firing.retracted)),
            "reaffirmed": list(map(record, firing.reaffirmed)),
        })

    def all_findings(fact_id: int) -> list[str]:
        return [f for f, _ in provenance.input_findings(fact_id)]

    triage = _triage(inference)
    red_flags = _red_flags(inference, provenance, all_findings)
    differential = _differential(inference, provenance, all_findings)
    recommendations = _recommendations(inference, provenance)
    fit = _fit(inference, all_findings)
    return Assessment(
        summary=_summary(inference, provenance, triage, red_flags, differential, recommendations, fit),
        case_id=presentation.id,
        disclaimer=DISCLAIMER,
        triage=triage,
        red_flags=red_flags,
        differential=differential,
        patterns=_patterns(inference, provenance, all_findings),
        recommendations=recommendations,
        fit=fit,
        unanswered_red_flag_findings=red_flag_findings_one_answer_away(presentation.findings, kb),
        rule_changes=RuleChanges(removed=list(kb.removed), added=list(kb.added)),
        presentation=presentation,
        inputs=[records[i] for i in inference.inputs],
        trace=[step(f) for f in inference.firings] if trace else [],
    )


def _triage(inference: Inference) -> TriageResult:
    triages = inference.final_facts(wm.Triage)
    if not triages:  # only if the triage rules were removed from the knowledge base
        raise RuntimeError("the inference set no triage level")
    level = triages[0]["level"]
    return TriageResult(level=level, advice=TRIAGE_ADVICE[level], because=list(triages[0]["because"]))


def _fact_ids(inference: Inference, fact_type) -> list[int]:
    return [i for i in inference.final if type(inference.facts[i]) is fact_type]


def _by_subject(inference, fact_type, subject: str, findings_of) -> dict[str, dict[str, set]]:
    """Facts of a type (one per rule that concluded it) grouped by what they
    are about: the findings behind them and the rules, for each subject."""
    grouped: dict[str, dict[str, set]] = {}
    for fact_id in _fact_ids(inference, fact_type):
        fact = inference.facts[fact_id]
        entry = grouped.setdefault(fact[subject], {"findings": set(), "rules": set()})
        entry["findings"].update(findings_of(fact_id))
        entry["rules"].add(fact["rule"])
    return grouped


def _red_flags(inference, provenance, findings_of) -> list[RedFlagResult]:
    grouped = _by_subject(inference, wm.RedFlag, "id", findings_of)
    return [
        RedFlagResult(id=flag, label=RED_FLAGS[flag].label, condition=RED_FLAGS[flag].condition,
                      findings=sorted(entry["findings"]), rules=sorted(entry["rules"]))
        for flag, entry in sorted(grouped.items())
    ]


def ranked_hypotheses(inference: Inference) -> list:
    """The hypotheses that make the differential, most likely first: combined
    certainty above 0 with at least one supporting rule; ties go to the more
    urgent condition, then the id, so the order is total."""
    hypotheses = [
        h for h in inference.final_facts(wm.Hypothesis)
        if in_differential(h["certainty"], h["contributions"])
    ]
    return sorted(hypotheses, key=lambda h: (-round(h["certainty"], PRECISION),
                                             -urgency_rank(CONDITIONS[h["condition"]].urgency),
                                             h["condition"]))


def _differential(inference, provenance, findings_of) -> list[DifferentialEntry]:
    evidence = {}
    for fact_id in _fact_ids(inference, wm.Evidence):
        fact = inference.facts[fact_id]
        evidence[(fact["condition"], fact["rule"])] = fact_id
    entries = []
    for hypothesis in ranked_hypotheses(inference):
        condition = hypothesis["condition"]
        contributions = []
        supporting, against = set(), set()
        for rule_id, cf in hypothesis["contributions"]:
            findings = findings_of(evidence[(condition, rule_id)])
            contributions.append(Contribution(rule=rule_id, cf=cf, findings=findings))
            (supporting if cf > 0 else against).update(findings)
        vocab = CONDITIONS[condition]
        entries.append(DifferentialEntry(
            condition=condition, label=vocab.label, category=vocab.category,
            certainty=round(hypothesis["certainty"], PRECISION), urgency=vocab.urgency,
            # A finding behind both a supporting and an opposing rule (through a
            # shared pattern) is context, not evidence against: list the ones
            # only opposing rules rest on, unless that leaves none.
            supporting=sorted(supporting), against=sorted(against - supporting or against),
            contributions=contributions, beyond_sources=vocab.beyond_sources,
        ))
    return entries


def _fit(inference, findings_of) -> FitResult:
    fits = inference.final_facts(wm.Fit)
    if not fits:  # only if the machinery rule was left out of the engine
        raise RuntimeError("the inference made no fit assessment")
    grouped = _by_subject(inference, wm.Consider, "cause", findings_of)
    consider = [ConsiderResult(id=cause, label=OUTSIDE_CAUSES[cause].label, findings=sorted(entry["findings"]),
                               rules=sorted(entry["rules"]))
                for cause, entry in sorted(grouped.items())]
    return FitResult(status=fits[0]["status"], unexplained=list(fits[0]["unexplained"]), consider=consider)


def _patterns(inference, provenance, findings_of) -> list[PatternResult]:
    results = []
    for fact_id in _fact_ids(inference, wm.Pattern):
        pattern_id = inference.facts[fact_id]["id"]
        rules = sorted({f.rule for f in provenance.firings_concluding(fact_id)})
        results.append(PatternResult(id=pattern_id, label=PATTERNS[pattern_id].label,
                                     findings=findings_of(fact_id), rules=rules))
    return sorted(results, key=lambda p: p.id)


def _recommendations(inference, provenance) -> list[RecommendationResult]:
    grouped: dict[str, dict[str, set]] = {}
    for fact_id in _fact_ids(inference, wm.Recommendation):
        fact = inference.facts[fact_id]
        entry = grouped.setdefault(fact["action"], {"serves": set(), "rules": set()})
        entry["serves"].add(fact["serves"])
        entry["rules"].add(fact["rule"])
    order = list(ACTIONS)
    return [
        RecommendationResult(id=action, label=ACTIONS[action].label, kind=ACTIONS[action].kind,
                             serves=sorted(entry["serves"]), rules=sorted(entry["rules"]))
        for action, entry in sorted(grouped.items(), key=lambda item: order.index(item[0]))
    ]


# ---------------------------------------------------------------------------
# The summary


def do_now(triage: TriageResult, red_flags: list[RedFlagResult],
           recommendations: list[RecommendationResult]) -> list[str]:
    """Action ids to do now: the recommendations that serve the triage or a
    red flag, less the one that only says the triage advice again."""
    serving = {"triage", "red_flags"} | {flag.id for flag in red_flags}
    return [r.id for r in recommendations if set(r.serves) & serving
            and r.label.rstrip(".") != triage.advice.rstrip(".")]


def _setting_findings(inference: Inference, provenance: Provenance, level: str) -> dict[str, dict[str, int]]:
    """Present finding -> {rule: facts its firing matched} for every rule
    firing under the urgency claims at the triage level, down to the input.
    Evidence against a condition is not followed: it did not raise the level."""
    facts = inference.facts
    found: dict[str, dict[str, int]] = {}
    stack = [i for i in _fact_ids(inference, wm.UrgencyClaim) if facts[i]["level"] == level]
    seen: set[int] = set()
    while stack:
        fact_id = stack.pop()
        if fact_id in seen:
            continue
        seen.add(fact_id)
        for firing in provenance.firings_concluding(fact_id):
            for matched in firing.matched:
                fact = facts[matched]
                if isinstance(fact, wm.Finding):
                    if fact["present"]:
                        rules = found.setdefault(fact["id"], {})
                        rules[firing.rule] = min(rules.get(firing.rule, len(firing.matched)), len(firing.matched))
                elif not (isinstance(fact, wm.Evidence) and fact["cf"] <= 0):
                    stack.append(matched)
    return found


def _summary(inference, provenance, triage: TriageResult, red_flags: list[RedFlagResult],
             differential: list[DifferentialEntry], recommendations: list[RecommendationResult],
             fit: FitResult) -> Summary:
    kb = knowledge_base_of(inference)
    rules, order, vocabulary = kb.by_id, kb.rule_order, _FINDING_ORDER
    setting = _setting_findings(inference, provenance, triage.level)
    # The findings the most concluding rules rest on say best why the level
    # is what it is; ties keep the vocabulary's order.
    because = sorted(setting, key=lambda f: (-len(setting[f]), vocabulary[f]))[:SUMMARY_FINDINGS]
    if because:
        # The knowledge rule that reads the first finding most directly (its
        # firing matched the fewest facts) gives the reason in its own words.
        candidates = [(matched, order[rule_id], rule_id) for rule_id, matched in setting[because[0]].items()
                      if rule_id in rules]
    else:
        # No finding set the level (a rule's judgement on the whole picture,
        # such as weakness that nothing explains): the rule that claimed it says why.
        candidates = [(0, order[f.rule], f.rule) for i in _fact_ids(inference, wm.UrgencyClaim)
                      if inference.facts[i]["level"] == triage.level
                      for f in provenance.firings_concluding(i) if f.rule in rules]
    reason_rule = min(candidates)[2] if candidates else None
    reason = rules[reason_rule].rationale if reason_rule else ""
    flags = [flag.id for flag in red_flags if flag.id in triage.because]
    leading = differential[0] if differential and fit.status != "no_known_cause" else None
    also_now = do_now(triage, red_flags, recommendations)

    lines = [f"{triage.level.replace('_', ' ').upper()}: {triage.advice}"]
    # Labels may hold commas ("Calf, thigh or buttock pain..."): a list of
    # them is joined with semicolons.
    if because:
        why = "Because of: " + "; ".join(label_of(f) for f in because)
        if flags:
            why += f" (red flag: {'; '.join(label_of(flag) for flag in flags)})"
        lines.append(why + "." + (f" {reason}" if reason else ""))
    elif reason_rule:
        lines.append(f"Because of: {rules[reason_rule].title}. {reason}")
    if leading is not None:
        lines.append(f"Most likely cause: {leading.label} (certainty {leading.certainty:.2f}).")
    else:
        lines.append(FIT_STATUSES[fit.status])
    if also_now:
        lines.append("Also: " + "; ".join(ACTIONS[action].label for action in also_now) + ".")
    return Summary(text="\n".join(lines), triage=triage.level, advice=triage.advice, because=because,
                   red_flags=flags, reason=reason, reason_rule=reason_rule,
                   leading=leading.condition if leading else None, fit=fit.status, also_now=also_now)
