"""The ``legwise`` command line.

Each command lives in its own module here and registers itself on ``app``.
Exit codes: 0 done, 2 bad input or usage (message on stderr), 1 internal error.
Set LEGWISE_DEBUG=1 to see the traceback of an internal error.
"""
from __future__ import annotations

import os
import sys
from importlib import import_module

import click

from facts.presentation import InvalidPresentation


@click.group(name="legwise", context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="legwise", prog_name="legwise")
def app() -> None:
    """legwise: rule-based reasoning about legs that give way, buckle, feel
    weak or feel heavy. Educational decision support, not a diagnosis."""

COMMAND_MODULES = ("assess", "rulebase", "vocabulary", "consult", "quiz", "rulebook", "explain", "report",
                   "batch", "generate", "cases", "serve", "questionnaire")


class UsageProblem(click.UsageError):
    """A bad option value found after parsing (e.g. an unknown id); exit 2."""


def _register_commands() -> None:
    for name in COMMAND_MODULES:
        import_module(f"expert.cli.{name}")


def _wraps_an_interrupt(error: BaseException) -> bool:
    """Whether a Ctrl-C lies behind this error: a library that catches every
    exception while it works (building a data model, say) may raise its own
    error from the KeyboardInterrupt, which is still the user's interrupt."""
    seen = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, KeyboardInterrupt):
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``legwise`` console script."""
    _register_commands()
    try:
        result = app.main(args=argv, prog_name="legwise", standalone_mode=False)
        return result if isinstance(result, int) else 0
    except InvalidPresentation as error:
        print(f"legwise: error: {error}", file=sys.stderr)
        return 2
    except (click.exceptions.Abort, KeyboardInterrupt):
        print("legwise: interrupted", file=sys.stderr)
        return 130
    except click.ClickException as error:
        error.show(file=sys.stderr)
        return error.exit_code
    except BrokenPipeError:
        return 0
    except Exception as error:  # noqa: BLE001 - the command line never shows a traceback
        if _wraps_an_interrupt(error):
            print("legwise: interrupted", file=sys.stderr)
            return 130
        if os.environ.get("LEGWISE_DEBUG"):
            raise
        print(f"legwise: internal error: {type(error).__name__}: {error} "
              "(set LEGWISE_DEBUG=1 for details)", file=sys.stderr)
        return 1

