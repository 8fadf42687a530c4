"""Writing a batch's output record by record, and its summary.

Each record is written whole with one ``write`` and flushed, so an
interrupted batch leaves a complete prefix: every line in the file is a
whole record, in input order.
"""
from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, field
from typing import TextIO

from rich.table import Table

from expert.batch.running import Rendered
from expert.report.escape import visible
from facts.vocabulary import TRIAGE_LEVELS

OUTPUT_FORMATS = ("jsonl", "csv")
CSV_COLUMNS = ("line", "case_id", "triage", "red_flags", "first", "first_certainty", "second",
               "second_certainty", "third", "third_certainty", "error")


class RecordWriter:
    """Writes rendered records to a text stream in one output format."""

    def __init__(self, stream: TextIO, output_format: str):
        if output_format not in OUTPUT_FORMATS:
            raise ValueError(f"output format {output_format!r} is not one of {OUTPUT_FORMATS}")
        self.stream = stream
        self.output_format = output_format
        if output_format == "csv":
            self._write(_csv_line(CSV_COLUMNS))

    def _write(self, text: str) -> None:
        self.stream.write(text)
        self.stream.flush()

    def write(self, rendered: Rendered) -> None:
        if self.output_format == "jsonl":
            self._write(rendered.json_line + "\n")
            return
        top = [part for condition, certainty in rendered.top for part in (condition, f"{certainty:.4f}")]
        top += [""] * (6 - len(top))
        self._write(_csv_line((str(rendered.number), visible(rendered.case_id or ""), rendered.triage or "",
                               ";".join(rendered.red_flags), *top, visible(rendered.error or ""))))


def _csv_line(cells) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(cells)
    return buffer.getvalue()


@dataclass
class Tally:
    """Counts for the summary: records by triage level, red flags, errors."""
    records: int = 0
    triage: Counter = field(default_factory=Counter)
    red_flags: Counter = field(default_factory=Counter)
    errors: int = 0

    def add(self, rendered: Rendered) -> None:
        self.records += 1
        if rendered.error is not None:
            self.errors += 1
            return
        self.triage[rendered.triage] += 1
        self.red_flags.update(rendered.red_flags)

    def table(self) -> Table:
        table = Table(title="legwise batch", show_header=True, header_style="bold")
        table.add_column("", no_wrap=True)
        table.add_column("records", justify="right")
        for level in reversed(TRIAGE_LEVELS):
            table.add_row(f"triage {level}", str(self.triage.get(level, 0)))
        for flag, count in sorted(self.red_flags.items(), key=lambda item: (-item[1], item[0])):
            table.add_row(f"red flag {flag}", str(count))
        table.add_row("errors", str(self.errors), style="bold red" if self.errors else None)
        table.add_row("total", str(self.records), style="bold")
        return table
