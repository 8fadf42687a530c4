"""Escaping for Markdown: text shows as typed, and never becomes markup.

``&`` and ``<`` become entities (Markdown passes raw HTML and entities through),
inline markup characters are backslash-escaped (an underscore inside a word,
as in an id, cannot make emphasis and is left alone), and a marker that would open
a block (heading, list, rule) at the start of a line is escaped too.
Line breaks inside a value become spaces, so a value cannot leave its table
cell or line; ``markdown_quote`` keeps them, for multi-line notes.
"""
from __future__ import annotations

import re

_ENTITIES = (("&", "&amp;"), ("<", "&lt;"))  # no tag, comment or entity can start
_INLINE = re.compile(r"([\\`*\[\]{}|~!]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9]))")
_BLOCK_START = re.compile(r"^(\s*)(\d*)([#+\-=>.)])")


class Raw(str):
    """Text already in Markdown (built by the renderer): not escaped again."""


def markdown_escape(text, keep_lines: bool = False) -> str:
    if isinstance(text, Raw):
        return text
    text = str(text)
    for raw, entity in _ENTITIES:
        text = text.replace(raw, entity)
    text = _INLINE.sub(r"\\\1", text)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines = [_BLOCK_START.sub(_escape_block, line) for line in lines]
    return "\n".join(lines) if keep_lines else " ".join(lines)


def _escape_block(match) -> str:
    """Escape a list, heading or rule marker; '0.93' or '#tag' stay as they are."""
    indent, digits, marker = match.groups()
    rest = match.string[match.end():]
    if (digits and marker not in ".)") or (not digits and marker in ".)"):
        return match.group(0)
    opens_block = not rest or rest[0].isspace() or (not digits and set(rest.strip()) <= {marker})
    return f"{indent}{digits}\\{marker}" if opens_block else match.group(0)


def markdown_quote(text) -> Raw:
    """Multi-line text as a Markdown block quote, every line escaped."""
    return Raw("\n".join(f"> {line}" if line else ">" for line in markdown_escape(text, keep_lines=True).split("\n")))


def markdown_unescape(text: str) -> str:
    """The inverse of ``markdown_escape`` (for tests and tools)."""
    text = re.sub(r"\\(.)", r"\1", text)
    for raw, entity in reversed(_ENTITIES):
        text = text.replace(entity, raw)
    return text
