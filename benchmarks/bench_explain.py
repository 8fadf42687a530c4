"""Speed of the explanations and reports (run by hand; never a timed test).

    python benchmarks/bench_explain.py [--rounds 3] [--cases 0]

Over the case library (every case, or the first N with --cases N), after a
warm-up, reports the median, 99th-percentile and worst time of:

* ``what_if`` and ``questions_worth_asking``, each on its own;
* a full WHAT IF: both, sharing their engine runs (what ``legwise explain
  --what-if`` and the reports do), with how many engine runs it took;
* ``explain_how`` for every major conclusion (triage, red flags, leading
  conditions) and ``explain_why_not`` for every emergency condition;
* building the report model, and rendering it as Markdown, HTML and JSON.

Targets on a 2-core machine (issue 10): a full WHAT IF 100 ms and the report
model 100 ms, both at the median, with the full WHAT IF under 1 s at p99
(issue 8). The LAST line prints the figures.
"""
from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path
import sys

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))]


def timed(samples: dict, name: str, function, *args, **kwargs):
    started = time.perf_counter()
    result = function(*args, **kwargs)
    samples.setdefault(name, []).append((time.perf_counter() - started) * 1000)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="passes over the case set")
    parser.add_argument("--cases", type=int, default=0, help="only the first N cases (0: all)")
    args = parser.parse_args()

    import expert
    from expert.cases import load_case_library
    from expert.explanations.explanation import Explanation
    from expert.explanations.how import explain_how
    from expert.explanations.scenarios import explain_what_if
    from expert.explanations.what_if import questions_worth_asking, what_if
    from expert.explanations.why_not import explain_why_not
    from expert.report import render
    from facts.vocabulary import CONDITIONS

    cases = [case.presentation_dict() for case in load_case_library()]
    if args.cases:
        cases = cases[:args.cases]
    emergency = [c for c, vocab in CONDITIONS.items() if vocab.urgency == "emergency"]

    for case in cases[:3]:  # warm-up: engine class, RETE network, caches
        Explanation(case).report("html")

    samples: dict[str, list[float]] = {}
    runs_per_case = []
    for _ in range(args.rounds):
        for case in cases:
            timed(samples, "inference (for scale)", expert.infer, case)
            timed(samples, "what_if", what_if, case)
            timed(samples, "questions_worth_asking", questions_worth_asking, case)
            runs: dict = {}
            timed(samples, "full WHAT IF (both, shared runs)", explain_what_if, case, runs)
            runs_per_case.append(sum(1 for key in runs if key and key[0] not in ("screen", "fired through")))

            explanation = Explanation(case)
            assessment = explanation.assessment
            majors = ["triage"] + [f.id for f in assessment.red_flags] + \
                [d.condition for d in assessment.differential[:3]]
            timed(samples, "explain_how, every major conclusion",
                  lambda: [explain_how(explanation.inference, m) for m in majors])
            timed(samples, "explain_why_not, every emergency condition",
                  lambda: [explain_why_not(explanation.inference, c) for c in emergency])

            explanation = Explanation(case)
            report = timed(samples, "report model (all of the above)", explanation.report_model)
            for output_format in ("markdown", "html", "json"):
                timed(samples, f"render {output_format}", render, report, output_format)

    print(f"cases: {len(cases)}   rounds: {args.rounds}")
    width = max(len(name) for name in samples)
    for name, values in samples.items():
        print(f"{name:<{width}}  {statistics.median(values):8.1f} ms median  "
              f"{percentile(values, 99):8.1f} ms p99  {max(values):8.1f} ms max")
    print(f"engine runs per full WHAT IF: {statistics.median(runs_per_case):.0f} median, {max(runs_per_case)} max")
    what_if_ms = samples["full WHAT IF (both, shared runs)"]
    report_ms = samples["report model (all of the above)"]

    def verdict(value: float, target: float) -> str:
        return "met" if value <= target else "NOT met"

    print(f"full WHAT IF {statistics.median(what_if_ms):.1f} ms median "
          f"({verdict(statistics.median(what_if_ms), 100)}: <= 100), "
          f"{percentile(what_if_ms, 99):.1f} ms p99 ({verdict(percentile(what_if_ms, 99), 1000)}: <= 1000); "
          f"report model {statistics.median(report_ms):.1f} ms median "
          f"({verdict(statistics.median(report_ms), 100)}: <= 100)")


if __name__ == "__main__":
    main()
