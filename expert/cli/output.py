"""Writing command output: to stdout, or to a file written whole or not at all.

A file is written to a temporary file beside it and renamed over the target,
so no reader ever sees half of it. The rename would sidestep the target's
permissions, so they are checked first: a read-only file, or a directory
that is not writable, is refused as the user asked, even for root (whom the
permission bits do not stop), with exit code 2.
"""
from __future__ import annotations

import os
import stat
import sys
import tempfile
from pathlib import Path

import click
from rich.console import Console


class OutputRefused(click.ClickException):
    """The output file cannot be written as asked; exit code 2."""
    exit_code = 2

    def show(self, file=None) -> None:
        click.echo(f"legwise: error: {self.format_message()}", file=file or sys.stderr)


def _writable(path: Path) -> bool:
    """Writable by this user, and not marked read-only by its owner (the
    permission bits are the user's word even where root could ignore them)."""
    return os.access(path, os.W_OK) and bool(path.stat().st_mode & stat.S_IWUSR)


def console(file=None) -> Console:
    """A rich console for terminal text; plain (no colour codes) when piped."""
    return Console(file=file or sys.stdout, highlight=False, soft_wrap=False, markup=False, emoji=False)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def check_output_path(path: str | Path) -> tuple[Path, Path]:
    """The target file and its folder, once it is sure the file can be
    written as asked (``OutputRefused`` otherwise)."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise OutputRefused(f"cannot write {target}: directory {folder} does not exist")
    if target.is_dir():
        raise OutputRefused(f"cannot write {target}: it is a directory; give a file name")
    if target.exists() and not _writable(target):
        raise OutputRefused(f"cannot write {target}: the file is read-only; "
                            "choose another file or make it writable")
    if not _writable(folder):
        raise OutputRefused(f"cannot write {target}: directory {folder} is not writable; choose another directory")
    return target, folder


def emit(text: str, path: str | Path | None = None) -> None:
    """Print ``text``, or write it to ``path`` atomically (temp file, rename)."""
    if path is None or str(path) == "-":
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    target, folder = check_output_path(path)
    # An existing file keeps its mode; a new one gets what a plain open() would
    # give (mkstemp makes it owner-only), since reports and cases are shared.
    mode = stat.S_IMODE(target.stat().st_mode) if target.exists() else 0o666 & ~_umask()
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as error:
        raise OutputRefused(f"cannot write {target}: {error.strerror or error}") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise OutputRefused(f"cannot write {target}: {error.strerror or error}") from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
