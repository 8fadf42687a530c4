"""The rule language refuses malformed rules with a message that helps."""
import pytest

from expert.engine import working_memory as wm
from expert.dsl import (Clause, RuleDefinitionError, absent, any_of, concludes, fire_order_within_layers, has_pattern,
                        has_red_flag, lacks_pattern, no_red_flag, opposes, present, recommends, red_flag, rule,
                        supported, supports, urgency)
from rules.sources import LEG_BUCKLING

CITATION = LEG_BUCKLING.quote("Ligament injuries are a frequent cause of instability")


def make(**overrides):
    fields = dict(id="test.sample.rule", title="A title", cites=CITATION, rationale="Because.",
                  when=[present("knee_locking")], then=[supports("meniscal_tear", 0.5)])
    fields.update(overrides)
    return rule(**fields)


def test_a_well_formed_rule_reads_back_its_parts():
    defined = make(when=[present("knee_locking"), absent("recent_knee_injury")])
    assert defined.layer == "evidence"
    assert defined.finding_ids() == ("knee_locking", "recent_knee_injury")
    assert [c.describe() for c in defined.when] == ["knee_locking is present", "recent_knee_injury is absent"]
    assert defined.then[0].describe() == "supports meniscal_tear (+0.50)"


def test_unknown_finding_suggests_the_right_id():
    with pytest.raises(RuleDefinitionError, match="did you mean 'knee_locking'"):
        present("knee_lockin")


def test_unknown_condition_is_refused():
    with pytest.raises(RuleDefinitionError, match="unknown condition id 'meniscus_tear'"):
        supports("meniscus_tear", 0.4)


def test_passage_must_be_quoted_verbatim():
    with pytest.raises(RuleDefinitionError, match="not quoted verbatim"):
        LEG_BUCKLING.quote("Ligament injuries are never a cause of instability")


def test_quotes_ignore_typographic_quote_marks_and_spacing():
    citation = LEG_BUCKLING.quote('numbness in the "saddle area"  around the inner thighs')
    # The passage is kept as the rule author wrote it, and marked as from the source documents.
    assert citation.passage == 'numbness in the "saddle area"  around the inner thighs'
    assert citation.document == LEG_BUCKLING.id and not citation.beyond_sources


@pytest.mark.parametrize("cf", [0, -0.2, 1.5])
def test_certainty_factor_range(cf):
    with pytest.raises(RuleDefinitionError):
        supports("meniscal_tear", cf)


def test_opposes_takes_a_positive_strength_and_stores_a_negative_cf():
    assert opposes("meniscal_tear", 0.3).cf == -0.3


def test_rule_id_format():
    with pytest.raises(RuleDefinitionError, match="dotted lower-case"):
        make(id="Bad Id")


def test_a_rule_cannot_read_facts_that_are_not_final_in_its_layer():
    # Evidence is weighed before hypotheses are combined.
    with pytest.raises(RuleDefinitionError, match="cannot read Hypothesis"):
        make(when=[supported("osteoarthritis")])
    # A pattern rule cannot depend on a red flag, which comes later.
    with pytest.raises(RuleDefinitionError, match="cannot read RedFlag"):
        make(when=[has_red_flag()], then=concludes("knee_mechanical_block"))
    # ...nor on the absence of a pattern from its own layer.
    with pytest.raises(RuleDefinitionError, match="absence of Pattern"):
        make(when=[present("knee_locking"), lacks_pattern("knee_mechanical_block")],
             then=concludes("mechanical_knee_instability"))


def test_later_layers_may_read_earlier_conclusions():
    assert make(when=[supported("meniscal_tear")],
                then=recommends("mri_knee", serves="meniscal_tear")).layer == "recommendation"
    assert make(when=[has_pattern("knee_mechanical_block"), no_red_flag()]).layer == "evidence"
    assert make(when=[present("rapidly_progressive")], then=urgency("urgent")).layer == "urgency"


def test_any_of_needs_options():
    with pytest.raises(RuleDefinitionError):
        any_of(present("knee_locking"))


def test_red_flag_ids_are_checked():
    with pytest.raises(RuleDefinitionError, match="unknown red flag id"):
        red_flag("suspected_stroke")


def test_within_a_layer_a_rule_fires_after_the_rules_that_conclude_what_it_reads():
    block = make(id="test.pattern.block", when=[present("knee_locking")], then=concludes("knee_mechanical_block"))
    unstable = make(id="test.pattern.unstable", when=[any_of(has_pattern("knee_mechanical_block"),
                                                           present("gives_way_on_pivoting"))],
                    then=concludes("mechanical_knee_instability"))
    # Evidence is a later layer: it reads the patterns once they are all final.
    weighed = make(id="test.evidence.unstable", when=[has_pattern("mechanical_knee_instability")])
    assert fire_order_within_layers([unstable, weighed, block]) == {
        "test.pattern.block": 0, "test.pattern.unstable": 1, "test.evidence.unstable": 0}


def test_rules_that_read_each_other_in_one_layer_are_refused():
    one = make(id="test.pattern.one", when=[has_pattern("knee_mechanical_block")],
               then=concludes("mechanical_knee_instability"))
    other = make(id="test.pattern.other", when=[has_pattern("mechanical_knee_instability")],
                 then=concludes("knee_mechanical_block"))
    with pytest.raises(RuleDefinitionError, match="test.pattern.one -> test.pattern.other -> test.pattern.one"):
        fire_order_within_layers([one, other])


# -- the meaning of the rule language agrees with the engine ---------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402

from expert.cases import load_case_library  # noqa: E402
from expert.dsl import LAYER, kleene_all, kleene_any  # noqa: E402
from expert.engine.core import MACHINERY_RULES  # noqa: E402
from expert.knowledge_base import default_knowledge_base  # noqa: E402
from expert.engine.working_memory import WorkingMemoryView  # noqa: E402
from facts.presentation import parse_presentation  # noqa: E402
from tests.strategies import presentations  # noqa: E402

KB = default_knowledge_base()
MACHINERY_LAYER = {"engine.hypothesis.combine": "combine", "engine.fit.assess": "fit",
                   "engine.urgency.red_flag": "urgency", "engine.urgency.condition": "urgency",
                   "engine.triage.decide": "triage"}


def _salience(rule_id: str) -> int:
    return KB.rule(rule_id).salience if rule_id in KB.by_id else LAYER[MACHINERY_LAYER[rule_id]]


def check_rules_hold_exactly_when_they_fire(presentation) -> None:
    """Every knowledge rule evaluates to True on working memory as it stood
    when its layer ran (the inputs and what the layers before it and its own
    concluded, its own conclusions left out) exactly when the engine fired it."""
    inference = KB.engine().infer(presentation)
    fired = {f.rule for f in inference.firings}
    for defined in KB.rules:
        present = set(inference.inputs)
        for firing in inference.firings:
            if _salience(firing.rule) >= defined.salience and firing.rule != defined.id:
                present |= set(firing.asserted)
                present -= set(firing.retracted)
        view = WorkingMemoryView(inference.facts[i] for i in sorted(present))
        assert defined.evaluate(view) is (defined.id in fired), (defined.id, presentation.findings)


def test_every_machinery_rule_has_a_layer_here():
    assert set(MACHINERY_LAYER) == set(MACHINERY_RULES)


def test_the_rule_language_agrees_with_the_engine_on_every_library_case():
    for case in load_case_library():
        check_rules_hold_exactly_when_they_fire(case.presentation)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(presentations)
def test_the_rule_language_agrees_with_the_engine_on_any_presentation(data):
    check_rules_hold_exactly_when_they_fire(parse_presentation(data))


def test_a_clause_kind_without_a_meaning_is_refused_when_a_rule_uses_it():
    class Mystery(Clause):
        def fact_kinds(self):
            return [("Finding", False)]

        def describe(self):
            return "a mystery"

    with pytest.raises(RuleDefinitionError, match="Mystery has no evaluate"):
        make(when=[present("knee_locking"), any_of(present("knee_pain"), Mystery())])


@pytest.mark.parametrize("values, any_, all_", [
    ([], False, True), ([True, None], True, None), ([False, None], None, False),
    ([False, False], False, False), ([True, True], True, True), ([None], None, None),
])
def test_three_valued_any_and_all(values, any_, all_):
    assert kleene_any(values) is any_ and kleene_all(values) is all_
