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


@pytest.mark.parametrize("defined, missing", [(("evaluate",), "completions"), (("evaluate", "completions"), "reads"),
                                              (("evaluate", "completions", "reads"), "bound")])
def test_a_clause_kind_without_completions_reads_or_bound_is_refused_when_a_rule_uses_it(defined, missing):
    methods = {"evaluate": lambda self, view: True, "completions": lambda self, view: (frozenset(),),
               "reads": lambda self: (("presentation", None),), "bound": lambda self, view, possible: True}
    Partial = type("Partial", (Clause,), {name: methods[name] for name in defined})
    with pytest.raises(RuleDefinitionError, match=f"Partial has no {missing}"):
        make(when=[present("knee_locking"), Partial()])


@pytest.mark.parametrize("values, any_, all_", [
    ([], False, True), ([True, None], True, None), ([False, None], None, False),
    ([False, False], False, False), ([True, True], True, True), ([None], None, None),
])
def test_three_valued_any_and_all(values, any_, all_):
    assert kleene_any(values) is any_ and kleene_all(values) is all_


# -- completions: the answers still to come that would make a clause hold -------

from dataclasses import dataclass as _dataclass, field as _field  # noqa: E402
from typing import Optional as _Optional  # noqa: E402

from hypothesis import strategies as st  # noqa: E402

from expert.dsl import (AllOf, AnyOf, FitIs, MAX_COMPLETIONS, TriageIs, age_at_least, age_under,  # noqa: E402
                        all_of, any_presentation, no_urgency_claimed, not_present, not_supported, sex_is)
from tests.strategies import FINDING_IDS, findings_maps  # noqa: E402


@_dataclass
class OpenView:
    """Findings given so far, more to come (``closed=False``); a pattern or
    red flag concluded, or brought about by the completions given here."""
    findings: dict = _field(default_factory=dict)
    age: _Optional[int] = None
    sex: _Optional[str] = None
    patterns: dict = _field(default_factory=dict)  # pattern -> True, or its completions
    red_flags: dict = _field(default_factory=dict)
    closed = False

    def finding(self, finding):
        return self.findings.get(finding)

    def pattern(self, pattern):
        return self.patterns.get(pattern) is True

    def red_flag(self, red_flag):
        raised = [flag for flag, made in self.red_flags.items() if made is True]
        return bool(raised) if red_flag is None else red_flag in raised

    def certainty(self, condition):
        return 0.0

    def urgency_claimed(self):
        return False

    def triage(self, level):
        return False

    def fit(self, status):
        return False

    def pattern_completions(self, pattern):
        made = self.patterns.get(pattern, ())
        return () if made is True else made

    def red_flag_completions(self, red_flag):
        return [answers for flag, made in self.red_flags.items() if made is not True
                and red_flag in (None, flag) for answers in made]


def answers(*items):
    return frozenset(("finding", f, v) if isinstance(v, bool) else (f, "", v) for f, v in items)


def test_a_finding_is_completed_by_its_answer_and_only_while_unknown():
    view = OpenView(findings={"knee_pain": True, "knee_locking": False})
    assert present("knee_swelling").completions(view) == (answers(("knee_swelling", True)),)
    assert absent("knee_swelling").completions(view) == (answers(("knee_swelling", False)),)
    assert present("knee_pain").completions(view) == (frozenset(),)  # holds already
    assert present("knee_locking").completions(view) == ()  # given otherwise: no answer to come
    # not present holds while unknown; an answer could only break it
    assert not_present("knee_swelling").completions(view) == (frozenset(),)
    assert not_present("knee_pain").completions(view) == ()


def test_any_of_is_completed_by_any_option_and_all_of_by_all_parts_that_agree():
    view = OpenView(findings={"knee_pain": True})
    either = any_of(present("knee_swelling"), present("knee_locking"))
    assert either.completions(view) == (answers(("knee_swelling", True)), answers(("knee_locking", True))) \
        or either.completions(view) == (answers(("knee_locking", True)), answers(("knee_swelling", True)))
    assert any_of(present("knee_pain"), present("knee_swelling")).completions(view) == (frozenset(),)
    both = all_of(present("knee_pain"), either, absent("recent_knee_injury"))
    assert {len(a) for a in both.completions(view)} == {2}
    assert all(("finding", "recent_knee_injury", False) in a for a in both.completions(view))
    # answers that contradict each other complete nothing
    assert all_of(present("knee_swelling"), absent("knee_swelling")).completions(view) == ()
    assert all_of(present("knee_swelling"), present("knee_locking")).completions(
        OpenView(findings={"knee_locking": False})) == ()


def test_completions_come_fewest_answers_first_in_a_fixed_order():
    view = OpenView()
    clause = any_of(all_of(present("knee_swelling"), present("knee_locking")), present("knee_pain"))
    ways = clause.completions(view)
    assert [len(a) for a in ways] == [1, 2]
    assert ways == clause.completions(view) == AnyOf(tuple(reversed(clause.options))).completions(view)


def test_age_and_sex_are_completed_by_a_value_in_range():
    view = OpenView()
    assert age_at_least(50).completions(view) == (answers(("age", 50)),)
    assert age_under(18).completions(view) == (answers(("age", 17)),)
    assert sex_is("female").completions(view) == (answers(("sex", "female")),)
    assert age_at_least(50).completions(OpenView(age=30)) == ()
    assert sex_is("female").completions(OpenView(sex="female")) == (frozenset(),)


def test_a_pattern_or_red_flag_comes_about_as_the_view_says():
    way = answers(("knee_locking", True))
    view = OpenView(patterns={"knee_mechanical_block": (way,)},
                    red_flags={"suspected_cauda_equina": (answers(("saddle_numbness", True)),)})
    assert has_pattern("knee_mechanical_block").completions(view) == (way,)
    assert has_red_flag().completions(view) == (answers(("saddle_numbness", True)),)
    assert has_red_flag("suspected_cauda_equina").completions(view) == (answers(("saddle_numbness", True)),)
    # what reads a conclusion's absence, or a certainty, triage or fit, no answer brings about here
    for clause in (lacks_pattern("knee_mechanical_block"), no_red_flag(), supported("meniscal_tear"),
                   not_supported("meniscal_tear"), no_urgency_claimed(), TriageIs("urgent"), FitIs("explained")):
        assert clause.completions(view) == ((frozenset(),) if clause.evaluate(view) else ())
    assert any_presentation().completions(view) == (frozenset(),)
    assert has_pattern("knee_mechanical_block").completions(
        OpenView(patterns={"knee_mechanical_block": True})) == (frozenset(),)


def test_completions_are_kept_to_a_bound():
    options = [present(f) for f in sorted(FINDING_IDS)[:12]]
    clause = AllOf((AnyOf(tuple(options[:6])), AnyOf(tuple(options[6:])), AnyOf(tuple(options[:4]))))
    assert len(clause.completions(OpenView())) <= MAX_COMPLETIONS


def test_a_clause_reads_one_thing_and_a_clause_of_clauses_what_its_parts_read():
    assert present("knee_pain").reads() == (("finding", "knee_pain"),)
    assert has_red_flag().reads() == (("red_flag", None),)
    assert sex_is("male").reads() == (("sex", None),)
    both = all_of(present("knee_pain"), has_pattern("knee_mechanical_block"))
    assert both.reads() == (("finding", "knee_pain"), ("pattern", "knee_mechanical_block"))
    assert both.subclauses() == both.parts and present("knee_pain").subclauses() == ()
    assert both.connective == "all" and present("knee_pain").connective is None


def completed(view: WorkingMemoryView, way) -> WorkingMemoryView:
    """The view with the answers given."""
    findings = {**view.findings, **{name: value for kind, name, value in way if kind == "finding"}}
    person = {"age": view.age, "sex": view.sex,
              **{kind: value for kind, _, value in way if kind in ("age", "sex")}}
    return WorkingMemoryView([*(wm.Finding(id=f, present=v) for f, v in findings.items()), wm.Person(**person)])


def check_completions_complete(presentation, open_view: bool) -> None:
    """Every completion of every library rule, given, makes the rule hold
    (on the findings alone: what other rules conclude is left as it is); and
    the engine fires a rule that reads only findings, age and sex once its
    first completion is given (checked on a few rules, to stay quick)."""
    view = WorkingMemoryView([*(wm.Finding(id=f, present=v) for f, v in presentation.findings.items()),
                              wm.Person(age=presentation.age, sex=presentation.sex)])
    if open_view:
        view.closed = False
    tried = 0
    for defined in KB.rules:
        ways = defined.completions(view)
        assert (defined.evaluate(view) is True) is (ways == (frozenset(),)), defined.id
        for way in ways:
            assert all(presentation.findings.get(name) is None for kind, name, _ in way if kind == "finding")
            assert defined.evaluate(completed(view, way)) is True, (defined.id, way)
        reads_input = {kind for clause in defined.when for kind, _ in clause.reads()}
        if ways and ways[0] and tried < 4 and reads_input <= {"finding", "age", "sex", "presentation"}:
            tried += 1
            way = ways[0]
            data = presentation.model_dump(exclude_none=True)
            data["findings"] = {**presentation.findings,
                                **{name: value for kind, name, value in way if kind == "finding"}}
            data.update({kind: value for kind, _, value in way if kind in ("age", "sex")})
            fired = {f.rule for f in KB.engine().infer(parse_presentation(data)).firings}
            assert defined.id in fired, (defined.id, way)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.fixed_dictionaries({"findings": findings_maps}, optional={
    "age": st.integers(min_value=0, max_value=120), "sex": st.sampled_from(["female", "male", "other"])}),
    st.booleans())
def test_every_completion_of_a_library_rule_makes_it_hold(data, open_view):
    check_completions_complete(parse_presentation(data), open_view)


# -- bound: could a clause hold, or must it, whatever answers still come --------


class Bounds:
    """An ``AnswersView``: findings known, those still answerable, and what
    other rules conclude read off a working memory, the same for both bounds
    unless ``possible_patterns`` says what some answers could add."""

    def __init__(self, memory: WorkingMemoryView, answerable=(), possible_patterns=()):
        self.memory, self.age, self.sex = memory, memory.age, memory.sex
        self.open, self.possible_patterns = set(answerable), set(possible_patterns)

    def finding(self, finding):
        return self.memory.finding(finding)

    def answerable(self, finding):
        return finding in self.open

    def pattern_bound(self, pattern, possible):
        return self.memory.pattern(pattern) or (possible and pattern in self.possible_patterns)

    def red_flag_bound(self, red_flag, possible):
        return self.memory.red_flag(red_flag)

    def certainty_reaches(self, condition, threshold, possible):
        return self.memory.certainty(condition) >= threshold

    def urgency_bound(self, possible):
        return self.memory.urgency_claimed()

    def triage_bound(self, level, possible):
        return self.memory.triage(level)

    def fit_bound(self, status, possible):
        return self.memory.fit(status)


def memory_of(findings, age=None, sex=None):
    return WorkingMemoryView([*(wm.Finding(id=f, present=v) for f, v in findings.items()), wm.Person(age=age, sex=sex)])


def test_an_answerable_finding_may_take_either_value_and_a_closed_one_stays_unknown():
    view = Bounds(memory_of({"knee_pain": True}), answerable={"knee_swelling"})
    for possible in (True, False):
        assert present("knee_pain").bound(view, possible) and not absent("knee_pain").bound(view, possible)
        assert not not_present("knee_pain").bound(view, possible)
        # closed (answered "don't know"): unknown for good
        assert not present("knee_locking").bound(view, possible) and not absent("knee_locking").bound(view, possible)
        assert not_present("knee_locking").bound(view, possible)
    # answerable: either value may come, none is certain
    assert present("knee_swelling").bound(view, True) and absent("knee_swelling").bound(view, True)
    assert not present("knee_swelling").bound(view, False) and not absent("knee_swelling").bound(view, False)
    assert not_present("knee_swelling").bound(view, True) and not not_present("knee_swelling").bound(view, False)


def test_a_negation_reads_the_other_bound():
    view = Bounds(memory_of({}), possible_patterns={"knee_mechanical_block"})
    assert has_pattern("knee_mechanical_block").bound(view, True)
    assert not has_pattern("knee_mechanical_block").bound(view, False)
    # it may come, so it may not be lacking for certain; it may also not come
    assert lacks_pattern("knee_mechanical_block").bound(view, True)
    assert not lacks_pattern("knee_mechanical_block").bound(view, False)
    either = any_of(present("knee_pain"), has_pattern("knee_mechanical_block"))
    both = all_of(present("knee_pain"), has_pattern("knee_mechanical_block"))
    assert either.bound(view, True) and not either.bound(view, False) and not both.bound(view, True)
    assert age_at_least(50).bound(Bounds(memory_of({}, age=60)), False)
    assert not age_at_least(50).bound(Bounds(memory_of({})), True)  # age is not asked


def check_bounds_agree_with_meaning(presentation, answerable, answers) -> None:
    """With nothing answerable, both bounds are what the clause evaluates to;
    with findings answerable, a clause that must hold holds whatever they are
    answered, and one that holds once they are answered could hold."""
    inference = KB.engine().infer(presentation)
    final = [inference.facts[i] for i in inference.final]
    settled = Bounds(WorkingMemoryView(final))
    unsettled = Bounds(WorkingMemoryView(final), answerable)
    after = WorkingMemoryView([*final, *(wm.Finding(id=f, present=v) for f, v in answers.items())])
    for defined in KB.rules:
        for clause in defined.when:
            holds = clause.evaluate(settled.memory) is True
            assert clause.bound(settled, True) is clause.bound(settled, False) is holds, (defined.id, clause)
            if clause.bound(unsettled, False):
                assert clause.evaluate(after) is True, (defined.id, clause, answers)
            if clause.evaluate(after) is True:
                assert clause.bound(unsettled, True), (defined.id, clause, answers)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(presentations, st.data())
def test_bounds_agree_with_the_meaning_of_every_library_clause(data, draw):
    presentation = parse_presentation(data)
    unknown = sorted(f for f in FINDING_IDS if f not in presentation.findings)
    answerable = draw.draw(st.sets(st.sampled_from(unknown), max_size=20))
    answers = draw.draw(st.dictionaries(st.sampled_from(sorted(answerable)), st.booleans())) if answerable else {}
    check_bounds_agree_with_meaning(presentation, answerable, answers)


def test_a_rule_reads_only_the_input_when_no_clause_reads_a_concluded_fact():
    rules = default_knowledge_base().rules
    for defined in rules:
        kinds = {kind for clause in defined.when for kind, _ in clause.reads()}
        assert defined.reads_only_input() == (kinds <= {"finding", "age", "sex", "presentation"}), defined.id
    assert any(r.reads_only_input() for r in rules) and not all(r.reads_only_input() for r in rules)
