"""HOW: the derivation of a conclusion, rule by rule, down to the input.

Read off the recorded trace: each derived fact was asserted (and perhaps
concluded again, "reaffirmed") by rule firings, and each firing matched
facts, which were derived in turn or given as input. Every step names its
rule with the rule's own title, rationale and cited passage (the engine's
machinery rules: their description), so the explanation cannot drift from
the logic that produced the conclusion.

    tree = explain_how(expert.infer(case), "cauda_equina_syndrome")
    print(render_how_text(tree))             # each derivation once, by rule
    print(render_how_text(tree, full=True))  # every firing, every citation

The tree keeps every firing; ``digest`` reads it for a person: each
conclusion's derivation shown once (met again, it is referred to), a rule's
firings for one conclusion grouped into one step with the findings they
matched, so a rule that fired once per "any of" alternative reads as one.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, Literal, Optional, Union

from expert.trace import Firing, Inference
from expert.explanations.rule_refs import ExplanationModel, RuleRef, finding_state, label, rule_ref
from expert.knowledge_base import KnowledgeBase, knowledge_base_of
from expert.trace import Provenance, fact_content, fact_ref
from expert.engine import working_memory as wm
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


def _negative_conditions(rule_id: str, kb: KnowledgeBase) -> list[str]:
    defined = kb.by_id.get(rule_id)
    if defined is None:
        return []
    return [c.describe() for c in defined.when if c.negated]


class _Builder:
    def __init__(self, inference: Inference):
        self.inference = inference
        self.kb = knowledge_base_of(inference)
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
                       also_held=_negative_conditions(firing.rule, self.kb), premises=premises)


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
    rules = {rule_id: rule_ref(rule_id, builder.kb) for rule_id in sorted(builder.rule_ids)}
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


# ---------------------------------------------------------------------------
# The digest: each derivation once, a rule's firings grouped


class HowLine(ExplanationModel):
    """One line of the digest, ``depth`` levels in.

    * ``node``: a conclusion (or, at the top, an input fact); ``anchor`` is
      where its derivation is shown, for a later ``see_above`` to point to.
    * ``rule``: every firing of one rule that concluded the node above, as one
      step: the steps of the trace, the input ``findings`` those firings
      matched (each once), the negative conditions that held; the derived
      facts they matched follow one level deeper.
    * ``see_above``: a conclusion whose derivation is shown earlier, at ``anchor``.
    """
    depth: int
    kind: Literal["node", "rule", "see_above"]
    text: str = ""
    ref: str = ""
    fact_kind: str = ""
    """The kind of fact a node or see_above line names (``fact_kind``)."""
    anchor: str = ""
    input: bool = False
    rule: str = ""
    steps: list[int] = []
    findings: list[HowNode] = []
    also_held: list[str] = []


def node_anchor(node: HowNode) -> str:
    """A stable HTML id for where a node's derivation is shown, built from the
    ids it is about (not from fact numbers, which shift when the rules change):
    its kind and subject, and the rule, claim or need that tells apart facts
    about the same subject (the red flag raised by each of several rules)."""
    parts = [node.kind, node.subject]
    parts += [node.data[key] for key in ("because", "serves", "rule") if isinstance(node.data.get(key), str)]
    return "how-" + "-".join(parts)


def step_ranges(steps: list[int]) -> str:
    """``step 6``, or ``steps 3-5, 7-9``: the trace steps of a rule's firings."""
    runs: list[list[int]] = []
    for step in sorted(set(steps)):
        if runs and step == runs[-1][-1] + 1:
            runs[-1].append(step)
        else:
            runs.append([step])
    text = ", ".join(f"{run[0]}-{run[-1]}" if len(run) > 1 else str(run[0]) for run in runs)
    return f"step{'s' if len(steps) > 1 else ''} {text}"


def digest(tree: HowTree, shown: Optional[dict[str, str]] = None) -> list[HowLine]:
    """The tree as a person reads it: each derived node expanded once (met
    again, a ``see_above`` line names it); a node's firings grouped by rule,
    in the order each rule first fired. ``shown`` maps the refs of nodes
    already expanded to their anchors: pass the same dict for several trees
    (the report's sections) and each derivation is shown once across them."""
    shown = {} if shown is None else shown
    lines: list[HowLine] = []

    def visit(node: HowNode, depth: int) -> None:
        if node.derivations and node.ref in shown:
            lines.append(HowLine(depth=depth, kind="see_above", text=node.text, ref=node.ref,
                                 fact_kind=node.kind, anchor=shown[node.ref]))
            return
        anchor = ""
        if node.derivations:
            anchor = shown[node.ref] = node_anchor(node)
        lines.append(HowLine(depth=depth, kind="node", text=node.text, ref=node.ref, fact_kind=node.kind,
                             anchor=anchor, input=node.input))
        groups: dict[str, list[HowStep]] = {}
        for step in node.derivations:
            groups.setdefault(step.rule, []).append(step)
        for rule_id, steps in groups.items():
            findings: dict[str, HowNode] = {}
            derived: dict[str, HowNode] = {}
            also_held: dict[str, None] = {}
            for step in steps:
                for premise in step.premises:
                    (findings if premise.input else derived).setdefault(premise.ref, premise)
                also_held.update(dict.fromkeys(step.also_held))
            lines.append(HowLine(depth=depth + 1, kind="rule", rule=rule_id, steps=[s.step for s in steps],
                                 findings=list(findings.values()), also_held=list(also_held)))
            visit_all(list(derived.values()), depth + 2)

    def visit_all(nodes: list[HowNode], depth: int) -> None:
        # Several facts may say the same (one red flag raised by three
        # rules); already shown, they are referred to once.
        referred: set[str] = set()
        for node in nodes:
            if node.derivations and node.ref in shown:
                if node.text in referred:
                    continue
                referred.add(node.text)
            visit(node, depth)

    visit_all(tree.roots, 0)
    return lines


def findings_text(nodes: list[HowNode]) -> str:
    """The input facts a rule matched, in a few words: present findings by
    label, absent ones marked, the person as given."""
    parts = []
    for node in nodes:
        if node.kind == "finding":
            parts.append(label(node.subject) + ("" if node.data["present"] else " (absent)"))
        else:
            parts.append(node.text)
    return ", ".join(parts)


def render_how_text(tree: HowTree, full: bool = False) -> str:
    """The tree as plain indented text: the digest, or with ``full`` every
    firing with its rule's rationale and cited passage."""
    if full:
        return _render_full_text(tree)
    lines = [f"HOW {tree.conclusion}: {tree.label} ({tree.summary})"]
    described: set[str] = set()
    for line in digest(tree):
        pad = "  " * (line.depth + 1)
        if line.kind == "see_above":
            lines.append(f"{pad}see above: {line.text} [{line.ref}]")
        elif line.kind == "node":
            lines.append(f"{pad}{line.text} [{'input' if line.input else line.ref}]")
        else:
            lines.extend(pad + text for text in rule_lines(tree.rules[line.rule], line, described))
    return "\n".join(lines) + "\n"


def rule_lines(rule: RuleRef, line: HowLine, described: set[str]) -> list[str]:
    """A digest rule line as text: the rule, then (the first time it is met)
    why it holds, then what it matched. The cited passage is left to the
    full text, where it is quoted whole."""
    texts = [f"by rule {rule.id} ({step_ranges(line.steps)})"]
    # Met again, a knowledge rule keeps its title and a machinery rule (whose
    # title is its whole description) is named by its id.
    if rule.kind == "knowledge" or rule.id not in described:
        texts[0] += f": {rule.title}"
    if rule.kind == "knowledge" and rule.id not in described:
        texts.append(f"  why: {rule.rationale}")
    described.add(rule.id)
    if line.findings:
        texts.append(f"  findings: {findings_text(line.findings)}")
    texts += [f"  and: {condition}" for condition in line.also_held]
    return texts


def _render_full_text(tree: HowTree) -> str:
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


__all__ = ["HowLine", "HowNode", "HowStep", "HowTree", "OutlineRow", "UnknownConclusion", "concluded",
           "digest", "explain_how", "fact_kind", "fact_subject", "fact_text", "findings_text", "node_anchor",
           "outline", "render_how_text", "rule_lines", "step_ranges"]
