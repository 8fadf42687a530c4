"""The CDS Hooks 2.0 service (expert.web.cds_hooks) on a bare FastAPI app:
discovery, the hook call and its card, 412/400, feedback, the report link,
and JWT client authentication."""
import json
import time
import uuid

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from fastapi.testclient import TestClient

from expert.web import cds_hooks
from expert.web.app import create_app
from expert.web.cds_hooks import SERVICE_ID, decode_presentation, encode_presentation
from facts.coding import SNOMED
from facts.presentation import parse_presentation
from tests.fhir_helpers import bundle, condition, observation, patient, questionnaire_response

URL = f"/cds-services/{SERVICE_ID}"
AUDIENCE = f"https://cds.example.org{URL}"
INSTANCE = "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea"


@pytest.fixture
def client(monkeypatch):
    for name in ("LEGWISE_CDS_JWKS", "LEGWISE_CDS_PUBLIC_KEY", "LEGWISE_CDS_AUDIENCE"):
        monkeypatch.delenv(name, raising=False)
    return TestClient(create_app())  # the app legwise serve runs, with its headers and caps


def hook_request(prefetch=None, **changes):
    data = {"hook": "patient-view", "hookInstance": INSTANCE,
            "context": {"userId": "Practitioner/example", "patientId": "p1"}}
    if prefetch is not None:
        data["prefetch"] = prefetch
    data.update(changes)
    return data


def cauda_prefetch():
    return {"patient": patient("p1", "1970-03-02", "female"),
            "observations": bundle(observation("o1", "saddle_numbness", True, display="Saddle anaesthesia"),
                                   observation("o2", "bladder_dysfunction", True, display="Urinary retention"),
                                   kind="searchset"),
            "conditions": bundle(kind="searchset")}


# --- discovery ---------------------------------------------------------------

def test_discovery_lists_the_service_with_its_prefetch(client):
    response = client.get("/cds-services")
    assert response.status_code == 200
    (service,) = response.json()["services"]
    assert service["id"] == SERVICE_ID and service["hook"] == "patient-view"
    assert service["title"] and service["description"]
    assert set(service["prefetch"]) == {"patient", "observations", "conditions", "questionnaireResponses"}
    assert service["prefetch"]["patient"] == "Patient/{{context.patientId}}"
    assert all("{{context.patientId}}" in template for template in service["prefetch"].values())


# --- the hook call -------------------------------------------------------------

def test_saddle_anaesthesia_and_urinary_retention_give_one_critical_card_naming_cauda_equina(client):
    response = client.post(URL, json=hook_request(cauda_prefetch()))
    assert response.status_code == 200
    cards = response.json()["cards"]
    assert len(cards) == 1
    card = cards[0]
    assert card["indicator"] == "critical"
    assert "cauda equina" in card["summary"].lower()
    assert len(card["summary"]) <= 140
    assert "Cauda equina syndrome" in card["detail"] and "**Red flags**" in card["detail"]
    assert card["source"]["label"] == "legwise"
    assert card["overrideReasons"] and all({"system", "code", "display"} <= set(r) for r in card["overrideReasons"])
    assert card["uuid"] == str(uuid.uuid5(cds_hooks.CARD_NAMESPACE, f"{INSTANCE}/triage"))
    (link,) = card["links"]
    assert link["type"] == "absolute" and link["url"].startswith("http://testserver/")


def test_card_uuid_is_deterministic_per_hook_instance(client):
    first = client.post(URL, json=hook_request(cauda_prefetch())).json()["cards"][0]["uuid"]
    again = client.post(URL, json=hook_request(cauda_prefetch())).json()["cards"][0]["uuid"]
    other = client.post(URL, json=hook_request(cauda_prefetch(), hookInstance=str(uuid.uuid4()))).json()
    assert first == again != other["cards"][0]["uuid"]


@pytest.mark.parametrize("prefetch, indicator", [
    ({"conditions": bundle(condition("c1", "calf_swelling_tenderness_one_side"),
                           condition("c2", "recent_immobility_or_surgery"))}, "warning"),
    ({"observations": bundle(observation("o1", "knee_pain"), observation("o2", "joint_pain_worse_with_use"))},
     "info"),
])
def test_indicator_follows_the_triage(client, prefetch, indicator):
    import expert
    from expert.fhir.mapping import map_bundle

    card = client.post(URL, json=hook_request(prefetch)).json()["cards"][0]
    resources = [r["resource"] for value in prefetch.values() for r in value["entry"]]
    level = expert.assess(map_bundle(bundle(*resources)).presentation).triage.level
    assert card["indicator"] == {"emergency": "critical", "urgent": "warning"}.get(level, "info")
    assert card["indicator"] == indicator


def test_a_questionnaire_response_is_read(client):
    prefetch = {"questionnaireResponses": bundle(questionnaire_response(
        {"saddle_numbness": True, "bladder_dysfunction": True}), kind="searchset")}
    card = client.post(URL, json=hook_request(prefetch)).json()["cards"][0]
    assert card["indicator"] == "critical"


def test_single_resources_are_accepted_as_prefetch_values(client):
    prefetch = {"patient": patient(), "observations": observation("o1", "saddle_numbness")}
    response = client.post(URL, json=hook_request(prefetch))
    assert response.status_code == 200


def test_unmapped_codes_are_named_on_the_card_not_dropped(client):
    prefetch = cauda_prefetch()
    prefetch["conditions"] = bundle({"resourceType": "Condition", "id": "asthma",
                                     "code": {"coding": [{"system": SNOMED, "code": "195967001"}]},
                                     "clinicalStatus": {"coding": [{"code": "active"}]},
                                     "subject": {"reference": "Patient/p1"}})
    card = client.post(URL, json=hook_request(prefetch)).json()["cards"][0]
    assert card["indicator"] == "critical"
    assert "Not used" in card["detail"] and "Condition/asthma" in card["detail"]
    assert "195967001" in card["detail"]


def test_the_report_link_renders_the_explanation(client):
    card = client.post(URL, json=hook_request(cauda_prefetch())).json()["cards"][0]
    response = client.get(card["links"][0]["url"])
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert "Cauda equina syndrome" in response.text


def test_presentation_round_trips_through_the_link():
    p = parse_presentation({"id": "secret", "age": 54, "sex": "female", "findings": {"fever": True, "smoker": False}})
    back = decode_presentation(encode_presentation(p))
    assert back.findings == p.findings and back.age == 54 and back.sex == "female"
    assert back.id is None  # the link carries no identifier


@pytest.mark.parametrize("query", ["", "?p=", "?p=!!!not-base64", "?p=" + "A" * 20000,
                                   "?p=eyJmaW5kaW5ncyI6eyJub3BlIjp0cnVlfX0"])
def test_a_bad_report_link_is_400(client, query):
    response = client.get(f"{URL}/report{query}")
    assert response.status_code == 400
    assert response.json()["error"]


# --- 412 and 400 -------------------------------------------------------------------

def test_missing_prefetch_is_412(client):
    response = client.post(URL, json=hook_request())
    assert response.status_code == 412
    assert "prefetch" in response.json()["error"]
    only_patient = client.post(URL, json=hook_request({"patient": patient(), "observations": None}))
    assert only_patient.status_code == 412


def test_missing_prefetch_with_a_fhir_server_is_412_saying_legwise_does_not_query(client):
    response = client.post(URL, json=hook_request(fhirServer="https://fhir.example.org"))
    assert response.status_code == 412
    assert "does not query FHIR servers" in response.json()["error"]


@pytest.mark.parametrize("body, reason", [
    (b"not json", "not valid JSON"),
    (b"[]", "must be a JSON object"),
    (b"", "empty"),
    (json.dumps(hook_request(cauda_prefetch(), hook="order-sign")).encode(), "hook must be 'patient-view'"),
    (json.dumps(hook_request(cauda_prefetch(), hookInstance="nope")).encode(), "hookInstance must be a UUID"),
    (json.dumps(hook_request(cauda_prefetch(), context={})).encode(), "context.patientId is required"),
    (json.dumps(hook_request([1])).encode(), "prefetch must be an object"),
    (json.dumps(hook_request(cauda_prefetch(), fhirAuthorization={"access_token": "x"})).encode(),
     "fhirAuthorization is given without a fhirServer"),
])
def test_malformed_requests_are_400_with_a_reason(client, body, reason):
    response = client.post(URL, content=body, headers={"content-type": "application/json"})
    assert response.status_code == 400
    text = json.dumps(response.json())
    assert reason in text


def test_invalid_fhir_in_prefetch_is_400_with_the_validation_message(client):
    prefetch = {"observations": bundle({"resourceType": "Observation", "id": "bad", "status": "final",
                                        "code": "not a CodeableConcept"})}
    response = client.post(URL, json=hook_request(prefetch))
    assert response.status_code == 400
    assert any("Observation/bad.code" in p for p in response.json()["problems"])


def test_resources_about_another_patient_are_400(client):
    prefetch = {"observations": bundle(observation("o1", "fever", patient="someone-else"))}
    response = client.post(URL, json=hook_request(prefetch))
    assert response.status_code == 400
    assert any("Patient/someone-else" in p for p in response.json()["problems"])


# --- feedback ------------------------------------------------------------------------

def test_feedback_is_accepted_when_well_formed(client):
    body = {"feedback": [
        {"card": str(uuid.uuid4()), "outcome": "accepted", "outcomeTimestamp": "2026-01-01T10:00:00Z",
         "acceptedSuggestions": []},
        {"card": str(uuid.uuid4()), "outcome": "overridden", "outcomeTimestamp": "2026-01-01T10:01:00Z",
         "overrideReason": {"reason": cds_hooks.OVERRIDE_REASONS[0], "userComment": "seen in clinic"}},
    ]}
    response = client.post(f"{URL}/feedback", json=body)
    assert response.status_code == 200


@pytest.mark.parametrize("body", [
    {}, {"feedback": []}, {"feedback": [{"card": "x", "outcome": "accepted", "outcomeTimestamp": "t"}]},
    {"feedback": [{"card": str(uuid.uuid4()), "outcome": "maybe", "outcomeTimestamp": "t"}]},
    {"feedback": [{"card": str(uuid.uuid4()), "outcome": "accepted"}]},
])
def test_malformed_feedback_is_400(client, body):
    assert client.post(f"{URL}/feedback", json=body).status_code == 400


# --- JWT client authentication ---------------------------------------------------------

@pytest.fixture(scope="module")
def rsa_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def public_pem(key) -> str:
    return key.public_key().public_bytes(serialization.Encoding.PEM,
                                         serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def claims(**changes):
    now = int(time.time())
    data = {"iss": "https://ehr.example.org", "aud": AUDIENCE, "exp": now + 300, "iat": now,
            "jti": str(uuid.uuid4())}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def sign(key, algorithm="RS384", kid=None, **changes):
    private = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    return jwt.encode(claims(**changes), private, algorithm=algorithm, headers={"kid": kid} if kid else None)


def unsigned(payload, header):
    import base64

    def part(obj):
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).rstrip(b"=").decode()

    return f"{part(header)}.{part(payload)}."


@pytest.fixture
def secured(client, rsa_key, monkeypatch, tmp_path):
    key_file = tmp_path / "client.pem"
    key_file.write_text(public_pem(rsa_key))
    monkeypatch.setenv("LEGWISE_CDS_PUBLIC_KEY", str(key_file))
    monkeypatch.setenv("LEGWISE_CDS_AUDIENCE", AUDIENCE)
    return client


def call(client, token=None):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.post(URL, json=hook_request(cauda_prefetch()), headers=headers)


def test_without_configuration_the_service_is_open(client):
    assert call(client).status_code == 200


def test_a_valid_rs384_token_is_accepted(secured, rsa_key):
    assert call(secured, sign(rsa_key, "RS384")).status_code == 200
    assert call(secured, sign(rsa_key, "RS256")).status_code == 200


def test_no_token_is_401(secured):
    response = call(secured)
    assert response.status_code == 401
    assert "Bearer" in response.json()["error"]
    assert response.headers["www-authenticate"].startswith("Bearer")


def test_alg_none_is_401(secured):
    token = unsigned(claims(), {"alg": "none", "typ": "JWT"})
    response = call(secured, token)
    assert response.status_code == 401
    assert "'none' is not accepted" in response.json()["error"]


def test_hs256_is_401_even_with_the_public_key_as_secret(secured, rsa_key):
    import hashlib
    import hmac
    import base64

    header = base64.urlsafe_b64encode(json.dumps({"alg": "HS256", "typ": "JWT"}).encode()).rstrip(b"=")
    payload = base64.urlsafe_b64encode(json.dumps(claims()).encode()).rstrip(b"=")
    signing_input = header + b"." + payload
    signature = base64.urlsafe_b64encode(
        hmac.new(public_pem(rsa_key).encode(), signing_input, hashlib.sha256).digest()).rstrip(b"=")
    response = call(secured, (signing_input + b"." + signature).decode())
    assert response.status_code == 401
    assert "'HS256' is not accepted" in response.json()["error"]


def test_wrong_audience_is_401(secured, rsa_key):
    response = call(secured, sign(rsa_key, aud="https://elsewhere.example.org/cds-services/x"))
    assert response.status_code == 401
    assert "aud" in response.json()["error"]


def test_expired_token_is_401(secured, rsa_key):
    now = int(time.time())
    response = call(secured, sign(rsa_key, exp=now - 3600, iat=now - 7200))
    assert response.status_code == 401
    assert "expired" in response.json()["error"]


@pytest.mark.parametrize("missing", ["iss", "jti", "iat", "exp"])
def test_a_missing_required_claim_is_401(secured, rsa_key, missing):
    response = call(secured, sign(rsa_key, **{missing: None}))
    assert response.status_code == 401
    assert missing in response.json()["error"]


def test_a_token_signed_by_another_key_is_401(secured):
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    assert call(secured, sign(other)).status_code == 401


def test_feedback_needs_the_token_too(secured, rsa_key):
    body = {"feedback": [{"card": str(uuid.uuid4()), "outcome": "accepted", "outcomeTimestamp": "2026-01-01T10:00:00Z"}]}
    assert secured.post(f"{URL}/feedback", json=body).status_code == 401
    ok = secured.post(f"{URL}/feedback", json=body, headers={"Authorization": f"Bearer {sign(rsa_key)}"})
    assert ok.status_code == 200


def test_jwks_with_an_es256_key_selected_by_kid(client, monkeypatch, tmp_path, rsa_key):
    ec_key = ec.generate_private_key(ec.SECP256R1())
    jwk = json.loads(jwt.algorithms.ECAlgorithm.to_jwk(ec_key.public_key()))
    jwk.update({"kid": "ehr-1", "use": "sig", "alg": "ES256"})
    rsa_jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(rsa_key.public_key()))
    rsa_jwk.update({"kid": "ehr-2", "use": "sig", "alg": "RS384"})
    jwks = tmp_path / "jwks.json"
    jwks.write_text(json.dumps({"keys": [jwk, rsa_jwk]}))
    monkeypatch.setenv("LEGWISE_CDS_JWKS", str(jwks))
    monkeypatch.setenv("LEGWISE_CDS_AUDIENCE", AUDIENCE)
    assert call(client, sign(ec_key, "ES256", kid="ehr-1")).status_code == 200
    assert call(client, sign(rsa_key, "RS384", kid="ehr-2")).status_code == 200
    unknown_kid = call(client, sign(ec_key, "ES256", kid="nobody"))
    assert unknown_kid.status_code == 401 and "kid" in unknown_kid.json()["error"]
    # the EC key's kid with an RSA signature: the key does not fit the algorithm
    assert call(client, sign(rsa_key, "RS256", kid="ehr-1")).status_code == 401


def test_keys_without_an_audience_fail_closed(client, monkeypatch, tmp_path, rsa_key):
    key_file = tmp_path / "client.pem"
    key_file.write_text(public_pem(rsa_key))
    monkeypatch.setenv("LEGWISE_CDS_PUBLIC_KEY", str(key_file))
    response = call(client, sign(rsa_key))
    assert response.status_code == 500
    assert "LEGWISE_CDS_AUDIENCE" in response.json()["error"]


def test_a_broken_jwks_file_fails_closed(client, monkeypatch, tmp_path, rsa_key):
    jwks = tmp_path / "jwks.json"
    jwks.write_text("not json")
    monkeypatch.setenv("LEGWISE_CDS_JWKS", str(jwks))
    monkeypatch.setenv("LEGWISE_CDS_AUDIENCE", AUDIENCE)
    response = call(client, sign(rsa_key))
    assert response.status_code == 500
    assert "not a JWK Set" in response.json()["error"]


def test_an_unreadable_value_is_listed_on_the_card(client):
    prefetch = cauda_prefetch()
    prefetch["observations"]["entry"].append({"resource": observation(
        "o9", "fever", None, valueQuantity={"value": 38.5, "unit": "Cel"})})
    card = client.post(URL, json=hook_request(prefetch)).json()["cards"][0]
    assert card["indicator"] == "critical"
    assert "Observation/o9" in card["detail"] and "has no valueBoolean" in card["detail"]


def test_an_empty_record_says_so(client):
    card = client.post(URL, json=hook_request({"observations": bundle(kind="searchset")})).json()["cards"][0]
    assert card["indicator"] == "info"
    assert "no findings legwise reads are recorded" in card["summary"]


def test_every_finding_present_still_gives_a_short_summary_and_a_working_link(client):
    from facts.vocabulary import FINDINGS

    everything = bundle(*[observation(f"o{i}", f, True) for i, f in enumerate(FINDINGS)])
    card = client.post(URL, json=hook_request({"observations": everything})).json()["cards"][0]
    assert card["indicator"] == "critical" and len(card["summary"]) <= 140
    assert client.get(card["links"][0]["url"]).status_code == 200
