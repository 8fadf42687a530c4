"""experta on Python 3.10+: the one place that makes it importable and quiet.

experta 1.9.4 (its last release) pins ``frozendict==1.2``, whose
``class frozendict(collections.Mapping)`` fails on Python 3.10 and newer,
where the ABC aliases left ``collections`` for ``collections.abc``. We keep the
pin (so ``pip check`` stays clean) and give ``collections`` back the one alias
frozendict 1.2 reads, before frozendict is first imported. Nothing of experta is
copied or patched.

experta also calls ``logging.basicConfig()`` when imported, which would give
every program that imports legwise a root log handler it never asked for. We
undo exactly what that import added and give experta's loggers a
``NullHandler``, as a library should.

Every module of legwise that needs experta imports it from here::

    from expert.compat import experta
"""
from __future__ import annotations

import collections
import collections.abc
import logging


def _import_experta():
    if not hasattr(collections, "Mapping"):
        # frozendict 1.2 subclasses collections.Mapping.
        collections.Mapping = collections.abc.Mapping  # type: ignore[attr-defined]
    root = logging.getLogger()
    handlers_before = list(root.handlers)
    import experta as _experta  # noqa: WPS433 (the import this module exists for)

    for handler in list(root.handlers):
        if handler not in handlers_before:
            root.removeHandler(handler)
    logging.getLogger("experta").addHandler(logging.NullHandler())
    return _experta


experta = _import_experta()

__all__ = ["experta"]
