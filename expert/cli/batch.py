"""``legwise batch INPUT -o OUTPUT``: assess a cohort, in order, on every core."""
from __future__ import annotations

import sys
from contextlib import ExitStack, nullcontext
from importlib import import_module
from pathlib import Path
from typing import Optional

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn, TimeRemainingColumn
from rich.text import Text

from expert.assessment import Assessment
from expert.batch.records import FORMATS, count_records, detect_format, read_records
from expert.batch.running import default_jobs, render_records
from expert.batch.writing import OUTPUT_FORMATS, RecordWriter, Tally
from expert.cli import UsageProblem, app
from expert.cli.output import check_output_path
from facts.presentation import suggest

EXIT_SOME_FAILED = 3
EXIT_INTERRUPTED = 130


class RateColumn(ProgressColumn):
    """Cases per second since the start. Not rich's windowed estimate: on
    Dask results arrive a partition at a time, and a window over one burst
    would show tens of thousands of cases a second."""

    def render(self, task) -> Text:
        elapsed = task.elapsed or 0.0
        rate = task.completed / elapsed if elapsed > 0 else 0.0
        return Text(f"{rate:,.0f} cases/s", style="progress.data.speed")


def _fields(option: Optional[str]) -> Optional[tuple[str, ...]]:
    if option is None:
        return None
    names = tuple(name.strip() for name in option.split(",") if name.strip())
    known = tuple(Assessment.model_fields)
    for name in names:
        if name not in known:
            hint = suggest(name, known)
            raise UsageProblem(f"--fields: {name!r} is not a field of the assessment"
                               + (f" (did you mean {hint!r}?)" if hint else "")
                               + f"; the fields are: {', '.join(known)}")
    if not names:
        raise UsageProblem("--fields: name at least one field of the assessment")
    return names


def _output_format(option: Optional[str], output: str) -> str:
    if option is not None:
        return option
    return "csv" if output.lower().endswith(".csv") else "jsonl"


def _dask_backend():
    """``expert.batch.on_dask``, which needs the optional dask extra: imported
    only when --dask asks for it, so a plain install runs batch without it."""
    try:
        return import_module("expert.batch.on_dask")
    except ImportError as error:
        raise UsageProblem(f"--dask needs Dask ({error}): pip install 'legwise[dask]'") from None


@app.command()
@click.argument("input_path", metavar="INPUT", type=click.Path(path_type=Path))
@click.option("--output", "-o", required=True, metavar="FILE",
              help="Where the results go, one record per input record ('-': stdout).")
@click.option("--input-format", type=click.Choice(FORMATS), default=None,
              help="jsonl, json (one array), csv or dir (a folder of case files); default from INPUT.")
@click.option("--format", "-f", "output_format", type=click.Choice(OUTPUT_FORMATS), default=None,
              help="jsonl (assessments) or csv (triage, red flags, top three); default from the output's suffix.")
@click.option("--fields", default=None, metavar="A,B",
              help="Only these fields of each assessment (jsonl), e.g. case_id,triage,red_flags.")
@click.option("--no-trace", is_flag=True, help="Leave the trace out of each assessment (jsonl).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: the number of cores); with --dask local, the cluster's workers.")
@click.option("--dask", "dask_address", default=None, metavar="ADDRESS",
              help="Run on a Dask cluster: a scheduler address (tcp://host:8786) or 'local' for a LocalCluster "
                   "(needs the dask extra).")
def batch(input_path: Path, output: str, input_format: Optional[str], output_format: Optional[str],
          fields: Optional[str], no_trace: bool, jobs: Optional[int], dask_address: Optional[str]) -> int:
    """Assess every presentation of INPUT (JSON lines, a JSON array, a CSV
    with a column per finding id, or a folder of case files), streamed, and
    write one result per record in input order. A record that cannot be
    assessed becomes an error record naming its line; the rest go on. A
    summary goes to stderr. Exit code 0, or 3 when some records failed."""
    chosen_fields = _fields(fields)
    input_format = input_format or detect_format(input_path)
    output_format = _output_format(output_format, output)
    records = read_records(input_path, input_format)  # a bad input as a whole fails here, before any output
    to_stdout = output == "-"
    if not to_stdout:
        check_output_path(output)
    errors = Console(file=sys.stderr, highlight=False, markup=False, emoji=False)
    tally = Tally()
    jobs = jobs or default_jobs()
    with ExitStack() as stack:
        if dask_address is None:
            results = render_records(records, jobs, chosen_fields, not no_trace)
        else:
            on_dask = _dask_backend()
            client = stack.enter_context(on_dask.connect(dask_address, jobs))
            results = on_dask.render_on_dask(client, input_path, input_format, chosen_fields, not no_trace)
        stream = sys.stdout if to_stdout else stack.enter_context(open(output, "w", encoding="utf-8", newline=""))
        writer = RecordWriter(stream, output_format)
        show_progress = errors.is_terminal and not (to_stdout and sys.stdout.isatty())
        progress = (Progress(TextColumn("assessing"), BarColumn(), MofNCompleteColumn(), RateColumn(),
                             TimeRemainingColumn(), console=errors, transient=True)
                    if show_progress else nullcontext())
        with progress:
            task = progress.add_task("batch", total=count_records(input_path, input_format)) if show_progress else None
            try:
                for rendered in results:
                    writer.write(rendered)
                    tally.add(rendered)
                    if task is not None:
                        progress.advance(task)
            except KeyboardInterrupt:
                where = "stdout" if to_stdout else output
                errors.print(f"legwise: interrupted after {tally.records} records; {where} holds those "
                             "records, each whole and in input order")
                return EXIT_INTERRUPTED
    errors.print(tally.table())
    return EXIT_SOME_FAILED if tally.errors else 0
