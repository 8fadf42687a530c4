"""Reading a case, bounded and unguessing: the one place every entry point
turns bytes (a file, stdin, a string) into plain data for validation.

* Size: at most ``MAX_INPUT_BYTES`` (1 MB; ``LEGWISE_MAX_INPUT_BYTES`` or a
  ``max_bytes`` argument changes it), enforced while reading in chunks, so
  ``/dev/zero`` or an endless pipe is refused without filling memory.
* Depth: JSON and YAML nested deeper than ``MAX_DEPTH`` are refused, checked
  without recursion.
* YAML: the safe loader, with only the YAML 1.2 core booleans (``yes``,
  ``no``, ``on``, ``off`` stay text), and no anchors or aliases at all.
* Duplicate keys are refused in JSON and YAML, naming the key.
* Messages quote at most a short, escaped prefix of any bad value.

Every refusal is an ``InvalidPresentation``.
"""
from __future__ import annotations

import codecs
import json
import os
import re
import reprlib
import stat
from pathlib import Path
from typing import Any, BinaryIO, TextIO, Union

import yaml
from yaml.composer import ComposerError
from yaml.events import AliasEvent, CollectionStartEvent, ScalarEvent
from yaml.nodes import MappingNode

MAX_INPUT_BYTES = 1_000_000
MAX_INPUT_BYTES_ENV = "LEGWISE_MAX_INPUT_BYTES"
MAX_DEPTH = 32
QUOTE_CHARS = 40
MAX_PROBLEMS = 20
CHUNK_BYTES = 64 * 1024


class InvalidPresentation(ValueError):
    """The presentation cannot be used; ``problems`` lists each reason."""

    def __init__(self, problems: list[str], source: str | None = None):
        self.problems = problems
        self.source = source
        where = f"{source}: " if source else ""
        if len(problems) == 1:
            message = f"{where}invalid presentation: {problems[0]}"
        else:
            message = f"{where}invalid presentation:\n" + "\n".join(f"  - {p}" for p in problems)
        super().__init__(message)


# --- bounded quoting ---------------------------------------------------------

_repr = reprlib.Repr()
_repr.maxlevel = 2
_repr.maxdict = _repr.maxlist = _repr.maxtuple = _repr.maxset = _repr.maxfrozenset = 4
_repr.maxstring = _repr.maxother = _repr.maxlong = QUOTE_CHARS


def quote(value: Any, limit: int = QUOTE_CHARS) -> str:
    """``repr(value)``, but a long string shows only its first ``limit``
    characters (control characters escaped) and its length, and any other
    value is abbreviated by ``reprlib``: never long, never recursive."""
    if isinstance(value, str):
        if len(value) <= limit:
            return repr(value)
        return f"{value[:limit]!r}... ({len(value):,} characters)"
    try:
        shown = _repr.repr(value)
    except Exception:  # an odd object's __repr__ must not hide the real problem
        return f"a {type(value).__name__}"
    # reprlib bounds each level, not the whole: nested containers can still add up.
    return shown if len(shown) <= 2 * limit else f"{shown[:2 * limit]}... (a {type(value).__name__})"


def bounded_problems(problems: list[str]) -> list[str]:
    """At most ``MAX_PROBLEMS`` problems, then a count of the rest."""
    if len(problems) <= MAX_PROBLEMS:
        return problems
    rest = len(problems) - MAX_PROBLEMS
    return problems[:MAX_PROBLEMS] + [f"... and {rest:,} more problem{'s' if rest != 1 else ''}"]


# --- bounded reading ---------------------------------------------------------

def max_input_bytes(max_bytes: int | None = None) -> int:
    """The cap: ``max_bytes`` if given, else ``LEGWISE_MAX_INPUT_BYTES`` if
    set, else ``MAX_INPUT_BYTES``."""
    if max_bytes is not None:
        return max_bytes
    raw = os.environ.get(MAX_INPUT_BYTES_ENV)
    if raw is None or not raw.strip():
        return MAX_INPUT_BYTES
    try:
        value = int(raw.strip().replace("_", ""))
    except ValueError:
        value = -1
    if value <= 0:
        raise InvalidPresentation(
            [f"{MAX_INPUT_BYTES_ENV} must be a positive whole number of bytes, not {quote(raw)}"])
    return value


def _too_large(max_bytes: int) -> str:
    return f"input is larger than {max_bytes:,} bytes (set {MAX_INPUT_BYTES_ENV} to allow more)"


def _universal_newlines(text: str) -> str:
    # What text-mode reading (Path.read_text, sys.stdin) does to line ends.
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def _read_stream(stream: Union[BinaryIO, TextIO], max_bytes: int, source: str) -> str:
    """Read a binary or text stream in chunks, refusing past ``max_bytes``."""
    binary = getattr(stream, "buffer", None)
    if binary is not None and hasattr(binary, "read"):
        stream = binary
    decoder = codecs.getincrementaldecoder("utf-8")()
    parts: list[str] = []
    total = 0
    while True:
        chunk = stream.read(CHUNK_BYTES)
        if not chunk:
            break
        if isinstance(chunk, str):
            total += len(chunk.encode("utf-8", "surrogatepass"))
            text = chunk
        else:
            total += len(chunk)
            if total > max_bytes:
                raise InvalidPresentation([_too_large(max_bytes)], source)
            try:
                text = decoder.decode(chunk)
            except UnicodeDecodeError:
                raise InvalidPresentation([f"{source} is not UTF-8 text"]) from None
        if total > max_bytes:
            raise InvalidPresentation([_too_large(max_bytes)], source)
        parts.append(text)
    try:
        parts.append(decoder.decode(b"", final=True))
    except UnicodeDecodeError:
        raise InvalidPresentation([f"{source} is not UTF-8 text"]) from None
    return _universal_newlines("".join(parts))


def read_bounded(path_or_stream: Union[str, Path, BinaryIO, TextIO], max_bytes: int | None = None) -> str:
    """The UTF-8 text of a file, of stdin (``'-'``), or of an open stream,
    read in chunks and refused as soon as it passes ``max_bytes`` (default:
    ``max_input_bytes()``). Devices and pipes are bounded the same way."""
    limit = max_input_bytes(max_bytes)
    if not isinstance(path_or_stream, (str, Path)):
        return _read_stream(path_or_stream, limit, getattr(path_or_stream, "name", None) or "<stream>")
    if str(path_or_stream) == "-":
        import sys
        return _read_stream(sys.stdin, limit, "<stdin>")
    path = Path(path_or_stream)
    try:
        with open(path, "rb") as handle:
            info = os.fstat(handle.fileno())
            if stat.S_ISDIR(info.st_mode):
                raise IsADirectoryError
            if stat.S_ISREG(info.st_mode) and info.st_size > limit:
                raise InvalidPresentation([_too_large(limit)], str(path))
            return _read_stream(handle, limit, str(path))
    except FileNotFoundError:
        raise InvalidPresentation([f"no such file: {path}"]) from None
    except IsADirectoryError:
        raise InvalidPresentation([f"{path} is a directory, not a case file"]) from None
    except OSError as error:
        raise InvalidPresentation([f"cannot read {path}: {error.strerror}"]) from None


# --- JSON ----------------------------------------------------------------------

_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)  # unrolled: no per-character backtracking state
_BRACKETS = re.compile(r"[\[\]{}]")


def json_depth_exceeds(text: str, max_depth: int = MAX_DEPTH) -> bool:
    """Whether brackets outside strings nest deeper than ``max_depth``; a
    linear scan, no recursion."""
    depth = 0
    for match in _BRACKETS.finditer(_JSON_STRING.sub("", text)):
        if match.group() in "[{":
            depth += 1
            if depth > max_depth:
                return True
        else:
            depth -= 1
    return False


class _DuplicateKey(ValueError):
    pass


def _unique_pairs(pairs: list[tuple[str, Any]]) -> dict:
    result: dict = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKey(key)
        result[key] = value
    return result


def _duplicate_message(key: Any, line: int | None = None) -> str:
    where = f" (line {line})" if line is not None else ""
    return f"duplicate key {quote(key)}{where}: each key may appear once"


def _json_key_line(text: str, key: str) -> int | None:
    """The line of the second occurrence of ``"key":`` in ``text``, if found."""
    needle = json.dumps(key, ensure_ascii=False)
    first = text.find(needle)
    second = text.find(needle, first + 1) if first >= 0 else -1
    return text.count("\n", 0, second) + 1 if second >= 0 else None


def load_json(text: str, source: str | None = None, max_depth: int = MAX_DEPTH) -> Any:
    """Plain data from JSON text: depth-capped, duplicate keys refused."""
    if json_depth_exceeds(text, max_depth):
        raise InvalidPresentation([f"nested more than {max_depth} levels deep"], source)
    try:
        return json.loads(text, object_pairs_hook=_unique_pairs)
    except _DuplicateKey as error:
        key = error.args[0]
        raise InvalidPresentation([_duplicate_message(key, _json_key_line(text, key))], source) from None
    except json.JSONDecodeError as error:
        raise InvalidPresentation(
            [f"not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}"], source
        ) from None
    except (ValueError, RecursionError) as error:  # e.g. an integer too long to convert
        raise InvalidPresentation([f"not valid JSON: {quote(str(error), 80)}"], source) from None


# --- YAML ----------------------------------------------------------------------

class _CoreResolver(yaml.resolver.Resolver):
    """The safe resolver, with YAML 1.2 core booleans instead of 1.1's."""


_CoreResolver.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.resolver.Resolver.yaml_implicit_resolvers.items()
}
_CoreResolver.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


MAX_YAML_NODES = 5_000  # a full presentation has about two per known finding


class _Restrictions:
    """Composer and constructor overrides shared by both loaders."""

    max_depth = MAX_DEPTH
    max_nodes = MAX_YAML_NODES

    def _restrict(self) -> None:
        self._depth = 0
        self._nodes = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, AliasEvent):
            raise ComposerError(None, None, "aliases (*name) are not allowed", event.start_mark)
        if isinstance(event, (ScalarEvent, CollectionStartEvent)) and event.anchor is not None:
            raise ComposerError(None, None, "anchors (&name) are not allowed", event.start_mark)
        self._nodes += 1
        if self._nodes > self.max_nodes:
            raise ComposerError(None, None, f"more than {self.max_nodes:,} values", event.start_mark)
        self._depth += 1
        try:
            if self._depth > self.max_depth:
                raise ComposerError(None, None, f"nested more than {self.max_depth} levels deep",
                                    event.start_mark)
            return yaml.composer.Composer.compose_node(self, parent, index)
        finally:
            self._depth -= 1

    def construct_mapping(self, node, deep=False):
        if isinstance(node, MappingNode):
            self.flatten_mapping(node)
            seen = set()
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=deep)
                try:
                    duplicate = key in seen
                    seen.add(key)
                except TypeError:
                    continue  # unhashable: the base class refuses it
                if duplicate:
                    raise _DuplicateKey(key, key_node.start_mark.line + 1)
        return yaml.constructor.SafeConstructor.construct_mapping(self, node, deep=deep)


class PureCoreSafeLoader(_Restrictions, yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser,
                         yaml.composer.Composer, yaml.constructor.SafeConstructor, _CoreResolver):
    """``yaml.SafeLoader`` restricted: 1.2 core booleans, no anchors or
    aliases, nesting at most ``max_depth``, at most ``max_nodes`` values,
    duplicate keys refused."""

    def __init__(self, stream):
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        yaml.composer.Composer.__init__(self)
        yaml.constructor.SafeConstructor.__init__(self)
        _CoreResolver.__init__(self)
        self._restrict()


try:
    from yaml._yaml import CParser
except ImportError:  # no libyaml: the pure-Python reader and scanner
    CoreSafeLoader = PureCoreSafeLoader
else:
    class CoreSafeLoader(_Restrictions, yaml.composer.Composer, CParser, yaml.constructor.SafeConstructor,
                         _CoreResolver):
        """As ``PureCoreSafeLoader``, but libyaml scans and parses (fast on
        a megabyte); composing stays in Python, where it is restricted."""

        def __init__(self, stream):
            CParser.__init__(self, stream)
            yaml.composer.Composer.__init__(self)
            yaml.constructor.SafeConstructor.__init__(self)
            _CoreResolver.__init__(self)
            self._restrict()


def load_yaml(text: str, source: str | None = None) -> Any:
    """Plain data from YAML text with ``CoreSafeLoader``."""
    loader = None
    try:
        loader = CoreSafeLoader(text)  # the reader refuses some characters at once
        return loader.get_single_data()
    except _DuplicateKey as error:
        raise InvalidPresentation([_duplicate_message(*error.args)], source) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(error, "problem", None) or "cannot be parsed"
        if "maximum nesting depth" in problem:  # libyaml's own, far higher, limit
            problem = f"nested more than {MAX_DEPTH} levels deep"
        raise InvalidPresentation([f"not valid JSON or YAML: {problem[:200]}{where}"], source) from None
    except (ValueError, TypeError, OverflowError, RecursionError) as error:
        # e.g. an impossible date, or an integer too long to convert
        raise InvalidPresentation([f"not valid YAML: {quote(str(error), 80)}"], source) from None
    finally:
        if loader is not None:
            loader.dispose()
