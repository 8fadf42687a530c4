"""What ``legwise assess`` reads: a presentation in the contract's shape
(JSON or YAML), or a FHIR Bundle (JSON with ``"resourceType": "Bundle"``),
told apart after the bounded read. A Bundle needs the ``fhir`` extra."""
from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import Any, Mapping, Optional

from facts.presentation import InvalidPresentation, Presentation, parse_presentation
from facts.reading import load_json, load_yaml, read_bounded

FHIR_EXTRA_MESSAGE = "a FHIR Bundle needs pip install 'legwise[fhir]'"


class FhirExtraMissing(RuntimeError):
    """fhir.resources is not installed."""


def require_fhir() -> None:
    try:
        import fhir.resources.R4B  # noqa: F401
    except ImportError:
        raise FhirExtraMissing(FHIR_EXTRA_MESSAGE) from None


def is_fhir_bundle(data: Any) -> bool:
    return isinstance(data, Mapping) and data.get("resourceType") == "Bundle"


def presentation_from_data(data: Any, source: Optional[str] = None,
                           today: Optional[_dt.date] = None) -> Presentation:
    """Plain data (a contract presentation or a FHIR Bundle) -> a Presentation."""
    if is_fhir_bundle(data):
        require_fhir()
        from expert.fhir.mapping import bundle_to_presentation

        return bundle_to_presentation(data, today=today, source=source)
    if isinstance(data, Mapping) and "resourceType" in data:
        raise InvalidPresentation(
            [f"a FHIR {data.get('resourceType')!s:.40} on its own is not read: put the resources in a Bundle"],
            source)
    return parse_presentation(data, source)


def load_case(path: str | Path, max_bytes: int | None = None,
              today: Optional[_dt.date] = None) -> Presentation:
    """Like ``facts.presentation.load_presentation``, and a FHIR Bundle too."""
    source = "<stdin>" if str(path) == "-" else str(path)
    text = read_bounded(path, max_bytes)
    stripped = text.lstrip()
    if not stripped:
        raise InvalidPresentation(["the input is empty"], source)
    data = load_json(text, source) if stripped.startswith("{") else load_yaml(text, source)
    return presentation_from_data(data, source, today)
