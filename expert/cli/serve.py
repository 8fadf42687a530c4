"""``legwise serve``: the web app and JSON API (``expert.web``) under uvicorn."""
from __future__ import annotations

import ipaddress
import sys
from importlib.util import find_spec

import click

from expert.cli import app

INSTALL_HINT = "pip install 'legwise[web]'"


class WebNotInstalled(click.ClickException):
    """FastAPI or uvicorn is missing; exit code 2."""
    exit_code = 2

    def show(self, file=None) -> None:
        click.echo(f"legwise: error: {self.format_message()}", file=file or sys.stderr)


def missing_web_packages() -> list[str]:
    """The web extra's packages that cannot be imported."""
    return [name for name in ("fastapi", "uvicorn") if find_spec(name) is None]


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@app.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. The default is this machine only; legwise has no login, "
                   "so listen more widely only behind something that controls who can connect.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Worker processes (each answers requests on one core).")
@click.option("--access-log/--no-access-log", default=True, show_default=True,
              help="Log each request on stderr.")
def serve(host: str, port: int, workers: int, access_log: bool) -> None:
    """Serve the JSON API (/api, schema at /openapi.json) and the web pages
    (/) until interrupted."""
    missing = missing_web_packages()
    if missing:
        raise WebNotInstalled(f"legwise serve needs {' and '.join(missing)}: {INSTALL_HINT}")
    import uvicorn

    if not is_loopback(host):
        click.echo(f"legwise: warning: listening on {host}: reachable from other machines, "
                   "and legwise asks no one to log in", err=True)
    uvicorn.run("expert.web.app:create_app", factory=True, host=host, port=port, workers=workers,
                access_log=access_log, server_header=False, log_level="info")
