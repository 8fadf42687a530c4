"""Reading the pages' form posts: the body capped (``read_body``), UTF-8,
``application/x-www-form-urlencoded``, a bounded number of fields.

``FormProblem`` carries the HTTP status and the message a page shows back.
"""
from __future__ import annotations

from urllib.parse import parse_qsl

from fastapi import Request

from expert.web.security import read_body

FORM = "application/x-www-form-urlencoded"
MAX_FIELDS = 500


class FormProblem(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def parse_fields(text: str, max_fields: int = MAX_FIELDS) -> list[tuple[str, str]]:
    try:
        return parse_qsl(text, keep_blank_values=True, max_num_fields=max_fields)
    except ValueError:
        raise FormProblem(400, f"the form has more than {max_fields} fields") from None


async def read_fields(request: Request, max_fields: int = MAX_FIELDS) -> list[tuple[str, str]]:
    """The posted form's fields, in order (names may repeat)."""
    content_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if content_type != FORM:
        raise FormProblem(415, f"send the form as {FORM}")
    raw = await read_body(request)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise FormProblem(400, "the form is not UTF-8 text") from None
    return parse_fields(text, max_fields)


def first(fields: list[tuple[str, str]], name: str, default: str = "") -> str:
    return next((value for key, value in fields if key == name), default)


def every(fields: list[tuple[str, str]], name: str) -> list[str]:
    return [value for key, value in fields if key == name]


__all__ = ["FORM", "FormProblem", "every", "first", "parse_fields", "read_fields"]
