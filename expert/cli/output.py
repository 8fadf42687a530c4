"""Writing command output: to stdout, or to a file written whole or not at all."""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from rich.console import Console


def console(file=None) -> Console:
    """A rich console for terminal text; plain (no colour codes) when piped."""
    return Console(file=file or sys.stdout, highlight=False, soft_wrap=False, markup=False, emoji=False)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def emit(text: str, path: str | Path | None = None) -> None:
    """Print ``text``, or write it to ``path`` atomically (temp file, rename)."""
    if path is None or str(path) == "-":
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    target = Path(path)
    if target.parent and not target.parent.exists():
        from expert.cli import UsageProblem

        raise UsageProblem(f"cannot write {target}: directory {target.parent} does not exist")
    handle, temporary = tempfile.mkstemp(dir=target.parent or ".", prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        # mkstemp creates the file owner-only; give it the mode a plain open()
        # would have, since reports and cases are made to be shared.
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
