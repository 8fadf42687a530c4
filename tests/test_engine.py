"""The traced engine: deterministic, bounded, explainable, thread-safe."""
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from hypothesis import given, settings

import expert
from expert.dsl import LAYER
from expert.engine.experta_import import experta
from expert.engine.core import RunawayInference, TracedEngine
from expert.knowledge_base import default_knowledge_base, engine_for_this_thread
from expert.trace import Provenance
from expert.engine import working_memory as wm
from facts.presentation import load_presentation, parse_presentation
from tests.strategies import presentations

# The machinery's rules fire in the layers named after what they do.
MACHINERY_SALIENCE = {"engine.hypothesis.combine": LAYER["combine"], "engine.fit.assess": LAYER["fit"],
                      "engine.urgency.red_flag": LAYER["urgency"], "engine.urgency.condition": LAYER["urgency"],
                      "engine.triage.decide": LAYER["triage"]}

CES = {"findings": {"saddle_numbness": True, "low_back_pain": True, "bladder_dysfunction": True}}
EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "cauda_equina.json"


def test_every_firing_is_recorded_with_what_it_matched_and_asserted():
    inference = expert.infer(CES)
    assert [f.step for f in inference.firings] == list(range(1, len(inference.firings) + 1))
    for firing in inference.firings:
        assert firing.matched, firing.rule
        assert set(firing.matched) <= set(inference.facts)
        assert firing.asserted or firing.reaffirmed or firing.retracted
    # Each input fact is declared before any firing, in sorted order.
    inputs = [inference.facts[i] for i in inference.inputs]
    assert isinstance(inputs[0], wm.Person)
    assert [f["id"] for f in inputs[1:]] == sorted(CES["findings"])


def test_every_derived_fact_has_exactly_one_asserting_firing():
    inference = expert.infer(CES)
    provenance = Provenance(inference)
    derived = set(inference.facts) - set(inference.inputs)
    assert derived == set(provenance.asserted_by)


def test_provenance_reaches_the_input():
    inference = expert.infer(CES)
    provenance = Provenance(inference)
    (triage_id,) = [i for i in inference.final if isinstance(inference.facts[i], wm.Triage)]
    tree = provenance.derivation(triage_id)
    leaves = [node for node in tree.walk() if node.is_input]
    assert leaves and all(node.fact_id in inference.inputs for node in leaves)
    assert ("saddle_numbness", True) in provenance.input_findings(triage_id)


def test_same_input_same_trace_in_a_fresh_process():
    code = ("import expert, json; a = expert.assess(%r); print(a.to_json())" % (CES,))
    runs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           env={"PYTHONHASHSEED": seed, "PATH": ""}, check=True).stdout
            for seed in ("1", "2", "3")}
    assert len(runs) == 1
    assert runs.pop() == expert.assess(CES).to_json() + "\n"


def test_reused_engine_gives_the_same_result_as_a_new_one():
    first = expert.assess(CES).to_json()
    expert.assess({"findings": {"knee_locking": True}})
    assert expert.assess(CES).to_json() == first
    fresh = default_knowledge_base().engine_class().infer(parse_presentation(CES))
    assert [f.rule for f in fresh.firings] == [f.rule for f in expert.infer(CES).firings]


def test_threads_each_get_their_own_engine_and_the_same_answers():
    cases = [CES, {"findings": {"cold_pale_leg": True}}, {"findings": {}},
             {"findings": {"facial_droop": True, "one_sided": True}}]
    expected = [expert.assess(c).to_json() for c in cases]
    results, engines, errors = {}, set(), []

    def work(index):
        try:
            engines.add(id(engine_for_this_thread()))
            for _ in range(15):
                for n, case in enumerate(cases):
                    results.setdefault((index, n), set()).add(expert.assess(case).to_json())
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(engines) == 4
    for (_, n), seen in results.items():
        assert seen == {expected[n]}


class LoopingEngine(TracedEngine):
    """A rule whose conclusion re-enables itself forever."""
    max_firings = 50

    @experta.Rule(wm.Pattern(id=experta.MATCH.name))
    def grow(self, name):
        self.declare(wm.Pattern(id=name + "x"))


def test_a_runaway_rule_set_stops_with_a_clear_error():
    engine = LoopingEngine()
    engine.reset()
    engine.declare(wm.Pattern(id="p"))
    with pytest.raises(RunawayInference, match="stopped after 50 rule firings.*grow"):
        engine.run()
    assert len(engine.firings) == 50


def test_importing_legwise_adds_no_log_handlers_and_no_warnings():
    code = ("import logging, warnings; warnings.simplefilter('error'); "
            "import expert; expert.assess({'findings': {'knee_locking': True}}); "
            "print(len(logging.getLogger().handlers))")
    done = subprocess.run([sys.executable, "-W", "error", "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "0" and done.stderr == ""


def test_on_the_example_each_knowledge_rule_fires_once_having_matched_every_finding_that_satisfies_it():
    example = load_presentation(EXAMPLE)
    inference = expert.infer(example)
    knowledge = set(default_knowledge_base().by_id)
    fired = [f.rule for f in inference.firings if f.rule in knowledge]
    assert fired and len(fired) == len(set(fired)), sorted(r for r in fired if fired.count(r) > 1)
    # Both "any of" conditions have several present findings: one firing, all of them.
    (firing,) = [f for f in inference.firings if f.rule == "rf.cauda_equina.back_and_both_legs"]
    matched = {inference.facts[i]["id"] for i in firing.matched}
    assert matched == {"saddle_numbness", "bladder_dysfunction", "low_back_pain", "both_legs",
                       "leg_pain_radiating_below_knee"}


def test_a_red_flag_raised_by_several_rules_claims_emergency_once_from_all_of_them():
    inference = expert.infer(load_presentation(EXAMPLE))
    flags = [i for i in inference.final if isinstance(inference.facts[i], wm.RedFlag)]
    assert len({inference.facts[i]["rule"] for i in flags}) == 3
    (claim,) = [f for f in inference.firings if f.rule == "engine.urgency.red_flag"]
    assert claim.bindings == {"red_flag": "suspected_cauda_equina"}
    assert claim.matched == tuple(sorted(flags))
    assessment = expert.assess(load_presentation(EXAMPLE))
    (flag,) = assessment.red_flags
    assert flag.rules == sorted(inference.facts[i]["rule"] for i in flags)


def test_a_pattern_built_on_patterns_waits_for_its_layer_and_fires_once_on_all_of_them():
    # Fluid depletion and low oxygen-carrying capacity are both patterns; the
    # rule that reads either is in their layer and must see both.
    inference = expert.infer({"findings": {"both_legs": True, "constant_weakness": True, "thirst_dark_urine": True,
                                           "pallor": True, "breathless_on_exertion": True}})
    (firing,) = [f for f in inference.firings if f.rule == "sys.pattern.both_legs_in_systemic_state"]
    patterns = {inference.facts[i]["id"] for i in firing.matched if isinstance(inference.facts[i], wm.Pattern)}
    assert patterns == {"fluid_depletion", "low_oxygen_carrying_capacity"}


class OneArgumentEngine(TracedEngine):
    """A rule with no variables, and a louder rule that can take a finding away."""

    @experta.Rule(wm.Finding(present=True), salience=1)
    def any_present_finding(self):
        self.declare(wm.Pattern(id="something_present"))

    @experta.Rule(experta.AS.finding << wm.Finding(id="retracted_before_firing", present=True), salience=2)
    def take_it_back(self, finding):
        self.retract(finding)


def test_a_way_that_stops_holding_before_the_firing_drops_out_of_what_it_matched():
    engine = OneArgumentEngine()
    engine.reset()
    kept = engine.declare(wm.Finding(id="kept", present=True))
    engine.declare(wm.Finding(id="retracted_before_firing", present=True))
    engine.run()
    (firing,) = [f for f in engine.firings if f.rule == "any_present_finding"]
    assert firing.matched == (kept["__factid__"],)


def test_a_fired_argument_is_not_made_again_even_when_its_ways_go_and_a_new_one_comes():
    # Its conclusion is still known; firing again would only reaffirm it.
    engine = OneArgumentEngine()
    engine.reset()
    first = engine.declare(wm.Finding(id="first", present=True))
    second = engine.declare(wm.Finding(id="second", present=True))
    engine.run()
    engine.retract(first)
    engine.retract(second)
    engine.declare(wm.Finding(id="later", present=True))
    engine.run()
    firings = [f for f in engine.firings if f.rule == "any_present_finding"]
    assert [f.matched for f in firings] == [(first["__factid__"], second["__factid__"])]


@settings(max_examples=40, deadline=None)
@given(presentations)
def test_a_run_through_a_layer_is_exactly_the_start_of_the_whole_run(data):
    """WHY NOT checks whether a rule fires by running only through its
    layer: that must fire what the whole run fires up to there, in order."""
    presentation = parse_presentation(data)
    engine = engine_for_this_thread()
    whole = [f.rule for f in engine.infer(presentation).firings]
    for layer in LAYER:
        part = [f.rule for f in engine.infer(presentation, through_layer=layer).firings]
        assert part == whole[:len(part)], layer
        rest = {default_knowledge_base().by_id[r].salience if r in default_knowledge_base().by_id
                else MACHINERY_SALIENCE[r] for r in whole[len(part):]}
        assert all(salience < LAYER[layer] for salience in rest), layer
