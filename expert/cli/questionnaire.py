"""``legwise questionnaire``: the findings as a FHIR R4 Questionnaire (JSON)."""
from __future__ import annotations

import click

from expert.cli import app
from expert.cli.assess import NeedsExtra
from expert.cli.output import emit
from expert.fhir.loading import FhirExtraMissing, require_fhir


@app.command()
@click.option("--output", "-o", type=click.Path(dir_okay=False), default=None,
              help="Write to this file instead of stdout.")
def questionnaire(output: str | None) -> None:
    """Print legwise's findings as a FHIR R4 Questionnaire: one yes/no item
    per finding (linkId = finding id), grouped by category, coded with SNOMED
    CT where a code fits. A QuestionnaireResponse to it can be assessed inside
    a Bundle with 'legwise assess'."""
    try:
        require_fhir()
    except FhirExtraMissing as error:
        raise NeedsExtra(str(error)) from None
    from expert.fhir.questionnaire import questionnaire_text

    emit(questionnaire_text(), output)

