"""The rule book covers the whole knowledge base, read from the rules themselves."""
import re
from dataclasses import replace
from functools import lru_cache
from html.parser import HTMLParser

import pytest

import rules
from expert.cli import main
from expert.dsl import ConcludePattern, HasPattern, Weigh, present, rule, supports
from expert.engine.core import MACHINERY_RULES
from expert.knowledge_base import KnowledgeBase
from expert.rulebook import build_book, labelled, render_rulebook
from facts.vocabulary import CONDITIONS, FINDINGS, PATTERNS, RED_FLAGS
from rules.sources import DOCUMENTS, LEGS_GIVING_OUT

KNOWLEDGE = rules.knowledge_base()


@lru_cache(maxsize=None)
def book():
    return build_book()


@lru_cache(maxsize=None)
def rendered(output_format):
    return render_rulebook(book(), output_format)


@pytest.mark.parametrize("output_format", ["markdown", "html"])
def test_every_rule_is_in_the_book_with_its_citation(output_format):
    text = rendered(output_format)
    assert book().rule_ids() == [r.id for r in KNOWLEDGE]
    for defined in KNOWLEDGE:
        anchor = "rule-" + defined.id.replace(".", "-")
        assert f'id="{anchor}"' in text, defined.id
        assert defined.cites.document in text
    for rule_id in MACHINERY_RULES:
        assert rule_id in text


@pytest.mark.parametrize("output_format", ["markdown", "html"])
def test_every_contract_condition_and_finding_is_in_the_book(output_format):
    text = rendered(output_format)
    for condition in CONDITIONS.values():
        assert condition.id in text and condition.urgency in text
    assert [c.id for c in book().conditions] == list(CONDITIONS)
    assert {f.id for f in book().findings} == set(FINDINGS)
    assert [p.id for p in book().patterns] == list(PATTERNS)
    assert [r.id for r in book().red_flags] == list(RED_FLAGS)


def test_conditions_are_the_rules_own_descriptions_with_labels():
    sample = next(r for r in KNOWLEDGE if r.id == "rf.cauda_equina.saddle_numbness")
    entry = next(e for m in book().modules for e in m.rules if e.id == sample.id)
    assert ["".join(s.text for s in segments) for segments in entry.when] == [c.describe() for c in sample.when]
    assert ["".join(s.text for s in segments) for segments in entry.then] == [c.describe() for c in sample.then]
    assert "`saddle_numbness` (Saddle numbness) is present" in rendered("markdown")
    assert entry.certainty == [(c.condition, c.cf) for c in sample.then if isinstance(c, Weigh)]
    assert entry.certainty and entry.certainty[0][0] == "cauda_equina_syndrome"
    segments = labelled("any of (facial_droop is present; one_sided is present)")
    assert [s.text for s in segments if s.is_id] == ["facial_droop", "one_sided"]


def test_patterns_and_findings_are_indexed_by_the_rules_that_use_them():
    for pattern in book().patterns:
        concluding = [r.id for r in KNOWLEDGE if any(isinstance(c, ConcludePattern) and c.pattern == pattern.id
                                                     for c in r.then)]
        assert pattern.concluded_by == concluding
    for finding in book().findings:
        readers = [r.id for r in KNOWLEDGE if finding.id in r.finding_ids()]
        assert [rule_id for rule_id, _ in finding.read_by] == list(dict.fromkeys(readers)), finding.id


def test_conditions_carry_their_evidence_and_recommendations():
    entries = {c.id: c for c in book().conditions}
    cauda = entries["cauda_equina_syndrome"]
    assert "rf.cauda_equina.saddle_numbness" in {rule_id for rule_id, _ in cauda.supported_by}
    assert "suspected_cauda_equina" in cauda.red_flags
    flags = {r.id: r for r in book().red_flags}
    assert "emergency_mri_spine" in {action for action, _ in flags["suspected_cauda_equina"].recommendations}
    assert any(c.recommendations for c in entries.values())


def test_module_docstrings_introduce_the_modules():
    modules = {m.name: m for m in book().modules}
    assert list(modules) == [f"rules.{d}" for d in rules.DOMAINS if any(r.module == d for r in KNOWLEDGE)]
    assert modules["rules.red_flags"].heading.startswith("Red flags")


def test_free_text_is_escaped_in_html_and_markdown():
    crafted = rule(
        id="test.escape.rationale", title="A <b>bold</b> title",
        cites=LEGS_GIVING_OUT.quote("Any sudden, severe onset of weakness"),
        rationale="Never <script>alert(1)</script> or *emphasis* [link](x)",
        when=[present("saddle_numbness"), HasPattern("sphincter_disturbance")],
        then=[supports("cauda_equina_syndrome", 0.3)])
    small = build_book(KnowledgeBase((replace(crafted, module="red_flags"),), documents=DOCUMENTS))
    html = render_rulebook(small, "html")
    assert "<script>" not in html and "&lt;script&gt;" in html and "&lt;b&gt;bold" in html
    markdown = render_rulebook(small, "markdown")
    assert "<script>" not in markdown and r"\*emphasis\*" in markdown and r"\[link\]" in markdown


def test_html_is_self_contained_and_its_links_resolve():
    class Links(HTMLParser):
        def __init__(self):
            super().__init__()
            self.ids, self.targets, self.external = set(), set(), []

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if "id" in attrs:
                self.ids.add(attrs["id"])
            href = attrs.get("href") or ""
            if href.startswith("#"):
                self.targets.add(href[1:])
            elif href or attrs.get("src") or tag in ("script", "link", "img"):
                self.external.append((tag, attrs))

    parser = Links()
    parser.feed(rendered("html"))
    assert not parser.external
    assert parser.targets <= parser.ids
    markdown = rendered("markdown")
    anchors = set(re.findall(r'<a id="([^"]+)"></a>', markdown))
    assert set(re.findall(r"\]\(#([^)]+)\)", markdown)) <= anchors


def test_rulebook_command_writes_markdown_and_html(capsys, tmp_path):
    target = tmp_path / "book.html"
    assert main(["rulebook", "--format", "html", "-o", str(target)]) == 0
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert main(["rulebook"]) == 0
    out, _ = capsys.readouterr()
    assert out.startswith("# The legwise rule book")
    assert main(["rulebook", "--format", "pdf"]) == 2
    assert main(["rulebook", "-o", str(tmp_path / "missing" / "book.md")]) == 2
