"""The web app: ``create_app()`` builds it (``legwise serve`` runs it).

The JSON API lives under ``/api`` (``expert.web.api``), the pages at ``/``
and ``/assess`` (``expert.web.pages``), ``/consult`` (``expert.web.consult_pages``),
``/quiz``, ``/rules`` and ``/ablate`` (``expert.web.teaching``). FastAPI publishes the OpenAPI schema
at ``/openapi.json``; the interactive docs pages are off, since they load
scripts from a CDN that the Content-Security-Policy (rightly) refuses.

Every refusal is JSON ``{"detail": [messages]}`` (HTML for the pages), and an
unexpected error is a generic 500 with no traceback.
"""
from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

import expert
from expert.web.api import ApiProblem
from expert.web.api import router as api_router
from expert.web.cds_hooks import router as cds_hooks_router
from expert.web.consult_pages import router as consult_router
from expert.web.pages import router as pages_router
from expert.web.teaching import PageData
from expert.web.teaching import router as teaching_router
from expert.web.security import BodyRefused, SecurityHeaders, with_headers
from facts.reading import InvalidPresentation, quote

log = logging.getLogger("legwise.web")

INTERNAL_ERROR = "internal error: the server could not answer this request"


def _problem(status: int, messages: list[str]) -> JSONResponse:
    return JSONResponse({"detail": messages}, status_code=status)


def _validation_messages(error: RequestValidationError) -> list[str]:
    """FastAPI's own checks (query parameters) in the API's one-line style."""
    messages = []
    for problem in error.errors():
        location = ".".join(str(part) for part in problem.get("loc", ()) if part not in ("query", "body"))
        messages.append(f"{location}: {problem.get('msg', 'invalid')} (got {quote(problem.get('input'))})")
    return messages or ["invalid request"]


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(InvalidPresentation)
    async def invalid_presentation(request: Request, error: InvalidPresentation):
        return _problem(422, list(error.problems))

    @app.exception_handler(ApiProblem)
    async def api_problem(request: Request, error: ApiProblem):
        return _problem(error.status, error.messages)

    @app.exception_handler(BodyRefused)
    async def body_refused(request: Request, error: BodyRefused):
        return _problem(error.status, [error.message])

    @app.exception_handler(RequestValidationError)
    async def request_invalid(request: Request, error: RequestValidationError):
        return _problem(422, _validation_messages(error))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException):
        detail = error.detail if isinstance(error.detail, str) else "request refused"
        return JSONResponse({"detail": [detail]}, status_code=error.status_code, headers=error.headers)

    @app.exception_handler(Exception)
    async def internal_error(request: Request, error: Exception):
        # Starlette answers this outside every middleware, the security
        # headers' included: they are added here.
        log.exception("internal error answering %s %s", request.method, request.url.path)
        response = _problem(500, [INTERNAL_ERROR])
        response.raw_headers[:] = with_headers(response.raw_headers)
        return response


def create_app() -> FastAPI:
    """A new app: the API, the pages, the CDS Hooks service, the security
    headers, the error handlers."""
    app = FastAPI(
        title="legwise",
        version=expert.__version__,
        description=("Rule-based reasoning about legs that give way, buckle, feel weak or feel heavy. "
                     "Educational decision support, not a diagnosis."),
        docs_url=None, redoc_url=None, swagger_ui_oauth2_redirect_url=None,
    )
    app.include_router(api_router)
    app.include_router(pages_router)
    app.include_router(cds_hooks_router)
    app.include_router(consult_router)
    app.include_router(teaching_router)
    app.state.pages = PageData()  # the rule book and the cases each rule fires on, computed once per app
    _install_error_handlers(app)
    app.add_middleware(SecurityHeaders)
    return app


__all__ = ["INTERNAL_ERROR", "create_app"]
