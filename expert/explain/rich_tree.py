"""HOW as a rich tree for the terminal (``legwise explain --how``)."""
from __future__ import annotations

from rich.text import Text
from rich.tree import Tree

from expert.explain.how import HowNode, HowStep, HowTree

_STYLE = {"finding": "", "person": "", "pattern": "magenta", "red_flag": "bold red", "evidence": "cyan",
          "hypothesis": "bold blue", "urgency_claim": "yellow", "triage": "bold", "recommendation": "green"}


def how_rich_tree(tree: HowTree) -> Tree:
    """The derivation as a ``rich.tree.Tree``; a derived node met again is
    shown by name only. Text objects throughout, so nothing is read as markup."""
    root = Tree(Text.assemble(("HOW ", "bold"), (tree.conclusion, "bold"), f": {tree.label} ({tree.summary})"))
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
