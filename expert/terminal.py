"""An assessment as readable terminal text (rich), triage first.

A user string (the case id; an id the vocabulary does not know) goes through
``expert.report.escape.visible`` (control characters shown as ``\\xNN``,
never written raw) and into a ``rich.text.Text``, so rich markup in it is
shown as typed, never interpreted."""
from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from expert.assessment import Assessment
from expert.report.escape import visible
from facts.vocabulary import FIT_STATUSES, label_of

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
    triage = assessment.triage
    title = Text(f"{visible(assessment.case_id).replace(chr(10), ' ')}: " if assessment.case_id else "")
    banner = Text(f" TRIAGE: {triage.level.upper().replace('_', ' ')} ", style=_STYLE[triage.level])
    console.print(Panel(Group(banner, Text(triage.advice), Text(f"Because: {_labels(triage.because)}")),
                        title=title + "legwise assessment", expand=False))

    if assessment.red_flags:
        console.print(Text("Red flags", style="bold red"))
        for flag in assessment.red_flags:
            console.print(f"  ! {flag.label} ({flag.id}) - findings: {_labels(flag.findings)}")
        console.print()

    if assessment.differential:
        table = Table(title="Differential, most likely first", title_justify="left", show_lines=False)
        table.add_column("#", justify="right")
        table.add_column("Condition", overflow="fold")  # fold, never cut, an id
        table.add_column("Certainty", justify="right")
        table.add_column("Urgency")
        table.add_column("For")
        table.add_column("Against")
        for rank, entry in enumerate(assessment.differential, start=1):
            beyond = "\n(beyond the source documents)" if entry.beyond_sources else ""
            table.add_row(str(rank), f"{entry.label}\n[{entry.condition}]{beyond}", f"{entry.certainty:.2f}",
                          entry.urgency, _labels(entry.supporting), _labels(entry.against))
        console.print(table)
    else:
        console.print("No condition is supported by the findings given.")
    console.print()

    fit = assessment.fit
    if fit.status != "explained" or fit.consider:
        console.print(Text(FIT_STATUSES[fit.status], style="bold"))
        if fit.unexplained:
            console.print(f"  Not explained: {_labels(fit.unexplained)}")
        for cause in fit.consider:
            console.print(f"  Consider (outside the knowledge base): {cause.label} ({cause.id}) - "
                          f"from: {_labels(cause.findings)}; rules: {', '.join(cause.rules)}")
        console.print()

    if assessment.patterns:
        console.print(Text("Clinical patterns recognised", style="bold"))
        for pattern in assessment.patterns:
            console.print(f"  - {pattern.label} ({pattern.id}) - from: {_labels(pattern.findings)}")
        console.print()

    console.print(Text("Next steps", style="bold"))
    for step in assessment.recommendations:
        console.print(f"  - {step.label} [for: {', '.join(step.serves)}]")
    console.print()
    if assessment.triage.level != "emergency" and assessment.unanswered_red_flag_findings:
        console.print(Text("Not known (each could make this an emergency)", style="bold"))
        console.print(f"  {_labels(assessment.unanswered_red_flag_findings)}")
        console.print()
    console.print(f"Reasoning: {len(assessment.trace)} rule firings "
                  "(use --format json for the full trace).")
    console.print(Text(assessment.disclaimer, style="italic"))
