"""``legwise cases``: the case library, run on a knowledge base, against
what each case expects; with ``--rules`` or ``--without-rule``, which
expectations the change breaks or mends."""
from __future__ import annotations

import json

import click

import expert
from expert.cases import load_case_library
from expert.cli import app
from expert.cli.knowledge import knowledge_base_from, knowledge_base_options
from expert.cli.output import emit
from expert.knowledge_base import default_knowledge_base


def _outcome(case, kb) -> dict:
    assessment = expert.assess(case.presentation_dict(), kb)
    return {"triage": assessment.triage.level, "leading": assessment.leading_condition,
            "unmet": case.unmet(assessment)}


@app.command()
@knowledge_base_options
@click.option("--format", "-f", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False), default=None,
              help="Write to this file instead of stdout.")
def cases(without_rules, rules_files, output_format: str, output: str | None) -> None:
    """Run every library case and check it against what a clinician
    expects. With --rules FILE.py (a draft) or --without-rule ID, run each
    case on the shipped rules and on the changed ones, and list the cases
    whose triage or leading condition changes: which expectations the
    change breaks, and which it mends."""
    changed_kb = knowledge_base_from(without_rules, rules_files)
    shipped = default_knowledge_base()
    rows = []
    for case in load_case_library():
        before = _outcome(case, shipped)
        after = _outcome(case, changed_kb) if changed_kb.changed else before
        rows.append({"case": case.id, "before": before, "after": after,
                     "changed": (before["triage"], before["leading"]) != (after["triage"], after["leading"])})
    summary = {"cases": len(rows), "removed": list(changed_kb.removed), "added": list(changed_kb.added),
               "met_before": sum(not r["before"]["unmet"] for r in rows),
               "met_after": sum(not r["after"]["unmet"] for r in rows),
               "broken": [r["case"] for r in rows if r["after"]["unmet"] and not r["before"]["unmet"]],
               "mended": [r["case"] for r in rows if r["before"]["unmet"] and not r["after"]["unmet"]],
               "changed": [r["case"] for r in rows if r["changed"]]}
    if output_format == "json":
        emit(json.dumps({"summary": summary, "cases": rows}, indent=2), output)
        return
    emit(_text(summary, rows, changed_kb.changed), output)


def _text(summary: dict, rows: list[dict], changed: bool) -> str:
    lines = []
    if changed:
        what = ([f"without {', '.join(summary['removed'])}"] if summary["removed"] else []) + \
               ([f"with draft rules {', '.join(summary['added'])}"] if summary["added"] else [])
        lines.append(f"Knowledge base: the shipped rules {'; '.join(what)}.")
        lines.append(f"Expectations met: {summary['met_before']}/{summary['cases']} with the shipped rules, "
                     f"{summary['met_after']}/{summary['cases']} with the change.")
        for row in rows:
            if not row["changed"]:
                continue
            before, after = row["before"], row["after"]
            mark = ("BREAKS" if after["unmet"] and not before["unmet"]
                    else "mends" if before["unmet"] and not after["unmet"] else "changes")
            lines.append(f"  {mark} {row['case']}: triage {before['triage']} -> {after['triage']}, "
                         f"leading {before['leading']} -> {after['leading']}")
            for miss in after["unmet"]:
                lines.append(f"      {miss}")
        if not summary["changed"]:
            lines.append("No case changes its triage or leading condition.")
    else:
        lines.append(f"Expectations met: {summary['met_before']}/{summary['cases']}.")
        for row in rows:
            for miss in row["before"]["unmet"]:
                lines.append(f"  {row['case']}: {miss}")
    return "\n".join(lines)
