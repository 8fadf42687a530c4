"""The ``legwise`` console script's entry point, light enough to catch Ctrl-C.

Python turns Ctrl-C into ``KeyboardInterrupt`` wherever the program happens
to be, start-up imports included. The command line's modules (click, rich,
pydantic, experta, the knowledge base) are therefore imported here inside the
``try``, so that an interrupt at any moment ends with one line on stderr and
exit code 130, never a traceback. Files are written whole or not at all
(``expert.cli.output``), so an interrupt leaves no partial file.
"""
import signal
import sys

INTERRUPTED = 130  # 128 + SIGINT, as shells report it


def run() -> None:
    try:
        # Imported here, not at the top: an interrupt during these imports
        # must land in this ``try`` (see the module docstring).
        from expert.cli import main

        code = main()
    except KeyboardInterrupt:
        code = INTERRUPTED
        try:
            print("legwise: interrupted", file=sys.stderr)
        except (KeyboardInterrupt, OSError):
            pass
    # The work is done (or abandoned): an interrupt while the interpreter shuts
    # down, when Python has put back the default handler, would kill the
    # process with the signal instead of the exit code decided here.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    sys.exit(code)
