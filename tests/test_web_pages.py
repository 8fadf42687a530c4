"""The web pages (``expert.web.consult_pages``, ``expert.web.teaching``)
through FastAPI's TestClient: every page renders under the strict policy;
the consultation replays its hidden answers and reaches emergency on the
bundled example; WHY and back; the downloads; the quiz scores as
``expert.consult.quiz`` does; the rule book shows the cases a rule fires on
and a did-you-mean for an unknown id; removing a rule that matters shows the
change; hostile strings stay text."""
import html
import json
import re
from pathlib import Path
from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient

from expert.cases import find_case
from expert.consult import Consultation, reply_from_findings
from expert.consult.quiz import Quiz
from expert.consult.why import render_why_text
from expert.web.app import create_app
from expert.web.security import CONTENT_SECURITY_POLICY
from facts.vocabulary import DISCLAIMER

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "cauda_equina.json"
CASE = json.loads(EXAMPLE.read_text())
PAGES = ["/", "/assess", "/consult", "/quiz", "/quiz?case=mech-meniscus-02", "/rules",
         "/rules/mech.meniscus.locking", "/ablate", "/ablate?case=mech-meniscus-02",
         "/ablate?case=mech-meniscus-02&rule=mech.meniscus.locking"]
NAV = ["/assess", "/consult", "/quiz", "/rules", "/ablate"]


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app()) as client:
        yield client


def text_of(page: str) -> str:
    """The page's text, tags dropped and entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def hidden_fields(page: str, action: str = "/consult") -> list[tuple[str, str]]:
    """The hidden fields of the first form posting to ``action``."""
    start = page.index(f'action="{action}"')
    form = page[start:page.index("</form>", start)]
    return [(name, html.unescape(value))
            for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form)]


def post_form(client, path: str, fields):
    """POST form fields (a list of pairs: names may repeat) as a browser does."""
    pairs = list(fields.items()) if isinstance(fields, dict) else list(fields)
    return client.post(path, content=urlencode(pairs),
                       headers={"content-type": "application/x-www-form-urlencoded"})


def checklist_items(page: str) -> list[str]:
    return list(dict.fromkeys(re.findall(r'name="c\.([a-z0-9_]+)"', page)))


def answer_fields(page: str, findings: dict) -> list[tuple[str, str]]:
    """The fields a person with these findings submits for the question shown."""
    items = checklist_items(page)
    if items:
        word = {True: "yes", False: "no", None: "unknown"}
        return [(f"c.{f}", word[findings.get(f)]) for f in items] + [("reply", "checklist")]
    asked = dict(hidden_fields(page))["q"]
    return [("reply", {True: "yes", False: "no", None: "unknown"}[findings.get(asked)])]


def consult(client, findings: dict, age="", sex="", why_on=None):
    """Answer the consultation by form posts until it ends; the pages seen."""
    page = post_form(client, "/consult", {"age": age, "sex": sex, "do": "start"}).text
    pages = [page]
    for _ in range(60):
        if "WHY this question?" not in page:
            return pages
        response = post_form(client, "/consult", hidden_fields(page) + answer_fields(page, findings))
        assert response.status_code == 200, text_of(response.text)
        page = response.text
        pages.append(page)
    pytest.fail("the consultation did not end")


@pytest.mark.parametrize("path", PAGES)
def test_every_page_renders_with_the_disclaimer_the_nav_and_no_inline_code(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert DISCLAIMER in text_of(response.text)
    for link in NAV:
        assert f'href="{link}"' in response.text
    assert "<script" not in response.text and " style=" not in response.text and "<style" not in response.text


def test_the_home_page_links_every_page(client):
    page = client.get("/").text
    for link in NAV:
        assert page.count(f'href="{link}"') >= 2  # the nav and the list


def test_the_consultation_reaches_emergency_on_the_example_by_form_posts(client):
    pages = consult(client, CASE["findings"], str(CASE["age"]), CASE["sex"])
    last = text_of(pages[-1])
    assert "Summary" in last and "Triage: emergency" in " ".join(last.split())
    assert "Cauda equina syndrome" in last
    # the page is the library's consultation replayed: the same assessment
    session = Consultation(age=CASE["age"], sex=CASE["sex"])
    while (question := session.next_question()) is not None:
        session.answer(reply_from_findings(question, CASE["findings"]))
    assert session.assessment().triage.level == "emergency"
    assert len(pages) - 1 == len(session.answers)


def test_the_first_question_is_a_red_flag_checklist_of_radio_groups(client):
    page = post_form(client, "/consult", {"do": "start"}).text
    assert "RED FLAG question" in page
    items = checklist_items(page)
    assert "saddle_numbness" in items
    for value in ("yes", "no", "unknown"):
        assert f'name="c.saddle_numbness" value="{value}"' in page
    assert 'name="reply" value="no"' in page and 'name="reply" value="unknown"' in page


def test_why_shows_the_library_why_text(client):
    page = post_form(client, "/consult", {"do": "why"}).text
    expected = render_why_text(Consultation().why())
    assert expected in text_of(page)
    assert "WHY" in page


def test_back_undoes_the_last_answer(client):
    first = post_form(client, "/consult", {"do": "start"}).text
    second = post_form(client, "/consult", hidden_fields(first) + [("reply", "no")]).text
    assert [v for k, v in hidden_fields(second) if k == "a"] == ['"no"']
    back = post_form(client, "/consult", hidden_fields(second) + [("do", "back")]).text
    assert [v for k, v in hidden_fields(back) if k == "a"] == []
    assert dict(hidden_fields(back))["q"] == dict(hidden_fields(first))["q"]


def test_a_tampered_answer_is_refused_with_a_message(client):
    response = post_form(client, "/consult", [("a", '"perhaps"')])
    assert response.status_code == 422
    assert "answer 1: 'perhaps': 'perhaps' is not one of this checklist's findings" in text_of(response.text)
    response = post_form(client, "/consult", [("a", "{not json")])
    assert response.status_code == 422


def test_an_answer_to_a_question_no_longer_asked_is_refused(client):
    response = post_form(client, "/consult", [("q", "low_back_pain"), ("reply", "yes")])
    assert response.status_code == 422
    assert "the question now is" in text_of(response.text)


def test_the_coded_case_and_the_reports_download(client):
    pages = consult(client, CASE["findings"], str(CASE["age"]), CASE["sex"])
    state = hidden_fields(pages[-1], "/consult/case.json")
    response = post_form(client, "/consult/case.json", state)
    assert response.status_code == 200
    assert response.headers["content-disposition"].startswith("attachment;")
    coded = response.json()
    assert coded["age"] == CASE["age"] and coded["findings"]["saddle_numbness"] is True
    markdown = post_form(client, "/consult/report", state + [("format", "markdown")])
    assert markdown.headers["content-type"].startswith("text/markdown")
    assert "attachment" in markdown.headers["content-disposition"]
    assert "Cauda equina syndrome" in markdown.text
    shown = post_form(client, "/consult/report", state + [("format", "html")])
    assert shown.headers["content-type"].startswith("text/html") and "content-disposition" not in shown.headers
    assert "sha256-" in shown.headers["content-security-policy"]


@pytest.mark.parametrize("triage,leading", [("routine", "meniscal_tear"), ("emergency", "osteoarthritis"),
                                            ("self_care", "cauda_equina_syndrome")])
def test_the_quiz_scores_as_the_quiz_module(client, triage, leading):
    case = find_case("mech-meniscus-02")
    expected = Quiz([case]).answer(triage, leading).score
    response = post_form(client, "/quiz", {"case": case.id, "triage": triage, "leading": leading,
                                          "points": "1.5", "possible": "2", "answered": "1"})
    assert response.status_code == 200
    page = text_of(response.text)
    assert f"Your score on this case: {expected.points:+g}" in page
    assert expected.triage_verdict in page and expected.leading_verdict in page
    assert "How the engine reached the triage" in page  # the terminal quiz's feedback
    state = dict(hidden_fields(response.text, "/quiz"))
    assert float(state["points"]) == 1.5 + expected.points and float(state["possible"]) == 4
    assert state["answered"] == "2"
    assert 'href="/quiz?case=' in response.text  # the next case, the score carried


def test_the_quiz_reveals_an_asked_finding(client):
    page = text_of(client.get("/quiz", params={"case": "mech-meniscus-02", "ask": "knee_locking"}).text)
    assert "yes, present" in page
    missing = client.get("/quiz", params={"case": "mech-meniscus-02", "ask": "knee_lockin"})
    assert missing.status_code == 422 and "did you mean 'knee_locking'?" in text_of(missing.text)


def test_an_unknown_quiz_case_is_404_with_did_you_mean(client):
    response = client.get("/quiz", params={"case": "mech-meniscus-2"})
    assert response.status_code == 404
    assert 'href="/quiz?case=mech-meniscus-02"' in response.text or "did you mean" in text_of(response.text)


def test_the_rule_book_groups_rules_by_module_with_citations(client):
    page = text_of(client.get("/rules").text)
    assert "rules.mechanical" in page and "Cites " in page
    assert "mech.meniscus.locking" in page


def test_a_rule_page_shows_logic_rationale_citation_and_cases(client):
    response = client.get("/rules/mech.meniscus.locking")
    page = text_of(response.text)
    for heading in ("Logic", "Rationale", "Citation", "Library cases where it fires"):
        assert heading in page
    assert "mech-meniscus-02" in page and 'href="/quiz?case=mech-meniscus-02"' in response.text


def test_an_unknown_rule_is_404_with_a_did_you_mean_link(client):
    response = client.get("/rules/mech.meniscus.lockin")
    assert response.status_code == 404
    assert "did you mean 'mech.meniscus.locking'?" in text_of(response.text)
    assert 'href="/rules/mech.meniscus.locking"' in response.text


def test_removing_a_rule_that_matters_changes_the_leader(client):
    response = client.get("/ablate", params={"case": "mech-meniscus-02", "rule": "mech.meniscus.locking"})
    page = " ".join(text_of(response.text).split())
    assert "CHANGED: removing this rule changes the assessment" in page
    assert "Leading condition Meniscal tear Osteoarthritis CHANGED" in page


def test_ablation_offers_the_rules_that_fired(client):
    page = client.get("/ablate", params={"case": "mech-meniscus-02"}).text
    assert '<option value="mech.meniscus.locking"' in page


def test_ablation_of_a_posted_case(client):
    data = {"age": "46", "sex": "male", **{f"f.{f}": "yes" if v else "no" for f, v in CASE["findings"].items()}}
    first = post_form(client, "/ablate", data)
    assert first.status_code == 200 and "Rule to remove" in first.text
    rule = re.search(r'<option value="(neuro\.[^"]+)"', first.text) or re.search(r'<option value="([^"]+)"',
                                                                                  first.text[first.text.index("Rule to remove"):])
    response = post_form(client, "/ablate", {**data, "rule": rule.group(1)})
    assert response.status_code == 200 and "With every rule" in response.text


def test_an_unknown_rule_to_remove_is_refused_with_did_you_mean(client):
    response = client.get("/ablate", params={"case": "mech-meniscus-02", "rule": "mech.meniscus.lockin"})
    assert response.status_code == 422
    assert "did you mean 'mech.meniscus.locking'?" in text_of(response.text)


HOSTILE = '<script>alert(1)</script><img src=x onerror=alert(2)>'


@pytest.mark.parametrize("request_args", [
    ("get", "/rules/<img src=x onerror=alert(2)>", {}),
    ("get", "/quiz", {"params": {"case": HOSTILE}}),
    ("get", "/quiz", {"params": {"case": "mech-meniscus-02", "ask": HOSTILE}}),
    ("get", "/ablate", {"params": {"case": "mech-meniscus-02", "rule": HOSTILE}}),
    ("post", "/consult", {"data": {"a": json.dumps(HOSTILE)}}),
    ("post", "/consult", {"data": {"age": HOSTILE}}),
    ("post", "/consult", {"data": {"reply": HOSTILE}}),
    ("post", "/quiz", {"data": {"case": "mech-meniscus-02", "triage": HOSTILE, "leading": HOSTILE}}),
    ("post", "/ablate", {"data": {"f." + HOSTILE: "yes"}}),
])
def test_hostile_strings_stay_text(client, request_args):
    method, path, kwargs = request_args
    if method == "post":
        response = post_form(client, path, kwargs["data"])
    else:
        response = client.get(path, **kwargs)
    assert response.status_code in (404, 422)
    assert "<script>" not in response.text and "<img" not in response.text
    assert "&lt;script&gt;" in response.text or "&lt;img" in response.text


def test_a_consultation_page_is_not_a_form_of_another_type(client):
    response = client.post("/consult", content=b'{"a": []}', headers={"content-type": "application/json"})
    assert response.status_code == 415
