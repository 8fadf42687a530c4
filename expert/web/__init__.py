"""legwise on the web: ``create_app()`` (``expert.web.app``) builds the
FastAPI app that ``legwise serve`` runs: the JSON API under ``/api`` and a
few pages. Needs the ``web`` extra: ``pip install 'legwise[web]'``."""


def __getattr__(name):
    if name == "create_app":  # imported on use, so the package imports without FastAPI
        from expert.web.app import create_app

        return create_app
    raise AttributeError(f"module 'expert.web' has no attribute {name!r}")
