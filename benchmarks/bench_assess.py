"""Speed and memory of ``expert.assess`` (run by hand; never a timed test).

    python benchmarks/bench_assess.py [--rounds 30]

Reports, over every case in the case library (or the bundled examples):
the one-off cost of building the engine class and of constructing an engine
(the first engine of a class compiles the matcher's plan; later ones reuse
it), then the median and 99th-percentile latency of
``assess()`` with its full trace after warm-up, of the inference alone and
of the same inference on experta's stock ReteMatcher (same run), and the
peak memory of one assessment.

Targets on a 2-core machine (issue 10): ``assess()`` 2 ms median and 5 ms
p99 with the full trace, engine construction 30 ms. The LAST line prints the
figures.
"""
from __future__ import annotations

import argparse
import gc
import json
import statistics
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def load_cases() -> list[dict]:
    try:
        from expert.cases import load_case_library
        cases = [case.presentation_dict() for case in load_case_library()]
        if cases:
            return cases
    except ImportError:
        pass
    return [json.loads(p.read_text()) for p in sorted((ROOT / "examples").glob("*.json"))]


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30, help="passes over the case set")
    args = parser.parse_args()

    started = time.perf_counter()
    import expert
    from expert.knowledge_base import default_knowledge_base
    import_ms = (time.perf_counter() - started) * 1000

    started = time.perf_counter()
    engine_class = default_knowledge_base().engine_class
    class_ms = (time.perf_counter() - started) * 1000
    constructions = []
    for _ in range(5):
        started = time.perf_counter()
        engine_class()
        constructions.append((time.perf_counter() - started) * 1000)

    cases = load_cases()
    for case in cases:  # warm-up
        expert.assess(case)

    # The same rules, strategy and trace on experta's stock ReteMatcher, timed
    # in the same run (tests/test_matcher.py proves both fire alike).
    from expert.engine.experta_import import experta
    from facts.presentation import parse_presentation

    stock = type("StockMatcherEngine", (engine_class,), {"__matcher__": experta.matchers.ReteMatcher})()
    parsed = [parse_presentation(case) for case in cases]
    for presentation in parsed:
        stock.infer(presentation)

    # Each is timed in a pass of its own, as a caller would make calls: run
    # between them, the stock matcher's large network evicts legwise's
    # working set from the caches and leaves garbage for legwise's
    # allocations to collect, which no caller of assess() pays.
    assess_ms, infer_ms, stock_ms, firings = [], [], [], []
    gc.collect()
    for _ in range(args.rounds):
        for case in cases:
            started = time.perf_counter()
            assessment = expert.assess(case)
            assess_ms.append((time.perf_counter() - started) * 1000)
            firings.append(len(assessment.trace))
    gc.collect()
    for _ in range(args.rounds):
        for case in cases:
            started = time.perf_counter()
            expert.infer(case)
            infer_ms.append((time.perf_counter() - started) * 1000)
    gc.collect()
    for _ in range(args.rounds):
        for presentation in parsed:
            started = time.perf_counter()
            stock.infer(presentation)
            stock_ms.append((time.perf_counter() - started) * 1000)

    tracemalloc.start()
    for case in cases:
        expert.assess(case)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    rules = len(engine_class.knowledge_rules)
    print(f"cases: {len(cases)}   rounds: {args.rounds}   knowledge rules: {rules}")
    print(f"import expert:                {import_ms:8.1f} ms")
    print(f"build engine class (once):    {class_ms:8.1f} ms")
    print(f"construct an engine:          {statistics.median(constructions):8.1f} ms median, "
          f"{constructions[0]:.1f} ms the first (compiles the matcher's plan)")
    print(f"assess() with full trace:     {statistics.median(assess_ms):8.2f} ms median, "
          f"{percentile(assess_ms, 99):.2f} ms p99, {max(assess_ms):.2f} ms max")
    print(f"inference alone:              {statistics.median(infer_ms):8.2f} ms median, "
          f"{percentile(infer_ms, 99):.2f} ms p99")
    print(f"inference, stock ReteMatcher: {statistics.median(stock_ms):8.2f} ms median, "
          f"{percentile(stock_ms, 99):.2f} ms p99 (ratio legwise/stock "
          f"{statistics.median(infer_ms) / statistics.median(stock_ms):.2f})")
    print(f"rule firings per case:        {statistics.median(firings):8.0f} median, {max(firings)} max")
    print(f"peak memory, one assessment:  {peak / 1024:8.0f} KiB (tracemalloc, over the case set)")
    print(f"assess {statistics.median(assess_ms):.2f} ms median / {percentile(assess_ms, 99):.2f} ms p99 "
          f"(targets 2 / 5); engine class {class_ms:.0f} ms, construction {statistics.median(constructions):.1f} ms "
          f"(first {constructions[0]:.0f} ms; target 30); inference {statistics.median(infer_ms):.2f} ms vs stock experta "
          f"{statistics.median(stock_ms):.2f} ms")


if __name__ == "__main__":
    main()
