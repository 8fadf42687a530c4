"""Explanations computed from the trace and from the rules themselves.

``expert.explain(presentation)`` returns an ``Explanation`` with ``.how(id)``,
``.why_not(id)``, ``.certainty(id)``, ``.what_if()``, ``.questions()`` and
``.report(format)``. The modules here are the parts: ``how``, ``why_not``,
``certainty``, ``what_if`` (with ``scenarios`` to present it and ``screen``
to skip runs that cannot matter).
"""
import sys
import types


class _ExplainModule(types.ModuleType):
    """This package, callable: ``expert.explain(presentation)``. (A module's
    class may be set to a ModuleType subclass; see the Python data model,
    "Customizing module attribute access".)"""

    def __call__(self, presentation, kb=None):
        # Imported on the first call, so that importing one part (``how``)
        # does not load every other.
        from expert.explain.explanation import Explanation

        return Explanation(presentation, kb)


sys.modules[__name__].__class__ = _ExplainModule
