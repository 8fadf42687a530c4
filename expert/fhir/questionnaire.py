"""legwise's findings as a FHIR R4 Questionnaire: one boolean item per
finding, grouped by category (``linkId`` ``category-<name>``), each item's
``linkId`` the finding id, its ``text`` the finding's question and its
``code`` the finding's coding (``facts.coding``). A QuestionnaireResponse to
it is read by ``expert.fhir.mapping``."""
from __future__ import annotations

import json

from expert import __version__
from expert.fhir.mapping import validate_model
from facts.coding import FINDING_CODES
from facts.vocabulary import FINDING_CATEGORIES, FINDINGS

URL = "https://legwise.example/fhir/Questionnaire/legwise-findings"
NAME = "LegwiseFindings"


def category_title(category: str) -> str:
    return category.replace("_", " ").capitalize()


def questionnaire_json(version: str | None = None) -> dict:
    """The Questionnaire as FHIR JSON (a dict), validated by the R4B model."""
    from fhir.resources.R4B.questionnaire import Questionnaire

    groups = []
    for category in FINDING_CATEGORIES:
        items = [{"linkId": f.id, "text": f.question, "type": "boolean", "required": False,
                  "code": [FINDING_CODES[f.id].coding()]}
                 for f in FINDINGS.values() if f.category == category]
        if items:
            groups.append({"linkId": f"category-{category}", "text": category_title(category),
                           "type": "group", "item": items})
    data = {
        "resourceType": "Questionnaire",
        "id": "legwise-findings",
        "url": URL,
        "version": version or __version__,
        "name": NAME,
        "title": "legwise: legs that give way or feel weak",
        "status": "active",
        "subjectType": ["Patient"],
        "description": ("The findings legwise reasons from, one yes/no question each. Leave a question "
                       "unanswered when it is not known. Educational decision support, not a diagnosis."),
        "item": groups,
    }
    validate_model(Questionnaire, data)  # raises if the generated resource were not valid FHIR
    return data


def questionnaire_text(version: str | None = None) -> str:
    return json.dumps(questionnaire_json(version), indent=2, ensure_ascii=False) + "\n"
