"""``legwise assess CASE``: triage, red flags, differential and next steps."""
from __future__ import annotations

import io

import click

import expert
from expert.cli import app
from expert.cli.knowledge import knowledge_base_from, knowledge_base_options
from expert.cli.output import console, emit
from expert.fhir.loading import FhirExtraMissing, load_case
from expert.report.escape import json_visible
from expert.terminal import render_assessment


@app.command()
@click.argument("case", metavar="CASE")
@click.option("--format", "-f", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Readable text (triage first) or the full assessment as JSON.")
@click.option("--output", "-o", type=click.Path(dir_okay=False), default=None,
              help="Write to this file instead of stdout.")
@knowledge_base_options
def assess(case: str, output_format: str, output: str | None, without_rules, rules_files) -> None:
    """Assess CASE (a JSON or YAML file, or - for stdin; or a FHIR R4 Bundle
    in JSON, with the fhir extra): triage level, red flags, ranked causes with
    their evidence, and next steps."""
    kb = knowledge_base_from(without_rules, rules_files)
    try:
        presentation = load_case(case)
    except FhirExtraMissing as error:
        raise NeedsExtra(str(error)) from None
    assessment = expert.assess(presentation, kb)
    if output_format == "json":
        emit(json_visible(assessment.to_json()), output)  # no raw DEL or C1 bytes
        return
    if output is None:
        render_assessment(assessment, console())
        return
    buffer = io.StringIO()
    render_assessment(assessment, console(buffer))
    emit(buffer.getvalue(), output)


class NeedsExtra(click.ClickException):
    """An optional dependency the input needs is not installed; exit 2."""
    exit_code = 2
