"""The HTML report and rule book in a real browser: Debian's chromium at
/usr/bin/chromium, driven by Playwright (never a downloaded browser build).

At a phone's width (390 px) and a desktop's (1280 px): no horizontal page
scroll, the triage banner within the first screen, the diagram's text legible
on its boxes (computed colours, WCAG AA), every text legible on what is behind
it, and the print stylesheet applied when printing. The report's height at
1280 px is printed, and held to issue 13's 8,000 px.

Without chromium or playwright these tests fail, saying how to install them:
they never skip.
"""
import os
from pathlib import Path

import pytest

from expert.cli import main
from expert.rulebook import build_book, render_rulebook
from tests.page_style import contrast, parse_colour

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "cauda_equina.json"
VIEWPORTS = {390: {"width": 390, "height": 844}, 1280: {"width": 1280, "height": 800}}
TEXT = 4.5

# Each element with text of its own, its colour and the nearest opaque
# background behind it (HTML), or for SVG text its fill and the fill of the box
# drawn in its group. Stacked table cells' ::before labels are included.
COLOURS_JS = """
() => {
  const own = el => [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
  const shown = el => { const r = el.getBoundingClientRect(); const s = getComputedStyle(el);
                        return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none'; };
  const ground = el => {
    for (let n = el; n; n = n.parentElement) {
      const c = getComputedStyle(n).backgroundColor;
      if (c && c !== 'rgba(0, 0, 0, 0)' && c !== 'transparent') return c;
    }
    return 'rgb(255, 255, 255)';
  };
  const found = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (el.closest('title, style, script') || !shown(el)) continue;
    const svg = el.closest('svg');
    if (svg) {
      if (!['text', 'tspan'].includes(el.tagName) || !own(el)) continue;
      const group = el.closest('g');
      const box = group && group.querySelector(':scope > rect');
      found.push({svg: true, text: el.textContent.trim().slice(0, 40), cls: el.getAttribute('class') || '',
                  group: group ? group.getAttribute('class') || '' : '',
                  ink: getComputedStyle(el).fill, ground: box ? getComputedStyle(box).fill : ground(svg)});
      continue;
    }
    if (own(el)) found.push({svg: false, text: el.textContent.trim().slice(0, 40), cls: el.className,
                             tag: el.tagName, ink: getComputedStyle(el).color, ground: ground(el)});
    const before = getComputedStyle(el, '::before');
    if (before.content && before.content !== 'none' && before.content !== 'normal' && before.display !== 'none')
      found.push({svg: false, text: 'before: ' + before.content.slice(0, 30), cls: el.className, tag: el.tagName,
                  ink: before.color, ground: ground(el)});
  }
  return found;
}
"""


@pytest.fixture(scope="module")
def browser():
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"no browser at {CHROMIUM}: install Debian's chromium (apt-get update && "
                    "apt-get install -y chromium); these tests never download a browser", pytrace=False)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("the playwright package is missing: pip install -e '.[test]'", pytrace=False)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pages")
    report = folder / "report.html"
    assert main(["report", str(EXAMPLE), "--format", "html", "-o", str(report)]) == 0
    book = folder / "rulebook.html"
    book.write_text(render_rulebook(build_book(), "html"), encoding="utf-8")
    return {"report": report.as_uri(), "rulebook": book.as_uri()}


def open_page(browser, url: str, width: int, media: str = "screen"):
    page = browser.new_page(viewport=VIEWPORTS[width])
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.route("**/*", lambda route: route.continue_() if route.request.url == url
               else route.abort())  # a self-contained page asks for nothing else
    if media != "screen":
        page.emulate_media(media=media)
    page.goto(url)
    page.wait_for_load_state("load")
    assert requested == [url], f"the page asked for more than itself: {requested}"
    return page


def overflow(page) -> dict:
    return page.evaluate("() => ({scroll: document.documentElement.scrollWidth, inner: window.innerWidth,"
                         " height: document.documentElement.scrollHeight})")


@pytest.mark.parametrize("width", [390, 1280])
def test_the_report_never_scrolls_sideways(browser, pages, width, capsys):
    page = open_page(browser, pages["report"], width)
    try:
        size = overflow(page)
        wide = page.evaluate("""() => [...document.body.querySelectorAll('*')]
            .filter(e => !e.closest('.diagram') && e.getBoundingClientRect().right > window.innerWidth + 0.5)
            .slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + e.textContent.trim().slice(0, 40))""")
        with capsys.disabled():
            print(f"\n[report at {width} px] scrollWidth {size['scroll']} for innerWidth {size['inner']}; "
                  f"page height {size['height']} px (issue 13 target at 1280 px: <= 8000)")
        assert size["scroll"] <= size["inner"], wide
        assert not wide, wide  # nothing reaches past the right edge, even clipped by a scroll box
        if width == 1280:  # issue 13: a report a student reads, not scrolls through
            assert size["height"] <= 8000, size
        # The diagram scales to fit a wide screen; on a phone it scrolls inside its own box.
        fit = page.evaluate("""() => { const box = document.querySelector('.diagram');
            const svg = box.querySelector('svg').getBoundingClientRect();
            return {box: box.clientWidth, svg: svg.width, scroll: box.scrollWidth,
                    overflowX: getComputedStyle(box).overflowX}; }""")
        assert fit["overflowX"] == "auto"
        if width == 1280:
            assert fit["svg"] <= fit["box"]
    finally:
        page.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_the_triage_banner_is_on_the_first_screen(browser, pages, width):
    page = open_page(browser, pages["report"], width)
    try:
        box = page.locator("#triage").bounding_box()
        assert box is not None and page.locator("#triage").is_visible()
        assert box["y"] >= 0 and box["y"] + box["height"] <= VIEWPORTS[width]["height"], box
        assert page.locator("#triage").inner_text().startswith("TRIAGE: EMERGENCY")
    finally:
        page.close()


def _failures(found: list[dict]) -> tuple[list[str], float]:
    failures, lowest = [], 21.0
    for item in found:
        ink, ground = parse_colour(item["ink"]), parse_colour(item["ground"])
        assert ink is not None and ground is not None, item
        ratio = contrast(ink, ground)
        lowest = min(lowest, ratio)
        if ratio < TEXT:
            failures.append(f"{ratio:.2f}:1 {item['ink']} on {item['ground']}: {item}")
    return failures, lowest


@pytest.mark.parametrize("width", [390, 1280])
def test_the_diagram_text_is_legible_on_its_boxes(browser, pages, width, capsys):
    page = open_page(browser, pages["report"], width)
    try:
        found = [item for item in page.evaluate(COLOURS_JS) if item["svg"]]
    finally:
        page.close()
    groups = {item["group"] for item in found}
    assert "triage_emergency" in groups and "condition" in groups, groups
    assert any(item["cls"] == "detail" and item["group"] == "triage_emergency" for item in found)
    failures, lowest = _failures(found)
    with capsys.disabled():
        print(f"\n[diagram at {width} px] {len(found)} SVG texts, lowest contrast {lowest:.2f}:1")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("page_name, width, media", [("report", 390, "screen"), ("report", 1280, "screen"),
                                                     ("report", 1280, "print"), ("rulebook", 390, "screen")])
def test_every_text_is_legible_in_the_browser(browser, pages, page_name, width, media, capsys):
    page = open_page(browser, pages[page_name], width, media)
    try:
        found = page.evaluate(COLOURS_JS)
    finally:
        page.close()
    assert len(found) > 100
    stacked_labels = [item for item in found if item["text"].startswith("before: ") and item["tag"] == "TD"]
    assert bool(stacked_labels) == (media == "screen" and width == 390)  # the column labels of stacked cells
    failures, lowest = _failures(found)
    with capsys.disabled():
        print(f"\n[{page_name}, {media}, {width} px] {len(found)} texts, lowest contrast {lowest:.2f}:1")
    assert not failures, "\n".join(failures[:20])


def test_the_rule_book_never_scrolls_sideways_on_a_phone(browser, pages, capsys):
    page = open_page(browser, pages["rulebook"], 390)
    try:
        size = overflow(page)
        stacked = page.evaluate("() => getComputedStyle(document.querySelector('table.stack td')).display")
    finally:
        page.close()
    with capsys.disabled():
        print(f"\n[rule book at 390 px] scrollWidth {size['scroll']} for innerWidth {size['inner']}")
    assert size["scroll"] <= size["inner"]
    assert stacked == "block"


def test_printing_drops_the_contents_and_prints_black_on_white(browser, pages):
    page = open_page(browser, pages["report"], 1280, media="print")
    try:
        state = page.evaluate("""() => {
            const s = sel => getComputedStyle(document.querySelector(sel));
            return {nav: s('nav.contents').display, body: s('body').color, background: s('body').backgroundColor,
                    banner: s('#triage').backgroundColor, bannerText: s('#triage').color,
                    bannerBreak: s('#triage').breakInside, rowBreak: s('tr').breakInside,
                    head: s('thead').display, footer: document.querySelector('footer').innerText}; }""")
    finally:
        page.close()
    assert state["nav"] == "none"
    assert state["body"] == "rgb(0, 0, 0)" and state["background"] == "rgb(255, 255, 255)"
    assert state["banner"] == "rgb(255, 255, 255)" and state["bannerText"] == "rgb(0, 0, 0)"
    assert state["bannerBreak"] == "avoid" and state["rowBreak"] == "avoid"
    assert state["head"] == "table-header-group"
    assert "educational decision support" in state["footer"]
