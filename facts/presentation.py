"""The input: a presentation, validated at the boundary by pydantic.

A presentation is what is known about a person: findings present (true),
checked and absent (false), or unknown (not listed); optional age, sex, case
id and free-text notes (never interpreted). Anything else is refused with an
``InvalidPresentation`` error that names the field and, for a misspelt id,
suggests the nearest known one.
"""
from __future__ import annotations

import difflib
import json
import sys
from pathlib import Path
from typing import Annotated, Any, Literal, Mapping, Optional

import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StrictBool, ValidationError

from facts.vocabulary import FINDINGS

Sex = Literal["female", "male", "other"]


def _known_finding(key: str) -> str:
    if key not in FINDINGS:
        raise ValueError(_unknown_finding_message(key))
    return key


FindingId = Annotated[str, AfterValidator(_known_finding)]


class InvalidPresentation(ValueError):
    """The presentation cannot be used; ``problems`` lists each reason."""

    def __init__(self, problems: list[str], source: str | None = None):
        self.problems = problems
        self.source = source
        where = f"{source}: " if source else ""
        if len(problems) == 1:
            message = f"{where}invalid presentation: {problems[0]}"
        else:
            message = f"{where}invalid presentation:\n" + "\n".join(f"  - {p}" for p in problems)
        super().__init__(message)


def suggest(word: str, choices, cutoff: float = 0.6) -> str | None:
    """The closest known id to a misspelt one, if any is close enough."""
    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=cutoff)
    return matches[0] if matches else None


class Presentation(BaseModel):
    """A presentation exactly as the contract describes it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Optional[str] = Field(default=None, max_length=200)
    age: Optional[int] = Field(default=None, ge=0, le=120, strict=True)
    sex: Optional[Sex] = None
    findings: dict[FindingId, StrictBool] = Field(default_factory=dict)
    notes: Optional[str] = Field(default=None, max_length=20000)

    def model_post_init(self, __context) -> None:
        # A stable order: the same findings always serialise the same way.
        object.__setattr__(self, "findings", dict(sorted(self.findings.items())))

    def present(self) -> list[str]:
        return [f for f, value in self.findings.items() if value]

    def absent(self) -> list[str]:
        return [f for f, value in self.findings.items() if not value]

    def unknown(self) -> list[str]:
        return [f for f in FINDINGS if f not in self.findings]

    def with_findings(self, **changes: Optional[bool]) -> "Presentation":
        """A copy with findings set (True/False) or made unknown (None)."""
        findings = dict(self.findings)
        for key, value in changes.items():
            if value is None:
                findings.pop(key, None)
            else:
                findings[key] = value
        return Presentation.model_validate({**self.model_dump(exclude_none=True), "findings": findings})


def _unknown_finding_message(key: str) -> str:
    hint = suggest(key, FINDINGS)
    message = f"unknown finding id {key!r}"
    return f"{message} (did you mean {hint!r}?)" if hint else f"{message} (run 'legwise findings' to list them)"


_TOP_LEVEL_KEYS = tuple(Presentation.model_fields)


def _describe(error: Mapping[str, Any]) -> str:
    location = ".".join(str(part) for part in error["loc"])
    kind = error["type"]
    value = error.get("input")
    if kind == "extra_forbidden":
        key = str(error["loc"][-1])
        hint = suggest(key, _TOP_LEVEL_KEYS)
        allowed = ", ".join(_TOP_LEVEL_KEYS)
        extra = f"did you mean {hint!r}? " if hint else ""
        return f"unknown key {key!r} ({extra}allowed keys: {allowed})"
    if location.startswith("findings.") and kind in ("bool_type", "bool_parsing"):
        return f"{location}: must be true or false, not {value!r}"
    if location.startswith("findings.") and location.endswith(".[key]"):
        if kind == "value_error":
            return f"findings: {error['ctx']['error']}"
        return f"findings: a finding id must be text, not {value!r}"
    if location == "age":
        if kind in ("greater_than_equal", "less_than_equal"):
            return f"age: must be between 0 and 120, not {value!r}"
        return f"age: must be a whole number of years between 0 and 120, not {value!r}"
    if location == "sex":
        return f"sex: must be one of 'female', 'male', 'other', not {value!r}"
    if kind == "dict_type":
        return f"{location}: must be an object mapping finding ids to true or false, not {value!r}"
    return f"{location}: {error['msg']} (got {value!r})"


def parse_presentation(data: Any, source: str | None = None) -> Presentation:
    """Validate a dict (or a Presentation) into a Presentation."""
    if isinstance(data, Presentation):
        return data
    if not isinstance(data, Mapping):
        raise InvalidPresentation(
            [f"a presentation must be an object with keys such as 'findings', not {type(data).__name__}"],
            source,
        )
    try:
        return Presentation.model_validate(dict(data))
    except ValidationError as error:
        raise InvalidPresentation([_describe(e) for e in error.errors()], source) from None


def parse_text(text: str, source: str | None = None) -> Presentation:
    """Parse a presentation from JSON or YAML text (JSON is valid YAML, but
    we try JSON first for its clearer position messages)."""
    stripped = text.lstrip()
    if not stripped:
        raise InvalidPresentation(["the input is empty"], source)
    if stripped.startswith("{"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise InvalidPresentation(
                [f"not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}"], source
            ) from None
    else:
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
            problem = getattr(error, "problem", None) or "cannot be parsed"
            raise InvalidPresentation([f"not valid JSON or YAML: {problem}{where}"], source) from None
    return parse_presentation(data, source)


def load_presentation(path: str | Path) -> Presentation:
    """Load a presentation from a JSON or YAML file, or '-' for stdin."""
    if str(path) == "-":
        return parse_text(sys.stdin.read(), "<stdin>")
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InvalidPresentation([f"no such file: {path}"]) from None
    except IsADirectoryError:
        raise InvalidPresentation([f"{path} is a directory, not a case file"]) from None
    except UnicodeDecodeError:
        raise InvalidPresentation([f"{path} is not UTF-8 text"]) from None
    except OSError as error:
        raise InvalidPresentation([f"cannot read {path}: {error.strerror}"]) from None
    return parse_text(text, str(path))
