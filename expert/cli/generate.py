"""``legwise generate``: presentations for trying ``legwise batch`` at scale."""
from __future__ import annotations

import json
import sys
from contextlib import ExitStack

import click

from expert.batch.generate import generate_presentations
from expert.cli import app
from expert.cli.output import check_output_path


@app.command()
@click.option("--count", "-n", type=click.IntRange(min=1), default=1000, show_default=True,
              help="How many presentations.")
@click.option("--seed", type=int, default=0, show_default=True, help="The same seed gives the same presentations.")
@click.option("--output", "-o", default="-", metavar="FILE", help="JSON lines file (default: stdout).")
def generate(count: int, seed: int, output: str) -> None:
    """Write COUNT presentations as JSON lines, each a library case made
    incomplete and mixed as real records are (unknowns, a borrowed finding,
    the age moved a little): input for legwise batch. Not patients: they are
    for load and audit runs."""
    with ExitStack() as stack:
        if output == "-":
            stream = sys.stdout
        else:
            check_output_path(output)
            stream = stack.enter_context(open(output, "w", encoding="utf-8"))
        for presentation in generate_presentations(count, seed):
            stream.write(json.dumps(presentation, separators=(",", ":")) + "\n")
