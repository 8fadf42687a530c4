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

CLIPS fires the pattern, red-flag and evidence layers in legwise's order
(``StableStrategy``): certainty combination rounds at every step, so the order
evidence is asserted in shows in the fourth decimal now and then. The same
program left to CLIPS's own depth strategy is checked and timed too, for
information (it disagrees on such certainties, and only on those).

Timing, on the same cases in one run: legwise ``expert.assess`` median ms per
case and the inference alone (``engine.infer`` on a validated presentation);
CLIPS reset + assert + run per case, median, in both orders. The issue's
target is legwise within 10x of CLIPS per case; this only reports the ratio
(against the CLIPS program checked equivalent). Timings on a shared machine
vary from run to run; the ratio, taken in one run, varies less.

Self-check first: a rule with a condition or conclusion the compiler does not
know must make it raise. Exits 1 on any mismatch or failed self-check, 2
without clipspy. The last line prints the figures.
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
from expert.knowledge_base import engine_for_this_thread  # noqa: E402
from expert.engine import working_memory as wm  # noqa: E402
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
    """What CLIPS concluded, read through the program's ``legwise-report``
    (plain values: template name, field count, fields)."""
    out = Outcome(set(), set(), set(), {}, set(), None, set(), None, set())
    fits, triages = [], []
    values = list(env.eval("(legwise-report)"))
    i = 0
    while i < len(values):
        name, count = str(values[i]), int(values[i + 1])
        fields = values[i + 2:i + 2 + count]
        i += 2 + count
        text = [str(v) for v in fields]
        if name == "pattern":
            out.patterns.add(text[0])
        elif name == "red-flag":
            out.red_flags.add((text[0], text[1]))
        elif name == "evidence":
            out.evidence.add((text[0], text[1], float(fields[2])))
        elif name == "hypothesis":
            out.certainties[text[0]] = float(fields[1])
        elif name == "consider":
            out.considers.add((text[0], text[1]))
        elif name == "fit":
            fits.append((text[0], tuple(text[1:])))
        elif name == "urgency-claim":
            out.claims.add((text[0], text[1]))
        elif name == "triage":
            triages.append((text[0], tuple(text[1:])))
        elif name == "recommendation":
            out.recommendations.add((text[0], text[1], text[2]))
        else:
            raise ValueError(f"unexpected {name!r} in CLIPS's report")
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
    class Mystery(dsl.Clause):
        def fact_kinds(self):
            return [("Finding", False)]

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


class ClipsRunner:
    """One CLIPS environment holding the compiled program; ``run`` is one
    case: reset, assert the input facts, run."""

    def __init__(self, clips, program: str):
        self.clips = clips
        self.env = build_environment(clips, program)
        self.input = self.env.find_function("legwise-input")

    def prepare(self, presentation) -> tuple:
        """The arguments of ``legwise-input`` for a presentation."""
        symbol, nil = self.clips.Symbol, self.clips.Symbol("nil")
        arguments = [presentation.age if presentation.age is not None else nil,
                     symbol(presentation.sex) if presentation.sex else nil]
        for finding, value in sorted(presentation.findings.items()):
            arguments += [symbol(finding), symbol("TRUE" if value else "FALSE")]
        return tuple(arguments)

    def run(self, arguments: tuple) -> None:
        self.env.reset()
        self.input(*arguments)
        self.env.run()


def median_ms(runs: dict, items: list, repeat: int) -> dict:
    """Median ms per case of each function. Each pass times one function over
    every case, and the functions take turns pass by pass, so a machine
    busy for a while slows them alike. (Not case by case in turn: then each
    engine starts every case with the other's data in the CPU caches, and a
    CLIPS reset, which walks the whole network, becomes several times slower.)
    ``items`` holds one argument per function for each case."""
    times: dict = {name: [] for name in runs}
    for _ in range(repeat):
        for name, function in runs.items():
            for arguments in items:
                start = time.perf_counter()
                function(arguments[name])
                times[name].append(time.perf_counter() - start)
    return {name: 1000 * statistics.median(values) for name, values in times.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed passes over the cases (default 5)")
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
    program = clips_compiler.compile_knowledge_base(knowledge_rules, order="legwise")
    exact = ClipsRunner(clips, program)
    build_s = time.perf_counter() - start
    native = ClipsRunner(clips, clips_compiler.compile_knowledge_base(knowledge_rules, order="native"))
    defrules = int(exact.env.eval("(length$ (get-defrule-list))"))
    print(f"compiled {len(knowledge_rules)} knowledge rules to {defrules} CLIPS defrules "
          f"(with the machinery) in {build_s:.2f} s; clipspy {_version('clipspy')}")

    cases = load_cases()
    engine = engine_for_this_thread()
    prepared = [(case, parse_presentation(case.presentation_dict())) for case in cases]
    mismatched = native_mismatched = 0
    for case, presentation in prepared:
        ours = legwise_outcome(engine.infer(presentation))
        exact.run(exact.prepare(presentation))
        found = differences(ours, clips_outcome(exact.env))
        if found:
            mismatched += 1
            if mismatched <= args.show_mismatches:
                print(f"MISMATCH {case.id}:")
                for line in found:
                    print(f"    {line}")
        native.run(native.prepare(presentation))
        native_mismatched += bool(differences(ours, clips_outcome(native.env)))
    print(f"equivalence: {len(prepared) - mismatched}/{len(prepared)} cases agree "
          f"(CLIPS firing in legwise's order)")
    print(f"  with CLIPS's own depth strategy instead: {len(prepared) - native_mismatched}/{len(prepared)} agree "
          "(certainty rounding follows the order evidence is asserted; informative, not checked)")

    for case, _ in prepared[:20]:  # warm up
        expert.assess(case.presentation_dict())
    items = [{"assess": case.presentation_dict(), "infer": p, "clips": exact.prepare(p), "native": native.prepare(p)}
             for case, p in prepared]
    medians = median_ms({"assess": expert.assess, "infer": engine.infer,
                                     "clips": exact.run, "native": native.run}, items, args.repeat)
    assess_ms, infer_ms, clips_ms, native_ms = (medians[k] for k in ("assess", "infer", "clips", "native"))
    ratio = assess_ms / clips_ms
    print(f"legwise expert.assess: {assess_ms:.3f} ms per case (median); inference alone (engine.infer) "
          f"{infer_ms:.3f} ms")
    print(f"CLIPS reset+assert+run: {clips_ms:.3f} ms per case (median) in legwise's firing order; "
          f"{native_ms:.3f} ms with CLIPS's depth strategy")
    print(f"ratio legwise/CLIPS: {ratio:.1f}x assess, {infer_ms / clips_ms:.1f}x inference alone; "
          f"against CLIPS's own order {assess_ms / native_ms:.1f}x and {infer_ms / native_ms:.1f}x "
          f"(target: legwise within 10x of CLIPS per case -> {'met' if ratio <= 10 else 'not met'})")
    print(f"clips: cases {len(prepared)}, mismatches {mismatched}, self-check failures {len(failures)}, "
          f"legwise {assess_ms:.2f} ms/case (inference {infer_ms:.2f}), CLIPS {clips_ms:.3f} ms/case "
          f"(own order {native_ms:.3f}), ratio {ratio:.1f}x (inference {infer_ms / clips_ms:.1f}x)")
    return 1 if mismatched or failures else 0


def _version(distribution: str) -> str:
    try:
        from importlib.metadata import version
        return version(distribution)
    except Exception:  # a report: the version is only shown
        return "?"


if __name__ == "__main__":
    raise SystemExit(main())
