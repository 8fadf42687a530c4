"""Batch throughput and memory (run by hand; never a timed test).

    python benchmarks/bench_batch.py [--count 100000] [--jobs 1,2] [--seed 1]

Generates ``--count`` presentations (``legwise generate``'s generator), then
for each number of jobs runs the batch as ``legwise batch`` does
(``expert.batch.running.render_records`` and the JSON lines writer, output
to /dev/null), without and with traces. Prints cases per second and this
process's resident memory after warm-up and at the end (with --jobs 1 all
the work, engine included, runs in this process, so its growth is the
batch's).

Targets (issue 10, 2 cores): >= 1,000 cases/s without traces, >= 400 with
them; RSS growth under 20 MB across 100,000 cases. The LAST line prints the
figures.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(os.path.abspath(__file__)).parent.parent))

from expert.batch.generate import generate_presentations  # noqa: E402
from expert.batch.records import read_records  # noqa: E402
from expert.batch.running import render_records  # noqa: E402
from expert.batch.writing import RecordWriter  # noqa: E402


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds() -> float:
    """CPU time of this process and its ended children (the workers, once the pool is shut down)."""
    return sum(usage.ru_utime + usage.ru_stime
               for usage in (resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)))


def run(path: Path, jobs: int, trace: bool) -> tuple[float, float, float, float]:
    """cases/s, RSS after warm-up, RSS at the end, CPU ms per case. On a
    shared machine the rate follows the other load; the CPU per case (this
    process and the workers, start-up included) much less so."""
    cpu_before = cpu_seconds()
    with open(os.devnull, "w") as sink:
        writer = RecordWriter(sink, "jsonl")
        results = render_records(read_records(path, "jsonl"), jobs, None, trace)
        writer.write(next(results))  # warm-up: the engine built, the workers started
        start_rss, started, count = rss_mb(), time.perf_counter(), 0
        for rendered in results:
            writer.write(rendered)
            count += 1
        elapsed = time.perf_counter() - started
    return count / elapsed, start_rss, rss_mb(), 1000 * (cpu_seconds() - cpu_before) / (count + 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--jobs", default="1,2", help="comma-separated numbers of jobs")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    figures = []
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "cohort.jsonl"
        with path.open("w") as stream:
            for presentation in generate_presentations(args.count, args.seed):
                stream.write(json.dumps(presentation) + "\n")
        for jobs in (int(j) for j in args.jobs.split(",")):
            for trace in (False, True):
                rate, before, after, cpu = run(path, jobs, trace)
                label = f"jobs {jobs} {'with' if trace else 'without'} traces"
                print(f"{label:28s} {rate:8.1f} cases/s   {cpu:5.2f} ms CPU/case   RSS {before:6.1f} MB -> "
                      f"{after:6.1f} MB ({after - before:+.1f} MB over {args.count:,} cases)")
                figures.append(f"{label}: {rate:.0f}/s, {cpu:.2f} ms CPU/case, RSS {after - before:+.1f} MB")
    print(f"cases: {args.count}   " + "   ".join(figures))


if __name__ == "__main__":
    main()
