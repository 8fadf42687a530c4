"""Reading a cohort of presentations as a stream of numbered records.

Four shapes of input, read lazily so that memory stays flat whatever the
input's size:

* ``jsonl``: one JSON presentation per line (blank lines skipped);
* ``json``: one JSON array of presentations, read element by element;
* ``csv``: a header of finding ids (plus optional ``id``, ``age``, ``sex``
  columns), one presentation per row, each cell ``yes``, ``no`` or blank
  (unknown);
* ``dir``: a folder of case files (``.json``, ``.yaml``, ``.yml``), in name
  order.

Each record is bounded as a single case file is (``facts.reading``: size,
depth, duplicate keys). A record that cannot be read becomes a ``Record``
with an ``error``, named by its line (or element, or file), so that the rest
of the batch goes on. A problem with the input as a whole (a CSV header with
an unknown column, a missing file) raises ``InvalidPresentation`` before any
record is read.
"""
from __future__ import annotations

import csv
import io
import itertools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator, Optional

from facts.presentation import parse_text, suggest
from facts.reading import InvalidPresentation, load_json, max_input_bytes
from facts.vocabulary import FINDINGS

FORMATS = ("jsonl", "json", "csv", "dir")
CASE_FILE_SUFFIXES = (".json", ".yaml", ".yml")
CSV_CONTEXT_COLUMNS = ("id", "age", "sex")
CSV_VALUES = {"yes": True, "y": True, "true": True, "1": True,
              "no": False, "n": False, "false": False, "0": False, "": None}
READ_BYTES = 1 << 16


@dataclass(frozen=True)
class Record:
    """One presentation of the input: where it is, and its data or why it
    could not be read."""
    number: int
    """its line (jsonl, csv), element (json, from 1) or file (dir, from 1)"""
    where: str
    """how a message names it: ``cohort.jsonl, line 12``"""
    data: Any = None
    error: Optional[str] = None


def detect_format(path: Path) -> str:
    """The input's format, from what it is: a folder, or its suffix."""
    if path.is_dir():
        return "dir"
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    if suffix in (".json", ".csv"):
        return suffix[1:]
    raise InvalidPresentation([f"cannot tell the format of {path.name!r} from its name: use --input-format "
                               f"({', '.join(FORMATS)})"])


def read_records(path: Path, input_format: str) -> Iterator[Record]:
    """The input's records, in order, read as they are needed."""
    if not path.exists():
        raise InvalidPresentation([f"{path} does not exist"])
    if input_format == "dir" and not path.is_dir():
        raise InvalidPresentation([f"{path} is not a folder (--input-format dir)"])
    if input_format != "dir" and path.is_dir():
        raise InvalidPresentation([f"{path} is a folder: use --input-format dir"])
    records = {"jsonl": _jsonl, "json": _json_array, "csv": _csv, "dir": _folder}[input_format](path)
    # The first record is read now, so that a problem with the input as a
    # whole (a CSV header, a JSON input that is no array) is raised before
    # any output is written.
    first = next(records, None)
    return records if first is None else itertools.chain([first], records)


def count_records(path: Path, input_format: str) -> Optional[int]:
    """How many records there are, cheaply, for a progress bar's ETA (None:
    not known without parsing the whole input)."""
    if input_format == "dir":
        return sum(1 for _ in _case_files(path))
    if input_format == "json":
        return None
    lines = 0
    last = b"\n"
    with path.open("rb") as stream:
        while chunk := stream.read(READ_BYTES):
            lines += chunk.count(b"\n")
            last = chunk[-1:]
    lines += last != b"\n"
    return max(0, lines - 1) if input_format == "csv" else lines


# -- JSON lines --------------------------------------------------------------


def jsonl_partitions(path: Path, size: int) -> list[tuple[int, int, int]]:
    """The file cut into parts of about ``size`` bytes at line ends, each as
    (start, end, number of its first line), for readers that read parts in
    parallel (``expert.batch.on_dask``)."""
    total = path.stat().st_size
    parts, start, line = [], 0, 1
    with path.open("rb") as stream:
        while start < total:
            stream.seek(min(total, start + size))
            stream.readline()  # on to the end of the line the cut falls in
            end = min(total, stream.tell())
            parts.append((start, end, line))
            stream.seek(start)
            remaining = end - start
            while remaining:
                chunk = stream.read(min(READ_BYTES, remaining))
                remaining -= len(chunk)
                line += chunk.count(b"\n")
            start = end
    return parts


def read_jsonl_part(path: Path, start: int, end: int, first_line: int) -> Iterator[Record]:
    """The records of one part of a JSON lines file (``jsonl_partitions``)."""
    return _jsonl(path, start, end, first_line)


def _jsonl(path: Path, start: int = 0, end: Optional[int] = None, first_line: int = 1) -> Iterator[Record]:
    limit = max_input_bytes()
    with path.open("rb") as stream:
        stream.seek(start)
        number = first_line - 1
        while end is None or stream.tell() < end:
            line = stream.readline(limit + 1)
            if not line:
                return
            number += 1
            where = f"{path.name}, line {number}"
            if len(line) > limit and not line.endswith(b"\n"):
                while (rest := stream.readline(READ_BYTES)) and not rest.endswith(b"\n"):
                    pass  # skip the rest of the overlong line, never holding more than a chunk
                yield Record(number, where, error=f"the line is larger than {limit:,} bytes")
                continue
            text = line.decode("utf-8", errors="replace").strip()
            if not text:
                continue
            try:
                yield Record(number, where, data=load_json(text, where))
            except InvalidPresentation as error:
                yield Record(number, where, error="; ".join(error.problems))


# -- one JSON array ------------------------------------------------------------


def _json_array(path: Path) -> Iterator[Record]:
    """Elements of a top-level array, decoded one at a time from a sliding
    buffer (no element larger than the input limit)."""
    limit = max_input_bytes()
    decoder = json.JSONDecoder()
    with path.open("r", encoding="utf-8", errors="replace") as stream:
        buffer, position, number = "", 0, 0
        expecting = "["

        def more() -> bool:
            nonlocal buffer, position
            chunk = stream.read(READ_BYTES)
            buffer, position = buffer[position:] + chunk, 0
            return bool(chunk)

        while True:
            while position < len(buffer) and buffer[position].isspace():
                position += 1
            if position >= len(buffer):
                if more():
                    continue
                if expecting != "end":
                    yield Record(number + 1, f"{path.name}, element {number + 1}",
                                 error="the input ends before the array is closed with ']'")
                return
            char = buffer[position]
            if expecting == "end":
                yield Record(number + 1, f"{path.name}, after element {number}",
                             error=f"unexpected {char!r} after the array's closing ']'")
                return
            if expecting == "[":
                if char != "[":
                    raise InvalidPresentation([f"{path.name}: a JSON input must be an array of presentations "
                                               f"(it starts with {char!r}); for one case use legwise assess"])
                position, expecting = position + 1, "element or ]"
                continue
            if char == "]" and expecting != "element":
                position, expecting = position + 1, "end"
                continue
            if expecting == ",":
                if char != ",":
                    yield Record(number + 1, f"{path.name}, element {number + 1}",
                                 error=f"expected ',' or ']' after element {number}, found {char!r}")
                    return
                position, expecting = position + 1, "element"
                continue
            number += 1
            where = f"{path.name}, element {number}"
            while True:
                try:
                    _, end = decoder.raw_decode(buffer, position)
                    break
                except json.JSONDecodeError as error:
                    if len(buffer) - position > limit:
                        yield Record(number, where, error=f"the element is larger than {limit:,} bytes "
                                                          "or not valid JSON")
                        return
                    if not more():
                        yield Record(number, where, error=f"not valid JSON: {error.msg}")
                        return
            text = buffer[position:end]
            position, expecting = end, ","
            try:  # decoded again for the same checks as any case file (depth, duplicate keys)
                yield Record(number, where, data=load_json(text, where))
            except InvalidPresentation as error:
                yield Record(number, where, error="; ".join(error.problems))


# -- CSV -----------------------------------------------------------------------


def _csv(path: Path) -> Iterator[Record]:
    with path.open("r", encoding="utf-8-sig", errors="replace", newline="") as stream:
        reader = csv.reader(stream)
        header = next(reader, None)
        if header is None:
            return
        columns = [name.strip() for name in header]
        _check_header(path, columns)
        for row in reader:
            number = reader.line_num
            where = f"{path.name}, line {number}"
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(columns):
                yield Record(number, where, error=f"{len(row)} cells where the header has {len(columns)}")
                continue
            try:
                yield Record(number, where, data=_csv_presentation(columns, row))
            except ValueError as error:
                yield Record(number, where, error=str(error))


def _check_header(path: Path, columns: list[str]) -> None:
    problems = []
    for name in columns:
        if name in FINDINGS or name in CSV_CONTEXT_COLUMNS:
            continue
        hint = suggest(name, list(FINDINGS) + list(CSV_CONTEXT_COLUMNS))
        problems.append(f"column {name!r} is not a finding id or one of {', '.join(CSV_CONTEXT_COLUMNS)}"
                        + (f" (did you mean {hint!r}?)" if hint else ""))
    repeated = sorted({name for name in columns if columns.count(name) > 1})
    if repeated:
        problems.append(f"columns repeated: {', '.join(repeated)}")
    if problems:
        raise InvalidPresentation(problems, f"{path.name}, line 1")


def _csv_presentation(columns: list[str], row: list[str]) -> dict:
    data: dict[str, Any] = {"findings": {}}
    for name, cell in zip(columns, row):
        value = cell.strip()
        if name in CSV_CONTEXT_COLUMNS:
            if value:
                data[name] = int(value) if name == "age" and value.lstrip("-").isdigit() else value
            continue
        if value.lower() not in CSV_VALUES:
            raise ValueError(f"{name}: {value!r} is not yes, no or blank")
        if CSV_VALUES[value.lower()] is not None:
            data["findings"][name] = CSV_VALUES[value.lower()]
    return data


# -- a folder of case files ----------------------------------------------------


def _case_files(folder: Path) -> Iterator[Path]:
    return (entry for entry in sorted(folder.iterdir(), key=lambda e: e.name)
            if entry.is_file() and entry.suffix.lower() in CASE_FILE_SUFFIXES)


def _folder(folder: Path) -> Iterator[Record]:
    limit = max_input_bytes()
    for number, entry in enumerate(_case_files(folder), start=1):
        try:
            with entry.open("rb") as stream:
                raw = stream.read(limit + 1)
            if len(raw) > limit:
                raise InvalidPresentation([f"the file is larger than {limit:,} bytes"])
            presentation = parse_text(io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8",
                                                       errors="replace").read(), entry.name)
            yield Record(number, entry.name, data=presentation.model_dump(exclude_none=True))
        except InvalidPresentation as error:
            yield Record(number, entry.name, error="; ".join(error.problems))
