"""The web pages in a real browser (Debian's chromium at /usr/bin/chromium,
driven by Playwright, as ``tests/test_web_browser.py``), against uvicorn on
a free loopback port, with no JavaScript of ours anywhere:

* a consultation answered by clicking, WHY opened on the way, to emergency;
* a quiz round: a finding asked about, an answer committed and scored;
* the consultation by keyboard alone (Tab and Enter), the focus visible;
* every page at phone width (390 px): no horizontal overflow, a screenshot
  saved under pytest's tmp_path (its path printed: ``pytest -s`` shows them);
* every page at 390 px and 1280 px: no Content-Security-Policy violation and
  no request but the page and its stylesheet (and the forms' own answers).

Without chromium or playwright these tests fail, saying so; they never skip.
"""
import json
from pathlib import Path

import pytest

from expert.web.app import create_app
from tests.live_server import serving
from tests.test_browser import browser  # noqa: F401 - the shared browser fixture (chromium, never downloaded)

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "cauda_equina.json"
CASE = json.loads(EXAMPLE.read_text())
WORD = {True: "yes", False: "no", None: "unknown"}
BUTTON = {True: "Yes", False: "No", None: "Don't know"}
PAGES = ["/", "/assess", "/consult", "/quiz", "/rules", "/rules/mech.meniscus.locking", "/rules/mech.meniscus.lockin",
         "/ablate", "/ablate?case=mech-meniscus-02&rule=mech.meniscus.locking"]



@pytest.fixture(scope="module")
def base_url():
    with serving(create_app()) as url:
        yield url


def open_page(browser, url: str, width: int = 1280):  # noqa: F811
    """A page recording the CSP violations chromium reports and every URL requested."""
    page = browser.new_page(viewport={"width": width, "height": 844 if width < 600 else 800})
    page.violations, page.requested = [], []
    page.on("console", lambda message: page.violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    page.on("request", lambda request: page.requested.append(request.url))
    page.goto(url)
    page.wait_for_load_state("load")
    return page


def submit(page, selector: str) -> None:
    with page.expect_navigation():
        page.click(selector)
    page.wait_for_load_state("load")


def answer_by_clicking(page, findings: dict) -> None:
    """Answer the question shown as a person with these findings would."""
    items = page.eval_on_selector_all('input[type="radio"][value="yes"][name^="c."]',
                                      "inputs => inputs.map(i => i.name.slice(2))")
    if items:
        for finding in items:
            page.check(f'input[name="c.{finding}"][value="{WORD[findings.get(finding)]}"]')
        submit(page, 'button[name="reply"][value="checklist"]')
    else:
        asked = page.get_attribute('input[name="q"]', "value")
        submit(page, f'button[name="reply"][value="{WORD[findings.get(asked)]}"]')


def test_a_consultation_answered_by_clicking_reaches_emergency_with_why_on_the_way(browser, base_url):  # noqa: F811
    page = open_page(browser, f"{base_url}/consult")
    page.fill('input[name="age"]', str(CASE["age"]))
    page.select_option('select[name="sex"]', CASE["sex"])
    submit(page, 'button[value="start"]')
    assert "RED FLAG question" in page.inner_text(".question h2")
    submit(page, 'button[value="why"]')
    assert "Why ask about" in page.inner_text(".why")
    assert "red-flag question" in page.inner_text(".why")
    for _ in range(40):
        if page.locator('button[value="why"]').count() == 0:
            break
        answer_by_clicking(page, CASE["findings"])
    else:
        pytest.fail("the consultation did not end")
    assert "Summary" in page.inner_text(".question")
    assert page.inner_text(".live .triage").strip().lower() == "emergency"
    assert "Cauda equina syndrome" in page.inner_text(".live")
    with page.expect_download() as download:
        page.click("text=Download the coded case (JSON)")
    coded = json.loads(Path(download.value.path()).read_text())
    assert coded["findings"]["saddle_numbness"] is True and coded["age"] == CASE["age"]
    submit(page, 'button[name="format"][value="html"]')
    assert "Cauda equina syndrome" in page.inner_text("body")
    assert page.violations == []
    page.close()


def test_a_quiz_round_is_scored(browser, base_url):  # noqa: F811
    page = open_page(browser, f"{base_url}/quiz?case=mech-meniscus-02")
    page.select_option('select[name="ask"]', "knee_locking")
    submit(page, ".ask-form button:not([value])")
    assert "yes, present" in page.inner_text(".revealed")
    page.select_option('select[name="triage"]', "routine")
    page.select_option('select[name="leading"]', "meniscal_tear")
    submit(page, "text=Commit my answer")
    assert "Your score on this case: +2" in page.inner_text(".result")
    assert "How the engine reached the triage" in page.inner_text(".result pre")
    assert "2 of 2" in " ".join(page.inner_text(".score").split())
    submit(page, "a.button")
    assert "2 of 2" in " ".join(page.inner_text(".score").split())  # the score carried to the next case
    assert page.violations == []
    page.close()


def _tab_to(page, predicate: str, limit: int = 80) -> dict:
    """Press Tab until the focused element satisfies ``predicate`` (a JS
    function of the element); its text and outline."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        found = page.evaluate(f"""() => {{ const el = document.activeElement;
            if (!({predicate})(el)) return null;
            const style = getComputedStyle(el);
            return {{text: el.textContent.trim(), outline: style.outlineStyle, width: style.outlineWidth}}; }}""")
        if found:
            return found
    pytest.fail(f"Tab never reached an element where {predicate}")


def _enter(page) -> None:
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state("load")


def test_the_consultation_by_keyboard_alone(browser, base_url):  # noqa: F811
    page = open_page(browser, f"{base_url}/")
    link = _tab_to(page, "el => el.getAttribute('href') === '/consult'")
    assert link["outline"] == "solid"  # the focus is visible
    _enter(page)
    start = _tab_to(page, "el => el.value === 'start'")
    assert start["outline"] == "solid" and start["width"] != "0px"
    _enter(page)
    first_question = page.inner_text(".question legend")
    _tab_to(page, "el => el.value === 'why'")
    _enter(page)
    assert "Why ask about" in page.inner_text(".why")
    _tab_to(page, "el => el.name === 'reply' && el.value === 'unknown'")
    _enter(page)
    assert "Question 2" in page.inner_text(".question h2")
    back = _tab_to(page, "el => el.value === 'back'")
    assert back["text"] == "Back"
    _enter(page)
    assert "Question 1" in page.inner_text(".question h2")
    assert page.inner_text(".question legend") == first_question
    assert page.violations == []
    page.close()


def _phone_pages(base_url: str) -> list[tuple[str, str, list]]:
    """(name, url, clicks to make after loading) for every page at phone width."""
    return [(path.strip("/").replace("/", "-").replace("?", "-").replace("&", "-").replace("=", "-") or "home",
             f"{base_url}{path}", []) for path in PAGES] + [
        ("consult-question", f"{base_url}/consult", ['button[value="start"]', 'button[value="why"]']),
        ("quiz-result", f"{base_url}/quiz?case=mech-meniscus-02", ["text=Commit my answer"]),
    ]


@pytest.mark.parametrize("index", range(len(PAGES) + 2))
def test_every_page_at_phone_width_has_no_overflow_and_no_violation(browser, base_url, tmp_path, index):  # noqa: F811
    name, url, clicks = _phone_pages(base_url)[index]
    page = open_page(browser, url, width=390)
    for selector in clicks:
        submit(page, selector)
    overflow = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    shot = tmp_path / f"phone-{name}.png"
    page.screenshot(path=str(shot), full_page=True)
    print(f"\nscreenshot at 390 px: {shot}")
    assert shot.stat().st_size > 0
    assert overflow[0] <= overflow[1], f"{name}: the page is {overflow[0]} px wide at {overflow[1]} px"
    assert page.violations == []
    assert all(u.startswith(base_url) for u in page.requested)
    page.close()


@pytest.mark.parametrize("path", PAGES)
def test_every_page_at_desktop_width_loads_only_itself_and_its_stylesheet(browser, base_url, path):  # noqa: F811
    page = open_page(browser, f"{base_url}{path}")
    assert page.requested == [f"{base_url}{path}", f"{base_url}/static/web.css"]
    assert page.violations == []
    assert page.evaluate("() => getComputedStyle(document.querySelector('.disclaimer')).borderLeftStyle") == "solid"
    page.close()
