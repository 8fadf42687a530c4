"""HOW: the derivation of a conclusion, rule by rule, down to the input.

Read off the recorded trace: each derived fact was asserted (and perhaps
concluded again, "reaffirmed") by rule firings, and each firing matched
facts, which were derived in turn or given as input. Every step names its
rule with the rule's own title, rationale and cited passage (the engine's
machinery rules: their description), so the explanation cannot drift from
the logic that produced the conclusion.

    tree = explain_how(expert.infer(case), "cauda_equina_syndrome")
    print(render_how_text(tree))
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, Optional, Union

from expert.engine import Firing, Inference
from expert.explain.rule_refs import (ExplanationModel, RuleRef, finding_state, knowledge_rules, label,
                                      rule_ref)
from expert.trace import Provenance, fact_content, fact_ref
from facts import working_memory as wm
from facts.presentation import suggest
from facts.vocabulary import ACTIONS, CONDITIONS, PATTERNS, RED_FLAGS, TRIAGE_LEVELS


class UnknownConclusion(ValueError):
    """The id was not concluded for this case (or is no id at all)."""

    def __init__(self, message: str, conclusion: str, suggestion: Optional[str] = None):
        self.conclusion = conclusion
        self.suggestion = suggestion
        super().__init__(message)


class HowNode(ExplanationModel):
    """A fact and how it was concluded (no derivations: it was input)."""
    ref: str
    kind: str
    subject: str
    text: str
    input: bool
    data: dict
    derivations: list["HowStep"] = []


class HowStep(ExplanationModel):
    """One rule firing that concluded a node, from the facts it matched."""
    step: int
    rule: str
    reaffirmed: bool
    also_held: list[str] = []
    """The rule's negative conditions (nothing to match, so no premise) that held."""
    premises: list[HowNode]


class HowTree(ExplanationModel):
    conclusion: str
    kind: str
    label: str
    summary: str
    roots: list[HowNode]
    rules: dict[str, RuleRef]

    def walk(self) -> Iterator[HowNode]:
        stack = list(reversed(self.roots))
        while stack:
            node = stack.pop()
            yield node
            for step in reversed(node.derivations):
                stack.extend(reversed(step.premises))

    def steps(self) -> Iterator[HowStep]:
        for node in self.walk():
            yield from node.derivations

    def input_findings(self) -> list[tuple[str, bool]]:
        """(finding id, present) of every input finding the tree rests on."""
        return sorted({(n.subject, n.data["present"]) for n in self.walk() if n.kind == "finding"})


HowNode.model_rebuild()

_KINDS = {wm.Finding: "finding", wm.Person: "person", wm.Pattern: "pattern", wm.RedFlag: "red_flag",
          wm.Evidence: "evidence", wm.Hypothesis: "hypothesis", wm.UrgencyClaim: "urgency_claim",
          wm.Triage: "triage", wm.Recommendation: "recommendation", wm.Consider: "consider", wm.Fit: "fit"}


def fact_kind(fact) -> str:
    return _KINDS[type(fact)]


def fact_subject(fact) -> str:
    """The id a fact is about (finding, pattern, condition, level, action...)."""
    kind = fact_kind(fact)
    if kind in ("evidence", "hypothesis"):
        return fact["condition"]
    if kind in ("urgency_claim", "triage"):
        return fact["level"]
    if kind == "recommendation":
        return fact["action"]
    if kind == "consider":
        return fact["cause"]
    if kind == "fit":
        return "fit"
    if kind == "person":
        return "person"
    return fact["id"]


def fact_text(fact) -> str:
    """A readable line for a fact, in the vocabulary's words."""
    kind = fact_kind(fact)
    if kind == "finding":
        return f"{label(fact['id'])}: {finding_state(fact['present'])}"
    if kind == "person":
        age = fact["age"] if fact["age"] is not None else "unknown"
        return f"Person: age {age}, sex {fact['sex'] or 'unknown'}"
    if kind == "pattern":
        return f"Pattern: {label(fact['id'])}"
    if kind == "red_flag":
        return f"Red flag: {label(fact['id'])}"
    if kind == "evidence":
        direction = "for" if fact["cf"] > 0 else "against"
        return f"Evidence {direction} {label(fact['condition'])}: {fact['cf']:+.2f}"
    if kind == "hypothesis":
        return f"{label(fact['condition'])}: certainty {fact['certainty']:.2f}"
    if kind == "urgency_claim":
        return f"Claims triage {fact['level']}, because of {label(fact['because'])}"
    if kind == "triage":
        return f"Triage: {fact['level']}"
    if kind == "consider":
        return f"Consider (outside the knowledge base): {label(fact['cause'])}"
    if kind == "fit":
        unexplained = ", ".join(label(f) for f in fact["unexplained"]) or "nothing"
        return f"Fit: {fact['status'].replace('_', ' ')}; unexplained: {unexplained}"
    return f"Recommends: {label(fact['action'])} (for {label(fact['serves'])})"


# ---------------------------------------------------------------------------
# Which facts an id names


def concluded(inference: Inference) -> dict[str, tuple[str, list[int]]]:
    """Every id this inference concluded: id -> (kind, fact ids), in a stable order."""
    found: dict[str, tuple[str, list[int]]] = {}

    def add(identifier: str, kind: str, fact_id: int):
        found.setdefault(identifier, (kind, []))[1].append(fact_id)

    for fact_id in inference.final:
        fact = inference.facts[fact_id]
        kind = fact_kind(fact)
        if kind == "triage":
            add("triage", "triage", fact_id)
            add(fact["level"], "triage", fact_id)
        elif kind == "red_flag":
            add(fact["id"], "red_flag", fact_id)
        elif kind == "pattern":
            add(fact["id"], "pattern", fact_id)
        elif kind == "hypothesis":
            add(fact["condition"], "condition", fact_id)
        elif kind == "recommendation":
            add(fact["action"], "action", fact_id)
        elif kind == "consider":
            add(fact["cause"], "consider", fact_id)
        elif kind == "fit":
            add("fit", "fit", fact_id)
    return found


def _resolve(inference: Inference, conclusion_id: str) -> tuple[str, list[int]]:
    index = concluded(inference)
    if conclusion_id in index:
        return index[conclusion_id]
    if conclusion_id.startswith("f-") and conclusion_id[2:].isdigit():
        fact_id = int(conclusion_id[2:])
        if fact_id in inference.facts:
            return "fact", [fact_id]
    choices = [i for i in index if i not in TRIAGE_LEVELS]
    hint = suggest(conclusion_id, choices)
    if conclusion_id in TRIAGE_LEVELS:
        actual = inference.facts[index["triage"][1][0]]["level"] if "triage" in index else "not set"
        hint = "triage"
        message = f"the triage is {actual!r}, not {conclusion_id!r}"
    elif conclusion_id in CONDITIONS:
        message = (f"{conclusion_id!r} was not concluded for this case: no rule weighed it "
                   "(WHY NOT explains what it would need)")
    elif any(conclusion_id in t for t in (RED_FLAGS, PATTERNS, ACTIONS)):
        message = f"{conclusion_id!r} was not concluded for this case"
    else:
        message = f"unknown conclusion id {conclusion_id!r}"
    if hint:
        message += f" (did you mean {hint!r}?)"
    else:
        message += f"; concluded: {', '.join(choices) or 'nothing'}"
    raise UnknownConclusion(message, conclusion_id, hint)


# ---------------------------------------------------------------------------
# Building the tree


def _negative_conditions(rule_id: str) -> list[str]:
    defined = knowledge_rules().get(rule_id)
    if defined is None:
        return []
    return [c.describe() for c in defined.when if c.negated]


class _Builder:
    def __init__(self, inference: Inference):
        self.inference = inference
        self.provenance = Provenance(inference)
        self.rule_ids: set[str] = set()

    def node(self, fact_id: int, path: frozenset = frozenset()) -> Optional[HowNode]:
        """The node for a fact, with every derivation that does not rest on
        the fact itself (None if each one does: a circular justification)."""
        fact = self.inference.facts[fact_id]
        firings = self.provenance.firings_concluding(fact_id)
        derivations = []
        for firing in firings:
            step = self.step(firing, fact_id, path | {fact_id})
            if step is not None:
                derivations.append(step)
        if firings and not derivations:
            return None
        return HowNode(ref=fact_ref(fact_id), kind=fact_kind(fact), subject=fact_subject(fact),
                       text=fact_text(fact), input=not firings, data=fact_content(fact),
                       derivations=derivations)

    def step(self, firing: Firing, fact_id: int, path: frozenset) -> Optional[HowStep]:
        if any(premise in path for premise in firing.matched):
            return None
        premises = []
        for premise in firing.matched:
            child = self.node(premise, path)
            if child is None:
                return None
            premises.append(child)
        self.rule_ids.add(firing.rule)
        return HowStep(step=firing.step, rule=firing.rule,
                       reaffirmed=fact_id not in firing.asserted,
                       also_held=_negative_conditions(firing.rule), premises=premises)


def explain_how(inference: Inference, conclusion_id: str) -> HowTree:
    """The derivation tree of a conclusion: a red flag, pattern, condition,
    action id, the triage (``triage`` or its level) or a fact reference
    (``f-12``). Raises ``UnknownConclusion`` if it was not concluded."""
    kind, fact_ids = _resolve(inference, conclusion_id)
    builder = _Builder(inference)
    roots = [builder.node(i) for i in fact_ids]
    facts = [inference.facts[i] for i in fact_ids]
    first = facts[0]
    subject = fact_subject(first)
    if kind == "triage":
        title, summary = "Triage", f"{first['level']}, because of {', '.join(first['because'])}"
    elif kind == "condition":
        title, summary = label(subject), f"certainty {first['certainty']:.2f}"
    elif kind == "fact":
        title, summary = fact_text(first), fact_kind(first)
    else:
        title = label(subject)
        summary = f"concluded by {len(roots)} fact{'s' if len(roots) != 1 else ''}"
    rules = {rule_id: rule_ref(rule_id) for rule_id in sorted(builder.rule_ids)}
    return HowTree(conclusion=conclusion_id, kind=kind, label=title, summary=summary,
                   roots=roots, rules=rules)


# ---------------------------------------------------------------------------
# Reading the tree: an outline that shows a repeated subtree once


@dataclass(frozen=True)
class OutlineRow:
    depth: int
    item: Union[HowNode, HowStep]
    repeated: bool = False
    """A node already shown above: its derivation is not repeated."""


def outline(tree: HowTree) -> list[OutlineRow]:
    """Rows in reading order: each node, then the steps that concluded it,
    each with its premises indented below; a derived node met again is
    shown once more by name only."""
    rows: list[OutlineRow] = []
    shown: set[str] = set()

    def visit(node: HowNode, depth: int) -> None:
        repeated = node.ref in shown and bool(node.derivations)
        rows.append(OutlineRow(depth, node, repeated))
        if repeated:
            return
        shown.add(node.ref)
        for step in node.derivations:
            rows.append(OutlineRow(depth + 1, step))
            for premise in step.premises:
                visit(premise, depth + 2)

    for root in tree.roots:
        visit(root, 0)
    return rows


def render_how_text(tree: HowTree) -> str:
    """The tree as plain indented text."""
    lines = [f"HOW {tree.conclusion}: {tree.label} ({tree.summary})"]
    described: set[str] = set()  # a rule's rationale and source are given once
    for row in outline(tree):
        pad = "  " * (row.depth + 1)
        item = row.item
        if isinstance(item, HowNode):
            where = "input" if item.input else item.ref
            suffix = " (derived above)" if row.repeated else ""
            lines.append(f"{pad}{item.text} [{where}]{suffix}")
            continue
        rule = tree.rules[item.rule]
        verb = "concluded again by" if item.reaffirmed else "by"
        lines.append(f"{pad}{verb} rule {rule.id} (step {item.step}): {rule.title}")
        if rule.kind == "knowledge" and rule.id not in described:
            described.add(rule.id)
            lines.append(f"{pad}  why: {rule.rationale}")
            lines.append(f"{pad}  source: {rule.citation.document}, \u201c{rule.citation.passage}\u201d")
        for condition in item.also_held:
            lines.append(f"{pad}  and: {condition}")
    return "\n".join(lines) + "\n"


__all__ = ["HowNode", "HowStep", "HowTree", "OutlineRow", "UnknownConclusion", "concluded",
           "explain_how", "fact_kind", "fact_subject", "fact_text", "outline", "render_how_text"]
