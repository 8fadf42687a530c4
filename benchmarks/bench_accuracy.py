"""Accuracy of the knowledge base against vignettes (run by hand; never a test).

    python benchmarks/bench_accuracy.py [--set held_out|held_out_2|blind_safety|library|all] [--verbose]

held_out: benchmarks/vignettes/held_out.yaml, 62 vignettes written
independently of the rules (the rule authors then saw its scores, so it is now
a regression set); held_out_2: 60 more, written blind and kept from the rule
authors until the knowledge base was finished, then scored once; blind_safety:
48 realistic presentations (atypical, incomplete, mimics, causes outside the
knowledge base) written from published cases and guidelines by an author given
only the contract, with their sources; library: the shipped case library
(rules/cases/). Reports emergency recall and false alarms, under-triage
(and dangerous under-triage: urgent or emergency sent to routine or self-care),
triage agreement, leading-condition top-1 and top-3 accuracy, for cases with no
known cause whether legwise said so and suggested the expected outside causes,
and every miss. The last line prints the figures. Always exits 0: a report.
"""
from __future__ import annotations

import argparse
from pathlib import Path

import expert
from expert.cases import load_case_library, parse_cases
from facts.vocabulary import urgency_rank

VIGNETTES = Path(__file__).resolve().parent / "vignettes"
HELD_OUT_SETS = ("held_out", "held_out_2", "blind_safety")


def load(which: str) -> list:
    cases = []
    for name in HELD_OUT_SETS:
        if which in (name, "all"):
            cases += parse_cases(name, (VIGNETTES / f"{name}.yaml").read_text(encoding="utf-8"))
    if which in ("library", "all"):
        cases += list(load_case_library())
    return cases


def ratio(hits: int, total: int) -> str:
    return f"{hits}/{total} ({100 * hits / total:.0f}%)" if total else "0/0 (n/a)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", dest="which", choices=(*HELD_OUT_SETS, "library", "all"), default="held_out")
    parser.add_argument("--verbose", action="store_true", help="list every case, not only misses")
    args = parser.parse_args()

    rows = []
    for case in load(args.which):
        try:
            result = expert.assess(case.presentation_dict())
            got = result.triage.level
            top = [(d.condition, d.certainty) for d in result.differential[:3]]
            fit = (result.fit.status, {c.id for c in result.fit.consider})
        except Exception as error:  # a report: a broken case is a miss, not a crash
            got, top, fit = f"error: {type(error).__name__}: {error}", [], ("error", set())
        rows.append((case, got, top, fit))
    fits = {id(r[0]): r[3] for r in rows}
    rows = [r[:3] for r in rows]

    def level(got: str) -> int:
        return urgency_rank(got) if not got.startswith("error") else -1

    expected_em = [r for r in rows if r[0].expected.triage == "emergency"]
    others = [r for r in rows if r[0].expected.triage != "emergency"]
    recall = sum(got == "emergency" for _, got, _ in expected_em)
    false_alarms = sum(got == "emergency" for _, got, _ in others)
    under = sum(level(got) < urgency_rank(c.expected.triage) for c, got, _ in rows)
    over = sum(level(got) > urgency_rank(c.expected.triage) for c, got, _ in rows)
    exact = sum(got == c.expected.triage for c, got, _ in rows)
    dangerous = sum(urgency_rank(c.expected.triage) >= urgency_rank("urgent") and 0 <= level(got) <= urgency_rank("routine")
                    for c, got, _ in rows)
    known = [r for r in rows if r[0].expected.leading is not None]
    unknown = [r for r in rows if r[0].expected.leading is None]
    top1 = sum(bool(top) and top[0][0] == c.expected.leading for c, _, top in known)
    top3 = sum(c.expected.leading in [t for t, _ in top] for c, _, top in known)
    said_no_fit = sum(fits[id(c)][0] == "no_known_cause" for c, _, _ in unknown)
    suggested = sum(set(c.expected.consider) <= fits[id(c)][1] for c, _, _ in unknown)

    n = len(rows)
    print(f"set: {args.which}   cases: {n}")
    print(f"emergency recall:          {ratio(recall, len(expected_em))}  (expected emergency -> emergency)")
    print(f"emergency false alarms:    {ratio(false_alarms, len(others))}  (expected non-emergency -> emergency)")
    print(f"under-triage:              {ratio(under, n)}  (less urgent than expected)")
    print(f"dangerous under-triage:    {ratio(dangerous, n)}  (urgent or emergency -> routine or self-care)")
    print(f"over-triage:               {ratio(over, n)}  (more urgent than expected)")
    print(f"triage exact agreement:    {ratio(exact, n)}")
    print(f"leading condition top-1:   {ratio(top1, len(known))}")
    print(f"leading condition top-3:   {ratio(top3, len(known))}")
    print(f"no known cause, said so:   {ratio(said_no_fit, len(unknown))}  (fit.status no_known_cause)")
    print(f"  outside causes named:    {ratio(suggested, len(unknown))}  (expected consider ids all in fit.consider)")

    print("\nmisses (triage or top-1):" if not args.verbose else "\ncases:")
    shown = 0
    for case, got, top in rows:
        triage_ok = got == case.expected.triage
        if case.expected.leading is None:
            status, consider = fits[id(case)]
            lead_ok = status == "no_known_cause" and set(case.expected.consider) <= consider
        else:
            lead_ok = bool(top) and top[0][0] == case.expected.leading
        if triage_ok and lead_ok and not args.verbose:
            continue
        shown += 1
        mark = "ok  " if triage_ok and lead_ok else "MISS"
        ranked = ", ".join(f"{c} {cf:.2f}" for c, cf in top) or "(empty differential)"
        print(f"  {mark} {case.id}: expected {case.expected.triage}/{case.expected.leading}; "
              f"got {got}; top 3: {ranked}")
    if not shown:
        print("  none")
    print(f"{args.which}: emergencies {recall}/{len(expected_em)}, dangerous under-triage {dangerous}, "
          f"under-triage {under}, false emergencies {false_alarms}/{len(others)}, triage exact {exact}/{n}, "
          f"top-1 {top1}/{len(known)}, top-3 {top3}/{len(known)}, no-known-cause said {said_no_fit}/{len(unknown)}, "
          f"outside causes named {suggested}/{len(unknown)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
