"""FHIR R4 (read with the R4B models of ``fhir.resources``) -> a presentation.

What is read:

* **Observation** whose ``code`` has a coding legwise knows
  (``facts.coding``): ``valueBoolean``; or an ``interpretation`` of
  ``POS``/``NEG`` (``http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation``);
  or a ``valueCodeableConcept`` of SNOMED CT ``52101004`` |Present| or
  ``2667000`` |Absent|. Status ``entered-in-error`` or ``cancelled``: not used
  (noted). An Observation with a ``dataAbsentReason`` and no value leaves the
  finding unknown (noted).
* **Condition** with a finding's code: ``verificationStatus`` refuted ->
  absent; else ``clinicalStatus`` active, recurrence or relapse -> present;
  inactive, remission or resolved leaves it unknown (noted).
* **QuestionnaireResponse** answering legwise's Questionnaire
  (``expert.fhir.questionnaire``): an item whose ``linkId`` is a finding id,
  answered ``valueBoolean``; groups are walked.
* **Patient**: ``birthDate`` -> age in whole years on ``today`` (a partial date
  counts from its first day), ``gender`` female/male/other -> sex (unknown is
  left out).

Nothing is dropped silently: a code legwise does not know, a condition code
(legwise concludes conditions; it does not take them as input), an answer to
an unknown item, a value it cannot read, or two resources that disagree is a
problem. With ``mode="error"`` (the default: the command line) every
problem makes an ``InvalidPresentation``; with ``mode="note"`` (a CDS
service reading a whole record) codes legwise does not know, values it cannot
read and resources of other types are listed in ``Mapped.notes`` instead,
while invalid FHIR and resources about another patient are still errors. Disagreeing resources: present wins (the
safer reading for triage), with a note, in ``"note"`` mode.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Any, Iterable, Literal, Mapping, Optional

from pydantic import ValidationError

from facts.coding import SNOMED, lookup, suggest_finding, FINDING_CODES
from facts.presentation import InvalidPresentation, Presentation, parse_presentation, suggest
from facts.reading import bounded_problems, quote
from facts.vocabulary import FINDINGS

INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"
PRESENT = (SNOMED, "52101004")
ABSENT = (SNOMED, "2667000")
CLINICAL_PRESENT = {"active", "recurrence", "relapse"}
USED_TYPES = ("Patient", "Observation", "Condition", "QuestionnaireResponse")

Mode = Literal["error", "note"]


@dataclass
class Mapped:
    """A presentation read from FHIR, and what was read but not used."""
    presentation: Presentation
    notes: list[str] = field(default_factory=list)
    sources: dict[str, list[str]] = field(default_factory=dict)
    """finding id -> the resources (``Type/id``) it was read from."""


def fhir_models():
    """The R4B model lookup of ``fhir.resources`` (ImportError if absent)."""
    from fhir.resources.R4B import get_fhir_model_class

    return get_fhir_model_class


def _validation_errors() -> tuple[type, ...]:
    """The ValidationError classes fhir.resources may raise: pydantic's, and
    pydantic.v1's (fhir.resources 7.x builds its models on the v1 API)."""
    errors: list[type] = [ValidationError]
    try:
        from pydantic.v1 import ValidationError as V1ValidationError

        errors.append(V1ValidationError)
    except ImportError:  # pragma: no cover - pydantic without the v1 shim
        pass
    return tuple(errors)


def validate_model(cls, data: Mapping):
    """``cls`` validated from a dict, on fhir.resources 8 (pydantic 2 API) or 7 (v1 API)."""
    validate = getattr(cls, "model_validate", None) or cls.parse_obj
    return validate(dict(data))


def _validation_problems(name: str, error: ValidationError) -> list[str]:
    problems = []
    for e in error.errors():
        location = ".".join(str(part) for part in e.get("loc", ()))
        where = f"{name}.{location}" if location else name
        got = f" (got {quote(e['input'])})" if "input" in e else ""
        problems.append(f"{where}: {e.get('msg')}{got}")
    return problems


def validate_resource(data: Any, where: str = "resource"):
    """One FHIR resource (a dict) validated into its R4B model; problems as a list."""
    get_class = fhir_models()
    if not isinstance(data, Mapping):
        return None, [f"{where}: a FHIR resource must be a JSON object, not {type(data).__name__}"]
    kind = data.get("resourceType")
    if not isinstance(kind, str):
        return None, [f"{where}: has no resourceType"]
    try:
        cls = get_class(kind)
    except (KeyError, ValueError):
        return None, [f"{where}: {quote(kind)} is not a FHIR R4 resource type"]
    try:
        return validate_model(cls, data), []
    except _validation_errors() as error:
        return None, _validation_problems(f"{kind}/{data.get('id') or where}", error)
    except (KeyError, ValueError, TypeError) as error:  # fhir.resources raises these for some bad input
        return None, [f"{kind}/{data.get('id') or where}: not valid FHIR R4: {quote(str(error), 200)}"]


def resources_of(data: Any, where: str = "input") -> tuple[list, list[str]]:
    """The resources in a Bundle (or one resource), validated; problems."""
    if isinstance(data, Mapping) and data.get("resourceType") == "Bundle":
        entries = data.get("entry") or []
        if not isinstance(entries, list):
            return [], [f"{where}: Bundle.entry must be a list"]
        resources, problems = [], []
        shell = {k: v for k, v in data.items() if k != "entry"}
        _, shell_problems = validate_resource(shell, where)
        problems += shell_problems
        for i, entry in enumerate(entries):
            if not isinstance(entry, Mapping) or "resource" not in entry:
                continue  # an entry may carry only a search or response element
            model, found = validate_resource(entry["resource"], f"{where}.entry[{i}]")
            problems += found
            if model is not None:
                resources.append(model)
        return resources, problems
    model, problems = validate_resource(data, where)
    return ([model] if model is not None else []), problems


def _name(resource) -> str:
    return f"{resource.get_resource_type()}/{resource.id or '(no id)'}"


def _codings(concept) -> list:
    return list(getattr(concept, "coding", None) or []) if concept is not None else []


def _first_code(concept) -> Optional[str]:
    for coding in _codings(concept):
        if coding.code:
            return coding.code
    return None


def age_on(birth: Any, today: _dt.date) -> Optional[int]:
    """Whole years from a FHIR date (``YYYY``, ``YYYY-MM`` or a date) to today."""
    if isinstance(birth, _dt.datetime):
        birth = birth.date()
    if isinstance(birth, str):
        parts = birth.split("-")
        try:
            birth = _dt.date(int(parts[0]), int(parts[1]) if len(parts) > 1 else 1, 1)
        except (ValueError, IndexError):
            return None
    if not isinstance(birth, _dt.date):
        return None
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


class _Reader:
    def __init__(self, mode: Mode, today: _dt.date, patient_id: Optional[str]):
        self.mode = mode
        self.today = today
        self.patient_id = patient_id
        self.errors: list[str] = []
        self.notes: list[str] = []
        self.values: dict[str, bool] = {}
        self.sources: dict[str, list[str]] = {}
        self.age: Optional[int] = None
        self.sex: Optional[str] = None
        self.patients: list[str] = []

    def unknown(self, message: str) -> None:
        (self.errors if self.mode == "error" else self.notes).append(message)

    def set(self, finding: str, value: bool, name: str) -> None:
        before = self.values.get(finding)
        if before is not None and before != value:
            message = (f"{name}: says {finding} is {'present' if value else 'absent'}, but "
                       f"{', '.join(self.sources[finding])} says {'present' if before else 'absent'}")
            if self.mode == "error":
                self.errors.append(message)
                return
            self.notes.append(message + "; legwise takes it as present")
            value = True
        self.values[finding] = value
        self.sources.setdefault(finding, []).append(name)

    def check_subject(self, resource, name: str) -> bool:
        if self.patient_id is None:
            return True
        subject = getattr(resource, "subject", None)
        reference = getattr(subject, "reference", None) if subject is not None else None
        if reference and reference not in (f"Patient/{self.patient_id}",) and not reference.endswith(
                f"/Patient/{self.patient_id}"):
            self.errors.append(f"{name}: is about {quote(reference)}, not Patient/{self.patient_id}")
            return False
        return True

    def finding_of(self, concept, name: str) -> Optional[str]:
        """The finding a CodeableConcept names, or None (after a problem)."""
        codings = _codings(concept)
        known = {}
        for coding in codings:
            found = lookup(coding.system, coding.code)
            if found is not None:
                known[found] = coding
        if not known:
            if codings:
                first = codings[0]
                token = f"{first.system or '(no system)'}|{first.code or '(no code)'}"
                display = next((c.display for c in codings if c.display), None) or getattr(concept, "text", None)
            else:
                token, display = "(no coding)", getattr(concept, "text", None)
            hint = suggest_finding(display)
            extra = ""
            if hint:
                extra = f" (did you mean {hint!r}, {FINDING_CODES[hint].token()}, from its display {quote(display)}?)"
            self.unknown(f"{name}: code {token} is not a code legwise knows{extra}")
            return None
        kinds = set(known)
        if len(kinds) > 1:
            self.errors.append(f"{name}: its codings name different things legwise knows: "
                               + ", ".join(sorted(f"{k} {i}" for k, i in kinds)))
            return None
        (kind, key), = kinds
        if kind == "condition":
            self.unknown(f"{name}: code {known[(kind, key)].system}|{known[(kind, key)].code} is the condition "
                         f"{key!r}, which legwise concludes rather than takes as a finding")
            return None
        return key

    # --- resources ---------------------------------------------------------

    def patient(self, resource) -> None:
        name = _name(resource)
        if self.patient_id is not None and resource.id != self.patient_id:
            self.errors.append(f"{name}: is not the patient in context (Patient/{self.patient_id})")
            return
        self.patients.append(name)
        if len(self.patients) > 1:
            self.errors.append(f"{name}: more than one Patient ({', '.join(self.patients)})")
            return
        if resource.birthDate is not None:
            age = age_on(resource.birthDate, self.today)
            if age is None or not 0 <= age <= 120:
                self.errors.append(f"{name}: birthDate {quote(str(resource.birthDate))} gives an age "
                                   f"outside 0 to 120 on {self.today.isoformat()}")
            else:
                self.age = age
        if resource.gender in ("female", "male", "other"):
            self.sex = resource.gender

    def observation(self, resource) -> None:
        name = _name(resource)
        if resource.status in ("entered-in-error", "cancelled"):
            self.notes.append(f"{name}: status {resource.status}, not used")
            return
        if not self.check_subject(resource, name):
            return
        finding = self.finding_of(resource.code, name)
        if finding is None:
            return
        value = self.observation_value(resource, name)
        if value is not None:
            self.set(finding, value, name)

    def observation_value(self, resource, name: str) -> Optional[bool]:
        if resource.valueBoolean is not None:
            return bool(resource.valueBoolean)
        if resource.valueCodeableConcept is not None:
            for coding in _codings(resource.valueCodeableConcept):
                if (coding.system, coding.code) == PRESENT:
                    return True
                if (coding.system, coding.code) == ABSENT:
                    return False
            self.unknown(f"{name}: valueCodeableConcept is neither {PRESENT[0]}|{PRESENT[1]} (Present) "
                               f"nor {ABSENT[0]}|{ABSENT[1]} (Absent)")
            return None
        for concept in resource.interpretation or []:
            for coding in _codings(concept):
                if coding.system == INTERPRETATION and coding.code in ("POS", "NEG"):
                    return coding.code == "POS"
        if resource.dataAbsentReason is not None:
            self.notes.append(f"{name}: no value ({_first_code(resource.dataAbsentReason) or 'data absent'}); "
                              "the finding stays unknown")
            return None
        self.unknown(f"{name}: has no valueBoolean, POS/NEG interpretation or Present/Absent "
                           "valueCodeableConcept legwise can read")
        return None

    def condition(self, resource) -> None:
        name = _name(resource)
        verification = _first_code(resource.verificationStatus)
        if verification == "entered-in-error":
            self.notes.append(f"{name}: verificationStatus entered-in-error, not used")
            return
        if not self.check_subject(resource, name):
            return
        finding = self.finding_of(resource.code, name)
        if finding is None:
            return
        if verification == "refuted":
            self.set(finding, False, name)
            return
        clinical = _first_code(resource.clinicalStatus)
        if clinical in CLINICAL_PRESENT:
            self.set(finding, True, name)
        elif clinical is None:
            self.unknown(f"{name}: has neither a clinicalStatus nor a refuted verificationStatus")
        else:
            self.notes.append(f"{name}: clinicalStatus {clinical}; {finding} stays unknown")

    def questionnaire_response(self, resource) -> None:
        name = _name(resource)
        if resource.status == "entered-in-error":
            self.notes.append(f"{name}: status entered-in-error, not used")
            return
        if not self.check_subject(resource, name):
            return
        self.items(resource.item or [], name)

    def items(self, items: Iterable, name: str) -> None:
        for item in items:
            link = item.linkId
            answers = list(item.answer or [])
            if item.item:
                self.items(item.item, name)
            if not answers:
                if link in FINDINGS or item.item or link.startswith("category-"):
                    continue  # unanswered: unknown; or a group
                self.unknown(self._unknown_item(name, link))
                continue
            if link not in FINDINGS:
                self.unknown(self._unknown_item(name, link))
                continue
            if len(answers) != 1 or answers[0].valueBoolean is None:
                self.unknown(f"{name}: item {link!r} must have one answer, a valueBoolean")
                continue
            self.set(link, bool(answers[0].valueBoolean), f"{name}#{link}")
            for answer in answers:
                if answer.item:
                    self.items(answer.item, name)

    @staticmethod
    def _unknown_item(name: str, link: str) -> str:
        hint = suggest(link, FINDINGS)
        extra = f" (did you mean {hint!r}?)" if hint else ""
        return f"{name}: item {quote(link)} is not a finding legwise knows{extra}"


def map_resources(resources: Iterable, *, today: Optional[_dt.date] = None, mode: Mode = "error",
                  patient_id: Optional[str] = None, case_id: Optional[str] = None,
                  source: Optional[str] = None) -> Mapped:
    """Validated R4B resources -> a presentation and notes (see the module doc)."""
    reader = _Reader(mode, today or _dt.date.today(), patient_id)
    for resource in resources:
        kind = resource.get_resource_type()
        if kind == "Patient":
            reader.patient(resource)
        elif kind == "Observation":
            reader.observation(resource)
        elif kind == "Condition":
            reader.condition(resource)
        elif kind == "QuestionnaireResponse":
            reader.questionnaire_response(resource)
        elif kind in ("Bundle", "OperationOutcome"):
            reader.notes.append(f"{_name(resource)}: not used")
        else:
            reader.unknown(f"{_name(resource)}: legwise reads only {', '.join(USED_TYPES)}, not {kind}")
    if reader.errors:
        raise InvalidPresentation(bounded_problems(reader.errors), source)
    data: dict[str, Any] = {"findings": reader.values}
    if case_id:
        data["id"] = case_id[:200]
    if reader.age is not None:
        data["age"] = reader.age
    if reader.sex is not None:
        data["sex"] = reader.sex
    return Mapped(parse_presentation(data, source), reader.notes, reader.sources)


def map_bundle(data: Any, *, today: Optional[_dt.date] = None, mode: Mode = "error",
               patient_id: Optional[str] = None, source: Optional[str] = None) -> Mapped:
    """A FHIR Bundle (or one resource) as JSON -> a presentation and notes.
    Invalid FHIR is an ``InvalidPresentation`` naming each validation error."""
    resources, problems = resources_of(data, "Bundle" if isinstance(data, Mapping) else "input")
    if problems:
        raise InvalidPresentation(bounded_problems(["not valid FHIR R4: " + p for p in problems]), source)
    case_id = data.get("id") if isinstance(data, Mapping) and isinstance(data.get("id"), str) else None
    return map_resources(resources, today=today, mode=mode, patient_id=patient_id, case_id=case_id,
                         source=source)


def bundle_to_presentation(data: Any, today: Optional[_dt.date] = None, source: Optional[str] = None) -> Presentation:
    """A FHIR Bundle as JSON -> a presentation; every problem is an error."""
    return map_bundle(data, today=today, source=source).presentation
