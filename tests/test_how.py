"""HOW: derivation trees read off the trace, down to the input findings."""
import pytest
from hypothesis import given, settings

import expert
from expert.cases import find_case, load_case_library
from expert.engine.core import MACHINERY_RULES
import io

from rich.console import Console

from expert.explanations.how import UnknownConclusion, concluded, digest, explain_how, outline, render_how_text
from expert.explanations.rich_tree import how_rich_tree
from expert.knowledge_base import default_knowledge_base
from facts.vocabulary import CONDITIONS
from rules.sources import DOCUMENTS
from tests.strategies import busy_presentations, presentations

from expert.dsl import _normalise


def check_tree(inference, tree):
    """Every node bottoms out in input facts through real, cited rules, and
    every step is the firing the trace recorded."""
    firings = {f.step: f for f in inference.firings}
    for node in tree.walk():
        if node.input:
            assert node.kind in ("finding", "person") and not node.derivations
            assert int(node.ref[2:]) in inference.inputs
            continue
        assert node.derivations, f"{node.text} is neither input nor derived"
        for step in node.derivations:
            firing = firings[step.step]
            assert firing.rule == step.rule
            assert [p.ref for p in step.premises] == [f"f-{i}" for i in firing.matched]
            assert step.premises, f"{step.rule} rests on no fact"
            rule = tree.rules[step.rule]
            if step.rule in MACHINERY_RULES:
                assert rule.kind == "machinery" and rule.title == MACHINERY_RULES[step.rule]
            else:
                defined = default_knowledge_base().rule(step.rule)
                assert rule.kind == "knowledge" and rule.citation.passage == defined.cites.passage
                if rule.citation.beyond_sources:  # a guideline, cited by section and URL
                    assert rule.citation.section and rule.citation.url.startswith("https://")
                else:
                    assert _normalise(rule.citation.passage) in _normalise(DOCUMENTS[rule.citation.document].text)
                assert rule.rationale == defined.rationale and rule.title == defined.title


@pytest.mark.parametrize("case", load_case_library(), ids=lambda c: c.id)
def test_every_conclusion_of_every_library_case_has_a_sound_tree(case):
    inference = expert.infer(case.presentation)
    for conclusion_id in concluded(inference):
        check_tree(inference, explain_how(inference, conclusion_id))


@settings(max_examples=30)
@given(presentations)
def test_trees_bottom_out_in_the_input_for_any_presentation(data):
    inference = expert.infer(data)
    for conclusion_id in concluded(inference):
        check_tree(inference, explain_how(inference, conclusion_id))


def test_a_condition_tree_rests_on_the_findings_the_assessment_lists():
    case = find_case("rf-cauda-equina-01")
    assessment = expert.assess(case.presentation)
    inference = expert.infer(case.presentation)
    for entry in assessment.differential:
        findings = {f for f, _ in explain_how(inference, entry.condition).input_findings()}
        assert findings == set(entry.supporting) | set(entry.against)


def test_the_red_flag_tree_names_every_rule_that_raised_it():
    case = find_case("rf-cauda-equina-01")
    inference = expert.infer(case.presentation)
    tree = explain_how(inference, "suspected_cauda_equina")
    (flag,) = expert.assess(case.presentation).red_flags
    assert tree.kind == "red_flag" and {root.derivations[0].rule for root in tree.roots} == set(flag.rules)
    assert ("saddle_numbness", True) in tree.input_findings()


def test_triage_can_be_asked_for_by_name_or_by_its_level():
    inference = expert.infer(find_case("rf-stroke-01").presentation)
    assert explain_how(inference, "triage") == explain_how(inference, "emergency").model_copy(
        update={"conclusion": "triage"})
    text = render_how_text(explain_how(inference, "triage"))
    assert text.startswith("HOW triage: Triage (emergency") and "engine.triage.decide" in text


def test_a_fact_reference_can_be_explained():
    inference = expert.infer(find_case("rf-stroke-01").presentation)
    derived = inference.firings[0].asserted[0]
    tree = explain_how(inference, f"f-{derived}")
    assert tree.kind == "fact" and tree.roots[0].ref == f"f-{derived}"


def test_unknown_and_unconcluded_ids_suggest_a_concluded_one():
    inference = expert.infer(find_case("rf-cauda-equina-01").presentation)
    with pytest.raises(UnknownConclusion, match="did you mean 'cauda_equina_syndrome'") as raised:
        explain_how(inference, "cauda_equina_syndrom")
    assert raised.value.suggestion == "cauda_equina_syndrome" and isinstance(raised.value, ValueError)
    unweighed = next(c for c in CONDITIONS if c not in concluded(inference))
    with pytest.raises(UnknownConclusion, match=f"'{unweighed}' was not concluded"):
        explain_how(inference, unweighed)
    with pytest.raises(UnknownConclusion, match="the triage is 'emergency', not 'routine'.*'triage'"):
        explain_how(inference, "routine")


def test_text_gives_each_rule_its_rationale_and_source_once():
    inference = expert.infer(find_case("neuro-sciatica-01").presentation)
    tree = explain_how(inference, "triage")
    text = render_how_text(tree, full=True)
    digest_text = render_how_text(tree)
    for rule in tree.rules.values():
        assert rule.id in text and rule.title in text
        assert rule.id in digest_text and rule.title in digest_text
        if rule.kind == "knowledge":
            assert text.count(f"why: {rule.rationale}") == 1 == digest_text.count(f"why: {rule.rationale}")
            assert rule.citation.passage in text
    again = explain_how(expert.infer(find_case("neuro-sciatica-01").presentation), "triage")
    assert text == render_how_text(again, full=True) and digest_text == render_how_text(again)


def test_the_outline_shows_a_repeated_subtree_once():
    inference = expert.infer(find_case("rf-cauda-equina-01").presentation)
    tree = explain_how(inference, "triage")
    rows = outline(tree)
    expanded = [row.item.ref for row in rows if hasattr(row.item, "ref") and row.item.derivations and not row.repeated]
    assert len(expanded) == len(set(expanded))
    assert {n.ref for n in tree.walk()} == {row.item.ref for row in rows if hasattr(row.item, "ref")}


def _expanded_once(text: str, refs: list[str]) -> None:
    for ref in refs:
        expanded = [line for line in text.splitlines()
                    if f"[{ref}]" in line and "see above:" not in line]
        assert len(expanded) == 1, f"{ref} derived {len(expanded)} times:\n{text}"


@settings(max_examples=40, deadline=None)
@given(busy_presentations)
def test_the_default_how_renders_no_derivation_twice(data):
    inference = expert.infer(data)
    for conclusion_id in concluded(inference):
        tree = explain_how(inference, conclusion_id)
        lines = digest(tree)
        expanded = [line.ref for line in lines if line.kind == "node" and not line.input]
        assert len(expanded) == len(set(expanded))
        # Nothing is lost: every fact of the tree is a line, a see-above or a finding listed.
        named = {line.ref for line in lines} | {n.ref for line in lines for n in line.findings}
        assert named - {""} == {node.ref for node in tree.walk()}
        text = render_how_text(tree)
        assert "concluded again" not in text and "derived above" not in text
        _expanded_once(text, expanded)
        out = io.StringIO()
        Console(file=out, width=200, color_system=None).print(how_rich_tree(tree))
        assert "concluded again" not in out.getvalue()
        _expanded_once(out.getvalue(), [ref for ref in expanded if len(tree.roots) > 1 or ref != tree.roots[0].ref])


def test_the_digest_refers_to_a_shared_derivation_across_trees():
    """The report's sections share one ``shown``: the triage tree shows the
    red flag's derivation, the red flag's own section then refers to it."""
    inference = expert.infer(find_case("rf-cauda-equina-01").presentation)
    shown: dict[str, str] = {}
    triage = digest(explain_how(inference, "triage"), shown)
    flag = digest(explain_how(inference, "suspected_cauda_equina"), shown)
    assert any(line.kind == "node" and line.fact_kind == "red_flag" for line in triage)
    assert flag and all(line.kind == "see_above" for line in flag)
    assert {line.anchor for line in flag} <= {line.anchor for line in triage if line.kind == "node"}
    assert all(line.anchor.startswith("how-red_flag-suspected_cauda_equina-rf.") for line in flag)
