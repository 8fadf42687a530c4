"""``legwise rules``: every rule of the knowledge base with its citation."""
from __future__ import annotations

import json
from typing import Optional

import click
from rich.table import Table

from expert.cli import app
from expert.cli.output import console, emit
from expert.engine import MACHINERY_RULES
from expert.explain.rule_refs import rule_ref
from expert.knowledge_base import KnowledgeBase, default_knowledge_base


def rule_listing(kb: Optional[KnowledgeBase] = None) -> list[dict]:
    """Every knowledge rule of ``kb`` (default: the shipped one), then the
    engine's own rules, as plain data."""
    kb = kb or default_knowledge_base()
    return [rule_ref(rule_id, kb).model_dump() for rule_id in [*kb.by_id, *MACHINERY_RULES]]


@app.command(name="rules")
@click.option("--format", "-f", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@click.option("--module", "-m", default=None, help="Only rules of this module (e.g. red_flags).")
def list_rules(output_format: str, module: str | None) -> None:
    """List every rule: module, id, title and the passage it cites."""
    listed = rule_listing()
    if module:
        wanted = module if module.startswith(("rules.", "expert.")) else f"rules.{module}"
        listed = [r for r in listed if r["module"] == wanted]
        if not listed:
            from expert.cli import UsageProblem

            known = sorted({r["module"] for r in rule_listing()})
            raise UsageProblem(f"no module {module!r} (known: {', '.join(known)})")
    if output_format == "json":
        emit(json.dumps(listed, indent=2, ensure_ascii=False))
        return
    table = Table("module", "id", "title", "citation", show_lines=True)
    table.columns[1].overflow = "fold"
    for r in listed:
        citation = (f"{r['citation']['document']}: \u201c{r['citation']['passage']}\u201d"
                    if r["citation"] else "engine mechanism")
        table.add_row(r["module"], r["id"], r["title"], citation)
    console().print(table)
    console().print(f"{len(listed)} rules.")
