"""The HTML report and rule book for every reader: WCAG 2.2 AA contrast for all
text (HTML and the SVG diagram, on screen and in print, wide and narrow), and
landmarks, headings, labelled tables and a labelled diagram a screen reader
can follow. Colours are read from the generated pages' own stylesheets
(tests/page_style.py), never from a list kept here.

The same pages are opened in a real browser in tests/test_browser.py.
"""
from functools import lru_cache

import pytest

import expert
from expert.cases import find_case
from expert.rulebook import build_book, render_rulebook
from facts.vocabulary import DISCLAIMER, TRIAGE_LEVELS
from tests.page_style import (Element, Page, Stylesheet, contrast, hex_of, parse_colour, relative_luminance,
                              selector_matches, synthetic)

CASES = ["rf-cauda-equina-01", "rf-stroke-01", "neuro-sciatica-01", "mech-meniscus-01", "psych-panic-01"]
PAGES = [*CASES, "rulebook"]
# (medium, viewport width): wide screen, a phone, and paper.
CONTEXTS = [("screen", 1280), ("screen", 390), ("print", 800)]
TEXT = 4.5      # WCAG 2.2 SC 1.4.3, normal text (all text is held to it, large or not)
GRAPHICS = 3.0  # SC 1.4.11, parts of graphics needed to understand them
SHAPES = {"rect", "path", "polygon", "circle", "ellipse", "line", "polyline"}


@lru_cache(maxsize=None)
def html_of(page: str) -> str:
    if page == "rulebook":
        return render_rulebook(build_book(), "html")
    return expert.explain(find_case(page).presentation_dict()).report("html")


@lru_cache(maxsize=None)
def page_of(page: str) -> Page:
    return Page(html_of(page))


def describe(element: Element) -> str:
    path = " > ".join(e.tag + "".join(f".{c}" for c in sorted(e.classes)) for e in element.chain()[-4:])
    return f"{path} {element.text.strip()[:40]!r}"


# -- the helper itself ----------------------------------------------------------

def test_contrast_follows_the_wcag_definition():
    assert relative_luminance("#ffffff") == pytest.approx(1.0)
    assert relative_luminance("#000") == 0.0
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#ffffff", "#000000") == contrast("#000000", "#ffffff")
    assert contrast("#1f2933", "#1f2933") == pytest.approx(1.0)
    # #767676 is the lightest grey that meets 4.5:1 on white; #777777 just fails.
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)
    assert contrast("#777777", "#ffffff") < 4.5 < contrast("#767676", "#ffffff")
    assert contrast("#b71c1c", "#52606d") == pytest.approx(1.02, abs=0.01)  # the unreadable triage detail line
    assert parse_colour("rgb(183, 28, 28)") == parse_colour("#b71c1c")
    assert parse_colour("rgba(0, 0, 0, 0)") is None
    with pytest.raises(ValueError):
        parse_colour("hsl(0, 50%, 50%)")


def test_the_css_helper_follows_the_cascade():
    css = """
    :root { --ink: #111111; }
    body { color: var(--ink); background: #ffffff; }
    .box { background: #000000; color: #eeeeee; }
    p.box { color: #dddddd; }
    .box { color: #cccccc; }
    main > p { color: #aaaaaa; }
    svg text { fill: #222222; } svg .dark rect { fill: #000000; } svg .dark text { fill: #ffffff; }
    @media screen and (max-width: 40rem) { body { color: #333333; } }
    @media print { body { color: #000000; } }
    @media screen and (min-width: 60rem) { p.box { color: #bbbbbb; } }
    """
    page = Page("<html><body><main><p class='box'><span>x</span></p><p>y</p></main>"
                "<div><svg><g class='dark'><rect/><text>t</text></g><text>u</text></svg></div></body></html>")
    wide, narrow, paper = Stylesheet(css), Stylesheet(css, "screen", 390), Stylesheet(css, "print", 800)
    span = next(e for e in page.elements() if e.tag == "span")
    plain = next(e for e in page.elements() if e.tag == "p" and not e.classes)
    dark_text, light_text = [e for e in page.elements() if e.tag == "text"]
    assert hex_of(narrow.text_colour(span)) == "#dddddd"  # p.box beats the later .box, and is inherited
    assert hex_of(wide.text_colour(span)) == "#bbbbbb"  # a later p.box, for wide screens only
    assert hex_of(wide.backdrop(span)) == "#000000"
    assert hex_of(wide.text_colour(plain)) == "#aaaaaa" and hex_of(wide.backdrop(plain)) == "#ffffff"
    assert hex_of(narrow.text_colour(page.find("body")[0])) == "#333333"
    assert hex_of(paper.text_colour(page.find("body")[0])) == "#000000"
    assert hex_of(wide.text_colour(dark_text)) == "#ffffff" and hex_of(wide.backdrop(dark_text)) == "#000000"
    assert hex_of(wide.text_colour(light_text)) == "#222222" and hex_of(wide.backdrop(light_text)) == "#ffffff"
    with pytest.raises(ValueError):
        Stylesheet("a + b { color: #000000; }")
    with pytest.raises(ValueError):
        Stylesheet("@media (min-width: 10rem) { a { color: #000000; } }")


# -- contrast -------------------------------------------------------------------

@pytest.mark.parametrize("medium, width", CONTEXTS)
@pytest.mark.parametrize("page", PAGES)
def test_every_text_on_the_page_meets_aa(page, medium, width):
    parsed = page_of(page)
    style = parsed.stylesheet(medium, width)
    checked, failures = 0, []
    for element in parsed.text_elements():
        ink, ground = style.text_colour(element), style.backdrop(element)
        ratio = contrast(ink, ground)
        checked += 1
        if ratio < TEXT:
            failures.append(f"{ratio:.2f}:1 {hex_of(ink)} on {hex_of(ground)}: {describe(element)}")
    assert checked > 50
    assert not failures, "\n".join(failures)


def _shape_classes(page: Page) -> list[frozenset]:
    return [e.classes for e in page.elements() if e.tag in SHAPES and e.classes]


def _text_classes(page: Page) -> set[str]:
    """Classes of the lines inside a node's text (the detail line...)."""
    return {c for e in page.elements() if e.tag == "tspan" for c in e.classes}


@pytest.mark.parametrize("medium, width", CONTEXTS)
@pytest.mark.parametrize("page", ["rf-cauda-equina-01", "rulebook"])
def test_every_colour_rule_meets_aa_even_where_no_page_uses_it_yet(page, medium, width):
    """Each rule that sets a text colour, a background or a shape's colour, on
    an element built to match its selector."""
    parsed = page_of(page)
    style = parsed.stylesheet(medium, width)
    shapes, text_classes = _shape_classes(parsed), _text_classes(parsed)
    checked, failures = 0, []
    for rule in style.rules:
        colours = {"color", "fill", "stroke", "background", "background-color"} & set(rule.declarations)
        if not colours:
            continue
        element = synthetic(rule.compounds, parsed)
        last = rule.compounds[-1][1]
        in_svg = any(n.tag == "svg" for n in element.chain())
        is_shape = in_svg and (last.tag in SHAPES or any(last.classes and last.classes <= c for c in shapes))
        if is_shape:
            ground = style.backdrop(element.parent)  # the picture's own background
            own = [parse_colour(rule.declarations[p]) for p in ("fill", "stroke") if p in rule.declarations]
            if any(colour is not None for colour in own):  # (a rule that only says fill: none draws nothing)
                parts = [parse_colour(style.declared(element, p) or "none") for p in ("fill", "stroke")]
                best = max((contrast(p, ground) for p in parts if p is not None), default=0.0)
                checked += 1
                if best < GRAPHICS:
                    failures.append(f"{rule.selector}: shape at {best:.2f}:1 on {hex_of(ground)}")
            if last.tag == "rect":  # the node text drawn on this box, in each text class used
                group = element.parent
                texts = [Element("text", parent=group)]
                group.children.append(texts[0])
                for name in sorted(text_classes):
                    tspan = Element("tspan", frozenset({name}), parent=texts[0])
                    texts[0].children.append(tspan)
                    texts.append(tspan)
                for text in texts:
                    ratio = contrast(style.text_colour(text), style.backdrop(text))
                    checked += 1
                    if ratio < TEXT:
                        failures.append(f"{rule.selector} with {text.tag}{sorted(text.classes)}: {ratio:.2f}:1 "
                                        f"{hex_of(style.text_colour(text))} on {hex_of(style.backdrop(text))}")
            continue
        ink, ground = style.text_colour(element), style.backdrop(element)
        ratio = contrast(ink, ground)
        checked += 1
        if ratio < TEXT:
            failures.append(f"{rule.selector}: {ratio:.2f}:1 {hex_of(ink)} on {hex_of(ground)}")
    assert checked > 5
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("medium, width", CONTEXTS)
@pytest.mark.parametrize("level", TRIAGE_LEVELS)
def test_every_triage_level_is_legible_in_the_banner_and_the_diagram(level, medium, width):
    """Every level the knowledge base can reach, not only those the example
    cases reach: the banner, the diagram's triage box and its detail line."""
    parsed = page_of("rf-cauda-equina-01")
    style = parsed.stylesheet(medium, width)
    banner = synthetic([(" ", c) for c in _compounds("div.banner." + level + " p")])
    assert style.own_background(banner.parent) is not None or medium == "print", f"no banner colour for {level}"
    assert contrast(style.text_colour(banner), style.backdrop(banner)) >= TEXT
    group = synthetic([(" ", c) for c in _compounds(f"svg g.triage_{level}")])
    rect = Element("rect", parent=group)
    text = Element("text", parent=group)
    group.children += [rect, text]
    assert style.computed(rect, "fill") not in (None, (0, 0, 0)), f"no diagram colour for triage_{level}"
    for name in sorted(_text_classes(parsed)) or ["detail"]:
        tspan = Element("tspan", frozenset({name}), parent=text)
        text.children.append(tspan)
        for element in (text, tspan):
            ratio = contrast(style.text_colour(element), style.backdrop(element))
            assert ratio >= TEXT, (level, element.tag, sorted(element.classes), round(ratio, 2))


def _compounds(selector: str):
    from tests.page_style import parse_selector
    return [c for _, c in parse_selector(selector)]


@pytest.mark.parametrize("case_id", CASES)
def test_every_mermaid_class_names_a_legible_text_colour(case_id):
    mermaid = expert.explain(find_case(case_id).presentation_dict()).report_model().diagram.mermaid()
    styles = {}
    for line in mermaid.splitlines():
        words = line.split()
        if words[:1] == ["classDef"]:
            styles[words[1]] = dict(part.split(":", 1) for part in words[2].split(","))
    used = {line.rsplit(":::", 1)[1] for line in mermaid.splitlines() if ":::" in line}
    assert used and used <= set(styles)
    assert {f"triage_{level}" for level in TRIAGE_LEVELS} <= set(styles)
    for tone, style in styles.items():
        assert "color" in style and "fill" in style, tone
        ratio = contrast(style["color"], style["fill"])
        assert ratio >= TEXT, (tone, style, round(ratio, 2))


# -- structure --------------------------------------------------------------------

def _headings(page: Page) -> list[int]:
    return [int(e.tag[1]) for e in page.elements() if len(e.tag) == 2 and e.tag[0] == "h" and e.tag[1] in "123456"]


def _text(element: Element) -> str:
    return element.text + "".join(_text(c) for c in element.children)


@pytest.mark.parametrize("page", PAGES)
def test_landmarks_headings_and_language(page):
    parsed = page_of(page)
    html = parsed.find("html")
    assert len(html) == 1 and html[0].attributes.get("lang") == "en"
    body = parsed.find("body")[0]
    top = [child.tag for child in body.children]
    assert top.count("header") == 1 and top.count("main") == 1 and top.count("footer") == 1
    assert top.index("header") < top.index("main") < top.index("footer")
    for landmark in ("header", "main", "footer"):
        assert len(parsed.find(landmark)) == 1, landmark  # no second banner or contentinfo inside
    for nav in parsed.find("nav"):
        assert nav.attributes.get("aria-label") or nav.attributes.get("aria-labelledby")
    levels = _headings(parsed)
    assert levels.count(1) == 1 and levels[0] == 1
    for before, after in zip(levels, levels[1:]):
        assert after <= before + 1, f"heading level skips from h{before} to h{after}"
    header, footer = parsed.find("header")[0], parsed.find("footer")[0]
    assert any(e.tag == "h1" for e in header.children)
    assert DISCLAIMER in _text(header) and DISCLAIMER in _text(footer)


@pytest.mark.parametrize("page", PAGES)
def test_tables_are_labelled_with_scoped_headers(page):
    parsed = page_of(page)
    ids = {e.id for e in parsed.elements() if e.id}
    tables = parsed.find("table")
    assert tables
    for table in tables:
        label = table.attributes.get("aria-label", "").strip()
        labelled_by = table.attributes.get("aria-labelledby")
        caption = [c for c in table.children if c.tag == "caption"]
        assert label or caption or (labelled_by and set(labelled_by.split()) <= ids), describe(table)
        rows = [e for e in Page.elements(parsed, table) if e.tag == "tr"]
        headers = [e for e in Page.elements(parsed, table) if e.tag == "th"]
        assert headers and all(th.attributes.get("scope") in ("col", "row") for th in headers), describe(table)
        if "stack" in table.classes:  # stacked on narrow screens: each cell says its column
            columns = [_text(th).strip() for th in rows[0].children if th.tag == "th"]
            assert all(th.attributes.get("scope") == "col" for th in rows[0].children)
            for row in rows[1:]:
                cells = [c for c in row.children if c.tag == "td"]
                assert [c.attributes.get("data-label") for c in cells] == columns, describe(row)


@pytest.mark.parametrize("case_id", CASES)
def test_the_diagram_is_a_labelled_image_in_a_focusable_scroll_box(case_id):
    parsed = page_of(case_id)
    (svg,) = parsed.find("svg")
    assert svg.attributes.get("role") == "img"
    titles = [c for c in svg.children if c.tag == "title"]
    assert titles and titles[0].id and svg.attributes.get("aria-labelledby") == titles[0].id
    assert _text(titles[0]).strip()
    box = svg.parent
    assert "diagram" in box.classes and box.attributes.get("tabindex") == "0"
    assert box.attributes.get("aria-labelledby") == titles[0].id
    wide = parsed.stylesheet("screen", 1280)
    assert "auto" in (wide.declared(box, "overflow-x") or "")


def test_the_print_stylesheet_is_black_on_white_without_the_contents():
    parsed = page_of("rf-cauda-equina-01")
    paper = parsed.stylesheet("print", 800)
    nav = parsed.find("nav")[0]
    assert paper.declared(nav, "display") == "none"
    body = parsed.find("body")[0]
    assert paper.text_colour(body) == (0, 0, 0) and paper.backdrop(body) == (255, 255, 255)
    banner = next(e for e in parsed.elements() if "banner" in e.classes)
    assert paper.backdrop(banner) == (255, 255, 255) and paper.text_colour(banner) == (0, 0, 0)
    assert "avoid" in (paper.declared(banner, "break-inside") or "")
    for row in parsed.find("tr"):
        assert "avoid" in (paper.declared(row, "break-inside") or "")
    screen = parsed.stylesheet("screen", 1280)
    assert screen.declared(nav, "display") != "none" and screen.backdrop(banner) != (255, 255, 255)


def test_selector_matching_is_exercised_by_the_page():
    """The contrast checks above are only as good as the matching: the
    report's rules must reach its own elements."""
    parsed = page_of("rf-cauda-equina-01")
    style = parsed.stylesheet("screen", 1280)
    matched = {rule.selector for rule in style.rules for e in parsed.elements()
               if selector_matches(rule.compounds, e)}
    assert {".banner.emergency", "svg .triage_emergency rect", "svg .detail", "th", "nav.contents"} <= matched
