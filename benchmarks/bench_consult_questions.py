"""How many questions a consultation asks, and whether it ever lowers the
triage (run by hand; never a timed test).

    python benchmarks/bench_consult_questions.py [--set all|library|NAME] [--jobs N] [--verbose]

Every case of the case library (``expert.cases.load_case_library``) and of
the benchmark vignettes (``benchmarks/vignettes/*.yaml``; NAME is a file's
name without .yaml) is consulted as a simulated patient: the consultation
starts from the case's age and sex only, and each question is answered from
the case's coded findings ("don't know" when the case does not code the
finding; a checklist item by item, as ``expert.consult.reply_from_findings``
says: those present, those not coded as "not sure", the rest no), until the
consultation stops by itself. A checklist counts as one question.
Target (issue 11): median <= 12 questions, triage lowered 0. Its final assessment is
compared with ``expert.assess`` of the whole coded case:

* ``triage lowered``: consultations that ended with a triage lower (by
  ``facts.vocabulary.urgency_rank``) than the full case's: must be 0;
* ``same triage`` / ``same leader``: those that ended with the full case's
  triage, and with its leading condition.

Prints a line per set (library, each vignette file) with its median, then
the step times, and the figures on the LAST line: cases, median/mean/max
questions, triage lowered, same triage, same leader. ``--verbose`` lists
every case whose triage or leader differs from the full case's.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from typing import Optional
from pathlib import Path

HERE = Path(os.path.abspath(__file__)).parent
sys.path.insert(0, str(HERE.parent))

VIGNETTES = HERE / "vignettes"


def case_sets(which: str) -> list[tuple[str, list]]:
    from expert.cases import load_case_library, parse_cases

    sets = []
    if which in ("all", "library"):
        sets.append(("library", list(load_case_library())))
    for path in sorted(VIGNETTES.glob("*.yaml")):
        if which in ("all", path.stem):
            sets.append((path.stem, parse_cases(path.stem, path.read_text(encoding="utf-8"))))
    if not sets:
        raise SystemExit(f"no case set {which!r}")
    return sets


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))]


def consult(case, min_value: Optional[float] = None) -> dict:
    """One simulated consultation, and the full case's assessment."""
    import expert
    from expert.consult import Consultation, reply_from_findings
    from facts.vocabulary import urgency_rank

    findings = case.presentation.findings
    steps = []
    started = time.perf_counter()
    options = {} if min_value is None else {"min_value": min_value}
    session = Consultation(age=case.presentation.age, sex=case.presentation.sex, **options)
    question = session.next_question()
    while question is not None:
        step = time.perf_counter()
        session.answer(reply_from_findings(question, findings))
        question = session.next_question()
        steps.append(time.perf_counter() - step)
    elapsed = time.perf_counter() - started
    got = session.assessment()
    full = expert.assess(case.presentation_dict())
    return {"id": case.id, "questions": len(session.answers), "seconds": elapsed, "steps": steps,
            "triage": got.triage.level, "full_triage": full.triage.level,
            "leader": got.leading_condition, "full_leader": full.leading_condition,
            "lowered": urgency_rank(got.triage.level) < urgency_rank(full.triage.level)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", dest="which", default="all",
                        help="all (default), library, or a vignette file's name (e.g. held_out)")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes (the step times suffer)")
    parser.add_argument("--verbose", action="store_true", help="list the cases that end differently")
    parser.add_argument("--min-value", type=float, default=None,
                        help="the value a question no safety needs must reach (default: the consultation's)")
    args = parser.parse_args()

    sets = case_sets(args.which)
    flat = [case for _, cases in sets for case in cases]
    if args.jobs > 1:
        with ProcessPoolExecutor(args.jobs) as pool:
            results = list(pool.map(partial(consult, min_value=args.min_value), flat, chunksize=4))
    else:
        results = [consult(case, args.min_value) for case in flat]

    position = 0
    for name, cases in sets:
        part = results[position:position + len(cases)]
        position += len(cases)
        counts = [r["questions"] for r in part]
        print(f"{name:14s} {len(part):4d} cases   questions: median {statistics.median(counts):5.1f}, "
              f"max {max(counts):3d}   triage lowered: {sum(r['lowered'] for r in part)}")
    if args.verbose:
        for r in results:
            if r["triage"] != r["full_triage"] or r["leader"] != r["full_leader"]:
                print(f"  {r['id']}: {r['questions']} questions; triage {r['triage']} (full case "
                      f"{r['full_triage']}); leader {r['leader']} (full case {r['full_leader']})"
                      + ("   TRIAGE LOWERED" if r["lowered"] else ""))
    steps = [s * 1000 for r in results for s in r["steps"]]
    if steps:
        print(f"step (answer -> next question): {statistics.median(steps):.1f} ms median, "
              f"{percentile(steps, 99):.1f} ms p99, {max(steps):.1f} ms max")
    counts = [r["questions"] for r in results]
    print(f"cases: {len(results)}   questions: median {statistics.median(counts):.1f}, "
          f"mean {statistics.mean(counts):.1f}, max {max(counts)}   "
          f"triage lowered: {sum(r['lowered'] for r in results)}   "
          f"same triage: {sum(r['triage'] == r['full_triage'] for r in results)}/{len(results)}   "
          f"same leader: {sum(r['leader'] == r['full_leader'] for r in results)}/{len(results)}   "
          f"both: {sum(r['triage'] == r['full_triage'] and r['leader'] == r['full_leader'] for r in results)}"
          f"/{len(results)}")


if __name__ == "__main__":
    main()
