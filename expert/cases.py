"""The case library: teaching vignettes shipped with the package.

Each file ``rules/cases/<domain>.yaml`` holds a list of cases::

    - id: mech-meniscus-01
      title: A knee that locks after a twist
      difficulty: easy            # easy, moderate or hard
      story: >
        A 34-year-old footballer twisted his knee last week...
      presentation:               # the contract's input format
        age: 34
        sex: male
        findings: {knee_locking: true, knee_swelling: true, recent_knee_injury: true}
      expected:
        triage: routine
        leading: meniscal_tear
      teaching: Locking or catching points to a torn meniscus; buckling on pivoting to a ligament.

The expected triage and leading condition are what a clinician would answer;
the test suite asserts the engine agrees for every case.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Literal, Optional

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from facts.presentation import Presentation, parse_presentation, suggest
from facts.vocabulary import CONDITIONS, OUTSIDE_CAUSES

if TYPE_CHECKING:  # only named in a signature: cases load without the engine
    from expert.assessment import Assessment


class CaseError(ValueError):
    """A case file or case is malformed."""


class Expected(BaseModel):
    """What a clinician would answer. ``leading: null`` says that no condition
    legwise knows explains the case (it should say "no known cause fits");
    ``consider`` names causes outside the knowledge base it should suggest."""
    model_config = ConfigDict(extra="forbid", frozen=True)
    triage: Literal["emergency", "urgent", "routine", "self_care"]
    leading: Optional[str]
    consider: tuple[str, ...] = ()

    @field_validator("leading")
    @classmethod
    def _known(cls, value: Optional[str]) -> Optional[str]:
        if value is not None and value not in CONDITIONS:
            hint = suggest(value, CONDITIONS)
            raise ValueError(f"unknown condition id {value!r}" + (f" (did you mean {hint!r}?)" if hint else ""))
        return value

    @field_validator("consider")
    @classmethod
    def _known_outside(cls, values: tuple[str, ...]) -> tuple[str, ...]:
        for value in values:
            if value not in OUTSIDE_CAUSES:
                hint = suggest(value, OUTSIDE_CAUSES)
                raise ValueError(f"unknown outside cause id {value!r}" + (f" (did you mean {hint!r}?)" if hint else ""))
        return values


class Case(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str
    difficulty: Literal["easy", "moderate", "hard"] = "moderate"
    story: str
    presentation: Presentation
    expected: Expected
    teaching: Optional[str] = None
    source: Optional[str] = None
    """Where a vignette comes from: a published case or a guideline scenario."""
    domain: str = ""

    @field_validator("presentation", mode="before")
    @classmethod
    def _presentation(cls, value):
        return parse_presentation(value)

    @property
    def category(self) -> str:
        """The category of the expected leading condition (mechanical, ...),
        or "outside" when no known condition should lead."""
        if self.expected.leading is None:
            return "outside"
        return CONDITIONS[self.expected.leading].category

    def unmet(self, assessment: "Assessment") -> list[str]:
        """How an assessment misses what the case expects (empty: it meets
        it). With no expected leader, "no known cause fits", naming what it
        cannot explain, is what is expected; the outside causes the case
        names must be among those the assessment suggests."""
        missed = []
        if assessment.triage.level != self.expected.triage:
            missed.append(f"triage {assessment.triage.level}, expected {self.expected.triage}")
        if self.expected.leading is None:
            if assessment.fit.status != "no_known_cause" or not assessment.fit.unexplained:
                missed.append(f"fit {assessment.fit.status}, expected no_known_cause naming what is unexplained")
        elif assessment.leading_condition != self.expected.leading:
            missed.append(f"leading {assessment.leading_condition}, expected {self.expected.leading}")
        suggested = {cause.id for cause in assessment.fit.consider}
        for cause in self.expected.consider:
            if cause not in suggested:
                missed.append(f"does not suggest {cause}")
        return missed

    def presentation_dict(self) -> dict:
        """The coded presentation as the contract's dict, with the case id."""
        data = self.presentation.model_dump(exclude_none=True)
        data.setdefault("id", self.id)
        return data


def parse_cases(domain: str, text: str) -> list[Case]:
    try:
        raw = yaml.safe_load(text) or []
    except yaml.YAMLError as error:
        raise CaseError(f"rules/cases/{domain}.yaml: not valid YAML: {error}") from None
    if not isinstance(raw, list):
        raise CaseError(f"rules/cases/{domain}.yaml: must be a list of cases")
    cases = []
    for index, item in enumerate(raw):
        try:
            cases.append(Case.model_validate({**item, "domain": domain}))
        except ValidationError as error:
            name = item.get("id", f"#{index + 1}") if isinstance(item, dict) else f"#{index + 1}"
            problems = "; ".join(
                f"{'.'.join(str(p) for p in e['loc'])}: {e['msg'].removeprefix('Value error, ')}"
                for e in error.errors())
            raise CaseError(f"rules/cases/{domain}.yaml: case {name}: {problems}") from None
    return cases


@lru_cache(maxsize=1)
def load_case_library() -> tuple[Case, ...]:
    """Every case of every file, in file-name then file order."""
    folder = resources.files("rules").joinpath("cases")
    cases: list[Case] = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml"):
            cases.extend(parse_cases(entry.name[:-5], entry.read_text(encoding="utf-8")))
    seen: set[str] = set()
    for case in cases:
        if case.id in seen:
            raise CaseError(f"case id {case.id!r} is used twice")
        seen.add(case.id)
    return tuple(cases)


def find_case(case_id: str) -> Case:
    for case in load_case_library():
        if case.id == case_id:
            return case
    hint = suggest(case_id, [c.id for c in load_case_library()])
    raise CaseError(f"no case {case_id!r} in the library" + (f" (did you mean {hint!r}?)" if hint else ""))


__all__ = ["Case", "CaseError", "Expected", "find_case", "load_case_library", "parse_cases"]
