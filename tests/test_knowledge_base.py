"""The knowledge base as a value (``expert.knowledge_base``)."""
import gc
import textwrap
import weakref
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings

import rules
from expert.cases import load_case_library
from expert.dsl import RuleDefinitionError, present, rule, supports
from expert.knowledge_base import KnowledgeBase, UnknownRule, default_knowledge_base, load_rules_file
from expert.rule_index import rule_reads
from facts.presentation import parse_presentation
from rules import red_flags, triage
from rules.sources import LEG_BUCKLING
from tests.strategies import presentations

KB = default_knowledge_base()
DRAFT = rule(id="draft.meniscus.clicking", title="A click with the locking",
             cites=LEG_BUCKLING.quote("Ligament injuries are a frequent cause of instability"),
             rationale="A draft rule to try.", when=[present("knee_locking")], then=[supports("meniscal_tear", 0.2)])


def test_the_default_holds_every_rule_of_every_module_in_order():
    assert [r.id for r in KB.rules] == [r.id for r in rules.knowledge_base()]
    assert KB.removed == KB.added == () and not KB.changed


def test_from_modules_tags_each_rule_with_its_module():
    kb = KnowledgeBase.from_modules(red_flags, triage)
    assert len(kb.rules) == len(red_flags.RULES) + len(triage.RULES)
    assert {r.module for r in kb.rules} == {"red_flags", "triage"}


def test_a_rule_id_given_twice_is_refused_naming_it():
    with pytest.raises(RuleDefinitionError, match="'draft.meniscus.clicking' is defined twice"):
        KB.with_rules([DRAFT, DRAFT])


def test_a_malformed_rule_is_refused_as_rule_would():
    with pytest.raises(RuleDefinitionError, match="needs a title"):
        KB.with_rules([replace(DRAFT, title="")])


def test_without_and_with_rules_derive_new_values_and_say_what_changed():
    gone = KB.rules[0].id
    derived = KB.without([gone]).with_rules([DRAFT])
    assert gone not in derived.by_id and "draft.meniscus.clicking" in derived.by_id
    assert derived.removed == (gone,) and derived.added == ("draft.meniscus.clicking",) and derived.changed
    assert gone in KB.by_id  # the original is untouched


def test_an_unknown_rule_id_suggests_the_nearest():
    with pytest.raises(UnknownRule) as error:
        KB.without(["rf.cauda_equina.sadle_numbness"])
    assert "did you mean 'rf.cauda_equina.saddle_numbness'" in str(error.value)


def test_the_indices_agree_with_the_rules():
    for defined in KB.rules:
        for finding in defined.finding_ids():
            assert defined in KB.reading[finding]
        assert defined in KB.by_layer[defined.layer]
    for (kind, target), concluders in KB.concluding.items():
        for defined in concluders:
            assert target in {getattr(c, name, None) for c in defined.then
                              for name in ("pattern", "red_flag", "condition", "cause")}


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(presentations)
def test_a_rule_taken_out_never_fires_and_nothing_else_changes_without_it(data):
    presentation = parse_presentation(data)
    fired = [f.rule for f in KB.engine().infer(presentation).firings]
    knowledge = [r for r in fired if r in KB.by_id]
    if not knowledge:
        return
    without = KB.without([knowledge[0]])
    assert knowledge[0] not in [f.rule for f in without.engine().infer(presentation).firings]


def test_a_draft_rules_file_is_loaded_and_checked(tmp_path):
    draft = tmp_path / "draft.py"
    draft.write_text(textwrap.dedent("""
        from expert.dsl import present, rule, supports
        from rules.sources import LEG_BUCKLING

        RULES = [rule(id="draft.knee.locking", title="Locking", rationale="Try it.",
                      cites=LEG_BUCKLING.quote("Ligament injuries are a frequent cause of instability"),
                      when=[present("knee_locking")], then=[supports("meniscal_tear", 0.2)])]
    """))
    loaded = load_rules_file(draft)
    assert [r.id for r in loaded] == ["draft.knee.locking"] and loaded[0].module == "draft"
    case = next(c for c in load_case_library() if c.presentation.findings.get("knee_locking"))
    with_draft = KB.with_rules(loaded)
    assert "draft.knee.locking" in [f.rule for f in with_draft.engine().infer(case.presentation).firings]


@pytest.mark.parametrize("text, message", [
    ("RULES = []", "defines RULES, a non-empty list"),
    ("from rules.sources import LEG_BUCKLING\nLEG_BUCKLING.quote('not in the article at all')", "not quoted verbatim"),
])
def test_a_bad_rules_file_is_refused_with_its_name(tmp_path, text, message):
    draft = tmp_path / "bad.py"
    draft.write_text(text)
    with pytest.raises(RuleDefinitionError, match=message):
        load_rules_file(draft)


def test_the_rule_book_reads_each_modules_notes_from_the_knowledge_base():
    assert KB.module_notes["red_flags"] == red_flags.__doc__
    assert set(KB.module_notes) == set(rules.DOMAINS)
    derived = KB.without(["rf.cauda_equina.saddle_numbness"])
    assert derived.module_notes == KB.module_notes
    assert KnowledgeBase.from_modules(triage).module_notes == {"triage": triage.__doc__}


def test_an_index_is_built_once_per_knowledge_base_and_dies_with_it():
    derived = KB.without(["rf.cauda_equina.saddle_numbness"])
    first = rule_reads(derived)
    assert rule_reads(derived) is first and rule_reads(KB) is not first
    assert "rf.cauda_equina.saddle_numbness" not in {r for ids in first.any.values() for r in ids}
    gone = weakref.ref(derived)
    del derived, first
    gc.collect()
    assert gone() is None  # no module-level cache keeps a derived knowledge base alive
