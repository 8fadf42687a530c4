"""Codes for the vocabulary: every finding and condition as a coded concept,
for FHIR in and out (``expert.fhir``).

A finding or condition gets a SNOMED CT concept only where one means the same
thing and its concept id was checked (against several public code lists and
FHIR profiles that use it with the same display). Where no concept fits
exactly (legwise's finding is broader, narrower or a combination, such as
"Fever, chills or shivering" or "Stroke or TIA"), or the id could not be
checked, the id is coded in legwise's own code system with the legwise id as
the code, and ``Code.standard`` is False. A narrower SNOMED concept is never
used for a broader finding: an Observation saying the narrow concept is
absent would wrongly rule the broader finding out.

This module is data and imports nothing from ``expert`` or ``rules``.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from types import MappingProxyType
from typing import Mapping, Optional

from facts.vocabulary import CONDITIONS, FINDINGS

SNOMED = "http://snomed.info/sct"
LEGWISE_FINDING = "https://legwise.example/fhir/CodeSystem/finding"
LEGWISE_CONDITION = "https://legwise.example/fhir/CodeSystem/condition"


@dataclass(frozen=True)
class Code:
    system: str
    code: str
    display: str

    @property
    def standard(self) -> bool:
        """True for a SNOMED CT concept, False for legwise's own code."""
        return self.system == SNOMED

    def token(self) -> str:
        """``system|code``, as FHIR search and messages write a code."""
        return f"{self.system}|{self.code}"

    def coding(self) -> dict:
        """A FHIR Coding (as JSON)."""
        return {"system": self.system, "code": self.code, "display": self.display}


# id -> (SNOMED CT concept id, its preferred term). Only concepts that mean
# the same as the legwise id and whose id was checked; see the module doc.
SNOMED_FINDINGS: Mapping[str, tuple[str, str]] = MappingProxyType({
    "low_back_pain": ("279039007", "Low back pain"),
    "chest_pain": ("29857009", "Chest pain"),
    "vomiting": ("422400008", "Vomiting"),
    "diabetes": ("73211009", "Diabetes mellitus"),
    "hypertension": ("38341003", "Hypertensive disorder, systemic arterial"),
    "high_cholesterol": ("13644009", "Hypercholesterolemia"),
    "smoker": ("77176002", "Smoker"),
    "palpitations": ("80313002", "Palpitations"),
    "fainting": ("271594007", "Syncope"),
    "knee_pain": ("30989003", "Knee pain"),
    "weight_gain": ("8943002", "Weight gain"),
    "weight_loss": ("448765001", "Unintentional weight loss"),
    "breathless_on_exertion": ("60845006", "Dyspnea on exertion"),
    "rapid_breathing": ("271823003", "Tachypnea"),
    "lightheadedness": ("386705008", "Lightheadedness"),
    "slurred_speech": ("289195008", "Slurred speech"),
    "confusion": ("286933003", "Confusional state"),
    "brisk_reflexes": ("86854008", "Hyperreflexia"),
    "leg_stiffness_spasticity": ("221360009", "Spasticity"),
})

SNOMED_CONDITIONS: Mapping[str, tuple[str, str]] = MappingProxyType({
    "osteoarthritis": ("396275006", "Osteoarthritis"),
    "rheumatoid_arthritis": ("69896004", "Rheumatoid arthritis"),
    "lumbar_spinal_stenosis": ("18347007", "Spinal stenosis of lumbar region"),
    "peripheral_neuropathy": ("302226006", "Peripheral nerve disease"),
    "multiple_sclerosis": ("24700007", "Multiple sclerosis"),
    "guillain_barre_syndrome": ("40956001", "Guillain-Barre syndrome"),
    "cauda_equina_syndrome": ("192970008", "Cauda equina syndrome"),
    "peripheral_artery_disease": ("840580004", "Peripheral arterial disease"),
    "hypoglycemia": ("302866003", "Hypoglycemia"),
    "dehydration": ("34095006", "Dehydration"),
    "anemia": ("271737000", "Anemia"),
    "hypothyroidism": ("40930008", "Hypothyroidism"),
    "deep_vein_thrombosis": ("128053003", "Deep venous thrombosis"),
    "myasthenia_gravis": ("91637004", "Myasthenia gravis"),
    "cellulitis": ("128045006", "Cellulitis"),
})


def _table(vocabulary, snomed: Mapping[str, tuple[str, str]], own_system: str) -> Mapping[str, Code]:
    unknown = sorted(set(snomed) - set(vocabulary))
    if unknown:
        raise ValueError(f"SNOMED CT codes given for unknown ids {unknown}")
    table = {}
    for key, entry in vocabulary.items():
        if key in snomed:
            code, display = snomed[key]
            table[key] = Code(SNOMED, code, display)
        else:
            table[key] = Code(own_system, key, entry.label)
    return MappingProxyType(table)


FINDING_CODES: Mapping[str, Code] = _table(FINDINGS, SNOMED_FINDINGS, LEGWISE_FINDING)
"""Every finding id -> its code (SNOMED CT where one fits, else legwise's)."""

CONDITION_CODES: Mapping[str, Code] = _table(CONDITIONS, SNOMED_CONDITIONS, LEGWISE_CONDITION)
"""Every condition id -> its code (SNOMED CT where one fits, else legwise's)."""


def _index() -> Mapping[tuple[str, str], tuple[str, str]]:
    index: dict[tuple[str, str], tuple[str, str]] = {}
    for kind, table in (("finding", FINDING_CODES), ("condition", CONDITION_CODES)):
        for key, code in table.items():
            if (code.system, code.code) in index:
                raise ValueError(f"code {code.token()} is given twice")
            index[(code.system, code.code)] = (kind, key)
    return MappingProxyType(index)


BY_CODE: Mapping[tuple[str, str], tuple[str, str]] = _index()
"""(system, code) -> ("finding" or "condition", legwise id)."""


def lookup(system: Optional[str], code: Optional[str]) -> Optional[tuple[str, str]]:
    """("finding" or "condition", id) for a code legwise knows, else None."""
    if not system or not code:
        return None
    return BY_CODE.get((system, code))


def suggest_finding(text: Optional[str], cutoff: float = 0.6) -> Optional[str]:
    """The finding whose label, SNOMED CT display or id is closest to a
    code's display text, if any is close enough (for "did you mean")."""
    if not isinstance(text, str) or not text.strip() or len(text) > 200:
        return None
    names: dict[str, str] = {}
    for key, finding in FINDINGS.items():
        for name in (finding.label, FINDING_CODES[key].display, key.replace("_", " ")):
            names.setdefault(name.lower(), key)
    matches = difflib.get_close_matches(text.strip().lower(), list(names), n=1, cutoff=cutoff)
    return names[matches[0]] if matches else None


def coverage() -> dict[str, tuple[int, int]]:
    """How many findings and conditions have a SNOMED CT code, of how many."""
    return {
        "findings": (sum(c.standard for c in FINDING_CODES.values()), len(FINDING_CODES)),
        "conditions": (sum(c.standard for c in CONDITION_CODES.values()), len(CONDITION_CODES)),
    }
