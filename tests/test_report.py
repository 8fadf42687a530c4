"""Reports: golden files, a self-contained HTML file, escaping, one content.

The golden files in tests/golden/ change whenever the knowledge base does. After
a deliberate change, regenerate them and review the diff:

    LEGWISE_UPDATE_GOLDEN=1 python -m pytest tests/test_report.py
"""
import json
import os
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import expert
from expert.cases import find_case
from expert.dsl import _normalise
from expert.report import render
from expert.report.escape import markdown_unescape, visible
from expert.report.model import Report, report_title
from facts.vocabulary import DISCLAIMER, FINDINGS
from rules.sources import DOCUMENTS

GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("LEGWISE_UPDATE_GOLDEN") == "1"
CASES = ["rf-cauda-equina-01", "rf-stroke-01", "neuro-sciatica-01", "mech-meniscus-01", "psych-panic-01"]
EXTENSIONS = {"markdown": "md", "html": "html", "json": "json"}
SECTIONS = ["The case", "Red flags", "Differential, most likely first", "How well the known causes fit", "Recommendations", "Reasoning (HOW)",
            "What would change the conclusion (WHAT IF)", "Questions still worth asking",
            "Emergency conditions not concluded (WHY NOT)", "Sources cited", "Rule firings (trace)"]
VOID = {"meta", "br", "hr", "img", "input", "link", "wbr", "col", "area", "base", "source", "track", "embed"}


@lru_cache(maxsize=None)
def explained(case_id: str):
    return expert.explain(find_case(case_id).presentation_dict())


@lru_cache(maxsize=None)
def rendered(case_id: str, output_format: str) -> str:
    return explained(case_id).report(output_format)


@pytest.mark.parametrize("output_format", list(EXTENSIONS))
@pytest.mark.parametrize("case_id", CASES)
def test_report_matches_its_golden_file(case_id, output_format):
    path = GOLDEN / f"{case_id}.{EXTENSIONS[output_format]}"
    text = rendered(case_id, output_format)
    if UPDATE:
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no golden file {path.name}: run with LEGWISE_UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8"), (
        f"{path.name} differs; if the change is intended, run with LEGWISE_UPDATE_GOLDEN=1 and review the diff")


def test_rendering_is_deterministic():
    case = find_case("rf-stroke-01").presentation_dict()
    first, second = expert.explain(case), expert.explain(case)
    for output_format in EXTENSIONS:
        assert first.report(output_format) == second.report(output_format)


class Audit(HTMLParser):
    """What an HTML page contains and refers to; checks the tags balance."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.attributes, self.stack, self.errors = [], [], [], []
        self.styles, self.text_of, self._capture = [], {}, []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes.extend((tag, name, value or "") for name, value in attrs)
        if tag not in VOID:
            self.stack.append(tag)
        if tag == "title":  # the page's own title, not an SVG tooltip
            key = "title" if "title" not in self.text_of else None
        else:
            key = dict(attrs).get("id")
        self._capture.append(key)
        if key:
            self.text_of[key] = ""

    def handle_startendtag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes.extend((tag, name, value or "") for name, value in attrs)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unexpected </{tag}> with open {self.stack[-3:]}")
            return
        self.stack.pop()
        self._capture.pop()

    def handle_data(self, data):
        if self.stack and self.stack[-1] == "style":
            self.styles.append(data)
        for key in self._capture:
            if key:
                self.text_of[key] += data


def audit(html: str) -> Audit:
    parser = Audit()
    parser.feed(html)
    parser.close()
    assert not parser.errors and parser.stack == [], (parser.errors, parser.stack)
    return parser


def assert_self_contained(parser: Audit) -> None:
    assert not {"script", "link", "img", "iframe", "object", "embed", "base", "image", "use"} & set(parser.tags)
    for tag, name, value in parser.attributes:
        assert not name.startswith("on"), (tag, name)
        assert name not in ("src", "srcset", "xlink:href", "action", "formaction"), (tag, name)
        if name == "href":
            assert value.startswith("#"), value
        assert "url(" not in value.lower() and "://" not in value and not value.startswith("//"), (tag, name, value)
    css = "".join(parser.styles).lower()
    assert "@import" not in css and "url(" not in css and "://" not in css


@pytest.mark.parametrize("case_id", CASES)
def test_html_is_one_self_contained_file(case_id):
    html = rendered(case_id, "html")
    parser = audit(html)
    assert_self_contained(parser)
    # Guideline URLs are shown as text for the reader, never fetched: no
    # attribute or stylesheet names an address.
    import re
    assert not re.search(r"""(src|href|action)\s*=\s*["']?\s*(https?:)?//""", html)
    assert "url(http" not in html and "@import" not in html
    assert "@media print" in html and parser.tags.count("svg") == 1
    assert parser.text_of["title"] == report_title(case_id)


@pytest.mark.parametrize("case_id", CASES)
def test_the_three_formats_carry_the_same_content(case_id):
    report = explained(case_id).report_model()
    html, markdown = rendered(case_id, "html"), rendered(case_id, "markdown")
    data = json.loads(rendered(case_id, "json"))
    assert Report.model_validate(data) == report
    plain_md = markdown_unescape(markdown)
    for section in SECTIONS:
        assert f"## {section}" in markdown and f"<h2>{section}</h2>" in html
    assert DISCLAIMER in plain_md and DISCLAIMER in html and data["disclaimer"] == DISCLAIMER
    for rule_id in report.rules:
        assert rule_id in plain_md and rule_id in html
    for document in report.sources:
        for passage in document.passages:
            assert passage.passage in plain_md and f"[{passage.label}]" in html
            if document.beyond_sources:  # a guideline, cited by section and URL
                assert passage.section and document.url in plain_md
            else:
                assert _normalise(passage.passage) in _normalise(DOCUMENTS[document.document].text)
    for scenario in report.what_if.scenarios:
        assert scenario.change in plain_md and scenario.change.replace(">", "&gt;") in html
    for question in report.what_if.questions:
        assert question.question in plain_md and question.question.replace("'", "&#39;") in html
    for view in report.differential:
        assert view.entry.label in plain_md and f"{view.entry.certainty:.2f}" in html


@pytest.mark.parametrize("case_id", CASES)
def test_the_report_reflects_the_assessment(case_id):
    report = explained(case_id).report_model()
    assessment = expert.assess(find_case(case_id).presentation_dict())
    assert report.assessment == assessment
    assert report.triage.level == assessment.triage.level
    assert [v.entry.condition for v in report.differential] == [e.condition for e in assessment.differential]
    for view in report.differential:  # the running combination ends at the reported certainty
        assert view.certainty.steps[-1].running == pytest.approx(view.entry.certainty, abs=1e-4)
    headings = [r.tree.conclusion for r in report.reasoning]
    assert headings[0] == "triage"
    assert [f.id for f in assessment.red_flags] == headings[1:1 + len(assessment.red_flags)]
    cited = {r for item in report.reasoning for step in item.tree.steps() for r in [step.rule]}
    assert cited <= set(report.rules)
    assert {rule for rule, ref in report.rules.items() if ref.kind == "knowledge"} == set(report.citing)


def test_the_diagram_connects_drawn_boxes_inside_the_picture():
    diagram = explained("rf-cauda-equina-01").report_model().diagram
    keys = {n.key for n in diagram.nodes}
    assert {"triage:emergency", "red_flag:suspected_cauda_equina", "condition:cauda_equina_syndrome",
            "finding:saddle_numbness"} <= keys
    for edge in diagram.edges:
        assert edge.source in keys and edge.target in keys
    for node in diagram.nodes:
        assert 0 <= node.x and node.x + node.width <= diagram.width
        assert 0 <= node.y and node.y + node.height <= diagram.height
    by_column: dict = {}
    for node in sorted(diagram.nodes, key=lambda n: n.y):
        previous = by_column.get(node.column)
        assert previous is None or previous.y + previous.height <= node.y
        by_column[node.column] = node
    assert "flowchart LR" in diagram.mermaid()


HOSTILE = st.lists(st.one_of(
    st.sampled_from(["<script>alert(1)</script>", "</div>", "<!--", '"', "'", "&", "&amp;", "*bold*", "_x_",
                     "# ", "\n", "\r\n", "- ", "1. ", "> ", "[link](javascript:alert(1))", "`", "|", "\\",
                     "{{ report }}", "<img src=x onerror=alert(1)>", "===", "https://example.org"]),
    st.text(max_size=6)), max_size=12).map("".join)


@lru_cache(maxsize=1)
def base_report() -> Report:
    return explained("rf-stroke-01").report_model()


def with_text(notes: str, case_id: str) -> Report:
    return base_report().model_copy(update={"notes": notes, "case_id": case_id, "title": report_title(case_id)})


def check_escaped(report: Report) -> None:
    html = render(report, "html")
    parser = audit(html)
    assert_self_contained(parser)
    assert "<script" not in html and "<img" not in html
    # control characters are shown as visible escapes (expert.report.escape.visible)
    assert parser.text_of["notes"] == visible(report.notes)
    assert parser.text_of["title"] == visible(report.title)

    markdown = render(report, "markdown")
    assert "<" not in markdown
    assert [line for line in markdown.split("\n") if line.startswith("## ")] == [f"## {s}" for s in SECTIONS]
    title = markdown.split("\n")[0]
    one_line = visible(report.title).replace("\n", " ")
    assert title.startswith("# ") and markdown_unescape(title[2:]) == one_line
    start = markdown.index("- Notes (shown as given, never interpreted):\n\n") + len(
        "- Notes (shown as given, never interpreted):\n\n")
    block = markdown[start:markdown.index("\n\n## Red flags")]
    assert all(line == ">" or line.startswith("> ") for line in block.split("\n"))
    notes = "\n".join(markdown_unescape(line[2:]) for line in block.split("\n"))
    assert notes == visible(report.notes)

    data = json.loads(render(report, "json"))
    assert data["notes"] == report.notes and data["case_id"] == report.case_id


@settings(max_examples=60)
@given(HOSTILE, HOSTILE.map(lambda text: text[:200] or "x"))
def test_hostile_notes_and_ids_are_escaped_in_every_format(notes, case_id):
    check_escaped(with_text(notes, case_id))


def test_hostile_text_is_escaped_end_to_end():
    hostile = '<script>alert("x")</script> & [a](http://x) *b*\n# not a heading\n> not a quote'
    explanation = expert.explain({"id": '<b id="x">case</b>', "notes": hostile,
                                  "findings": {"facial_droop": True}})
    check_escaped(explanation.report_model())


@pytest.mark.parametrize("case_id", CASES + ["net-parkinsonism-01"])
def test_every_format_opens_with_the_summary(case_id):
    from markupsafe import escape

    report = explained(case_id).report_model()
    summary = report.summary
    assert summary == expert.assess(find_case(case_id).presentation_dict()).summary
    markdown = markdown_unescape(rendered(case_id, "markdown"))
    html = rendered(case_id, "html")
    head_md = markdown[:markdown.index("## The case")]
    head_html = html[html.index("<body>"):html.index('<section id="case">')]
    for line in summary.text.splitlines()[1:]:
        assert line in head_md and str(escape(line)) in head_html
    for finding in summary.because:
        assert FINDINGS[finding].label in head_md and str(escape(FINDINGS[finding].label)) in head_html
    # The advice is said once: no "Now:" line repeating it word for word.
    assert head_md.count(summary.advice.rstrip(".")) == 1 and head_html.count(str(escape(summary.advice))) == 1
    data = json.loads(rendered(case_id, "json"))
    assert list(data)[:4] == ["schema_version", "generator", "title", "summary"]


def _outside_details(html: str) -> str:
    import re
    return re.sub(r"<details>.*?</details>", "", html, flags=re.S)


@pytest.mark.parametrize("case_id", CASES)
def test_the_reasoning_shows_each_derivation_once_and_the_rest_links_to_it(case_id):
    import re

    report = explained(case_id).report_model()
    html = rendered(case_id, "html")
    expanded = [line.ref for item in report.reasoning for line in item.lines
                if line.kind == "node" and not line.input]
    assert len(expanded) == len(set(expanded))
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids))  # anchors are unique
    for item in report.reasoning:
        assert item.anchor in ids
        for line in item.lines:
            if line.kind == "see_above":
                assert line.anchor in ids and f'href="#{line.anchor}"' in html
    for view in report.red_flags:  # the Red flags section links to the flag's reasoning
        assert f'href="#reasoning-{view.flag.id}"' in html
    for item in report.reasoning[1 + len(report.red_flags):]:
        assert f'href="#{item.anchor}"' in html  # from the differential
    # The digest says no step twice; every firing is still there, collapsed.
    shown = _outside_details(html[html.index('<section id="reasoning">'):html.index('<section id="what-if">')])
    assert "concluded again" not in shown and "derived above" not in shown
    assert html.count("<details>") == len(report.reasoning)
    for item in report.reasoning:
        for step in item.tree.steps():
            assert f"step {step.step}" in html


def test_the_cauda_equina_red_flag_is_derived_once_in_the_report():
    report = explained("rf-cauda-equina-01").report_model()
    html = _outside_details(rendered("rf-cauda-equina-01", "html"))
    reasoning = html[html.index('<section id="reasoning">'):html.index('<section id="what-if">')]
    flag, condition = report.reasoning[1], report.reasoning[2]
    assert flag.anchor == "reasoning-suspected_cauda_equina" and condition.anchor == "reasoning-cauda_equina_syndrome"
    # Shown under Triage; the Red flag and Condition 1 sections refer to it.
    assert all(line.kind == "see_above" for line in flag.lines + condition.lines)
    # One red flag fact per rule that raised it, each derived once in all the reasoning.
    (raised,) = report.red_flags
    assert reasoning.count('id="how-red_flag-suspected_cauda_equina-') == len(raised.flag.rules) == 3
    assert reasoning.count(">Red flag: Possible cauda equina syndrome <span") == 3
