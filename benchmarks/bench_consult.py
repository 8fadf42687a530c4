"""Interactive speed of a consultation (run by hand; never a timed test).

    python benchmarks/bench_consult.py [--rounds 3] [--limit N]

Runs a scripted consultation for every case in the case library: it starts
from the complaint with the case's age and sex only, and answers each question
from the case's coded findings ("don't know" when the case does not code the
finding). A *step* is what a person waits for after answering: recording the
answer, re-assessing, and choosing the next question. Reports the median, 99th
percentile and worst step, the first question (which includes building the
engine), the number of questions per case, how many consultations ended with
the case's expected triage and leading condition, and the cost of a WHY.

Target on a 2-core machine (issue 10): a step 100 ms at the 99th percentile.
The LAST line prints the figures. How many questions a
consultation asks of every library case and benchmark vignette, and whether
it ever ends with a lower triage than the whole case: bench_consult_questions.py.
"""
from __future__ import annotations

import argparse
import statistics
import time


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def consult(case, steps: list[float], why_ms: list[float]):
    from expert.consult import Consultation, reply_from_findings

    started = time.perf_counter()
    session = Consultation(age=case.presentation.age, sex=case.presentation.sex)
    question = session.next_question()
    first = (time.perf_counter() - started) * 1000
    while question is not None:
        started = time.perf_counter()
        session.why()
        why_ms.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        session.answer(reply_from_findings(question, case.presentation.findings))
        session.assessment()
        question = session.next_question()
        steps.append((time.perf_counter() - started) * 1000)
    return session, first


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="passes over the case library")
    parser.add_argument("--limit", type=int, default=None, help="only the first N cases")
    args = parser.parse_args()

    from expert.cases import load_case_library
    from expert.knowledge_base import default_knowledge_base

    cases = list(load_case_library())[:args.limit]
    started = time.perf_counter()
    default_knowledge_base().engine_class
    build_ms = (time.perf_counter() - started) * 1000

    steps: list[float] = []
    firsts: list[float] = []
    why_ms: list[float] = []
    questions: list[int] = []
    triage_ok = leading_ok = 0
    for round_number in range(args.rounds):
        for case in cases:
            session, first = consult(case, steps, why_ms)
            firsts.append(first)
            if round_number == 0:
                assessment = session.assessment()
                questions.append(len(session.answers))
                triage_ok += assessment.triage.level == case.expected.triage
                leading_ok += assessment.leading_condition == case.expected.leading

    rules = len(default_knowledge_base().rules)
    print(f"cases: {len(cases)}   rounds: {args.rounds}   knowledge rules: {rules}   steps timed: {len(steps)}")
    print(f"build engine class (once):   {build_ms:8.1f} ms")
    print(f"first question:              {statistics.median(firsts):8.1f} ms median, {max(firsts):.1f} ms max")
    print("step (answer -> next question, assessment updated):")
    print(f"                             {statistics.median(steps):8.1f} ms median, "
          f"{percentile(steps, 99):.1f} ms p99, {max(steps):.1f} ms max")
    print(f"WHY of the current question: {statistics.median(why_ms):8.2f} ms median, {max(why_ms):.2f} ms max")
    print(f"questions per consultation:  {statistics.median(questions):8.0f} median, "
          f"{min(questions)} min, {max(questions)} max")
    print(f"ended with expected triage:  {triage_ok}/{len(cases)}; expected leading condition: "
          f"{leading_ok}/{len(cases)}")
    p99 = percentile(steps, 99)
    print(f"step {statistics.median(steps):.1f} ms median, {p99:.1f} ms p99 "
          f"({'met' if p99 <= 100 else 'NOT met'}: p99 <= 100 ms)")


if __name__ == "__main__":
    main()
