"""Assessing many presentations in order, on one process or several.

``ordered_map`` sends chunks of records to worker processes and yields the
results in input order. It keeps only a bounded window of chunks in flight
(``WINDOW`` per worker), so a 100,000-record input never sits in memory at
once, and a slow chunk holds back the output, never reorders it. Workers
ignore SIGINT: an interrupt reaches the parent alone, which stops feeding
work, cancels what is queued and leaves the output a complete prefix.

``assess_many`` is the library's entry point; ``expert.cli.batch`` renders
each record in the workers (``render_record``) so that only its output line
crosses between processes.
"""
from __future__ import annotations

import itertools
import json
import os
import signal
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import partial
from typing import Any, Callable, Iterable, Iterator, Optional, TypeVar

from expert.assessment import Assessment, build_assessment
from expert.batch.records import Record
from expert.knowledge_base import engine_for_this_thread
from expert.report.escape import json_visible
from facts.presentation import parse_presentation
from facts.reading import InvalidPresentation

CHUNK = 32
"""Records per task: large enough that sending a task costs little next to
assessing it (about 10 ms a record), small enough to keep every worker busy."""
WINDOW = 4
"""Chunks in flight per worker."""

Item = TypeVar("Item")
Result = TypeVar("Result")


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _ignore_interrupts() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _apply(function: Callable[[Item], Result], chunk: list[Item]) -> list[Result]:
    return [function(item) for item in chunk]


def ordered_map(function: Callable[[Item], Result], items: Iterable[Item], jobs: int = 1,
                chunk: int = CHUNK) -> Iterator[Result]:
    """``map(function, items)`` on ``jobs`` worker processes (1: this one),
    yielding in input order with a bounded number of items in flight.
    ``function`` must be picklable (a module-level function or a partial)."""
    if jobs < 1:
        raise ValueError(f"jobs must be 1 or more, not {jobs}")
    if jobs == 1:
        yield from map(function, items)
        return
    chunks = iter(lambda it=iter(items): list(itertools.islice(it, chunk)), [])
    with ProcessPoolExecutor(jobs, initializer=_ignore_interrupts) as pool:
        pending = deque(pool.submit(_apply, function, part) for part in itertools.islice(chunks, jobs * WINDOW))
        try:
            while pending:
                done = pending.popleft().result()
                following = next(chunks, None)
                if following is not None:
                    pending.append(pool.submit(_apply, function, following))
                yield from done
        finally:
            for future in pending:
                future.cancel()


# -- the library's entry point -------------------------------------------------


@dataclass(frozen=True)
class Assessed:
    """One input's result: its assessment, or why it could not be assessed."""
    number: int
    """its position in the input, from 1"""
    assessment: Optional[Assessment] = None
    error: Optional[str] = None


def _assess_one(numbered: tuple[int, Any]) -> Assessed:
    number, presentation = numbered
    try:
        validated = parse_presentation(presentation, f"record {number}")
    except InvalidPresentation as error:
        return Assessed(number, error=str(error))
    return Assessed(number, build_assessment(validated, engine_for_this_thread().infer(validated)))


def assess_many(presentations: Iterable[Any], jobs: Optional[int] = None) -> Iterator[Assessed]:
    """Assess every presentation (a dict in the contract's shape, or a
    ``Presentation``), yielding an ``Assessed`` per input in input order; a bad
    one gives an ``error`` (the message ``expert.assess`` raises) and the rest
    go on. ``jobs`` worker processes (default: the number of cores)."""
    return ordered_map(_assess_one, enumerate(presentations, start=1), jobs or default_jobs())


# -- one output record, rendered in the worker -----------------------------------


@dataclass(frozen=True)
class Rendered:
    """What the command line writes and counts for one record."""
    number: int
    where: str
    case_id: Optional[str]
    json_line: str
    """the record as one line of JSON: the assessment (its chosen fields) or an error"""
    triage: Optional[str] = None
    red_flags: tuple[str, ...] = ()
    top: tuple[tuple[str, float], ...] = ()
    error: Optional[str] = None


def _case_id(data: Any) -> Optional[str]:
    found = data.get("id") if isinstance(data, dict) else None
    return found if isinstance(found, str) else None


def _line(data: dict) -> str:
    # One line, no raw control characters (json_visible), the fields in the contract's order.
    return json_visible(json.dumps(data, ensure_ascii=False, separators=(",", ":")))


def _may_hold_a_float_written_otherwise(json_text: str) -> bool:
    """Whether pydantic's JSON may differ from ``json.dumps``': it writes a
    float below 1e-4 in magnitude otherwise (``0.00001`` and ``1.5e-7`` where
    Python writes ``1e-05`` and ``1.5e-07``), and elsewhere the same text, so
    a digit before ``e-`` or a ``0.0000`` flags every such float (and, now and
    then, some text in a string: the slow way is right too). Infinities and
    NaN, the other difference, cannot occur: certainties are finite and the
    age a whole number. Plain substring searches: a regular expression over a
    20 kB line with its trace costs more than pydantic's whole dump."""
    if "0.0000" in json_text:
        return True
    at = json_text.find("e-")
    while at != -1:
        if at and json_text[at - 1].isdigit():
            return True
        at = json_text.find("e-", at + 2)
    return False


def _assessment_line(assessment: Assessment, chosen: set[str]) -> str:
    """``_line`` of the assessment's chosen fields, by pydantic's own encoder
    (several times faster than dumping to Python objects and encoding those),
    falling back to ``_line`` when the text may hold a float it writes
    otherwise, so the line is byte for byte what ``_line`` gives."""
    text = assessment.model_dump_json(include=chosen)
    if _may_hold_a_float_written_otherwise(text):
        return _line(assessment.model_dump(mode="json", include=chosen))
    # json_visible only changes DEL and C1 characters; ASCII text without DEL has none.
    return text if text.isascii() and "\x7f" not in text else json_visible(text)


def render_record(record: Record, fields: Optional[tuple[str, ...]] = None, trace: bool = True) -> Rendered:
    """Assess one record and render its output line (run in the workers)."""
    case_id = _case_id(record.data)
    if record.error is None:
        try:
            presentation = parse_presentation(record.data, record.where)
        except InvalidPresentation as error:
            message = "invalid presentation: " + "; ".join(error.problems)
        else:
            chosen = set(fields) if fields else set(Assessment.model_fields)
            if not trace:
                chosen.discard("trace")
            # The trace is built only when it is written: it is a good part of the cost.
            assessment = build_assessment(presentation, engine_for_this_thread().infer(presentation),
                                          trace="trace" in chosen)
            return Rendered(record.number, record.where, case_id, _assessment_line(assessment, chosen),
                            assessment.triage.level, tuple(flag.id for flag in assessment.red_flags),
                            tuple((entry.condition, entry.certainty) for entry in assessment.differential[:3]))
    else:
        message = "invalid presentation: " + record.error
    error_record = {"line": record.number, "where": record.where, "error": message}
    if case_id is not None:
        error_record["case_id"] = case_id
    return Rendered(record.number, record.where, case_id, _line(error_record), error=message)


def render_records(records: Iterable[Record], jobs: int, fields: Optional[tuple[str, ...]] = None,
                   trace: bool = True) -> Iterator[Rendered]:
    """``render_record`` over the records, in order, on ``jobs`` processes."""
    return ordered_map(partial(render_record, fields=fields, trace=trace), records, jobs)
