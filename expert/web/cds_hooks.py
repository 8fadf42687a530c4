"""A CDS Hooks 2.0 service: legwise's triage as a card in the clinician's EHR.

Routes (an ``APIRouter``, included in the ``legwise serve`` app, ``expert.web.app``):

* ``GET  /cds-services``: discovery, one service ``legwise-leg-weakness`` on
  the ``patient-view`` hook, with prefetch templates for the Patient and their
  Observations, Conditions and QuestionnaireResponses.
* ``POST /cds-services/legwise-leg-weakness``: the hook call. The prefetched
  resources (a Bundle per key, or a single resource) are read by
  ``expert.fhir.mapping`` in "note" mode, assessed, and answered with one card:
  indicator ``critical`` for an emergency, ``warning`` for urgent, ``info``
  otherwise. 400 for a malformed request or invalid FHIR, 412 when none of the
  prefetch legwise needs was sent (legwise does not query FHIR servers itself).
* ``POST /cds-services/legwise-leg-weakness/feedback``: feedback on a card,
  checked for shape and logged (its outcome only); nothing is kept.
* ``GET  /cds-services/legwise-leg-weakness/report?p=...``: the full
  explanation report (HTML) of the presentation encoded in the link
  (base64url JSON), so that the card can link to it without server state.

Why ``patient-view``: legwise reads what the record already says about the
patient and gives a triage; opening the chart is when that helps, and no
order or medication is being chosen (``order-select``, ``order-sign``) for a
custom hook to hang on.

Client authentication: set ``LEGWISE_CDS_JWKS`` (a path to a JWK Set JSON
file) or ``LEGWISE_CDS_PUBLIC_KEY`` (a path to a PEM public key, or the PEM
itself) and ``LEGWISE_CDS_AUDIENCE`` (this service's URL as the client calls
it). Then the hook and feedback calls need ``Authorization: Bearer <JWT>``
signed with RS256, RS384, ES256 or ES384 (``none`` and HMAC are always
refused), with ``aud`` the audience and ``exp``, ``iat``, ``iss`` and ``jti``
present; anything else is 401 with the reason. Without these variables the
service is open: serve it on the loopback interface only (the default of
``legwise serve``). Discovery and the report page are never authenticated:
discovery shows no patient data, and the report shows only what its link
carries.
"""
from __future__ import annotations

import base64
import binascii
import json
import logging
import os
import uuid
from pathlib import Path
from typing import Any, Optional

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse
from starlette.concurrency import run_in_threadpool

import expert
from expert.fhir.mapping import map_resources, resources_of
from expert.report.escape import markdown_escape
from facts.presentation import InvalidPresentation, Presentation, parse_presentation
from facts.reading import load_json, quote
from facts.vocabulary import DISCLAIMER, FINDINGS, TRIAGE_ADVICE

SERVICE_ID = "legwise-leg-weakness"
HOOK = "patient-view"
BASE = "/cds-services"
SERVICE_PATH = f"{BASE}/{SERVICE_ID}"
QUESTIONNAIRE_URL = "https://legwise.example/fhir/Questionnaire/legwise-findings"
OVERRIDE_SYSTEM = "https://legwise.example/fhir/CodeSystem/override-reason"
TOPIC_SYSTEM = "https://legwise.example/fhir/CodeSystem/topic"
CARD_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, f"https://legwise.example{SERVICE_PATH}")

PREFETCH = {
    "patient": "Patient/{{context.patientId}}",
    "observations": "Observation?patient={{context.patientId}}",
    "conditions": "Condition?patient={{context.patientId}}",
    "questionnaireResponses": f"QuestionnaireResponse?patient={{{{context.patientId}}}}&questionnaire={QUESTIONNAIRE_URL}",
}
FINDING_KEYS = ("observations", "conditions", "questionnaireResponses")
"""Prefetch keys that carry findings: at least one must be sent."""

INDICATORS = {"emergency": "critical", "urgent": "warning", "routine": "info", "self_care": "info"}
LEVEL_TITLES = {"emergency": "EMERGENCY", "urgent": "Urgent (within 24 hours)", "routine": "Routine",
                "self_care": "Self-care"}
OVERRIDE_REASONS = [
    {"system": OVERRIDE_SYSTEM, "code": "already-assessed", "display": "Already assessed by a clinician"},
    {"system": OVERRIDE_SYSTEM, "code": "record-out-of-date", "display": "The recorded findings are out of date"},
    {"system": OVERRIDE_SYSTEM, "code": "not-relevant", "display": "Not relevant to this patient now"},
]

MAX_REQUEST_BYTES_ENV = "LEGWISE_CDS_MAX_BYTES"
MAX_REQUEST_BYTES = 10_000_000
MAX_REPORT_PARAM = 16_000
ALLOWED_ALGORITHMS = ("RS256", "RS384", "ES256", "ES384")
JWT_LEEWAY_SECONDS = 30

log = logging.getLogger("legwise.cds_hooks")
router = APIRouter(tags=["CDS Hooks"])


class Refused(Exception):
    """An HTTP error with its reason."""

    def __init__(self, status: int, reason: str, problems: Optional[list[str]] = None,
                 headers: Optional[dict[str, str]] = None):
        super().__init__(reason)
        self.status, self.reason, self.problems, self.headers = status, reason, problems or [], headers


def _error(refused: Refused) -> JSONResponse:
    body: dict[str, Any] = {"error": refused.reason}
    if refused.problems:
        body["problems"] = refused.problems
    return JSONResponse(body, status_code=refused.status, headers=refused.headers)


# --- discovery ---------------------------------------------------------------

def service_description() -> dict:
    return {
        "hook": HOOK,
        "id": SERVICE_ID,
        "title": "legwise: legs that give way or feel weak",
        "description": ("Triage (emergency, urgent, routine or self-care), red flags and ranked causes for "
                        "leg weakness, giving way or heaviness, from the findings recorded for the patient. "
                        "Educational decision support, not a diagnosis."),
        "prefetch": dict(PREFETCH),
        "usageRequirements": ("Findings are read from Observations and Conditions coded with SNOMED CT or "
                              "legwise's code system, and from QuestionnaireResponses to legwise's "
                              f"Questionnaire ({QUESTIONNAIRE_URL}); see 'legwise questionnaire'."),
    }


@router.get(BASE)
def discovery() -> dict:
    """CDS Hooks discovery: the services this server offers."""
    return {"services": [service_description()]}


# --- client authentication ---------------------------------------------------

def _auth_config() -> Optional[tuple[str, str, str]]:
    """(kind, key material, audience), or None when the service is open."""
    jwks = os.environ.get("LEGWISE_CDS_JWKS", "").strip()
    pem = os.environ.get("LEGWISE_CDS_PUBLIC_KEY", "").strip()
    if not jwks and not pem:
        return None
    audience = os.environ.get("LEGWISE_CDS_AUDIENCE", "").strip()
    if not audience:
        # Keys without an audience: refuse everything rather than skip the aud check.
        raise Refused(500, "client authentication is misconfigured: LEGWISE_CDS_AUDIENCE is not set")
    try:
        if jwks:
            material = Path(jwks).read_text(encoding="utf-8")
            try:
                keys = json.loads(material).get("keys")
            except (ValueError, AttributeError):
                keys = None
            if not isinstance(keys, list):
                raise Refused(500, "client authentication is misconfigured: LEGWISE_CDS_JWKS is not a JWK Set "
                                   "(a JSON object with a 'keys' list)")
            return "jwks", material, audience
        material = pem if pem.startswith("-----BEGIN") else Path(pem).read_text(encoding="utf-8")
        return "pem", material, audience
    except OSError as error:
        raise Refused(500, f"client authentication is misconfigured: cannot read the key ({error.strerror})")


def check_client(request: Request) -> Optional[dict]:
    """Verify the client's JWT when authentication is configured; the claims,
    or None when the service is open. Raises ``Refused(401)``."""
    config = _auth_config()
    if config is None:
        return None
    import jwt

    kind, material, audience = config
    challenge = {"WWW-Authenticate": 'Bearer realm="legwise-cds"'}

    def refuse(reason: str) -> Refused:
        return Refused(401, reason, headers=challenge)

    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise refuse("an Authorization: Bearer <JWT> header is required")
    token = token.strip()
    try:
        unverified = jwt.get_unverified_header(token)
    except jwt.PyJWTError as error:
        raise refuse(f"the bearer token is not a JWT ({error})")
    algorithm = unverified.get("alg")
    if algorithm not in ALLOWED_ALGORITHMS:
        raise refuse(f"JWT algorithm {quote(algorithm)} is not accepted (only {', '.join(ALLOWED_ALGORITHMS)})")
    try:
        if kind == "jwks":
            entries = json.loads(material).get("keys") or []
            kid = unverified.get("kid")
            matching = [e for e in entries if isinstance(e, dict) and kid is not None and e.get("kid") == kid]
            if not matching and kid is None and len(entries) == 1:
                matching = entries
            if not matching:
                raise refuse(f"no key in the configured JWK Set matches kid {quote(kid)}")
            entry = matching[0]
            family = {"RS": "RSA", "ES": "EC"}[algorithm[:2]]
            if entry.get("kty") != family or entry.get("alg") not in (None, algorithm):
                raise refuse(f"the key {quote(kid)} is not a key for {algorithm}")
            jwk = jwt.PyJWK(entry, algorithm)
            key: Any = jwk.key
        else:
            key = material
        return jwt.decode(token, key, algorithms=[algorithm], audience=audience, leeway=JWT_LEEWAY_SECONDS,
                          options={"require": ["exp", "iat", "iss", "jti", "aud"]})
    except Refused:
        raise
    except jwt.ExpiredSignatureError:
        raise refuse("the JWT has expired")
    except jwt.InvalidAudienceError:
        raise refuse(f"the JWT's aud is not this service ({audience})")
    except jwt.MissingRequiredClaimError as error:
        raise refuse(f"the JWT has no {error.claim} claim")
    except jwt.ImmatureSignatureError:
        raise refuse("the JWT is not valid yet (iat or nbf in the future)")
    except jwt.InvalidSignatureError:
        raise refuse("the JWT's signature does not verify")
    except jwt.PyJWTError as error:
        raise refuse(f"the JWT is invalid ({type(error).__name__}: {error})")
    except (TypeError, ValueError, KeyError, AttributeError):  # a key that does not fit, or a broken JWK Set
        raise refuse(f"the configured key is not a key for {algorithm}")


# --- reading a request -------------------------------------------------------

def _max_request_bytes() -> int:
    raw = os.environ.get(MAX_REQUEST_BYTES_ENV, "").strip()
    try:
        return int(raw) if raw and int(raw) > 0 else MAX_REQUEST_BYTES
    except ValueError:
        return MAX_REQUEST_BYTES


async def _json_body(request: Request) -> dict:
    limit = _max_request_bytes()
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise Refused(413, f"the request is larger than {limit:,} bytes")
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise Refused(413, f"the request is larger than {limit:,} bytes")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise Refused(400, "the request body is not UTF-8")
    if not text.strip():
        raise Refused(400, "the request body is empty; a CDS Hooks request is a JSON object")
    try:
        data = load_json(text, "request")
    except InvalidPresentation as error:
        raise Refused(400, "the request body is not valid JSON", error.problems)
    if not isinstance(data, dict):
        raise Refused(400, "a CDS Hooks request must be a JSON object")
    return data


def _check_request(data: dict) -> tuple[str, str]:
    """(hookInstance, patientId) of a well-formed patient-view request."""
    problems = []
    hook = data.get("hook")
    if hook != HOOK:
        problems.append(f"hook must be {HOOK!r}, not {quote(hook)}")
    instance = data.get("hookInstance")
    try:
        uuid.UUID(str(instance))
        if not isinstance(instance, str):
            raise ValueError
    except ValueError:
        problems.append(f"hookInstance must be a UUID, not {quote(instance)}")
    context = data.get("context")
    patient_id = context.get("patientId") if isinstance(context, dict) else None
    if not isinstance(context, dict):
        problems.append("context must be an object")
    elif not isinstance(patient_id, str) or not patient_id:
        problems.append("context.patientId is required (the patient-view hook's context)")
    if "fhirServer" in data and not isinstance(data["fhirServer"], str):
        problems.append("fhirServer must be a URL")
    if data.get("fhirAuthorization") is not None and not data.get("fhirServer"):
        problems.append("fhirAuthorization is given without a fhirServer")
    prefetch = data.get("prefetch")
    if prefetch is not None and not isinstance(prefetch, dict):
        problems.append("prefetch must be an object of prefetch keys")
    if problems:
        raise Refused(400, "malformed CDS Hooks request", problems)
    return instance, patient_id


def _prefetched_resources(data: dict) -> tuple[list, list[str]]:
    """Validated resources of every prefetch key legwise asked for."""

    prefetch = data.get("prefetch") or {}
    sent = [key for key in FINDING_KEYS if prefetch.get(key) is not None]
    if not sent:
        if data.get("fhirServer"):
            reason = ("legwise does not query FHIR servers itself; send the prefetch "
                      f"({', '.join(FINDING_KEYS)}) with the request")
        else:
            reason = f"none of the prefetch legwise needs ({', '.join(FINDING_KEYS)}) was sent, and no fhirServer"
        raise Refused(412, reason)
    resources, problems = [], []
    for key in PREFETCH:
        value = prefetch.get(key)
        if value is None:
            continue
        found, found_problems = resources_of(value, f"prefetch.{key}")
        resources += found
        problems += found_problems
    if problems:
        raise Refused(400, "the prefetched resources are not valid FHIR R4", problems[:20])
    notes = [f"prefetch key {quote(key)} is not one legwise asked for; not read"
             for key in prefetch if key not in PREFETCH]
    return resources, notes


# --- the card ----------------------------------------------------------------

def encode_presentation(presentation: Presentation) -> str:
    """A presentation as base64url JSON (no padding) for the report link; no id or notes."""
    data = presentation.model_dump(exclude_none=True, exclude={"id", "notes"})
    raw = json.dumps(data, separators=(",", ":"), sort_keys=True).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_presentation(value: str) -> Presentation:
    if len(value) > MAX_REPORT_PARAM:
        raise Refused(400, f"the report link is longer than {MAX_REPORT_PARAM:,} characters")
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
        data = load_json(raw.decode("utf-8"), "report link")
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise Refused(400, "the report link does not carry a presentation (base64url JSON)")
    except InvalidPresentation as error:
        raise Refused(400, "the report link does not carry a presentation", error.problems)
    try:
        return parse_presentation(data, "report link")
    except InvalidPresentation as error:
        raise Refused(400, "the report link's presentation is invalid", error.problems)


def card_uuid(hook_instance: str, key: str) -> str:
    return str(uuid.uuid5(CARD_NAMESPACE, f"{hook_instance}/{key}"))


def summary_of(assessment) -> str:
    level = assessment.triage.level
    parts = [f"legwise {LEVEL_TITLES[level]}"]
    if assessment.red_flags:
        parts.append(assessment.red_flags[0].label)
    leading = assessment.differential[0].label if assessment.differential else None
    if leading and (not assessment.red_flags or leading.lower() not in parts[-1].lower()):
        parts.append(f"leading cause: {leading}")
    if len(parts) == 1:
        parts.append("no findings legwise reads are recorded" if not assessment.presentation.findings
                     else "no cause legwise knows fits the recorded findings")
    summary = ": ".join(parts[:2]) + ("; " + "; ".join(parts[2:]) if len(parts) > 2 else "")
    return summary if len(summary) <= 140 else summary[:139].rstrip() + "…"


def detail_of(assessment, notes: list[str], sources: dict[str, list[str]]) -> str:
    lines = [f"**Triage: {LEVEL_TITLES[assessment.triage.level]}.** {TRIAGE_ADVICE[assessment.triage.level]}", ""]
    if assessment.red_flags:
        lines.append("**Red flags**")
        for flag in assessment.red_flags:
            found = ", ".join(FINDINGS[f].label for f in flag.findings if f in FINDINGS)
            lines.append(f"- {flag.label}" + (f" (from: {found})" if found else ""))
        lines.append("")
    if assessment.differential:
        lines.append("**Differential** (most likely first)")
        for i, entry in enumerate(assessment.differential[:5], 1):
            lines.append(f"{i}. {entry.label}: certainty {entry.certainty:.2f}, urgency {entry.urgency}")
        lines.append("")
    if assessment.recommendations:
        lines.append("**Next steps**")
        for step in assessment.recommendations[:8]:
            lines.append(f"- {step.label}")
        lines.append("")
    present = assessment.presentation.present()
    absent = assessment.presentation.absent()
    lines.append(f"Read from the record: {len(present)} finding(s) present, {len(absent)} absent"
                 + (f" (from {len({s for v in sources.values() for s in v})} resource(s))." if sources else "."))
    if notes:
        lines.append("")
        lines.append(f"**Not used** ({len(notes)}):")
        for note in notes[:10]:
            lines.append(f"- {markdown_escape(note)}")  # one line: newlines become spaces
        if len(notes) > 10:
            lines.append(f"- … and {len(notes) - 10} more")
    lines += ["", f"_{DISCLAIMER}_"]
    return "\n".join(lines)


def build_card(assessment, hook_instance: str, report_url: str, notes: list[str],
               sources: dict[str, list[str]]) -> dict:
    return {
        "uuid": card_uuid(hook_instance, "triage"),
        "summary": summary_of(assessment),
        "detail": detail_of(assessment, notes, sources),
        "indicator": INDICATORS[assessment.triage.level],
        "source": {
            "label": "legwise",
            "topic": {"system": TOPIC_SYSTEM, "code": "leg-weakness-triage",
                      "display": "Triage of legs that give way or feel weak"},
        },
        "overrideReasons": [dict(reason) for reason in OVERRIDE_REASONS],
        "links": [{"label": "Full legwise explanation (report)", "url": report_url, "type": "absolute"}],
    }


def _report_url(base_url: str, presentation: Presentation) -> str:
    base = base_url.rstrip("/")
    return f"{base}{SERVICE_PATH}/report?p={encode_presentation(presentation)}"


# --- routes --------------------------------------------------------------------

@router.post(SERVICE_PATH)
async def call_service(request: Request):
    """The hook call: prefetched FHIR -> one card with legwise's triage."""
    try:
        check_client(request)
        data = await _json_body(request)
        # Validation and inference are CPU work: off the event loop.
        return await run_in_threadpool(_answer, data, str(request.base_url))
    except Refused as refused:
        return _error(refused)


def _answer(data: dict, base_url: str) -> dict:
    hook_instance, patient_id = _check_request(data)
    resources, key_notes = _prefetched_resources(data)

    try:
        mapped = map_resources(resources, mode="note", patient_id=patient_id)
    except InvalidPresentation as error:
        raise Refused(400, "the prefetched resources cannot be read as a presentation", error.problems)

    assessment = expert.assess(mapped.presentation)
    card = build_card(assessment, hook_instance, _report_url(base_url, mapped.presentation),
                      key_notes + mapped.notes, mapped.sources)
    return {"cards": [card]}


FEEDBACK_OUTCOMES = ("accepted", "overridden")


def _feedback_problems(data: Any) -> list[str]:
    if not isinstance(data, dict) or not isinstance(data.get("feedback"), list) or not data["feedback"]:
        return ["feedback must be an object with a non-empty 'feedback' array"]
    problems = []
    for i, item in enumerate(data["feedback"][:100]):
        where = f"feedback[{i}]"
        if not isinstance(item, dict):
            problems.append(f"{where} must be an object")
            continue
        try:
            uuid.UUID(str(item.get("card")))
        except ValueError:
            problems.append(f"{where}.card must be the card's uuid")
        outcome = item.get("outcome")
        if outcome not in FEEDBACK_OUTCOMES:
            problems.append(f"{where}.outcome must be 'accepted' or 'overridden', not {quote(outcome)}")
        if not isinstance(item.get("outcomeTimestamp"), str):
            problems.append(f"{where}.outcomeTimestamp is required (an ISO 8601 instant)")
        accepted = item.get("acceptedSuggestions")
        if accepted is not None and (not isinstance(accepted, list)
                                     or not all(isinstance(a, dict) and "id" in a for a in accepted)):
            problems.append(f"{where}.acceptedSuggestions must be a list of objects with an id")
        if outcome == "accepted" and item.get("overrideReason") is not None:
            problems.append(f"{where}: an accepted card has no overrideReason")
        reason = item.get("overrideReason")
        if reason is not None:
            if not isinstance(reason, dict):
                problems.append(f"{where}.overrideReason must be an object")
            else:
                coding = reason.get("reason")
                if coding is not None and not (isinstance(coding, dict) and "code" in coding):
                    problems.append(f"{where}.overrideReason.reason must be a Coding")
                if reason.get("userComment") is not None and not isinstance(reason.get("userComment"), str):
                    problems.append(f"{where}.overrideReason.userComment must be text")
    if len(data["feedback"]) > 100:
        problems.append("at most 100 feedback entries are accepted at once")
    return problems


@router.post(f"{SERVICE_PATH}/feedback")
async def feedback(request: Request):
    """Feedback on cards: its shape is checked and its outcomes logged; nothing is kept."""
    try:
        check_client(request)
        data = await _json_body(request)
        problems = _feedback_problems(data)
        if problems:
            raise Refused(400, "malformed CDS Hooks feedback", problems)
        for item in data["feedback"]:
            reason = (item.get("overrideReason") or {}).get("reason") or {}
            log.info("card feedback: %s%s", item["outcome"],
                     f" ({reason.get('code')})" if isinstance(reason, dict) and reason.get("code") else "")
        return JSONResponse({}, status_code=200)
    except Refused as refused:
        return _error(refused)


REPORT_HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",  # the link carries clinical findings
    "X-Content-Type-Options": "nosniff",
}


@router.get(f"{SERVICE_PATH}/report")
def report(p: str = "") -> HTMLResponse:
    """The full explanation report (HTML) of the presentation in the link."""
    try:
        if not p:
            raise Refused(400, "the report link has no presentation (?p=...)")
        presentation = decode_presentation(p)
    except Refused as refused:
        return _error(refused)

    html = expert.explain(presentation).report("html")
    return HTMLResponse(html, headers=REPORT_HEADERS)


__all__ = ["router", "SERVICE_ID", "HOOK", "PREFETCH", "discovery", "check_client", "build_card",
           "encode_presentation", "decode_presentation"]
