"""A CLIPS yardstick: legwise's knowledge base compiled to CLIPS (run by hand; never a test).

    pip install -e '.[bench]'        # clipspy, CLIPS built in
    python benchmarks/bench_clips.py [--repeat N] [--show-mismatches N]

``clips_compiler`` compiles the rule objects of ``rules.knowledge_base()``
(never hand-written CLIPS per rule) and the engine's machinery to one CLIPS
program. Then, on every case of the case library and every benchmark vignette
(benchmarks/vignettes/*.yaml), CLIPS must reach what ``expert.infer`` reaches:
the same red flags, patterns, evidence (rule, condition, cf), certainties
(within 1e-9), outside causes, fit, urgency claims, triage and
recommendations. Every mismatch is printed with the case id.

Timing, on the same cases in one run: legwise ``expert.assess`` median ms per
case and the inference alone (``engine.infer`` on a validated presentation);
CLIPS reset + assert + run per case, median. The issue's target is legwise
within 10x of CLIPS per case; this only reports the ratio.

Self-check first: a rule with a condition the compiler does not know must make
it raise. Exits 1 on any mismatch or failed self-check, 2 without clipspy. The
last line prints the figures.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import expert  # noqa: E402
from expert import dsl  # noqa: E402
from expert.cases import load_case_library, parse_cases  # noqa: E402
from expert.engine import engine_for_this_thread  # noqa: E402
from facts import working_memory as wm  # noqa: E402
from facts.presentation import parse_presentation  # noqa: E402

import clips_compiler  # noqa: E402

TOLERANCE = 1e-9


def load_cases() -> list:
    cases = []
    for path in sorted((HERE / "vignettes").glob("*.yaml")):
        cases += parse_cases(path.stem, path.read_text(encoding="utf-8"))
    return cases + list(load_case_library())


# --------------------------------------------------------------------------
# What each side concluded, in one shape


@dataclass
class Outcome:
    patterns: set
    red_flags: set        # (id, rule)
    evidence: set         # (rule, condition, cf)
    certainties: dict     # condition -> certainty
    considers: set        # (cause, rule)
    fit: tuple            # (status, unexplained) or None
    claims: set           # (level, because)
    triage: tuple         # (level, because) or None
    recommendations: set  # (action, serves, rule)


def legwise_outcome(inference) -> Outcome:
    def final(kind):
        return inference.final_facts(kind)
    fits = [(f["status"], tuple(f["unexplained"])) for f in final(wm.Fit)]
    triages = [(t["level"], tuple(t["because"])) for t in final(wm.Triage)]
    return Outcome(
        patterns={p["id"] for p in final(wm.Pattern)},
        red_flags={(r["id"], r["rule"]) for r in final(wm.RedFlag)},
        evidence={(e["rule"], e["condition"], e["cf"]) for e in final(wm.Evidence)},
        certainties={h["condition"]: h["certainty"] for h in final(wm.Hypothesis)},
        considers={(c["cause"], c["rule"]) for c in final(wm.Consider)},
        fit=fits[0] if len(fits) == 1 else (tuple(fits) or None),
        claims={(u["level"], u["because"]) for u in final(wm.UrgencyClaim)},
        triage=triages[0] if len(triages) == 1 else (tuple(triages) or None),
        recommendations={(r["action"], r["serves"], r["rule"]) for r in final(wm.Recommendation)},
    )


def clips_outcome(env) -> Outcome:
    out = Outcome(set(), set(), set(), {}, set(), None, set(), None, set())
    fits, triages = [], []
    for fact in env.facts():
        name = fact.template.name
        if name == "pattern":
            out.patterns.add(str(fact["id"]))
        elif name == "red-flag":
            out.red_flags.add((str(fact["id"]), str(fact["rule"])))
        elif name == "evidence":
            out.evidence.add((str(fact["rule"]), str(fact["condition"]), float(fact["cf"])))
        elif name == "hypothesis":
            out.certainties[str(fact["condition"])] = float(fact["certainty"])
        elif name == "consider":
            out.considers.add((str(fact["cause"]), str(fact["rule"])))
        elif name == "fit":
            fits.append((str(fact["status"]), tuple(str(f) for f in fact["unexplained"])))
        elif name == "urgency-claim":
            out.claims.add((str(fact["level"]), str(fact["because"])))
        elif name == "triage":
            triages.append((str(fact["level"]), tuple(str(b) for b in fact["because"])))
        elif name == "recommendation":
            out.recommendations.add((str(fact["action"]), str(fact["serves"]), str(fact["rule"])))
    out.fit = fits[0] if len(fits) == 1 else (tuple(fits) or None)
    out.triage = triages[0] if len(triages) == 1 else (tuple(triages) or None)
    return out


def differences(ours: Outcome, theirs: Outcome) -> list[str]:
    """What CLIPS (theirs) concluded differently from legwise (ours)."""
    found = []
    for name in ("patterns", "red_flags", "evidence", "considers", "claims", "recommendations"):
        a, b = getattr(ours, name), getattr(theirs, name)
        if a != b:
            found.append(f"{name}: legwise only {sorted(a - b)}, CLIPS only {sorted(b - a)}")
    a, b = ours.certainties, theirs.certainties
    if a.keys() != b.keys():
        found.append(f"hypotheses: legwise only {sorted(a.keys() - b.keys())}, CLIPS only {sorted(b.keys() - a.keys())}")
    for condition in sorted(a.keys() & b.keys()):
        if abs(a[condition] - b[condition]) > TOLERANCE:
            found.append(f"certainty of {condition}: legwise {a[condition]!r}, CLIPS {b[condition]!r}")
    for name in ("fit", "triage"):
        if getattr(ours, name) != getattr(theirs, name):
            found.append(f"{name}: legwise {getattr(ours, name)}, CLIPS {getattr(theirs, name)}")
    return found


# --------------------------------------------------------------------------


def self_check() -> list[str]:
    """The compiler must refuse what it cannot translate, not skip it."""
    failures = []

    @dataclass(frozen=True)
    class Mystery(dsl.Condition):
        def fact_types(self):
            return [(wm.Finding, False)]

    @dataclass(frozen=True)
    class MysteryConclusion(dsl.Conclusion):
        layer = "evidence"

    base = dict(id="clips.selfcheck.rule", title="t", rationale="r",
                cites=dsl.Citation("doc", "Doc", "passage"))
    probes = {
        "unknown condition": dsl.KnowledgeRule(when=(Mystery(),), then=(dsl.Weigh("meniscal_tear", 0.5),), **base),
        "unknown condition inside any_of": dsl.KnowledgeRule(
            when=(dsl.any_of(dsl.present("knee_locking"), Mystery()),),
            then=(dsl.Weigh("meniscal_tear", 0.5),), **base),
        "unknown conclusion": dsl.KnowledgeRule(when=(dsl.present("knee_locking"),),
                                                then=(MysteryConclusion(),), **base),
    }
    for what, probe in probes.items():
        try:
            clips_compiler.compile_rule(probe)
        except clips_compiler.UnsupportedRule:
            continue
        failures.append(f"self-check: the compiler accepted a rule with an {what}")
    return failures


def build_environment(clips, program: str):
    env = clips.Environment()
    with tempfile.NamedTemporaryFile("w", suffix=".clp", encoding="utf-8", delete=False) as handle:
        handle.write(program)
        path = Path(handle.name)
    try:
        env.load(str(path))
    finally:
        path.unlink()
    return env


def clips_run(env, facts: str) -> None:
    env.reset()
    env.load_facts(facts)
    env.run()


def median_ms(function, items, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        for item in items:
            start = time.perf_counter()
            function(item)
            times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="timed passes over the cases (default 3)")
    parser.add_argument("--show-mismatches", type=int, default=20, help="cases with a mismatch to print in full")
    args = parser.parse_args()
    try:
        import clips
    except ImportError:
        print("bench_clips: clipspy is not installed (pip install -e '.[bench]')", file=sys.stderr)
        return 2

    import rules
    failures = self_check()
    for failure in failures:
        print(failure)

    knowledge_rules = rules.knowledge_base()
    start = time.perf_counter()
    program = clips_compiler.compile_knowledge_base(knowledge_rules)
    env = build_environment(clips, program)
    build_s = time.perf_counter() - start
    defrules = sum(1 for _ in env.rules())
    print(f"compiled {len(knowledge_rules)} knowledge rules to {defrules} CLIPS defrules "
          f"(with the machinery) in {build_s:.2f} s; clipspy {getattr(clips, '__version__', '?')}")

    cases = load_cases()
    prepared = []
    for case in cases:
        presentation = parse_presentation(case.presentation_dict())
        prepared.append((case, presentation, clips_compiler.facts_text(
            presentation.age, presentation.sex, dict(presentation.findings))))

    mismatched = 0
    engine = engine_for_this_thread()
    for case, presentation, facts in prepared:
        ours = legwise_outcome(engine.infer(presentation))
        clips_run(env, facts)
        found = differences(ours, clips_outcome(env))
        if found:
            mismatched += 1
            if mismatched <= args.show_mismatches:
                print(f"MISMATCH {case.id}:")
                for line in found:
                    print(f"    {line}")
    print(f"equivalence: {len(prepared) - mismatched}/{len(prepared)} cases agree")

    dicts = [case.presentation_dict() for case, _, _ in prepared]
    for d in dicts[:20]:  # warm both
        expert.assess(d)
    assess_ms = median_ms(expert.assess, dicts, args.repeat)
    infer_ms = median_ms(engine.infer, [p for _, p, _ in prepared], args.repeat)
    clips_ms = median_ms(lambda facts: clips_run(env, facts), [f for _, _, f in prepared], args.repeat)
    print(f"legwise expert.assess: {assess_ms:.3f} ms per case (median); inference alone {infer_ms:.3f} ms")
    print(f"CLIPS reset+assert+run: {clips_ms:.3f} ms per case (median)")
    ratio = assess_ms / clips_ms
    print(f"ratio legwise/CLIPS: {ratio:.1f}x assess, {infer_ms / clips_ms:.1f}x inference alone "
          f"(target: within 10x per case -> {'met' if ratio <= 10 else 'not met'})")
    print(f"clips: cases {len(prepared)}, mismatches {mismatched}, self-check failures {len(failures)}, "
          f"legwise {assess_ms:.2f} ms (inference {infer_ms:.2f} ms), CLIPS {clips_ms:.3f} ms, "
          f"ratio {ratio:.1f}x (inference {infer_ms / clips_ms:.1f}x)")
    return 1 if mismatched or failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
