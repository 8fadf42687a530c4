"""The engine: legwise's backend on experta, and the one place that uses it.

Everything that knows experta lives in this package, and nothing outside it
imports experta:

* ``experta_import``: imports experta on Python 3.10+ (the frozendict alias,
  quiet logging) and pins the version the rest was written against;
* ``working_memory``: the experta fact classes rules match and assert;
* ``compiler``: the rule language (``expert.dsl``, plain data) compiled to
  experta conditional elements, facts and rules;
* ``fast_matcher``: the matcher behind ``__matcher__``, each rule compiled
  to joins over indexed working memory, firing exactly as experta's RETE;
* ``matcher``: experta's RETE matcher with an indexed alpha network (the
  fallback for a rule form the compiled matcher does not take);
* ``core``: the traced engine (a ``KnowledgeEngine`` subclass), its
  conflict resolution (``__strategy__``), the machinery rules and
  ``build_engine_class``.

The package itself imports nothing, so that reading a fact class does not
load the engine.
"""
