"""The JSON API (``expert.web``): each endpoint on the bundled example, the
command line's messages on bad input, the stateless consultation, the pages,
and ``legwise serve``'s refusal without the web extra."""
import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import expert
from expert.cli import main
from expert.explanations.rule_refs import rule_listing
from expert.consult import Consultation, reply_from_findings, typed_reply
from expert.explanations.what_if import Question
from expert.web.app import create_app
from facts.presentation import InvalidPresentation, parse_presentation
from facts.vocabulary import CONDITIONS, DISCLAIMER, FINDINGS

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "cauda_equina.json"
CASE = json.loads(EXAMPLE.read_text())


@pytest.fixture(scope="module")
def client():
    # As a context manager the app runs on one event-loop thread throughout,
    # as under uvicorn, so the thread's engine is built once.
    with TestClient(create_app()) as client:
        yield client


def cli_problems(data) -> list[str]:
    """The messages ``legwise assess`` gives for this input."""
    with pytest.raises(InvalidPresentation) as refused:
        parse_presentation(data)
    return refused.value.problems


# --- assess ----------------------------------------------------------------------

def test_assess_the_example_gives_the_library_assessment(client):
    response = client.post("/api/assess", json=CASE)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert body["triage"]["level"] == "emergency"
    assert body["differential"][0]["condition"] == "cauda_equina_syndrome"
    assert body == expert.assess(CASE).model_dump(mode="json")
    assert body["trace"]


def test_assess_trace_false_drops_only_the_trace(client):
    full = client.post("/api/assess", json=CASE).json()
    brief = client.post("/api/assess", params={"trace": "false"}, json=CASE).json()
    assert "trace" not in brief
    full.pop("trace")
    assert brief == full


def test_assess_bad_trace_value_is_422_naming_it(client):
    response = client.post("/api/assess", params={"trace": "perhaps"}, json=CASE)
    assert response.status_code == 422
    (message,) = response.json()["detail"]
    assert message.startswith("trace:") and "'perhaps'" in message


def test_a_misspelt_finding_is_422_with_did_you_mean(client):
    data = {"findings": {"sadle_numbness": True}}
    response = client.post("/api/assess", json=data)
    assert response.status_code == 422
    assert response.json() == {"detail": cli_problems(data)}
    assert "did you mean 'saddle_numbness'?" in response.json()["detail"][0]


@pytest.mark.parametrize("data", [
    {"age": "46", "sex": "yes", "findings": {"saddle_numbness": "true"}},
    {"findings": ["saddle_numbness"]},
    {"finding": {"saddle_numbness": True}},
    ["saddle_numbness"],
    "saddle_numbness",
])
def test_invalid_presentations_get_the_command_lines_messages(client, data):
    response = client.post("/api/assess", json=data)
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail == cli_problems(data) and all(isinstance(m, str) and m for m in detail)


def test_unknown_top_level_key_suggests_the_right_one(client):
    response = client.post("/api/assess", json={"finding": {}})
    assert response.status_code == 422
    assert "did you mean 'findings'?" in response.json()["detail"][0]


@pytest.mark.parametrize("body, reason", [
    (b'{"findings": {', "not valid JSON: Expecting property name"),
    (b'{"age": 40, "age": 41}', "duplicate key 'age'"),
    (b"", "the request body is empty"),
    (b"   \n", "the request body is empty"),
    (b'{"notes": "\xff"}', "not UTF-8"),
])
def test_unreadable_bodies_are_400_with_a_reason(client, body, reason):
    response = client.post("/api/assess", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 400
    (message,) = response.json()["detail"]
    assert reason in message


def test_a_body_that_is_not_json_by_its_type_is_415(client):
    response = client.post("/api/assess", content=json.dumps(CASE), headers={"content-type": "text/plain"})
    assert response.status_code == 415
    assert "application/json" in response.json()["detail"][0]


def test_json_with_a_charset_or_a_json_suffix_type_is_accepted(client):
    for content_type in ("application/json; charset=utf-8", "application/vnd.legwise+json"):
        response = client.post("/api/assess", content=json.dumps(CASE), headers={"content-type": content_type})
        assert response.status_code == 200, content_type


# --- explain ---------------------------------------------------------------------------

def test_explain_gives_each_explanation_the_library_gives(client):
    response = client.post("/api/explain", json={
        "presentation": CASE, "how": "triage", "why_not": "stroke_or_tia",
        "certainty": "cauda_equina_syndrome", "what_if": True})
    assert response.status_code == 200
    body = response.json()
    explanation = expert.explain(CASE)
    assert body == {
        "case_id": "example-cauda-equina",
        "how": explanation.how("triage").model_dump(mode="json"),
        "why_not": explanation.why_not("stroke_or_tia").model_dump(mode="json"),
        "certainty": explanation.certainty("cauda_equina_syndrome").model_dump(mode="json"),
        "what_if": explanation.what_if().model_dump(mode="json"),
    }


def test_explain_only_what_was_asked(client):
    body = client.post("/api/explain", json={"presentation": CASE, "how": "cauda_equina_syndrome"}).json()
    assert set(body) == {"case_id", "how"}
    assert body["how"]["conclusion"] == "cauda_equina_syndrome"


@pytest.mark.parametrize("key, value, expected", [
    ("how", "cauda_equina_syndrom", "did you mean 'cauda_equina_syndrome'?"),
    ("why_not", "stroke_or_tai", "did you mean 'stroke_or_tia'?"),
    ("certainty", "meniscal_tare", "did you mean 'meniscal_tear'?"),
])
def test_explain_unknown_ids_are_422_with_the_librarys_message(client, key, value, expected):
    response = client.post("/api/explain", json={"presentation": CASE, key: value})
    assert response.status_code == 422
    (message,) = response.json()["detail"]
    assert expected in message
    explanation = expert.explain(CASE)
    with pytest.raises(ValueError) as library:
        getattr(explanation, key)(value)
    assert message == str(library.value)


@pytest.mark.parametrize("body, expected", [
    ({"presentation": CASE}, "say what to explain"),
    ({"how": "triage"}, "presentation: required"),
    ({"presentation": CASE, "whynot": "stroke_or_tia"}, "did you mean 'why_not'?"),
    ({"presentation": CASE, "how": 5}, "how: must be an id"),
    ({"presentation": CASE, "what_if": "yes"}, "what_if: must be true or false"),
    ([CASE], "the request must be a JSON object, not an array"),
    ({"presentation": {"findings": {"sadle_numbness": True}}, "how": "triage"}, "did you mean 'saddle_numbness'?"),
])
def test_explain_bad_requests_are_422_saying_why(client, body, expected):
    response = client.post("/api/explain", json=body)
    assert response.status_code == 422
    assert any(expected in message for message in response.json()["detail"]), response.json()


# --- report ------------------------------------------------------------------------------

@pytest.mark.parametrize("report_format, media", [
    ("html", "text/html; charset=utf-8"),
    ("markdown", "text/markdown; charset=utf-8"),
    ("json", "application/json"),
])
def test_report_in_each_format_is_legwise_reports(client, report_format, media):
    response = client.post("/api/report", params={"format": report_format}, json=CASE)
    assert response.status_code == 200
    assert response.headers["content-type"] == media
    assert response.text == expert.explain(CASE).report(report_format)


def test_report_defaults_to_html_and_refuses_other_formats(client):
    assert client.post("/api/report", json=CASE).headers["content-type"].startswith("text/html")
    response = client.post("/api/report", params={"format": "pdf"}, json=CASE)
    assert response.status_code == 422
    (message,) = response.json()["detail"]
    assert message.startswith("format:") and "'pdf'" in message


# --- consultation --------------------------------------------------------------------------

def consult(client, answers, **start):
    return client.post("/api/consult/next", json={**start, "answers": answers})


def test_consult_starts_with_the_red_flag_checklist(client):
    response = consult(client, [], age=46, sex="male")
    assert response.status_code == 200
    body = response.json()
    assert body["done"] is False and body["stop_reason"] is None
    question = body["question"]
    assert question["red_flag"] is True and question["stage"] in ("red_flag", "red_flag_screen")
    session = Consultation(age=46, sex="male")
    expected = session.next_question()
    assert question["finding"] == expected.finding and question["text"] == expected.text
    assert [c["id"] for c in question["covers"]] == list(expected.covers)
    assert all(c["label"] == FINDINGS[c["id"]].label for c in question["covers"])
    assert body["triage"]["level"] == session.assessment().triage.level
    assert body["presentation"] == {"age": 46, "sex": "male", "findings": {}}


def test_consult_replay_of_the_examples_answers_reaches_emergency(client):
    """Ask, answer as the example's patient would type it, send every reply
    so far with each request: the server keeps nothing between them."""
    findings = CASE["findings"]
    answers: list = []
    for _ in range(60):
        body = consult(client, answers, age=CASE["age"], sex=CASE["sex"]).json()
        if body["done"]:
            break
        question = body["question"]
        covers = tuple(c["id"] for c in question["covers"])
        shaped = Question(question["finding"], question["text"], question["red_flag"], None, None, (), 0.0, covers)
        answers.append(typed_reply(reply_from_findings(shaped, findings), shaped))
    assert body["done"] is True
    assert body["stop_reason"] == Consultation.STOPPED_NOTHING_LEFT
    assert body["triage"]["level"] == "emergency"
    assert body["leading"][0]["condition"] == "cauda_equina_syndrome"
    assert body["leading"][0]["label"] == CONDITIONS["cauda_equina_syndrome"].label
    assert body["presentation"]["findings"]["saddle_numbness"] is True
    assert len(body["answered"]) == len(answers)
    # The same replies on a library session end in the same place.
    session = Consultation(age=CASE["age"], sex=CASE["sex"])
    for reply in answers:
        session.answer(reply)
    assert session.finished and session.to_presentation_dict() == body["presentation"]


def test_consult_first_checklist_answer_alone_makes_it_an_emergency(client):
    first = consult(client, [], age=46).json()["question"]
    numbers = [str(n) for n, c in enumerate(first["covers"], start=1)
               if c["id"] in ("saddle_numbness", "bladder_dysfunction")]
    body = consult(client, [" ".join(numbers)], age=46).json()
    assert body["triage"]["level"] == "emergency"
    assert body["answered"][0]["finding"] == first["finding"]
    assert body["presentation"]["findings"]["saddle_numbness"] is True
    assert body["presentation"]["findings"]["facial_droop"] is False


def test_consult_takes_a_mapping_for_a_checklist(client):
    body = consult(client, [{"saddle_numbness": True, "facial_droop": None}], age=46).json()
    assert body["triage"]["level"] == "emergency"
    assert "facial_droop" not in body["presentation"]["findings"]


@pytest.mark.parametrize("answers, index, expected", [
    (["n", "yse"], 1, "did you mean 'yes'?"),
    (["n", 3], 1, "is not an answer"),
    (["x" * 500], 0, "at most 200 characters"),
    (["99"], 0, "is not one of this checklist's findings"),
])
def test_a_bad_reply_is_422_naming_its_index(client, answers, index, expected):
    response = consult(client, answers, age=46)
    assert response.status_code == 422
    (message,) = response.json()["detail"]
    assert message.startswith(f"answers[{index}]: ") and expected in message


def test_a_reply_after_the_end_is_422(client):
    answers = []
    body = consult(client, answers, findings={"saddle_numbness": True}).json()
    while not body["done"]:
        answers.append("u")
        body = consult(client, answers, findings={"saddle_numbness": True}).json()
    response = consult(client, answers + ["y"], findings={"saddle_numbness": True})
    assert response.status_code == 422
    assert response.json()["detail"][0].startswith(f"answers[{len(answers)}]: the consultation is over")


@pytest.mark.parametrize("body, expected", [
    ({"findings": {"sadle_numbness": True}}, "did you mean 'saddle_numbness'?"),
    ({"age": "46"}, "age: must be a whole number"),
    ({"answer": []}, "did you mean 'answers'?"),
    ({"answers": "y"}, "answers: must be an array"),
    ({"answers": ["y"] * 201}, "at most 200 replies"),
    ({"findings": ["saddle_numbness"]}, "findings: must be an object"),
])
def test_consult_bad_requests_are_422(client, body, expected):
    response = client.post("/api/consult/next", json=body)
    assert response.status_code == 422
    assert any(expected in m for m in response.json()["detail"]), response.json()


# --- listings, schema, pages ----------------------------------------------------------------

def test_findings_and_conditions_listings(client):
    listed = client.get("/api/findings").json()
    assert [f["id"] for f in listed] == list(FINDINGS)
    assert listed[0] == {"id": listed[0]["id"], "label": FINDINGS[listed[0]["id"]].label,
                         "question": FINDINGS[listed[0]["id"]].question,
                         "category": FINDINGS[listed[0]["id"]].category}
    conditions = client.get("/api/conditions").json()
    assert [c["id"] for c in conditions] == list(CONDITIONS)
    assert {"label", "category", "urgency"} <= set(conditions[0])


def test_rules_listing_is_legwise_rules_json(client, capsys):
    listed = client.get("/api/rules").json()
    assert listed == json.loads(json.dumps(rule_listing()))
    assert main(["rules", "--format", "json"]) == 0
    assert listed == json.loads(capsys.readouterr().out)
    assert client.get("/api/rules").json() == listed  # kept once built


def test_api_listing_and_openapi_schema(client):
    listed = client.get("/api").json()
    pairs = {(e["method"], e["path"]) for e in listed["endpoints"]}
    assert {("POST", "/api/assess"), ("POST", "/api/explain"), ("POST", "/api/consult/next"),
            ("POST", "/api/report"), ("GET", "/api/findings"), ("GET", "/api/conditions"),
            ("GET", "/api/rules")} <= pairs
    assert all(e["summary"] for e in listed["endpoints"])
    schema = client.get("/openapi.json").json()
    assert schema["info"]["title"] == "legwise" and schema["info"]["version"] == expert.__version__
    body = schema["paths"]["/api/assess"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert set(body["properties"]) == {"id", "age", "sex", "findings", "notes"}
    assert "/" not in schema["paths"] and "/assess" not in schema["paths"]


def test_home_page_has_the_disclaimer_and_the_links(client):
    response = client.get("/")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    page = response.text
    assert DISCLAIMER in page
    assert 'href="/openapi.json"' in page and 'href="/api"' in page and 'href="/assess"' in page
    assert "<script" not in page and "style=" not in page and "<style" not in page
    assert "/api/consult/next" in page
    css = client.get("/static/web.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")


def test_assess_page_lists_every_finding_by_category_with_three_choices(client):
    page = client.get("/assess").text
    for finding in FINDINGS:
        for value in ("yes", "no", "unknown"):
            assert f'name="f.{finding}" value="{value}"' in page
    assert page.count('value="unknown" checked') == len(FINDINGS)
    assert "<legend>Spine and nerves</legend>" in page
    assert DISCLAIMER in page and "<script" not in page


def test_assess_page_posts_to_the_html_report(client):
    form = {"age": "46", "sex": "male", **{f"f.{k}": "yes" if v else "no" for k, v in CASE["findings"].items()}}
    response = client.post("/assess", data=form)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    without_notes = {k: v for k, v in CASE.items() if k not in ("id", "notes")}
    assert response.text == expert.explain(without_notes).report("html")


def test_assess_page_shows_every_problem_back_in_the_form(client):
    response = client.post("/assess", data={"age": "forty", "sex": "male", "f.sadle_numbness": "yes",
                                            "f.both_legs": "maybe", "f.low_back_pain": "yes"})
    assert response.status_code == 422
    page = response.text
    assert "age: must be a whole number of years between 0 and 120, not &#39;forty&#39;" in page
    assert "answer yes, no or unknown, not &#39;maybe&#39;" in page
    assert "unknown finding id &#39;sadle_numbness&#39;" in page
    assert 'name="f.low_back_pain" value="yes" checked' in page  # what was ticked stays ticked
    assert '<option value="male" selected>' in page


def test_assess_page_needs_a_form(client):
    response = client.post("/assess", json=CASE)
    assert response.status_code == 415


# --- legwise serve -------------------------------------------------------------------------

def test_serve_without_the_web_extra_exits_2_with_the_install_hint(capsys, monkeypatch):
    monkeypatch.setattr("expert.cli.serve.missing_web_packages", lambda: ["fastapi", "uvicorn"])
    assert main(["serve"]) == 2
    err = capsys.readouterr().err
    assert "pip install 'legwise[web]'" in err and "fastapi and uvicorn" in err


def test_serve_runs_the_factory_on_loopback_by_default(capsys, monkeypatch):
    calls = []
    monkeypatch.setattr("uvicorn.run", lambda app, **options: calls.append((app, options)))
    assert main(["serve", "--port", "8123", "--workers", "2"]) == 0
    ((app, options),) = calls
    assert app == "expert.web.app:create_app" and options["factory"] is True
    assert (options["host"], options["port"], options["workers"]) == ("127.0.0.1", 8123, 2)
    assert capsys.readouterr().err == ""


def test_serve_warns_when_listening_beyond_this_machine(capsys, monkeypatch):
    monkeypatch.setattr("uvicorn.run", lambda app, **options: None)
    assert main(["serve", "--host", "0.0.0.0"]) == 0
    assert "reachable from other machines" in capsys.readouterr().err
    assert main(["serve", "--workers", "0"]) == 2
