"""Throughput and latency of ``legwise serve`` (run by hand; never a timed test).

    python benchmarks/bench_serve.py [--clients 20] [--seconds 10] [--workers 1,2] [--no-trace]

For each number of workers, starts ``legwise serve`` (uvicorn) on loopback
on a free port, waits until it answers, warms it up (every worker builds its
engine on its first request), then has ``--clients`` threads, each with its
own keep-alive ``http.client`` connection, send ``POST /api/assess`` as fast
as answers come back for ``--seconds``. The bodies cycle through ``--cases``
generated presentations (``legwise generate``'s generator, seed 1), so the
mix is the same on every run. Prints requests per second and the p50, p95
and p99 latency of the answers, and any non-200 answer or failure.

Target (issue 9, 2 cores shared with the clients): p95 under 50 ms with 20
clients. The LAST line prints the figures.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(os.path.abspath(__file__)).parent.parent
sys.path.insert(0, str(ROOT))

from expert.batch.generate import generate_presentations  # noqa: E402

HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def start_server(port: int, workers: int) -> subprocess.Popen:
    command = [sys.executable, "-m", "expert", "serve", "--host", HOST, "--port", str(port),
               "--workers", str(workers), "--no-access-log"]
    return subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def wait_until_up(server: subprocess.Popen, port: int, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"legwise serve exited with {server.returncode}: "
                             f"{server.stderr.read().decode(errors='replace')[-2000:]}")
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=2)
            connection.request("GET", "/api/findings")
            if connection.getresponse().status == 200:
                connection.close()
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"legwise serve did not answer on port {port} within {timeout:.0f} s")


def stop_server(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def drive(port: int, bodies: list[bytes], path: str, clients: int, seconds: float) -> dict:
    """``clients`` threads posting for ``seconds``: latencies (s), errors, elapsed."""
    latencies: list[list[float]] = [[] for _ in range(clients)]
    errors: list[list[str]] = [[] for _ in range(clients)]
    start = threading.Barrier(clients + 1)
    stop_at = [0.0]

    def client(number: int) -> None:
        connection = http.client.HTTPConnection(HOST, port, timeout=30)
        headers = {"Content-Type": "application/json"}
        index = number
        start.wait()
        while time.perf_counter() < stop_at[0]:
            body = bodies[index % len(bodies)]
            index += clients
            began = time.perf_counter()
            try:
                connection.request("POST", path, body=body, headers=headers)
                response = connection.getresponse()
                response.read()
            except (OSError, http.client.HTTPException) as error:
                errors[number].append(type(error).__name__)
                connection.close()
                connection = http.client.HTTPConnection(HOST, port, timeout=30)
                continue
            latencies[number].append(time.perf_counter() - began)
            if response.status != 200:
                errors[number].append(f"HTTP {response.status}")
        connection.close()

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(clients)]
    for thread in threads:
        thread.start()
    stop_at[0] = time.perf_counter() + seconds
    began = time.perf_counter()
    start.wait()
    for thread in threads:
        thread.join()
    return {"latencies": sorted(x for per in latencies for x in per),
            "errors": [e for per in errors for e in per], "elapsed": time.perf_counter() - began}


def percentile(ordered: list[float], fraction: float) -> float:
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--warmup", type=float, default=3.0, help="seconds of load before measuring")
    parser.add_argument("--workers", default="1,2", help="comma-separated numbers of workers")
    parser.add_argument("--cases", type=int, default=200, help="generated presentations to cycle through")
    parser.add_argument("--no-trace", action="store_true", help="ask for answers without the rule trace")
    args = parser.parse_args()
    bodies = [json.dumps(p).encode() for p in generate_presentations(args.cases, 1)]
    path = "/api/assess" + ("?trace=false" if args.no_trace else "")
    figures = []
    for workers in (int(w) for w in args.workers.split(",")):
        port = free_port()
        server = start_server(port, workers)
        try:
            wait_until_up(server, port)
            drive(port, bodies, path, args.clients, args.warmup)
            result = drive(port, bodies, path, args.clients, args.seconds)
        finally:
            stop_server(server)
        ordered, errors = result["latencies"], result["errors"]
        rate = len(ordered) / result["elapsed"]
        p50, p95, p99 = (1000 * percentile(ordered, q) for q in (0.50, 0.95, 0.99))
        print(f"workers {workers}  clients {args.clients}  {len(ordered):6d} requests in {result['elapsed']:.1f} s  "
              f"{rate:7.1f} req/s   p50 {p50:6.1f} ms   p95 {p95:6.1f} ms   p99 {p99:6.1f} ms   "
              f"errors {len(errors)}{' (' + ', '.join(sorted(set(errors))) + ')' if errors else ''}")
        figures.append(f"workers {workers}: {rate:.0f} req/s, p50 {p50:.1f} ms, p95 {p95:.1f} ms, "
                       f"p99 {p99:.1f} ms, errors {len(errors)}")
    print(f"POST {path}, {args.clients} clients, {args.seconds:g} s:   " + "   ".join(figures))


if __name__ == "__main__":
    main()
