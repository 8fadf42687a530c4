"""experta on Python 3.10+: the one place that imports it, importable and quiet.

experta 1.9.4 (its last release) pins ``frozendict==1.2``, whose
``class frozendict(collections.Mapping)`` fails on Python 3.10 and newer,
where the ABC aliases left ``collections`` for ``collections.abc``. We keep the
pin (so ``pip check`` stays clean) and give ``collections`` the one alias
frozendict 1.2 reads, only while experta imports it: frozendict reads
``collections.Mapping`` once, to define its class, so the alias is removed
again as soon as the import is done and no other module ever sees it. Nothing
of experta is copied or patched.

The rest of ``expert.engine`` reaches into experta's internals (its RETE
nodes, ``Rule._wrapped``, the agenda, ``Field``); ``EXPERTA_VERSION`` is the
release they were written against, pinned in ``setup.cfg`` and checked by a
test.

experta also calls ``logging.basicConfig()`` when imported, which would give
every program that imports legwise a root log handler it never asked for. We
undo exactly what that import added and give experta's loggers a
``NullHandler``, as a library should.

Every module of ``expert.engine`` that needs experta imports it from here::

    from expert.engine.experta_import import experta
"""
from __future__ import annotations

import collections
import collections.abc
import logging


EXPERTA_VERSION = "1.9.4"


def _import_experta():
    aliased = not hasattr(collections, "Mapping")
    if aliased:
        # frozendict 1.2 subclasses collections.Mapping.
        collections.Mapping = collections.abc.Mapping  # type: ignore[attr-defined]
    root = logging.getLogger()
    handlers_before = list(root.handlers)
    try:
        import experta as _experta  # noqa: WPS433 (the import this module exists for)
    finally:
        if aliased:
            del collections.Mapping  # type: ignore[attr-defined]
    for handler in list(root.handlers):
        if handler not in handlers_before:
            root.removeHandler(handler)
    logging.getLogger("experta").addHandler(logging.NullHandler())
    return _experta


experta = _import_experta()

__all__ = ["EXPERTA_VERSION", "experta"]
