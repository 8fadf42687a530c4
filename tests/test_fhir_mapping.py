"""expert.fhir: a FHIR R4 Bundle read as a presentation, the Questionnaire,
and 'legwise assess bundle.json'."""
import datetime
import json

import pytest

import expert
from expert.cli import main
from expert.fhir import loading
from expert.fhir.mapping import age_on, map_bundle
from expert.fhir.questionnaire import questionnaire_json
from facts.coding import FINDING_CODES, SNOMED
from facts.presentation import InvalidPresentation
from facts.vocabulary import FINDING_CATEGORIES, FINDINGS
from tests.fhir_helpers import (INTERPRETATION, bundle, condition, observation, patient,
                                questionnaire_response)

TODAY = datetime.date(2026, 1, 1)


def read(*resources, **options):
    return map_bundle(bundle(*resources), today=TODAY, **options)


def test_observations_conditions_and_patient():
    mapped = read(
        patient("p1", "1960-06-15", "male"),
        observation("o1", "saddle_numbness", True),
        observation("o2", "low_back_pain", None,
                    interpretation=[{"coding": [{"system": INTERPRETATION, "code": "NEG"}]}]),
        observation("o3", "fever", None, valueCodeableConcept={"coding": [{"system": SNOMED, "code": "52101004"}]}),
        observation("o4", "vomiting", None, valueCodeableConcept={"coding": [{"system": SNOMED, "code": "2667000"}]}),
        condition("c1", "diabetes", "active"),
        condition("c2", "smoker", "active", verification="refuted"),
    )
    p = mapped.presentation
    assert p.age == 65 and p.sex == "male"
    assert p.findings == {"diabetes": True, "fever": True, "low_back_pain": False, "saddle_numbness": True,
                          "smoker": False, "vomiting": False}
    assert mapped.sources["saddle_numbness"] == ["Observation/o1"]


def test_snomed_coded_observation_maps_to_its_finding():
    obs = observation("o1", "low_back_pain", True)
    assert obs["code"]["coding"][0]["system"] == SNOMED
    assert read(obs).presentation.findings == {"low_back_pain": True}


def test_questionnaire_response_answers_become_findings():
    qr = questionnaire_response({"saddle_numbness": True, "bladder_dysfunction": True, "fever": False})
    mapped = read(patient(), qr)
    assert mapped.presentation.findings == {"bladder_dysfunction": True, "fever": False, "saddle_numbness": True}
    assert expert.assess(mapped.presentation).triage.level == "emergency"


def test_questionnaire_response_unknown_item_is_named_with_a_suggestion():
    with pytest.raises(InvalidPresentation) as caught:
        read(questionnaire_response({"saddle_numbnes": True}))
    assert "item 'saddle_numbnes' is not a finding legwise knows (did you mean 'saddle_numbness'?)" in str(caught.value)


def test_an_unmapped_code_is_named_never_dropped():
    unknown = {"resourceType": "Observation", "id": "obs-3", "status": "final",
               "code": {"coding": [{"system": SNOMED, "code": "12345", "display": "Saddle numbnes"}]},
               "valueBoolean": True}
    with pytest.raises(InvalidPresentation) as caught:
        read(observation("o1", "fever"), unknown)
    message = str(caught.value)
    assert "Observation/obs-3: code http://snomed.info/sct|12345 is not a code legwise knows" in message
    assert "did you mean 'saddle_numbness'" in message


def test_in_note_mode_an_unmapped_code_is_listed_not_fatal():
    unknown = {"resourceType": "Condition", "id": "asthma", "code": {"coding": [{"system": SNOMED, "code": "195967001"}]},
               "clinicalStatus": {"coding": [{"code": "active"}]}, "subject": {"reference": "Patient/p1"}}
    mapped = read(observation("o1", "fever"), unknown, mode="note")
    assert mapped.presentation.findings == {"fever": True}
    assert any("Condition/asthma: code http://snomed.info/sct|195967001" in n for n in mapped.notes)


def test_a_condition_code_is_not_taken_as_a_finding():
    cauda = {"resourceType": "Condition", "id": "c9", "code": {"coding": [{"system": SNOMED, "code": "192970008"}]},
             "clinicalStatus": {"coding": [{"code": "active"}]}, "subject": {"reference": "Patient/p1"}}
    with pytest.raises(InvalidPresentation, match="condition 'cauda_equina_syndrome', which legwise concludes"):
        read(cauda)


def test_invalid_fhir_gives_the_validation_message():
    broken = {"resourceType": "Observation", "id": "bad", "status": "final", "code": "not a CodeableConcept"}
    with pytest.raises(InvalidPresentation, match=r"not valid FHIR R4: Observation/bad\.code"):
        map_bundle(bundle(broken))
    with pytest.raises(InvalidPresentation, match="'Nonsense' is not a FHIR R4 resource type"):
        map_bundle(bundle({"resourceType": "Nonsense"}))


def test_an_observation_without_a_readable_value_is_a_problem():
    with pytest.raises(InvalidPresentation, match="has no valueBoolean"):
        read(observation("o1", "fever", None))


def test_entered_in_error_is_not_used():
    mapped = read(observation("o1", "fever", True, status="entered-in-error"))
    assert mapped.presentation.findings == {}
    assert mapped.notes == ["Observation/o1: status entered-in-error, not used"]


def test_disagreeing_resources():
    both = (observation("o1", "fever", True), observation("o2", "fever", False))
    with pytest.raises(InvalidPresentation, match="o2: says fever is absent, but Observation/o1 says present"):
        read(*both)
    assert read(*both, mode="note").presentation.findings == {"fever": True}


def test_resources_of_another_patient_are_refused():
    with pytest.raises(InvalidPresentation, match="is about 'Patient/other', not Patient/p1"):
        read(observation("o1", "fever", patient="other"), patient_id="p1")


@pytest.mark.parametrize("gender, sex", [("female", "female"), ("male", "male"), ("other", "other"),
                                         ("unknown", None)])
def test_gender_to_sex(gender, sex):
    assert read(patient(gender=gender)).presentation.sex == sex


def test_age_from_birth_date_is_relative_to_today():
    assert age_on(datetime.date(2000, 1, 2), datetime.date(2026, 1, 1)) == 25
    assert age_on(datetime.date(2000, 1, 1), datetime.date(2026, 1, 1)) == 26
    assert age_on("2000-06", datetime.date(2026, 6, 1)) == 26
    assert age_on("2000", datetime.date(2026, 1, 1)) == 26
    with pytest.raises(InvalidPresentation, match="outside 0 to 120"):
        read(patient(birth="2030-01-01"))


def test_questionnaire_has_one_boolean_item_per_finding_grouped_by_category():
    q = questionnaire_json()
    groups = q["item"]
    assert [g["linkId"] for g in groups] == [f"category-{c}" for c in FINDING_CATEGORIES]
    items = [item for g in groups for item in g["item"]]
    assert [i["linkId"] for i in items] == [f for c in FINDING_CATEGORIES for f in FINDINGS
                                            if FINDINGS[f].category == c]
    assert sorted(i["linkId"] for i in items) == sorted(FINDINGS)
    for item in items:
        assert item["type"] == "boolean"
        assert item["text"] == FINDINGS[item["linkId"]].question
        assert item["code"] == [FINDING_CODES[item["linkId"]].coding()]


def test_questionnaire_command_writes_valid_fhir(tmp_path, capsys):
    from expert.fhir.mapping import validate_model
    from fhir.resources.R4B.questionnaire import Questionnaire

    out = tmp_path / "q.json"
    assert main(["questionnaire", "-o", str(out)]) == 0
    validate_model(Questionnaire, json.loads(out.read_text()))
    assert main(["questionnaire"]) == 0
    assert json.loads(capsys.readouterr().out)["resourceType"] == "Questionnaire"


def cauda_bundle():
    return bundle(patient(), observation("o1", "saddle_numbness", True, display="Saddle anaesthesia"),
                  observation("o2", "bladder_dysfunction", True, display="Urinary retention"))


def test_cli_assess_reads_a_bundle(tmp_path, capsys):
    case = tmp_path / "bundle.json"
    case.write_text(json.dumps(cauda_bundle()))
    assert main(["assess", str(case), "--format", "json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["triage"]["level"] == "emergency"
    assert result["presentation"]["findings"] == {"bladder_dysfunction": True, "saddle_numbness": True}


def test_cli_assess_still_reads_the_contract_format(tmp_path, capsys):
    case = tmp_path / "case.yaml"
    case.write_text("findings:\n  saddle_numbness: true\n")
    assert main(["assess", str(case), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["triage"]["level"] == "emergency"


def test_cli_assess_bundle_with_an_unknown_code_exits_2(tmp_path, capsys):
    data = bundle({"resourceType": "Observation", "id": "obs-3", "status": "final",
                   "code": {"coding": [{"system": SNOMED, "code": "12345"}]}, "valueBoolean": True})
    case = tmp_path / "bundle.json"
    case.write_text(json.dumps(data))
    assert main(["assess", str(case)]) == 2
    assert "Observation/obs-3: code http://snomed.info/sct|12345 is not a code legwise knows" in capsys.readouterr().err


def test_cli_assess_bundle_without_the_fhir_extra_exits_2(tmp_path, capsys, monkeypatch):
    def missing():
        raise loading.FhirExtraMissing(loading.FHIR_EXTRA_MESSAGE)

    monkeypatch.setattr(loading, "require_fhir", missing)
    case = tmp_path / "bundle.json"
    case.write_text(json.dumps(cauda_bundle()))
    assert main(["assess", str(case)]) == 2
    assert "a FHIR Bundle needs pip install 'legwise[fhir]'" in capsys.readouterr().err


def test_require_fhir_reports_a_missing_package(monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_fhir(name, *args, **kwargs):
        if name.startswith("fhir"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_fhir)
    with pytest.raises(loading.FhirExtraMissing, match=r"pip install 'legwise\[fhir\]'"):
        loading.require_fhir()


def test_a_lone_fhir_resource_is_refused_with_a_reason():
    with pytest.raises(InvalidPresentation, match="put the resources in a Bundle"):
        loading.presentation_from_data(patient())


def test_in_note_mode_an_unreadable_value_is_listed_not_fatal():
    mapped = read(observation("o1", "fever", None), observation("o2", "vomiting", True), mode="note")
    assert mapped.presentation.findings == {"vomiting": True}
    assert any(n.startswith("Observation/o1: has no valueBoolean") for n in mapped.notes)


def test_cli_assess_reads_a_bundle_from_stdin(monkeypatch, capsys):
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(json.dumps(cauda_bundle()).encode())))
    assert main(["assess", "-", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["triage"]["level"] == "emergency"
