"""Security for the web app: response headers, the request-body cap, and
answers that never carry a traceback.

* Every response carries a strict Content-Security-Policy (nothing may load
  from elsewhere, no inline script, no framing), ``X-Content-Type-Options:
  nosniff``, ``Referrer-Policy: no-referrer`` and ``X-Frame-Options: DENY``
  and ``Cache-Control: no-store`` unless a response sets its own
  (``SecurityHeaders``, a plain ASGI middleware, plus ``with_headers`` for
  the one response written outside it: the generic 500).
* The HTML report is one self-contained file with an inline ``<style>`` and
  ``style="margin-left: ..."`` attributes on its reasoning trees. Rather than
  allow any inline style (``'unsafe-inline'``), a report is served with a
  policy that allows exactly the styles it contains, by their SHA-256
  (``html_policy``): hashes of the ``<style>`` blocks, and of the style
  attributes with ``'unsafe-hashes'``. Every user string in the report is
  autoescaped, so no ``<style`` or ``style="`` in it can come from the input.
* Request bodies are read by ``read_body``: ``Content-Length`` checked before
  anything is read, then the stream counted as it arrives, both against
  ``facts.reading.max_input_bytes()`` (``LEGWISE_MAX_INPUT_BYTES``), the
  command line's limit.
"""
from __future__ import annotations

import base64
import hashlib
import html
import re
from typing import Iterable

from facts.reading import MAX_INPUT_BYTES_ENV, max_input_bytes

BASE_POLICY = {
    "default-src": "'none'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "script-src": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
    "base-uri": "'none'",
}


def policy_text(policy: dict[str, str]) -> str:
    return "; ".join(f"{name} {value}" for name, value in policy.items())


CONTENT_SECURITY_POLICY = policy_text(BASE_POLICY)

HEADERS = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cache-control": "no-store",  # answers describe a person: kept by no cache (the stylesheet says otherwise)
}

_STYLE_BLOCK = re.compile(r"<style\b[^>]*>(.*?)</style\s*>", re.DOTALL | re.IGNORECASE)
_STYLE_ATTRIBUTE = re.compile(r"""\sstyle\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def html_policy(document: str) -> str:
    """The Content-Security-Policy for one HTML document of ours: the base
    policy, with ``style-src`` also allowing exactly the inline styles the
    document contains (its ``<style>`` blocks, and its ``style`` attributes
    via ``'unsafe-hashes'``), each by its SHA-256."""
    blocks = dict.fromkeys(_sha256(match.group(1)) for match in _STYLE_BLOCK.finditer(document))
    attributes = dict.fromkeys(
        _sha256(html.unescape(match.group(1) if match.group(1) is not None else match.group(2)))
        for match in _STYLE_ATTRIBUTE.finditer(document))
    sources = [BASE_POLICY["style-src"], *blocks]
    if attributes:
        sources += ["'unsafe-hashes'", *attributes]
    return policy_text({**BASE_POLICY, "style-src": " ".join(sources)})


def with_headers(headers: Iterable[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    """Raw ASGI headers with the security headers added; a policy already
    set (an HTML report's own) is kept."""
    result = list(headers)
    present = {name.lower() for name, _ in result}
    result += [(name.encode("latin-1"), value.encode("latin-1"))
               for name, value in HEADERS.items() if name.encode("latin-1") not in present]
    return result


class SecurityHeaders:
    """ASGI middleware: the security headers on every HTTP response."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                message = {**message, "headers": with_headers(message.get("headers", ()))}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyRefused(Exception):
    """A request body refused before it is parsed: its HTTP status and why."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def too_large_message(limit: int) -> str:
    return (f"the request body is larger than {limit:,} bytes "
            f"(the server's limit; {MAX_INPUT_BYTES_ENV} sets it)")


async def read_body(request) -> bytes:
    """The request body, refused with 413 as soon as it is known to pass the
    cap: from ``Content-Length`` before reading, else while it streams in."""
    limit = max_input_bytes()
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.strip().isdigit():
            raise BodyRefused(400, f"Content-Length must be a whole number of bytes, not {declared[:40]!r}")
        if int(declared) > limit:
            raise BodyRefused(413, too_large_message(limit))
    parts: list[bytes] = []
    total = 0
    async for chunk in request.stream():
        total += len(chunk)
        if total > limit:
            raise BodyRefused(413, too_large_message(limit))
        parts.append(chunk)
    return b"".join(parts)


__all__ = ["BASE_POLICY", "BodyRefused", "CONTENT_SECURITY_POLICY", "HEADERS", "SecurityHeaders",
           "html_policy", "read_body", "too_large_message", "with_headers"]
