"""The input: a presentation, validated at the boundary by pydantic.

A presentation is what is known about a person: findings present (true),
checked and absent (false), or unknown (not listed); optional age, sex, case
id and free-text notes (never interpreted). Anything else is refused with an
``InvalidPresentation`` error that names the field and, for a misspelt id,
suggests the nearest known one.
"""
from __future__ import annotations

import difflib
from pathlib import Path
from typing import Annotated, Any, Literal, Mapping, Optional

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StrictBool, ValidationError

from facts.reading import (InvalidPresentation, bounded_problems, load_json, load_yaml, quote,
                           read_bounded)
from facts.vocabulary import FINDINGS

Sex = Literal["female", "male", "other"]


def _known_finding(key: str) -> str:
    if key not in FINDINGS:
        raise ValueError(_unknown_finding_message(key))
    return key


FindingId = Annotated[str, AfterValidator(_known_finding)]


_SUGGEST_MAX_CHARS = 100


def suggest(word: str, choices, cutoff: float = 0.6) -> str | None:
    """The closest known id to a misspelt one, if any is close enough."""
    if not isinstance(word, str) or len(word) > _SUGGEST_MAX_CHARS:
        return None  # nothing known is that long; and difflib would be slow
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
    message = f"unknown finding id {quote(key)}"
    return f"{message} (did you mean {hint!r}?)" if hint else f"{message} (run 'legwise findings' to list them)"


_TOP_LEVEL_KEYS = tuple(Presentation.model_fields)


_MAX_LISTED = 20  # more unknown keys than this are counted, not each described
_LENGTH_LIMITS = {"id": 200, "notes": 20000}


def _describe(error: Mapping[str, Any]) -> str:
    """One bounded line for a pydantic error: any value, key or location part
    it quotes is cut to a short, escaped prefix with its length."""
    loc = error["loc"]
    location = ".".join(part if isinstance(part, str) and len(part) <= 40 else quote(part) for part in loc)
    kind = error["type"]
    value = quote(error.get("input"))
    if kind == "extra_forbidden":
        key = str(loc[-1])
        hint = suggest(key, _TOP_LEVEL_KEYS)
        allowed = ", ".join(_TOP_LEVEL_KEYS)
        extra = f"did you mean {hint!r}? " if hint else ""
        return f"unknown key {quote(key)} ({extra}allowed keys: {allowed})"
    if loc[:1] == ("findings",) and len(loc) > 1 and kind in ("bool_type", "bool_parsing"):
        return f"{location}: must be true or false, not {value}"
    if loc[:1] == ("findings",) and loc[-1] == "[key]":
        if kind == "value_error":
            return f"findings: {error['ctx']['error']}"
        return f"findings: a finding id must be text, not {value}"
    if location == "age":
        if kind in ("greater_than_equal", "less_than_equal"):
            return f"age: must be between 0 and 120, not {value}"
        return f"age: must be a whole number of years between 0 and 120, not {value}"
    if location == "sex":
        return f"sex: must be one of 'female', 'male', 'other', not {value}"
    if kind == "dict_type":
        return f"{location}: must be an object mapping finding ids to true or false, not {value}"
    if kind == "string_too_long" and location in _LENGTH_LIMITS and isinstance(error.get("input"), str):
        return (f"{location} is {len(error['input']):,} characters long; "
                f"at most {_LENGTH_LIMITS[location]:,} are allowed")
    return f"{location}: {error['msg']} (got {value})"


def parse_presentation(data: Any, source: str | None = None) -> Presentation:
    """Validate a dict (or a Presentation) into a Presentation."""
    if isinstance(data, Presentation):
        return data
    if not isinstance(data, Mapping):
        raise InvalidPresentation(
            [f"a presentation must be an object with keys such as 'findings', not {type(data).__name__}"],
            source,
        )
    unknown_keys = [key for key in data if not isinstance(key, str) or key not in _TOP_LEVEL_KEYS]
    if len(unknown_keys) > _MAX_LISTED:
        raise InvalidPresentation(
            [f"{len(unknown_keys):,} unknown keys (allowed keys: {', '.join(_TOP_LEVEL_KEYS)})"]
            + [f"unknown key {quote(key)}" for key in unknown_keys[:5]]
            + [f"... and {len(unknown_keys) - 5:,} more unknown keys"],
            source,
        )
    findings = data.get("findings")
    if isinstance(findings, Mapping) and len(findings) > len(FINDINGS):
        # More entries than known ids: some are unknown for certain. Say so
        # briefly rather than seek a suggestion for each of thousands.
        unknown = [key for key in findings if not isinstance(key, str) or key not in FINDINGS]
        raise InvalidPresentation(
            [f"findings has {len(findings):,} entries but only {len(FINDINGS):,} finding ids are known "
             "(run 'legwise findings' to list them)"]
            + [f"findings: unknown finding id {quote(key)}" for key in unknown[:5]]
            + ([f"... and {len(unknown) - 5:,} more unknown finding ids"] if len(unknown) > 5 else []),
            source,
        )
    try:
        return Presentation.model_validate(dict(data))
    except ValidationError as error:
        raise InvalidPresentation(bounded_problems([_describe(e) for e in error.errors()]), source) from None


def parse_text(text: str, source: str | None = None) -> Presentation:
    """Parse a presentation from JSON or YAML text (JSON is valid YAML, but
    we try JSON first for its clearer position messages). Both are read by
    ``facts.reading``: depth-capped, duplicate keys refused, YAML with 1.2
    core booleans and no anchors or aliases."""
    stripped = text.lstrip()
    if not stripped:
        raise InvalidPresentation(["the input is empty"], source)
    if stripped.startswith("{"):
        data = load_json(text, source)
    else:
        data = load_yaml(text, source)
    return parse_presentation(data, source)


def load_presentation(path: str | Path, max_bytes: int | None = None) -> Presentation:
    """Load a presentation from a JSON or YAML file, or '-' for stdin, read
    at most ``max_bytes`` (default ``facts.reading.max_input_bytes()``)."""
    text = read_bounded(path, max_bytes)
    return parse_text(text, "<stdin>" if str(path) == "-" else str(path))
