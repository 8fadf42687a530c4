"""HOW as a rich tree for the terminal (``legwise explain --how``): the
digest by default (each derivation once, a rule's firings as one step), or
with ``full`` every firing with its rule's cited passage."""
from __future__ import annotations

from rich.text import Text
from rich.tree import Tree

from expert.explanations.how import HowLine, HowNode, HowStep, HowTree, digest, findings_text, step_ranges

_STYLE = {"finding": "", "person": "", "pattern": "magenta", "red_flag": "bold red", "evidence": "cyan",
          "hypothesis": "bold blue", "urgency_claim": "yellow", "triage": "bold", "recommendation": "green"}


def _heading(tree: HowTree) -> Text:
    return Text.assemble(("HOW ", "bold"), (tree.conclusion, "bold"), f": {tree.label} ({tree.summary})")


def how_rich_tree(tree: HowTree, full: bool = False) -> Tree:
    """The derivation as a ``rich.tree.Tree``. Text objects throughout, so
    nothing is read as markup."""
    if full:
        return _full_tree(tree)
    lines = digest(tree)
    heading = _heading(tree)
    # One root fact says what the heading says: its line joins the heading
    # and its rules hang from the top.
    single = len(tree.roots) == 1 and lines and lines[0].kind == "node"
    if single:
        heading.append(f"  [{lines[0].ref if not lines[0].input else 'given'}]", style="dim")
        lines = [line.model_copy(update={"depth": line.depth - 1}) for line in lines[1:]]
    root = Tree(heading)
    parents = {-1: root}
    described: set[str] = set()  # a rule's rationale is given once
    merged: set[int] = set()
    for number, line in enumerate(lines):
        if number in merged:
            continue
        label = _label(tree, line, described)
        rules = _rules_of(lines, number) if line.kind == "node" else []
        if len(rules) == 1:
            # A fact concluded by one rule: the rule is said under the fact in
            # the same item, a level less deep (a narrow terminal wraps less).
            merged.add(rules[0])
            label.append("\n").append_text(_label(tree, lines[rules[0]], described))
            parents[line.depth] = parents[line.depth + 1] = parents[line.depth - 1].add(label)
        else:
            parents[line.depth] = parents[line.depth - 1].add(label)
    return root


def _rules_of(lines: list[HowLine], number: int) -> list[int]:
    """The positions of the rule lines under the node line at ``number``."""
    depth, found = lines[number].depth, []
    for position in range(number + 1, len(lines)):
        if lines[position].depth <= depth:
            break
        if lines[position].depth == depth + 1:
            found.append(position)
    return found


def _label(tree: HowTree, line: HowLine, described: set[str]) -> Text:
    if line.kind == "node":
        return Text.assemble((line.text, _STYLE.get(line.fact_kind, "")),
                             (f"  [{'given' if line.input else line.ref}]", "dim"))
    if line.kind == "see_above":
        return Text.assemble(("see above: ", "dim"), line.text, (f"  [{line.ref}]", "dim"))
    rule = tree.rules[line.rule]
    label = Text.assemble(("by ", "dim"), (rule.id, "bold"), f" ({step_ranges(line.steps)})")
    # A rule is described the first time it is met: a knowledge rule by its
    # title and rationale (its cited passage: --full), a machinery rule by its
    # description; met again, its id and title (machinery: its id) suffice.
    if rule.kind == "knowledge":
        label.append(f": {rule.title}")
    if rule.id not in described:
        described.add(rule.id)
        label.append(f": {rule.title}" if rule.kind == "machinery" else f"\nwhy: {rule.rationale}",
                     style="" if rule.kind == "machinery" else "italic")
    if line.findings:
        label.append(f"\nfindings: {findings_text(line.findings)}")
    for condition in line.also_held:
        label.append(f"\nand: {condition}", style="dim")
    return label


def _full_tree(tree: HowTree) -> Tree:
    """Every firing, a repeated subtree by name only, each rule's rationale
    and cited passage the first time it is met."""
    root = Tree(_heading(tree))
    shown: set[str] = set()
    described: set[str] = set()

    def add_node(parent: Tree, node: HowNode) -> None:
        repeated = node.ref in shown and bool(node.derivations)
        where = "given" if node.input else node.ref
        label = Text.assemble((node.text, _STYLE.get(node.kind, "")), (f"  [{where}]", "dim"),
                              ("  (derived above)" if repeated else "", "dim"))
        branch = parent.add(label)
        if repeated:
            return
        shown.add(node.ref)
        for step in node.derivations:
            add_step(branch, step)

    def add_step(parent: Tree, step: HowStep) -> None:
        rule = tree.rules[step.rule]
        verb = "concluded again by" if step.reaffirmed else "by"
        label = Text.assemble((f"{verb} ", "dim"), (rule.id, "bold"), f" (step {step.step}): {rule.title}")
        if rule.kind == "knowledge" and rule.id not in described:
            described.add(rule.id)
            label.append(f"\nwhy: {rule.rationale}", style="italic")
            label.append(f"\nsource: {rule.citation.document}, \u201c{rule.citation.passage}\u201d", style="dim")
        for condition in step.also_held:
            label.append(f"\nand: {condition}", style="dim")
        branch = parent.add(label)
        for premise in step.premises:
            add_node(branch, premise)

    for node in tree.roots:
        add_node(root, node)
    return root
