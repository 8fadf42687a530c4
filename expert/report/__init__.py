"""Explanation reports: one model (``expert.report.model.Report``), three
renderers. Markdown and HTML come from jinja2 templates in
``expert/templates`` (``report.md.j2``, ``report.html.j2``); JSON is the
model itself.

* HTML is one self-contained file: inline CSS and SVG, no scripts, fonts,
  images or links outside the page; autoescaped; prints cleanly.
* Markdown escapes every value it shows (``expert.report.escape``) unless the
  renderer built it as Markdown itself.
* Every value shown passes through ``expert.report.escape.visible`` first, so
  a control character in a user string (case id, notes) is shown as a
  visible ``\\xNN`` escape, never written raw; JSON keeps them as JSON
  escapes (``\\u001b``; ``\\u009b`` for C1, via ``json_visible``).
"""
from __future__ import annotations

from expert.explanations.how import HowNode, findings_text, outline, step_ranges
from expert.explanations.rule_refs import finding_state
from expert.report.escape import json_visible
from expert.report.model import reasoning_anchor
from expert.report.templating import template_environment

FORMATS = ("markdown", "html", "json")


def _globals() -> dict:
    return {"outline": outline, "is_node": lambda item: isinstance(item, HowNode),
            "finding_state": finding_state, "step_ranges": step_ranges,
            "input_label": lambda node: findings_text([node]), "reasoning_anchor": reasoning_anchor}


def _environment(output_format: str):
    environment = template_environment(output_format)
    environment.globals.update(_globals())
    return environment


def render(report, output_format: str) -> str:
    """The report as ``markdown``, ``html`` or ``json`` text."""
    if output_format == "json":
        return json_visible(report.model_dump_json(indent=2)) + "\n"
    if output_format not in FORMATS:
        raise ValueError(f"unknown report format {output_format!r} (one of: {', '.join(FORMATS)})")
    name = "report.html.j2" if output_format == "html" else "report.md.j2"
    return _environment(output_format).get_template(name).render(report=report)


__all__ = ["FORMATS", "render"]
