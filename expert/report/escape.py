"""Escaping for Markdown: text shows as typed, and never becomes markup.

``&`` and ``<`` become entities (Markdown passes raw HTML and entities through),
inline markup characters are backslash-escaped (an underscore inside a word,
as in an id, cannot make emphasis and is left alone), and a marker that would open
a block (heading, list, rule) at the start of a line is escaped too.
Line breaks inside a value become spaces, so a value cannot leave its table
cell or line; ``markdown_quote`` keeps them, for multi-line notes.

Control characters: ``visible`` is the one place that makes them harmless.
Every renderer (terminal text, Markdown, HTML, rule book, consult and quiz
transcripts) passes user strings through it; ``markdown_escape`` calls it
first, and the HTML environments use it as jinja's ``finalize``.

* C0 (U+0000-U+001F), DEL (U+007F) and C1 (U+0080-U+009F) characters become
  the Python-style escape ``\\xNN`` in lower-case hex: ESC becomes the four
  characters ``\\x1b``, BEL ``\\x07``, CSI ``\\x9b``. So an ``ESC[2J``
  (clear screen) or an OSC 8 hyperlink is shown as text and never acted on.
* Two exceptions, kept as they are because multi-line fields (notes) use
  them: line feed ``\\n`` and tab ``\\t``. A carriage return is a line
  break too: ``\\r\\n`` and a lone ``\\r`` become ``\\n`` (a bare CR could
  otherwise overwrite a line on a terminal). Single-line renderers
  (``markdown_escape`` without ``keep_lines``) then turn line feeds into spaces.
* Everything else, including all ordinary Unicode text, is left intact.
* The result contains no control character but ``\\n`` and ``\\t``, so
  applying ``visible`` again changes nothing (it is idempotent). A user who
  literally types the four characters ``\\x1b`` sees the same text as one
  who typed ESC; that ambiguity is accepted (the text is shown, never run).

JSON output keeps control characters as JSON escapes: C0 ones are escaped by
the JSON encoder; ``json_visible`` escapes DEL and C1 too (``\\u007f``,
``\\u009b``), which JSON encoders otherwise pass through raw.
"""
from __future__ import annotations

import re

from markupsafe import Markup

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_JSON_RAW_CONTROL = re.compile(r"[\x7f-\x9f]")


def _hex(match) -> str:
    return f"\\x{ord(match.group()):02x}"


def visible(text):
    """``text`` with every control character but ``\\n`` and ``\\t`` shown as a
    visible ``\\xNN`` escape (a CR, or CR LF, becomes ``\\n``). Keeps the type
    of a ``Markup`` or ``Raw`` value; anything that is not a string is returned
    unchanged (so it can be jinja's ``finalize``)."""
    if not isinstance(text, str):
        return text
    cleaned = _CONTROL.sub(_hex, text.replace("\r\n", "\n").replace("\r", "\n"))
    if isinstance(text, (Markup, Raw)):
        return type(text)(cleaned)
    return cleaned


def json_visible(json_text: str) -> str:
    """JSON text with DEL and C1 characters (legal raw inside JSON strings, and
    passed through by encoders) written as ``\\u00NN`` escapes. Only valid
    because such characters can occur in JSON text only inside strings."""
    return _JSON_RAW_CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", json_text)


_ENTITIES = (("&", "&amp;"), ("<", "&lt;"))  # no tag, comment or entity can start
_INLINE = re.compile(r"([\\`*\[\]{}|~!]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9]))")
_BLOCK_START = re.compile(r"^(\s*)(\d*)([#+\-=>.)])")


class Raw(str):
    """Text already in Markdown (built by the renderer): not escaped again."""


def markdown_escape(text, keep_lines: bool = False) -> str:
    if isinstance(text, Raw):
        return visible(text)  # built by the renderer, but may carry a user string
    text = visible(str(text))
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
