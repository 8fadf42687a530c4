"""Explanations computed from the trace and from the rules themselves.

``expert.explain(presentation)`` (a plain function) returns an
``Explanation`` with ``.how(id)``, ``.why_not(id)``, ``.certainty(id)``,
``.what_if()``, ``.questions()`` and ``.report(format)``. The modules here are the parts: ``how``, ``why_not``,
``certainty``, ``what_if`` (with ``scenarios`` to present it and ``screen``
to skip runs that cannot matter).
"""
