"""``legwise findings`` and ``legwise conditions``: the vocabulary a case uses."""
from __future__ import annotations

import json

import click
from rich.table import Table

from expert.cli import UsageProblem, app
from expert.cli.output import console, emit
from facts.vocabulary import CONDITIONS, FINDINGS


@app.command()
@click.option("--format", "-f", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@click.option("--category", "-c", default=None, help="Only this category (e.g. joints).")
def findings(output_format: str, category: str | None) -> None:
    """List every finding id a case may use, with its label and question."""
    rows = [f for f in FINDINGS.values() if category in (None, f.category)]
    if category and not rows:
        known = sorted({f.category for f in FINDINGS.values()})
        raise UsageProblem(f"unknown finding category {category!r} (known: {', '.join(known)})")
    if output_format == "json":
        emit(json.dumps([vars(f) for f in rows], indent=2))
        return
    table = Table("id", "label", "question", "category")
    table.columns[0].overflow = "fold"
    for f in rows:
        table.add_row(f.id, f.label, f.question, f.category)
    console().print(table)


@app.command()
@click.option("--format", "-f", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
def conditions(output_format: str) -> None:
    """List every condition id legwise reasons about, with its default urgency."""
    if output_format == "json":
        emit(json.dumps([vars(c) for c in CONDITIONS.values()], indent=2))
        return
    table = Table("id", "label", "category", "default urgency")
    table.columns[0].overflow = "fold"
    for c in CONDITIONS.values():
        table.add_row(c.id, c.label, c.category, c.urgency)
    console().print(table)
