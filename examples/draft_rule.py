"""A draft rule to try before it joins rules/mechanical.py.

    legwise assess CASE --rules examples/draft_rule.py
    legwise cases --rules examples/draft_rule.py

A draft is written exactly as the rules/ modules are, and checked as they
are: ids from the vocabulary, a passage quoted verbatim from a source
document, a rule layer it may read from.
"""
from expert.dsl import present, rule, supports
from rules.sources import LEG_BUCKLING

RULES = [
    rule(
        id="draft.meniscus.locking_with_swelling",
        title="Locking with swelling",
        cites=LEG_BUCKLING.quote("This mechanical obstruction is often accompanied by pain and swelling"),
        rationale="A knee that locks and swells together points more firmly at a torn meniscus "
                  "than either finding alone.",
        when=[present("knee_locking"), present("knee_swelling")],
        then=supports("meniscal_tear", 0.3),
    ),
]
