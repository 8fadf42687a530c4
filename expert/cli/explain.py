"""``legwise explain CASE``: HOW, WHY NOT, certainty and WHAT IF."""
from __future__ import annotations

import io
import json

import click

import expert
from expert.cli import UsageProblem, app
from expert.cli.knowledge import knowledge_base_from, knowledge_base_options
from expert.cli.output import console, emit
from expert.explanations.certainty import render_certainty_text
from expert.explanations.rich_tree import how_rich_tree
from expert.explanations.scenarios import render_what_if_text
from expert.explanations.why_not import render_why_not_text


@app.command()
@click.argument("case", metavar="CASE")
@click.option("--how", "how_ids", multiple=True, metavar="ID",
              help="How a conclusion was reached: a red flag, pattern, condition or action id, or 'triage'.")
@click.option("--full", is_flag=True,
              help="With --how: every rule firing and each rule's cited passage, not each derivation once.")
@click.option("--why-not", "why_not_ids", multiple=True, metavar="ID",
              help="Why a condition (or red flag, or pattern) was not concluded, or ranks low.")
@click.option("--certainty", "certainty_ids", multiple=True, metavar="ID",
              help="Each rule's contribution to a condition's certainty, step by step.")
@click.option("--what-if", "what_if", is_flag=True,
              help="The changes that would change the triage or the leading condition, and the questions worth asking.")
@click.option("--format", "-f", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False), default=None,
              help="Write to this file instead of stdout.")
@knowledge_base_options
def explain(case: str, how_ids, full: bool, why_not_ids, certainty_ids, what_if: bool, output_format: str,
            output: str | None, without_rules, rules_files) -> None:
    """Explain the assessment of CASE (a JSON or YAML file, or - for stdin).
    Options may be combined and repeated."""
    if not (how_ids or why_not_ids or certainty_ids or what_if):
        raise UsageProblem("say what to explain: --how ID, --why-not ID, --certainty ID or --what-if")
    kb = knowledge_base_from(without_rules, rules_files)
    explanation = expert.explain(expert.load_presentation(case), kb)
    try:  # everything is computed before anything is written
        results = {
            "how": [explanation.how(i) for i in how_ids],
            "why_not": [explanation.why_not(i) for i in why_not_ids],
            "certainty": [explanation.certainty(i) for i in certainty_ids],
            "what_if": explanation.what_if() if what_if else None,
        }
    except ValueError as error:  # UnknownConclusion, UnknownTarget: a did-you-mean message
        raise UsageProblem(str(error)) from None
    if output_format == "json":
        data = {"case_id": explanation.presentation.id}
        data.update({key: ([r.model_dump(mode="json") for r in value] if isinstance(value, list)
                           else value.model_dump(mode="json"))
                     for key, value in results.items() if value})
        emit(json.dumps(data, indent=2, ensure_ascii=False), output)
        return
    buffer = io.StringIO()
    _print_text(results, console(buffer) if output else console(), full)
    if output:
        emit(buffer.getvalue(), output)


def _print_text(results: dict, out, full: bool = False) -> None:
    blocks = [how_rich_tree(tree, full) for tree in results["how"]]
    blocks += [render_why_not_text(why) for why in results["why_not"]]
    blocks += [render_certainty_text(breakdown) for breakdown in results["certainty"]]
    if results["what_if"] is not None:
        blocks.append(render_what_if_text(results["what_if"]))
    for number, block in enumerate(blocks):
        if number:
            out.print()
        if isinstance(block, str):
            out.print(block.rstrip("\n"), soft_wrap=True)  # plain text keeps its own indentation
        else:
            out.print(block)
