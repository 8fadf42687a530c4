"""``legwise report CASE``: the explanation report as HTML, Markdown or JSON."""
from __future__ import annotations

import click

import expert
from expert.cli import app
from expert.cli.knowledge import knowledge_base_from, knowledge_base_options
from expert.cli.output import emit
from expert.report import FORMATS


@app.command()
@click.argument("case", metavar="CASE")
@click.option("--format", "-f", "output_format", type=click.Choice(FORMATS), default="markdown",
              show_default=True, help="Markdown, one self-contained HTML file, or JSON (everything).")
@click.option("--output", "-o", type=click.Path(dir_okay=False), default=None,
              help="Write to this file instead of stdout.")
@knowledge_base_options
def report(case: str, output_format: str, output: str | None, without_rules, rules_files) -> None:
    """Write the explanation report for CASE (a JSON or YAML file, or - for
    stdin): triage, red flags, the differential with its evidence and
    certainty, recommendations, the reasoning behind each major conclusion,
    what would change it, the questions worth asking, and the sources cited."""
    kb = knowledge_base_from(without_rules, rules_files)
    emit(expert.explain(expert.load_presentation(case), kb).report(output_format), output)
