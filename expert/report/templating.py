"""The jinja2 environments every rendering shares: one per output format.

HTML (reports, the rule book, the web pages) autoescapes every value after
showing control characters as text (``visible``). Markdown reports escape
every value on output (``markdown_escape`` as ``finalize``) unless it is
marked ``raw``; the rule book's Markdown, written before that rule, escapes
explicitly with ``md`` and so has its own variant, ``markdown-explicit``.
"""
from __future__ import annotations

from functools import lru_cache

from jinja2 import Environment, PackageLoader, StrictUndefined

from expert.report.escape import Raw, markdown_escape, markdown_quote, visible
from facts.vocabulary import label_of

FORMATS = ("html", "markdown", "markdown-explicit")


@lru_cache(maxsize=None)
def template_environment(output_format: str) -> Environment:
    """The environment for ``output_format`` (one of ``FORMATS``); callers
    add their own globals, under names that do not clash."""
    common = dict(loader=PackageLoader("expert", "templates"), undefined=StrictUndefined,
                  trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    if output_format == "html":
        environment = Environment(autoescape=True, finalize=visible, **common)  # control chars shown, then escaped
    elif output_format == "markdown":  # every value is escaped on output unless marked Raw
        environment = Environment(autoescape=False, finalize=markdown_escape, **common)
        environment.filters["quote"] = markdown_quote
        environment.filters["raw"] = Raw
        environment.filters["num"] = lambda value, spec: Raw(format(value, spec))
    elif output_format == "markdown-explicit":
        environment = Environment(autoescape=False, **common)
    else:
        raise ValueError(f"unknown template format {output_format!r} (one of: {', '.join(FORMATS)})")
    environment.filters["md"] = markdown_escape
    environment.globals["label_of"] = label_of
    return environment


__all__ = ["FORMATS", "template_environment"]
