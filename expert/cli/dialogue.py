"""Where a conversation's replies come from: a person at a terminal, or a
script (``--answers FILE`` or piped stdin), one reply per line.

A scripted reply is echoed after its prompt so the output reads as a
transcript. Blank lines and lines starting with ``#`` in a script are
skipped. The end of the script, or end of input at a terminal, ends the
conversation gracefully (``ask`` returns None).

Nothing from the user or from a case file is written raw: every echoed reply,
every problem message and every line of the consult and quiz transcripts
goes through ``shown`` (``expert.report.escape.visible``), so a control
character or escape sequence (``ESC[2J``, an OSC 8 link, BEL) is shown as a
visible ``\\xNN`` escape. The console is made with ``markup=False``, so rich
markup typed by a user is printed as typed.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import click
from rich.console import Console
from rich.text import Text

from expert.cli import UsageProblem
from expert.report.escape import visible
from facts.reading import InvalidPresentation, read_bounded


def shown(item):
    """A transcript item (str or rich Text) with its control characters made visible."""
    if isinstance(item, Text):
        plain = visible(item.plain)
        if plain == item.plain:
            return item
        return Text(plain, style=item.style, justify=item.justify, no_wrap=item.no_wrap, end=item.end)
    return visible(item)


def say(out: Console, *items) -> None:
    """Print transcript items unwrapped (the terminal wraps them; a file keeps
    whole lines), control characters made visible."""
    out.print(*(shown(item) for item in items), soft_wrap=True)


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
        say(self.console, f"  {message}")


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
            say(self.console, f"{prompt}(end of {self.source})")
            return None
        self.line, reply = self._lines[self._next]
        self._next += 1
        say(self.console, f"{prompt}{reply}")
        return reply

    def problem(self, message: str) -> None:
        raise ScriptError(visible(f"{self.source}, line {self.line}: {message}"))


def open_replies(console: Console, answers: Optional[str]) -> Replies:
    """Replies from ``answers`` (a file, or '-' for stdin), from piped stdin,
    or from the person at the terminal."""
    if answers is not None or not sys.stdin.isatty():
        source = answers if answers is not None else "-"
        try:  # bounded, as every input is (facts.reading)
            text = read_bounded(source)
        except InvalidPresentation as error:
            raise UsageProblem(f"--answers: {source}: {'; '.join(error.problems)}") from None
        return ScriptedReplies(console, text.splitlines(), source if source != "-" else "stdin")
    return TerminalReplies(console)


def check_writable(option: str, path: Optional[str]) -> None:
    """Refuse an output path whose directory does not exist before any work
    is done (the file itself is written whole at the end)."""
    if path is None or path == "-":
        return
    parent = Path(path).parent
    if not parent.exists():
        raise UsageProblem(f"{option}: cannot write {path}: directory {parent} does not exist")
    if Path(path).is_dir():
        raise UsageProblem(f"{option}: {path} is a directory")
