"""Where a conversation's replies come from: a person at a terminal, or a
script (``--answers FILE`` or piped stdin), one reply per line.

A scripted reply is echoed after its prompt so the output reads as a
transcript. Blank lines and lines starting with ``#`` in a script are
skipped. The end of the script, or end of input at a terminal, ends the
conversation gracefully (``ask`` returns None).
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import click
from rich.console import Console


class ScriptError(click.ClickException):
    """A scripted reply that cannot be used (exit 2, naming the line)."""
    exit_code = 2


class Replies:
    """Replies to prompts, one at a time."""

    scripted = False

    def __init__(self, console: Console):
        self.console = console
        self.where = "input"

    def ask(self, prompt: str) -> Optional[str]:
        raise NotImplementedError

    def problem(self, message: str) -> None:
        """A reply that cannot be used: say so; a script stops (exit 2)."""
        raise NotImplementedError


class TerminalReplies(Replies):
    """A person typing: a bad reply is explained and the prompt repeated."""

    def ask(self, prompt: str) -> Optional[str]:
        try:
            return self.console.input(prompt)
        except EOFError:
            self.console.print()
            return None
        except KeyboardInterrupt:
            raise click.Abort() from None

    def problem(self, message: str) -> None:
        self.console.print(f"  {message}", soft_wrap=True)


class ScriptedReplies(Replies):
    """Replies read from lines; a bad one stops the script with its line number."""

    scripted = True

    def __init__(self, console: Console, lines: list[str], source: str):
        super().__init__(console)
        self.source = source
        self._lines = [(number, line.strip()) for number, line in enumerate(lines, start=1)
                       if line.strip() and not line.lstrip().startswith("#")]
        self._next = 0
        self.line: Optional[int] = None

    def ask(self, prompt: str) -> Optional[str]:
        if self._next >= len(self._lines):
            self.console.print(f"{prompt}(end of {self.source})", soft_wrap=True)
            return None
        self.line, reply = self._lines[self._next]
        self._next += 1
        self.console.print(f"{prompt}{reply}", soft_wrap=True)
        return reply

    def problem(self, message: str) -> None:
        raise ScriptError(f"{self.source}, line {self.line}: {message}")


def open_replies(console: Console, answers: Optional[str]) -> Replies:
    """Replies from ``answers`` (a file, or '-' for stdin), from piped stdin,
    or from the person at the terminal."""
    from expert.cli import UsageProblem

    if answers is not None and answers != "-":
        path = Path(answers)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise UsageProblem(f"--answers: no such file: {path}") from None
        except (IsADirectoryError, UnicodeDecodeError, OSError) as error:
            raise UsageProblem(f"--answers: cannot read {path}: {error}") from None
        return ScriptedReplies(console, text.splitlines(), str(path))
    if answers == "-" or not sys.stdin.isatty():
        return ScriptedReplies(console, sys.stdin.read().splitlines(), "stdin")
    return TerminalReplies(console)


def check_writable(option: str, path: Optional[str]) -> None:
    """Refuse an output path whose directory does not exist before any work
    is done (the file itself is written whole at the end)."""
    if path is None or path == "-":
        return
    parent = Path(path).parent
    if not parent.exists():
        from expert.cli import UsageProblem

        raise UsageProblem(f"{option}: cannot write {path}: directory {parent} does not exist")
    if Path(path).is_dir():
        from expert.cli import UsageProblem

        raise UsageProblem(f"{option}: {path} is a directory")
