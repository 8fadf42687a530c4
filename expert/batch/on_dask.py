"""The same batch on a Dask cluster (the optional ``dask`` extra).

``legwise batch INPUT -o OUT --dask ADDRESS`` connects to a running
scheduler (``tcp://host:8786``); ``--dask local`` starts a LocalCluster of
``--jobs`` worker processes on this machine. A JSON lines input is cut into
parts at line ends (``expert.batch.records.jsonl_partitions``) and every
worker reads its own parts, so the file must be at the same path on every
worker (a shared filesystem). Other inputs are read here and sent to the
workers in chunks. Either way the results come back to be written here, in
input order and byte for byte what one process writes, with a bounded
number of tasks in flight.
"""
from __future__ import annotations

import itertools
from collections import deque
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Iterator, Optional

from distributed import Client, LocalCluster

from expert.batch.records import Record, jsonl_partitions, read_jsonl_part, read_records
from expert.batch.running import CHUNK, Rendered, render_record

PART_BYTES = 256 * 1024
"""About a thousand presentations of a JSON lines file per task."""
IN_FLIGHT_PER_THREAD = 2


def render_part(path: str, start: int, end: int, first_line: int, fields: Optional[tuple[str, ...]],
                trace: bool) -> list[Rendered]:
    """One part of a JSON lines file, read and assessed on a worker."""
    return [render_record(record, fields, trace) for record in read_jsonl_part(Path(path), start, end, first_line)]


def render_chunk(records: list[Record], fields: Optional[tuple[str, ...]], trace: bool) -> list[Rendered]:
    return [render_record(record, fields, trace) for record in records]


@contextmanager
def connect(address: str, jobs: int) -> Iterator[Client]:
    """A client of the scheduler at ``address``, or of a new LocalCluster of
    ``jobs`` single-threaded worker processes on loopback for ``local``;
    closed (the local cluster with it) on leaving."""
    with ExitStack() as stack:
        if address == "local":
            target = stack.enter_context(LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True,
                                                      dashboard_address=None, host="127.0.0.1"))
        else:
            target = address
        yield stack.enter_context(Client(target, set_as_default=False))


def render_on_dask(client: Client, path: Path, input_format: str, fields: Optional[tuple[str, ...]],
                   trace: bool) -> Iterator[Rendered]:
    """The batch's rendered records, in input order, assessed on the cluster."""
    if input_format == "jsonl":
        tasks = ((render_part, str(path.resolve()), *part, fields, trace)
                 for part in jsonl_partitions(path, PART_BYTES))
    else:
        records = read_records(path, input_format)
        chunks = iter(lambda: list(itertools.islice(records, CHUNK)), [])
        tasks = ((render_chunk, chunk, fields, trace) for chunk in chunks)
    window = max(1, sum(client.nthreads().values())) * IN_FLIGHT_PER_THREAD
    # pure=False: identical tasks (two equal chunks) are still both run and both written.
    pending = deque(client.submit(*task, pure=False) for task in itertools.islice(tasks, window))
    try:
        while pending:
            done = pending.popleft().result()
            following = next(tasks, None)
            if following is not None:
                pending.append(client.submit(*following, pure=False))
            yield from done
    finally:
        for future in pending:
            future.cancel()
