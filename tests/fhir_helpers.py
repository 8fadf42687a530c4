"""Small builders of FHIR JSON for the FHIR and CDS Hooks tests."""
from facts.coding import FINDING_CODES

INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"
CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical"
VERIFICATION = "http://terminology.hl7.org/CodeSystem/condition-ver-status"


def coding(finding, display=None):
    code = FINDING_CODES[finding].coding()
    if display:
        code["display"] = display
    return code


def observation(rid, finding, value=True, patient="p1", display=None, **extra):
    resource = {"resourceType": "Observation", "id": rid, "status": "final",
                "code": {"coding": [coding(finding, display)]}, "subject": {"reference": f"Patient/{patient}"}}
    if value is not None:
        resource["valueBoolean"] = value
    resource.update(extra)
    return resource


def condition(rid, finding, clinical="active", verification=None, patient="p1"):
    resource = {"resourceType": "Condition", "id": rid, "code": {"coding": [coding(finding)]},
                "subject": {"reference": f"Patient/{patient}"}}
    if clinical:
        resource["clinicalStatus"] = {"coding": [{"system": CLINICAL, "code": clinical}]}
    if verification:
        resource["verificationStatus"] = {"coding": [{"system": VERIFICATION, "code": verification}]}
    return resource


def patient(rid="p1", birth="1960-06-15", gender="male"):
    resource = {"resourceType": "Patient", "id": rid}
    if birth:
        resource["birthDate"] = birth
    if gender:
        resource["gender"] = gender
    return resource


def bundle(*resources, kind="collection", bid=None):
    data = {"resourceType": "Bundle", "type": kind, "entry": [{"resource": r} for r in resources]}
    if bid:
        data["id"] = bid
    return data


def questionnaire_response(answers, patient_id="p1", rid="qr1"):
    """answers: finding id -> bool, put in category groups as legwise's Questionnaire has them."""
    return {"resourceType": "QuestionnaireResponse", "id": rid, "status": "completed",
            "questionnaire": "https://legwise.example/fhir/Questionnaire/legwise-findings",
            "subject": {"reference": f"Patient/{patient_id}"},
            "item": [{"linkId": "category-spine_and_nerves", "item": [
                {"linkId": key, "answer": [{"valueBoolean": value}]} for key, value in answers.items()]}]}
