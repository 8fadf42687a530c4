"""``legwise rulebook``: the whole knowledge base as a book (Markdown or HTML)."""
from __future__ import annotations

from typing import Optional

import click

from expert.cli import app
from expert.cli.output import emit
from expert.rulebook import FORMATS, build_book, render_rulebook


@app.command()
@click.option("--format", "-f", "output_format", type=click.Choice(FORMATS), default="markdown", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False), default=None,
              help="Write to this file instead of stdout.")
def rulebook(output_format: str, output: Optional[str]) -> None:
    """The rule book for teaching: every module and rule (conditions,
    conclusions, certainty, rationale, citation), the clinical patterns,
    the conditions with their next steps, an index of findings, and the
    engine's own rules."""
    emit(render_rulebook(build_book(), output_format), output)
