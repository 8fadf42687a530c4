"""An assessment as readable terminal text (rich), its summary first.

At any width an id is shown whole: below ``WIDE`` columns the differential
is a list (each condition's id on a line of its own) instead of a table whose
narrow cells would wrap every label over many lines. Colour follows rich,
which leaves it out when ``NO_COLOR`` is set or the output is not a terminal.

A user string (the case id; an id the vocabulary does not know) goes through
``expert.report.escape.visible`` (control characters shown as ``\\xNN``,
never written raw) and into a ``rich.text.Text``, so rich markup in it is
shown as typed, never interpreted."""
from __future__ import annotations

import textwrap

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from expert.assessment import Assessment
from expert.report.escape import visible
from facts.vocabulary import FIT_STATUSES, label_of

WIDE = 100
"""Columns from which the differential is a table."""

_STYLE = {"emergency": "bold white on red", "urgent": "bold black on yellow",
          "routine": "bold black on cyan", "self_care": "bold black on green"}


def _labels(ids: list[str]) -> str:
    return ", ".join(_safe_label(i) for i in ids) or "none"


def _safe_label(identifier: str) -> str:
    try:
        return label_of(identifier)
    except KeyError:
        return visible(identifier)


def render_assessment(assessment: Assessment, console: Console) -> None:
    summary = assessment.summary
    title = Text(f"{visible(assessment.case_id).replace(chr(10), ' ')}: " if assessment.case_id else "")
    banner = Text(f" TRIAGE: {summary.triage.upper().replace('_', ' ')} ", style=_STYLE[summary.triage])
    # The summary's first line is the level and its advice: the banner shows
    # the level, the advice follows it, then the rest of the summary as composed.
    lines = summary.text.splitlines()[1:]
    console.print(Panel(Group(banner, Text(summary.advice), *(Text(line) for line in lines)),
                        title=title + "legwise assessment", expand=False))
    changes = assessment.rule_changes
    if changes.removed or changes.added:  # a teaching or authoring run: say so before anything else
        parts = ([f"without {', '.join(changes.removed)}"] if changes.removed else []) + \
                ([f"with draft rules {', '.join(changes.added)}"] if changes.added else [])
        _item(console, "Knowledge base: the shipped rules " + "; ".join(parts))

    if assessment.red_flags:
        console.print(Text("Red flags", style="bold red"))
        for flag in assessment.red_flags:
            _item(console, f"! {flag.label} ({flag.id})", f"findings: {_labels(flag.findings)}")
        console.print()

    if not assessment.differential:
        console.print("No condition is supported by the findings given.")
    elif console.width >= WIDE:
        _differential_table(assessment, console)
    else:
        _differential_list(assessment, console)
    console.print()

    fit = assessment.fit
    if fit.status != "explained" or fit.consider:
        console.print(Text(FIT_STATUSES[fit.status], style="bold"))
        if fit.unexplained:
            _item(console, f"Not explained: {_labels(fit.unexplained)}")
        for cause in fit.consider:
            _item(console, f"Consider (outside the knowledge base): {cause.label} ({cause.id})",
                  f"from: {_labels(cause.findings)}; rules: {', '.join(cause.rules)}")
        console.print()

    if assessment.patterns:
        console.print(Text("Clinical patterns recognised", style="bold"))
        for pattern in assessment.patterns:
            _item(console, f"- {pattern.label} ({pattern.id})", f"from: {_labels(pattern.findings)}")
        console.print()

    console.print(Text("Next steps", style="bold"))
    for step in assessment.recommendations:
        _item(console, f"- {step.label} [for: {', '.join(step.serves)}]")
    console.print()
    if assessment.triage.level != "emergency" and assessment.unanswered_red_flag_findings:
        console.print(Text("Not known (each could make this an emergency)", style="bold"))
        _item(console, _labels(assessment.unanswered_red_flag_findings))
        console.print()
    console.print(f"Reasoning: {len(assessment.trace)} rule firings "
                  "(use --format json for the full trace).")
    console.print(Text(assessment.disclaimer, style="italic"))


def _item(console: Console, head: str, *details: str) -> None:
    """A list item: its head two columns in, each detail below it at four,
    every wrapped line indented under its own (a hanging indent, which rich
    does not do). Wrapped here, at word boundaries only, so an id is never
    cut; rich is told not to wrap again."""
    for text, indent in [(head, 2)] + [(detail, 4) for detail in details]:
        wrapped = textwrap.fill(text, width=max(console.width, 20), initial_indent=" " * indent,
                                subsequent_indent=" " * (indent + 2), break_long_words=False,
                                break_on_hyphens=False)
        console.print(Text(wrapped), soft_wrap=True)


def _differential_list(assessment: Assessment, console: Console) -> None:
    console.print(Text("Differential, most likely first", style="bold"))
    for rank, entry in enumerate(assessment.differential, start=1):
        beyond = ", beyond the source documents" if entry.beyond_sources else ""
        _item(console, f"{rank}. {entry.label}: certainty {entry.certainty:.2f}, {entry.urgency.replace('_', ' ')}",
              f"[{entry.condition}]{beyond}", f"For: {_labels(entry.supporting)}",
              f"Against: {_labels(entry.against)}")


def _differential_table(assessment: Assessment, console: Console) -> None:
    table = Table(title="Differential, most likely first", title_justify="left", show_lines=False)
    table.add_column("#", justify="right")
    # Wide enough for the longest id, so an id is never cut or folded.
    longest = max(len(entry.condition) for entry in assessment.differential) + 2
    table.add_column("Condition", min_width=longest, overflow="fold")
    table.add_column("Certainty", justify="right")
    table.add_column("Urgency")
    table.add_column("For")
    table.add_column("Against")
    for rank, entry in enumerate(assessment.differential, start=1):
        beyond = "\n(beyond the source documents)" if entry.beyond_sources else ""
        table.add_row(str(rank), f"{entry.label}\n[{entry.condition}]{beyond}", f"{entry.certainty:.2f}",
                      entry.urgency, _labels(entry.supporting), _labels(entry.against))
    console.print(table)
