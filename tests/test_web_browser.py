"""The web app in a real browser (Debian's chromium, driven by Playwright, as
``tests/test_browser.py``), against uvicorn on a free loopback port:

* the HTML report served under its Content-Security-Policy renders with all
  its styles (the ``<style>`` block and every ``style`` attribute allowed by
  hash), and chromium reports no violation;
* the same report under the base policy is refused its inline styles: the
  check above can see a violation when there is one;
* the Assess form works without JavaScript: ticking findings and submitting
  gives the report;
* the pages load their stylesheet and nothing else.

Without chromium or playwright these tests fail, saying so; they never skip.
"""
import json
from pathlib import Path

import pytest
from fastapi.responses import HTMLResponse

import expert
from expert.web.app import create_app
from tests.live_server import serving
from tests.test_browser import browser  # noqa: F401 - the shared browser fixture (chromium, never downloaded)

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "cauda_equina.json"
CASE = json.loads(EXAMPLE.read_text())



@pytest.fixture(scope="module")
def base_url():
    app = create_app()
    report = expert.explain(CASE).report("html")

    @app.get("/test/report-under-the-base-policy")
    def base_policy_report():  # sent without its own policy: the middleware gives it the base one
        return HTMLResponse(report)

    with serving(app) as url:
        yield url


def open_page(browser, url: str):  # noqa: F811
    """A page, with the CSP violations chromium reports on its console and
    every URL it requested."""
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.violations, page.requested = [], []
    page.on("console", lambda message: page.violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    page.on("request", lambda request: page.requested.append(request.url))
    page.goto(url)
    page.wait_for_load_state("load")
    return page


REPORT_STYLES = """() => ({
  bodyWidth: getComputedStyle(document.body).maxWidth,
  indents: [...document.querySelectorAll('[style]')].map(el => getComputedStyle(el).marginLeft),
  declared: [...document.querySelectorAll('[style]')].map(el => el.getAttribute('style')),
})"""


def post_report(browser, base_url):  # noqa: F811
    """The report fetched as a browser would show a POST's answer: a form
    posting the example to /assess (the API takes JSON, which a plain page
    cannot send without script)."""
    page = open_page(browser, f"{base_url}/assess")
    for finding, value in CASE["findings"].items():
        page.check(f'input[name="f.{finding}"][value="{"yes" if value else "no"}"]')
    page.fill('input[name="age"]', str(CASE["age"]))
    page.select_option('select[name="sex"]', CASE["sex"])
    with page.expect_navigation():
        page.click('button[type="submit"]')
    page.wait_for_load_state("load")
    return page


def test_the_assess_form_gives_the_report_with_all_its_styles_and_no_violation(browser, base_url):  # noqa: F811
    page = post_report(browser, base_url)
    assert page.url == f"{base_url}/assess"
    assert "Cauda equina syndrome" in page.inner_text("body")
    styles = page.evaluate(REPORT_STYLES)
    assert styles["bodyWidth"] == "1152px"  # 72rem, from the report's <style> block
    indented = [(declared, computed) for declared, computed in zip(styles["declared"], styles["indents"])
                if declared != "margin-left: 0.0em"]
    assert indented and all(computed != "0px" for _, computed in indented)
    assert page.violations == []
    page.close()


def test_the_same_report_under_the_base_policy_is_refused_its_inline_styles(browser, base_url):  # noqa: F811
    page = open_page(browser, f"{base_url}/test/report-under-the-base-policy")
    styles = page.evaluate(REPORT_STYLES)
    assert styles["bodyWidth"] != "1152px"
    assert set(styles["indents"]) == {"0px"}
    assert any("inline style" in text for text in page.violations)  # chromium words it in several ways
    page.close()


@pytest.mark.parametrize("path", ["/", "/assess"])
def test_the_pages_load_their_stylesheet_and_nothing_else(browser, base_url, path):  # noqa: F811
    page = open_page(browser, f"{base_url}{path}")
    assert page.requested == [f"{base_url}{path}", f"{base_url}/static/web.css"]
    border = page.evaluate("() => getComputedStyle(document.querySelector('.disclaimer')).borderLeftStyle")
    assert border == "solid"
    assert page.violations == []
    assert expert.__version__ in page.inner_text("footer")
    page.close()


def test_a_hostile_form_value_shown_back_stays_text(browser, base_url):  # noqa: F811
    page = open_page(browser, f"{base_url}/assess")
    page.evaluate("() => { const f = document.querySelector('form'); const i = document.createElement('input');"
                  " i.name = 'f.<img src=x onerror=alert(1)>'; i.value = 'yes'; f.appendChild(i); }")
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    with page.expect_navigation():
        page.click('button[type="submit"]')
    assert "unknown finding id '<img src=x onerror=alert(1)>'" in page.inner_text(".problems")
    assert page.locator(".problems img").count() == 0 and dialogs == []
    page.close()
