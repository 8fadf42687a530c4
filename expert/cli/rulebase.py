"""``legwise rules``: every rule of the knowledge base with its citation."""
from __future__ import annotations

import json

import click
from rich.table import Table

from expert.cli import UsageProblem, app
from expert.cli.output import console, emit
from expert.explanations.rule_refs import rule_listing


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
